"""Example contexts for every template, from seed 004 (Kế hoạch 117/KH-LĐLĐ, LĐLĐ tỉnh Lai Châu).

Each function returns a fresh dict of plain data, so a caller may change it freely. The
contexts show what the services pass: names as written, lists of paragraphs, numbers as
int/Decimal, dates as ``date``/``datetime``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from docgen.vietnamese import document_reference, signature_block

PARENT = "Tổng Liên đoàn Lao động Việt Nam"
ISSUER = "Liên đoàn Lao động tỉnh Lai Châu"
PLACE = "Lai Châu"
CAMPAIGN = "“Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”"
CHAIR = signature_block("Nguyễn Thị Thiện", "Chủ tịch", ("TM.", "Ban Thường vụ"))
DEPUTY = signature_block("Lê Văn Hòa", "Phó Chủ tịch", ("KT.", "Chủ tịch"))
# Base salary from 01/07/2024 (LEGAL.md); prize money is coefficient × base, rounded up.
COLLECTIVE_PRIZE = Decimal(7_020_000)  # 3,0 × 2.340.000
INDIVIDUAL_PRIZE = Decimal(3_510_000)  # 1,5 × 2.340.000


def ke_hoach() -> dict[str, Any]:
    """Return the context of Kế hoạch 117/KH-LĐLĐ (seed 004), shortened but faithful."""
    return {
        "parent_agency": PARENT,
        "issuer": ISSUER,
        "number": document_reference(117, "KH", "LĐLĐ"),
        "place": PLACE,
        "issued_on": date(2019, 9, 13),
        "title": f"Thực hiện phong trào thi đua {CAMPAIGN} giai đoạn 2019-2025",
        "basis": [
            "Thực hiện Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ phê "
            "duyệt Đề án văn hóa công vụ; Quyết định số 733/QĐ-TTg ngày 14/6/2019 của Thủ tướng "
            f"Chính phủ ban hành Kế hoạch tổ chức thực hiện phong trào thi đua {CAMPAIGN} "
            "giai đoạn 2019-2025",
            "Căn cứ Kế hoạch số 1768/KH-UBND ngày 21/8/2019 của Ủy ban nhân dân tỉnh về việc tổ "
            "chức thực hiện phong trào thi đua “Cán bộ, công chức, viên chức tỉnh Lai Châu thi "
            "đua thực hiện văn hóa công sở” giai đoạn 2019-2025",
        ],
        "intro": [
            "Hưởng ứng phong trào thi đua do Chủ tịch Ủy ban nhân dân tỉnh phát động và thiết "
            "thực kỷ niệm 110 năm ngày thành lập tỉnh, 90 năm ngày thành lập Công đoàn Việt "
            "Nam, Ban Thường vụ Liên đoàn Lao động tỉnh ban hành Kế hoạch tổ chức thực hiện "
            "phong trào thi đua trong cán bộ, công chức, viên chức, đoàn viên công đoàn với "
            "nội dung chủ yếu như sau:",
        ],
        "purpose": [
            {"text": "1. Mục đích", "style": "bold"},
            "- Tạo sự chuyển biến mạnh mẽ về ý thức và hành động; nâng cao đạo đức công vụ, "
            "đạo đức nghề nghiệp của cán bộ, công chức, viên chức; tăng cường kỷ cương, kỷ "
            "luật hành chính; phòng, chống tham nhũng, thực hành tiết kiệm, chống lãng phí.",
            "- Phát hiện, biểu dương, khen thưởng kịp thời các tập thể, cá nhân có thành tích "
            "tiêu biểu xuất sắc để tuyên truyền, phổ biến và nhân rộng.",
            {"text": "2. Yêu cầu", "style": "bold"},
            "- Phong trào thi đua phải được triển khai sâu rộng, với nội dung, hình thức phong "
            "phú, thiết thực, có tiêu chí rõ ràng, cụ thể, phù hợp quy định của từng cơ quan, "
            "đơn vị.",
        ],
        "scope": [
            {"text": "1. Đối tượng", "style": "bold"},
            {"label": "- Tập thể:", "text": "Các Công đoàn cơ sở trực thuộc Liên đoàn Lao động "
             "tỉnh."},
            {"label": "- Cá nhân:", "text": "Cán bộ, công chức, viên chức là đoàn viên công "
             "đoàn."},
            {"text": "2. Nội dung thi đua", "style": "bold"},
            {"text": "a) Đối với tập thể: “Thi đua xây dựng cơ quan, đơn vị văn minh, hiện đại, "
             "xanh, sạch, đẹp”.", "style": "italic"},
            {"text": "b) Đối với cán bộ, công chức, viên chức: “Thi đua thực hiện kỷ cương, "
             "trách nhiệm, tận tụy, chuyên nghiệp” hết lòng phục vụ nhân dân.",
             "style": "italic"},
        ],
        "criteria_intro": [
            "Kết quả thực hiện được chấm điểm theo thang điểm 100: tập thể chấm hằng tháng, cá "
            "nhân chấm hằng tuần; xếp loại Hoàn thành xuất sắc từ 90 điểm, Hoàn thành tốt từ 70 "
            "điểm (cá nhân: 75 điểm), Hoàn thành từ 50 điểm.",
        ],
        "criteria": [
            {
                "subject": "1. Đối với tập thể",
                "rows": [
                    {"name": "Ban hành và thực hiện các quy định về văn hóa công sở",
                     "max_points": 35},
                    {"name": "Đẩy mạnh cải cách hành chính, công khai, minh bạch, ứng dụng công "
                             "nghệ thông tin", "max_points": 30},
                    {"name": "Xây dựng cơ quan, đơn vị văn minh, hiện đại, xanh, sạch, đẹp",
                     "max_points": 25},
                    {"name": "Kịp thời biểu dương, khen thưởng cán bộ có thành tích trong thực "
                             "hiện văn hóa công vụ", "max_points": 10},
                ],
            },
            {
                "subject": "2. Đối với cán bộ, công chức, viên chức",
                "rows": [
                    {"name": "Chấp hành nghiêm túc kỷ cương, kỷ luật hành chính",
                     "max_points": 20},
                    {"name": "Chuyên nghiệp về chuyên môn, nghiệp vụ", "max_points": 15},
                    {"name": "Tinh thần, thái độ làm việc tận tụy, nghiêm túc, trách nhiệm",
                     "max_points": 15},
                    {"name": "Chuẩn mực trong giao tiếp, ứng xử", "max_points": 15},
                    {"name": "Tu dưỡng, rèn luyện chuẩn mực về đạo đức, lối sống",
                     "max_points": 15},
                    {"name": "Trang phục gọn gàng, sạch sẽ, lịch sự, phù hợp với tính chất "
                             "công việc", "max_points": 10},
                    {"name": "Tích cực tham gia các phong trào thi đua yêu nước",
                     "max_points": 10},
                ],
            },
        ],
        "award_forms": [
            "- Liên đoàn Lao động tỉnh xem xét tặng Bằng khen kèm theo tiền thưởng cho các tập "
            "thể, cá nhân có thành tích tiêu biểu trong thực hiện phong trào thi đua.",
            "- Liên đoàn Lao động huyện, thành phố, công đoàn ngành, Công đoàn Viên chức tỉnh "
            "tặng Giấy khen cho các tập thể, cá nhân có thành tích trong phong trào thi đua.",
        ],
        "quotas": [
            {"award": "Bằng khen của Ban Thường vụ Liên đoàn Lao động tỉnh", "subject": "Tập thể",
             "max": 10, "reserved": [{"sector": "các CĐCS ngành giáo dục", "max": 4}]},
            {"award": "Bằng khen của Ban Thường vụ Liên đoàn Lao động tỉnh", "subject": "Cá nhân",
             "max": 15, "reserved": [{"sector": "các CĐCS ngành giáo dục", "max": 6}]},
        ],
        "quota_notes": [
            "Số lượng Bằng khen không quá 10 Bằng khen cho tập thể và 15 Bằng khen cho cá nhân "
            "(trong đó có 4 Bằng khen cho tập thể và 6 Bằng khen cho cá nhân dành cho các CĐCS "
            "thuộc ngành giáo dục).",
        ],
        "implementation": [
            "1. Liên đoàn Lao động huyện, thành phố, công đoàn ngành, Công đoàn Viên chức tỉnh "
            "căn cứ Kế hoạch và điều kiện cụ thể của địa phương, đơn vị xây dựng kế hoạch và tổ "
            "chức triển khai thực hiện; định kỳ hằng năm báo cáo và bình xét những tập thể, cá "
            "nhân tiêu biểu về Liên đoàn Lao động tỉnh.",
            "2. Ban Công tác cơ sở chủ trì, phối hợp với các ban Liên đoàn Lao động tỉnh tham "
            "mưu Ban Thường vụ, Hội đồng Thi đua - Khen thưởng đôn đốc, hướng dẫn, kiểm tra, "
            "giám sát việc tổ chức thực hiện phong trào thi đua.",
        ],
        "closing": [
            "Trên đây là Kế hoạch thực hiện phong trào thi đua; Ban Thường vụ Liên đoàn Lao "
            "động tỉnh đề nghị các cấp công đoàn nghiêm túc triển khai thực hiện, định kỳ 6 "
            "tháng, 1 năm báo cáo kết quả về Liên đoàn Lao động tỉnh (qua Ban Công tác cơ sở)./.",
        ],
        "recipients": [
            "Thường trực Tỉnh ủy, UBND tỉnh (b/c)",
            "Đoàn Chủ tịch TLĐ (b/c)",
            "Ban Dân vận Tỉnh ủy",
            "Ban Thi đua - Khen thưởng tỉnh",
            "LĐLĐ huyện, thành phố, CĐN",
            "Các ban LĐLĐ tỉnh",
        ],
        "archive": "VT, CTCS",
        "signature": CHAIR,
    }


AWARDEES = [
    ("Công đoàn Trường THPT chuyên Lê Quý Đôn", "Công đoàn ngành Giáo dục", True),
    ("Công đoàn Bệnh viện Đa khoa tỉnh Lai Châu", "Công đoàn ngành Y tế", True),
    ("Công đoàn Sở Tài chính", "Công đoàn Viên chức tỉnh", True),
    ("Bà Nguyễn Thị Thu Hà", "Chủ tịch Công đoàn Trường THPT chuyên Lê Quý Đôn", False),
    ("Ông Lê Văn Thắng", "Hiệu trưởng Trường THPT Bình Lư", False),
    ("Bà Trịnh Thị Thanh Tâm", "Bác sĩ, Bệnh viện Đa khoa tỉnh Lai Châu", False),
    ("Ông Hà Văn Khánh", "Trưởng phòng, Sở Nội vụ", False),
]


def awardee(name: str, unit: str, collective: bool) -> dict[str, Any]:
    """Return one row of the appendix of a Quyết định khen thưởng."""
    return {
        "name": name,
        "unit": unit,
        "award": "Bằng khen",
        "amount": COLLECTIVE_PRIZE if collective else INDIVIDUAL_PRIZE,
    }


def quyet_dinh_khen_thuong() -> dict[str, Any]:
    """Return the context of a Quyết định tặng Bằng khen at the end of the campaign."""
    return {
        "parent_agency": PARENT,
        "issuer": ISSUER,
        "number": document_reference(5, "QĐ", "LĐLĐ"),
        "place": PLACE,
        "issued_on": date(2026, 1, 5),
        "title": f"Về việc tặng Bằng khen cho các tập thể, cá nhân có thành tích tiêu biểu "
                 f"trong phong trào thi đua {CAMPAIGN} giai đoạn 2019-2025",
        "authority": "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu",
        "basis": [
            "Căn cứ Luật Công đoàn ngày 27 tháng 11 năm 2024",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của Ban Thường vụ Liên đoàn Lao động "
            f"tỉnh về thực hiện phong trào thi đua {CAMPAIGN} giai đoạn 2019-2025",
            "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Liên đoàn Lao động tỉnh tại Biên bản "
            "số 02/BB-HĐTĐKT ngày 29/12/2025",
        ],
        "award_text": "Tặng Bằng khen của Ban Thường vụ Liên đoàn Lao động tỉnh cho 03 tập thể "
                      "và 04 cá nhân (có danh sách kèm theo) đã có thành tích tiêu biểu trong "
                      f"phong trào thi đua {CAMPAIGN} giai đoạn 2019-2025",
        "money_basis": "Quy chế khen thưởng của tổ chức Công đoàn",
        "fund_source": "nguồn tài chính công đoàn của Liên đoàn Lao động tỉnh năm 2026",
        "enforcement_text": "Chánh Văn phòng, Trưởng Ban Công tác cơ sở Liên đoàn Lao động "
                            "tỉnh và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
                            "thi hành Quyết định này",
        "recipients": [
            "Như Điều 3",
            "Thường trực LĐLĐ tỉnh",
            "Ban Thi đua - Khen thưởng tỉnh",
        ],
        "archive": "VT, CTCS",
        "signature": CHAIR,
        "appendix_title": "Danh sách tập thể, cá nhân được tặng Bằng khen",
        "appendix_issuer": "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu",
        "subjects_header": "Tập thể, cá nhân",
        "awardees": [awardee(*row) for row in AWARDEES],
    }


def to_trinh() -> dict[str, Any]:
    """Return the context of a Tờ trình asking the Tổng Liên đoàn for Bằng khen."""
    return {
        "parent_agency": PARENT,
        "issuer": ISSUER,
        "number": document_reference(9, "TTr", "LĐLĐ"),
        "place": PLACE,
        "issued_on": date(2026, 2, 2),
        "title": "Về việc đề nghị tặng Bằng khen của Ban Chấp hành Tổng Liên đoàn Lao động Việt "
                 f"Nam cho tập thể, cá nhân tiêu biểu trong phong trào thi đua {CAMPAIGN}",
        "addressee": "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam",
        "basis": [
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng Liên đoàn Lao động tỉnh ngày "
            "29/12/2025",
        ],
        "intro": [
            "Qua 06 năm thực hiện phong trào thi đua, các cấp công đoàn tỉnh Lai Châu đã "
            "triển khai sâu rộng, thiết thực; nhiều tập thể, cá nhân có thành tích tiêu biểu, "
            "được đồng nghiệp và nhân dân ghi nhận.",
            "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu kính đề nghị Đoàn Chủ tịch Tổng "
            "Liên đoàn Lao động Việt Nam xem xét, tặng Bằng khen cho 01 tập thể và 02 cá nhân "
            "sau:",
        ],
        "nominees": [
            {"name": "Công đoàn Trường THPT chuyên Lê Quý Đôn",
             "unit": "Công đoàn ngành Giáo dục tỉnh Lai Châu",
             "award": "Bằng khen của Ban Chấp hành Tổng Liên đoàn",
             "summary": "06 năm liền dẫn đầu khối thi đua; 100% đoàn viên thực hiện tốt quy "
                        "chế văn hóa công sở."},
            {"name": "Bà Nguyễn Thị Thu Hà",
             "unit": "Chủ tịch Công đoàn Trường THPT chuyên Lê Quý Đôn",
             "award": "Bằng khen của Ban Chấp hành Tổng Liên đoàn",
             "summary": "Chủ tịch công đoàn cơ sở tiêu biểu; sáng kiến “Tủ sách công đoàn”."},
            {"name": "Ông Nguyễn Văn Dũng",
             "unit": "Chủ tịch Công đoàn Bệnh viện Đa khoa tỉnh Lai Châu",
             "award": "Bằng khen của Ban Chấp hành Tổng Liên đoàn",
             "summary": "Vận động đoàn viên thực hiện “4 xin, 4 luôn”; không có đơn thư phản "
                        "ánh về thái độ phục vụ."},
        ],
        "subjects_header": "Tập thể, cá nhân",
        "closing": [
            "(Có hồ sơ, báo cáo thành tích và biên bản họp Hội đồng kèm theo).",
            "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu kính trình Đoàn Chủ tịch Tổng Liên "
            "đoàn Lao động Việt Nam xem xét, quyết định./.",
        ],
        "recipients": ["Như trên", "Ban Thi đua - Khen thưởng tỉnh"],
        "archive": "VT, CTCS",
        "signature": CHAIR,
    }


def bien_ban_hop_hoi_dong() -> dict[str, Any]:
    """Return the context of the Biên bản of the council meeting that chose the awardees."""
    return {
        "parent_agency": ISSUER,
        "issuer": "Hội đồng Thi đua - Khen thưởng",
        "number": document_reference(2, "BB", "HĐTĐKT"),
        "title": "Họp Hội đồng Thi đua - Khen thưởng xét đề nghị khen thưởng tổng kết phong "
                 f"trào thi đua {CAMPAIGN} giai đoạn 2019-2025",
        "meeting": {
            "start": datetime(2025, 12, 29, 8, 30),
            "end": datetime(2025, 12, 29, 11, 0),
            "place": "Phòng họp tầng 2, trụ sở Liên đoàn Lao động tỉnh Lai Châu",
        },
        "chair": {"name": "Nguyễn Thị Thiện",
                  "position": "Chủ tịch Liên đoàn Lao động tỉnh, Chủ tịch Hội đồng"},
        "secretary": {"name": "Lò Thị Hiên",
                      "position": "Phó Trưởng Ban Công tác cơ sở, Thư ký Hội đồng"},
        "attendance": {"total": 9, "present": 7, "absent": 2, "written_opinions": 2},
        "attendance_text": "Tổng số thành viên Hội đồng: 9; có mặt 7/9 thành viên, đủ điều "
                           "kiện theo quy định (tối thiểu 2/3); vắng mặt: 02 (có ý kiến bằng "
                           "văn bản: 02)",
        "attendees": [
            "- Có mặt: 07 thành viên Hội đồng (có danh sách ký tên kèm theo).",
            "- Vắng mặt: Ông Hà Văn Khánh (đi công tác), Bà Mai Thị Thu Trang (nghỉ phép); cả "
            "hai thành viên đã gửi ý kiến bằng văn bản.",
        ],
        "content": [
            "Thư ký Hội đồng báo cáo tổng hợp kết quả chấm điểm hằng tháng của các tập thể và "
            "hằng tuần của các cá nhân; đối chiếu tiêu chuẩn và số lượng khen thưởng tại mục IV "
            "Kế hoạch số 117/KH-LĐLĐ.",
            "Hội đồng thảo luận, bỏ phiếu kín đối với từng trường hợp; phiếu ý kiến bằng văn "
            "bản của thành viên vắng mặt được tính vào kết quả.",
        ],
        "vote_rules": ["- Bằng khen: bỏ phiếu kín; đạt khi có từ 80 % tổng số thành viên Hội "
                       "đồng đồng ý."],
        "vote_method": "bỏ phiếu kín",
        "votes": [
            {"name": "Công đoàn Trường THPT chuyên Lê Quý Đôn", "award": "Bằng khen",
             "yes": 9, "no": 0, "percent": "100,00 %", "result": "Đạt"},
            {"name": "Công đoàn Bệnh viện Đa khoa tỉnh Lai Châu", "award": "Bằng khen",
             "yes": 8, "no": 1, "percent": "88,89 %", "result": "Đạt"},
            {"name": "Công đoàn Sở Tài chính", "award": "Bằng khen", "yes": 8, "no": 1,
             "percent": "88,89 %", "result": "Đạt"},
            {"name": "Bà Nguyễn Thị Thu Hà", "award": "Bằng khen", "yes": 9, "no": 0,
             "percent": "100,00 %", "result": "Đạt"},
            {"name": "Ông Vũ Văn Nam", "award": "Bằng khen", "yes": 6, "no": 3,
             "percent": "66,67 %", "result": "Không đạt"},
        ],
        "conclusion": [
            "Hội đồng thống nhất đề nghị Ban Thường vụ Liên đoàn Lao động tỉnh tặng Bằng khen "
            "cho 03 tập thể và 04 cá nhân đạt tỷ lệ phiếu đồng ý theo quy định; số lượng đề "
            "nghị không vượt quá số lượng tại Kế hoạch số 117/KH-LĐLĐ.",
        ],
        "recipients": ["Ban Thường vụ LĐLĐ tỉnh", "Thành viên Hội đồng"],
        "archive": "VT, HĐTĐKT",
    }


def bao_cao_dien_hinh() -> dict[str, Any]:
    """Return the context of a monthly report of exemplars (điển hình tiên tiến)."""
    return {
        "parent_agency": PARENT,
        "issuer": ISSUER,
        "number": document_reference(12, "BC", "LĐLĐ"),
        "place": PLACE,
        "issued_on": date(2020, 2, 20),
        "title": "Danh sách điển hình tiên tiến tháng 01 năm 2020 trong phong trào thi đua "
                 f"{CAMPAIGN}",
        "basis": [
            "Thực hiện Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của Ban Thường vụ Liên đoàn Lao "
            "động tỉnh về thực hiện phong trào thi đua giai đoạn 2019-2025",
        ],
        "intro": [
            "Trên cơ sở kết quả chấm điểm tháng 01 năm 2020 và đề nghị của các công đoàn ngành, "
            "Liên đoàn Lao động huyện, thành phố, Liên đoàn Lao động tỉnh báo cáo danh sách "
            "các tập thể, cá nhân điển hình tiên tiến như sau:",
        ],
        "subjects_header": "Tập thể, cá nhân",
        "exemplars": [
            {"name": "Công đoàn Trường THPT chuyên Lê Quý Đôn", "unit": "Công đoàn ngành Giáo "
             "dục", "achievement": "Đạt 96/100 điểm; 100% đoàn viên đeo thẻ công chức, thực "
             "hiện “4 xin, 4 luôn”."},
            {"name": "Bà Trịnh Thị Thanh Tâm", "unit": "Công đoàn Bệnh viện Đa khoa tỉnh Lai "
             "Châu", "achievement": "Đạt 98/100 điểm; được người bệnh gửi thư cảm ơn về thái "
             "độ phục vụ."},
            {"name": "Ông Giàng A Páo", "unit": "Công đoàn Trường Phổ thông Dân tộc nội trú "
             "tỉnh", "achievement": "Đạt 95/100 điểm; vận động học sinh dân tộc thiểu số trở "
             "lại lớp sau Tết."},
        ],
        "proposals": [
            "Đề nghị các cấp công đoàn tuyên truyền, biểu dương các điển hình trên tại các kỳ "
            "giao ban tháng, quý.",
        ],
        "closing": [
            "Liên đoàn Lao động tỉnh báo cáo để Thường trực Tỉnh ủy, Ủy ban nhân dân tỉnh biết, "
            "chỉ đạo./.",
        ],
        "recipients": ["Thường trực Tỉnh ủy (b/c)", "UBND tỉnh (b/c)",
                       "Ban Thi đua - Khen thưởng tỉnh"],
        "archive": "VT, CTCS",
        "signature": DEPUTY,
    }


def bao_cao_tong_ket() -> dict[str, Any]:
    """Return the context of a year's Báo cáo tổng kết công tác thi đua, khen thưởng."""
    return {
        "parent_agency": PARENT,
        "issuer": ISSUER,
        "number": document_reference(45, "BC", "LĐLĐ"),
        "place": PLACE,
        "issued_on": date(2025, 12, 15),
        "title": "Tổng kết công tác thi đua, khen thưởng năm 2025 và phương hướng, nhiệm vụ "
                 "năm 2026",
        "next_year": 2026,
        "intro": ["Thực hiện hướng dẫn của Tổng Liên đoàn Lao động Việt Nam, Liên đoàn Lao động "
                  "tỉnh báo cáo kết quả công tác thi đua, khen thưởng năm 2025 như sau:"],
        "situation": ["Năm 2025, các cấp công đoàn trong tỉnh tiếp tục triển khai các phong "
                      "trào thi đua gắn với nhiệm vụ chính trị của từng đơn vị."],
        "campaign_results": ["Trong năm, Liên đoàn Lao động tỉnh phát động 01 phong trào thi "
                             "đua; 28 tập thể và 40 cá nhân đăng ký thi đua."],
        "campaigns": [{"movement": CAMPAIGN, "number": "117/KH-LĐLĐ", "collectives": 28,
                       "individuals": 40}],
        "leaders_intro": ["Các tập thể, cá nhân dẫn đầu phong trào năm 2025:"],
        "leaders": [
            {"name": "Công đoàn Trường THPT chuyên Lê Quý Đôn",
             "unit": "Công đoàn ngành Giáo dục", "campaign": CAMPAIGN, "score": "96",
             "classification": "Hoàn thành xuất sắc"},
            {"name": "Bà Trịnh Thị Thanh Tâm", "unit": "Công đoàn Bệnh viện Đa khoa tỉnh",
             "campaign": CAMPAIGN, "score": "98", "classification": "Hoàn thành xuất sắc"},
        ],
        "emulation": ["Các phong trào được triển khai đồng bộ, thiết thực."],
        "award_results": ["Năm 2025, Liên đoàn Lao động tỉnh tiếp nhận 12 hồ sơ đề nghị khen "
                          "thưởng và ban hành 02 quyết định khen thưởng cho 05 tập thể và 03 "
                          "cá nhân."],
        "decisions": [
            {"number": "07/QĐ-LĐLĐ ngày 15/01/2025", "award": "Bằng khen của Ban Chấp hành "
             "Liên đoàn Lao động tỉnh Lai Châu", "collectives": 3, "individuals": 2},
            {"number": "12/QĐ-LĐLĐ ngày 20/02/2025", "award": "Giấy khen",
             "collectives": 2, "individuals": 1},
        ],
        "totals": {"collectives": 5, "individuals": 3},
        "commendation": ["Công tác khen thưởng kịp thời, đúng đối tượng."],
        "assessment": [{"label": "Ưu điểm:", "text": "Các phong trào có trọng tâm."},
                       {"label": "Hạn chế:", "text": "Một số đơn vị gửi hồ sơ chậm."}],
        "directions": ["Tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua."],
        "closing": ["Liên đoàn Lao động tỉnh báo cáo để Tổng Liên đoàn Lao động Việt Nam biết, "
                    "chỉ đạo./."],
        "recipients": ["Tổng Liên đoàn Lao động Việt Nam (b/c)", "Thường trực Tỉnh ủy (b/c)"],
        "archive": "VT, CTCS",
        "signature": CHAIR,
    }


EXAMPLES: dict[str, Callable[[], dict[str, Any]]] = {
    "ke_hoach": ke_hoach,
    "quyet_dinh_khen_thuong": quyet_dinh_khen_thuong,
    "to_trinh": to_trinh,
    "bien_ban_hop_hoi_dong": bien_ban_hop_hoi_dong,
    "bao_cao_dien_hinh": bao_cao_dien_hinh,
    "bao_cao_tong_ket": bao_cao_tong_ket,
}


def example_context(name: str) -> dict[str, Any]:
    """Return a fresh example context for the template ``name``."""
    return EXAMPLES[name]()
