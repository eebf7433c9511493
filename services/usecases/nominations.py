"""Nominations (hồ sơ đề nghị khen thưởng): submitted by a unit, returned by the
secretariat with a reason, resubmitted, amended, withdrawn. Eligibility is checked from
the subject's award history, with the rule cited in the refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from events import ids
from events.award_history import AwardHistory, check_eligible
from events.campaign import Campaign
from events.errors import InvalidInputError
from events.nomination import (
    APPROVED,
    PASSED,
    RETURNED,
    SUBMITTED,
    VOTING,
    Nomination,
    check_women,
)
from events.rules import ANNUAL, ROUTES
from events.text import clean_text
from events.values import parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.award_forms import AwardForms
from services.usecases.campaigns import Campaigns
from services.usecases.organisation import Organisation

BUSY = "Hồ sơ đang được người khác cập nhật; vui lòng thử lại."
# A dossier on its way to an award (not withdrawn, failed, left out, awarded or revoked).
PENDING = (SUBMITTED, RETURNED, VOTING, PASSED, APPROVED)


def check_year(value: object, campaign: Campaign) -> int:
    """The year of the achievements: a whole year within the campaign."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("Trường «year» phải là năm (số nguyên, ví dụ 2025).", "year")
    if not campaign.start.year <= value <= campaign.end.year:
        raise InvalidInputError(
            f"Năm {value} nằm ngoài thời gian phong trào ({campaign.start.year}–"
            f"{campaign.end.year}).", "year")
    return value


@dataclass
class Nominations:
    """What units do with their dossiers, and what the secretariat sends back."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    award_forms: AwardForms

    def nomination(self, nomination_id: object, field: str = "nomination_id") -> Nomination:
        return self.app.load(Nomination, parse_uuid(nomination_id, field),
                             "Không tìm thấy hồ sơ đề nghị khen thưởng.", field)

    def history(self, subject_id: UUID) -> AwardHistory | None:
        return self.app.find(AwardHistory, ids.award_history_id(subject_id))

    def same_award(self, nomination: Nomination) -> list[Nomination]:
        """Other dossiers of the same subject and year for an award of the same legal
        category and system (any campaign, any catalogue code) still pending: what a
        proposal for it would double."""
        entry = nomination.entry
        codes = [e.code for e in self.award_forms.entries()
                 if e.category == entry.category and e.system == entry.system]
        found = []
        for campaign_id in self.app.ids_of(Campaign, "Launched"):
            for code in dict.fromkeys([*codes, nomination.award]):
                other = self.app.find(Nomination, ids.nomination_id(
                    campaign_id, nomination.subject_id, code, nomination.year))
                if other is not None and other.id != nomination.id and other.status in PENDING:
                    found.append(other)
        return found

    def get_nomination(self, nomination_id: object) -> dict[str, Any]:
        return self.nomination(nomination_id).as_dict()

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
        campaign = self.campaigns.get_campaign(str(campaign_id))
        subject = self.organisation.subject(subject_kind, subject_id)
        self.organisation.check_scope(actor, subject.unit_id)
        if submitting_unit_code:
            submitter = self.organisation.get_unit_by_code(submitting_unit_code,
                                                           "submitting_unit_code").id
            self.organisation.check_scope(actor, submitter)
        else:
            submitter = actor.unit_id or subject.unit_id
        day = on or self.app.clock()
        entry = self.award_forms.entry_for(award, subject.kind, day)
        checked_year = check_year(year, campaign)
        if route not in ROUTES:
            raise InvalidInputError(
                f"Căn cứ đề nghị «{route}» không hợp lệ (dùng: {', '.join(ROUTES)}).", "route")
        text = clean_text(summary, "summary", max_length=4000, multiline=True)
        women = check_women(subject.kind, female, staff_total, staff_women)
        check_eligible(self.history(subject.id), entry.category, subject.kind, checked_year,
                       route, day, subject_name=subject.name)
        nomination = Nomination(
            campaign_id=campaign.id, subject_kind=subject.kind, subject_id=subject.id,
            subject_name=subject.name, unit_id=subject.unit_id, sector=subject.sector,
            submitting_unit_id=submitter, award=entry.code, year=checked_year, route=route,
            summary=text, women=women, actor=actor.username,
            form=entry.snapshot())
        return self.runner.create(
            nomination, actor=actor, command="nominations.submit", field="subject_id",
            duplicate=f"«{subject.name}» đã có hồ sơ đề nghị «{entry.name}» năm "
                      f"{checked_year} trong phong trào này.",
            key=idempotency_key, earlier=self.nomination).as_dict()

    def _change(self, nomination_id: object, actor: Actor, command: str, key: str | None,
                change: Callable[[Nomination], None], *, own_unit: bool) -> dict[str, Any]:
        def attempt(_: int) -> tuple[list[Nomination], Nomination]:
            nomination = self.nomination(nomination_id)
            if own_unit:
                self.organisation.check_scope(actor, nomination.unit_id)
            change(nomination)
            return [nomination], nomination

        return self.runner.run(attempt, actor=actor, command=command, key=key,
                               earlier=self.nomination, busy=BUSY,
                               field="nomination_id").as_dict()

    def return_nomination(self, nomination_id: object, *, reason: str, actor: Actor,
                          idempotency_key: str | None = None) -> dict[str, Any]:
        """The secretariat returns a dossier to its unit, saying what is missing."""
        check_allowed(actor, "nominations.review")
        text = clean_text(reason, "reason", max_length=2000, multiline=True)
        return self._change(nomination_id, actor, "nominations.return", idempotency_key,
                            lambda n: n.return_for_changes(text, actor.username),
                            own_unit=False)

    def resubmit_nomination(self, nomination_id: object, *, summary: str | None = None,
                            actor: Actor, on: date | None = None,
                            idempotency_key: str | None = None) -> dict[str, Any]:
        """The unit sends a returned dossier again; eligibility is checked again."""
        check_allowed(actor, "nominations.submit")
        day = on or self.app.clock()

        def change(nomination: Nomination) -> None:
            text = (nomination.summary if summary is None
                    else clean_text(summary, "summary", max_length=4000, multiline=True))
            check_eligible(self.history(nomination.subject_id), nomination.category,
                           nomination.subject_kind, nomination.year, nomination.route, day,
                           subject_name=nomination.subject_name)
            nomination.resubmit(text, actor.username)

        return self._change(nomination_id, actor, "nominations.resubmit", idempotency_key,
                            change, own_unit=True)

    def amend_nomination(self, nomination_id: object, *, summary: str, female: object = None,
                         staff_total: object = None, staff_women: object = None,
                         clear_women: bool = False, actor: Actor,
                         idempotency_key: str | None = None) -> dict[str, Any]:
        """Change a dossier's summary and, when given, its declared women facts
        (``clear_women``: the dossier no longer declares any)."""
        check_allowed(actor, "nominations.submit")
        text = clean_text(summary, "summary", max_length=4000, multiline=True)

        def amend(nomination: Nomination) -> None:
            women = check_women(nomination.subject_kind, female, staff_total, staff_women)
            if clear_women:
                if women is not None:
                    raise InvalidInputError(
                        "Không thể vừa khai vừa xóa thông tin ưu tiên nữ.", "clear_women")
                women = {}
            nomination.amend(text, actor.username, women=women)

        return self._change(nomination_id, actor, "nominations.amend", idempotency_key,
                            amend, own_unit=True)

    def withdraw_nomination(self, nomination_id: object, *, reason: str, actor: Actor,
                            idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "nominations.submit")
        text = clean_text(reason, "reason", max_length=2000, multiline=True)
        return self._change(nomination_id, actor, "nominations.withdraw", idempotency_key,
                            lambda n: n.withdraw(text, actor.username), own_unit=True)
