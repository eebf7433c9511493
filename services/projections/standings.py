"""Standings: scorecards per period, rolled up, classified and ranked.

The projection turns events into rows of a ``ViewStore``; the same code fills the live
tables and the in-memory database of a point-in-time replay. Ranking is done here in
Python from the aggregated rows, so every store ranks the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eventsourcing.utils import get_topic

from events.bloc import Bloc
from events.campaign import Campaign, classify
from events.errors import InvalidInputError
from events.periods import WEEKLY, Period, parse_period
from events.person import Person
from events.scorecard import Scorecard
from events.unit import Unit
from services.projections.viewstore import Batch, Table, ViewStore

VIEW = "standings"
CENT = Decimal(100)

TABLES = (
    Table(
        "scorecards",
        key=("scorecard_id",),
        columns=("campaign_id", "subject_id", "period", "period_start", "subject_kind",
                 "unit_id", "status", "self_cp", "total_cp", "self_scores", "scores",
                 "corrected"),
        types={"self_cp": "BIGINT", "total_cp": "BIGINT", "corrected": "INTEGER"},
        indexes=(("campaign_id", "subject_kind", "period_start"),),
    ),
    Table("subjects", key=("subject_id",), columns=("kind", "name", "code", "unit_id")),
    Table("blocs", key=("bloc_id",), columns=("code", "name")),
    Table("bloc_members", key=("unit_id",), columns=("bloc_id",)),
)


def to_cp(points: Decimal) -> int:
    """Points as integer hundredths: sums in SQL stay exact."""
    return int(points * CENT)


def from_cp(value: int | None) -> Decimal:
    return (Decimal(value or 0) / CENT).normalize() if value else Decimal(0)


def scores_json(scores: dict[str, Decimal]) -> str:
    return json.dumps({code: to_cp(points) for code, points in sorted(scores.items())})


class StandingsProjection:
    """Event handlers that write the standings view."""

    view = VIEW
    tables = TABLES

    def __init__(self) -> None:
        self.handlers: dict[type, Callable[[Any, Batch], None]] = {
            Unit.Registered: self.unit_registered,
            Unit.Renamed: self.unit_renamed,
            Person.Registered: self.person_registered,
            Person.Moved: self.person_moved,
            Bloc.Formed: self.bloc_formed,
            Bloc.UnitAdded: self.bloc_unit_added,
            Bloc.UnitRemoved: self.bloc_unit_removed,
            Scorecard.Opened: self.scorecard_opened,
            Scorecard.SelfAssessed: self.self_assessed,
            Scorecard.Reviewed: self.reviewed,
            Scorecard.Corrected: self.corrected,
        }
        self.topics = frozenset(get_topic(cls) for cls in self.handlers)

    def apply(self, event: Any, batch: Batch) -> None:
        self.handlers[type(event)](event, batch)

    # --- subjects and blocs -------------------------------------------------------------

    def unit_registered(self, e: Any, batch: Batch) -> None:
        batch.upsert("subjects", (str(e.originator_id),), {
            "kind": "collective", "name": e.name, "code": e.code,
            "unit_id": str(e.originator_id)})

    def unit_renamed(self, e: Any, batch: Batch) -> None:
        batch.update("subjects", (str(e.originator_id),), {"name": e.name})

    def person_registered(self, e: Any, batch: Batch) -> None:
        batch.upsert("subjects", (str(e.originator_id),), {
            "kind": "individual", "name": e.full_name, "code": None,
            "unit_id": str(e.unit_id)})

    def person_moved(self, e: Any, batch: Batch) -> None:
        batch.update("subjects", (str(e.originator_id),), {"unit_id": str(e.unit_id)})

    def bloc_formed(self, e: Any, batch: Batch) -> None:
        batch.upsert("blocs", (str(e.originator_id),), {"code": e.code, "name": e.name})
        for unit_id in e.unit_ids:
            batch.upsert("bloc_members", (str(unit_id),), {"bloc_id": str(e.originator_id)})

    def bloc_unit_added(self, e: Any, batch: Batch) -> None:
        batch.upsert("bloc_members", (str(e.unit_id),), {"bloc_id": str(e.originator_id)})

    def bloc_unit_removed(self, e: Any, batch: Batch) -> None:
        batch.delete("bloc_members", (str(e.unit_id),))

    # --- scorecards ---------------------------------------------------------------------

    def scorecard_opened(self, e: Any, batch: Batch) -> None:
        batch.upsert("scorecards", (str(e.originator_id),), {
            "campaign_id": str(e.campaign_id), "subject_id": str(e.subject_id),
            "period": e.period, "period_start": parse_period(e.period).start.isoformat(),
            "subject_kind": e.subject_kind, "unit_id": str(e.unit_id), "status": "open",
            "self_cp": None, "total_cp": None, "self_scores": None, "scores": None,
            "corrected": 0})

    def self_assessed(self, e: Any, batch: Batch) -> None:
        batch.update("scorecards", (str(e.originator_id),), {
            "status": "pending", "self_cp": sum(to_cp(v) for v in e.scores.values()),
            "self_scores": scores_json(e.scores)})

    def reviewed(self, e: Any, batch: Batch) -> None:
        batch.update("scorecards", (str(e.originator_id),), {
            "status": "reviewed", "total_cp": sum(to_cp(v) for v in e.scores.values()),
            "scores": scores_json(e.scores)})

    def corrected(self, e: Any, batch: Batch) -> None:
        batch.update("scorecards", (str(e.originator_id),), {
            "total_cp": sum(to_cp(v) for v in e.scores.values()),
            "scores": scores_json(e.scores), "corrected": 1})


# --- queries ----------------------------------------------------------------------------

@dataclass(frozen=True)
class StandingsQuery:
    campaign_id: str
    subject_kind: str
    period: Period


def resolve_query(campaign: Campaign, period: str, subject_kind: str | None) -> StandingsQuery:
    """Check the period against the campaign and pick the track it belongs to."""
    parsed = parse_period(period)
    if subject_kind is None:
        subject_kind = next(
            (t["subject_kind"] for t in campaign.tracks
             if (t["cadence"] == WEEKLY) == (parsed.kind == "week")),
            campaign.tracks[0]["subject_kind"],
        )
    track = campaign.track(subject_kind)
    if parsed.kind == "week" and track["cadence"] != WEEKLY:
        raise InvalidInputError(
            "Đối tượng này chấm điểm hằng tháng: không xem xếp hạng theo tuần.", "period")
    campaign.check_period_within(parsed)
    return StandingsQuery(str(campaign.id), subject_kind, parsed)


def _ranked_cte(store: ViewStore) -> str:
    """Totals per subject over the period, ranked by SQL window functions.

    Ties share a rank and the next rank skips (RANK: 1, 2, 2, 4). Subjects with only
    self-assessed cards are in their own partition and get no rank.
    """
    t = store.table_name
    return f"""
        WITH g AS (
            SELECT subject_id,
                   SUM(CASE WHEN status = 'reviewed' THEN total_cp ELSE 0 END) AS total_cp,
                   SUM(CASE WHEN status = 'reviewed' THEN 1 ELSE 0 END) AS reviewed,
                   SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,
                   MAX(unit_id) AS unit_id
            FROM {t('scorecards')}
            WHERE campaign_id = ? AND subject_kind = ? AND period_start >= ?
              AND period_start <= ? AND status IN ('reviewed', 'pending')
            GROUP BY subject_id
        ), r AS (
            SELECT g.*, m.bloc_id,
                   CASE WHEN g.reviewed > 0 THEN 1 ELSE 0 END AS ranked,
                   RANK() OVER (PARTITION BY CASE WHEN g.reviewed > 0 THEN 1 ELSE 0 END
                                ORDER BY g.total_cp DESC) AS rank_all,
                   RANK() OVER (PARTITION BY CASE WHEN g.reviewed > 0 THEN 1 ELSE 0 END,
                                g.unit_id ORDER BY g.total_cp DESC) AS rank_unit,
                   RANK() OVER (PARTITION BY CASE WHEN g.reviewed > 0 THEN 1 ELSE 0 END,
                                m.bloc_id ORDER BY g.total_cp DESC) AS rank_bloc,
                   COUNT(*) OVER () AS row_count
            FROM g LEFT JOIN {t('bloc_members')} m ON m.unit_id = g.unit_id
        )"""


def _params(q: StandingsQuery) -> list[Any]:
    return [q.campaign_id, q.subject_kind, q.period.start.isoformat(), q.period.end.isoformat()]


def _page_rows(store: ViewStore, q: StandingsQuery, limit: int | None,
               offset: int) -> list[Any]:
    t = store.table_name
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return store.fetchall(
        _ranked_cte(store) + f"""
        SELECT r.subject_id, r.total_cp, r.reviewed, r.pending, r.unit_id, r.ranked,
               r.rank_all, r.rank_unit, r.rank_bloc, r.row_count,
               s.name AS subject_name, u.code AS unit_code, u.name AS unit_name,
               b.code AS bloc_code, b.name AS bloc_name
        FROM r
        LEFT JOIN {t('subjects')} s ON s.subject_id = r.subject_id
        LEFT JOIN {t('subjects')} u ON u.subject_id = r.unit_id
        LEFT JOIN {t('blocs')} b ON b.bloc_id = r.bloc_id
        ORDER BY r.ranked DESC, r.rank_all, s.name, r.subject_id{page}""",
        _params(q),
    )


def _bloc_leaders(store: ViewStore, q: StandingsQuery) -> dict[str, list[str]]:
    rows = store.fetchall(
        _ranked_cte(store) + f"""
        SELECT b.code AS bloc_code, r.subject_id FROM r
        JOIN {store.table_name('blocs')} b ON b.bloc_id = r.bloc_id
        WHERE r.ranked = 1 AND r.rank_bloc = 1
        ORDER BY b.code, r.subject_id""",
        _params(q),
    )
    leaders: dict[str, list[str]] = {}
    for row in rows:
        leaders.setdefault(row["bloc_code"], []).append(row["subject_id"])
    return leaders


def _criterion_sums(store: ViewStore, q: StandingsQuery,
                    subjects: list[str]) -> dict[str, dict[str, Decimal]]:
    """Per-criterion totals of the given subjects over the period."""
    if not subjects:
        return {}
    each = ("json_each(c.scores) j" if store.is_sqlite
            else "jsonb_each_text(c.scores::jsonb) j")
    value = "j.value" if store.is_sqlite else "j.value::bigint"
    sums: dict[str, dict[str, Decimal]] = {}
    for start in range(0, len(subjects), 500):
        chunk = subjects[start:start + 500]
        rows = store.fetchall(
            f"""
            SELECT c.subject_id, j.key AS criterion, SUM({value}) AS cp
            FROM {store.table_name('scorecards')} c, {each}
            WHERE c.campaign_id = ? AND c.subject_kind = ? AND c.period_start >= ?
              AND c.period_start <= ? AND c.status = 'reviewed'
              AND c.subject_id IN ({', '.join('?' for _ in chunk)})
            GROUP BY c.subject_id, j.key
            """,
            [*_params(q), *chunk],
        )
        for row in rows:
            sums.setdefault(row["subject_id"], {})[row["criterion"]] = from_cp(int(row["cp"]))
    return sums


def standings(store: ViewStore, campaign: Campaign, q: StandingsQuery, *,
              limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """Ranked rows of one campaign, track and period (a scoring period or a roll-up).

    ``limit``/``offset`` page the rows (ranked first, then pending); ranks are always
    computed over every subject.
    """
    thresholds = campaign.track(q.subject_kind)["thresholds"]
    rows = _page_rows(store, q, limit, offset)
    criteria = _criterion_sums(store, q, [row["subject_id"] for row in rows])
    items: list[dict[str, Any]] = []
    for row in rows:
        reviewed = int(row["reviewed"] or 0)
        total = from_cp(int(row["total_cp"] or 0))
        average = (total / reviewed).quantize(Decimal("0.01")).normalize() if reviewed else None
        ranked = bool(reviewed)
        items.append({
            "subject_id": row["subject_id"],
            "subject_name": row["subject_name"],
            "unit_id": row["unit_id"],
            "unit_code": row["unit_code"],
            "unit_name": row["unit_name"],
            "bloc_code": row["bloc_code"],
            "bloc_name": row["bloc_name"],
            "periods_counted": reviewed,
            "periods_pending": int(row["pending"] or 0),
            "total": total,
            "average": average,
            "criteria": criteria.get(row["subject_id"], {}),
            "classification": classify(average, thresholds) if average is not None else None,
            "status": "ranked" if ranked else "pending",
            "rank": int(row["rank_all"]) if ranked else None,
            "unit_rank": int(row["rank_unit"]) if ranked else None,
            "bloc_rank": int(row["rank_bloc"]) if ranked and row["bloc_code"] else None,
        })
    return {
        "campaign_id": q.campaign_id,
        "subject_kind": q.subject_kind,
        "period": q.period.label,
        "period_start": q.period.start,
        "period_end": q.period.end,
        "total_rows": int(rows[0]["row_count"]) if rows else (
            0 if offset == 0 else _count(store, q)),
        "offset": offset,
        "rows": items,
        "bloc_leaders": _bloc_leaders(store, q),
    }


def _count(store: ViewStore, q: StandingsQuery) -> int:
    rows = store.fetchall(_ranked_cte(store) + " SELECT COUNT(*) AS n FROM r", _params(q))
    return int(rows[0]["n"])
