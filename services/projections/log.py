"""The notification log, read as stored: the one reader of projections and the audit.

Projections read the whole log when they rebuild, so ``page`` is lean: on SQLite one query
on the events table returns plain tuples (no per-row objects), elsewhere the recorder's
``select_notifications``; states are decoded with orjson into the stored JSON form (typed
values stay ``{"_type_": …, "_data_": …}``), after the application's cipher and compressor
when they are configured.

The audit reads ``rows``: every column exactly as stored, including what an intruder may
have put there (text in a BLOB column, an id that is no longer 32 hex digits), so that the
hash chain sees every change. On an SQLite file those reads go through a connection of
their own that returns plain tuples (the library's connections build a ``sqlite3.Row`` per
row, which costs more than hashing it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import tuple_row

from services.app import ThiduaApplication

Row = tuple[int, str, str, bytes]  # notification id, originator id (hex), topic, state
# A stored row as the audit reads it: notification id, originator id (16 bytes), version,
# topic, state (the types a hand-edited row may have changed are kept as they are).
StoredRow = tuple[int, bytes, Any, Any, Any]
STORED_COLUMNS = "originator_id, originator_version, topic, state"
PAGE_COLUMNS_POSTGRES = "replace(originator_id::text, '-', ''), topic, state"


def hex_id(value: str | UUID) -> str:
    """An aggregate id as views store it: 32 hex digits (as SQLite's event table does)."""
    if isinstance(value, UUID):
        return value.hex
    return value.replace("-", "") if len(value) == 36 else value


def dashed(value: str) -> str:
    """The canonical text of an aggregate id (the form the API shows)."""
    if len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return value


def originator_bytes(value: object) -> bytes:
    """The 16 bytes of an aggregate id, however the backend returns it.

    SQLite stores ids as 32 lower-case hex digits. Any other text (upper case, dashes)
    would no longer be found by the library, so it is taken as text, with a marker that
    no 16-byte id has: the change shows in the chain.
    """
    if type(value) is str and len(value) == 32:
        try:
            data = bytes.fromhex(value)
        except ValueError:
            data = b""
        if data.hex() == value:
            return data
    elif isinstance(value, UUID):
        return value.bytes
    return b"\x00text:" + str(value).encode("utf-8", "surrogatepass")


def blob(value: Any) -> bytes:
    """A BLOB column's value as bytes, even after an intruder stored text or NULL in it."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return b"" if value is None else b"\x00text:" + str(value).encode("utf-8", "surrogatepass")


def stored_row(raw: Sequence[Any]) -> StoredRow:
    position, originator, version, topic, state = raw
    if isinstance(state, memoryview):
        state = state.tobytes()
    return (position if type(position) is int else int(position), originator_bytes(originator),
            version, topic, state)


def fetch_tuples(cursor: Any) -> list[tuple[Any, ...]]:
    rows = cursor.fetchall()
    if rows and isinstance(rows[0], dict):  # psycopg's dict rows
        return [tuple(row.values()) for row in rows]
    return [tuple(row) for row in rows]


def select_after(is_sqlite: bool, table: str, *, stop: bool, limit: bool,
                 columns: str = STORED_COLUMNS) -> str:
    """The statement reading an events table's rows after a position, in log order."""
    position = "rowid" if is_sqlite else "notification_id"
    mark = "?" if is_sqlite else "%s"
    statement = f"SELECT {position}, {columns} FROM {table} WHERE {position} > {mark}"
    if stop:
        statement += f" AND {position} <= {mark}"
    statement += f" ORDER BY {position}"
    if limit:
        statement += f" LIMIT {mark}"
    return statement


def postgres_events_table(schema: str) -> str:
    return f'"{schema}"."{ThiduaApplication.name.lower()}_events"'


class NotificationLog:
    """The stored rows of an application's log."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app
        recorder = app.recorder
        self.datastore = getattr(recorder, "datastore", None)
        self.file: str | None = None
        if isinstance(recorder, SQLiteApplicationRecorder):
            self.backend, self.table = "sqlite", recorder.events_table_name
            pool = recorder.datastore.pool
            if not pool.is_sqlite_memory_mode:
                self.file = pool.db_name
        elif isinstance(recorder, PostgresApplicationRecorder):
            self.backend = "postgres"
            self.table = f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'
        else:
            self.backend, self.table = "memory", ""
        self.cipher = app.mapper.cipher
        self.compressor = app.mapper.compressor

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @property
    def mark(self) -> str:
        return "?" if self.is_sqlite else "%s"

    @property
    def position_column(self) -> str:
        return "rowid" if self.is_sqlite else "notification_id"

    # --- for projections --------------------------------------------------------------

    def page(self, after: int, limit: int, stop: int | None = None) -> Sequence[Row]:
        """(id, originator hex, topic, state) of the rows after ``after``."""
        if self.is_sqlite:
            statement = select_after(True, self.table, stop=stop is not None, limit=True,
                                     columns="originator_id, topic, state")
            params = [after, *([] if stop is None else [stop]), limit]
            with self.app.recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall()  # rowid, originator id (hex), topic, state
        if self.backend == "postgres":
            # Plain tuples, ids as hex text made by the server, the binary protocol (no
            # hex-escaped bytea): reading a rebuild's pages through the library's
            # notifications (a dict, a UUID and an object per row) cost as much as
            # projecting them.
            statement = select_after(False, self.table, stop=stop is not None, limit=True,
                                     columns=PAGE_COLUMNS_POSTGRES)
            params = [after, *([] if stop is None else [stop]), limit]
            with self.datastore.transaction(commit=False) as cursor:
                cursor.row_factory = tuple_row
                cursor.execute(statement, params, binary=True)
                return cursor.fetchall()
        return [(n.id, hex_id(n.originator_id), n.topic, n.state)
                for n in self.app.recorder.select_notifications(after + 1, limit, stop=stop)]

    def decode(self, state: bytes) -> dict[str, Any]:
        if self.cipher is not None:
            state = self.cipher.decrypt(state)
        if self.compressor is not None:
            state = self.compressor.decompress(state)
        return orjson.loads(state)

    # --- for the audit ----------------------------------------------------------------

    def query(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows of one read-only statement (``?`` marks on SQLite, ``%s`` elsewhere)."""
        if self.file is not None:
            with closing(sqlite3.connect(self.file, uri=True, timeout=30)) as conn:
                return conn.execute(statement, list(params)).fetchall()
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, list(params))
            return fetch_tuples(cursor)

    def rows(self, after: int, limit: int, stop: int | None = None) -> list[StoredRow]:
        """Every column of the rows after ``after``, exactly as stored."""
        if self.backend == "memory":
            return [stored_row((n.id, n.originator_id, n.originator_version, n.topic, n.state))
                    for n in self.app.recorder.select_notifications(after + 1, limit,
                                                                    stop=stop)]
        params = [after, *([] if stop is None else [stop]), limit]
        return [stored_row(raw) for raw in self.query(
            select_after(self.is_sqlite, self.table, stop=stop is not None, limit=True),
            params)]

    def count(self, stop: int) -> int:
        """How many rows have a notification id up to ``stop``."""
        if self.backend == "memory":
            count, after = 0, 0
            while page := self.rows(after, 10_000, stop=stop):
                count += len(page)
                after = page[-1][0]
            return count
        return int(self.query(f"SELECT COUNT(*) FROM {self.table} WHERE "
                              f"{self.position_column} <= {self.mark}", [stop])[0][0])

    def last_position(self) -> int:
        return self.app.last_position()

    def with_topic(self, topic: str) -> list[tuple[int, bytes]]:
        """(notification id, stored state) of every row with this topic."""
        if self.backend == "memory":
            found, after = [], 0
            while page := self.app.recorder.select_notifications(after + 1, 10_000,
                                                                 topics=[topic]):
                found += [(n.id, n.state) for n in page]
                after = page[-1].id
            return found
        return [(int(p), blob(s)) for p, s in self.query(
            f"SELECT {self.position_column}, state FROM {self.table} WHERE topic = "
            f"{self.mark} ORDER BY {self.position_column}", [topic])]


# --- typed values of the stored JSON ------------------------------------------------------

def uuid_text(value: dict[str, str] | None) -> str | None:
    """A stored UUID (``uuid_hex``) as views keep it."""
    return None if value is None else value["_data_"]


def centipoints(value: dict[str, str]) -> int:
    """Decimal points (at most two places) as integer hundredths, exactly."""
    text = value["_data_"]
    try:
        return int(text) * 100  # whole points: the common case
    except ValueError:
        pass
    whole, _, fraction = text.partition(".")
    if "E" in text or "e" in text or len(fraction) > 2:
        return int(Decimal(text) * 100)
    cents = int((fraction + "00")[:2]) if fraction else 0
    number = int(whole or "0") * 100
    return number - cents if text.startswith("-") else number + cents


def timestamp(state: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(state["timestamp"]["_data_"])
