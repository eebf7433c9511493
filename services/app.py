"""The event store as use cases and queries see it: load, find, list and count aggregates.

Nothing here decides anything: the rules are in ``events/``, the use cases in
``services/usecases/`` and every write goes through ``services/commands.py``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Recording, Transcoder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic

from events.errors import NotFoundError
from events.values import today_in_vietnam
from services.metrics import appended
from services.transcoding import construct_transcoder

A = TypeVar("A", bound=Aggregate)


class _ImmutableCache:
    """A bounded cache for aggregates that never change after creation."""

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self.items: OrderedDict[UUID, Aggregate] = OrderedDict()

    def get(self, key: UUID) -> Aggregate | None:
        return self.items.get(key)

    def put(self, key: UUID, value: Aggregate) -> None:
        self.items[key] = value
        if len(self.items) > self.maxsize:
            self.items.popitem(last=False)


class ThiduaApplication(Application[UUID]):
    """The eventsourcing application of thidua: the store and its notification log."""

    name = "Thidua"

    def __init__(self, env: dict[str, str] | None = None, *,
                 clock: Callable[[], date] = today_in_vietnam) -> None:
        super().__init__(env)
        self.clock = clock
        # Registrations have no event after their first one, nor campaigns once someone
        # registered (revisions stop there), so a copy held in memory never goes stale.
        self._immutable = _ImmutableCache()

    def construct_transcoder(self) -> Transcoder:
        return construct_transcoder()

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Record the aggregates' new events in one transaction; counted for the metrics
        (and the request's log line)."""
        recordings = super().save(*objs, **kwargs)
        appended(r.notification.id for r in recordings)
        return recordings

    def last_position(self) -> int:
        """Return the notification id of the last recorded event (0 for an empty store).

        Not a count: on PostgreSQL an insert that fails a uniqueness check still uses
        up a sequence value, so positions can have gaps.
        """
        return self.recorder.max_notification_id() or 0

    def event_count(self) -> int:
        """Count the recorded events by reading the notification log."""
        count, start = 0, 1
        while True:
            page = self.recorder.select_notifications(start, 1000)
            if not page:
                return count
            count += len(page)
            start = page[-1].id + 1

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate of that class and id, or None."""
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, cls) else None

    def load(self, cls: type[A], aggregate_id: UUID, message: str, field: str | None) -> A:
        """The aggregate of that class and id; a ``NotFoundError`` naming ``field`` if none."""
        aggregate = self.find(cls, aggregate_id)
        if aggregate is None:
            raise NotFoundError(message, field)
        return aggregate

    def load_immutable(self, cls: type[A], aggregate_id: UUID, message: str,
                       field: str | None) -> A:
        """As ``load``, for aggregates that never change after creation (kept in memory)."""
        cached = self._immutable.get(aggregate_id)
        if isinstance(cached, cls):
            return cached
        aggregate = self.load(cls, aggregate_id, message, field)
        self._immutable.put(aggregate_id, aggregate)
        return aggregate

    def cached_immutable(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The copy kept by ``load_immutable`` or ``keep_immutable``, if any."""
        cached = self._immutable.get(aggregate_id)
        return cached if isinstance(cached, cls) else None

    def keep_immutable(self, aggregate: Aggregate) -> None:
        """Keep ``aggregate`` in memory: the caller knows it will never change again."""
        self._immutable.put(aggregate.id, aggregate)

    def changed_since(self, versions: Mapping[UUID, int]) -> bool:
        """Whether any of these aggregates has an event after the version given: one read
        of the events table's primary key (originator id, version) on SQLite and
        PostgreSQL, whichever process wrote the event."""
        if not versions:
            return False
        recorder = self.recorder
        if isinstance(recorder, SQLiteApplicationRecorder):
            statement = " OR ".join(
                [f"EXISTS (SELECT 1 FROM {recorder.events_table_name} WHERE "
                 "originator_id = ? AND originator_version > ?)"] * len(versions))
            params: list[Any] = [v for i, n in versions.items() for v in (i.hex, n)]
            # One statement: SQLite's autocommit reads it as a transaction of its own.
            with recorder.datastore.get_connection(commit=False) as conn, \
                    conn.cursor() as cursor:
                cursor.execute(f"SELECT {statement}", params)
                return bool(cursor.fetchone()[0])
        if isinstance(recorder, PostgresApplicationRecorder):
            table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
            statement = " OR ".join(
                [f"EXISTS (SELECT 1 FROM {table} WHERE originator_id = %s "
                 "AND originator_version > %s)"] * len(versions))
            params = [v for i, n in versions.items() for v in (i, n)]
            with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
                cursor.execute(f"SELECT {statement} AS changed", params)
                row = cursor.fetchone()
                return bool(row["changed"]) if row else False
        return any(recorder.select_events(i, gt=n, limit=1) for i, n in versions.items())

    def exists(self, aggregate_id: UUID) -> bool:
        return any(True for _ in self.events.get(aggregate_id, lte=1))

    def ids_of(self, cls: type[Aggregate], event_name: str) -> Iterator[UUID]:
        """Ids of every aggregate of ``cls``, in the order they were created."""
        topic = get_topic(getattr(cls, event_name))
        start = 1
        while True:
            page = self.recorder.select_notifications(start, 500, topics=[topic])
            if not page:
                return
            for notification in page:
                yield UUID(str(notification.originator_id))
            start = page[-1].id + 1

    def all_of(self, cls: type[A], event_name: str) -> Iterator[A]:
        """Every aggregate of ``cls``, in the order they were created."""
        for aggregate_id in self.ids_of(cls, event_name):
            found = self.find(cls, aggregate_id)
            if found is not None:
                yield found
