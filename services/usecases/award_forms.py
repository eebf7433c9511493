"""The organisation's award catalogue: define an award as it prints it, list, look up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from events import ids
from events.award_form import (
    DEFAULT_ENTRIES,
    AwardForm,
    AwardFormEntry,
    award_form_code,
    check_award_form,
)
from events.errors import InvalidInputError, NotFoundError
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.organisation import Organisation


@dataclass
class AwardForms:
    """Danh mục danh hiệu, hình thức khen thưởng của tổ chức."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation

    def define_form(self, *, actor: Actor, idempotency_key: str | None = None,
                    **raw: Any) -> dict[str, Any]:
        """Add an award to the catalogue, or change one by giving its code again (its
        category, kind and system stay as first defined)."""
        check_allowed(actor, "award_forms.manage")
        fields = check_award_form(raw)
        issuer = raw.get("issuer_unit_code")
        issuer_id = self.organisation.get_unit_by_code(issuer, "issuer_unit_code").id \
            if issuer else None

        def attempt(_: int) -> tuple[list[AwardForm], AwardForm]:
            form = self.app.find(AwardForm, ids.award_form_id(fields["code"]))
            if form is None:
                form = AwardForm(**fields, issuer_unit_id=issuer_id, actor=actor.username)
                return [form], form
            changes = {k: v for k, v in fields.items() if k != "code"}
            changed = form.redefine(**changes, issuer_unit_id=issuer_id, actor=actor.username)
            return ([form] if changed else []), form

        saved = self.runner.run(attempt, actor=actor, command="award_forms.define",
                                key=idempotency_key, earlier=self._form, field="code",
                                busy="Danh mục đang được cập nhật; vui lòng thử lại.")
        return self.entry_dict(saved.entry())

    def _form(self, form_id: UUID) -> AwardForm:
        return self.app.load(AwardForm, form_id, "Không tìm thấy hình thức khen thưởng.",
                             "code")

    def find(self, code: str) -> AwardFormEntry | None:
        """The entry of ``code`` (a default entry for a legal category), or None."""
        clean = code.lower()
        if clean in DEFAULT_ENTRIES:
            return DEFAULT_ENTRIES[clean]
        form = self.app.find(AwardForm, ids.award_form_id(clean))
        return form.entry() if form is not None else None

    def entry(self, code: object, field: str = "award") -> AwardFormEntry:
        """The entry of ``code``; an unknown code is refused naming ``field``."""
        clean = award_form_code(code, field)
        found = self.find(clean)
        if found is None:
            raise InvalidInputError(
                f"Hình thức khen thưởng «{clean}» không có trong danh mục (GET "
                "/api/v1/award-forms).", field)
        return found

    def entry_for(self, code: object, subject_kind: str, on: date,
                  field: str = "award") -> AwardFormEntry:
        """The entry of ``code`` if it may be given to ``subject_kind`` on ``on``."""
        found = self.entry(code, field)
        found.check_for(subject_kind, on, field)
        return found

    def names(self, codes: Iterable[str]) -> dict[str, str]:
        """Names of these codes as the catalogue prints them (unknown: the code)."""
        result = {}
        for code in set(codes):
            found = self.find(code)
            result[code] = found.name if found is not None else code
        return result

    def entries(self, subject_kind: str | None = None, on: date | None = None,
                defaults: bool = True) -> list[AwardFormEntry]:
        """The organisation's entries in the order defined, then the default ones."""
        own = [f.entry() for f in self.app.all_of(AwardForm, "Defined")]
        found = own + (list(DEFAULT_ENTRIES.values()) if defaults else [])
        return [e for e in found
                if (subject_kind is None or subject_kind in e.subject_kinds)
                and (on is None or e.in_force_on(on))]

    def list_forms(self, subject_kind: str | None = None, on: object = None,
                   defaults: bool = True) -> list[dict[str, Any]]:
        day = on if isinstance(on, date) else None
        return [self.entry_dict(e) for e in self.entries(subject_kind, day, defaults)]

    def get_form(self, code: object) -> dict[str, Any]:
        found = self.find(award_form_code(code, "code"))
        if found is None:
            raise NotFoundError(f"Không có hình thức khen thưởng mã «{code}».", "code")
        return self.entry_dict(found)

    def entry_dict(self, entry: AwardFormEntry) -> dict[str, Any]:
        issuer = self.organisation.get_unit(entry.issuer_unit_id) \
            if entry.issuer_unit_id else None
        return {**entry.as_dict(), "issuer_unit_code": issuer.code if issuer else None,
                "issuer_unit_name": issuer.name if issuer else None}
