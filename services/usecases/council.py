"""The Hội đồng Thi đua – Khen thưởng: sessions, attendance, ballots, votes, conclusion.

Secret ballots: see ``services/secret_ballot.py`` for how a vote is sealed and why the
event log never shows a member's choice.

Written opinions: an absent member's opinion is entered by the secretary with the scanned
signed form (PDF, JPG or PNG, its type read from the content). The vote records the form's
SHA-256 and the file is kept by ``services/files.py``; everything is checked before the
file is kept, and the file is kept before the vote is saved, so a vote never names a
missing file. (Only a vote refused by a concurrent change between the two, e.g. the same
opinion entered twice at once, leaves its file kept with no vote naming it.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from events import ids
from events.campaign import SUBJECT_KINDS
from events.council import Ballot, CouncilSession, check_choice
from events.decision import QuotaLedger
from events.errors import ConflictError, InvalidInputError, NotFoundError
from events.nomination import WITHDRAWN, women_first
from events.person import Person
from events.quota import pool_for, quota_of
from events.rules import RECUSAL_MODES, women_first_rule
from events.selection import Candidate, select
from events.text import clean_text
from events.user import User
from events.values import parse_date, parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.files import JPEG, PDF, PNG, FileStore, StoredFile, check_upload
from services.secret_ballot import count, seal
from services.usecases.award_settings import AwardSettingsCases
from services.usecases.campaigns import Campaigns
from services.usecases.nominations import Nominations
from services.usecases.organisation import Organisation

BUSY_SESSION = "Phiên họp đang được cập nhật; vui lòng thử lại."
# Why a ballot still open when its session concluded was cancelled.
UNFINISHED = ("Phiên họp kết luận khi phiếu chưa kết thúc bỏ phiếu: hồ sơ trở lại danh sách "
              "chờ xét, đưa ra phiên họp sau.")
WITHDRAWN_REASON = "Đơn vị đã rút hồ sơ sau khi bỏ phiếu."
BUSY_BALLOT = "Phiếu biểu quyết đang có nhiều người bỏ phiếu cùng lúc; vui lòng thử lại."
# The scanned signed form of a written opinion.
SCAN_TYPES = (PDF, PNG, JPEG)
SCAN_SUFFIXES = {PDF: "pdf", PNG: "png", JPEG: "jpg"}


def scan_filename(ballot_id: object, member: str, media_type: str) -> str:
    """The download name of a written opinion's scan."""
    return f"y-kien-van-ban-{member}-{ballot_id}.{SCAN_SUFFIXES.get(media_type, 'bin')}"


@dataclass
class Council:
    """What the secretary and the members do in a council session."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    nominations: Nominations
    settings: AwardSettingsCases
    # The key that seals secret ballots; without one (the demo loader, reading tools)
    # everything works except casting and counting a secret vote.
    ballot_key: bytes
    files: FileStore = field(init=False)

    def __post_init__(self) -> None:
        self.files = FileStore(self.app)

    def _key(self) -> bytes:
        if not self.ballot_key:
            raise RuntimeError("a ballot key is needed to seal and count secret ballots")
        return self.ballot_key

    def session(self, session_id: object) -> CouncilSession:
        return self.app.load(CouncilSession, parse_uuid(session_id, "session_id"),
                             "Không tìm thấy phiên họp Hội đồng.", "session_id")

    def ballot(self, ballot_id: object) -> Ballot:
        return self.app.load(Ballot, parse_uuid(ballot_id, "ballot_id"),
                             "Không tìm thấy phiếu biểu quyết.", "ballot_id")

    def get_session(self, session_id: object) -> dict[str, Any]:
        return self.session(session_id).as_dict()

    def get_ballot(self, ballot_id: object) -> dict[str, Any]:
        return self.ballot(ballot_id).as_dict()

    def has_voted(self, ballot_id: object, username: str) -> bool:
        """Whether ``username`` has voted (or sent a written opinion) on the ballot.

        Read from the aggregate: a secret ballot's answer never lists who voted."""
        return username in self.ballot(ballot_id).voters

    def awaiting_written(self, ballot_id: object) -> list[str]:
        """Members absent when the ballot opened who have no written opinion recorded yet,
        in the council's order."""
        ballot = self.ballot(ballot_id)
        return [m for m in ballot.members if m not in ballot.present and m not in ballot.voters
                and m not in ballot.recused]

    def list_sessions(self) -> list[dict[str, Any]]:
        return [s.as_dict() for s in self.app.all_of(CouncilSession, "Convened")]

    def ballots_of(self, session_id: object) -> list[dict[str, Any]]:
        return [b.as_dict() for b in self._ballots(self.session(session_id))]

    def _ballots(self, session: CouncilSession) -> list[Ballot]:
        return [self.ballot(b) for b in session.ballots.values()]

    def _set_aside(self, ballots: list[Ballot], reason: str,
                   actor: Actor) -> list[Any]:
        """Cancel the open ``ballots`` and put back on the board every nomination whose
        ballot is among them; returns what changed."""
        changed: list[Any] = []
        for ballot in ballots:
            if ballot.is_open:
                ballot.cancel(reason, actor.username)
                changed.append(ballot)
            nomination = self.nominations.nomination(ballot.nomination_id)
            if nomination.return_to_board(ballot.id, reason, actor.username):
                changed.append(nomination)
        return changed

    # --- the session --------------------------------------------------------------------

    def convene_session(self, *, unit_code: str, title: str, held_on: object,
                        members: list[str], chair: str, actor: Actor,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        """Open a council session with its members (user accounts) and chair."""
        check_allowed(actor, "council.manage")
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        day = parse_date(held_on, "held_on")
        if not isinstance(members, list) or not members:
            raise InvalidInputError("Hội đồng phải có ít nhất một thành viên.", "members")
        names: list[str] = []
        for index, member in enumerate(members):
            field = f"members[{index}]"
            name = clean_text(member, field, max_length=40).lower()
            self.app.load(User, ids.user_id(name), f"Không có tài khoản «{name}».", field)
            if name in names:
                raise InvalidInputError(f"Thành viên «{name}» bị lặp.", field)
            names.append(name)
        chair_name = clean_text(chair, "chair", max_length=40).lower()
        if chair_name not in names:
            raise InvalidInputError("Chủ tịch Hội đồng phải là một thành viên.", "chair")
        session = CouncilSession(
            unit_id=unit.id, title=clean_text(title, "title", max_length=500), held_on=day,
            members=names, chair=chair_name, quorum=self.settings.quorum_of(unit.id, day),
            actor=actor.username)
        return self.runner.run(lambda _: ([session], session), actor=actor,
                               command="council.convene", key=idempotency_key,
                               earlier=self.session).as_dict()

    def record_attendance(self, session_id: object, *, present: list[str], actor: Actor,
                          idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "council.manage")
        if not isinstance(present, list):
            raise InvalidInputError("Trường «present» phải là một danh sách.", "present")
        names = [clean_text(p, f"present[{i}]", max_length=40).lower()
                 for i, p in enumerate(present)]

        def attempt(_: int) -> tuple[list[Any], CouncilSession]:
            session = self.session(session_id)
            session.record_attendance(names, actor.username)
            # Ballots still open follow the attendance: who is present votes, who is
            # absent sends a written opinion.
            ballots = [b for b in self._ballots(session) if b.is_open]
            for ballot in ballots:
                ballot.update_presence(session.present, actor.username)
            return [session, *ballots], session

        return self.runner.run(attempt, actor=actor, command="council.attendance",
                               key=idempotency_key, earlier=self.session, busy=BUSY_SESSION,
                               field="session_id").as_dict()

    def open_ballot(self, session_id: object, *, nomination_id: object, actor: Actor,
                    idempotency_key: str | None = None) -> dict[str, Any]:
        """Put a nomination to the vote, with the threshold and secrecy of its title."""
        check_allowed(actor, "council.manage")

        def attempt(_: int) -> tuple[list[Any], Ballot]:
            session = self.session(session_id)
            nomination = self.nominations.nomination(nomination_id)
            rule = self.settings.vote_rule(session.unit_id, nomination.category,
                                           session.held_on)
            recusal = self.settings.recusal_rule(session.unit_id, session.held_on)
            ballot = Ballot(
                session_id=session.id, nomination_id=nomination.id,
                campaign_id=nomination.campaign_id, award=nomination.award,
                subject_kind=nomination.subject_kind, subject_id=nomination.subject_id,
                subject_name=nomination.subject_name, sector=nomination.sector,
                members=session.members, present=session.present, chair=session.chair,
                quorum_needed=session.quorum_needed,
                threshold={"percent": rule.percent, "strict": rule.strict,
                           "text": rule.describe(), "source": rule.source,
                           "confidence": rule.confidence, "recused": recusal.mode,
                           "recused_text": RECUSAL_MODES[recusal.mode],
                           "recused_source": recusal.source,
                           "recused_confidence": recusal.confidence},
                secret=rule.secret, held_on=session.held_on, actor=actor.username,
                priority=women_first(nomination.women, women_first_rule(session.held_on)),
                form=nomination.form)
            for recusal_of in self.recusals(session.members, nomination):
                ballot.record_recusal(recusal_of["member"], recusal_of["reason"],
                                      actor.username, automatic=True)
            session.add_ballot(ballot.id, nomination.id, actor.username)
            nomination.open_ballot(ballot.id, actor.username)
            return [session, ballot, nomination], ballot

        return self.runner.run(attempt, actor=actor, command="council.ballot",
                               key=idempotency_key, earlier=self.ballot, busy=BUSY_SESSION,
                               field="session_id").as_dict()

    def recusals(self, members: list[str], nomination: Any) -> list[dict[str, Any]]:
        """The members who may not vote on ``nomination``: the nominee's own account, and
        the accounts of the leaders of a nominated collective (accounts are linked to a
        person by ``person_id``)."""
        found = []
        for member in members:
            user = self.app.find(User, ids.user_id(member))
            person_id = getattr(user, "person_id", None) if user is not None else None
            if person_id is None:
                continue
            if nomination.subject_kind == "individual" and person_id == nomination.subject_id:
                found.append({"member": member, "reason": "là người được đề nghị khen "
                              "thưởng"})
                continue
            person = self.app.find(Person, person_id)
            if nomination.subject_kind == "collective" and person is not None \
                    and person.is_leader and person.unit_id == nomination.subject_id:
                found.append({"member": member, "reason": f"là người đứng đầu tập thể "
                              f"«{nomination.subject_name}» được đề nghị"})
        return found

    def record_recusal(self, ballot_id: object, *, member: object, reason: object,
                       actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """The secretary records that a member does not vote on a ballot, and why."""
        check_allowed(actor, "council.manage")
        name = clean_text(member, "member", max_length=40).lower()
        why = clean_text(reason, "reason", max_length=1000, multiline=True)

        def attempt(_: int) -> tuple[list[Ballot], Ballot]:
            ballot = self.ballot(ballot_id)
            ballot.record_recusal(name, why, actor.username)
            return [ballot], ballot

        return self.runner.run(attempt, actor=actor, command="council.recusal",
                               key=idempotency_key, earlier=self.ballot, busy=BUSY_BALLOT,
                               field="ballot_id").as_dict()

    def cast_vote(self, ballot_id: object, *, choice: str, member: str | None = None,
                  proof: bytes | None = None, actor: Actor,
                  idempotency_key: str | None = None) -> dict[str, Any]:
        """A member votes; the secretary records an absent member's written opinion, with
        ``proof``: the scanned signed form (PDF, JPG or PNG, at most 10 MB).

        On a secret ballot the choice is sealed before it reaches the aggregate, and the
        answer says only that the vote was counted.
        """
        check_allowed(actor, "council.vote")
        name = clean_text(member, "member", max_length=40).lower() if member else None
        written = name is not None and name != actor.username
        if written:
            check_allowed(actor, "council.written")
        voter = name if written and name else actor.username
        checked = check_choice(choice)
        scan: tuple[bytes, str, str] | None = None
        if written and proof:  # without one, the ballot's check below names the file
            data = bytes(proof)
            scan = (data, check_upload(data, SCAN_TYPES), hashlib.sha256(data).hexdigest())
        sha256 = scan[2] if scan else None
        first = self.ballot(ballot_id)
        if self.runner.earlier(actor, idempotency_key, "council.vote") is None:
            first.check_vote(voter, written, sha256)  # refuse before sealing or keeping
            if scan is not None:
                self.files.put(scan[0], scan[1])
        envelope = seal(self._key(), first.id, voter, checked) if first.secret else None

        def attempt(number: int) -> tuple[list[Ballot], Ballot]:
            ballot = first if number == 0 else self.ballot(first.id)
            if envelope is not None:
                ballot.vote_sealed(voter, envelope, written, actor.username, sha256)
            else:
                ballot.vote(voter, checked, written, actor.username, sha256)
            return [ballot], ballot

        ballot = self.runner.run(attempt, actor=actor, command="council.vote",
                                 key=idempotency_key, earlier=self.ballot, busy=BUSY_BALLOT,
                                 field="ballot_id")
        receipt: dict[str, Any] = {
            "ballot_id": str(ballot.id), "member": voter, "written": written,
            "secret": ballot.secret, "votes_cast": len(ballot.voters),
            "members": len(ballot.members)}
        if written:
            receipt["proof_sha256"] = ballot.proofs.get(voter)
        if not ballot.secret:
            receipt["choice"] = checked
        return receipt

    def written_opinions(self, ballot_id: object, *, actor: Actor) -> list[dict[str, Any]]:
        """The written opinions of a ballot, in the council's order, with the SHA-256 of
        each signed form (None for one recorded before forms were required). The forms are
        evidence: the council's managers and auditors read them."""
        check_allowed(actor, "council.evidence")
        ballot = self.ballot(ballot_id)
        return [{"member": m, "sha256": ballot.proofs.get(m)}
                for m in ballot.members if m in ballot.written]

    def written_proof(self, ballot_id: object, member: object, *,
                      actor: Actor) -> StoredFile:
        """The scanned signed form of ``member``'s written opinion on the ballot."""
        check_allowed(actor, "council.evidence")
        ballot = self.ballot(ballot_id)
        name = clean_text(member, "member", max_length=40).lower()
        sha256 = ballot.proofs.get(name)
        if sha256 is None:
            raise NotFoundError(
                f"Không có phiếu ý kiến bằng văn bản có chữ ký của «{name}» cho phiếu biểu "
                "quyết này.", "member")
        found = self.files.get(sha256)
        if found is None:
            raise NotFoundError(
                f"Kho tệp không còn bản quét phiếu ý kiến của «{name}» (SHA-256 {sha256}).",
                "member")
        return found

    def close_ballot(self, ballot_id: object, *, actor: Actor,
                     idempotency_key: str | None = None) -> dict[str, Any]:
        """Count the votes (opening secret envelopes here only) and record the result."""
        check_allowed(actor, "council.manage")

        def attempt(_: int) -> tuple[list[Any], Ballot]:
            ballot = self.ballot(ballot_id)
            ballot.check_closable()
            yes, no = (count(self._key(), ballot.id, ballot.sealed) if ballot.secret
                       else ballot.open_tally())
            ballot.close(yes, no, actor.username)
            assert ballot.result is not None
            nomination = self.nominations.nomination(ballot.nomination_id)
            nomination.count_votes(ballot.id, yes, no, ballot.result["members"],
                                   ballot.result["percent"], ballot.result["passed"],
                                   actor.username)
            return [ballot, nomination], ballot

        return self.runner.run(attempt, actor=actor, command="council.close",
                               key=idempotency_key, earlier=self.ballot,
                               busy="Phiếu biểu quyết đang được cập nhật; vui lòng thử lại.",
                               field="ballot_id").as_dict()

    def conclude_session(self, session_id: object, *, chair_choice: list[str] | None = None,
                         actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """Rank the nominations that passed against the places left in their quotas
        (``events/selection.py``: votes, women first, then the chair).

        Ballots still open are not counted: they are cancelled and their nominations go
        back to the board, for a later session. A nomination withdrawn by its unit after
        its vote takes no place."""
        check_allowed(actor, "council.manage")
        chosen = {parse_uuid(c, f"chair_choice[{i}]") for i, c in enumerate(chair_choice or [])}

        def attempt(_: int) -> tuple[list[Any], CouncilSession]:
            session = self.session(session_id)
            session.check_concludable()
            ballots = self._ballots(session)
            counted = [b for b in ballots if b.result is not None]
            if not counted:
                raise ConflictError(
                    "Phiên họp chưa có phiếu biểu quyết nào đã kiểm phiếu: mở phiếu, bỏ phiếu "
                    "và kết thúc bỏ phiếu trước khi kết luận, hoặc hủy phiên họp.",
                    "session_id")
            nominations = {b.nomination_id: self.nominations.nomination(b.nomination_id)
                           for b in counted}
            withdrawn = {n.id for n in nominations.values() if n.status == WITHDRAWN}
            results = self._rank(counted, chosen, withdrawn)
            session.conclude(results, actor.username)
            for result in results:
                nomination = nominations[result["nomination_id"]]
                if nomination.id in withdrawn:
                    continue
                if result["selected"]:
                    nomination.select(session.id, result["rank"], actor.username)
                elif result["passed"]:
                    nomination.leave_out(session.id, result["rank"], result["reason"],
                                         actor.username)
            unfinished = self._set_aside(
                [b for b in ballots if b.is_open], UNFINISHED, actor)
            return [session, *nominations.values(), *unfinished], session

        return self.runner.run(attempt, actor=actor, command="council.conclude",
                               key=idempotency_key, earlier=self.session, busy=BUSY_SESSION,
                               field="session_id").as_dict()

    def cancel_session(self, session_id: object, *, reason: object, actor: Actor,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """End a session without a conclusion: its open ballots are cancelled and every
        nomination it put to the vote goes back to the board (votes already counted in a
        cancelled session decide nothing)."""
        check_allowed(actor, "council.manage")
        why = clean_text(reason, "reason", max_length=1000, multiline=True)

        def attempt(_: int) -> tuple[list[Any], CouncilSession]:
            session = self.session(session_id)
            session.cancel(why, actor.username)
            changed = self._set_aside(self._ballots(session),
                                      f"Phiên họp «{session.title}» đã hủy: {why}", actor)
            return [session, *changed], session

        return self.runner.run(attempt, actor=actor, command="council.cancel",
                               key=idempotency_key, earlier=self.session, busy=BUSY_SESSION,
                               field="session_id").as_dict()

    def _rank(self, ballots: list[Ballot], chosen: set[UUID],
              withdrawn: set[UUID]) -> list[dict[str, Any]]:
        """Each ballot's result: passed, and where it ranks in its quota pool (a withdrawn
        nomination competes for no place)."""
        results: dict[UUID, dict[str, Any]] = {}
        pools: dict[tuple[Any, ...], tuple[int, str, list[Candidate]]] = {}
        for ballot in ballots:
            assert ballot.result is not None
            results[ballot.nomination_id] = {
                "nomination_id": ballot.nomination_id, "ballot_id": ballot.id,
                "subject_name": ballot.subject_name, "award": ballot.award,
                "yes": ballot.result["yes"], "no": ballot.result["no"],
                "members": ballot.result["members"], "percent": ballot.result["percent"],
                "passed": ballot.result["passed"], "selected": False, "rank": None,
                "priority": ballot.priority, "tie_break": None,
                "reason": "" if ballot.result["passed"] else
                f"Không đạt tỷ lệ phiếu ({ballot.threshold['text']})."}
            if ballot.nomination_id in withdrawn:
                results[ballot.nomination_id]["reason"] = WITHDRAWN_REASON
            elif ballot.result["passed"]:
                key, places, label = self._pool(ballot)
                pools.setdefault(key, (places, label, []))[2].append(Candidate(
                    ballot.nomination_id, ballot.subject_name, int(ballot.result["yes"]),
                    ballot.priority, ballot.chair_choice))
        for places, label, candidates in pools.values():
            for placing in select(candidates, places, label, chosen):
                results[placing.nomination_id].update(
                    rank=placing.rank, selected=placing.selected, tie_break=placing.tie_break,
                    **({"reason": placing.reason} if not placing.selected else {}))
        return [results[b.nomination_id] for b in ballots]

    def _pool(self, ballot: Ballot) -> tuple[tuple[Any, ...], int, str]:
        """The quota pool a passed nomination competes in, its places left, its name."""
        campaign = self.campaigns.get_campaign(ballot.campaign_id)
        quota = quota_of(campaign.quotas, ballot.award, ballot.subject_kind)
        if quota is None:
            return ("unlimited", ballot.id), 1, ""
        ledger = self.app.find(QuotaLedger, ids.quota_ledger_id(campaign.id))
        used = ledger.used(ballot.award, ballot.subject_kind) if ledger else {}
        pool = pool_for(quota, used, ballot.sector,
                        self.organisation.sector_names([ballot.sector]))
        what = f"{ballot.award_name} cho {SUBJECT_KINDS[ballot.subject_kind]}"
        label = f"{what} dành cho ngành {pool.sector_name}" if pool.sector else what
        return (campaign.id, ballot.award, ballot.subject_kind, pool.key), pool.remaining, label
