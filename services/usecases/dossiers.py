"""Dossiers up the tiers (hồ sơ đề nghị theo tuyến): a unit drafts a batch of nominees for
one campaign and award form; the tiers of the unit tree above it, up to the unit that
issues the award, review it in turn; the issuing tier accepts it and its eligible
nominees go to the council's board as nominations linked to the dossier.

Who acts: the submitting unit's clerks for the submitter; for a tier above, the clerks
and specialists *of that very unit* (not of a unit above it: each tier answers for
itself); admins for any. Who reads: everyone whose unit is on the dossier's route, and
the roles not tied to a unit; a clerk of another branch of the tree sees nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from events import ids
from events.award_history import AwardHistory, check_eligible
from events.dossier import (
    CLOSED,
    DRAFT,
    STATUSES,
    Dossier,
    check_nominees,
    route_to_issuer,
)
from events.errors import DomainError, InvalidInputError, NotFoundError, PermissionDeniedError
from events.nomination import Nomination
from events.rules import ANNUAL, ROUTES
from events.text import clean_text, printable
from events.values import parse_uuid
from services.actors import Actor, check_allowed, is_unit_scoped
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.files import DOCX, JPEG, NAMES, PDF, PNG, XLSX, FileStore, StoredFile, check_upload
from services.usecases.accounts import Accounts
from services.usecases.award_forms import AwardForms
from services.usecases.campaigns import Campaigns
from services.usecases.nominations import check_year
from services.usecases.organisation import Organisation

BUSY = "Hồ sơ đang được người khác cập nhật; vui lòng thử lại."
ATTACHMENT_TYPES = (PDF, DOCX, XLSX, JPEG, PNG)
NOT_FOUND = "Không tìm thấy hồ sơ đề nghị."


def file_name(name: object) -> str:
    """The name an upload is kept under: its last path part, NFC, without characters no
    field may hold, at most 200 characters (a nameless upload: tep-dinh-kem)."""
    base = re.split(r"[\\/]", name if isinstance(name, str) else "")[-1]
    text = unicodedata.normalize("NFC", re.sub(r"[\t\n\r]", " ", printable(base)))
    return text.replace("\ufffd", "").strip()[:200] or "tep-dinh-kem"


@dataclass
class Dossiers:
    """What units, tiers and specialists do with dossiers."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    award_forms: AwardForms
    accounts: Accounts
    files: FileStore = field(init=False)

    def __post_init__(self) -> None:
        self.files = FileStore(self.app)

    # --- reading ------------------------------------------------------------------------

    def dossier(self, dossier_id: object, field: str = "dossier_id") -> Dossier:
        return self.app.load(Dossier, parse_uuid(dossier_id, field), NOT_FOUND, field)

    def may_read(self, actor: Actor, dossier: Dossier) -> bool:
        """Units on the route read it; roles not tied to a unit read every dossier."""
        return not is_unit_scoped(actor) or actor.unit_id in dossier.route

    def readable(self, dossier_id: object, actor: Actor) -> Dossier:
        """The dossier, if the actor may read it (otherwise as if there were none: a clerk
        of another branch learns nothing, not even that it exists)."""
        dossier = self.dossier(dossier_id)
        if not self.may_read(actor, dossier):
            raise NotFoundError(NOT_FOUND, "dossier_id")
        return dossier

    def get_dossier(self, dossier_id: object, *, actor: Actor) -> dict[str, Any]:
        return self.dossier_dict(self.readable(dossier_id, actor), actor)

    def list_dossiers(self, *, actor: Actor, tier_unit_code: str | None = None,
                      status: str | None = None,
                      campaign_id: object = None) -> list[dict[str, Any]]:
        """The dossiers the actor may read, newest first; of one tier (waiting there) and
        one status when asked."""
        tier = self.organisation.get_unit_by_code(tier_unit_code, "tier_unit_code").id \
            if tier_unit_code else None
        if status is not None and status not in STATUSES:
            raise InvalidInputError(f"Trạng thái «{status}» không có (dùng: "
                                    f"{', '.join(STATUSES)}).", "status")
        campaign = parse_uuid(campaign_id, "campaign_id") if campaign_id else None
        found = [d for d in self.app.all_of(Dossier, "Created")
                 if self.may_read(actor, d) and (tier is None or d.tier_unit_id == tier)
                 and (status is None or d.status == status)
                 and (campaign is None or d.campaign_id == campaign)]
        return [self.dossier_dict(d, actor) for d in reversed(found)]

    def dossier_dict(self, dossier: Dossier, actor: Actor | None = None) -> dict[str, Any]:
        """The dossier with the names of its units, what each nominee's verdict says, and
        (given an actor) what the actor may do with it now."""
        data = dossier.as_dict()
        units = {u: self.organisation.get_unit(u) for u in dossier.route}
        data["route_units"] = [{"id": str(u), "code": units[u].code, "name": units[u].name}
                               for u in dossier.route]
        tier, submitter = units[dossier.tier_unit_id], units[dossier.submitting_unit_id]
        data.update(tier_unit_code=tier.code, tier_unit_name=tier.name,
                    submitting_unit_code=submitter.code, submitting_unit_name=submitter.name,
                    issuer_unit_code=units[dossier.issuer_id].code,
                    issuer_unit_name=units[dossier.issuer_id].name,
                    specialist=dossier.specialist() if dossier.tier else None)
        for nominee in data["nominees"]:
            nominee["verdict"] = data["verdicts"].get(nominee["subject_id"])
            nominee["nomination_id"] = data["nominations"].get(nominee["subject_id"])
        for row in data["returns"]:
            row["from_unit_name"] = units[UUID(row["from_unit_id"])].name
            row["to_unit_name"] = units[UUID(row["to_unit_id"])].name
        for attachment in data["attachments"]:
            attachment["unit_name"] = units[UUID(attachment["unit_id"])].name
            attachment["type_name"] = NAMES.get(attachment["type"], attachment["type"])
        data["actions"] = self.actions(dossier, actor) if actor is not None else []
        return data

    def actions(self, dossier: Dossier, actor: Actor) -> list[str]:
        """What the actor may do with the dossier as it stands (the page's buttons)."""
        found = []
        for action, command in (("submit", self._submitter), ("withdraw", self._submitter),
                                ("forward", self._reviewer), ("return", self._reviewer),
                                ("assign", self._assigner), ("verdict", self._judge),
                                ("accept", self._acceptor), ("attach", self._attacher)):
            try:
                command(actor, dossier)
                self._check_state(action, dossier)
            except DomainError:  # not this actor, or not now
                continue
            found.append(action)
        return found

    @staticmethod
    def _check_state(action: str, dossier: Dossier) -> None:
        """Raise when the dossier's state does not allow ``action`` (a dry run)."""
        open_ = dossier.status not in CLOSED
        reviewing = dossier.tier > 0 and open_ and dossier.status != DRAFT
        allowed = {
            "submit": dossier.with_submitter,
            "withdraw": open_,
            "forward": reviewing and not dossier.at_issuer,
            "return": reviewing, "assign": reviewing, "verdict": reviewing,
            "accept": reviewing and dossier.at_issuer,
            "attach": open_,
        }
        if not allowed[action]:
            raise InvalidInputError("", None)

    # --- who may act --------------------------------------------------------------------

    def _submitter(self, actor: Actor, dossier: Dossier) -> None:
        check_allowed(actor, "dossiers.submit")
        self.organisation.check_scope(actor, dossier.submitting_unit_id)

    def _at_tier(self, actor: Actor, dossier: Dossier) -> None:
        """Only the unit the dossier waits at acts on it (admins for any)."""
        if actor.role == "admin":
            return
        if dossier.tier == 0:
            self.organisation.check_scope(actor, dossier.submitting_unit_id)
            return
        if actor.unit_id != dossier.tier_unit_id:
            unit = self.organisation.get_unit(dossier.tier_unit_id)
            raise PermissionDeniedError(
                f"Hồ sơ đang chờ ở «{unit.name}»: chỉ cán bộ, chuyên viên của đơn vị này xử "
                "lý.", None)

    def _reviewer(self, actor: Actor, dossier: Dossier) -> None:
        check_allowed(actor, "dossiers.review")
        self._at_tier(actor, dossier)

    def _assigner(self, actor: Actor, dossier: Dossier) -> None:
        check_allowed(actor, "dossiers.assign")
        self._at_tier(actor, dossier)

    def _judge(self, actor: Actor, dossier: Dossier) -> None:
        check_allowed(actor, "dossiers.verdict")
        self._at_tier(actor, dossier)
        if actor.role == "specialist" and dossier.specialist() != actor.username:
            raise PermissionDeniedError(
                "Chỉ chuyên viên được phân công hồ sơ này ở cấp đang xét mới ghi kết luận.",
                None)

    def _acceptor(self, actor: Actor, dossier: Dossier) -> None:
        check_allowed(actor, "dossiers.accept")
        self._at_tier(actor, dossier)

    def _attacher(self, actor: Actor, dossier: Dossier) -> None:
        check_allowed(actor, "dossiers.attach")
        self._at_tier(actor, dossier)

    # --- the submitting unit ------------------------------------------------------------

    def submitting_unit(self, actor: Actor, unit_code: str | None) -> UUID:
        """The unit that sends a dossier: ``unit_code``, else the actor's own; in scope."""
        if unit_code:
            submitter = self.organisation.get_unit_by_code(unit_code, "unit_code").id
        elif actor.unit_id is not None:
            submitter = actor.unit_id
        else:
            raise InvalidInputError("Chọn đơn vị gửi hồ sơ (trường «unit_code»).", "unit_code")
        self.organisation.check_scope(actor, submitter)
        return submitter

    def create_dossier(self, *, campaign_id: object, award: object,
                       nominees: list[dict[str, Any]], unit_code: str | None = None,
                       year: object = None, basis: str = ANNUAL, actor: Actor,
                       on: date | None = None,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """Draft a dossier of the submitting unit (``unit_code``, else the actor's own)."""
        check_allowed(actor, "dossiers.submit")
        earlier = self.runner.earlier(actor, idempotency_key, "dossiers.create")
        if earlier is not None:
            return self.dossier_dict(self.dossier(earlier), actor)
        campaign = self.campaigns.get_campaign(str(campaign_id))
        submitter = self.submitting_unit(actor, unit_code)
        day = on or self.app.clock()
        checked_year = check_year(min(max(day.year, campaign.start.year), campaign.end.year)
                                  if year is None else year, campaign)
        if basis not in ROUTES:
            raise InvalidInputError(
                f"Căn cứ đề nghị «{basis}» không hợp lệ (dùng: {', '.join(ROUTES)}).", "basis")
        rows = self.nominee_rows(nominees, submitter, award, day)
        entry = self.award_forms.entry(award)
        issuer = entry.issuer_unit_id or campaign.issuer_unit_id
        route = route_to_issuer(self.organisation.unit_ancestry(submitter), issuer)
        dossier = Dossier(campaign_id=campaign.id, award=entry.code, form=entry.snapshot(),
                          year=checked_year, basis=basis, submitting_unit_id=submitter,
                          route=route, nominees=rows, actor=actor.username)
        saved = self.runner.run(lambda _: ([dossier], dossier), actor=actor,
                                command="dossiers.create", key=idempotency_key,
                                earlier=self.dossier)
        return self.dossier_dict(saved, actor)

    def nominee_rows(self, nominees: list[dict[str, Any]], submitter: UUID, award: object,
                  day: date) -> list[dict[str, Any]]:
        """The nominees as the dossier keeps them: each a subject of the submitting unit's
        tree, to whom the award may be given."""
        if not isinstance(nominees, list):
            raise InvalidInputError("Trường «nominees» phải là một danh sách.", "nominees")
        rows = []
        for index, raw in enumerate(nominees):
            where = f"nominees[{index}]"
            subject = self.organisation.subject(raw.get("subject_kind"), raw.get("subject_id"),
                                                f"{where}.subject_id")
            if submitter not in self.organisation.unit_ancestry(subject.unit_id):
                raise InvalidInputError(
                    f"«{subject.name}» không thuộc đơn vị gửi hồ sơ hay đơn vị trực thuộc.",
                    f"{where}.subject_id")
            self.award_forms.entry_for(award, subject.kind, day)
            rows.append({"subject_kind": subject.kind, "subject_id": subject.id,
                         "subject_name": subject.name, "unit_id": subject.unit_id,
                         "sector": subject.sector,
                         "summary": clean_text(raw.get("summary"), f"{where}.summary",
                                               max_length=4000, multiline=True)})
        check_nominees(rows)
        return rows

    def _change(self, dossier_id: object, actor: Actor, command: str, key: str | None,
                who: Callable[[Actor, Dossier], None],
                change: Callable[[Dossier], list[Any] | None]) -> dict[str, Any]:
        """Load, check who acts, change, save (with what ``change`` returns besides)."""
        def attempt(_: int) -> tuple[list[Any], Dossier]:
            dossier = self.readable(dossier_id, actor)
            who(actor, dossier)
            more = change(dossier) or []
            return [dossier, *more], dossier

        saved = self.runner.run(attempt, actor=actor, command=command, key=key,
                                earlier=self.dossier, busy=BUSY, field="dossier_id")
        return self.dossier_dict(saved, actor)

    def submit_dossier(self, dossier_id: object, *, actor: Actor, on: date | None = None,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """Send the dossier up (again, after a return), on day ``on`` (default: today)."""
        day = on or self.app.clock()
        return self._change(dossier_id, actor, "dossiers.submit", idempotency_key,
                            self._submitter, lambda d: d.submit(actor.username, day))

    def withdraw_dossier(self, dossier_id: object, *, reason: str, actor: Actor,
                         idempotency_key: str | None = None) -> dict[str, Any]:
        text = clean_text(reason, "reason", max_length=2000, multiline=True)
        return self._change(dossier_id, actor, "dossiers.withdraw", idempotency_key,
                            self._submitter, lambda d: d.withdraw(text, actor.username))

    # --- the tiers above ----------------------------------------------------------------

    def forward_dossier(self, dossier_id: object, *, actor: Actor, on: date | None = None,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        day = on or self.app.clock()
        return self._change(dossier_id, actor, "dossiers.forward", idempotency_key,
                            self._reviewer, lambda d: d.forward(actor.username, day))

    def return_dossier(self, dossier_id: object, *, reason: str, actor: Actor,
                       on: date | None = None,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """Send the dossier one tier down, saying why (kept and shown to that tier)."""
        text = clean_text(reason, "reason", max_length=2000, multiline=True)
        day = on or self.app.clock()
        return self._change(dossier_id, actor, "dossiers.return", idempotency_key,
                            self._reviewer, lambda d: d.return_down(text, actor.username, day))

    def assign_specialist(self, dossier_id: object, *, specialist: str, actor: Actor,
                          idempotency_key: str | None = None) -> dict[str, Any]:
        """Give the dossier to a specialist of the tier holding it."""
        account = self.accounts.user(specialist, "specialist")

        def assign(dossier: Dossier) -> None:
            if account.role != "specialist" or account.unit_id != dossier.tier_unit_id \
                    or account.disabled:
                unit = self.organisation.get_unit(dossier.tier_unit_id)
                raise InvalidInputError(
                    f"«{account.username}» không phải chuyên viên thi đua, khen thưởng của "
                    f"«{unit.name}».", "specialist")
            dossier.assign(account.username, actor.username)

        return self._change(dossier_id, actor, "dossiers.assign", idempotency_key,
                            self._assigner, assign)

    def findings(self, dossier: Dossier, subject_id: UUID, on: date) -> list[str]:
        """What the domain's eligibility checks find against one nominee (each finding
        cites its rule); none: nothing found."""
        nominee = dossier.nominee(subject_id)
        history = self.app.find(AwardHistory, ids.award_history_id(subject_id))
        found = []
        try:
            check_eligible(history, dossier.entry.category, nominee["subject_kind"],
                           dossier.year, dossier.basis, on,
                           subject_name=nominee["subject_name"])
        except InvalidInputError as error:
            found.append(error.message)
        if history is not None:
            held = history.holding(dossier.award, dossier.year, dossier.form)
            if held is not None:
                found.append(f"«{nominee['subject_name']}» đã được tặng «{held['award_name']}» "
                             f"năm {dossier.year} (Quyết định số {held['number']}).")
        return found

    def record_verdict(self, dossier_id: object, *, subject_id: object, eligible: bool,
                       reason: str = "", actor: Actor, on: date | None = None,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """The assigned specialist's verdict on one nominee, with the checks' findings."""
        subject = parse_uuid(subject_id, "subject_id")
        text = clean_text(reason, "reason", required=False, max_length=2000, multiline=True)
        if not isinstance(eligible, bool):
            raise InvalidInputError("Trường «eligible» phải là true hoặc false.", "eligible")
        day = on or self.app.clock()

        def judge(dossier: Dossier) -> None:
            dossier.record_verdict(subject, eligible, text,
                                   self.findings(dossier, subject, day), actor.username)

        return self._change(dossier_id, actor, "dossiers.verdict", idempotency_key,
                            self._judge, judge)

    def accept_dossier(self, dossier_id: object, *, actor: Actor, on: date | None = None,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """The issuing tier takes the dossier: each eligible nominee becomes a nomination
        on the council's board, linked to the dossier, in the same transaction."""
        day = on or self.app.clock()

        def accept(dossier: Dossier) -> list[Any]:
            dossier.check_acceptable()
            made = []
            for nominee in dossier.eligible():
                made.append(self._nomination(dossier, nominee, actor, day))
            dossier.accept({str(n.subject_id): n.id for n in made}, actor.username)
            return made

        return self._change(dossier_id, actor, "dossiers.accept", idempotency_key,
                            self._acceptor, accept)

    def _nomination(self, dossier: Dossier, nominee: dict[str, Any], actor: Actor,
                    day: date) -> Nomination:
        check_eligible(self.app.find(AwardHistory, ids.award_history_id(nominee["subject_id"])),
                       dossier.entry.category, nominee["subject_kind"], dossier.year,
                       dossier.basis, day, field="dossier_id",
                       subject_name=nominee["subject_name"])
        nomination = Nomination(
            campaign_id=dossier.campaign_id, subject_kind=nominee["subject_kind"],
            subject_id=nominee["subject_id"], subject_name=nominee["subject_name"],
            unit_id=nominee["unit_id"], sector=nominee["sector"],
            submitting_unit_id=dossier.submitting_unit_id, award=dossier.award,
            year=dossier.year, route=dossier.basis, summary=nominee["summary"],
            actor=actor.username, form=dossier.form, dossier_id=dossier.id)
        if self.app.exists(nomination.id):
            raise InvalidInputError(
                f"«{nominee['subject_name']}» đã có hồ sơ đề nghị «{dossier.entry.name}» năm "
                f"{dossier.year} trong phong trào này.", "dossier_id")
        return nomination

    def specialists(self, dossier_id: object, *, actor: Actor) -> list[dict[str, str]]:
        """The specialists of the tier holding the dossier (whom it may be assigned to)."""
        dossier = self.readable(dossier_id, actor)
        tier = str(dossier.tier_unit_id)
        return [{"username": u["username"], "name": u.get("full_name") or u["username"]}
                for u in self.accounts.list_users()
                if u["role"] == "specialist" and u.get("unit_id") == tier
                and not u.get("disabled")]

    # --- attachments --------------------------------------------------------------------

    def attach_file(self, dossier_id: object, *, data: bytes, name: str, actor: Actor,
                    idempotency_key: str | None = None) -> dict[str, Any]:
        """Attach a file (PDF, DOCX, XLSX, JPG, PNG; at most 10 MB; the type read from
        the content) at the tier holding the dossier; the bytes kept by their SHA-256."""
        media_type = check_upload(bytes(data), ATTACHMENT_TYPES)
        title = file_name(name)
        sha256 = hashlib.sha256(data).hexdigest()
        first = self.readable(dossier_id, actor)
        self._attacher(actor, first)
        if self.runner.earlier(actor, idempotency_key, "dossiers.attach") is None:
            self.files.put(bytes(data), media_type)  # the bytes before the event naming them

        def attach(dossier: Dossier) -> None:
            dossier.attach(sha256, title, media_type, len(data), dossier.tier_unit_id,
                           actor.username)

        return self._change(dossier_id, actor, "dossiers.attach", idempotency_key,
                            self._attacher, attach)

    def attachment(self, dossier_id: object, sha256: str, *, actor: Actor) -> tuple[
            StoredFile, str]:
        """An attached file and its name, for those who read the dossier."""
        dossier = self.readable(dossier_id, actor)
        clean = sha256.lower()
        named = next((a for a in dossier.attachments if a["sha256"] == clean), None)
        found = self.files.get(clean) if named is not None else None
        if named is None or found is None:
            raise NotFoundError("Hồ sơ không có tệp đính kèm này.", "sha256")
        return found, named["name"]
