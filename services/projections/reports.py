"""Reports view: what the statistical forms and the award fund ledger count.

Issued decisions with their recipients (the catalogue form's legal category and award
system as the decision recorded them), the route of each nomination (thường xuyên,
chuyên đề, đột xuất), the unit tree (for rolling sub-units up) and the campaigns launched.
Queries group in SQL over an index on the decision's status and date, so a year of 100,000
awards is counted without reading the event log.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from eventsourcing.utils import get_topic

from events.award_form import entry_of_snapshot
from events.campaign import Campaign
from events.decision import AwardDecision
from events.nomination import Nomination
from events.unit import Unit
from services.projections.handlers import Handler, HandlerProjection, stored_value
from services.projections.log import uuid_text
from services.projections.viewstore import Batch, Table, ViewStore

VIEW = "reports"
ISSUED, REVOKED = "issued", "revoked"

TABLES = (
    Table("units", key=("unit_id",), columns=("parent_id",), indexes=(("parent_id",),)),
    Table("decisions", key=("decision_id",),
          columns=("award", "category", "system", "issuer_unit_id", "status", "number",
                   "issued_on", "revoked_on", "total"),
          types={"total": "BIGINT"},
          indexes=(("status", "issued_on"), ("revoked_on",))),
    Table("recipients", key=("decision_id", "subject_id"),
          columns=("nomination_id", "subject_kind", "unit_id", "prize"),
          types={"prize": "BIGINT"}),
    Table("routes", key=("nomination_id",), columns=("route",)),
    Table("campaigns", key=("campaign_id",), columns=("issuer_unit_id", "start", "end_on"),
          indexes=(("start",),)),
)

def _money(value: Any) -> int:
    return int(Decimal(stored_value(value) or 0))


class ReportsProjection(HandlerProjection):
    """Event handlers that write the reports view."""

    view = VIEW
    tables = TABLES

    def __init__(self) -> None:
        d = AwardDecision
        self.handlers: dict[str, Handler] = {
            get_topic(cls): handler for cls, handler in [
                (Unit.Registered, self.unit_registered),
                (Campaign.Launched, self.campaign_launched),
                (Campaign.Revised, self.campaign_launched),  # issuer and dates may change
                (Nomination.Submitted, self.nomination_submitted),
                (d.Drafted, self.drafted),
                (d.Issued, self.issued),
                (d.Revoked, self.revoked),
            ]
        }
        self.topics = frozenset(self.handlers)

    def unit_registered(self, unit_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("units", (unit_id,), {"parent_id": uuid_text(e["parent_id"])})

    def campaign_launched(self, campaign_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("campaigns", (campaign_id,), {
            "issuer_unit_id": uuid_text(e["issuer_unit_id"]), "start": stored_value(e["start"]),
            "end_on": stored_value(e["end"])})

    def nomination_submitted(self, nomination_id: str, e: dict[str, Any],
                             batch: Batch) -> None:
        batch.upsert("routes", (nomination_id,), {"route": e["route"]})

    def drafted(self, decision_id: str, e: dict[str, Any], batch: Batch) -> None:
        entry = entry_of_snapshot(e["award"], e.get("form"))
        batch.upsert("decisions", (decision_id,), {
            "award": e["award"], "category": entry.category, "system": entry.system,
            "issuer_unit_id": uuid_text(e["issuer_unit_id"]), "status": "draft",
            "number": None, "issued_on": None, "revoked_on": None, "total": 0})
        self._recipients(decision_id, e["recipients"], batch)

    def issued(self, decision_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("decisions", (decision_id,), {
            "status": ISSUED, "number": e["number"], "issued_on": stored_value(e["issued_on"]),
            "total": _money(e["total"])})
        self._recipients(decision_id, e["recipients"], batch)

    def revoked(self, decision_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("decisions", (decision_id,),
                     {"status": REVOKED, "revoked_on": stored_value(e["revoked_on"])})

    @staticmethod
    def _recipients(decision_id: str, recipients: list[dict[str, Any]], batch: Batch) -> None:
        for r in recipients:
            batch.upsert("recipients", (decision_id, uuid_text(r["subject_id"])), {
                "nomination_id": uuid_text(r["nomination_id"]),
                "subject_kind": r["subject_kind"], "unit_id": uuid_text(r["unit_id"]),
                "prize": _money(r.get("prize"))})


# --- queries ----------------------------------------------------------------------------

def _subtree(store: ViewStore, unit_id: str | None, column: str) -> tuple[str, str, list[Any]]:
    """The WITH clause and the condition limiting ``column`` to the unit and every unit
    under it (nothing when ``unit_id`` is None: the whole organisation)."""
    if unit_id is None:
        return "", "", []
    units = store.table_name("units")
    return (f"WITH RECURSIVE tree(unit_id) AS (SELECT ? UNION ALL SELECT u.unit_id FROM "
            f"{units} u JOIN tree t ON u.parent_id = t.unit_id) ",
            f" AND {column} IN (SELECT unit_id FROM tree)", [unit_id])


def award_counts(store: ViewStore, start: str, end: str, unit_id: str | None,
                 systems: Sequence[str]) -> list[dict[str, Any]]:
    """Awards of issued decisions (not revoked) dated from ``start`` to ``end`` (ISO days)
    whose recipients belong to the unit's subtree, counted per legal category, kind of
    subject and route."""
    if not systems:
        return []
    d, r, n = (store.table_name(t) for t in ("decisions", "recipients", "routes"))
    tree, inside, params = _subtree(store, unit_id, "r.unit_id")
    marks = ", ".join("?" for _ in systems)
    rows = store.fetchall(
        f"""{tree}SELECT d.category, r.subject_kind, n.route, COUNT(*) AS awards
            FROM {d} d JOIN {r} r ON r.decision_id = d.decision_id
            LEFT JOIN {n} n ON n.nomination_id = r.nomination_id
            WHERE d.status = ? AND d.issued_on BETWEEN ? AND ? AND d.system IN ({marks}){inside}
            GROUP BY d.category, r.subject_kind, n.route""",
        [*params, ISSUED, start, end, *systems])
    return [{"category": row["category"], "subject_kind": row["subject_kind"],
             "route": row["route"], "awards": int(row["awards"])} for row in rows]


def ledger_decisions(store: ViewStore, start: str, end: str,
                     unit_id: str | None) -> list[dict[str, Any]]:
    """Decisions issued or revoked from ``start`` to ``end`` by the unit or one under it,
    with their prize money."""
    d = store.table_name("decisions")
    tree, inside, params = _subtree(store, unit_id, "d.issuer_unit_id")
    rows = store.fetchall(
        f"""{tree}SELECT d.decision_id, d.number, d.award, d.system, d.issuer_unit_id,
                   d.issued_on, d.revoked_on, d.total
            FROM {d} d
            WHERE d.status IN (?, ?) AND (d.issued_on BETWEEN ? AND ?
                                          OR d.revoked_on BETWEEN ? AND ?){inside}
            ORDER BY d.issued_on, d.number""",
        [*params, ISSUED, REVOKED, start, end, start, end])
    return [dict(row) for row in rows]


def root_units(store: ViewStore) -> list[str]:
    """The units with none above them (read here, not by loading every unit)."""
    rows = store.fetchall(f"SELECT unit_id FROM {store.table_name('units')} "
                          "WHERE parent_id IS NULL")
    return [row["unit_id"] for row in rows]


def launched_campaigns(store: ViewStore, start: str, end: str,
                       unit_id: str | None) -> list[dict[str, Any]]:
    """Campaigns starting from ``start`` to ``end`` launched by the unit or one under it."""
    c = store.table_name("campaigns")
    tree, inside, params = _subtree(store, unit_id, "c.issuer_unit_id")
    rows = store.fetchall(
        f"{tree}SELECT c.campaign_id, c.start, c.end_on FROM {c} c "
        f"WHERE c.start BETWEEN ? AND ?{inside}", [*params, start, end])
    return [dict(row) for row in rows]
