"""Cá nhân: a person who belongs to a unit; an individual subject of campaigns."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events.errors import InvalidInputError
from events.values import parse_date

SEXES = {"male": "Nam", "female": "Nữ"}
# Born 1900 at the earliest; 15 is the youngest age of work (Bộ luật Lao động 2019, Điều 143)
# but a pupil may be a subject too, so only a date in the future is refused here.
EARLIEST_BIRTH = date(1900, 1, 1)


def check_sex(value: object, field: str = "sex") -> str | None:
    """``male``, ``female`` or nothing (not given)."""
    if value in (None, ""):
        return None
    if value not in SEXES:
        raise InvalidInputError(
            f"Giới tính ở trường «{field}» phải là «male» (nam) hoặc «female» (nữ).", field)
    return str(value)


def check_birth_date(value: object, today: date, field: str = "birth_date") -> date | None:
    """A date of birth not in the future, or nothing."""
    if value in (None, ""):
        return None
    return parse_date(value, field, earliest=EARLIEST_BIRTH, latest=today)


class Person(Aggregate):
    """A person with a position (chức vụ) in a unit."""

    @event("Registered")
    def __init__(
        self, full_name: str, unit_id: UUID, position: str, is_leader: bool, actor: str,
        sex: str | None = None, birth_date: date | None = None,
    ) -> None:
        # sex and birth_date came later: a person registered before has neither (None).
        self.full_name = full_name
        self.unit_id = unit_id
        self.position = position
        self.is_leader = is_leader
        self.created_by = actor
        self.sex = sex
        self.birth_date = birth_date

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
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
        }
