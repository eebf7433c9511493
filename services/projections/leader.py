"""Which worker runs which projection: one leader per view, taken over when it dies.

On PostgreSQL any number of ``thidua worker`` processes may run (on one machine or many).
Each view is run by the worker that holds its PostgreSQL advisory lock: a session lock,
held on a connection of its own that does nothing else. When the leader dies, however it
dies (SIGKILL, a lost machine), its connection closes and PostgreSQL releases the lock;
another worker, trying every ``ACQUIRE_INTERVAL`` seconds, takes it and goes on from the
view's recorded position. The session asks the server to notice a silent peer within
seconds too (TCP keepalives), so a machine that vanishes from the network frees its views.

Leadership is about doing the work once, not about correctness: two workers running the
same view at the same moment (a leader that lost its lock connection but has a page in
hand) still apply each notification exactly once, since the view's position only moves
forward inside the page's own transaction (``ViewStore``).

The leader also writes who it is into ``view_leader`` (view, worker, since), which
``/readyz`` and the operators read. On SQLite (one machine, one worker) everything is led
by the one worker, as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from eventsourcing.postgres import PostgresDatastore

log = logging.getLogger(__name__)

ACQUIRE_INTERVAL = 1.0  # seconds between tries for the views another worker leads
# Server-side keepalives of the lock connection: a leader whose machine disappears
# without closing its connection loses its locks after about idle + interval × count.
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 5, 2, 3
LEADER_TABLE = ("CREATE TABLE IF NOT EXISTS {table} (view TEXT PRIMARY KEY, worker TEXT NOT NULL, "
                "backend_pid INTEGER NOT NULL, since TEXT NOT NULL)")


def worker_name() -> str:
    """How a worker is named in ``view_leader`` and the logs: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def lock_key(schema: str, view: str) -> int:
    """A signed 64-bit advisory lock key for one view of one schema (schemas share a
    database's lock space)."""
    digest = hashlib.blake2b(f"thidua:{schema}:{view}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class Leadership:
    """Every view is led here: one worker on SQLite or in memory."""

    def __init__(self, views: Iterable[str]) -> None:
        self.views = tuple(views)
        self.name = worker_name()

    def refresh(self) -> frozenset[str]:
        """The views this worker leads now."""
        return frozenset(self.views)

    def close(self) -> None:
        """Give up every view (the process is stopping)."""


class AdvisoryLeadership(Leadership):
    """Leadership through PostgreSQL advisory locks on a dedicated connection."""

    def __init__(self, datastore: PostgresDatastore, views: Iterable[str], *,
                 interval: float = ACQUIRE_INTERVAL) -> None:
        super().__init__(views)
        self.schema = datastore.schema
        self.connect_kwargs = {k: v for k, v in datastore.pool.kwargs.items()
                               if k != "row_factory"}
        self.interval = interval
        self.keys = {view: lock_key(self.schema, view) for view in self.views}
        self.held: set[str] = set()
        self.connection: Any = None
        self.checked = 0.0  # monotonic time of the last try

    @property
    def table(self) -> str:
        return f'"{self.schema}".view_leader'

    def refresh(self) -> frozenset[str]:
        now = time.monotonic()
        if now - self.checked >= self.interval:
            self.checked = now
            try:
                self.acquire()
            except Exception as error:  # the connection is gone: so are our locks
                self.lost(error)
        return frozenset(self.held)

    def acquire(self) -> None:
        """Take the locks of the views nobody leads; check the connection otherwise."""
        connection = self.connection or self.connect()
        missing = [view for view in self.views if view not in self.held]
        if not missing:
            connection.execute("SELECT 1")
            return
        taken = []
        for view in missing:
            row = connection.execute("SELECT pg_try_advisory_lock(%s)",
                                     [self.keys[view]]).fetchone()
            if row[0]:
                taken.append(view)
        if not taken:
            return
        since = datetime.now(UTC).isoformat()
        with connection.transaction():
            for view in taken:
                connection.execute(
                    f"INSERT INTO {self.table} (view, worker, backend_pid, since) "
                    "VALUES (%s, %s, pg_backend_pid(), %s) ON CONFLICT (view) DO UPDATE "
                    "SET worker = excluded.worker, backend_pid = excluded.backend_pid, "
                    "since = excluded.since", [view, self.name, since])
        self.held.update(taken)
        log.info("worker %s leads %s", self.name, ", ".join(sorted(taken)))

    def connect(self) -> Any:
        # Deferred import: psycopg is only needed when the store is PostgreSQL.
        import psycopg

        connection = psycopg.connect(**self.connect_kwargs, autocommit=True,
                                     application_name="thidua worker leadership")
        for name, value in (("tcp_keepalives_idle", KEEPALIVE_IDLE),
                            ("tcp_keepalives_interval", KEEPALIVE_INTERVAL),
                            ("tcp_keepalives_count", KEEPALIVE_COUNT)):
            connection.execute(f"SET {name} = {int(value)}")
        # A store initialised before leadership existed (`thidua db init` creates it now).
        connection.execute(LEADER_TABLE.format(table=self.table))
        self.connection = connection
        return connection

    def lost(self, error: Exception) -> None:
        if self.held:
            log.error("worker %s lost its leadership connection (%s); it stops leading %s",
                      self.name, error, ", ".join(sorted(self.held)))
        else:
            log.warning("worker %s cannot reach the leadership locks: %s", self.name, error)
        self.held.clear()
        self.close()

    def close(self) -> None:
        """Closing the connection releases every lock: another worker takes over at once."""
        connection, self.connection = self.connection, None
        self.held.clear()
        if connection is not None:
            try:
                connection.close()
            except Exception:  # already broken: nothing is held any more anyway
                log.debug("closing the leadership connection failed", exc_info=True)


def create_leader_table(datastore: Any) -> None:
    """Create ``view_leader`` (PostgreSQL; `thidua db init`, once)."""
    if isinstance(datastore, PostgresDatastore):
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(LEADER_TABLE.format(table=f'"{datastore.schema}".view_leader'))


def leadership_for(datastore: Any, views: Iterable[str]) -> Leadership:
    """Advisory locks on PostgreSQL; the one worker leads everything elsewhere."""
    if isinstance(datastore, PostgresDatastore):
        return AdvisoryLeadership(datastore, views)
    return Leadership(views)


def leaders(datastore: Any) -> dict[str, dict[str, Any]]:
    """Who leads each view, as the leaders recorded it (PostgreSQL; {} elsewhere or before
    any worker ran). A row outlives its worker: the lock is the truth, so a row whose
    backend no longer holds the view's lock is reported as ``"held": False``."""
    if not isinstance(datastore, PostgresDatastore):
        return {}
    table = f'"{datastore.schema}".view_leader'
    try:
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT to_regclass('{table}') IS NOT NULL AS present")
            if not cursor.fetchone()["present"]:
                return {}
            cursor.execute(f"SELECT view, worker, since, backend_pid FROM {table} ORDER BY view")
            rows = cursor.fetchall()
            cursor.execute("SELECT pid, classid::bigint AS high, objid::bigint AS low "
                           "FROM pg_locks WHERE locktype = 'advisory' AND granted")
            locks = {(r["pid"], r["high"], r["low"]) for r in cursor.fetchall()}
    except Exception:  # leadership is informative: never fail a status for it
        log.debug("reading view_leader failed", exc_info=True)
        return {}
    found = {}
    for row in rows:
        key = lock_key(datastore.schema, row["view"]) & 0xFFFF_FFFF_FFFF_FFFF
        held = (row["backend_pid"], key >> 32, key & 0xFFFF_FFFF) in locks
        found[row["view"]] = {"worker": row["worker"], "since": row["since"], "held": held}
    return found
