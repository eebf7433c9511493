"""The events of nominations, council sessions, ballots, decisions, award histories, papers
and the award catalogue in Vietnamese words, for the audit history and the event browser.

An auditor reads who did what to whom: people by their names (accounts by the person's
name), award forms by the name they were given with, ballot choices and results as the
minutes say them; the reasons as written."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from events.award_form import SUBJECT_KINDS, entry_of_snapshot
from events.council import CHOICES
from events.paper import PAPER_KINDS
from events.rules import ROUTES
from events.user import ROLES
from services import formatting

_day = formatting.day_or_text  # a date in event data as the pages write it

NAMES = {
    "Nomination.Submitted": "Gửi hồ sơ đề nghị khen thưởng",
    "Nomination.Returned": "Trả lại hồ sơ đề nghị để bổ sung",
    "Nomination.Resubmitted": "Gửi lại hồ sơ đề nghị",
    "Nomination.Amended": "Sửa hồ sơ đề nghị",
    "Nomination.Withdrawn": "Rút hồ sơ đề nghị",
    "Nomination.BallotOpened": "Đưa hồ sơ ra bỏ phiếu",
    "Nomination.VotesCounted": "Kiểm phiếu hồ sơ đề nghị",
    "Nomination.ReturnedToBoard": "Đưa hồ sơ trở lại danh sách chờ xét",
    "Nomination.Selected": "Hội đồng đề nghị khen thưởng",
    "Nomination.LeftOut": "Ngoài chỉ tiêu khen thưởng",
    "Nomination.Awarded": "Có quyết định khen thưởng",
    "Nomination.Revoked": "Hủy khen thưởng",
    "CouncilSession.Convened": "Triệu tập phiên họp Hội đồng",
    "CouncilSession.AttendanceRecorded": "Điểm danh thành viên Hội đồng",
    "CouncilSession.BallotAdded": "Mở phiếu bầu trong phiên họp",
    "CouncilSession.Concluded": "Kết luận phiên họp",
    "CouncilSession.Cancelled": "Hủy phiên họp",
    "Ballot.Opened": "Mở phiếu bầu",
    "Ballot.AttendanceUpdated": "Cập nhật thành viên có mặt",
    "Ballot.Voted": "Bỏ phiếu",
    "Ballot.MemberVoted": "Bỏ phiếu kín",
    "Ballot.Closed": "Kiểm phiếu",
    "Ballot.Cancelled": "Hủy phiếu bầu",
    "AwardDecision.Drafted": "Lập dự thảo quyết định khen thưởng",
    "AwardDecision.Issued": "Ban hành quyết định khen thưởng",
    "AwardDecision.Revoked": "Hủy quyết định khen thưởng",
    "DocumentRegister.Opened": "Mở sổ đăng ký văn bản",
    "DocumentRegister.NumberAssigned": "Lấy số văn bản",
    "QuotaLedger.Opened": "Mở sổ chỉ tiêu khen thưởng",
    "QuotaLedger.Allocated": "Trừ chỉ tiêu khen thưởng",
    "QuotaLedger.Released": "Hoàn lại chỉ tiêu khen thưởng",
    "AwardTally.Opened": "Mở sổ thống kê khen thưởng",
    "AwardTally.Counted": "Cộng vào thống kê khen thưởng",
    "AwardTally.Uncounted": "Trừ khỏi thống kê khen thưởng",
    "AwardHistory.Opened": "Mở sổ khen thưởng, kỷ luật",
    "AwardHistory.AwardRecorded": "Ghi khen thưởng vào sổ",
    "AwardHistory.AwardsRevoked": "Ghi hủy khen thưởng vào sổ",
    "AwardHistory.DisciplineImposed": "Ghi kỷ luật",
    "AwardHistory.DisciplineLifted": "Xóa kỷ luật",
    "AwardForm.Defined": "Thêm hình thức khen thưởng vào danh mục",
    "AwardForm.Redefined": "Sửa hình thức khen thưởng",
    "AwardSettings.Configured": "Đặt quy định riêng về khen thưởng",
    "AwardSettings.Reconfigured": "Sửa quy định riêng về khen thưởng",
    "CertificateLayout.Set": "Đặt bố cục in phôi",
    "CertificateLayout.Changed": "Sửa bố cục in phôi",
    "Paper.Issued": "Lập văn bản",
    "IssuedDocument.PdfProduced": "Tạo bản PDF của văn bản",
    "User.RoleGranted": "Đổi vai trò tài khoản",
    "User.Enabled": "Mở khóa tài khoản",
    "YearSummary.Drafted": "Lập dự thảo báo cáo tổng kết năm",
    "YearSummary.Changed": "Sửa báo cáo tổng kết năm",
    "YearSummary.Issued": "Ban hành báo cáo tổng kết năm",
}
KIND_NAMES = {
    "Nomination": "Hồ sơ đề nghị khen thưởng", "CouncilSession": "Phiên họp Hội đồng",
    "Ballot": "Phiếu bầu", "AwardDecision": "Quyết định khen thưởng",
    "DocumentRegister": "Sổ đăng ký văn bản", "QuotaLedger": "Sổ chỉ tiêu khen thưởng",
    "AwardTally": "Sổ thống kê khen thưởng", "AwardHistory": "Sổ khen thưởng, kỷ luật",
    "AwardForm": "Hình thức khen thưởng", "AwardSettings": "Quy định riêng về khen thưởng",
    "CertificateLayout": "Bố cục in phôi", "Paper": "Văn bản",
    "YearSummary": "Báo cáo tổng kết năm",
}


def award(d: dict[str, Any]) -> str:
    """The award's name as the event recorded it (its catalogue entry, else the law's)."""
    return entry_of_snapshot(str(d["award"]), d.get("form")).name


def _people(c: Any, usernames: Any) -> str:
    return ", ".join(c.names.user(u) for u in usernames) or "không ai"


def _percent(value: Any) -> str:
    return formatting.percent(Decimal(str(value)))


def _passed(passed: Any) -> str:
    return "đạt" if passed else "không đạt"


def _kinds(kinds: Any) -> str:
    return ", ".join(SUBJECT_KINDS.get(k, k) for k in kinds)


def _submitted(d: dict[str, Any], c: Any) -> str:
    kind = SUBJECT_KINDS.get(d["subject_kind"], d["subject_kind"])
    return (f"{c.names(d['submitting_unit_id'])} đề nghị tặng «{award(d)}» năm {d['year']} cho "
            f"{kind} {d['subject_name']} ({ROUTES.get(d['route'], d['route']).lower()})")


def _counted(d: dict[str, Any], c: Any) -> str:
    return (f"Đồng ý {d['yes']}, không đồng ý {d['no']} trên {d['members']} thành viên "
            f"({_percent(d['percent'])}): {_passed(d['passed'])}")


def _convened(d: dict[str, Any], c: Any) -> str:
    return (f"Triệu tập phiên họp «{d['title']}» của {c.names(d['unit_id'])} ngày "
            f"{_day(d['held_on'])}; thành viên: {_people(c, d['members'])}; chủ trì: "
            f"{c.names.user(d['chair'])}")


def _concluded(d: dict[str, Any], c: Any) -> str:
    results = d.get("results") or []
    passed = sum(1 for r in results if r.get("passed"))
    return f"Kết luận phiên họp: {len(results)} hồ sơ đã bỏ phiếu, {passed} hồ sơ đạt"


def _ballot_opened(d: dict[str, Any], c: Any) -> str:
    kind = "bỏ phiếu kín" if d.get("secret") else "biểu quyết"
    return (f"Mở phiếu ({kind}) về «{award(d)}» cho {d['subject_name']}; có mặt "
            f"{len(d['present'])}/{len(d['members'])}: {_people(c, d['present'])}")


def _voted(d: dict[str, Any], c: Any) -> str:
    how = " bằng văn bản" if d.get("written") else ""
    return f"{c.names.user(d['member'])} bỏ phiếu{how}: {CHOICES.get(d['choice'], d['choice'])}"


def _sealed(d: dict[str, Any], c: Any) -> str:
    how = " bằng văn bản" if d.get("written") else ""
    return f"{c.names.user(d['member'])} bỏ phiếu kín{how} (nội dung phiếu được niêm phong)"


def _closed(d: dict[str, Any], c: Any) -> str:
    written = f", trong đó {d['written']} bằng văn bản" if d.get("written") else ""
    return (f"Kiểm phiếu: {d['cast']} phiếu{written}; đồng ý {d['yes']}, không đồng ý "
            f"{d['no']} trên {d['members']} thành viên ({_percent(d['percent'])}): "
            f"{_passed(d['passed'])}")


def _drafted(d: dict[str, Any], c: Any) -> str:
    names = ", ".join(str(r.get("subject_name", "")) for r in d["recipients"])
    return (f"Dự thảo quyết định «{d['title']}» của {c.names(d['issuer_unit_id'])}: "
            f"«{award(d)}» cho {len(d['recipients'])} đối tượng: {names}")


def _issued(d: dict[str, Any], c: Any) -> str:
    return (f"Ban hành quyết định số {d['number']} ngày {_day(d['issued_on'])}, "
            f"{len(d['recipients'])} đối tượng, tổng tiền thưởng "
            f"{formatting.money(Decimal(str(d['total'])))} đồng")


def _recorded(d: dict[str, Any], c: Any) -> str:
    text = f"Ghi «{award(d)}» năm {d['year']}"
    if d.get("number"):
        text += f", quyết định số {d['number']} ngày {_day(d['decided_on'])}"
    return text + (f"; ghi chú: {d['note']}" if d.get("note") else "")


def _paper(d: dict[str, Any], c: Any) -> str:
    kind = PAPER_KINDS.get(d["kind"], ("", "", "Văn bản"))[2]
    text = f"Lập {kind} số {d['number']} ngày {_day(d['issued_on'])}: {d['title']}"
    return text + (f"; lý do ghi ngày lùi: {d['reason']}" if d.get("reason") else "")


def _form_defined(d: dict[str, Any], c: Any) -> str:
    text = f"«{d['name']}» (mã {d['code']}) cho {_kinds(d['subject_kinds'])}"
    return text + f", áp dụng từ {_day(d['effective_from'])}"


def _reason(d: dict[str, Any]) -> str:
    return f", lý do: {d['reason']}" if d.get("reason") else ""


DESCRIBE: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "Nomination.Submitted": _submitted,
    "Nomination.Returned": lambda d, c: f"Trả lại để bổ sung, lý do: {d['reason']}",
    "Nomination.Resubmitted": lambda d, c: f"Gửi lại, tóm tắt thành tích: {d['summary']}",
    "Nomination.Amended": lambda d, c: f"Sửa tóm tắt thành tích: {d['summary']}",
    "Nomination.Withdrawn": lambda d, c: f"Đơn vị rút hồ sơ{_reason(d)}",
    "Nomination.BallotOpened": lambda d, c: "Hồ sơ được đưa ra Hội đồng bỏ phiếu",
    "Nomination.VotesCounted": lambda d, c: "Kết quả bỏ phiếu: " + _counted(d, c),
    "Nomination.ReturnedToBoard": lambda d, c: (
        f"Hồ sơ trở lại danh sách chờ xét{_reason(d)}"),
    "Nomination.Selected": lambda d, c: f"Hội đồng đề nghị khen thưởng (thứ tự {d['rank']})",
    "Nomination.LeftOut": lambda d, c: (
        f"Đạt tỷ lệ phiếu nhưng ngoài chỉ tiêu (thứ tự {d['rank']}){_reason(d)}"),
    "Nomination.Awarded": lambda d, c: f"Được khen thưởng theo quyết định số {d['number']}",
    "Nomination.Revoked": lambda d, c: f"Quyết định khen thưởng bị hủy{_reason(d)}",
    "CouncilSession.Convened": _convened,
    "CouncilSession.AttendanceRecorded": lambda d, c: (
        f"Có mặt {len(d['present'])} thành viên: {_people(c, d['present'])}"),
    "CouncilSession.BallotAdded": lambda d, c: (
        f"Mở phiếu bầu về hồ sơ {c.names(d['nomination_id'])}"),
    "CouncilSession.Concluded": _concluded,
    "CouncilSession.Cancelled": lambda d, c: f"Hủy phiên họp, lý do: {d['reason']}",
    "Ballot.Opened": _ballot_opened,
    "Ballot.AttendanceUpdated": lambda d, c: (
        f"Có mặt {len(d['present'])} thành viên: {_people(c, d['present'])}"),
    "Ballot.Voted": _voted,
    "Ballot.MemberVoted": _sealed,
    "Ballot.Closed": _closed,
    "Ballot.Cancelled": lambda d, c: f"Hủy phiếu bầu, lý do: {d['reason']}",
    "AwardDecision.Drafted": _drafted,
    "AwardDecision.Issued": _issued,
    "AwardDecision.Revoked": lambda d, c: (
        f"Hủy quyết định ngày {_day(d['revoked_on'])}, lý do: {d['reason']}"),
    "DocumentRegister.Opened": lambda d, c: (
        f"Mở sổ đăng ký văn bản loại {d['type_code']} năm {d['year']} của "
        f"{c.names(d['issuer_unit_id'])}"),
    "DocumentRegister.NumberAssigned": lambda d, c: f"Cấp số {d['number_text']}",
    "QuotaLedger.Opened": lambda d, c: (
        f"Mở sổ chỉ tiêu khen thưởng của phong trào theo {c.names(d['campaign_id'])}"),
    "QuotaLedger.Allocated": lambda d, c: (
        f"Trừ chỉ tiêu cho {len(d['entries'])} đối tượng của quyết định "
        f"{c.names(d['decision_id'])}"),
    "QuotaLedger.Released": lambda d, c: (
        f"Hoàn lại chỉ tiêu của quyết định {c.names(d['decision_id'])}"),
    "AwardTally.Opened": lambda d, c: (
        f"Mở sổ thống kê khen thưởng năm {d['year']} của {c.names(d['issuer_unit_id'])}"),
    "AwardTally.Counted": lambda d, c: (
        f"Cộng {sum(int(v) for v in d['counts'].values())} khen thưởng của quyết định "
        f"{c.names(d['decision_id'])}"),
    "AwardTally.Uncounted": lambda d, c: (
        f"Trừ các khen thưởng của quyết định {c.names(d['decision_id'])}"),
    "AwardHistory.Opened": lambda d, c: (
        f"Mở sổ khen thưởng, kỷ luật của {SUBJECT_KINDS.get(d['subject_kind'], '')} "
        f"{d['subject_name']} ({c.names(d['unit_id'])})"),
    "AwardHistory.AwardRecorded": _recorded,
    "AwardHistory.AwardsRevoked": lambda d, c: (
        f"Hủy {len(d['entries'])} khen thưởng theo việc hủy quyết định "
        f"{c.names(d['decision_id'])}{_reason(d)}"),
    "AwardHistory.DisciplineImposed": lambda d, c: (
        f"Bị kỷ luật từ ngày {_day(d['since'])}{_reason(d)}"),
    "AwardHistory.DisciplineLifted": lambda d, c: (
        f"Hết kỷ luật từ ngày {_day(d['on'])}{_reason(d)}"),
    "AwardForm.Defined": lambda d, c: "Thêm vào danh mục: " + _form_defined(d, c),
    "AwardForm.Redefined": lambda d, c: (
        f"Sửa thành «{d['name']}» cho {_kinds(d['subject_kinds'])}, áp dụng từ "
        f"{_day(d['effective_from'])}"),
    "AwardSettings.Configured": lambda d, c: (
        f"Đặt quy định riêng về khen thưởng của {c.names(d['unit_id'])}"),
    "AwardSettings.Reconfigured": lambda d, c: "Sửa quy định riêng về khen thưởng",
    "CertificateLayout.Set": lambda d, c: f"Đặt bố cục in phôi cho hình thức mã {d['code']}",
    "CertificateLayout.Changed": lambda d, c: "Sửa bố cục in phôi",
    "Paper.Issued": _paper,
    "IssuedDocument.PdfProduced": lambda d, c: (
        f"Tạo bản PDF (SHA-256 {d['pdf_sha256'][:16]}…)"),
    "User.RoleGranted": lambda d, c: (
        f"Đổi vai trò thành {ROLES.get(d['role'], d['role'])}"
        + (f", đơn vị {c.names(d['unit_id'])}" if d.get("unit_id") else "")),
    "User.Enabled": lambda d, c: "Mở khóa tài khoản",
    "YearSummary.Drafted": lambda d, c: (
        f"Dự thảo báo cáo tổng kết năm {d['year']} của {c.names(d['unit_id'])}"),
    "YearSummary.Changed": lambda d, c: "Sửa nội dung báo cáo tổng kết năm",
    "YearSummary.Issued": lambda d, c: "Ban hành báo cáo tổng kết năm",
}
