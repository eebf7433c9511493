"""Demo data: Kế hoạch 117/KH-LĐLĐ of LĐLĐ tỉnh Lai Châu, loaded through the use cases.

The campaign "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở" (2019-2025)
with the unions of the province, some of their members, registrations, scorecards and
a handful of accounts. Everything derives from ``random.Random(2019)``: the same store
content on every load, independent of the wall clock.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from docgen.examples import ke_hoach
from events import ids
from events.errors import ConflictError, NotFoundError
from events.periods import parse_period
from services.actors import SYSTEM
from services.thidua import Thidua

ROOT_CODE = "LDLD"
CAMPAIGN_CODE = "VHCS-2019"
SEED = 2019

# (code, name, parent code, sector)
UNITS: list[tuple[str, str, str | None, str | None]] = [
    (ROOT_CODE, "Liên đoàn Lao động tỉnh Lai Châu", None, None),
    ("LDLD-TD", "Liên đoàn Lao động huyện Tam Đường", ROOT_CODE, None),
    ("LDLD-PT", "Liên đoàn Lao động huyện Phong Thổ", ROOT_CODE, None),
    ("LDLD-SH", "Liên đoàn Lao động huyện Sìn Hồ", ROOT_CODE, None),
    ("LDLD-MT", "Liên đoàn Lao động huyện Mường Tè", ROOT_CODE, None),
    ("LDLD-THU", "Liên đoàn Lao động huyện Than Uyên", ROOT_CODE, None),
    ("LDLD-TNU", "Liên đoàn Lao động huyện Tân Uyên", ROOT_CODE, None),
    ("LDLD-NN", "Liên đoàn Lao động huyện Nậm Nhùn", ROOT_CODE, None),
    ("LDLD-TP", "Liên đoàn Lao động thành phố Lai Châu", ROOT_CODE, None),
    ("CDN-GD", "Công đoàn ngành Giáo dục", ROOT_CODE, "giao_duc"),
    ("CDN-YT", "Công đoàn ngành Y tế", ROOT_CODE, "y_te"),
    ("CDVC", "Công đoàn Viên chức tỉnh", ROOT_CODE, "hanh_chinh"),
    # Công đoàn cơ sở: the collective subjects of the campaign.
    ("CDCS-THPT-LQD", "Công đoàn Trường THPT chuyên Lê Quý Đôn", "CDN-GD", "giao_duc"),
    ("CDCS-THPT-QT", "Công đoàn Trường THPT Quyết Thắng", "CDN-GD", "giao_duc"),
    ("CDCS-THPT-BL", "Công đoàn Trường THPT Bình Lư", "CDN-GD", "giao_duc"),
    ("CDCS-PTDTNT", "Công đoàn Trường Phổ thông Dân tộc nội trú tỉnh", "CDN-GD", "giao_duc"),
    ("CDCS-CDCD", "Công đoàn Trường Cao đẳng Cộng đồng Lai Châu", "CDN-GD", "giao_duc"),
    ("CDCS-THPT-TU", "Công đoàn Trường THPT Than Uyên", "CDN-GD", "giao_duc"),
    ("CDCS-TH-SH", "Công đoàn Trường Tiểu học thị trấn Sìn Hồ", "LDLD-SH", "giao_duc"),
    ("CDCS-BVDK", "Công đoàn Bệnh viện Đa khoa tỉnh Lai Châu", "CDN-YT", "y_te"),
    ("CDCS-CDC", "Công đoàn Trung tâm Kiểm soát bệnh tật tỉnh", "CDN-YT", "y_te"),
    ("CDCS-TTYT-PT", "Công đoàn Trung tâm Y tế huyện Phong Thổ", "LDLD-PT", "y_te"),
    ("CDCS-SNV", "Công đoàn Sở Nội vụ", "CDVC", "hanh_chinh"),
    ("CDCS-STC", "Công đoàn Sở Tài chính", "CDVC", "hanh_chinh"),
    ("CDCS-VP-UBND", "Công đoàn Văn phòng Ủy ban nhân dân tỉnh", "CDVC", "hanh_chinh"),
    ("CDCS-UBND-TNU", "Công đoàn cơ quan Ủy ban nhân dân huyện Tân Uyên", "LDLD-TNU",
     "hanh_chinh"),
    ("CDCS-XSKT", "Công đoàn Công ty TNHH MTV Xổ số kiến thiết Lai Châu", "LDLD-TP",
     "doanh_nghiep"),
    ("CDCS-CHE-TU", "Công đoàn Công ty Cổ phần Chè Than Uyên", "LDLD-THU", "doanh_nghiep"),
]
GRASSROOTS = [code for code, *_ in UNITS if code.startswith("CDCS-")]

# (full name, unit code, position, is leader)
PEOPLE: list[tuple[str, str, str, bool]] = [
    ("Nguyễn Thị Thu Hà", "CDCS-THPT-LQD", "Chủ tịch công đoàn cơ sở", True),
    ("Trần Văn Hùng", "CDCS-THPT-LQD", "Giáo viên", False),
    ("Lò Thị Xuân", "CDCS-THPT-LQD", "Giáo viên", False),
    ("Phạm Minh Tuấn", "CDCS-THPT-LQD", "Giáo viên", False),
    ("Đỗ Thị Hương", "CDCS-THPT-QT", "Giáo viên", False),
    ("Vàng A Sử", "CDCS-THPT-QT", "Giáo viên", False),
    ("Lê Văn Thắng", "CDCS-THPT-BL", "Hiệu trưởng", True),
    ("Tẩn Thị Mây", "CDCS-THPT-BL", "Giáo viên", False),
    ("Hoàng Thị Lan", "CDCS-PTDTNT", "Giáo viên", False),
    ("Giàng A Páo", "CDCS-PTDTNT", "Giáo viên", False),
    ("Bùi Thị Ngọc Ánh", "CDCS-PTDTNT", "Kế toán", False),
    ("Vũ Đức Thành", "CDCS-CDCD", "Giảng viên", False),
    ("Chu Thị Mai", "CDCS-CDCD", "Giảng viên", False),
    ("Lường Văn Thái", "CDCS-THPT-TU", "Giáo viên", False),
    ("Đào Thị Minh Nguyệt", "CDCS-THPT-TU", "Giáo viên", False),
    ("Sùng Thị Dợ", "CDCS-TH-SH", "Giáo viên", False),
    ("Lý Thị Hoa", "CDCS-TH-SH", "Giáo viên", False),
    ("Nguyễn Văn Dũng", "CDCS-BVDK", "Chủ tịch công đoàn cơ sở", True),
    ("Trịnh Thị Thanh Tâm", "CDCS-BVDK", "Bác sĩ", False),
    ("Điêu Chính Tuyến", "CDCS-BVDK", "Bác sĩ", False),
    ("Phạm Thị Hằng", "CDCS-BVDK", "Điều dưỡng", False),
    ("Ngô Quang Huy", "CDCS-CDC", "Bác sĩ", False),
    ("Lò Thị Hiên", "CDCS-CDC", "Kỹ thuật viên xét nghiệm", False),
    ("Tòng Văn Hưng", "CDCS-TTYT-PT", "Bác sĩ", False),
    ("Chảo Thị Dung", "CDCS-TTYT-PT", "Điều dưỡng", False),
    ("Hà Văn Khánh", "CDCS-SNV", "Trưởng phòng", True),
    ("Đặng Thị Phương", "CDCS-SNV", "Chuyên viên", False),
    ("Lò Văn Biên", "CDCS-SNV", "Chuyên viên", False),
    ("Mai Thị Thu Trang", "CDCS-STC", "Chuyên viên", False),
    ("Lê Quang Vinh", "CDCS-STC", "Chuyên viên", False),
    ("Nguyễn Đức Long", "CDCS-VP-UBND", "Phó Chánh Văn phòng", False),
    ("Phan Thị Bích Ngọc", "CDCS-VP-UBND", "Chuyên viên", False),
    ("Giàng A Chư", "CDCS-VP-UBND", "Chuyên viên", False),
    ("Hoàng Văn Tính", "CDCS-UBND-TNU", "Chuyên viên", False),
    ("Lò Thị Hương", "CDCS-UBND-TNU", "Chuyên viên", False),
    ("Vũ Văn Nam", "CDCS-XSKT", "Chủ tịch công đoàn cơ sở", True),
    ("Trần Thị Kim Oanh", "CDCS-XSKT", "Kế toán", False),
    ("Lường Thị Thoa", "CDCS-CHE-TU", "Công nhân", False),
    ("Quàng Văn Hải", "CDCS-CHE-TU", "Công nhân", False),
    ("Đinh Công Sơn", "CDCS-CHE-TU", "Kỹ sư nông nghiệp", False),
]
UNREGISTERED_PEOPLE = 5

# The union's own awards (trade-union system: Luật Công đoàn, Điều lệ, the Tổng Liên đoàn's
# regulation; paid from trade-union finance), as its decisions print them (seeds 002, 004).
BANG_KHEN = "bk_ldld_tinh"
AWARD_FORMS: list[dict[str, Any]] = [
    {"code": BANG_KHEN, "name": "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu",
     "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
     "category": "bang_khen_tinh", "system": "cong_doan", "issuer_unit_code": ROOT_CODE},
    {"code": "co_ldld_tinh", "name": "Cờ thi đua của Liên đoàn Lao động tỉnh Lai Châu",
     "kind": "danh_hieu", "subject_kinds": ["collective"], "category": "co_tinh",
     "system": "cong_doan", "issuer_unit_code": ROOT_CODE},
    {"code": "gk_cdn_gd", "name": "Giấy khen của Ban Chấp hành Công đoàn ngành Giáo dục tỉnh "
                                  "Lai Châu",
     "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
     "category": "giay_khen", "system": "cong_doan", "issuer_unit_code": "CDN-GD"},
    {"code": "gk_cdn_yt", "name": "Giấy khen của Ban Chấp hành Công đoàn ngành Y tế tỉnh Lai "
                                  "Châu",
     "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
     "category": "giay_khen", "system": "cong_doan", "issuer_unit_code": "CDN-YT"},
]
# The căn cứ on the union's own power, first in each of its decisions (no number is
# invented for the demo: a real union cites its congress and the Tổng Liên đoàn's approval).
AUTHORITY_BASIS = ["Căn cứ Quy chế làm việc của Ban Chấp hành, Ban Thường vụ Liên đoàn Lao "
                   "động tỉnh Lai Châu khóa XIV, nhiệm kỳ 2023-2028"]
# The body that governs the root union, the first line of its papers' header (NĐ 30).
GOVERNING_BODY = "Tổng Liên đoàn Lao động Việt Nam"

CAMPAIGN: dict[str, Any] = {
    "code": CAMPAIGN_CODE,
    "number": "117/KH-LĐLĐ",
    "title": "Thực hiện phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện "
             "văn hóa công sở” giai đoạn 2019-2025",
    "movement": "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
    "issuer_unit_code": ROOT_CODE,
    "start": "2019-09-13",
    "end": "2025-12-31",
    "registration_deadline": "2020-02-10",
    "tracks": [
        {
            # Kế hoạch 117, mục IV.1.a: tiêu chuẩn đối với tập thể.
            "subject_kind": "collective",
            "cadence": "monthly",
            "criteria": [
                {"code": "TT1", "name": "Ban hành và thực hiện các quy định về văn hóa công sở",
                 "max_points": 35},
                {"code": "TT2", "name": "Đẩy mạnh cải cách hành chính, công khai, minh bạch, "
                                        "ứng dụng công nghệ thông tin", "max_points": 30},
                {"code": "TT3", "name": "Xây dựng cơ quan, đơn vị văn minh, hiện đại, xanh, "
                                        "sạch, đẹp", "max_points": 25},
                {"code": "TT4", "name": "Kịp thời biểu dương, khen thưởng cán bộ có thành tích "
                                        "trong thực hiện văn hóa công vụ", "max_points": 10},
            ],
            "thresholds": {"HTXS": 90, "HTT": 70, "HT": 50},
        },
        {
            # Kế hoạch 117, mục IV.1.b: tiêu chuẩn đối với cán bộ, công chức, viên chức.
            "subject_kind": "individual",
            "cadence": "weekly",
            "criteria": [
                {"code": "CN1", "name": "Chấp hành nghiêm túc kỷ cương, kỷ luật hành chính",
                 "max_points": 20},
                {"code": "CN2", "name": "Chuyên nghiệp về chuyên môn, nghiệp vụ",
                 "max_points": 15},
                {"code": "CN3", "name": "Tinh thần, thái độ làm việc tận tụy, nghiêm túc, "
                                        "trách nhiệm", "max_points": 15},
                {"code": "CN4", "name": "Chuẩn mực trong giao tiếp, ứng xử", "max_points": 15},
                {"code": "CN5", "name": "Tu dưỡng, rèn luyện chuẩn mực về đạo đức, lối sống",
                 "max_points": 15},
                {"code": "CN6", "name": "Trang phục gọn gàng, sạch sẽ, lịch sự, phù hợp với "
                                        "tính chất công việc", "max_points": 10},
                {"code": "CN7", "name": "Tích cực tham gia các phong trào thi đua yêu nước",
                 "max_points": 10},
            ],
            "thresholds": {"HTXS": 90, "HTT": 75, "HT": 50},
        },
    ],
    # Kế hoạch 117, mục IV.2.b: 10 bằng khen tập thể, 15 cá nhân; 4 và 6 cho ngành giáo dục.
    "quotas": [
        {"award_form": BANG_KHEN, "subject_kind": "collective", "max": 10,
         "reserved": [{"sector": "giao_duc", "max": 4}]},
        {"award_form": BANG_KHEN, "subject_kind": "individual", "max": 15,
         "reserved": [{"sector": "giao_duc", "max": 6}]},
    ],
}


def _plan() -> dict[str, Any]:
    """The narrative of Kế hoạch 117/KH-LĐLĐ, as the document engine's example has it."""
    example = ke_hoach()
    plan = {key: example[key] for key in (
        "parent_agency", "place", "title", "basis", "intro", "purpose", "scope",
        "criteria_intro", "award_forms", "quota_notes", "implementation", "closing",
        "recipients", "archive")}
    plan["signer"] = {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch",
                      "authority": "TM. Ban Thường vụ"}
    return plan

REGISTRATION_OPENS = date(2019, 10, 1)
REGISTRATION_CLOSES = date(2020, 2, 10)
WEEKS = [f"2020-W{week:02d}" for week in range(2, 10)]
MONTHS = [f"2020-{month:02d}" for month in range(1, 4)]
# Periods at the end of these lists are more often still waiting for review.
LATE_PERIODS = {"individual": 2, "collective": 1}
REVIEW_CHANCE = {"early": 0.95, "late": 0.6}
CORRECTIONS = {"collective": 2, "individual": 2}

COLLECTIVE_PLEDGES = [
    "Xây dựng cơ quan, đơn vị văn minh, hiện đại, xanh, sạch, đẹp; 100% đoàn viên thực hiện "
    "tốt quy chế văn hóa công sở.",
    "Niêm yết đầy đủ thủ tục hành chính, đẩy mạnh ứng dụng công nghệ thông tin trong hoạt "
    "động của đơn vị.",
    "Ban hành và thực hiện nghiêm nội quy, quy chế văn hóa công sở; không để xảy ra lãng "
    "phí, tham nhũng.",
    "Phấn đấu đạt Công đoàn cơ sở vững mạnh, kịp thời biểu dương đoàn viên gương mẫu thực "
    "hiện văn hóa công sở.",
]
INDIVIDUAL_PLEDGES = [
    "Chấp hành nghiêm kỷ cương, kỷ luật hành chính; thực hiện “4 xin, 4 luôn” trong giao "
    "tiếp, ứng xử.",
    "Tận tụy, trách nhiệm, hoàn thành tốt nhiệm vụ được giao; trang phục gọn gàng, lịch sự.",
    "Thường xuyên học tập nâng cao trình độ chuyên môn, nghiệp vụ; giữ gìn đoàn kết nội bộ.",
    "Không sử dụng đồ uống có cồn trong giờ làm việc; tích cực tham gia các phong trào thi "
    "đua.",
    "Tu dưỡng, rèn luyện đạo đức, lối sống; thực hành tiết kiệm, chống lãng phí.",
]
SECTOR_PLEDGES = {
    "giao_duc": "Mỗi thầy cô giáo là một tấm gương đạo đức, tự học và sáng tạo.",
    "y_te": "Đổi mới phong cách, thái độ phục vụ, hướng tới sự hài lòng của người bệnh.",
}
CORRECTION_REASONS = [
    "Bổ sung minh chứng hoạt động {period}",
    "Điều chỉnh theo kết quả kiểm tra của Ban công tác cơ sở, {period}",
    "Chấm lại sau khi đơn vị giải trình, {period}",
]

DEMO_USERS: list[dict[str, str | None]] = [
    # Every account with a person's name: pages, the audit and the papers name people.
    {"username": "admin", "password": "thidua-admin", "role": "admin", "unit_code": None,
     "full_name": "Hoàng Văn Dũng"},
    {"username": "vanthu", "password": "thidua-vanthu", "role": "unit_clerk",
     "unit_code": ROOT_CODE, "full_name": "Vàng Thị Dung"},
    {"username": "chamdiem", "password": "thidua-chamdiem", "role": "reviewer",
     "unit_code": None, "full_name": "Lý Văn Thành"},
    {"username": "thanhtra", "password": "thidua-thanhtra", "role": "auditor",
     "unit_code": None, "full_name": "Đỗ Thị Thu Hà"},
    # The council's secretary and members (Hội đồng Thi đua – Khen thưởng).
    {"username": "thuky", "password": "thidua-thuky", "role": "secretary", "unit_code": None,
     "full_name": "Lò Thị Hiên"},
    *({"username": f"hoidong{i}", "password": "thidua-hoidong", "role": "council_member",
       "unit_code": None, "full_name": name}
      for i, name in enumerate(("Nguyễn Thị Thiện", "Tẩn Văn Hùng", "Lê Thị Mai"), start=1)),
]
# Collectives the units nominate for Bằng khen at the end of the campaign (seed 004, IV).
NOMINATED = ["CDCS-THPT-LQD", "CDCS-PTDTNT", "CDCS-BVDK", "CDCS-STC", "CDCS-XSKT"]
# Members and women among them, as each dossier declares them (the women-first rule at a
# tie: the boarding school and the hospital reach 70 %). Invented for the demo.
NOMINATED_STAFF = {"CDCS-THPT-LQD": (62, 41), "CDCS-PTDTNT": (48, 35), "CDCS-BVDK": (310, 221),
                   "CDCS-STC": (54, 28), "CDCS-XSKT": (37, 15)}
NOMINATION_YEAR = 2025
NOMINATED_ON = date(2025, 12, 15)
NOMINATION_SUMMARY = ("Tổ chức tốt phong trào văn hóa công sở giai đoạn 2019-2025; kết quả "
                      "chấm điểm hằng tháng thuộc nhóm dẫn đầu; không có cán bộ vi phạm kỷ "
                      "luật.")


@dataclass
class _Card:
    """One scorecard to post: who, when, and the track's criterion maxima."""

    kind: str
    subject_id: str
    period: str
    ends: date
    maxima: dict[str, int]
    level: float
    reviewed: dict[str, Decimal] | None = None


def _halves(value: float) -> Decimal:
    """Round ``value`` to the nearest half point."""
    return Decimal(round(value * 2)) / 2


def _period_words(label: str) -> str:
    """Name a period in Vietnamese: ``tháng 02/2020`` or ``tuần 05 năm 2020``."""
    year, _, rest = label.partition("-")
    if rest.startswith("W"):
        return f"tuần {rest[1:]} năm {year}"
    return f"tháng {rest}/{year}"


def _self_scores(rng: random.Random, card: _Card) -> dict[str, Decimal]:
    scores = {}
    for code, maximum in card.maxima.items():
        share = min(1.0, max(0.6, card.level + rng.uniform(-0.08, 0.08)))
        scores[code] = min(Decimal(maximum), max(Decimal(0), _halves(maximum * share)))
    return scores


def _review_scores(rng: random.Random, own: dict[str, Decimal]) -> dict[str, Decimal]:
    reviewed = {}
    for code, points in own.items():
        cut = _halves(rng.uniform(0.5, 2.0)) if rng.random() < 0.3 else Decimal(0)
        reviewed[code] = max(Decimal(0), points - cut)
    return reviewed


def _below_max(card: _Card) -> list[str]:
    """Criteria of a reviewed card that a correction can still raise."""
    reviewed = card.reviewed or {}
    return sorted(code for code, points in reviewed.items() if points < card.maxima[code])


def _found(lookup: Callable[[str], object], key: str) -> bool:
    try:
        lookup(key)
    except NotFoundError:
        return False
    return True


def check_demo_fits(app: Thidua) -> None:
    """Refuse, before anything is written, a store where the demo would clash midway.

    The demo is loaded all or nothing: its units, its campaign and its accounts have natural
    keys, and one already taken would otherwise stop the load after thousands of events.
    """
    unit = app.organisation.get_unit_by_code
    if _found(unit, ROOT_CODE):
        raise ConflictError(f"Dữ liệu mẫu đã được nạp (đã có đơn vị mã «{ROOT_CODE}»).", None)
    in_the_way: list[str] = []
    units = [code for code, *_ in UNITS if _found(unit, code)]
    if units:
        in_the_way.append("đơn vị mã " + ", ".join(f"«{code}»" for code in units))
    forms = [str(f["code"]) for f in AWARD_FORMS if app.award_forms.find(str(f["code"]))]
    if forms:
        in_the_way.append("hình thức khen thưởng mã " + ", ".join(f"«{c}»" for c in forms))
    if _found(app.campaigns.get_campaign, str(ids.campaign_id(CAMPAIGN_CODE))):
        in_the_way.append(f"phong trào mã «{CAMPAIGN_CODE}»")
    users = [name for name in (str(u["username"]) for u in DEMO_USERS)
             if _found(app.accounts.user, name)]
    if users:
        in_the_way.append("tài khoản " + ", ".join(f"«{name}»" for name in users))
    if in_the_way:
        raise ConflictError(
            "Không nạp được dữ liệu mẫu vì kho đã có " + "; ".join(in_the_way) + ". Chưa ghi "
            "dữ liệu nào; hãy nạp dữ liệu mẫu vào một kho trống.", None)


def load_demo(
    app: Thidua, *, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Load the demo data set into an empty store and return what was created.

    Every conflict is checked first (``check_demo_fits``): the load is all or nothing.
    """
    check_demo_fits(app)

    def say(message: str) -> None:
        if progress is not None:
            progress(message)

    rng = random.Random(SEED)
    counts = dict.fromkeys(
        ("units", "people", "award_forms", "campaigns", "registrations", "scorecards",
         "reviews", "corrections", "users", "nominations"),
        0,
    )

    say(f"Creating {len(UNITS)} units")
    unit_ids: dict[str, str] = {}
    sectors: dict[str, str | None] = {}
    for code, name, parent, sector in UNITS:
        unit = app.organisation.create_unit(code=code, name=name, parent_code=parent, sector=sector,
                                            actor=SYSTEM)
        unit_ids[code] = unit["id"]
        sectors[code] = sector
        counts["units"] += 1

    say(f"Creating {len(PEOPLE)} people")
    people: list[tuple[str, str]] = []
    for full_name, unit_code, position, is_leader in PEOPLE:
        person = app.organisation.create_person(
            full_name=full_name, unit_code=unit_code, position=position, is_leader=is_leader,
            actor=SYSTEM)
        people.append((person["id"], unit_code))
        counts["people"] += 1

    say(f"Defining {len(AWARD_FORMS)} awards of the union and its authority basis")
    for form in AWARD_FORMS:
        app.award_forms.define_form(**form, actor=SYSTEM)
        counts["award_forms"] += 1
    app.settings.configure(unit_code=ROOT_CODE, authority_basis=AUTHORITY_BASIS,
                           governing_body=GOVERNING_BODY, actor=SYSTEM)

    say(f"Launching campaign {CAMPAIGN_CODE}")
    campaign = app.campaigns.create_campaign({**CAMPAIGN, "plan": _plan()}, actor=SYSTEM)
    campaign_id = campaign["id"]
    counts["campaigns"] += 1
    maxima = {
        track["subject_kind"]: {c["code"]: int(c["max_points"]) for c in track["criteria"]}
        for track in campaign["tracks"]
    }

    say("Registering collectives and individuals")
    window = (REGISTRATION_CLOSES - REGISTRATION_OPENS).days
    skipped = set(rng.sample(range(len(people)), UNREGISTERED_PEOPLE))
    entries: list[tuple[date, str, str, str]] = []
    for code in GRASSROOTS:
        pledge = rng.choice(COLLECTIVE_PLEDGES)
        entries.append((REGISTRATION_OPENS + timedelta(days=rng.randint(0, window)),
                        "collective", unit_ids[code], pledge))
    for index, (person_id, unit_code) in enumerate(people):
        if index in skipped:
            continue
        pledge = rng.choice(INDIVIDUAL_PLEDGES)
        extra = SECTOR_PLEDGES.get(sectors[unit_code] or "")
        if extra and rng.random() < 0.5:
            pledge = f"{pledge} {extra}"
        entries.append((REGISTRATION_OPENS + timedelta(days=rng.randint(0, window)),
                        "individual", person_id, pledge))
    entries.sort(key=lambda entry: entry[0])
    for on, kind, subject_id, pledge in entries:
        app.campaigns.register(campaign_id=campaign_id, subject_kind=kind, subject_id=subject_id,
                               pledge=pledge, actor=SYSTEM, on=on)
        counts["registrations"] += 1

    say("Posting self-assessments and reviews")
    cards: list[_Card] = []
    for _, kind, subject_id, _ in entries:
        level = rng.uniform(0.66, 0.97)
        periods = WEEKS if kind == "individual" else MONTHS
        for label in periods:
            cards.append(_Card(kind=kind, subject_id=subject_id, period=label,
                               ends=parse_period(label).end, maxima=maxima[kind], level=level))
    cards.sort(key=lambda card: (card.ends, card.kind))
    for card in cards:
        periods = WEEKS if card.kind == "individual" else MONTHS
        late = periods.index(card.period) >= len(periods) - LATE_PERIODS[card.kind]
        own = _self_scores(rng, card)
        app.campaigns.post_scores(campaign_id=campaign_id, subject_id=card.subject_id,
                                  period=card.period, stage="self", scores=own, actor=SYSTEM)
        counts["scorecards"] += 1
        if rng.random() < REVIEW_CHANCE["late" if late else "early"]:
            card.reviewed = _review_scores(rng, own)
            app.campaigns.post_scores(campaign_id=campaign_id, subject_id=card.subject_id,
                                      period=card.period, stage="review", scores=card.reviewed,
                                      actor=SYSTEM)
            counts["reviews"] += 1

    say("Posting corrections")
    for kind, how_many in CORRECTIONS.items():
        reviewed = [c for c in cards if c.kind == kind and c.reviewed and _below_max(c)]
        for card in rng.sample(reviewed, how_many):
            assert card.reviewed is not None
            candidates = _below_max(card)
            chosen = rng.sample(candidates, rng.randint(1, min(2, len(candidates))))
            scores = {
                code: min(Decimal(card.maxima[code]),
                          card.reviewed[code] + _halves(rng.uniform(0.5, 3.0)))
                for code in chosen
            }
            reason = rng.choice(CORRECTION_REASONS).format(period=_period_words(card.period))
            app.campaigns.post_scores(campaign_id=campaign_id, subject_id=card.subject_id,
                                      period=card.period, stage="correction", scores=scores,
                                      reason=reason, actor=SYSTEM)
            counts["corrections"] += 1

    say(f"Creating {len(DEMO_USERS)} users")
    for user in DEMO_USERS:
        app.accounts.create_user(username=str(user["username"]), password=str(user["password"]),
                                 role=str(user["role"]), unit_code=user["unit_code"],
                                 full_name=user.get("full_name"), actor=SYSTEM)
        counts["users"] += 1

    say(f"Submitting {len(NOMINATED)} nominations for Bằng khen")
    for code in NOMINATED:
        app.nominations.submit_nomination(
            campaign_id=campaign_id, subject_kind="collective",
            subject_id=app.organisation.get_unit_by_code(code).id, award=BANG_KHEN,
            year=NOMINATION_YEAR, route="phong_trao", summary=NOMINATION_SUMMARY,
            staff_total=NOMINATED_STAFF[code][0], staff_women=NOMINATED_STAFF[code][1],
            actor=SYSTEM, on=NOMINATED_ON)
        counts["nominations"] += 1

    say("Demo data loaded")
    return counts
