"""Accounts: creating users, roles, passwords, enabling, and signing in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from events import ids
from events.errors import (
    InvalidInputError,
)
from events.text import clean_text
from events.user import ROLES, User
from events.values import parse_uuid
from services.actors import UNIT_SCOPED, Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.organisation import Organisation

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD_LENGTH = 8


def actor_of(user: User) -> Actor:
    return Actor(username=user.username, role=user.role, unit_id=user.unit_id)


def check_password(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
                                "password")
    return password


def check_role(role: object) -> str:
    if role not in ROLES:
        raise InvalidInputError(f"Vai trò «{role}» không có (dùng: {', '.join(ROLES)}).",
                                "role")
    return str(role)


@dataclass
class Accounts:
    """User accounts and signing in."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    hasher: PasswordHasher

    def user(self, username: str, field: str = "username") -> User:
        name = clean_text(username, field, max_length=40).lower()
        return self.app.load(User, ids.user_id(name), f"Không có tài khoản «{name}».", field)

    def _user_by_id(self, user_id: UUID) -> User:
        return self.app.load(User, user_id, "Không tìm thấy tài khoản.", "username")

    def display_name(self, username: str) -> str:
        """The person's name of an account, or the username if there is no such account."""
        found = self.app.find(User, ids.user_id(username))
        return found.display_name if found is not None else username

    def _unit_for(self, role: str, unit_code: str | None) -> UUID | None:
        unit_id = self.organisation.get_unit_by_code(unit_code, "unit_code").id \
            if unit_code else None
        if role in UNIT_SCOPED and unit_id is None:
            raise InvalidInputError("Vai trò này phải gắn với một đơn vị.", "unit_code")
        return unit_id

    def create_user(self, *, username: str, password: str, role: str,
                    unit_code: str | None = None, full_name: str | None = None,
                    person_id: object = None, actor: Actor,
                    idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "users.create")
        person_name = clean_text(full_name, "full_name", required=False, max_length=200)
        person = self._person(person_id)
        if person is not None and not person_name:
            person_name = person.full_name
        name = clean_text(username, "username", max_length=40).lower()
        if not _USERNAME.match(name):
            raise InvalidInputError(
                "Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu . _ -",
                "username")
        check_role(role)
        check_password(password)
        unit_id = self._unit_for(role, unit_code)
        earlier = self.runner.earlier(actor, idempotency_key, "users.create")
        if earlier is not None:
            return self._user_by_id(earlier).as_dict()
        user = User(username=name, password_hash=self.hasher.hash(password), role=role,
                    unit_id=unit_id, actor=actor.username, full_name=person_name,
                    person_id=person.id if person is not None else None)
        return self.runner.create(
            user, actor=actor, command="users.create", field="username",
            duplicate=f"Tên đăng nhập «{name}» đã được dùng.", key=idempotency_key,
            earlier=self._user_by_id).as_dict()

    def _person(self, person_id: object) -> Any:
        """The person an account is linked to (``person_id``), or None."""
        if person_id in (None, ""):
            return None
        return self.organisation.get_person(parse_uuid(person_id, "person_id"))

    def link_person(self, username: str, *, person_id: object, actor: Actor,
                    idempotency_key: str | None = None) -> dict[str, Any]:
        """Say whose account this is (``person_id`` None: nobody's)."""
        check_allowed(actor, "users.create")
        person = self._person(person_id)
        return self._change(username, actor, "users.person", idempotency_key,
                            lambda user: user.link_person(person.id if person else None,
                                                          actor.username))

    def list_users(self) -> list[dict[str, Any]]:
        return [{**u.as_dict(), "unit_code": self.organisation.get_unit(u.unit_id).code
                 if u.unit_id else None} for u in self.app.all_of(User, "Created")]

    def council_users(self, roles: tuple[str, ...]) -> list[dict[str, Any]]:
        """Active accounts of these roles, with the names the council pages show."""
        return [{"username": u.username, "role": u.role, "name": u.display_name}
                for u in self.app.all_of(User, "Created") if u.role in roles and not u.disabled]

    def _change(self, username: str, actor: Actor, command: str, key: str | None,
                change: Any) -> dict[str, Any]:
        """Load the account, apply ``change``, save (retried on a concurrent login)."""
        def attempt(_: int) -> tuple[list[User], User]:
            user = self.user(username)
            change(user)
            return [user], user

        return self.runner.run(attempt, actor=actor, command=command, key=key,
                               earlier=self._user_by_id,
                               field="username").as_dict()

    def grant_role(self, *, username: str, role: str, unit_code: str | None = None,
                   actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "users.create")
        self.user(username)
        check_role(role)
        unit_id = self._unit_for(role, unit_code)
        if self.user(username).username == actor.username and role != "admin":
            raise InvalidInputError("Không tự bỏ quyền quản trị của chính mình.", "role")
        return self._change(username, actor, "users.grant_role", idempotency_key,
                            lambda user: user.grant_role(role=role, unit_id=unit_id,
                                                         actor=actor.username))

    def set_enabled(self, *, username: str, enabled: bool, actor: Actor,
                    idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "users.create")
        if self.user(username).username == actor.username and not enabled:
            raise InvalidInputError("Không tự khóa tài khoản của chính mình.", "username")

        def change(user: User) -> None:
            if enabled == user.disabled:
                (user.enable if enabled else user.disable)(actor=actor.username)

        return self._change(username, actor, "users.enable" if enabled else "users.disable",
                            idempotency_key, change)

    def reset_password(self, *, username: str, password: str, actor: Actor,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """An administrator sets a new password for an account."""
        check_allowed(actor, "users.create")
        self.user(username)
        password_hash = self.hasher.hash(check_password(password))
        return self._change(username, actor, "users.reset_password", idempotency_key,
                            lambda user: user.change_password(password_hash=password_hash,
                                                              actor=actor.username))

    def change_own_password(self, *, current: str, new: str, actor: Actor,
                            idempotency_key: str | None = None) -> None:
        if self.runner.earlier(actor, idempotency_key, "users.change_password") is not None:
            return  # a resubmitted form: the password it sent is no longer the current one
        user = self.user(actor.username)
        try:
            self.hasher.verify(user.password_hash, current or "")
        except (VerificationError, InvalidHashError):
            raise InvalidInputError("Mật khẩu hiện tại không đúng.", "current") from None
        if current == new:
            raise InvalidInputError("Mật khẩu mới phải khác mật khẩu cũ.", "password")
        password_hash = self.hasher.hash(check_password(new))
        self._change(actor.username, actor, "users.change_password", idempotency_key,
                     lambda u: u.change_password(password_hash=password_hash,
                                                 actor=actor.username))
