"""An organisation's own award settings (quorum, caps, vote rules) and the law's tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from events import ids
from events.award_settings import (
    AwardSettings,
    check_authority_basis,
    check_caps,
    check_council_rules,
    check_governing_body,
    check_notice,
    check_quorum,
    check_recusal,
    notice_of,
    recusal_of,
    vote_rule,
)
from events.errors import InvalidInputError
from events.rules import (
    RECUSAL_MODES,
    CouncilRule,
    NoticeRule,
    RecusalRule,
    default_quorum,
    rules_in_force,
)
from events.values import parse_date
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.organisation import Organisation


@dataclass
class AwardSettingsCases:
    """Quy định riêng: what an organisation sets for its council and its awards."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation

    def of_unit(self, unit_id: UUID) -> AwardSettings | None:
        return self.app.find(AwardSettings, ids.award_settings_id(unit_id))

    def quorum_of(self, unit_id: UUID, on: Any) -> dict[str, int]:
        """The council quorum an organisation set, or the law's default that day."""
        settings = self.of_unit(unit_id)
        if settings is not None:
            return dict(settings.quorum)
        rule = default_quorum(on)
        return {"numerator": rule.numerator, "denominator": rule.denominator}

    def vote_rule(self, unit_id: UUID, award: str, on: Any) -> CouncilRule:
        """The vote rule of ``award`` for the council of ``unit_id`` on a day."""
        return vote_rule(award, on, self.of_unit(unit_id),
                         self.organisation.get_unit(unit_id).name)

    def notice_rule(self, unit_id: UUID, on: Any) -> NoticeRule:
        """The public notice (days, required) the organisation of ``unit_id`` follows."""
        return notice_of(self.of_unit(unit_id), on, self.organisation.get_unit(unit_id).name)

    def recusal_rule(self, unit_id: UUID, on: Any) -> RecusalRule:
        """How the council of ``unit_id`` counts a member recused from a ballot."""
        return recusal_of(self.of_unit(unit_id), on, self.organisation.get_unit(unit_id).name)

    def configure(self, *, unit_code: str, quorum_numerator: object = None,
                  quorum_denominator: object = None, caps: object = None,
                  council: object = None, authority_basis: object = None,
                  notice_days: object = None, notice_required: object = None,
                  recusal_count: object = None, governing_body: object = None, actor: Actor,
                  idempotency_key: str | None = None) -> dict[str, Any]:
        """Set an organisation's council quorum, award caps, own vote rules, the căn cứ
        lines on its own power (``authority_basis``, printed first in its decisions) and,
        for a root unit, the body that governs it (``governing_body``, the first line of
        its papers' header). What is not given stays as it is (the first time: the default
        quorum, no caps, no rules, no lines, no governing body); an empty list clears caps,
        rules or lines, an empty text the governing body."""
        check_allowed(actor, "awards.settings")
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        quorum = None if quorum_numerator is None and quorum_denominator is None else \
            check_quorum(quorum_numerator, quorum_denominator)
        checked = None if caps is None else check_caps(caps)
        rules = None if council is None else check_council_rules(council)
        basis = None if authority_basis is None else check_authority_basis(authority_basis)
        recusal = None if recusal_count is None else check_recusal(recusal_count)
        governing = None if governing_body is None else check_governing_body(governing_body)
        if governing and unit.parent_id is not None:
            raise InvalidInputError(
                "Trường «governing_body» chỉ khai cho đơn vị cấp cao nhất: đơn vị "
                f"«{unit.name}» đã có đơn vị cấp trên trong cây đơn vị, tên đơn vị đó được "
                "in làm cơ quan chủ quản.", "governing_body")
        today = self.app.clock()

        def attempt(_: int) -> tuple[list[AwardSettings], AwardSettings]:
            settings = self.of_unit(unit.id)
            notice = check_notice(notice_days, notice_required,
                                  getattr(settings, "notice", None), today)
            if settings is None:
                settings = AwardSettings(
                    unit_id=unit.id, caps=checked or [], council=rules or [],
                    quorum=quorum or self.quorum_of(unit.id, today),
                    authority_basis=basis or [], notice=notice, recusal=recusal,
                    governing_body=governing or None, actor=actor.username)
            else:
                settings.reconfigure(
                    quorum=quorum or settings.quorum,
                    caps=settings.caps if checked is None else checked,
                    council=settings.council if rules is None else rules,
                    authority_basis=settings.authority_basis if basis is None else basis,
                    notice=notice, recusal=recusal, governing_body=governing,
                    actor=actor.username)
            return [settings], settings

        saved = self.runner.run(
            attempt, actor=actor, command="awards.settings", key=idempotency_key,
            earlier=lambda found: self.app.load(AwardSettings, found, "", "unit_code"),
            busy="Quy định đang được cập nhật; vui lòng thử lại.", field="unit_code")
        return self._with_rules({**saved.as_dict(), "unit_code": unit.code}, unit.id)

    def _with_rules(self, data: dict[str, Any], unit_id: UUID) -> dict[str, Any]:
        """The settings with the notice and recusal rules that apply today (its own or the
        rule table's, with the source)."""
        today = self.app.clock()
        notice, recusal = self.notice_rule(unit_id, today), self.recusal_rule(unit_id, today)
        return {**data, "notice_days": notice.days, "notice_required": notice.required,
                "notice_source": notice.source, "notice_confidence": notice.confidence,
                "recusal_count": recusal.mode, "recusal_text": RECUSAL_MODES[recusal.mode],
                "recusal_source": recusal.source, "recusal_confidence": recusal.confidence}

    def settings_of(self, unit_code: str) -> dict[str, Any]:
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        settings = self.of_unit(unit.id)
        if settings is not None:
            return self._with_rules({**settings.as_dict(), "unit_code": unit.code}, unit.id)
        return self._with_rules(
            {"unit_id": str(unit.id), "unit_code": unit.code, "caps": [], "council": [],
             "authority_basis": [], "governing_body": "",
             "quorum": self.quorum_of(unit.id, self.app.clock())},
            unit.id)

    def rules(self, on: object = None) -> dict[str, Any]:
        day = parse_date(on, "on") if on is not None else self.app.clock()
        return {"on": day, **rules_in_force(day)}
