"""Recorders we write pass eventsourcing's own test cases (a suite we did not write)."""

from __future__ import annotations

import tempfile
import threading
import uuid
from pathlib import Path

from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests import persistence as library_tests

from services.projections.subscription import SubscribableSQLiteApplicationRecorder


class TestSubscribableSQLiteApplicationRecorder(library_tests.ApplicationRecorderTestCase):
    """The library's application-recorder suite, plus its subscription test, on SQLite."""

    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.datastore = SQLiteDatastore(str(Path(self.tmp.name) / f"{uuid.uuid4().hex}.db"))
        self.threads_before = set(threading.enumerate())

    def tearDown(self) -> None:
        # Some library tests tell their reader threads to stop without joining them;
        # closing the connections under a running query would crash the interpreter.
        for thread in set(threading.enumerate()) - self.threads_before:
            thread.join(timeout=10)
        self.datastore.close()
        self.tmp.cleanup()

    def create_recorder(self) -> SubscribableSQLiteApplicationRecorder:
        recorder = SubscribableSQLiteApplicationRecorder(self.datastore)
        recorder.create_table()
        return recorder

    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()

    def test_subscription_sees_inserts_made_by_another_recorder(self) -> None:
        # Another process writes through its own connection: only polling can see it.
        reader = self.create_recorder()
        writer = SubscribableSQLiteApplicationRecorder(self.datastore)
        with reader.subscribe(gt=0) as subscription:
            writer.insert_events([library_tests.StoredEvent(
                originator_id=uuid.uuid4(), originator_version=1, topic="t", state=b"s")])
            notification = next(subscription)
        self.assertEqual(notification.topic, "t")
