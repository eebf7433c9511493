"""SQLite writers take turns: a write transaction starts only once the process before it
has committed, woken by the kernel rather than by SQLite's sleeps.

SQLite lets one writer in at a time. Another process that finds the database locked is
put to sleep by SQLite's busy handler for 1, 2, 5, 10, 15, 20, 25, … ms, however soon
the lock is released: with four gunicorn workers and the projection worker writing to one
file, score posts waited 25–100 ms behind commits of a third of a millisecond, and the
slowest took seconds under load (bench/http_load.py). Here every writer of the store first
takes an exclusive ``flock`` on a file beside the database (``<database>.write-lock``),
which the kernel hands to the next waiter the moment it is released; SQLite then finds no
competing writer. Durability is untouched: the same transactions, WAL and
``synchronous=FULL``. A process that dies holding the lock loses it with its file
descriptors. Readers never take it.

The store names ``Factory`` as its persistence module (``services.config``); everything
else is the library's SQLite persistence.
"""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.sqlite import Factory as SQLiteFactory
from eventsourcing.sqlite import SQLiteConnection, SQLiteDatastore

LOCK_SUFFIX = ".write-lock"


def lock_path(db_name: str) -> str:
    """The lock file of a database given as a path or a ``file:`` URI."""
    path = db_name.removeprefix("file:").split("?", 1)[0] if db_name.startswith("file:") \
        else db_name
    return path + LOCK_SUFFIX


class WriterTurns:
    """An exclusive lock shared by every process and thread writing one database."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._threads = threading.Lock()  # flock is per open file, not per thread
        _ALL.add(self)

    def after_fork(self) -> None:
        # A descriptor inherited through fork shares its lock with the parent (both would
        # be let in at once), and a thread lock held in the parent at the fork stays held
        # in the child: the child starts afresh (closing its copy of the descriptor leaves
        # the parent's lock alone; only unlocking would release it).
        if self._fd is not None:
            os.close(self._fd)
        self._fd = None
        self._threads = threading.Lock()

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._threads:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._threads:
            if self._fd is not None:
                os.close(self._fd)
            self._fd = None


_ALL: weakref.WeakSet[WriterTurns] = weakref.WeakSet()
os.register_at_fork(after_in_child=lambda: [turns.after_fork() for turns in list(_ALL)])


class SQLiteTurnTakingDatastore(SQLiteDatastore):
    """The library's SQLite datastore whose writing connections wait for their turn."""

    def __init__(self, db_name: str, **kwargs: Any) -> None:
        super().__init__(db_name, **kwargs)
        self.turns = None if self.pool.is_sqlite_memory_mode else WriterTurns(lock_path(db_name))

    @contextmanager
    def get_connection(self, *, commit: bool) -> Iterator[SQLiteConnection]:
        if not commit or self.turns is None:
            with super().get_connection(commit=commit) as conn:
                yield conn
            return
        with self.turns.turn(), super().get_connection(commit=True) as conn:
            yield conn

    def close(self) -> None:
        super().close()
        if self.turns is not None:
            self.turns.close()


class Factory(SQLiteFactory):
    """The library's SQLite persistence, on a ``SQLiteTurnTakingDatastore``."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        library = self.datastore
        self.datastore = SQLiteTurnTakingDatastore(
            library.pool.db_name, lock_timeout=library.pool.lock_timeout,
            single_row_tracking=library.single_row_tracking,
            originator_id_type=library.originator_id_type)
        library.close()
