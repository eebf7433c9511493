"""One runner for every write: get → act → save, retried on conflicts, recorded once per key.

A use case hands the runner an ``attempt``: a function that loads what it needs, calls the
domain and returns the aggregates to save with the command's result. The runner saves them
in one transaction. When another writer changed one of them meanwhile, the store refuses
the whole transaction (optimistic concurrency) and the runner calls ``attempt`` again on
fresh state, after a short jittered pause, a bounded number of times.

An idempotency key (a form's hidden field, the API's ``Idempotency-Key`` header) is scoped
to the actor and saved as a ``Submission`` in the same transaction as the command: the same
key from the same actor answers what the first command produced and records nothing more;
the same key from someone else is a different submission.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from events import ids
from events.errors import ConflictError, InvalidInputError
from events.submission import Submission
from services.actors import Actor
from services.app import ThiduaApplication

T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)
KEY = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
KEY_FIELD = "idempotency_key"
RETRIES = 200  # thirty members voting at once on one ballot: the last may lose many races
MAX_PAUSE = 0.02  # seconds; the pause grows from 1 ms up to this


def check_key(value: object, field: str = KEY_FIELD) -> str | None:
    """An idempotency key as given (None or "" means none): 8–100 of A–Z a–z 0–9 _ -."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not KEY.match(value):
        raise InvalidInputError(
            f"Mã chống gửi trùng «{field}» phải gồm 8–100 ký tự chữ không dấu, chữ số, "
            "dấu - hoặc _.", field)
    return value


def default_result_id(result: Any) -> UUID:
    return result.id


class CommandRunner:
    """Runs the attempts of use cases against one store."""

    def __init__(self, app: ThiduaApplication, *, retries: int = RETRIES) -> None:
        self.app = app
        self.retries = retries
        self.conflicts = 0  # retried optimistic-concurrency conflicts (for the benchmarks)

    def earlier(self, actor: Actor, key: str | None, command: str) -> UUID | None:
        """What this actor's submission under ``key`` produced, if it was carried out.

        A key already used by the same actor for another kind of command is refused: its
        first answer would not be an answer to this one.
        """
        if key is None:
            return None
        done = self.app.find(Submission, ids.submission_id(self.scoped(actor, key)))
        if done is None:
            return None
        if done.command != command:
            raise ConflictError(
                "Mã chống gửi trùng này đã được dùng cho một thao tác khác; tạo mã mới cho "
                "mỗi lần gửi.", KEY_FIELD)
        return UUID(done.result_id)

    @staticmethod
    def scoped(actor: Actor, key: str) -> str:
        return f"{actor.username}:{key}"

    def record(self, actor: Actor, key: str | None, command: str,
               result_id: UUID) -> list[Aggregate]:
        """The submission to save with a command (none without a key)."""
        if key is None:
            return []
        return [Submission(key=self.scoped(actor, key), command=command,
                           result_id=str(result_id), actor=actor.username)]

    def remember(self, actor: Actor, key: str | None, command: str, result_id: UUID) -> None:
        """Record a submission on its own (a command made of several saves, each keyed)."""
        try:
            self.app.save(*self.record(actor, check_key(key), command, result_id))
        except IntegrityError:
            pass  # a concurrent request with the same key remembered it first

    def run(
        self, attempt: Callable[[int], tuple[Sequence[Aggregate], T]], *, actor: Actor,
        command: str, key: str | None = None, earlier: Callable[[UUID], T] | None = None,
        result_id: Callable[[T], UUID] = default_result_id,
        busy: str = "Dữ liệu đang được người khác cập nhật; vui lòng thử lại.",
        field: str | None = None,
    ) -> T:
        """Save what ``attempt`` returns, retrying on conflicts; once per ``key``.

        ``earlier`` turns the id a previous submission produced back into the result.
        """
        checked = check_key(key)
        assert checked is None or earlier is not None, "a keyed command needs `earlier`"
        for number in range(self.retries):
            done = self.earlier(actor, checked, command)
            if done is not None and earlier is not None:
                return earlier(done)
            try:
                aggregates, result = attempt(number)
            except ConflictError:
                # A duplicate found by the attempt may be this very submission, carried
                # out by a concurrent request with the same key a moment ago.
                done = self.earlier(actor, checked, command)
                if done is not None and earlier is not None:
                    return earlier(done)
                raise
            try:
                self.app.save(*aggregates,
                              *self.record(actor, checked, command, result_id(result)))
            except IntegrityError:
                self.conflicts += 1
                # Jittered, growing pause: racers spread out instead of colliding again.
                time.sleep(random.uniform(0, min(MAX_PAUSE, 0.001 * 2 ** min(number, 6))))
                continue
            return result
        raise ConflictError(busy, field)

    def create(self, aggregate: A, *, actor: Actor, command: str, duplicate: str, field: str,
               key: str | None = None, earlier: Callable[[UUID], A] | None = None) -> A:
        """Save a new aggregate whose id is its natural key: one that exists is refused as a
        duplicate (``duplicate`` names it, beside ``field``), even when two clerks create it
        at the same moment: the store keeps the first, the retry finds it."""
        def attempt(_: int) -> tuple[list[A], A]:
            if self.app.exists(aggregate.id):
                raise ConflictError(duplicate, field)
            return [aggregate], aggregate

        return self.run(attempt, actor=actor, command=command, key=key, earlier=earlier,
                        field=field)
