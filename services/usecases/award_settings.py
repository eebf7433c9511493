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
    check_quorum,
    vote_rule,
)
from events.rules import CouncilRule, default_quorum, rules_in_force
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

    def configure(self, *, unit_code: str, quorum_numerator: object = None,
                  quorum_denominator: object = None, caps: object = None,
                  council: object = None, authority_basis: object = None, actor: Actor,
                  idempotency_key: str | None = None) -> dict[str, Any]:
        """Set an organisation's council quorum, award caps, own vote rules and the căn cứ
        lines on its own power (``authority_basis``, printed first in its decisions). What
        is not given stays as it is (the first time: the default quorum, no caps, no rules,
        no lines); an empty list clears caps, rules or lines."""
        check_allowed(actor, "awards.settings")
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        quorum = None if quorum_numerator is None and quorum_denominator is None else \
            check_quorum(quorum_numerator, quorum_denominator)
        checked = None if caps is None else check_caps(caps)
        rules = None if council is None else check_council_rules(council)
        basis = None if authority_basis is None else check_authority_basis(authority_basis)

        def attempt(_: int) -> tuple[list[AwardSettings], AwardSettings]:
            settings = self.of_unit(unit.id)
            if settings is None:
                settings = AwardSettings(
                    unit_id=unit.id, caps=checked or [], council=rules or [],
                    quorum=quorum or self.quorum_of(unit.id, self.app.clock()),
                    authority_basis=basis or [], actor=actor.username)
            else:
                settings.reconfigure(
                    quorum=quorum or settings.quorum,
                    caps=settings.caps if checked is None else checked,
                    council=settings.council if rules is None else rules,
                    authority_basis=settings.authority_basis if basis is None else basis,
                    actor=actor.username)
            return [settings], settings

        saved = self.runner.run(
            attempt, actor=actor, command="awards.settings", key=idempotency_key,
            earlier=lambda found: self.app.load(AwardSettings, found, "", "unit_code"),
            busy="Quy định đang được cập nhật; vui lòng thử lại.", field="unit_code")
        return {**saved.as_dict(), "unit_code": unit.code}

    def settings_of(self, unit_code: str) -> dict[str, Any]:
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        settings = self.of_unit(unit.id)
        if settings is not None:
            return {**settings.as_dict(), "unit_code": unit.code}
        return {"unit_id": str(unit.id), "unit_code": unit.code, "caps": [], "council": [],
                "authority_basis": [], "quorum": self.quorum_of(unit.id, self.app.clock())}

    def rules(self, on: object = None) -> dict[str, Any]:
        day = parse_date(on, "on") if on is not None else self.app.clock()
        return {"on": day, **rules_in_force(day)}
