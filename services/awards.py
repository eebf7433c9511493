"""Nominations, council ballots and award decisions: the use cases, shared by CLI and HTTP.

Every command reads get → act → save. A rule that spans several aggregates is kept by
saving them in one ``app.save(...)``: the store refuses the whole transaction when any
of them changed since it was read (optimistic concurrency), and the command is retried
on fresh state, a bounded number of times. ``conflicts`` counts those retries.

Secret ballots: see ``services/secret_ballot.py`` for how a vote is sealed and why the
event log never shows a member's choice.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from docgen.vietnamese import document_reference
from events import ids
from events.award_history import FROM_DECISION, PAST, AwardHistory, check_eligible
from events.award_settings import (
    AwardSettings,
    cap_text,
    check_caps,
    check_council_rules,
    check_quorum,
)
from events.campaign import INDIVIDUAL, SUBJECT_KINDS, Campaign
from events.council import YES, Ballot, CouncilSession, check_choice
from events.decision import (
    DECISION_TYPE,
    OTHER_SECTORS,
    AwardDecision,
    AwardTally,
    DocumentRegister,
    QuotaLedger,
    check_symbol,
    symbol_for,
)
from events.errors import ConflictError, InvalidInputError
from events.money import format_vnd, prize_amount
from events.nomination import STATUSES, Nomination, check_women, women_first
from events.rules import (
    ANNUAL,
    ROUTES,
    TITLE,
    CouncilRule,
    award_in_force,
    award_kind,
    award_name,
    base_salary,
    council_rule,
    default_quorum,
    prize_coefficient,
    rules_in_force,
    women_first_rule,
)
from events.text import clean_text
from events.unit import SECTORS
from events.user import User
from events.values import parse_date
from services.actors import Actor, check_allowed
from services.application import ThiduaApplication, parse_uuid
from services.documents import signature_of
from services.projections.awards import (
    AwardsProjection,
    history_rows,
    nomination_board,
    quota_usage,
)
from services.projections.log import hex_id
from services.projections.runner import current_view
from services.secret_ballot import count, seal

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")
RETRIES = 200  # thirty members voting at once: the last one may lose many races


@dataclass(frozen=True)
class Subject:
    """A person or a unit as a nomination sees it."""

    kind: str
    id: UUID
    name: str
    unit_id: UUID
    sector: str | None


def _yes(ballot: Ballot) -> int:
    """A closed ballot's yes votes."""
    assert ballot.result is not None
    return int(ballot.result["yes"])


def _tie_break(ballot: Ballot, ranked: list[Ballot], kept: list[Ballot]) -> str | None:
    """How a kept nomination won a tie for the last places (for the Biên bản), if it did."""
    lost = [b for b in ranked if b not in kept and _yes(b) == _yes(ballot)]
    if not lost:
        return None
    if ballot.priority and not any(b.priority for b in lost):
        return f"ưu tiên {ballot.priority}"
    return "Chủ tịch Hội đồng quyết định"


class AwardsService:
    """The nomination → council → decision use cases."""

    def __init__(self, app: ThiduaApplication, secret_key: str | bytes | None, *,
                 retries: int = RETRIES) -> None:
        self.app = app
        # The key that seals secret ballots; without one (the demo loader, reading
        # tools) everything works except casting and counting a secret vote.
        self.secret = (secret_key.encode("utf-8") if isinstance(secret_key, str)
                       else secret_key or b"")
        self.retries = retries
        self.conflicts = 0  # retried optimistic-concurrency conflicts (for the benchmark)

    # --- helpers ----------------------------------------------------------------------

    def _get(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            aggregate = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def _retry(self, attempt: Callable[[int], tuple[list[Aggregate], T]], message: str,
               field: str | None, *, key: str | None = None, command: str = "",
               earlier: Callable[[UUID], T] | None = None, actor: Actor | None = None) -> T:
        """Run ``attempt`` and save what it returns; on a conflict, again on fresh state.

        With an idempotency ``key`` (a form's), the command is saved with its submission
        record: the same key again (a double click, a resubmitted page) answers what the
        first one did, through ``earlier``, and records nothing more.
        """
        for number in range(self.retries):
            done = self.app._earlier_submission(key)
            if done is not None and earlier is not None:
                return earlier(UUID(done.result_id))
            aggregates, result = attempt(number)
            if key is not None and actor is not None:
                aggregates = list(self.app._with_submission(
                    key, command, result.id, actor, *aggregates))  # type: ignore[attr-defined]
            try:
                self.app.save(*aggregates)
            except IntegrityError:
                self.conflicts += 1
                # Jittered, growing pause: racers spread out instead of colliding again.
                time.sleep(random.uniform(0, min(0.02, 0.001 * 2 ** min(number, 6))))
                continue
            return result
        raise ConflictError(message, field)

    def _key(self) -> bytes:
        if not self.secret:
            raise RuntimeError("a secret key is needed to seal and count secret ballots")
        return self.secret

    def take_number(self, issuer_unit_id: UUID, year: int, type_code: str, symbol: str,
                    document_id: UUID, actor: Actor) -> tuple[DocumentRegister, str]:
        """The next number of the issuer's register (saved by the caller with the document)."""
        register = self._get(DocumentRegister, ids.document_register_id(
            issuer_unit_id, year, type_code)) or DocumentRegister(
            issuer_unit_id=issuer_unit_id, year=year, type_code=type_code,
            actor=actor.username)
        number = document_reference(register.next_number, type_code, symbol)
        register.assign(document_id, number, actor.username)
        return register, number

    def _sector(self, unit_id: UUID) -> str | None:
        """A unit's sector, or the nearest one above it (a CĐCS under Công đoàn ngành GD)."""
        for ancestor in self.app.unit_ancestry(unit_id):
            sector = self.app.get_unit(ancestor).sector
            if sector:
                return sector
        return None

    def _subject(self, kind: object, subject_id: object, field: str = "subject_id") -> Subject:
        if kind not in SUBJECT_KINDS:
            raise InvalidInputError(
                f"Đối tượng «{kind}» không hợp lệ: dùng «collective» (tập thể) hoặc "
                "«individual» (cá nhân).", "subject_kind")
        uid = parse_uuid(subject_id, field)
        if kind == INDIVIDUAL:
            person = self.app.get_person(uid, field)
            return Subject(INDIVIDUAL, person.id, person.full_name, person.unit_id,
                           self._sector(person.unit_id))
        unit = self.app.get_unit(uid, field)
        return Subject(str(kind), unit.id, unit.name, unit.id, self._sector(unit.id))

    def _history(self, subject: Subject, actor: Actor) -> AwardHistory:
        return self._get(AwardHistory, ids.award_history_id(subject.id)) or AwardHistory(
            subject_kind=subject.kind, subject_id=subject.id, subject_name=subject.name,
            unit_id=subject.unit_id, actor=actor.username)

    def _settings(self, unit_id: UUID) -> AwardSettings | None:
        return self._get(AwardSettings, ids.award_settings_id(unit_id))

    def _council_rule(self, session: CouncilSession, award: str) -> CouncilRule:
        """The share and secrecy of a title's ballot: the law table's row in force that
        day; where that row is unconfirmed (U), the council's organisation's own rule for
        the title if it set one (its Quy chế). A confirmed row always prevails."""
        law = council_rule(award, session.held_on)
        settings = self._settings(session.unit_id)
        own = settings.council_rule(award) if settings else None
        if own is None or law.confidence != "U":
            return law
        unit = self.app.get_unit(session.unit_id)
        return CouncilRule(award, own["percent"], False, own["secret"], session.held_on, None,
                           f"Quy định riêng của {unit.name} (thay cho: {law.source})", "H")

    def _year(self, value: object, campaign: Campaign) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInputError("Trường «year» phải là năm (số nguyên, ví dụ 2025).", "year")
        if not campaign.start.year <= value <= campaign.end.year:
            raise InvalidInputError(
                f"Năm {value} nằm ngoài thời gian phong trào ({campaign.start.year}–"
                f"{campaign.end.year}).", "year")
        return value

    def _nomination(self, nomination_id: object, field: str = "nomination_id") -> Nomination:
        return self.app._load(Nomination, parse_uuid(nomination_id, field),
                              "Không tìm thấy hồ sơ đề nghị khen thưởng.", field)

    def _session(self, session_id: object) -> CouncilSession:
        return self.app._load(CouncilSession, parse_uuid(session_id, "session_id"),
                              "Không tìm thấy phiên họp Hội đồng.", "session_id")

    def _ballot(self, ballot_id: object) -> Ballot:
        return self.app._load(Ballot, parse_uuid(ballot_id, "ballot_id"),
                              "Không tìm thấy phiếu biểu quyết.", "ballot_id")

    def _decision(self, decision_id: object) -> AwardDecision:
        return self.app._load(AwardDecision, parse_uuid(decision_id, "decision_id"),
                              "Không tìm thấy quyết định khen thưởng.", "decision_id")

    # --- nominations ------------------------------------------------------------------

    def submit_nomination(
        self, *, campaign_id: object, subject_kind: str, subject_id: object, award: str,
        year: object, summary: str, route: str = ANNUAL,
        submitting_unit_code: str | None = None, female: object = None,
        staff_total: object = None, staff_women: object = None, actor: Actor,
        on: date | None = None, idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """A unit nominates a subject for a title or award form of a campaign (with, if
        the dossier says so, whether the person is a woman or how many of the collective's
        members are: the women-first rule at a tie)."""
        check_allowed(actor, "nominations.submit")
        campaign = self.app.get_campaign(str(campaign_id))
        subject = self._subject(subject_kind, subject_id)
        self.app._check_unit_scope(actor, subject.unit_id)
        if submitting_unit_code:
            submitter = self.app.get_unit_by_code(submitting_unit_code, "submitting_unit_code").id
            self.app._check_unit_scope(actor, submitter)
        else:
            submitter = actor.unit_id or subject.unit_id
        day = on or self.app.clock()
        award_in_force(award, subject.kind, day)
        checked_year = self._year(year, campaign)
        if route not in ROUTES:
            raise InvalidInputError(
                f"Căn cứ đề nghị «{route}» không hợp lệ (dùng: {', '.join(ROUTES)}).", "route")
        text = clean_text(summary, "summary", max_length=4000)
        women = check_women(subject.kind, female, staff_total, staff_women)
        history = self._get(AwardHistory, ids.award_history_id(subject.id))
        check_eligible(history, award, subject.kind, checked_year, route, day,
                       subject_name=subject.name)
        nomination = Nomination(
            campaign_id=campaign.id, subject_kind=subject.kind, subject_id=subject.id,
            subject_name=subject.name, unit_id=subject.unit_id, sector=subject.sector,
            submitting_unit_id=submitter, award=award, year=checked_year, route=route,
            summary=text, women=women, actor=actor.username)
        duplicate = (f"«{subject.name}» đã có hồ sơ đề nghị «{award_name(award)}» năm "
                     f"{checked_year} trong phong trào này.")
        def attempt(_: int) -> tuple[list[Aggregate], Nomination]:
            if self.app._exists(nomination.id):
                raise ConflictError(duplicate, "subject_id")
            return [nomination], nomination

        return self._retry(attempt, duplicate, "subject_id", key=idempotency_key,
                           command="nominations.submit", earlier=self._nomination,
                           actor=actor).as_dict()

    def _change_nomination(self, nomination_id: object, actor: Actor,
                           change: Callable[[Nomination], None], *, own_unit: bool,
                           key: str | None = None, command: str = "") -> dict[str, Any]:
        def attempt(_: int) -> tuple[list[Aggregate], Nomination]:
            nomination = self._nomination(nomination_id)
            if own_unit:
                self.app._check_unit_scope(actor, nomination.unit_id)
            change(nomination)
            return [nomination], nomination

        return self._retry(attempt, "Hồ sơ đang được người khác cập nhật; vui lòng thử lại.",
                           "nomination_id", key=key, command=command,
                           earlier=self._nomination, actor=actor).as_dict()

    def return_nomination(self, nomination_id: object, *, reason: str,
                          actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """The secretariat returns a dossier to its unit, saying what is missing."""
        check_allowed(actor, "nominations.review")
        text = clean_text(reason, "reason", max_length=2000)
        return self._change_nomination(
            nomination_id, actor, lambda n: n.return_for_changes(text, actor.username),
            own_unit=False, key=idempotency_key, command="nominations.return")

    def resubmit_nomination(self, nomination_id: object, *, summary: str | None = None,
                            actor: Actor, on: date | None = None,
                            idempotency_key: str | None = None) -> dict[str, Any]:
        """The unit sends a returned dossier again; eligibility is checked again."""
        check_allowed(actor, "nominations.submit")
        day = on or self.app.clock()

        def change(nomination: Nomination) -> None:
            text = (nomination.summary if summary is None
                    else clean_text(summary, "summary", max_length=4000))
            history = self._get(AwardHistory, ids.award_history_id(nomination.subject_id))
            check_eligible(history, nomination.award, nomination.subject_kind, nomination.year,
                           nomination.route, day, subject_name=nomination.subject_name)
            nomination.resubmit(text, actor.username)

        return self._change_nomination(nomination_id, actor, change, own_unit=True,
                                       key=idempotency_key, command="nominations.resubmit")

    def amend_nomination(self, nomination_id: object, *, summary: str, female: object = None,
                         staff_total: object = None, staff_women: object = None,
                         clear_women: bool = False, actor: Actor,
                         idempotency_key: str | None = None) -> dict[str, Any]:
        """Change a dossier's summary and, when given, its declared women facts
        (``clear_women``: the dossier no longer declares any)."""
        check_allowed(actor, "nominations.submit")
        text = clean_text(summary, "summary", max_length=4000)

        def amend(nomination: Nomination) -> None:
            women = check_women(nomination.subject_kind, female, staff_total, staff_women)
            if clear_women:
                if women is not None:
                    raise InvalidInputError(
                        "Không thể vừa khai vừa xóa thông tin ưu tiên nữ.", "clear_women")
                women = {}
            nomination.amend(text, actor.username, women=women)

        return self._change_nomination(nomination_id, actor, amend, own_unit=True,
                                       key=idempotency_key, command="nominations.amend")

    def withdraw_nomination(self, nomination_id: object, *, reason: str,
                            actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "nominations.submit")
        text = clean_text(reason, "reason", max_length=2000)
        return self._change_nomination(nomination_id, actor,
                                       lambda n: n.withdraw(text, actor.username), own_unit=True,
                                       key=idempotency_key, command="nominations.withdraw")

    def get_nomination(self, nomination_id: object) -> dict[str, Any]:
        return self._nomination(nomination_id).as_dict()

    # --- council ------------------------------------------------------------------------

    def convene_session(self, *, unit_code: str, title: str, held_on: object,
                        members: list[str], chair: str, actor: Actor,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        """Open a council session with its members (user accounts) and chair."""
        check_allowed(actor, "council.manage")
        unit = self.app.get_unit_by_code(unit_code, "unit_code")
        day = parse_date(held_on, "held_on")
        if not isinstance(members, list) or not members:
            raise InvalidInputError("Hội đồng phải có ít nhất một thành viên.", "members")
        names: list[str] = []
        for index, member in enumerate(members):
            field = f"members[{index}]"
            name = clean_text(member, field, max_length=40).lower()
            self.app._load(User, ids.user_id(name), f"Không có tài khoản «{name}».", field)
            if name in names:
                raise InvalidInputError(f"Thành viên «{name}» bị lặp.", field)
            names.append(name)
        chair_name = clean_text(chair, "chair", max_length=40).lower()
        if chair_name not in names:
            raise InvalidInputError("Chủ tịch Hội đồng phải là một thành viên.", "chair")
        settings = self._settings(unit.id)
        rule = default_quorum(day)
        quorum = settings.quorum if settings else {"numerator": rule.numerator,
                                                   "denominator": rule.denominator}
        session = CouncilSession(
            unit_id=unit.id, title=clean_text(title, "title", max_length=500), held_on=day,
            members=names, chair=chair_name, quorum=quorum, actor=actor.username)
        return self._retry(lambda _: ([session], session), "Vui lòng thử lại.", None,
                           key=idempotency_key, command="council.convene",
                           earlier=self._session, actor=actor).as_dict()

    def record_attendance(self, session_id: object, *, present: list[str],
                          actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "council.manage")
        if not isinstance(present, list):
            raise InvalidInputError("Trường «present» phải là một danh sách.", "present")
        names = [clean_text(p, f"present[{i}]", max_length=40).lower()
                 for i, p in enumerate(present)]

        def attempt(_: int) -> tuple[list[Aggregate], CouncilSession]:
            session = self._session(session_id)
            session.record_attendance(names, actor.username)
            return [session], session

        return self._retry(attempt, "Phiên họp đang được cập nhật; vui lòng thử lại.",
                           "session_id", key=idempotency_key, command="council.attendance",
                           earlier=self._session, actor=actor).as_dict()

    def open_ballot(self, session_id: object, *, nomination_id: object,
                    actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """Put a nomination to the vote, with the threshold and secrecy of its title."""
        check_allowed(actor, "council.manage")

        def attempt(_: int) -> tuple[list[Aggregate], Ballot]:
            session = self._session(session_id)
            nomination = self._nomination(nomination_id)
            rule = self._council_rule(session, nomination.award)
            ballot = Ballot(
                session_id=session.id, nomination_id=nomination.id,
                campaign_id=nomination.campaign_id, award=nomination.award,
                subject_kind=nomination.subject_kind, subject_id=nomination.subject_id,
                subject_name=nomination.subject_name, sector=nomination.sector,
                members=session.members, present=session.present, chair=session.chair,
                quorum_needed=session.quorum_needed,
                threshold={"percent": rule.percent, "strict": rule.strict,
                           "text": rule.describe(), "source": rule.source,
                           "confidence": rule.confidence},
                secret=rule.secret, held_on=session.held_on, actor=actor.username,
                priority=women_first(nomination.women, women_first_rule(session.held_on)))
            session.add_ballot(ballot.id, nomination.id, actor.username)
            nomination.open_ballot(ballot.id, actor.username)
            return [session, ballot, nomination], ballot

        return self._retry(attempt, "Phiên họp đang được cập nhật; vui lòng thử lại.",
                           "session_id", key=idempotency_key, command="council.ballot",
                           earlier=self._ballot, actor=actor).as_dict()

    def cast_vote(self, ballot_id: object, *, choice: str, member: str | None = None,
                  actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """A member votes; the secretary records an absent member's written opinion.

        On a secret ballot the choice is sealed before it reaches the aggregate, and the
        answer says only that the vote was counted.
        """
        check_allowed(actor, "council.vote")
        name = clean_text(member, "member", max_length=40).lower() if member else None
        written = name is not None and name != actor.username
        if written:
            check_allowed(actor, "council.manage")
        voter = name if written and name else actor.username
        checked = check_choice(choice)
        first = self._ballot(ballot_id)
        if self.app._earlier_submission(idempotency_key) is None:
            first.check_vote(voter, written)  # refuse before sealing anything
        envelope = seal(self._key(), first.id, voter, checked) if first.secret else None

        def attempt(number: int) -> tuple[list[Aggregate], Ballot]:
            ballot = first if number == 0 else self._ballot(first.id)
            if envelope is not None:
                ballot.vote_sealed(voter, envelope, written, actor.username)
            else:
                ballot.vote(voter, checked, written, actor.username)
            return [ballot], ballot

        ballot = self._retry(attempt, "Phiếu biểu quyết đang có nhiều người bỏ phiếu cùng "
                                      "lúc; vui lòng thử lại.", "ballot_id",
                             key=idempotency_key, command="council.vote",
                             earlier=self._ballot, actor=actor)
        receipt: dict[str, Any] = {
            "ballot_id": str(ballot.id), "member": voter, "written": written,
            "secret": ballot.secret, "votes_cast": len(ballot.voters),
            "members": len(ballot.members)}
        if not ballot.secret:
            receipt["choice"] = checked
        return receipt

    def close_ballot(self, ballot_id: object, *, actor: Actor,
                     idempotency_key: str | None = None) -> dict[str, Any]:
        """Count the votes (opening secret envelopes here only) and record the result."""
        check_allowed(actor, "council.manage")

        def attempt(_: int) -> tuple[list[Aggregate], Ballot]:
            ballot = self._ballot(ballot_id)
            ballot.check_closable()
            yes, no = (count(self._key(), ballot.id, ballot.sealed) if ballot.secret
                       else ballot.open_tally())
            ballot.close(yes, no, actor.username)
            assert ballot.result is not None
            nomination = self._nomination(ballot.nomination_id)
            nomination.count_votes(ballot.id, yes, no, ballot.result["members"],
                                   ballot.result["percent"], ballot.result["passed"],
                                   actor.username)
            return [ballot, nomination], ballot

        return self._retry(attempt, "Phiếu biểu quyết đang được cập nhật; vui lòng thử lại.",
                           "ballot_id", key=idempotency_key, command="council.close",
                           earlier=self._ballot, actor=actor).as_dict()

    def conclude_session(self, session_id: object, *, chair_choice: list[str] | None = None,
                         actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """Rank the nominations that passed against the places left in their quotas.

        Within a quota (and a reserved sector's share), more yes votes rank higher. A tie
        at the last place goes to the chair: on an open ballot the chair's own vote
        decides; otherwise (a secret ballot, or the chair voted alike) the chair names
        the nominations kept in ``chair_choice``, and until then the session says so.
        """
        check_allowed(actor, "council.manage")
        chosen = {parse_uuid(c, f"chair_choice[{i}]") for i, c in enumerate(chair_choice or [])}

        def attempt(_: int) -> tuple[list[Aggregate], CouncilSession]:
            session = self._session(session_id)
            ballots = [self._ballot(b) for b in session.ballots.values()]
            if not ballots:
                raise ConflictError("Phiên họp chưa có phiếu biểu quyết nào.", "session_id")
            still_open = [b.subject_name for b in ballots if b.result is None]
            if still_open:
                raise ConflictError(
                    "Còn phiếu chưa kết thúc (" + ", ".join(still_open) + "): đóng hết các "
                    "phiếu trước khi kết luận.", "session_id")
            nominations = {b.nomination_id: self._nomination(b.nomination_id) for b in ballots}
            results = self._rank(ballots, chosen)
            session.conclude(results, actor.username)
            for result in results:
                nomination = nominations[result["nomination_id"]]
                if result["selected"]:
                    nomination.select(session.id, result["rank"], actor.username)
                elif result["passed"]:
                    nomination.leave_out(session.id, result["rank"], result["reason"],
                                         actor.username)
            return [session, *nominations.values()], session

        return self._retry(attempt, "Phiên họp đang được cập nhật; vui lòng thử lại.",
                           "session_id", key=idempotency_key, command="council.conclude",
                           earlier=self._session, actor=actor).as_dict()

    def _rank(self, ballots: list[Ballot], chosen: set[UUID]) -> list[dict[str, Any]]:
        pools: dict[tuple[Any, ...], tuple[int, str, list[Ballot]]] = {}
        results: dict[UUID, dict[str, Any]] = {}
        for ballot in ballots:
            assert ballot.result is not None
            results[ballot.id] = {
                "nomination_id": ballot.nomination_id, "ballot_id": ballot.id,
                "subject_name": ballot.subject_name, "award": ballot.award,
                "yes": ballot.result["yes"], "no": ballot.result["no"],
                "members": ballot.result["members"], "percent": ballot.result["percent"],
                "passed": ballot.result["passed"], "selected": False, "rank": None,
                "priority": ballot.priority, "tie_break": None,
                "reason": "" if ballot.result["passed"] else
                f"Không đạt tỷ lệ phiếu ({ballot.threshold['text']})."}
            if ballot.result["passed"]:
                key, places, label = self._pool(ballot)
                pools.setdefault(key, (places, label, []))[2].append(ballot)
        for places, label, members in pools.values():
            ranked = sorted(members, key=lambda b: (-_yes(b), not b.priority))
            kept = self._kept(ranked, places, label, chosen)
            # The rank says the outcome: more votes first; at equal votes who was kept
            # (women first, then the chair's choice) before who was not.
            ranked.sort(key=lambda b: (-_yes(b), b not in kept, not b.priority))
            for position, ballot in enumerate(ranked, start=1):
                results[ballot.id]["rank"] = position
                if ballot in kept:
                    results[ballot.id]["selected"] = True
                    results[ballot.id]["tie_break"] = _tie_break(ballot, ranked, kept)
                    continue
                reason = f"Ngoài chỉ tiêu {label}: còn {max(places, 0)} suất."
                if not ballot.priority and any(
                        k.priority and _yes(k) == _yes(ballot) for k in kept):
                    reason += (" Bằng phiếu với hồ sơ được ưu tiên (cá nhân nữ, tập thể có "
                               "từ 70 % nữ).")
                results[ballot.id]["reason"] = reason
        return [results[b.id] for b in ballots]

    def _pool(self, ballot: Ballot) -> tuple[tuple[Any, ...], int, str]:
        """The quota (or reserved share) a passed nomination competes in, and its places."""
        campaign = self.app.get_campaign(ballot.campaign_id)
        quota = next((q for q in campaign.quotas if q["award_form"] == ballot.award
                      and q["subject_kind"] == ballot.subject_kind), None)
        if quota is None:
            return ("unlimited", ballot.id), 1, ""
        ledger = self._get(QuotaLedger, ids.quota_ledger_id(campaign.id))
        used = ledger.used(ballot.award, ballot.subject_kind) if ledger else {}
        reserved = {r["sector"]: r["max"] for r in quota["reserved"]}
        what = f"{award_name(ballot.award)} cho {SUBJECT_KINDS[ballot.subject_kind]}"
        if ballot.sector in reserved:
            sector = ballot.sector
            places = reserved[sector] - used.get(sector, 0)
            return (campaign.id, ballot.award, ballot.subject_kind, sector), places, \
                f"{what} dành cho ngành {SECTORS.get(sector, sector)}"
        places = quota["max"] - sum(reserved.values()) - sum(
            n for sector, n in used.items() if sector not in reserved)
        return (campaign.id, ballot.award, ballot.subject_kind, OTHER_SECTORS), places, what

    @staticmethod
    def _kept(ranked: list[Ballot], places: int, label: str,
              chosen: set[UUID]) -> list[Ballot]:
        """Who of a pool's passed nominations (ranked by votes) takes its places.

        At a tie for the last places, women first (a woman, a collective of ≥ 70 % women);
        what is still tied goes to the chair: the chair's own vote on an open ballot, else
        the nominations the chair names in ``chair_choice`` (only those of this pool count).
        """
        if len(ranked) <= places:
            return ranked
        if places <= 0:
            return []
        cut = _yes(ranked[places - 1])
        above = [b for b in ranked if _yes(b) > cut]
        tied = [b for b in ranked if _yes(b) == cut]
        if len(above) + len(tied) <= places:
            return above + tied
        remaining = places - len(above)
        first = [b for b in tied if b.priority]
        by_women = ""
        if 0 < len(first) <= remaining:
            above, tied = above + first, [b for b in tied if not b.priority]
            remaining -= len(first)
            by_women = (f" (ưu tiên nữ đã nhận {len(first)} suất: "
                        f"{', '.join(b.subject_name for b in first)})")
            if remaining == 0:
                tied = []
        elif len(first) > remaining:
            tied = first
        named = [b for b in ranked if b.nomination_id in chosen]
        outside = [b for b in named if b not in tied]
        if outside:
            what = ("Chủ tịch Hội đồng chỉ quyết định giữa các hồ sơ còn bằng phiếu ("
                    + ", ".join(b.subject_name for b in tied) + ")") if tied else \
                "Không còn suất nào để Chủ tịch Hội đồng quyết định"
            raise InvalidInputError(
                f"{what}{by_women}; không chọn "
                + ", ".join(b.subject_name for b in outside) + ".", "chair_choice")
        if remaining == 0:
            return above
        if named:
            if len(named) != remaining:
                raise InvalidInputError(
                    f"Chủ tịch Hội đồng chọn {len(named)} hồ sơ trong số hồ sơ bằng phiếu, "
                    f"nhưng còn {remaining} suất ({label}){by_women}.", "chair_choice")
            return above + named
        by_chair = [b for b in tied if b.chair_choice == YES]
        if len(by_chair) == remaining:
            return above + by_chair
        names = ", ".join(f"{b.subject_name} ({b.nomination_id})" for b in tied)
        raise ConflictError(
            f"{len(tied)} hồ sơ cùng {cut} phiếu đồng ý tranh {remaining} suất cuối ({label})"
            f"{by_women}: {names}. Phiếu của Chủ tịch Hội đồng không phân định được (phiếu "
            "kín, hoặc Chủ tịch biểu quyết như nhau); Chủ tịch cần quyết định hồ sơ nào được "
            "chọn (chair_choice).", "chair_choice")

    def get_session(self, session_id: object) -> dict[str, Any]:
        return self._session(session_id).as_dict()

    def get_ballot(self, ballot_id: object) -> dict[str, Any]:
        return self._ballot(ballot_id).as_dict()

    # --- decisions ----------------------------------------------------------------------

    def draft_decision(
        self, *, issuer_unit_code: str, campaign_id: object, award: str,
        nomination_ids: list[str], signer: dict[str, Any], title: str | None = None,
        issuer_symbol: str | None = None, actor: Actor, idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """Draft a decision from approved nominations (no number until it is issued)."""
        check_allowed(actor, "decisions.draft")
        issuer = self.app.get_unit_by_code(issuer_unit_code, "issuer_unit_code")
        campaign = self.app.get_campaign(str(campaign_id))
        if not isinstance(nomination_ids, list) or not nomination_ids:
            raise InvalidInputError(
                "Quyết định phải có ít nhất một tập thể hoặc cá nhân được khen thưởng.",
                "nomination_ids")
        if not isinstance(signer, dict):
            raise InvalidInputError("Trường «signer» phải là một đối tượng.", "signer")
        signature_of(signer, "signer")  # a decision that could not be signed is refused now
        recipients: list[dict[str, Any]] = []
        subjects: set[UUID] = set()
        for index, raw in enumerate(nomination_ids):
            field = f"nomination_ids[{index}]"
            nomination = self._nomination(raw, field)
            if nomination.campaign_id != campaign.id:
                raise InvalidInputError("Hồ sơ thuộc phong trào khác.", field)
            if nomination.award != award:
                raise InvalidInputError(
                    f"Hồ sơ đề nghị «{award_name(nomination.award)}», không phải "
                    f"«{award_name(award)}».", field)
            nomination.check_approved(field)
            if nomination.subject_id in subjects:
                raise InvalidInputError(f"«{nomination.subject_name}» bị lặp trong quyết định.",
                                        field)
            subjects.add(nomination.subject_id)
            recipients.append({
                "nomination_id": nomination.id, "subject_kind": nomination.subject_kind,
                "subject_id": nomination.subject_id, "subject_name": nomination.subject_name,
                "unit_id": nomination.unit_id, "sector": nomination.sector,
                "year": nomination.year, "session_id": nomination.session_id})
        decision = AwardDecision(
            issuer_unit_id=issuer.id,
            issuer_symbol=check_symbol(issuer_symbol) if issuer_symbol else symbol_for(
                issuer.id, issuer.code, [(campaign.issuer_unit_id, campaign.number)]),
            campaign_id=campaign.id, award=award,
            title=clean_text(title or f"Về việc tặng {award_name(award)}", "title",
                             max_length=500),
            signer={"name": clean_text(signer.get("name"), "signer.name", max_length=200),
                    "position": clean_text(signer.get("position"), "signer.position",
                                           max_length=200),
                    "authority": clean_text(signer.get("authority"), "signer.authority",
                                            required=False, max_length=200)},
            recipients=recipients, actor=actor.username)
        return self._retry(lambda _: ([decision], decision), "Vui lòng thử lại.", None,
                           key=idempotency_key, command="decisions.draft",
                           earlier=self._decision, actor=actor).as_dict()

    def issue_decision(self, decision_id: object, *, issued_on: object = None,
                       actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """Sign the decision: next number, quotas, caps, prize money, history — at once."""
        check_allowed(actor, "decisions.issue")
        day = parse_date(issued_on, "issued_on") if issued_on is not None else self.app.clock()
        salary = base_salary(day)

        def attempt(_: int) -> tuple[list[Aggregate], AwardDecision]:
            decision = self._decision(decision_id)
            decision.check_draft()
            campaign = self.app.get_campaign(decision.campaign_id)
            changed: list[Aggregate] = [decision]
            recipients, entries, years = [], [], {}
            nominations, histories = [], []
            for index, r in enumerate(decision.recipients):
                field = f"nomination_ids[{index}]"
                nomination = self._nomination(r["nomination_id"], field)
                nomination.check_approved(field)
                subject = Subject(r["subject_kind"], r["subject_id"], r["subject_name"],
                                  r["unit_id"], r["sector"])
                history = self._history(subject, actor)
                check_eligible(history, decision.award, subject.kind, r["year"],
                               nomination.route, day, field)
                history.check_not_awarded(decision.award, r["year"], field)
                recipients.append({**r, **self._prize(history, decision.award, subject.kind,
                                                       r["year"], day, salary.amount)})
                entries.append({"award": decision.award, "subject_kind": subject.kind,
                                "sector": subject.sector or OTHER_SECTORS,
                                "subject_id": subject.id})
                years[r["year"]] = years.get(r["year"], 0) + 1
                nominations.append(nomination)
                histories.append(history)
            if any(q["award_form"] == decision.award for q in campaign.quotas):
                ledger = self._get(QuotaLedger, ids.quota_ledger_id(campaign.id)) or \
                    QuotaLedger(campaign_id=campaign.id, actor=actor.username)
                ledger.check_room(campaign.quotas, entries, campaign.number)
                ledger.allocate(decision.id, entries, actor.username)
                changed.append(ledger)
            settings = self._settings(decision.issuer_unit_id)
            for year, adding in sorted(years.items()):
                tally = self._get(AwardTally, ids.award_tally_id(
                    decision.issuer_unit_id, year)) or AwardTally(
                    issuer_unit_id=decision.issuer_unit_id, year=year, actor=actor.username)
                for cap in settings.caps if settings else []:
                    if cap["award"] == decision.award:
                        tally.check_cap(cap, adding, cap_text(cap))
                tally.count(decision_id=decision.id, counts={decision.award: adding},
                            actor=actor.username)
                changed.append(tally)
            register, number = self.take_number(
                decision.issuer_unit_id, day.year, DECISION_TYPE, decision.issuer_symbol,
                decision.id, actor)
            decision.issue(number, day, {
                "amount": salary.amount, "effective_from": salary.effective_from,
                "source": salary.source, "confidence": salary.confidence},
                recipients, actor.username)
            for nomination, history, r in zip(nominations, histories, recipients, strict=True):
                nomination.award_by(decision.id, number, actor.username)
                history.record_award(
                    award=decision.award, year=r["year"], decision_id=decision.id,
                    number=number, decided_on=day, prize=r["prize"], note=r["note"],
                    source=FROM_DECISION, unit_id=r["unit_id"], actor=actor.username)
            changed += [register, *nominations, *histories]
            return changed, decision

        return self._retry(attempt, "Sổ đăng ký văn bản đang bận (nhiều quyết định ban hành "
                                    "cùng lúc); vui lòng thử lại.", "decision_id",
                           key=idempotency_key, command="decisions.issue",
                           earlier=self._decision, actor=actor).as_dict()

    @staticmethod
    def _prize(history: AwardHistory, award: str, kind: str, year: int, day: date,
               salary: Decimal) -> dict[str, Any]:
        """Coefficient × base salary, rounded up; titles of one year are paid once, highest."""
        row = prize_coefficient(award, kind, day)
        amount = prize_amount(row.coefficient, salary)
        paid, names = (history.title_prize_paid(year)
                       if award_kind(award, kind).category == TITLE else (Decimal(0), []))
        prize = max(Decimal(0), amount - paid)
        note = ""
        if paid and prize == 0:
            note = (f"Đã nhận tiền thưởng danh hiệu cao hơn năm {year} ("
                    f"{', '.join(names)}: {format_vnd(paid)}): chỉ nhận mức cao nhất.")
        elif paid:
            note = (f"Đã nhận {format_vnd(paid)} cho danh hiệu năm {year} ({', '.join(names)}): "
                    "chỉ chi phần chênh lệch để nhận mức cao nhất.")
        return {"coefficient": row.coefficient, "coefficient_source": row.source,
                "coefficient_confidence": row.confidence, "amount": amount, "prize": prize,
                "note": note}

    def revoke_decision(self, decision_id: object, *, reason: str,
                        revoked_on: object = None, actor: Actor,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        """Hủy quyết định: the awards leave the histories and the quota places come back."""
        check_allowed(actor, "decisions.revoke")
        text = clean_text(reason, "reason", max_length=2000)
        day = (parse_date(revoked_on, "revoked_on") if revoked_on is not None
               else self.app.clock())

        def attempt(_: int) -> tuple[list[Aggregate], AwardDecision]:
            decision = self._decision(decision_id)
            decision.revoke(text, day, actor.username)
            changed: list[Aggregate] = [decision]
            ledger = self._get(QuotaLedger, ids.quota_ledger_id(decision.campaign_id))
            if ledger is not None and str(decision.id) in ledger.allocations:
                ledger.release(decision.id, actor.username)
                changed.append(ledger)
            for year in sorted({r["year"] for r in decision.recipients}):
                tally = self._get(AwardTally, ids.award_tally_id(decision.issuer_unit_id, year))
                if tally is not None:
                    tally.uncount(decision.id, actor.username)
                    changed.append(tally)
            for r in decision.recipients:
                nomination = self._nomination(r["nomination_id"])
                nomination.revoke(decision.id, text, actor.username)
                history = self.app._load(AwardHistory, ids.award_history_id(r["subject_id"]),
                                         "Không tìm thấy lịch sử khen thưởng.", "decision_id")
                history.revoke_decision(decision.id, text, actor.username)
                changed += [nomination, history]
            return changed, decision

        return self._retry(attempt, "Quyết định đang được cập nhật; vui lòng thử lại.",
                           "decision_id", key=idempotency_key, command="decisions.revoke",
                           earlier=self._decision, actor=actor).as_dict()

    def get_decision(self, decision_id: object) -> dict[str, Any]:
        return self._decision(decision_id).as_dict()

    def list_decisions(self, campaign_id: object = None) -> list[dict[str, Any]]:
        campaign = parse_uuid(campaign_id, "campaign_id") if campaign_id else None
        decisions = (self._decision(i) for i in self.app._ids_of(AwardDecision, "Drafted"))
        return [d.as_dict() for d in decisions if campaign is None or d.campaign_id == campaign]

    # --- history, discipline, settings, rules --------------------------------------------

    def record_past_award(self, *, subject_kind: str, subject_id: object, award: str,
                          year: object, number: str, decided_on: object,
                          prize: Decimal | None = None, actor: Actor) -> dict[str, Any]:
        """Enter an award given before the system (so history-based rules can use it)."""
        check_allowed(actor, "awards.records")
        subject = self._subject(subject_kind, subject_id)
        award_kind(award, subject.kind)
        day = parse_date(decided_on, "decided_on")
        if isinstance(year, bool) or not isinstance(year, int) or not 1945 <= year <= day.year:
            raise InvalidInputError("Năm khen thưởng không hợp lệ (không sau ngày quyết định).",
                                    "year")
        reference = clean_text(number, "number", max_length=60)

        def attempt(_: int) -> tuple[list[Aggregate], AwardHistory]:
            history = self._history(subject, actor)
            history.record_award(award=award, year=year, decision_id=None, number=reference,
                                 decided_on=day, prize=prize, note="Nhập từ hồ sơ lưu trữ",
                                 source=PAST, unit_id=subject.unit_id, actor=actor.username)
            return [history], history

        return self._retry(attempt, "Lịch sử khen thưởng đang được cập nhật; vui lòng thử lại.",
                           "subject_id").as_dict()

    def impose_discipline(self, *, subject_kind: str, subject_id: object, reason: str,
                          since: object = None, actor: Actor) -> dict[str, Any]:
        """Record a discipline (or a pending inspection): no nomination or award meanwhile."""
        check_allowed(actor, "awards.records")
        subject = self._subject(subject_kind, subject_id)
        text = clean_text(reason, "reason", max_length=2000)
        day = parse_date(since, "since") if since is not None else self.app.clock()

        def attempt(_: int) -> tuple[list[Aggregate], AwardHistory]:
            history = self._history(subject, actor)
            history.impose_discipline(text, day, actor.username)
            return [history], history

        return self._retry(attempt, "Lịch sử khen thưởng đang được cập nhật; vui lòng thử lại.",
                           "subject_id").as_dict()

    def lift_discipline(self, *, subject_kind: str, subject_id: object, reason: str,
                        on: object = None, actor: Actor) -> dict[str, Any]:
        check_allowed(actor, "awards.records")
        subject = self._subject(subject_kind, subject_id)
        text = clean_text(reason, "reason", max_length=2000)
        day = parse_date(on, "on") if on is not None else self.app.clock()

        def attempt(_: int) -> tuple[list[Aggregate], AwardHistory]:
            history = self._history(subject, actor)
            history.lift_discipline(text, day, actor.username)
            return [history], history

        return self._retry(attempt, "Lịch sử khen thưởng đang được cập nhật; vui lòng thử lại.",
                           "subject_id").as_dict()

    def configure(self, *, unit_code: str, quorum_numerator: object = None,
                  quorum_denominator: object = None, caps: object = None,
                  council: object = None, actor: Actor,
                  idempotency_key: str | None = None) -> dict[str, Any]:
        """Set an organisation's council quorum, award caps and own vote rules. What is
        not given stays as it is (the first time: the default quorum, no caps, no rules);
        an empty list clears caps or rules."""
        check_allowed(actor, "awards.settings")
        unit = self.app.get_unit_by_code(unit_code, "unit_code")
        quorum = None if quorum_numerator is None and quorum_denominator is None else \
            check_quorum(quorum_numerator, quorum_denominator)
        checked = None if caps is None else check_caps(caps)
        rules = None if council is None else check_council_rules(council)

        def attempt(_: int) -> tuple[list[Aggregate], AwardSettings]:
            settings = self._settings(unit.id)
            if settings is None:
                default = default_quorum(self.app.clock())
                settings = AwardSettings(
                    unit_id=unit.id, caps=checked or [], council=rules or [],
                    quorum=quorum or {"numerator": default.numerator,
                                      "denominator": default.denominator},
                    actor=actor.username)
            else:
                settings.reconfigure(
                    quorum=quorum or settings.quorum,
                    caps=settings.caps if checked is None else checked,
                    council=settings.council if rules is None else rules,
                    actor=actor.username)
            return [settings], settings

        saved = self._retry(attempt, "Quy định đang được cập nhật; vui lòng thử lại.",
                            "unit_code", key=idempotency_key, command="awards.settings",
                            earlier=lambda found: self.app.repository.get(found),
                            actor=actor)
        return {**saved.as_dict(), "unit_code": unit.code}

    def settings_of(self, unit_code: str) -> dict[str, Any]:
        unit = self.app.get_unit_by_code(unit_code, "unit_code")
        settings = self._settings(unit.id)
        if settings is not None:
            return {**settings.as_dict(), "unit_code": unit.code}
        rule = default_quorum(self.app.clock())
        return {"unit_id": str(unit.id), "unit_code": unit.code, "caps": [], "council": [],
                "quorum": {"numerator": rule.numerator, "denominator": rule.denominator}}

    def rules(self, on: object = None) -> dict[str, Any]:
        day = parse_date(on, "on") if on is not None else self.app.clock()
        return {"on": day, **rules_in_force(day)}


class AwardsReader:
    """The tra cứu views: nomination board, award history, quota usage (projected)."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app
        self.projection = AwardsProjection()

    def _store(self, wait_for: int | None) -> tuple[Any, dict[str, Any]]:
        store, stale = current_view(self.app, self.projection, wait_for)
        return store, {"position": store.max_tracking_id(self.app.name) or 0, "stale": stale}

    def nominations(self, campaign_id: object, *, status: str | None = None,
                    wait_for: int | None = None) -> dict[str, Any]:
        campaign = self.app.get_campaign(str(campaign_id))
        if status is not None and status not in STATUSES:
            raise InvalidInputError(
                f"Trạng thái «{status}» không có (dùng: {', '.join(STATUSES)}).", "status")
        store, meta = self._store(wait_for)
        rows = nomination_board(store, hex_id(campaign.id), status)
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        return {"campaign_id": str(campaign.id), "status": status, "counts": counts,
                "rows": rows, **meta}

    def history(self, *, subject_id: object = None, unit_code: str | None = None,
                wait_for: int | None = None) -> dict[str, Any]:
        if (subject_id is None) == (unit_code is None):
            raise InvalidInputError("Tra cứu theo một trong hai: subject_id hoặc unit_code.",
                                    "subject_id")
        if subject_id is not None:
            key = ("history_id",
                   hex_id(ids.award_history_id(parse_uuid(subject_id, "subject_id"))))
        else:
            key = ("unit_id", hex_id(self.app.get_unit_by_code(unit_code or "").id))
        store, meta = self._store(wait_for)
        return {"rows": history_rows(store, *key), **meta}

    def quota_usage(self, campaign_id: object, *, wait_for: int | None = None) -> dict[str, Any]:
        campaign = self.app.get_campaign(str(campaign_id))
        store, meta = self._store(wait_for)
        return {"campaign_id": str(campaign.id), "plan": campaign.number,
                "quotas": quota_usage(store, hex_id(campaign.id), campaign.quotas), **meta}
