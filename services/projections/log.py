"""Reading the notification log for projections: pages of (id, originator, topic, state).

Projections read the whole log when they rebuild, so this path is lean: on SQLite one
query on the events table returns plain tuples (no per-row objects), elsewhere the
recorder's ``select_notifications``; states are decoded with orjson into the stored
JSON form (typed values stay ``{"_type_": …, "_data_": …}``), after the application's
cipher and compressor when they are configured.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.sqlite import SQLiteApplicationRecorder

from services.application import ThiduaApplication

Row = tuple[int, str, str, bytes]  # notification id, originator id, topic, state


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


class LogReader:
    """Pages of the application's notification log."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app
        recorder = app.recorder
        self.sqlite = isinstance(recorder, SQLiteApplicationRecorder)
        self.table = getattr(recorder, "events_table_name", "")
        self.cipher = app.mapper.cipher
        self.compressor = app.mapper.compressor

    def page(self, after: int, limit: int, stop: int | None = None) -> Sequence[Row]:
        if self.sqlite:
            statement = (f"SELECT rowid, originator_id, topic, state FROM {self.table} "
                         "WHERE rowid > ?")
            params: list[int] = [after]
            if stop is not None:
                statement += " AND rowid <= ?"
                params.append(stop)
            statement += " ORDER BY rowid LIMIT ?"
            params.append(limit)
            with self.app.recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall()  # rowid, originator id (hex), topic, state
        return [(n.id, hex_id(n.originator_id), n.topic, n.state)
                for n in self.app.recorder.select_notifications(
                    after + 1, limit, stop=stop)]

    def decode(self, state: bytes) -> dict[str, Any]:
        if self.cipher is not None:
            state = self.cipher.decrypt(state)
        if self.compressor is not None:
            state = self.compressor.decompress(state)
        return orjson.loads(state)


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
        from decimal import Decimal

        return int(Decimal(text) * 100)
    cents = int((fraction + "00")[:2]) if fraction else 0
    number = int(whole or "0") * 100
    return number - cents if text.startswith("-") else number + cents


def timestamp(state: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(state["timestamp"]["_data_"])
