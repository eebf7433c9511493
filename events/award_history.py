"""Lịch sử khen thưởng: the awards and the discipline of one subject (person or unit).

The history holds the awards recorded by issued decisions (and past awards entered by
hand), each active until its decision is revoked. History-based eligibility reads it.
Issuing a decision saves the recipients' histories in the same transaction as the
decision, so an award and a discipline recorded at the same moment cannot both pass.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.award_form import entry_of_snapshot
from events.errors import ConflictError, InvalidInputError
from events.rules import TITLE, award_kind, discipline_rule, prerequisites

FROM_DECISION = "decision"
PAST = "past"


class AwardHistory(Aggregate):
    """Every award and discipline of one subject."""

    @staticmethod
    def create_id(subject_id: UUID) -> UUID:
        return ids.award_history_id(subject_id)

    @event("Opened")
    def __init__(self, subject_kind: str, subject_id: UUID, subject_name: str, unit_id: UUID,
                 actor: str) -> None:
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.subject_name = subject_name
        self.unit_id = unit_id
        self.awards: list[dict[str, Any]] = []
        self.discipline: dict[str, Any] | None = None
        self.created_by = actor

    # --- commands -----------------------------------------------------------------------

    def record_award(self, *, award: str, year: int, decision_id: UUID | None, number: str,
                     decided_on: date, prize: Decimal | None, note: str, source: str,
                     unit_id: UUID, actor: str, field: str = "award",
                     form: dict[str, Any] | None = None) -> None:
        self.check_not_awarded(award, year, field, form)
        self._record_award(entry=len(self.awards), award=award, year=year,
                           decision_id=decision_id, number=number, decided_on=decided_on,
                           prize=prize, note=note, source=source, unit_id=unit_id, actor=actor,
                           form=form)

    def revoke_decision(self, decision_id: UUID, reason: str, actor: str) -> None:
        entries = [a["entry"] for a in self.awards
                   if a["decision_id"] == decision_id and not a["revoked"]]
        if entries:
            self._revoke(decision_id=decision_id, entries=entries, reason=reason, actor=actor)

    def impose_discipline(self, reason: str, since: date, actor: str) -> None:
        if self.discipline is not None:
            raise ConflictError(
                f"«{self.subject_name}» đang trong thời gian bị kỷ luật "
                f"(từ {self.discipline['since']:%d/%m/%Y}).", "subject_id")
        self._impose_discipline(reason=reason, since=since, actor=actor)

    def lift_discipline(self, reason: str, on: date, actor: str) -> None:
        if self.discipline is None:
            raise ConflictError(f"«{self.subject_name}» không bị kỷ luật.", "subject_id")
        if on < self.discipline["since"]:
            raise InvalidInputError("Ngày chấm dứt kỷ luật phải sau ngày bắt đầu kỷ luật.", "on")
        self._lift_discipline(reason=reason, on=on, actor=actor)

    # --- events -------------------------------------------------------------------------

    @event("AwardRecorded")
    def _record_award(self, entry: int, award: str, year: int, decision_id: UUID | None,
                      number: str, decided_on: date, prize: Decimal | None, note: str,
                      source: str, unit_id: UUID, actor: str,
                      form: dict[str, Any] | None = None) -> None:
        # ``form`` (the catalogue entry) came later: an older award names a legal category.
        found = entry_of_snapshot(award, form)
        self.awards.append({
            "entry": entry, "award": award, "year": year, "decision_id": decision_id,
            "number": number, "decided_on": decided_on, "prize": prize, "note": note,
            "source": source, "unit_id": unit_id, "revoked": False,
            "award_name": found.name, "category": found.category, "system": found.system})

    @event("AwardsRevoked")
    def _revoke(self, decision_id: UUID, entries: list[int], reason: str, actor: str) -> None:
        for entry in entries:
            self.awards[entry]["revoked"] = True
            self.awards[entry]["revoked_reason"] = reason

    @event("DisciplineImposed")
    def _impose_discipline(self, reason: str, since: date, actor: str) -> None:
        self.discipline = {"reason": reason, "since": since}

    @event("DisciplineLifted")
    def _lift_discipline(self, reason: str, on: date, actor: str) -> None:
        self.discipline = None

    # --- rules --------------------------------------------------------------------------

    def active_awards(self) -> list[dict[str, Any]]:
        return [a for a in self.awards if not a["revoked"]]

    def years_with(self, category: str) -> set[int]:
        """The years of the active awards of a legal category (whatever their catalogue
        code): what history prerequisites count."""
        return {a["year"] for a in self.active_awards() if a["category"] == category}

    def holding(self, award: str, year: int,
                form: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """The active award that the same award for ``year`` would double: the same code,
        or the same legal category in the same award system."""
        wanted = entry_of_snapshot(award, form)
        return next((a for a in self.active_awards() if a["year"] == year and (
            a["award"] == award or (a["category"] == wanted.category
                                    and a["system"] == wanted.system))), None)

    def check_not_awarded(self, award: str, year: int, field: str = "award",
                          form: dict[str, Any] | None = None) -> None:
        held = self.holding(award, year, form)
        if held is not None:
            raise ConflictError(
                f"«{self.subject_name}» đã được tặng «{held['award_name']}» năm {year} "
                f"(Quyết định số {held['number']}).", field)

    def title_prize_paid(self, year: int) -> tuple[Decimal, list[str]]:
        """Prize money already paid for titles of ``year``, and those titles' names."""
        paid, names = Decimal(0), []
        for a in self.active_awards():
            if a["year"] == year and award_kind(a["category"],
                                                self.subject_kind).category == TITLE:
                paid += a["prize"] or Decimal(0)
                names.append(a["award_name"])
        return paid, names

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "subject_kind": self.subject_kind,
            "subject_id": str(self.subject_id), "subject_name": self.subject_name,
            "unit_id": str(self.unit_id),
            "awards": [{**a,
                        "decision_id": str(a["decision_id"]) if a["decision_id"] else None,
                        "unit_id": str(a["unit_id"])} for a in self.awards],
            "under_discipline": self.discipline is not None,
            "discipline": self.discipline,
        }


def check_eligible(history: AwardHistory | None, award: str, subject_kind: str, year: int,
                   route: str, on: date, field: str = "award",
                   subject_name: str = "") -> None:
    """Eligibility from the history (``None``: no history yet, so no award and no discipline).

    ``award`` is the legal category. No award while under discipline; history
    prerequisites (e.g. CSTĐ tỉnh needs CSTĐCS in each of the three years before) as in
    force on ``on``.
    """
    name = history.subject_name if history is not None else subject_name
    if history is not None and history.discipline is not None:
        rule = discipline_rule(on)
        raise InvalidInputError(
            f"«{name}» đang trong thời gian bị kỷ luật (từ "
            f"{history.discipline['since']:%d/%m/%Y}): không được đề nghị, khen thưởng "
            f"(căn cứ {rule.source}).", "subject_id")
    for rule in prerequisites(award, subject_kind, route, on):
        held = history.years_with(rule.requires) if history is not None else set()
        needed = list(range(year - rule.years, year))
        missing = [y for y in needed if y not in held]
        if missing:
            raise InvalidInputError(
                f"«{name}» chưa đủ điều kiện: {rule.describe()} "
                f"({', '.join(map(str, needed))}); còn thiếu năm "
                f"{', '.join(map(str, missing))} (căn cứ {rule.source}).", field)
