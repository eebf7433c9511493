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
    "specialist": "Chuyên viên thi đua, khen thưởng",
}


class User(Aggregate):
    """An account with a role and, for unit-scoped roles, a unit."""

    @staticmethod
    def create_id(username: str) -> UUID:
        return ids.user_id(username)

    @event("Created")
    def __init__(
        self, username: str, password_hash: str, role: str, unit_id: UUID | None, actor: str,
        full_name: str = "",  # accounts created before names were kept have none
        person_id: UUID | None = None,  # the person the account belongs to, if any
    ) -> None:
        self.username = username
        self.full_name = full_name
        # Whose account this is (a council member who is a nominee, or leads a nominated
        # collective, is recused from that ballot: services/usecases/council.py).
        self.person_id = person_id
        self.password_hash = password_hash
        self.role = role
        self.unit_id = unit_id
        self.disabled = False
        # Changed by every change that must end the account's sign-ins (password, role,
        # disabling, enabling): a sign-in made under another version no longer counts.
        self.credential_version = 1
        self.created_by = actor

    @event("PasswordChanged")
    def change_password(self, password_hash: str, actor: str) -> None:
        self.password_hash = password_hash
        self.credential_version += 1

    @event("RoleGranted")
    def grant_role(self, role: str, unit_id: UUID | None, actor: str) -> None:
        """Give the account a role (it replaces the previous one)."""
        self.role = role
        self.unit_id = unit_id
        self.credential_version += 1

    @event("PersonLinked")
    def link_person(self, person_id: UUID | None, actor: str) -> None:
        """The account belongs to this person (None: to nobody in the register)."""
        self.person_id = person_id

    @event("Disabled")
    def disable(self, actor: str) -> None:
        self.disabled = True
        self.credential_version += 1

    @event("Enabled")
    def enable(self, actor: str) -> None:
        self.disabled = False
        self.credential_version += 1

    # Sign-ins were once recorded on the account itself (they are now in events/login.py,
    # so that a request never replays them). Kept so that stored events still replay.
    @event("LoginFailed")
    def _old_failed_login(self, address: str, actor: str) -> None:
        pass

    @event("LoggedIn")
    def _old_login(self, address: str, actor: str) -> None:
        pass

    @property
    def display_name(self) -> str:
        """The person's name, or the username of an account without one."""
        return self.full_name or self.username

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "full_name": self.full_name,
            "display_name": self.display_name,
            "role": self.role,
            "unit_id": str(self.unit_id) if self.unit_id else None,
            "person_id": str(pid) if (pid := getattr(self, "person_id", None)) else None,
            "disabled": self.disabled,
        }
