"""Signing in: the attempts made from each client address, and the sign-ins themselves.

Both are kept apart from the account (``events/user.py``): a request checks its sign-in
and the account, and never replays the history of logins (after 1,000 logins every request
had become half as slow again). Every attempt and sign-in is still an event, with who and
from where, for the audit trail.

Throttling is per account *and* address: from the sixth failure within 15 minutes that
address waits, a little longer after each further failure, while the account's owner
working from another address is not blocked, and an attacker cannot lock anyone out.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.ids import NAMESPACE

WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
FREE_FAILURES = 5  # failures within the window before the address must wait…
FIRST_WAIT = timedelta(minutes=1)  # …this long, doubling with each further failure…
LONGEST_WAIT = timedelta(minutes=15)  # …up to this
WEB, API = "web", "api"


def attempts_id(username: str, address: str, day: date) -> UUID:
    return uuid5(NAMESPACE, f"login-attempts:{username}:{address}:{day.isoformat()}")


class LoginAttempts(Aggregate):
    """The sign-in attempts for one username from one client address on one day (UTC)."""

    @staticmethod
    def create_id(username: str, address: str, day: date) -> UUID:
        return attempts_id(username, address, day)

    @event("Opened")
    def __init__(self, username: str, address: str, day: date) -> None:
        self.username = username
        self.address = address
        self.day = day
        self.failures: list[datetime] = []
        self.last_success: datetime | None = None

    @event("Failed")
    def fail(self, at: datetime, reason: str) -> None:
        """A failed attempt; ``reason`` (unknown account, disabled, wrong password) is for
        the audit trail only: the person signing in is told the same thing every time."""
        self.failures.append(at)

    @event("Succeeded")
    def succeed(self, at: datetime) -> None:
        self.last_success = at


def wait_until(buckets: list[LoginAttempts], now: datetime) -> datetime | None:
    """Until when an address must wait before trying again, or None (``buckets``: the
    attempts of the days the window covers).

    Five failures within the window, since the last success, are free; then the address
    waits one minute, two after the next failure, four, … up to fifteen.
    """
    since = max([now - WINDOW, *(b.last_success for b in buckets if b.last_success)])
    recent = sorted(f for b in buckets for f in b.failures if f > since)
    if len(recent) < FREE_FAILURES:
        return None
    wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (len(recent) - FREE_FAILURES))
    until = recent[-1] + wait
    return until if until > now else None


class SignIn(Aggregate):
    """One signed-in browser session or API token. It counts while it has not ended and
    the account's credential version is the one it was made under."""

    @event("Started")
    def __init__(self, username: str, user_id: UUID, credential_version: int, address: str,
                 kind: str) -> None:
        self.username = username
        self.user_id = user_id
        self.credential_version = credential_version
        self.address = address
        self.kind = kind
        self.ended: str | None = None

    @event("Ended")
    def end(self, reason: str, actor: str) -> None:
        self.ended = reason

    def as_dict(self) -> dict[str, Any]:
        return {"id": str(self.id), "username": self.username, "kind": self.kind,
                "address": self.address, "started_at": self.created_on, "ended": self.ended}
