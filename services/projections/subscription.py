"""A subscribe() for SQLite, which eventsourcing 9.5.6 lacks.

PostgreSQL wakes its subscriptions with LISTEN/NOTIFY. SQLite has no such channel, so
we wake ours two ways: at once, from inserts made through this recorder (same process),
and by polling the cheap ``max(notification_id)`` every 50 ms for inserts made by other
processes. The pulling itself is the library's ``ListenNotifySubscription``.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import (
    ApplicationRecorder,
    ListenNotifySubscription,
    StoredEvent,
    Subscription,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder

POLL_INTERVAL = 0.05


class SubscribableSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, plus ``subscribe()``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listeners: weakref.WeakSet[threading.Event] = weakref.WeakSet()
        self._listeners_lock = threading.Lock()

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        notification_ids = super().insert_events(stored_events, **kwargs)
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener.set()
        return notification_ids

    def listen(self, event: threading.Event) -> None:
        with self._listeners_lock:
            self._listeners.add(event)

    def unlisten(self, event: threading.Event) -> None:
        with self._listeners_lock:
            self._listeners.discard(event)

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return SQLitePollingSubscription(recorder=self, gt=gt, topics=topics)


class SQLitePollingSubscription(ListenNotifySubscription[SubscribableSQLiteApplicationRecorder]):
    """Pulls new notifications when woken by a local insert or by a poll."""

    def __init__(
        self,
        recorder: SubscribableSQLiteApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        recorder.listen(self._has_been_notified)
        self._poll_thread = threading.Thread(target=self._poll, daemon=True)
        self._poll_thread.start()

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        try:
            super().__exit__(*args, **kwargs)
        finally:
            self._recorder.unlisten(self._has_been_notified)
            self._poll_thread.join()

    def _poll(self) -> None:
        last_seen: int | None = None
        try:
            while not self._has_been_stopped:
                current = self._recorder.max_notification_id()
                if current != last_seen:
                    last_seen = current
                    self._has_been_notified.set()
                time.sleep(POLL_INTERVAL)
        except BaseException as error:  # surface it to the iterating thread
            if self._thread_error is None:
                self._thread_error = error
            self.stop()
