"""Quyết định khen thưởng: drafted from approved nominations, issued (number, quotas, caps,
prize money, award history, all in one transaction), revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from events import ids
from events.award_history import FROM_DECISION, AwardHistory, check_eligible
from events.award_settings import cap_text
from events.campaign import Campaign
from events.council import CouncilSession
from events.decision import (
    DECISION_TYPE,
    AwardDecision,
    AwardTally,
    QuotaLedger,
    check_symbol,
    symbol_for,
)
from events.errors import InvalidInputError
from events.prize import prize_for
from events.quota import OTHER_SECTORS
from events.rules import base_salary
from events.text import clean_text
from events.values import parse_date, parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.award_forms import AwardForms
from services.usecases.award_settings import AwardSettingsCases
from services.usecases.campaigns import Campaigns
from services.usecases.decision_texts import (
    award_text,
    council_basis,
    council_papers,
    decision_title,
    enforcement_text,
    money_texts,
    plan_basis,
    system_basis,
)
from services.usecases.nominations import Nominations
from services.usecases.organisation import Organisation, Subject
from services.usecases.records import history_of
from services.usecases.registers import take_number
from services.usecases.signatures import clean_signer

BUSY_REGISTER = ("Sổ đăng ký văn bản đang bận (nhiều quyết định ban hành cùng lúc); vui lòng "
                 "thử lại.")


@dataclass
class Decisions:
    """The decisions of an issuer: draft, issue, revoke."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    nominations: Nominations
    settings: AwardSettingsCases
    award_forms: AwardForms

    def decision(self, decision_id: object) -> AwardDecision:
        return self.app.load(AwardDecision, parse_uuid(decision_id, "decision_id"),
                             "Không tìm thấy quyết định khen thưởng.", "decision_id")

    def get_decision(self, decision_id: object) -> dict[str, Any]:
        return self.decision(decision_id).as_dict()

    def list_decisions(self, campaign_id: object = None) -> list[dict[str, Any]]:
        campaign = parse_uuid(campaign_id, "campaign_id") if campaign_id else None
        return [d.as_dict() for d in self.app.all_of(AwardDecision, "Drafted")
                if campaign is None or d.campaign_id == campaign]

    def draft_decision(
        self, *, issuer_unit_code: str, campaign_id: object, award: str,
        nomination_ids: list[str], signer: dict[str, Any], title: str | None = None,
        issuer_symbol: str | None = None, actor: Actor, idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """Draft a decision from approved nominations (no number until it is issued)."""
        check_allowed(actor, "decisions.draft")
        issuer = self.organisation.get_unit_by_code(issuer_unit_code, "issuer_unit_code")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        entry = self.award_forms.entry(award)
        if entry.issuer_unit_id is not None and entry.issuer_unit_id != issuer.id:
            owner = self.organisation.get_unit(entry.issuer_unit_id)
            raise InvalidInputError(
                f"«{entry.name}» do {owner.name} ban hành, không phải {issuer.name}.",
                "issuer_unit_code")
        if not isinstance(nomination_ids, list) or not nomination_ids:
            raise InvalidInputError(
                "Quyết định phải có ít nhất một tập thể hoặc cá nhân được khen thưởng.",
                "nomination_ids")
        # A decision that could not be signed as Điều 13 NĐ 30/2020 allows is refused now.
        signed_by = clean_signer(signer, "signer")
        recipients: list[dict[str, Any]] = []
        subjects: set[Any] = set()
        for index, raw in enumerate(nomination_ids):
            field = f"nomination_ids[{index}]"
            nomination = self.nominations.nomination(raw, field)
            if nomination.campaign_id != campaign.id:
                raise InvalidInputError("Hồ sơ thuộc phong trào khác.", field)
            if nomination.award != entry.code:
                raise InvalidInputError(
                    f"Hồ sơ đề nghị «{nomination.award_name}», không phải «{entry.name}».",
                    field)
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
            campaign_id=campaign.id, award=entry.code, form=entry.snapshot(),
            title=clean_text(title or decision_title(entry, recipients, campaign),
                             "title", max_length=500),
            signer=signed_by,
            recipients=recipients, actor=actor.username)
        return self.runner.run(lambda _: ([decision], decision), actor=actor,
                               command="decisions.draft", key=idempotency_key,
                               earlier=self.decision).as_dict()

    def issue_decision(self, decision_id: object, *, issued_on: object = None,
                       actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """Sign the decision: next number, quotas, caps, prize money, history — at once."""
        check_allowed(actor, "decisions.issue")
        day = parse_date(issued_on, "issued_on") if issued_on is not None else self.app.clock()
        salary = base_salary(day)

        def attempt(_: int) -> tuple[list[Any], AwardDecision]:
            decision = self.decision(decision_id)
            decision.check_draft()
            entry = decision.entry
            campaign = self.campaigns.get_campaign(decision.campaign_id)
            changed: list[Any] = [decision]
            recipients, entries, years = [], [], {}
            nominations, histories = [], []
            notice = self.settings.notice_rule(decision.issuer_unit_id, day)
            for index, r in enumerate(decision.recipients):
                field = f"nomination_ids[{index}]"
                nomination = self.nominations.nomination(r["nomination_id"], field)
                nomination.check_approved(field)
                # Công khai: not while the list is still shown to the public, nor without
                # it when the issuer requires it (services/usecases/notices.py).
                nomination.check_notice_over(day, notice.required, field)
                subject = Subject(r["subject_kind"], r["subject_id"], r["subject_name"],
                                  r["unit_id"], r["sector"])
                history = history_of(self.app, subject, actor)
                check_eligible(history, entry.category, subject.kind, r["year"],
                               nomination.route, day, field)
                history.check_not_awarded(decision.award, r["year"], field, decision.form)
                prize = prize_for(history, entry.category, subject.kind, r["year"], day,
                                  salary.amount, entry.system,
                                  entry.prize_coefficients.get(subject.kind))
                recipients.append({**r, **prize.as_dict()})
                entries.append({"award": decision.award, "subject_kind": subject.kind,
                                "sector": subject.sector or OTHER_SECTORS,
                                "subject_id": subject.id})
                years[r["year"]] = years.get(r["year"], 0) + 1
                nominations.append(nomination)
                histories.append(history)
            if any(q["award_form"] == decision.award for q in campaign.quotas):
                ledger = self.app.find(QuotaLedger, ids.quota_ledger_id(campaign.id)) or \
                    QuotaLedger(campaign_id=campaign.id, actor=actor.username)
                ledger.check_room(campaign.quotas, entries, campaign.number,
                                  names=self.organisation.sector_names(
                                      r["sector"] for q in campaign.quotas
                                      for r in q["reserved"]),
                                  award_names=self.award_forms.names(
                                      q["award_form"] for q in campaign.quotas))
                ledger.allocate(decision.id, entries, actor.username)
                changed.append(ledger)
            settings = self.settings.of_unit(decision.issuer_unit_id)
            for year, adding in sorted(years.items()):
                tally = self.app.find(AwardTally, ids.award_tally_id(
                    decision.issuer_unit_id, year)) or AwardTally(
                    issuer_unit_id=decision.issuer_unit_id, year=year, actor=actor.username)
                # Caps are set on legal categories ("CSTĐCS ≤ 15 % of LĐTT"): count those.
                for cap in settings.caps if settings else []:
                    if cap["award"] == entry.category:
                        tally.check_cap(cap, adding, cap_text(cap))
                tally.count(decision_id=decision.id, counts={entry.category: adding},
                            actor=actor.username)
                changed.append(tally)
            register, number = take_number(
                self.app, decision.issuer_unit_id, day.year, DECISION_TYPE,
                decision.issuer_symbol, decision.id, actor)
            pay = {"amount": salary.amount, "effective_from": salary.effective_from,
                   "source": salary.source, "confidence": salary.confidence}
            decision.issue(number, day, pay, recipients, actor.username,
                           texts=self.texts(decision, campaign, day, pay))
            for nomination, history, r in zip(nominations, histories, recipients, strict=True):
                nomination.award_by(decision.id, number, actor.username)
                history.record_award(
                    award=decision.award, year=r["year"], decision_id=decision.id,
                    number=number, decided_on=day, prize=r["prize"], note=r["note"],
                    source=FROM_DECISION, unit_id=r["unit_id"], actor=actor.username,
                    form=entry.snapshot())
            changed += [register, *nominations, *histories]
            return changed, decision

        return self.runner.run(attempt, actor=actor, command="decisions.issue",
                               key=idempotency_key, earlier=self.decision, busy=BUSY_REGISTER,
                               field="decision_id").as_dict()

    def texts(self, decision: AwardDecision, campaign: Campaign, day: date,
              salary: dict[str, Any]) -> dict[str, Any]:
        """What the Quyết định prints beyond the decision itself, as of ``day``."""
        entry = decision.entry
        issuer = self.organisation.get_unit(decision.issuer_unit_id)
        settings = self.settings.of_unit(issuer.id)
        basis = [*(settings.authority_basis if settings else []),
                 *system_basis(entry, day),
                 plan_basis(campaign, self.organisation.get_unit(campaign.issuer_unit_id).name)]
        sessions = sorted({r["session_id"] for r in decision.recipients if r.get("session_id")})
        for session_id in sessions:
            session = self.app.load(CouncilSession, session_id,
                                    "Không tìm thấy phiên họp Hội đồng.", "session_id")
            council_of = self.organisation.get_unit(session.unit_id).name
            minutes, proposal = council_papers(self.app, session.id, decision.award)
            basis += council_basis(minutes, proposal, session.held_on, council_of,
                                   council_of if session.unit_id != issuer.id else None)
        return {"basis": basis, **money_texts(entry, day, salary, issuer.name),
                "award_text": award_text(entry, decision.recipients, campaign),
                "enforcement_text": enforcement_text(
                    issuer.name, [r["subject_kind"] for r in decision.recipients])}

    def revoke_decision(self, decision_id: object, *, reason: str, revoked_on: object = None,
                        actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """Hủy quyết định: the awards leave the histories and the quota places come back."""
        check_allowed(actor, "decisions.revoke")
        text = clean_text(reason, "reason", max_length=2000, multiline=True)
        day = (parse_date(revoked_on, "revoked_on") if revoked_on is not None
               else self.app.clock())

        def attempt(_: int) -> tuple[list[Any], AwardDecision]:
            decision = self.decision(decision_id)
            decision.revoke(text, day, actor.username)
            changed: list[Any] = [decision]
            ledger = self.app.find(QuotaLedger, ids.quota_ledger_id(decision.campaign_id))
            if ledger is not None and str(decision.id) in ledger.allocations:
                ledger.release(decision.id, actor.username)
                changed.append(ledger)
            for year in sorted({r["year"] for r in decision.recipients}):
                tally = self.app.find(AwardTally,
                                      ids.award_tally_id(decision.issuer_unit_id, year))
                if tally is not None:
                    tally.uncount(decision.id, actor.username)
                    changed.append(tally)
            for r in decision.recipients:
                nomination = self.nominations.nomination(r["nomination_id"])
                nomination.revoke(decision.id, text, actor.username)
                history = self.app.load(AwardHistory, ids.award_history_id(r["subject_id"]),
                                        "Không tìm thấy lịch sử khen thưởng.", "decision_id")
                history.revoke_decision(decision.id, text, actor.username)
                changed += [nomination, history]
            return changed, decision

        return self.runner.run(attempt, actor=actor, command="decisions.revoke",
                               key=idempotency_key, earlier=self.decision,
                               busy="Quyết định đang được cập nhật; vui lòng thử lại.",
                               field="decision_id").as_dict()
