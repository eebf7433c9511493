"""The audit hash chain: what a link covers, reading stored rows, and the chain projection.

Every stored event (a row of the notification log) is encoded as

    content = originator id ‖ originator version ‖ topic ‖ state      (length-prefixed)
    digest  = SHA-256(content)
    link    = SHA-256(previous link ‖ notification id ‖ digest)        (chain version 2)

where ``state`` is the stored bytes (encrypted when a cipher is configured) and the first
previous link is ``GENESIS``. A link covers the row through its digest, so a row withheld
from an export (a password hash) still verifies from its digest alone.

Chain version 1 (until wave 2) linked the content itself (``chain_link_v1``); its view
(``audit_chain``) and its seals stay readable. A version-2 chain built over a store that
has a version-1 chain takes each row's digest only if it equals the digest the old chain
stored, so the switch cannot launder a change made before it.

The projection keeps (position, digest, link) per row in a view table, written with its
tracking position in one transaction per page. Because each link covers the one before
it, changing, removing or moving any row (or any link) breaks the chain at that position;
``services.audit.verify`` recomputes it to find where.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from hashlib import sha256
from typing import Any

from services.app import ThiduaApplication
from services.projections.log import (
    NotificationLog,
    StoredRow,
    blob,
    fetch_tuples,
    postgres_events_table,
    select_after,
    stored_row,
)
from services.projections.runner import open_view
from services.projections.viewstore import Batch, Table, ViewStore

CHAIN_VERSION = 2
GENESIS = sha256(b"thidua/audit-chain/v2").digest()
GENESIS_V1 = sha256(b"thidua/audit-chain/v1").digest()
VIEW = "audit_chain_v2"
LEGACY_VIEW = "audit_chain"  # the version-1 chain's view, kept and checked when switching
LINKS = Table("links", key=("position",), columns=("digest", "link"),
              types={"position": "BIGINT", "digest": "BYTEA", "link": "BYTEA"})
SQLITE_EVENTS = "stored_events"  # the library's table name for SQLite application recorders
PAGE = 5000
_U16 = struct.Struct(">H")
_I64_U32 = struct.Struct(">qI")
_U32 = struct.Struct(">I")
_I64 = struct.Struct(">q")
_ID_VERSION_TOPIC = struct.Struct(">H16sqI")  # = _U16 ‖ 16 bytes ‖ _I64_U32


class ChainError(Exception):
    """The chain cannot be extended or rebuilt without hiding a difference."""


def _tagged(value: object) -> bytes:
    """Any stored value, tagged with its type (an intruder may change a column's type)."""
    if value is None:
        return b"N"
    if isinstance(value, bool) or not isinstance(value, (int, str, bytes)):
        data = f"{type(value).__name__}:{value!r}".encode("utf-8", "surrogatepass")
        return b"X" + _U32.pack(len(data)) + data
    if isinstance(value, int):
        return b"I" + str(value).encode()
    data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
    return (b"S" if isinstance(value, str) else b"B") + _U32.pack(len(data)) + data


@lru_cache(maxsize=1024)
def _topic_bytes(topic: str) -> bytes:
    return topic.encode("utf-8", "surrogatepass")


def row_content(originator: bytes, version: Any, topic: Any, state: Any) -> bytes:
    """The bytes a link covers for one stored event (all but its position)."""
    if type(version) is int and type(topic) is str and type(state) is bytes:
        topic_bytes = _topic_bytes(topic)
        if len(originator) == 16:  # every id we write: one struct for the fixed part
            return b"".join((_ID_VERSION_TOPIC.pack(16, originator, version, len(topic_bytes)),
                             topic_bytes, _U32.pack(len(state)), state))
        return b"".join((_U16.pack(len(originator)), originator,
                         _I64_U32.pack(version, len(topic_bytes)), topic_bytes,
                         _U32.pack(len(state)), state))
    # Only a hand-edited row has NULLs or values of another type: encode them distinctly.
    return b"".join((b"\xffirregular", _U16.pack(len(originator)), originator,
                     _tagged(version), _tagged(topic), _tagged(state)))


def row_digest(originator: bytes, version: Any, topic: Any, state: Any) -> bytes:
    return sha256(row_content(originator, version, topic, state)).digest()


def chain_link(previous: bytes, position: int, digest: bytes) -> bytes:
    """The link after ``previous`` for the row at ``position`` whose content has ``digest``."""
    return sha256(previous + _I64.pack(position) + digest).digest()


def link_row(previous: bytes, position: int, content: bytes) -> tuple[bytes, bytes]:
    """(digest, link) of one row's content."""
    digest = sha256(content).digest()
    return digest, sha256(previous + _I64.pack(position) + digest).digest()


def chain_link_v1(previous: bytes, position: int, content: bytes) -> bytes:
    """A link of chain version 1 (seals written before version 2 hold these)."""
    return sha256(previous + _I64.pack(position) + content).digest()


# --- stored rows, read through SQL ------------------------------------------------------

def select_rows(cursor: Any, is_sqlite: bool, table: str, after: int,
                stop: int | None = None, limit: int | None = None) -> list[StoredRow]:
    """Stored rows after ``after`` (up to ``stop``), in notification order."""
    params: list[int] = [after]
    if stop is not None:
        params.append(stop)
    if limit is not None:
        params.append(limit)
    cursor.execute(select_after(is_sqlite, table, stop=stop is not None,
                                limit=limit is not None), params)
    return [stored_row(raw) for raw in fetch_tuples(cursor)]


def stored_links(log: NotificationLog, store: ViewStore, after: int,
                 stop: int) -> list[tuple[int, bytes, bytes]]:
    """(position, digest, link) of the chain view in (after, stop]."""
    rows = log.query(f"SELECT position, digest, link FROM {store.table_name('links')} "
                     f"WHERE position > {log.mark} AND position <= {log.mark} "
                     "ORDER BY position", [after, stop])
    return [(int(p), d if type(d) is bytes else blob(d), k if type(k) is bytes else blob(k))
            for p, d, k in rows]


# --- the projection ---------------------------------------------------------------------

def events_table_of(store: ViewStore, cursor: Any) -> str | None:
    """The event table next to this view, or None (in-memory apps keep views apart)."""
    if not store.is_sqlite:
        return postgres_events_table(store.datastore.schema)
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                   [SQLITE_EVENTS])
    return SQLITE_EVENTS if cursor.fetchone() is not None else None


def chain_head(store: ViewStore, cursor: Any) -> tuple[int, bytes]:
    """The last (position, link) of the chain in this view (0 and GENESIS when empty)."""
    cursor.execute(f"SELECT position, link FROM {store.table_name('links')} "
                   "ORDER BY position DESC LIMIT 1")
    row = cursor.fetchone()
    if row is None:
        return 0, GENESIS
    values = tuple(row.values()) if isinstance(row, dict) else tuple(row)
    return int(values[0]), blob(values[1])


def tracked_position(store: ViewStore, cursor: Any) -> int:
    cursor.execute(f"SELECT MAX(notification_id) FROM {store.tracking_table}")
    row = cursor.fetchone()
    values = tuple(row.values()) if isinstance(row, dict) else tuple(row)
    return int(values[0] or 0)


class ChainProjection:
    """Keeps one link per stored event, in the event store's own database.

    It decodes nothing: the runner only advances its position, and ``finish`` (run in
    the same transaction as that position) links the stored rows up to it.
    """

    view = VIEW
    tables = (LINKS,)
    topics: frozenset[str] = frozenset()

    def apply(self, topic: str, originator_id: str, state: dict[str, Any],
              batch: Batch) -> None:
        raise AssertionError("the chain projection reads stored rows, not decoded events")

    def finish(self, store: ViewStore, cursor: Any, batch: Batch) -> None:
        extend(store, cursor)

    def finish_all(self, store: ViewStore) -> None:
        """After a bulk load (rebuild): link every row, then compare with the live chain."""
        while True:
            with store.transaction(commit=True) as cursor:
                linked = extend(store, cursor, limit=PAGE)
            if linked < PAGE:
                break
        check_against_active(store)


def extend(store: ViewStore, cursor: Any, limit: int | None = None) -> int:
    """Link the rows after the chain's head up to the tracked position; return how many."""
    table = events_table_of(store, cursor)
    if table is None:
        return 0
    position, link = chain_head(store, cursor)
    stop = tracked_position(store, cursor)
    if stop <= position:
        return 0
    rows = select_rows(cursor, store.is_sqlite, table, position, stop, limit)
    links = []
    for number, originator, version, topic, state in rows:
        digest, link = link_row(link, number, row_content(originator, version, topic, state))
        links.append((number, digest, link))
    if links:
        _check_legacy(store, cursor, position, links)
        cursor.executemany(store.sql(
            f"INSERT INTO {store.table_name('links')} (position, digest, link) "
            "VALUES (?, ?, ?)"), links)
    return len(links)


def _legacy_table(store: ViewStore, cursor: Any) -> str | None:
    """The links table of the version-1 chain in this database, if there is one."""
    cursor.execute(store.sql(f"SELECT generation FROM {store.registry_table} WHERE view = ?"),
                   [LEGACY_VIEW])
    row = cursor.fetchone()
    if row is None:
        return None
    generation = int(tuple(row.values())[0] if isinstance(row, dict) else row[0])
    name = ViewStore(store.datastore, LEGACY_VIEW, (LINKS,),
                     generation=generation).table_name("links")
    if store.is_sqlite:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
        present = cursor.fetchone() is not None
    else:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        present = bool(_first(cursor.fetchone()))
    return name if present else None


def _first(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def _check_legacy(store: ViewStore, cursor: Any, after: int,
                  links: list[tuple[int, bytes, bytes]]) -> None:
    """Refuse to link rows that differ from what the version-1 chain linked.

    Every row the old chain linked in (after, last linked now] must be there with the
    digest it had then, and no row may have appeared among them.
    """
    legacy = _legacy_table(store, cursor)
    if legacy is None:
        return
    cursor.execute(f"SELECT MAX(position) FROM {legacy}")
    legacy_head = int(_first(cursor.fetchone()) or 0)
    if after >= legacy_head:
        return
    cursor.execute(store.sql(f"SELECT position, digest FROM {legacy} "
                             "WHERE position > ? AND position <= ? ORDER BY position"),
                   [after, links[-1][0]])
    then = {int(p): blob(d) for p, d in (tuple(r.values()) if isinstance(r, dict) else r
                                         for r in cursor.fetchall())}
    now = {position: digest for position, digest, _ in links}
    for position in sorted(set(then) | {p for p in now if p <= legacy_head}):
        if then.get(position) != now.get(position):
            raise ChainError(
                f"Sự kiện số {position} khác với lúc chuỗi băm cũ (phiên bản 1) nối nó, hoặc "
                "chuỗi cũ không còn mắt xích của nó: không dựng chuỗi mới lên dữ liệu đã bị "
                "thay đổi. Hãy chạy «thidua audit verify»."
            )


def check_against_active(store: ViewStore) -> None:
    """Refuse to switch to a rebuilt chain that differs from the one reads use.

    A rebuild recomputes links from the rows as they are now; if a row was changed, the
    new chain would hide it. The differing position is named instead.
    """
    active = store.active_generation()
    if active is None or active == store.generation:
        return
    old = ViewStore(store.datastore, store.view, tuple(store.tables.values()),
                    generation=active).table_name("links")
    new = store.table_name("links")
    rows = store.fetchall(
        f"SELECT MIN(position) AS position FROM ("
        f" SELECT n.position FROM {new} n JOIN {old} o ON o.position = n.position"
        f"  WHERE o.link <> n.link"
        f" UNION ALL SELECT o.position FROM {old} o LEFT JOIN {new} n"
        f"  ON n.position = o.position WHERE n.position IS NULL"
        f"  AND o.position <= (SELECT MAX(position) FROM {new})) d")
    position = rows[0]["position"] if rows else None
    if position is not None:
        raise ChainError(
            f"Chuỗi băm dựng lại khác chuỗi đang dùng từ sự kiện số {position}: dữ liệu đã "
            "bị thay đổi sau khi nối chuỗi. Không chuyển sang chuỗi mới; hãy chạy "
            "«thidua audit verify»."
        )


def open_chain(app: ThiduaApplication) -> ViewStore | None:
    """The chain view reads use, or None for an in-memory store (it keeps no chain)."""
    if NotificationLog(app).backend == "memory":
        return None
    return open_view(app, ChainProjection())


def head_of(store: ViewStore) -> tuple[int, bytes]:
    with store.transaction(commit=False) as cursor:
        return chain_head(store, cursor)


