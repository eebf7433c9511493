"""The text of the user guide: per role, the steps of its work, each with the screenshot
the browser journeys (tests/e2e/test_journeys.py) take of it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    text: str
    shot: str | None = None  # the file under static/guide/ the browser suite saves


@dataclass(frozen=True)
class Section:
    anchor: str
    role: str
    intro: str
    steps: tuple[Step, ...]


GUIDE: tuple[Section, ...] = (
    Section("quan-tri", "Quản trị hệ thống",
            "Người quản trị lập danh mục đơn vị, cá nhân và tài khoản cho từng người dùng.", (
                Step("Đăng nhập; trang chủ liệt kê các phong trào và việc cần làm. Danh mục "
                     "chức năng ở đầu trang được xếp theo nhóm công việc.", "admin-home.jpg"),
                Step("Bấm «Phát động phong trào mới», ghi số, tên Kế hoạch, cơ quan ban hành, "
                     "thời gian, đối tượng thi đua với tiêu chí, chu kỳ chấm và mức xếp loại, "
                     "người ký; Kế hoạch (.docx) tải về ở trang phong trào.",
                     "admin-campaign.jpg"),
                Step("Vào «Đơn vị», nhập mã, tên, đơn vị cấp trên và ngành của đơn vị mới, "
                     "bấm lưu.", "admin-unit.jpg"),
                Step("Vào «Cá nhân», bấm «Thêm một cá nhân» để thêm từng người, hoặc nạp danh "
                     "sách từ tệp .xlsx theo bảng mẫu tải về trên trang.", "admin-people.jpg"),
                Step("Vào «Tài khoản», tạo tài khoản cho cán bộ thi đua của đơn vị: tên đăng "
                     "nhập, họ tên, vai trò, đơn vị và mật khẩu ban đầu.", "admin-account.jpg"),
            )),
    Section("can-bo-don-vi", "Cán bộ thi đua đơn vị",
            "Cán bộ thi đua của đơn vị đăng ký thi đua, tự chấm điểm theo kỳ, xem bảng xếp "
            "hạng và lập hồ sơ đề nghị khen thưởng.", (
                Step("Trang chủ nhắc các kỳ chưa tự chấm và hồ sơ bị trả lại.",
                     "clerk-home.jpg"),
                Step("Bấm «Đăng ký thi đua» ở phong trào, chọn đối tượng, ghi nội dung cam "
                     "kết và gửi.", "clerk-register.jpg"),
                Step("Vào trang chấm điểm, chọn đối tượng và kỳ trong danh sách (tuần, tháng), "
                     "nhập điểm từng tiêu chí rồi bấm «Ghi điểm».", "clerk-score.jpg"),
                Step("Nhập nhầm thì mở lại phiếu của kỳ đó, sửa điểm và ghi lại khi người "
                     "chấm duyệt chưa duyệt.", "clerk-fixed.jpg"),
                Step("Bảng xếp hạng: chọn kỳ và đối tượng; có biểu đồ và tệp .xlsx tải về.",
                     "clerk-standings.jpg"),
                Step("Mục «Các lần đính chính điểm trong kỳ» cho xem lại bảng ngay trước mỗi "
                     "lần đính chính; cũng có thể chọn một thời điểm bất kỳ.",
                     "clerk-replay.jpg"),
                Step("Ở trang hồ sơ đề nghị khen thưởng của phong trào, chọn đối tượng, hình "
                     "thức, ghi tóm tắt thành tích và gửi.", "clerk-nominate.jpg"),
                Step("Hồ sơ bị trả lại hiện trên trang chủ kèm lý do; bổ sung tóm tắt thành "
                     "tích (và số thành viên nếu cần) trong một ô duy nhất rồi bấm «Gửi lại».",
                     "clerk-resubmit.jpg"),
            )),
    Section("cham-duyet", "Người chấm duyệt",
            "Người chấm duyệt xem điểm đơn vị tự chấm, duyệt và đính chính khi cần.", (
                Step("Trang chủ liệt kê các phiếu chờ duyệt, mới nhất trước, lọc được theo "
                     "phong trào và đơn vị.", "reviewer-home.jpg"),
                Step("Bấm «Chấm duyệt» ở một phiếu, sửa điểm nếu cần rồi ghi.",
                     "reviewer-review.jpg"),
                Step("Phiếu đã duyệt chỉ sửa được bằng đính chính: nhập điểm mới và ghi rõ lý "
                     "do; lần đính chính được lưu lại để kiểm tra.",
                     "reviewer-correction.jpg"),
            )),
    Section("thu-ky", "Thư ký Hội đồng Thi đua – Khen thưởng",
            "Thư ký nhận hồ sơ đề nghị, tổ chức phiên họp Hội đồng, lập biên bản, tờ trình "
            "và quyết định khen thưởng.", (
                Step("Hồ sơ còn thiếu thì ghi điều cần bổ sung và bấm «Trả lại».",
                     "secretary-return.jpg"),
                Step("Vào «Hội đồng Thi đua – Khen thưởng», chọn đơn vị, ghi nội dung phiên "
                     "họp, chọn thành viên và người chủ trì để triệu tập.",
                     "secretary-convene.jpg"),
                Step("Điểm danh thành viên có mặt trước, rồi mở phiếu cho từng hồ sơ.",
                     "secretary-session.jpg"),
                Step("Thành viên vắng mặt gửi ý kiến bằng văn bản: chọn thành viên, ý kiến và "
                     "đính kèm bản chụp có chữ ký.", "secretary-written.jpg"),
                Step("Kiểm phiếu, kết luận phiên họp, rồi lập Biên bản và Tờ trình; tải tệp "
                     ".docx về để ký.", "secretary-papers.jpg"),
                Step("Vào «Quyết định khen thưởng», chọn phong trào, đánh dấu các hồ sơ Hội "
                     "đồng đã đề nghị, ghi người ký và lập dự thảo.",
                     "secretary-decision-draft.jpg"),
                Step("Ban hành: hệ thống lấy số tiếp theo của sổ đăng ký văn bản; tải quyết "
                     "định về.", "secretary-decision-issued.jpg"),
                Step("«Tra cứu khen thưởng» cho xem các khen thưởng của một đơn vị hay một "
                     "người và xuất ra .xlsx.", "secretary-history.jpg"),
            )),
    Section("hoi-dong", "Thành viên Hội đồng",
            "Thành viên Hội đồng bỏ phiếu cho từng hồ sơ khi phiếu được mở.", (
                Step("Trang chủ liệt kê các phiếu đang chờ bạn bỏ phiếu.", "member-home.jpg"),
                Step("Mở phiếu, chọn ý kiến và bấm gửi; phiếu kín không lưu ai chọn gì.",
                     "member-ballot.jpg"),
            )),
    Section("thanh-tra", "Thanh tra, kiểm toán",
            "Người thanh tra xem mọi thay đổi trong hệ thống, không sửa được gì.", (
                Step("«Sổ sự kiện»: lọc theo thời gian, người thực hiện, đơn vị, loại sự kiện "
                     "và phong trào để tìm ai đã thay đổi điểm.", "auditor-events.jpg"),
                Step("Bấm vào đối tượng để đọc toàn bộ lịch sử của nó, từng bước bằng lời.",
                     "auditor-history.jpg"),
                Step("«Kiểm tra chuỗi băm» tính lại chuỗi từ dữ liệu đang lưu và báo mọi chỗ "
                     "bị sửa, xoá hay chèn.", "auditor-verify.jpg"),
                Step("«Văn bản đã phát hành»: chọn một tệp đã tải về để kiểm tra có đúng là "
                     "văn bản hệ thống đã phát hành hay không.", "auditor-document.jpg"),
            )),
)
