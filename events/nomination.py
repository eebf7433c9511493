"""Đề nghị khen thưởng: a unit's nomination of a subject for a title or award form.

One nomination per campaign, subject, award and year (the id is derived from them). Its
life: submitted → (returned → resubmitted)* → voting → passed | failed → approved |
not selected (the council's quota ranking) → awarded → revoked; withdrawn at any point
before the vote or the decision. A session that ends without deciding it (cancelled, or
concluded before its ballot was counted) puts it back to submitted, for a later session.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.award_form import AwardFormEntry, entry_of_snapshot
from events.errors import ConflictError, InvalidInputError
from events.rules import INDIVIDUAL, ROUTES, WomenFirstRule
from events.values import format_points

SUBMITTED = "submitted"
RETURNED = "returned"
WITHDRAWN = "withdrawn"
VOTING = "voting"
PASSED = "passed"
FAILED = "failed"
APPROVED = "approved"
NOT_SELECTED = "not_selected"
AWARDED = "awarded"
REVOKED = "revoked"
STATUSES = {
    SUBMITTED: "Đã gửi, chờ xét",
    RETURNED: "Trả lại để bổ sung",
    WITHDRAWN: "Đơn vị đã rút",
    VOTING: "Hội đồng đang bỏ phiếu",
    PASSED: "Đạt tỷ lệ phiếu",
    FAILED: "Không đạt tỷ lệ phiếu",
    APPROVED: "Hội đồng đề nghị khen thưởng",
    NOT_SELECTED: "Đạt tỷ lệ phiếu nhưng ngoài chỉ tiêu",
    AWARDED: "Đã có quyết định khen thưởng",
    REVOKED: "Quyết định khen thưởng đã bị hủy",
}
WITHDRAWABLE = (SUBMITTED, RETURNED, PASSED, FAILED, APPROVED, NOT_SELECTED)


def check_women(subject_kind: str, female: object = None, staff_total: object = None,
                staff_women: object = None) -> dict[str, Any] | None:
    """What the dossier declares for the women-first rule at a tie: whether an individual
    is a woman (``{"female": true}``), or a collective's members and women among them
    (``{"total": 40, "women": 30}``). Nothing declared: ``None``."""
    if subject_kind == INDIVIDUAL:
        for value, field in ((staff_total, "staff_total"), (staff_women, "staff_women")):
            if value is not None:
                raise InvalidInputError(
                    f"Trường «{field}» chỉ dùng cho hồ sơ của tập thể.", field)
        if female is None:
            return None
        if not isinstance(female, bool):
            raise InvalidInputError("Trường «female» phải là true hoặc false.", "female")
        return {"female": female}
    if female is not None:
        raise InvalidInputError("Trường «female» chỉ dùng cho hồ sơ của cá nhân.", "female")
    if staff_total is None and staff_women is None:
        return None
    counts: dict[str, int] = {}
    for value, field, key in ((staff_total, "staff_total", "total"),
                              (staff_women, "staff_women", "women")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInputError(
                f"Trường «{field}» phải là số nguyên không âm (nhập cả tổng số thành viên và "
                "số nữ).", field)
        counts[key] = value
    if counts["total"] < 1:
        raise InvalidInputError("Tập thể phải có ít nhất một thành viên.", "staff_total")
    if counts["women"] > counts["total"]:
        raise InvalidInputError("Số nữ không được lớn hơn tổng số thành viên.", "staff_women")
    return counts


def women_text(women: dict[str, Any] | None) -> str:
    """The declared facts in words ("" when none were declared)."""
    if not women:
        return ""
    if "female" in women:
        return "Cá nhân nữ" if women["female"] else "Cá nhân nam"
    return f"{women['women']}/{women['total']} thành viên là nữ"


def women_first(women: dict[str, Any] | None, rule: WomenFirstRule | None) -> str | None:
    """Why the nominee goes first at a tie under ``rule``, or None."""
    if not women or rule is None:
        return None
    if women.get("female"):
        return "cá nhân nữ"
    if "total" in women and Decimal(100) * women["women"] >= rule.women_percent * \
            women["total"]:
        share = (Decimal(100) * women["women"] / women["total"]).quantize(Decimal(1))
        return f"tập thể có {share} % nữ (từ {format_points(rule.women_percent)} % trở lên)"
    return None


class Nomination(Aggregate):
    """A nomination (hồ sơ đề nghị) and what became of it."""

    @staticmethod
    def create_id(campaign_id: UUID, subject_id: UUID, award: str, year: int) -> UUID:
        return ids.nomination_id(campaign_id, subject_id, award, year)

    @event("Submitted")
    def __init__(
        self, campaign_id: UUID, subject_kind: str, subject_id: UUID, subject_name: str,
        unit_id: UUID, sector: str | None, submitting_unit_id: UUID, award: str, year: int,
        route: str, summary: str, actor: str, women: dict[str, Any] | None = None,
        form: dict[str, Any] | None = None, dossier_id: UUID | None = None,
    ) -> None:
        self.campaign_id = campaign_id
        # The dossier it came up the tiers in (events/dossier.py); none when submitted alone.
        self.dossier_id = dossier_id
        # The catalogue entry as submitted; nominations stored before the catalogue have
        # none and ``award`` is then a legal category (its default entry).
        self.form = dict(form) if form else None
        self.women = women  # declared for the women-first rule at a tie (check_women)
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.subject_name = subject_name
        self.unit_id = unit_id
        self.sector = sector
        self.submitting_unit_id = submitting_unit_id
        self.award = award
        self.year = year
        self.route = route
        self.summary = summary
        self.status = SUBMITTED
        self.returns: list[dict[str, str]] = []
        self.ballot_id: UUID | None = None
        self.votes: dict[str, Any] | None = None
        self.decision_id: UUID | None = None
        self.decision_number: str | None = None
        self.rank: int | None = None
        self.session_id: UUID | None = None
        self.reason = ""
        self.submitted_by = actor

    @property
    def entry(self) -> AwardFormEntry:
        return entry_of_snapshot(self.award, self.form)

    @property
    def category(self) -> str:
        """The legal category the rules apply to."""
        return self.entry.category

    @property
    def award_name(self) -> str:
        return self.entry.name

    # --- guards -------------------------------------------------------------------------

    def _check_status(self, allowed: tuple[str, ...], doing: str) -> None:
        if self.status not in allowed:
            raise ConflictError(
                f"Hồ sơ đề nghị đang ở trạng thái «{STATUSES[self.status]}»: không thể "
                f"{doing}.", "nomination_id")

    # --- commands of the unit and the secretariat ---------------------------------------------

    def return_for_changes(self, reason: str, actor: str) -> None:
        self._check_status((SUBMITTED,), "trả lại")
        self._return(reason=reason, actor=actor)

    def resubmit(self, summary: str, actor: str) -> None:
        self._check_status((RETURNED,), "gửi lại (chỉ gửi lại hồ sơ đã bị trả lại)")
        self._resubmit(summary=summary, actor=actor)

    def amend(self, summary: str, actor: str, women: dict[str, Any] | None = None) -> None:
        """Change the summary and, when given, the declared women facts ({}: none now)."""
        self._check_status((SUBMITTED, RETURNED), "sửa")
        self._amend(summary=summary, actor=actor, women=women)

    def withdraw(self, reason: str, actor: str) -> None:
        self._check_status(WITHDRAWABLE, "rút")
        self._withdraw(reason=reason, actor=actor)

    @event("Returned")
    def _return(self, reason: str, actor: str) -> None:
        self.status = RETURNED
        self.reason = reason
        self.returns.append({"reason": reason, "by": actor})

    @event("Resubmitted")
    def _resubmit(self, summary: str, actor: str) -> None:
        self.status = SUBMITTED
        self.summary = summary
        self.reason = ""

    # ``women`` came later: an Amended event without it left the declared facts alone.
    @event("Amended")
    def _amend(self, summary: str, actor: str, women: dict[str, Any] | None = None) -> None:
        self.summary = summary
        if women is not None:
            self.women = women or None

    @event("Withdrawn")
    def _withdraw(self, reason: str, actor: str) -> None:
        self.status = WITHDRAWN
        self.reason = reason

    # --- the council ------------------------------------------------------------------------

    def open_ballot(self, ballot_id: UUID, actor: str) -> None:
        self._check_status((SUBMITTED,), "đưa ra bỏ phiếu")
        self._open_ballot(ballot_id=ballot_id, actor=actor)

    def count_votes(self, ballot_id: UUID, yes: int, no: int, members: int,
                    percent: Decimal, passed: bool, actor: str) -> None:
        self._check_status((VOTING,), "ghi kết quả bỏ phiếu")
        self._count_votes(ballot_id=ballot_id, yes=yes, no=no, members=members,
                          percent=percent, passed=passed, actor=actor)

    def select(self, session_id: UUID, rank: int, actor: str) -> None:
        self._check_status((PASSED,), "đề nghị khen thưởng")
        self._select(session_id=session_id, rank=rank, actor=actor)

    def leave_out(self, session_id: UUID, rank: int, reason: str, actor: str) -> None:
        self._check_status((PASSED,), "loại khỏi danh sách")
        self._leave_out(session_id=session_id, rank=rank, reason=reason, actor=actor)

    def return_to_board(self, ballot_id: UUID, reason: str, actor: str) -> bool:
        """The session that held ``ballot_id`` ended without deciding this nomination
        (cancelled, or concluded before its ballot was counted): it waits again for a
        later session. A nomination that moved on since (withdrawn) stays as it is."""
        if self.ballot_id != ballot_id or self.status not in (VOTING, PASSED, FAILED):
            return False
        self._return_to_board(ballot_id=ballot_id, reason=reason, actor=actor)
        return True

    @event("BallotOpened")
    def _open_ballot(self, ballot_id: UUID, actor: str) -> None:
        self.status = VOTING
        self.ballot_id = ballot_id

    @event("VotesCounted")
    def _count_votes(self, ballot_id: UUID, yes: int, no: int, members: int,
                     percent: Decimal, passed: bool, actor: str) -> None:
        self.status = PASSED if passed else FAILED
        self.votes = {"yes": yes, "no": no, "members": members, "percent": percent}

    @event("ReturnedToBoard")
    def _return_to_board(self, ballot_id: UUID, reason: str, actor: str) -> None:
        self.status = SUBMITTED
        self.ballot_id = None
        self.votes = None

    @event("Selected")
    def _select(self, session_id: UUID, rank: int, actor: str) -> None:
        self.status = APPROVED
        self.session_id = session_id
        self.rank = rank

    @event("LeftOut")
    def _leave_out(self, session_id: UUID, rank: int, reason: str, actor: str) -> None:
        self.status = NOT_SELECTED
        self.session_id = session_id
        self.rank = rank
        self.reason = reason

    # --- the decision -----------------------------------------------------------------------

    def check_approved(self, field: str) -> None:
        if self.status != APPROVED:
            raise ConflictError(
                f"Hồ sơ «{self.subject_name}» đang ở trạng thái «{STATUSES[self.status]}»: "
                "chỉ hồ sơ được Hội đồng đề nghị mới đưa vào quyết định.", field)

    def award_by(self, decision_id: UUID, number: str, actor: str) -> None:
        self.check_approved("nomination_ids")
        self._award(decision_id=decision_id, number=number, actor=actor)

    def revoke(self, decision_id: UUID, reason: str, actor: str) -> None:
        if self.status == AWARDED and self.decision_id == decision_id:
            self._revoke(decision_id=decision_id, reason=reason, actor=actor)

    @event("Awarded")
    def _award(self, decision_id: UUID, number: str, actor: str) -> None:
        self.status = AWARDED
        self.decision_id = decision_id
        self.decision_number = number

    @event("Revoked")
    def _revoke(self, decision_id: UUID, reason: str, actor: str) -> None:
        self.status = REVOKED
        self.reason = reason

    # --- the public notice (events/notice.py) -------------------------------------------

    @property
    def notice(self) -> dict[str, Any] | None:
        """The latest public notice of this nomination: {notice_id, published_on,
        closes_on}; none before one is published."""
        return getattr(self, "_notice", None)

    def check_noticeable(self, field: str) -> None:
        if self.status in (WITHDRAWN, AWARDED, REVOKED):
            raise ConflictError(
                f"Hồ sơ «{self.subject_name}» đang ở trạng thái «{STATUSES[self.status]}»: "
                "không đưa vào danh sách công khai.", field)

    def check_notice_over(self, on: date, required: bool, field: str) -> None:
        """Refuse a decision on ``on`` while this nomination's notice window is open, or
        with none when the organisation requires one."""
        notice = self.notice
        if notice is None:
            if required:
                raise ConflictError(
                    f"«{self.subject_name}» chưa được công khai danh sách đề nghị trước khi "
                    "quyết định (đơn vị quy định phải công khai).", field)
            return
        if on <= notice["closes_on"]:
            raise ConflictError(
                f"«{self.subject_name}» đang trong thời gian công khai đến hết ngày "
                f"{notice['closes_on']:%d/%m/%Y}: chưa ban hành quyết định được (sớm nhất "
                "ngày hôm sau).", field)

    @event("NoticePublished")
    def publish_notice(self, notice_id: UUID, published_on: date, closes_on: date,
                       actor: str) -> None:
        self._notice = {"notice_id": notice_id, "published_on": published_on,
                        "closes_on": closes_on}

    def as_dict(self) -> dict[str, Any]:
        notice = self.notice
        return {
            "notice": None if notice is None else {
                "notice_id": str(notice["notice_id"]), "published_on": notice["published_on"],
                "closes_on": notice["closes_on"]},
            "id": str(self.id), "campaign_id": str(self.campaign_id),
            "subject_kind": self.subject_kind, "subject_id": str(self.subject_id),
            "subject_name": self.subject_name, "unit_id": str(self.unit_id),
            "sector": self.sector, "submitting_unit_id": str(self.submitting_unit_id),
            "award": self.award, "award_name": self.award_name,
            "category": self.category, "system": self.entry.system, "year": self.year,
            "route": self.route, "route_name": ROUTES[self.route], "summary": self.summary,
            "women": self.women, "women_text": women_text(self.women),
            "status": self.status, "status_name": STATUSES[self.status],
            "reason": self.reason, "returns": self.returns,
            "ballot_id": str(self.ballot_id) if self.ballot_id else None,
            "votes": self.votes, "rank": self.rank,
            "decision_id": str(self.decision_id) if self.decision_id else None,
            "decision_number": self.decision_number,
            "submitted_by": self.submitted_by,
            "dossier_id": str(self.dossier_id) if self.dossier_id else None,
            "version": self.version,
        }
