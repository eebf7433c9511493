"""Campaigns and scoring: launching a campaign, registrations, self-assessment, review
and corrections of scorecards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from events import ids
from events.campaign import SUBJECT_KINDS, Campaign, check_campaign_definition
from events.errors import ConflictError, InvalidInputError
from events.periods import parse_scoring_period
from events.registration import Registration
from events.scorecard import CORRECTION, REVIEW, SELF, STAGES, Scorecard, check_scores
from events.text import clean_text
from events.values import parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.award_forms import AwardForms
from services.usecases.organisation import Organisation
from services.usecases.signatures import clean_signer

BUSY_CARD = "Phiếu điểm đang được người khác cập nhật; vui lòng thử lại."


@dataclass
class Campaigns:
    """Phong trào thi đua: the campaign, who registered, and their scorecards."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    award_forms: AwardForms

    # --- campaigns ----------------------------------------------------------------------

    def create_campaign(self, data: dict[str, Any], *, actor: Actor,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "campaigns.create")
        definition, issuer_id = self._checked_definition(data)
        campaign = Campaign(**definition, issuer_unit_id=issuer_id, actor=actor.username)
        saved = self.runner.create(
            campaign, actor=actor, command="campaigns.create", field="code",
            duplicate=f"Mã phong trào «{definition['code']}» đã tồn tại.",
            key=idempotency_key, earlier=self.get_campaign)
        return self.campaign_dict(saved)

    def revision_refused(self, campaign_id: UUID | str) -> str | None:
        """Why the campaign can no longer be changed (someone registered), or None."""
        registered = self.list_registrations(campaign_id)
        if not registered:
            return None
        first = min(r["registered_on"] for r in registered)
        return (f"Phong trào đã có {len(registered)} đăng ký thi đua (đầu tiên ngày "
                f"{first:%d/%m/%Y}) nên không sửa được nữa: các đơn vị đã đăng ký theo Kế "
                "hoạch này. Muốn thay đổi, ban hành Kế hoạch mới.")

    def revise_campaign(self, campaign_id: UUID | str, data: dict[str, Any], *, actor: Actor,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        """Change a campaign until its first registration (its code stays)."""
        check_allowed(actor, "campaigns.create")
        current = self.get_campaign(campaign_id)

        def attempt(_: int) -> tuple[list[Campaign], Campaign]:
            refused = self.revision_refused(current.id)
            if refused:
                raise ConflictError(refused, "campaign_id")
            definition, issuer_id = self._checked_definition({**data, "code": current.code})
            campaign = self.app.load(Campaign, current.id, "Không tìm thấy phong trào thi đua.",
                                     "campaign_id")
            del definition["code"]
            campaign.revise(**definition, issuer_unit_id=issuer_id, actor=actor.username)
            return [campaign], campaign

        saved = self.runner.run(attempt, actor=actor, command="campaigns.revise",
                                key=idempotency_key, earlier=self.get_campaign,
                                field="campaign_id",
                                busy="Phong trào đang được người khác sửa; vui lòng thử lại.")
        return self.campaign_dict(saved)

    def _checked_definition(self, data: dict[str, Any]) -> tuple[dict[str, Any], UUID]:
        """The campaign's definition as stored, and its issuer's id; or the first error."""
        definition = check_campaign_definition(data, sectors=self.organisation.sector_codes())
        if definition["plan"].get("signer"):  # signs as Điều 13 NĐ 30/2020 allows
            clean_signer(definition["plan"]["signer"], "plan.signer")
        for index, quota in enumerate(definition["quotas"]):
            entry = self.award_forms.entry(quota["award_form"],
                                           f"quotas[{index}].award_form")
            if quota["subject_kind"] not in entry.subject_kinds:
                raise InvalidInputError(
                    f"«{entry.name}» không dành cho {SUBJECT_KINDS[quota['subject_kind']]}.",
                    f"quotas[{index}].subject_kind")
        issuer = self.organisation.get_unit_by_code(data.get("issuer_unit_code") or "",
                                                    "issuer_unit_code")
        return definition, issuer.id

    def get_campaign(self, campaign_id: UUID | str, field: str = "campaign_id") -> Campaign:
        """The campaign: kept in memory once someone registered (it cannot change then),
        read from the store before (it may be revised, here or in another process)."""
        uid = parse_uuid(campaign_id, field)
        cached = self.app.cached_immutable(Campaign, uid)
        if cached is not None:
            return cached
        return self.app.load(Campaign, uid, "Không tìm thấy phong trào thi đua.", field)

    def _registered_for(self, campaign: Campaign) -> Campaign:
        """``campaign`` has a registration: it is final, so keep it in memory."""
        self.app.keep_immutable(campaign)
        return campaign

    def campaign_details(self, campaign_id: UUID | str) -> dict[str, Any]:
        return self.campaign_dict(self.get_campaign(campaign_id))

    def list_campaigns(self) -> list[dict[str, Any]]:
        return [self.campaign_dict(self.get_campaign(i))
                for i in self.app.ids_of(Campaign, "Launched")]

    def campaign_dict(self, campaign: Campaign) -> dict[str, Any]:
        issuer = self.organisation.get_unit(campaign.issuer_unit_id)
        return {**campaign.as_dict(), "issuer_unit_code": issuer.code}

    # --- registrations ------------------------------------------------------------------

    def register(self, *, campaign_id: UUID | str, subject_kind: str, subject_id: UUID | str,
                 pledge: str = "", actor: Actor, on: date | None = None,
                 idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "registrations.create")
        earlier = self.runner.earlier(actor, idempotency_key, "registrations.create")
        if earlier is not None:
            return self._registration(earlier).as_dict()
        campaign = self.get_campaign(campaign_id)
        if subject_kind not in SUBJECT_KINDS:
            raise InvalidInputError(
                f"Đối tượng «{subject_kind}» không hợp lệ: dùng «collective» hoặc "
                "«individual».", "subject_kind")
        campaign.track(subject_kind)
        subject = parse_uuid(subject_id, "subject_id")
        if subject_kind == "individual":
            unit_id = self.organisation.get_person(subject, "subject_id").unit_id
        else:
            unit_id = self.organisation.get_unit(subject, "subject_id").id
        self.organisation.check_scope(actor, unit_id)
        day = on or self.app.clock()
        campaign.check_registration_open(day)
        registration = Registration(
            campaign_id=campaign.id, subject_kind=subject_kind, subject_id=subject,
            unit_id=unit_id, pledge=clean_text(pledge, "pledge", required=False, max_length=4000,
                                               multiline=True),
            registered_on=day, actor=actor.username)
        return self.runner.create(
            registration, actor=actor, command="registrations.create", field="subject_id",
            duplicate="Đối tượng này đã đăng ký thi đua trong phong trào.",
            key=idempotency_key, earlier=self._registration).as_dict()

    def _registration(self, registration_id: UUID) -> Registration:
        return self.app.load(Registration, registration_id, "Không tìm thấy đăng ký.", "id")

    def get_registration(self, campaign_id: UUID, subject_id: UUID) -> Registration:
        return self.app.load_immutable(
            Registration, ids.registration_id(campaign_id, subject_id),
            "Đối tượng chưa đăng ký thi đua trong phong trào này.", "subject_id")

    def list_registrations(self, campaign_id: UUID | str) -> list[dict[str, Any]]:
        campaign = self.get_campaign(campaign_id)
        registered = [r.as_dict() for r in self.app.all_of(Registration, "Registered")
                      if r.campaign_id == campaign.id]
        if registered:
            self._registered_for(campaign)
        return registered

    # --- scores -------------------------------------------------------------------------

    def post_scores(self, *, campaign_id: UUID | str, subject_id: UUID | str, period: str,
                    stage: str, scores: dict[str, Any], reason: str | None = None,
                    actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        if stage not in STAGES:
            raise InvalidInputError(
                f"Bước chấm «{stage}» không hợp lệ: dùng self (tự chấm), review (chấm duyệt) "
                "hoặc correction (đính chính).", "stage")
        command = f"scores.{stage}"
        check_allowed(actor, command)
        earlier = self.runner.earlier(actor, idempotency_key, command)
        if earlier is not None:
            return self._card(earlier).as_dict()
        campaign = self.get_campaign(campaign_id)
        registration = self.get_registration(campaign.id, parse_uuid(subject_id, "subject_id"))
        self._registered_for(campaign)
        self.organisation.check_scope(actor, registration.unit_id)
        track = campaign.track(registration.subject_kind)
        scoring_period = parse_scoring_period(period, track["cadence"])
        campaign.check_period_within(scoring_period)
        checked = check_scores(scores, campaign.criterion_max(registration.subject_kind),
                               complete=stage != CORRECTION)
        clean_reason = clean_text(reason, "reason", max_length=2000, multiline=True) \
            if stage == CORRECTION else ""
        card_id = ids.scorecard_id(campaign.id, registration.subject_id, scoring_period.label)

        def attempt(number: int) -> tuple[list[Scorecard], Scorecard]:
            # Insert first: most self-assessments open a new scorecard, and the store's
            # uniqueness of (id, version 1) tells us, without a read, when it exists.
            card = None if stage == SELF and number == 0 else self.app.find(Scorecard, card_id)
            if card is None:
                card = Scorecard(
                    campaign_id=registration.campaign_id,
                    subject_kind=registration.subject_kind,
                    subject_id=registration.subject_id, unit_id=registration.unit_id,
                    period=scoring_period.label, actor=actor.username)
            if stage == SELF:
                card.self_assess(checked, actor=actor.username)
            elif stage == REVIEW:
                card.review(checked, actor=actor.username)
            else:
                card.correct(checked, reason=clean_reason, actor=actor.username)
            return [card], card

        return self.runner.run(attempt, actor=actor, command=command, key=idempotency_key,
                               earlier=self._card, busy=BUSY_CARD, field="period").as_dict()

    def _card(self, card_id: UUID) -> Scorecard:
        return self.app.load(Scorecard, card_id, "Chưa có phiếu điểm cho kỳ này.", "period")

    def get_scorecard(self, campaign_id: UUID | str, subject_id: UUID | str,
                      period: str) -> dict[str, Any]:
        campaign = self.get_campaign(campaign_id)
        card_id = ids.scorecard_id(campaign.id, parse_uuid(subject_id, "subject_id"), period)
        return self._card(card_id).as_dict()
