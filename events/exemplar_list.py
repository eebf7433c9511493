"""A unit's list of exemplars of one month (danh sách gương điển hình tiên tiến hằng tháng):
seed 000's departments each send the office their good examples, with what each did,
before a day of every month; the office compiles the lists of a month, quarter or year
into a numbered Báo cáo for the briefings.

A list is a kind of dossier without an award: it goes straight to the campaign's issuer,
nobody votes on it. A unit sends one list per month; sending again replaces it (a new
event, dated; the earlier one stays in the history).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import InvalidInputError

MAX_ENTRIES = 100


def check_entries(entries: list[dict[str, Any]]) -> None:
    if not entries:
        raise InvalidInputError("Danh sách phải có ít nhất một cá nhân hoặc tập thể.",
                                "entries")
    if len(entries) > MAX_ENTRIES:
        raise InvalidInputError(
            f"Một danh sách có tối đa {MAX_ENTRIES} cá nhân, tập thể.", "entries")
    seen: set[UUID] = set()
    for index, entry in enumerate(entries):
        if entry["subject_id"] in seen:
            raise InvalidInputError(f"«{entry['subject_name']}» có hai lần trong danh sách.",
                                    f"entries[{index}].subject_id")
        seen.add(entry["subject_id"])


class ExemplarList(Aggregate):
    """One unit's exemplars of one month."""

    @staticmethod
    def create_id(campaign_id: UUID, unit_id: UUID, month: str) -> UUID:
        return ids.exemplar_list_id(campaign_id, unit_id, month)

    @event("Sent")
    def __init__(self, campaign_id: UUID, unit_id: UUID, month: str,
                 entries: list[dict[str, Any]], sent_on: date, actor: str) -> None:
        check_entries(entries)
        self.campaign_id = campaign_id
        self.unit_id = unit_id
        self.month = month
        self.entries = [dict(e) for e in entries]
        self.sent_on = sent_on
        self.first_sent_on = sent_on
        self.sent_by = actor

    def resend(self, entries: list[dict[str, Any]], sent_on: date, actor: str) -> None:
        check_entries(entries)
        self._resend(entries=entries, sent_on=sent_on, actor=actor)

    @event("Resent")
    def _resend(self, entries: list[dict[str, Any]], sent_on: date, actor: str) -> None:
        self.entries = [dict(e) for e in entries]
        self.sent_on = sent_on
        self.sent_by = actor

    def as_dict(self) -> dict[str, Any]:
        return {"id": str(self.id), "campaign_id": str(self.campaign_id),
                "unit_id": str(self.unit_id), "month": self.month,
                "entries": [{**e, "subject_id": str(e["subject_id"]),
                             "unit_id": str(e["unit_id"])} for e in self.entries],
                "sent_on": self.sent_on.isoformat(),
                "first_sent_on": self.first_sent_on.isoformat(), "sent_by": self.sent_by,
                "version": self.version}
