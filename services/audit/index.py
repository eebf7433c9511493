"""The event browser: an index of every event (time, actor, type, unit, campaign) and queries.

The runner hands a projection decoded events without their notification ids, so the
projection stages the decoded fields in page order and, in the same transaction
(``finish``, or ``finish_all`` after a bulk rebuild), pairs them with the stored rows'
ids and versions, which it reads itself. In-memory stores keep no index: queries scan
their log instead (same filters, same fields).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import IntegrityError

from services.app import ThiduaApplication
from services.audit.chain import events_table_of
from services.audit.history import event_type_of
from services.projections.log import (
    NotificationLog,
    fetch_tuples,
    originator_bytes,
    select_after,
)
from services.projections.viewstore import Batch, Table, ViewStore

VIEW = "audit_index"
PAGE = 5000
TABLES = (
    Table("events", key=("position",),
          columns=("originator_id", "version", "event_type", "occurred_at", "actor"),
          types={"position": "BIGINT", "version": "BIGINT"},
          indexes=(("originator_id", "version"), ("actor", "position"),
                   ("event_type", "position"), ("occurred_at", "position"))),
    Table("aggregates", key=("originator_id",), columns=("kind", "unit_id", "campaign_id"),
          indexes=(("unit_id",), ("campaign_id",))),
    # Decoded fields waiting for their notification id (within one transaction, or
    # until the end of a rebuild).
    Table("staged", key=("seq",), columns=("originator_id", "topic", "occurred_at", "actor"),
          types={"seq": "BIGINT"}),
)


class EveryTopic(frozenset[str]):
    """The index takes every event, including types added after it was written."""

    def __contains__(self, item: object) -> bool:
        return True


def _typed(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("_data_")
    return value.replace("-", "") if isinstance(value, str) and value else None


UNKNOWN_TIME = "0001-01-01T00:00:00.000000"  # an event whose time cannot be read


def occurred_at(state: dict[str, Any]) -> str:
    """The event's time as sortable UTC text (``2020-01-15T03:04:05.000006``). Every stored
    row is indexed, even one whose time cannot be read (it sorts first)."""
    try:
        moment = datetime.fromisoformat(state["timestamp"]["_data_"])
    except (KeyError, TypeError, ValueError):
        return UNKNOWN_TIME
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def utc_text(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Fields:
    event_type: str
    kind: str
    occurred_at: str
    actor: str | None
    creates: bool
    unit_id: str | None
    campaign_id: str | None


def index_fields(topic: str, originator_id: str, state: dict[str, Any]) -> Fields:
    """What the index keeps of one event (``originator_id`` as 32 hex digits)."""
    event_type = event_type_of(topic)
    kind = event_type.partition(".")[0]
    unit = _typed(state.get("unit_id")) or _typed(state.get("issuer_unit_id"))
    campaign = _typed(state.get("campaign_id"))
    if kind == "Unit":
        unit = originator_id
    elif kind == "Campaign":
        campaign = originator_id
    actor = state.get("actor")
    return Fields(event_type, kind, occurred_at(state), actor if isinstance(actor, str) else None,
                  "originator_topic" in state, unit, campaign)


class AuditIndexProjection:
    """Writes the ``audit_index`` view: one row per event, one per aggregate."""

    view = VIEW
    tables = TABLES
    topics: frozenset[str] = EveryTopic()

    def __init__(self) -> None:
        self._seq = itertools.count(1)

    def apply(self, topic: str, originator_id: str, state: dict[str, Any],
              batch: Batch) -> None:
        fields = index_fields(topic, originator_id, state)
        batch.upsert("staged", (next(self._seq),), {
            "originator_id": originator_id, "topic": topic,
            "occurred_at": fields.occurred_at, "actor": fields.actor})
        if fields.creates:
            batch.upsert("aggregates", (originator_id,), {
                "kind": fields.kind, "unit_id": fields.unit_id,
                "campaign_id": fields.campaign_id})
        elif fields.unit_id and fields.kind not in ("Unit", "Bloc"):
            batch.update("aggregates", (originator_id,), {"unit_id": fields.unit_id})

    def finish(self, store: ViewStore, cursor: Any, batch: Batch) -> None:
        resolve(store, cursor)

    def finish_all(self, store: ViewStore) -> None:
        while True:
            with store.transaction(commit=True) as cursor:
                done = resolve(store, cursor, limit=PAGE)
            if done < PAGE:
                break
        store.create_indexes()


def resolve(store: ViewStore, cursor: Any, limit: int | None = None) -> int:
    """Pair staged fields with the stored rows that follow the index; return how many."""
    staged_table = store.table_name("staged")
    cursor.execute(
        f"SELECT seq, originator_id, topic, occurred_at, actor FROM {staged_table} "
        "ORDER BY seq" + (f" LIMIT {int(limit)}" if limit else ""))
    staged = fetch_tuples(cursor)
    if not staged:
        return 0
    table = events_table_of(store, cursor)
    if table is None:  # an in-memory store: its log is scanned instead
        cursor.execute(f"DELETE FROM {staged_table}")
        return 0
    cursor.execute(f"SELECT MAX(position) FROM {store.table_name('events')}")
    head = fetch_tuples(cursor)[0][0] or 0
    cursor.execute(select_after(store.is_sqlite, table, stop=False, limit=True,
                                columns="originator_id, originator_version, topic"),
                   [head, len(staged)])
    rows = fetch_tuples(cursor)
    if len(rows) != len(staged):
        raise IntegrityError(f"audit index: {len(staged)} staged events, {len(rows)} rows")
    values = []
    for (_, originator, topic, moment, actor), (position, stored_id, version, stored_topic) \
            in zip(staged, rows, strict=True):
        if stored_topic != topic or originator_bytes(stored_id) != originator_bytes(originator):
            raise IntegrityError(f"audit index out of step at notification {position}")
        values.append((position, originator, version, event_type_of(topic), moment, actor))
    cursor.executemany(store.sql(
        f"INSERT INTO {store.table_name('events')} (position, originator_id, version, "
        "event_type, occurred_at, actor) VALUES (?, ?, ?, ?, ?, ?)"), values)
    cursor.execute(store.sql(f"DELETE FROM {staged_table} WHERE seq <= ?"), [staged[-1][0]])
    return len(values)


# --- queries ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventQuery:
    start: str | None = None  # UTC text, inclusive
    end: str | None = None  # UTC text, exclusive
    actor: str | None = None
    unit_id: str | None = None  # 32 hex digits
    campaign_id: str | None = None
    event_type: str | None = None
    aggregate_id: str | None = None
    cursor: int | None = None  # continue after this position
    descending: bool = True
    limit: int = 50


@dataclass(frozen=True)
class IndexRow:
    position: int
    originator_id: str
    version: int
    event_type: str
    occurred_at: str
    actor: str | None
    unit_id: str | None
    campaign_id: str | None


def query_index(store: ViewStore, q: EventQuery) -> list[IndexRow]:
    """Up to ``q.limit + 1`` rows (the extra one tells there is a next page)."""
    events, aggregates = store.table_name("events"), store.table_name("aggregates")
    where, params = [], []
    for clause, value in (("e.occurred_at >= ?", q.start), ("e.occurred_at < ?", q.end),
                          ("e.actor = ?", q.actor), ("e.event_type = ?", q.event_type),
                          ("a.unit_id = ?", q.unit_id), ("a.campaign_id = ?", q.campaign_id),
                          ("e.originator_id = ?", q.aggregate_id)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if q.cursor is not None:
        where.append("e.position < ?" if q.descending else "e.position > ?")
        params.append(q.cursor)
    rows = store.fetchall(
        f"SELECT e.position, e.originator_id, e.version, e.event_type, e.occurred_at, "
        f"e.actor, a.unit_id, a.campaign_id FROM {events} e "
        f"LEFT JOIN {aggregates} a ON a.originator_id = e.originator_id"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY e.position {'DESC' if q.descending else 'ASC'} LIMIT {int(q.limit) + 1}",
        params)
    return [IndexRow(int(r["position"]), r["originator_id"], int(r["version"]),
                     r["event_type"], r["occurred_at"], r["actor"], r["unit_id"],
                     r["campaign_id"]) for r in rows]


def positions_of(store: ViewStore, originator_hex: str) -> dict[int, int]:
    """Version → notification id of one aggregate's events."""
    rows = store.fetchall(
        f"SELECT version, position FROM {store.table_name('events')} WHERE originator_id = ?",
        [originator_hex])
    return {int(r["version"]): int(r["position"]) for r in rows}


def indexed_to(store: ViewStore) -> int:
    rows = store.fetchall(f"SELECT MAX(position) AS p FROM {store.table_name('events')}")
    return int(rows[0]["p"] or 0)


def scan_log(app: ThiduaApplication, q: EventQuery) -> list[IndexRow]:
    """The same query by reading the whole log (in-memory stores keep no index)."""
    log = NotificationLog(app)
    aggregates: dict[str, tuple[str | None, str | None]] = {}
    found: list[IndexRow] = []
    after = 0
    while rows := log.rows(after, PAGE):
        for position, originator, version, topic, state in rows:
            hex_id = originator.hex()
            fields = index_fields(topic, hex_id, log.decode(state))
            unit, campaign = aggregates.get(hex_id, (None, None))
            if fields.creates:
                unit, campaign = fields.unit_id, fields.campaign_id
            elif fields.unit_id and fields.kind not in ("Unit", "Bloc"):
                unit = fields.unit_id
            aggregates[hex_id] = (unit, campaign)
            found.append(IndexRow(position, hex_id, version, fields.event_type,
                                  fields.occurred_at, fields.actor, unit, campaign))
        after = rows[-1][0]
    # Units and campaigns are those of the aggregate now, as in the index.
    found = [IndexRow(r.position, r.originator_id, r.version, r.event_type, r.occurred_at,
                      r.actor, *aggregates[r.originator_id]) for r in found]
    return _select_rows(found, q)


def _select_rows(rows: Iterable[IndexRow], q: EventQuery) -> list[IndexRow]:
    chosen = [
        r for r in rows
        if (q.start is None or r.occurred_at >= q.start)
        and (q.end is None or r.occurred_at < q.end)
        and (q.actor is None or r.actor == q.actor)
        and (q.event_type is None or r.event_type == q.event_type)
        and (q.unit_id is None or r.unit_id == q.unit_id)
        and (q.campaign_id is None or r.campaign_id == q.campaign_id)
        and (q.aggregate_id is None or r.originator_id == q.aggregate_id)
        and (q.cursor is None or (r.position < q.cursor if q.descending
                                  else r.position > q.cursor))
    ]
    chosen.sort(key=lambda r: r.position, reverse=q.descending)
    return chosen[: q.limit + 1]
