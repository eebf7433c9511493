"""Signing in and out: passwords checked, attempts throttled per account and address,
sign-ins that end with a password change, a new role, disabling or signing out."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from events import ids
from events.errors import AuthenticationError, ThrottledError
from events.login import WEB, WINDOW, LoginAttempts, SignIn, attempts_id, wait_until
from events.text import forbidden_character
from events.user import User
from services.actors import Actor
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.accounts import actor_of

FAILURE = "Tên đăng nhập hoặc mật khẩu không đúng."
ENDED = "Phiên đăng nhập không còn hiệu lực; hãy đăng nhập lại."
KNOWN_SIGN_INS = 4096  # sign-ins whose actor a process keeps (least recently used go)


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    sign_in_id: UUID


@dataclass(frozen=True)
class _Known:
    """The actor of a sign-in that counted when its sign-in and account were at these
    versions."""

    actor: Actor
    versions: dict[UUID, int]


class KnownSignIns:
    """The actors of sign-ins this process has checked, each with the versions of the
    sign-in and account it was derived from. An entry is used only after one read shows
    that neither aggregate has an event since (``ThiduaApplication.changed_since``), so a
    sign-out, a password change, a new role or disabling, made by any process, takes
    effect on the very next request here; a request then replays neither aggregate."""

    def __init__(self, maxsize: int = KNOWN_SIGN_INS) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[UUID, _Known] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sign_in_id: UUID) -> _Known | None:
        with self._lock:
            known = self._items.get(sign_in_id)
            if known is not None:
                self._items.move_to_end(sign_in_id)
            return known

    def put(self, sign_in_id: UUID, known: _Known) -> None:
        with self._lock:
            self._items[sign_in_id] = known
            self._items.move_to_end(sign_in_id)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def forget(self, sign_in_id: UUID) -> None:
        with self._lock:
            self._items.pop(sign_in_id, None)


@dataclass
class SignIns:
    """Who may come in, and whether a sign-in still counts."""

    app: ThiduaApplication
    runner: CommandRunner
    hasher: PasswordHasher
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)
    known: KnownSignIns = field(default_factory=KnownSignIns, repr=False)

    @cached_property
    def _unknown_hash(self) -> str:
        # Checked for names without an account, so that every failure costs the same.
        return self.hasher.hash("thidua: no such account")

    def authenticate(self, username: str, password: str, address: str = "") -> Actor:
        """The actor of valid credentials; the same answer, after the same work, for an
        unknown name, a disabled account and a wrong password. Every attempt is recorded
        (``LoginAttempts`` of the name and address); an address with too many failures
        waits (``ThrottledError`` with ``retry_after``)."""
        now = self.clock()
        name = (username or "").strip().lower()
        if not name or not password or len(name) > 40 or forbidden_character(name):
            raise AuthenticationError(FAILURE, "password")
        buckets = self._buckets(name, address, now)
        until = wait_until(buckets, now)
        if until is not None:
            seconds = max(1, math.ceil((until - now).total_seconds()))
            raise ThrottledError(
                f"Đăng nhập sai nhiều lần từ địa chỉ này; hãy thử lại sau {seconds} giây.",
                "password", retry_after=seconds)
        user = self.app.find(User, ids.user_id(name))
        try:
            self.hasher.verify(user.password_hash if user else self._unknown_hash, password)
            correct = True
        except (VerificationError, InvalidHashError):
            correct = False
        if user is None or user.disabled or not correct:
            reason = ("unknown" if user is None else "disabled" if user.disabled
                      else "password")
            self._record(name, address, now, lambda a: a.fail(at=now, reason=reason))
            raise AuthenticationError(FAILURE, "password")
        self._record(name, address, now, lambda a: a.succeed(at=now))
        return actor_of(user)

    def sign_in(self, username: str, password: str, address: str = "",
                kind: str = WEB) -> SignedIn:
        """Authenticate, then start a sign-in (a browser session or an API token)."""
        actor = self.authenticate(username, password, address)
        user = self.app.load(User, ids.user_id(actor.username), FAILURE, "password")
        started = SignIn(username=user.username, user_id=user.id,
                         credential_version=user.credential_version, address=address,
                         kind=kind)
        self.app.save(started)
        return SignedIn(actor, started.id)

    def actor_of_sign_in(self, sign_in_id: UUID, field: str = "Authorization") -> Actor:
        """The actor of a sign-in that still counts: not ended, and made under the
        account's current credentials (a password change, a new role, disabling and
        enabling all end it). Checked on every call, by one read when this process has
        seen the sign-in before (``KnownSignIns``)."""
        known = self.known.get(sign_in_id)
        if known is not None:
            if not self.app.changed_since(known.versions):
                return known.actor
            self.known.forget(sign_in_id)
        started = self.app.find(SignIn, sign_in_id)
        user = self.app.find(User, started.user_id) if started is not None else None
        if started is None or started.ended or user is None or user.disabled \
                or user.credential_version != started.credential_version:
            raise AuthenticationError(ENDED, field)
        actor = actor_of(user)
        self.known.put(sign_in_id, _Known(actor, {started.id: started.version,
                                                   user.id: user.version}))
        return actor

    def sign_out(self, sign_in_id: UUID, actor: Actor) -> None:
        """End a sign-in: its cookie or token no longer counts, even if replayed."""
        started = self.app.find(SignIn, sign_in_id)
        if started is None or started.ended:
            return

        def attempt(_: int) -> tuple[list[SignIn], SignIn]:
            current = self.app.load(SignIn, sign_in_id, ENDED, None)
            if not current.ended:
                current.end(reason="signed_out", actor=actor.username)
            return [current], current

        self.runner.run(attempt, actor=actor, command="sign_in.end")

    def _buckets(self, name: str, address: str, now: datetime) -> list[LoginAttempts]:
        days = sorted({(now - WINDOW).date(), now.date()})
        found = (self.app.find(LoginAttempts, attempts_id(name, address, day))
                 for day in days)
        return [bucket for bucket in found if bucket is not None]

    def _record(self, name: str, address: str, now: datetime,
                change: Callable[[LoginAttempts], None]) -> None:
        """Append to the day's attempts; concurrent attempts are retried, none lost."""
        def attempt(_: int) -> tuple[list[LoginAttempts], LoginAttempts]:
            bucket = self.app.find(LoginAttempts, attempts_id(name, address, now.date())) \
                or LoginAttempts(username=name, address=address, day=now.date())
            change(bucket)
            return [bucket], bucket

        self.runner.run(attempt, actor=Actor(username=name, role="anonymous"),
                        command="sign_in.attempt")
