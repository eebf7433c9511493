"""Khối thi đua: a group of units ranked against each other."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import ConflictError


class Bloc(Aggregate):
    """A bloc (khối, cụm thi đua) and its member units."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.bloc_id(code)

    @event("Formed")
    def __init__(self, code: str, name: str, unit_ids: list[UUID], actor: str) -> None:
        self.code = code
        self.name = name
        self.unit_ids = list(unit_ids)
        self.created_by = actor

    def add_unit(self, unit_id: UUID, actor: str) -> None:
        if unit_id in self.unit_ids:
            raise ConflictError("Đơn vị đã thuộc khối thi đua này.", "unit_code")
        self._add_unit(unit_id=unit_id, actor=actor)

    def remove_unit(self, unit_id: UUID, actor: str) -> None:
        if unit_id not in self.unit_ids:
            raise ConflictError("Đơn vị không thuộc khối thi đua này.", "unit_code")
        self._remove_unit(unit_id=unit_id, actor=actor)

    @event("UnitAdded")
    def _add_unit(self, unit_id: UUID, actor: str) -> None:
        self.unit_ids.append(unit_id)

    @event("UnitRemoved")
    def _remove_unit(self, unit_id: UUID, actor: str) -> None:
        self.unit_ids.remove(unit_id)

    def as_dict(self) -> dict[str, Any]:
        return {"id": str(self.id), "code": self.code, "name": self.name,
                "unit_ids": [str(u) for u in self.unit_ids]}
