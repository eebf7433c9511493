"""Đơn vị: a node of the organisation tree; also a collective subject of campaigns."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids


class Unit(Aggregate):
    """A unit (cơ quan, phòng, công đoàn cơ sở…) with its parent and sector."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.unit_id(code)

    @event("Registered")
    def __init__(
        self, code: str, name: str, parent_id: UUID | None, sector: str | None, actor: str
    ) -> None:
        self.code = code
        self.name = name
        self.parent_id = parent_id
        self.sector = sector
        self.created_by = actor

    @event("Renamed")
    def rename(self, name: str, actor: str) -> None:
        self.name = name

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "code": self.code,
            "name": self.name,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "sector": self.sector,
        }
