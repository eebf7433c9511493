"""Hội đồng Thi đua – Khen thưởng: a session (members, attendance, quorum) and its ballots.

A ballot is opened per nomination with the session's members and attendance, the
title's threshold and whether the vote is secret (the rule tables, as in force on the
session's date). Each member votes once; absent members may send a written opinion,
which counts: the secretary enters it with the scanned signed form, whose SHA-256 the vote
records (``proof``; the file itself is kept by ``services/files.py``). Closing computes the
result as a share of the *total membership*.

Secret ballots never hold a readable choice: the aggregate keeps, per member, only a
sealed envelope (an opaque string made by the application service, see
``services/secret_ballot.py``), so that the once-only rule can be checked; at closing
the service opens the envelopes and the ``Closed`` event records the counts alone.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.award_form import entry_of_snapshot
from events.errors import ConflictError, InvalidInputError, PermissionDeniedError
from events.rules import COUNTED, EXCLUDED

SHA256 = re.compile(r"^[0-9a-f]{64}$")
YES = "dong_y"
NO = "khong_dong_y"
CHOICES = {YES: "Đồng ý", NO: "Không đồng ý"}


def quorum_needed(members: int, numerator: int, denominator: int) -> int:
    """Members who must be present: ⌈numerator/denominator × members⌉."""
    return -(-members * numerator // denominator)


def share_percent(part: int, whole: int) -> Decimal:
    """``part`` as a percentage of ``whole``, rounded half up to two decimals (8 of 9 →
    88.89): the figure the API answers and the papers print."""
    return (Decimal(part * 100) / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_choice(value: object) -> str:
    if value not in CHOICES:
        raise InvalidInputError(
            f"Phiếu «{value}» không hợp lệ: dùng «{YES}» (đồng ý) hoặc «{NO}» "
            "(không đồng ý).", "choice")
    return str(value)


class CouncilSession(Aggregate):
    """A meeting of the council: who sits on it, who came, which ballots it held."""

    @event("Convened")
    def __init__(self, unit_id: UUID, title: str, held_on: date, members: list[str],
                 chair: str, quorum: dict[str, int], actor: str) -> None:
        self.unit_id = unit_id
        self.title = title
        self.held_on = held_on
        self.members = list(members)
        self.chair = chair
        self.quorum = dict(quorum)
        self.present: list[str] = []
        self.ballots: dict[str, UUID] = {}  # nomination id (text) → ballot id
        self.results: list[dict[str, Any]] | None = None
        self.cancel_reason: str | None = None
        self.created_by = actor

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(len(self.members), self.quorum["numerator"],
                             self.quorum["denominator"])

    @property
    def status(self) -> str:
        """``open``, ``concluded`` or ``cancelled``: the last two are final."""
        if self.results is not None:
            return "concluded"
        return "cancelled" if self.cancel_reason is not None else "open"

    def _check_open(self) -> None:
        if self.results is not None:
            raise ConflictError("Phiên họp đã kết luận.", "session_id")
        if self.cancel_reason is not None:
            raise ConflictError(f"Phiên họp đã hủy ({self.cancel_reason}).", "session_id")

    def check_quorum_present(self) -> None:
        """A ballot opens only after attendance shows the quorum: members who are not
        marked present could not vote on it."""
        if len(self.present) < self.quorum_needed:
            raise ConflictError(
                f"Chưa đủ số thành viên dự họp: có mặt {len(self.present)}/"
                f"{len(self.members)}, cần ít nhất {self.quorum_needed}. Điểm danh (ghi "
                "danh sách có mặt) trước khi mở phiếu biểu quyết.", "present")

    def record_attendance(self, present: list[str], actor: str) -> None:
        self._check_open()
        for index, member in enumerate(present):
            if member not in self.members:
                raise InvalidInputError(
                    f"«{member}» không phải thành viên Hội đồng của phiên họp này.",
                    f"present[{index}]")
        if len(set(present)) != len(present):
            raise InvalidInputError("Danh sách có mặt bị lặp tên.", "present")
        self._record_attendance(present=sorted(present), actor=actor)

    def add_ballot(self, ballot_id: UUID, nomination_id: UUID, actor: str) -> None:
        self._check_open()
        self.check_quorum_present()
        if str(nomination_id) in self.ballots:
            raise ConflictError("Hồ sơ này đã có phiếu biểu quyết trong phiên họp.",
                                "nomination_id")
        self._add_ballot(ballot_id=ballot_id, nomination_id=nomination_id, actor=actor)

    def conclude(self, results: list[dict[str, Any]], actor: str) -> None:
        self._check_open()
        self._conclude(results=results, actor=actor)

    def check_concludable(self) -> None:
        self._check_open()

    def cancel(self, reason: str, actor: str) -> None:
        """End the session without a conclusion (its ballots are cancelled by the service
        and their nominations go back to the board)."""
        self._check_open()
        if not reason:
            raise InvalidInputError("Cần nêu lý do hủy phiên họp.", "reason")
        self._cancel(reason=reason, actor=actor)

    @event("AttendanceRecorded")
    def _record_attendance(self, present: list[str], actor: str) -> None:
        self.present = list(present)

    @event("BallotAdded")
    def _add_ballot(self, ballot_id: UUID, nomination_id: UUID, actor: str) -> None:
        self.ballots[str(nomination_id)] = ballot_id

    @event("Concluded")
    def _conclude(self, results: list[dict[str, Any]], actor: str) -> None:
        self.results = results

    @event("Cancelled")
    def _cancel(self, reason: str, actor: str) -> None:
        self.cancel_reason = reason

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "unit_id": str(self.unit_id), "title": self.title,
            "held_on": self.held_on, "members": self.members, "chair": self.chair,
            "quorum": self.quorum, "quorum_needed": self.quorum_needed,
            "present": self.present, "has_quorum": len(self.present) >= self.quorum_needed,
            "ballots": {n: str(b) for n, b in self.ballots.items()},
            "concluded": self.results is not None, "results": self.results or [],
            "status": self.status, "cancelled": self.cancel_reason is not None,
            "cancel_reason": self.cancel_reason,
        }


class Ballot(Aggregate):
    """The vote of one session on one nomination."""

    @staticmethod
    def create_id(session_id: UUID, nomination_id: UUID) -> UUID:
        return ids.ballot_id(session_id, nomination_id)

    @event("Opened")
    def __init__(
        self, session_id: UUID, nomination_id: UUID, campaign_id: UUID, award: str,
        subject_kind: str, subject_id: UUID, subject_name: str, sector: str | None,
        members: list[str], present: list[str], chair: str, quorum_needed: int,
        threshold: dict[str, Any], secret: bool, held_on: date, actor: str,
        priority: str | None = None, form: dict[str, Any] | None = None,
    ) -> None:
        self.session_id = session_id
        # Members who do not vote on this nomination, each with the reason: found when the
        # ballot opens (the nominee, the head of a nominated collective: ``automatic``) or
        # recorded by the secretary. ``threshold["recused"]`` says how the share counts
        # them.
        self.recused: dict[str, str] = {}
        self.recused_automatic: list[str] = []
        # The nomination's catalogue entry (none on ballots opened before the catalogue).
        self.form = dict(form) if form else None
        # Why this nominee goes first at a tie (women-first rule), fixed when the ballot opens.
        self.priority = priority
        self.nomination_id = nomination_id
        self.campaign_id = campaign_id
        self.award = award
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.subject_name = subject_name
        self.sector = sector
        self.members = list(members)
        self.present = list(present)
        self.chair = chair
        self.quorum_needed = quorum_needed
        self.threshold = dict(threshold)
        self.secret = secret
        self.held_on = held_on
        self.voters: list[str] = []
        self.written: list[str] = []
        # Written opinions: member → SHA-256 of the scanned signed form (none for opinions
        # recorded before forms were required).
        self.proofs: dict[str, str] = {}
        self.choices: dict[str, str] = {}  # open ballots only: member → choice
        self.sealed: dict[str, str] = {}  # secret ballots only: member → sealed envelope
        self.result: dict[str, Any] | None = None
        self.cancel_reason: str | None = None
        self.created_by = actor

    @property
    def is_open(self) -> bool:
        return self.result is None and self.cancel_reason is None

    # --- attendance and cancelling ------------------------------------------------------

    def update_presence(self, present: list[str], actor: str) -> None:
        """The session's attendance changed while the ballot is open: members now present
        vote themselves, members now absent send a written opinion. Votes already cast
        stay as they were cast."""
        if self.is_open and sorted(present) != sorted(self.present):
            self._update_presence(present=sorted(present), actor=actor)

    def cancel(self, reason: str, actor: str) -> None:
        """The session ended before this ballot was counted: its votes are void (a secret
        one's envelopes are never opened) and its nomination goes back to the board."""
        if not self.is_open:
            raise ConflictError("Phiếu biểu quyết đã kết thúc hoặc đã hủy.", "ballot_id")
        self._cancel(reason=reason, actor=actor)

    @event("AttendanceUpdated")
    def _update_presence(self, present: list[str], actor: str) -> None:
        self.present = list(present)

    @event("Cancelled")
    def _cancel(self, reason: str, actor: str) -> None:
        self.cancel_reason = reason

    # --- recusal ----------------------------------------------------------------------

    @property
    def recusal_mode(self) -> str:
        """How the share counts a recused member (ballots opened before recusal kept the
        whole membership)."""
        return str(self.threshold.get("recused", COUNTED))

    @property
    def base(self) -> int:
        """The membership the share is taken of: all members, less the recused where the
        rule excludes them."""
        if self.recusal_mode == EXCLUDED:
            return len(self.members) - len(getattr(self, "recused", {}))
        return len(self.members)

    def record_recusal(self, member: str, reason: str, actor: str,
                       automatic: bool = False) -> None:
        """A member does not vote on this nomination: found when the ballot opens
        (``automatic``), or recorded by the secretary with the reason."""
        if not self.is_open:
            raise ConflictError("Phiếu biểu quyết đã kết thúc hoặc đã hủy.", "ballot_id")
        if member not in self.members:
            raise InvalidInputError(
                f"«{member}» không phải thành viên Hội đồng của phiếu này.", "member")
        if member in self.recused:
            raise ConflictError(f"Thành viên «{member}» đã không tham gia biểu quyết hồ sơ "
                                f"này ({self.recused[member]}).", "member")
        if member in self.voters:
            raise ConflictError(f"Thành viên «{member}» đã bỏ phiếu hồ sơ này.", "member")
        if not reason:
            raise InvalidInputError("Cần nêu lý do thành viên không tham gia biểu quyết.",
                                    "reason")
        if self.recusal_mode == EXCLUDED and self.base <= 1:
            raise ConflictError("Không còn thành viên nào biểu quyết hồ sơ này.", "member")
        self._recuse(member=member, reason=reason, automatic=automatic, actor=actor)

    @event("RecusalRecorded")
    def _recuse(self, member: str, reason: str, automatic: bool, actor: str) -> None:
        self.recused[member] = reason
        if automatic:
            self.recused_automatic.append(member)

    # --- voting -----------------------------------------------------------------------

    def check_vote(self, member: str, written: bool, proof: str | None = None) -> None:
        """Refuse a vote that breaks a rule: membership, once only, open ballot, presence,
        and a written opinion without the SHA-256 of its signed form."""
        if self.result is not None:
            raise ConflictError("Phiếu biểu quyết đã đóng: không nhận thêm phiếu.", "ballot_id")
        if self.cancel_reason is not None:
            raise ConflictError(
                f"Phiếu biểu quyết đã hủy ({self.cancel_reason}): không nhận phiếu.",
                "ballot_id")
        if member not in self.members:
            raise PermissionDeniedError(
                f"«{member}» không phải thành viên Hội đồng nên không được bỏ phiếu.", "member")
        if member in self.voters:
            raise ConflictError(f"Thành viên «{member}» đã bỏ phiếu; mỗi người một phiếu.",
                                "member")
        if member in getattr(self, "recused", {}):
            raise ConflictError(
                f"Thành viên «{member}» không tham gia biểu quyết hồ sơ này "
                f"({self.recused[member]}).", "member")
        if written and member in self.present:
            raise InvalidInputError(
                f"Thành viên «{member}» có mặt tại phiên họp nên bỏ phiếu trực tiếp, "
                "không gửi ý kiến bằng văn bản.", "member")
        if not written and member not in self.present:
            raise InvalidInputError(
                f"Thành viên «{member}» vắng mặt: chỉ gửi ý kiến bằng văn bản, do thư ký "
                "Hội đồng ghi nhận.", "member")
        if written and not (isinstance(proof, str) and SHA256.match(proof)):
            raise InvalidInputError(
                f"Ý kiến bằng văn bản của thành viên «{member}» phải kèm bản quét phiếu ý kiến "
                "có chữ ký (PDF, JPG hoặc PNG).", "file")
        if not written and proof is not None:
            raise InvalidInputError(
                "Thành viên bỏ phiếu trực tiếp không kèm tệp.", "file")

    def vote(self, member: str, choice: str, written: bool, actor: str,
             proof: str | None = None) -> None:
        if self.secret:
            raise InvalidInputError("Phiếu kín: lá phiếu phải được niêm phong.", "choice")
        self.check_vote(member, written, proof)
        self._vote(member=member, choice=check_choice(choice), written=written, actor=actor,
                   proof=proof)

    def vote_sealed(self, member: str, sealed: str, written: bool, actor: str,
                    proof: str | None = None) -> None:
        if not self.secret:
            raise InvalidInputError("Biểu quyết công khai: không dùng phiếu niêm phong.",
                                    "choice")
        self.check_vote(member, written, proof)
        self._vote_sealed(member=member, sealed=sealed, written=written, actor=actor,
                          proof=proof)

    def _count_in(self, member: str, written: bool, proof: str | None) -> None:
        self.voters.append(member)
        if written:
            self.written.append(member)
            if proof:
                self.proofs[member] = proof

    # ``proof`` (the signed form's SHA-256) has a default: votes stored before it replay.
    @event("Voted")
    def _vote(self, member: str, choice: str, written: bool, actor: str,
              proof: str | None = None) -> None:
        self._count_in(member, written, proof)
        self.choices[member] = choice

    # The event's name says what it reveals: that the member voted, not how.
    @event("MemberVoted")
    def _vote_sealed(self, member: str, sealed: str, written: bool, actor: str,
                     proof: str | None = None) -> None:
        self._count_in(member, written, proof)
        self.sealed[member] = sealed

    # --- closing ----------------------------------------------------------------------

    def check_closable(self) -> None:
        if self.result is not None:
            raise ConflictError("Phiếu biểu quyết đã đóng.", "ballot_id")
        if self.cancel_reason is not None:
            raise ConflictError(f"Phiếu biểu quyết đã hủy ({self.cancel_reason}).",
                                "ballot_id")
        if len(self.present) < self.quorum_needed:
            raise ConflictError(
                f"Phiên họp không đủ số thành viên dự họp: có mặt {len(self.present)}/"
                f"{len(self.members)}, cần ít nhất {self.quorum_needed}; chưa thể kết thúc "
                "bỏ phiếu. Ghi lại danh sách có mặt, hoặc kết luận hay hủy phiên họp (phiếu "
                "chưa kết thúc thì hồ sơ trở lại danh sách chờ xét).", "present")

    def open_tally(self) -> tuple[int, int]:
        """Yes and no of an open ballot (a secret one is counted by the service)."""
        yes = sum(1 for c in self.choices.values() if c == YES)
        return yes, len(self.choices) - yes

    def passes(self, yes: int) -> bool:
        needed = Decimal(self.threshold["percent"]) * self.base
        share = Decimal(yes * 100)
        return share > needed if self.threshold["strict"] else share >= needed

    def close(self, yes: int, no: int, actor: str) -> None:
        self.check_closable()
        if yes < 0 or no < 0 or yes + no != len(self.voters):
            raise ConflictError("Số phiếu kiểm không khớp số người đã bỏ phiếu.", "ballot_id")
        members = self.base
        percent = share_percent(yes, members)
        self._close(yes=yes, no=no, cast=yes + no, written=len(self.written), members=members,
                    percent=percent, passed=self.passes(yes), actor=actor)

    @event("Closed")
    def _close(self, yes: int, no: int, cast: int, written: int, members: int,
               percent: Decimal, passed: bool, actor: str) -> None:
        self.result = {"yes": yes, "no": no, "cast": cast, "written": written,
                       "members": members, "percent": percent, "passed": passed}

    @property
    def award_name(self) -> str:
        return entry_of_snapshot(self.award, self.form).name

    @property
    def category(self) -> str:
        return entry_of_snapshot(self.award, self.form).category

    @property
    def chair_choice(self) -> str | None:
        """The chair's recorded choice (open ballots only; a secret one is never known)."""
        return None if self.secret else self.choices.get(self.chair)

    def as_dict(self) -> dict[str, Any]:
        """The ballot as answered. A secret one gives counts only, never who voted: with a
        unanimous result that list would name every choice (attendance is the session's)."""
        data: dict[str, Any] = {
            "id": str(self.id), "session_id": str(self.session_id),
            "nomination_id": str(self.nomination_id), "campaign_id": str(self.campaign_id),
            "award": self.award, "award_name": self.award_name,
            "subject_kind": self.subject_kind, "subject_id": str(self.subject_id),
            "subject_name": self.subject_name, "held_on": self.held_on,
            "secret": self.secret, "threshold": self.threshold, "priority": self.priority,
            "members": len(self.members), "present": len(self.present),
            "quorum_needed": self.quorum_needed, "votes_cast": len(self.voters),
            "written_opinions": len(self.written),
            "recused": [{"member": m, "reason": r,
                         "automatic": m in getattr(self, "recused_automatic", [])}
                        for m, r in getattr(self, "recused", {}).items()],
            "recusal_count": self.recusal_mode, "base": self.base,
            "status": "closed" if self.result is not None else
            "cancelled" if self.cancel_reason is not None else "open",
            "cancel_reason": self.cancel_reason, "result": self.result,
        }
        if not self.secret:  # open votes are public: who voted and how
            data["voted"] = sorted(self.voters)
            data["choices"] = dict(self.choices)
        return data
