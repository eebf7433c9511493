"""Cá nhân: a person who belongs to a unit; an individual subject of campaigns."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event


class Person(Aggregate):
    """A person with a position (chức vụ) in a unit."""

    @event("Registered")
    def __init__(
        self, full_name: str, unit_id: UUID, position: str, is_leader: bool, actor: str
    ) -> None:
        self.full_name = full_name
        self.unit_id = unit_id
        self.position = position
        self.is_leader = is_leader
        self.created_by = actor

    @event("Moved")
    def move(self, unit_id: UUID, position: str, actor: str) -> None:
        self.unit_id = unit_id
        self.position = position

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "full_name": self.full_name,
            "unit_id": str(self.unit_id),
            "position": self.position,
            "is_leader": self.is_leader,
        }
