"""Tài khoản: users are event-sourced so the audit trail covers them too."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids

ROLES = {
    "admin": "Quản trị hệ thống",
    "unit_clerk": "Cán bộ thi đua đơn vị",
    "reviewer": "Người chấm duyệt",
    "council_member": "Thành viên Hội đồng",
    "secretary": "Thư ký Hội đồng",
    "auditor": "Thanh tra, kiểm toán",
}


class User(Aggregate):
    """An account with a role and, for unit-scoped roles, a unit."""

    @staticmethod
    def create_id(username: str) -> UUID:
        return ids.user_id(username)

    @event("Created")
    def __init__(
        self, username: str, password_hash: str, role: str, unit_id: UUID | None, actor: str
    ) -> None:
        self.username = username
        self.password_hash = password_hash
        self.role = role
        self.unit_id = unit_id
        self.disabled = False
        self.created_by = actor

    @event("PasswordChanged")
    def change_password(self, password_hash: str, actor: str) -> None:
        self.password_hash = password_hash

    @event("Disabled")
    def disable(self, actor: str) -> None:
        self.disabled = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "role": self.role,
            "unit_id": str(self.unit_id) if self.unit_id else None,
            "disabled": self.disabled,
        }
