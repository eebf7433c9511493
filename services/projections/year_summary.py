"""Year summary view: what a unit's Báo cáo tổng kết counts (issue 16).

The campaigns launched (movement, number, issuer, dates), the registrations for them,
the Báo cáo điển hình tiên tiến issued, the dossiers and nominations put forward with
their achievement year, and the decisions with their award's name and their collectives
and individuals counted: one row each, so that a year of 100,000 awards is summed in SQL
over a unit's subtree instead of loading every aggregate of the year.

A view of its own rather than more tables in the reports view: a store that had the
reports view before fills this one from position 0 as the worker starts, with no rebuild.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from events.award_form import entry_of_snapshot
from events.campaign import Campaign, movement_of
from events.decision import AwardDecision
from events.dossier import Dossier
from events.nomination import Nomination
from events.paper import Paper
from events.registration import Registration
from events.rules import COLLECTIVE, INDIVIDUAL
from events.unit import Unit
from services.projections.handlers import Handler, HandlerProjection, stored_value
from services.projections.log import uuid_text
from services.projections.viewstore import Batch, Table, ViewStore

VIEW = "year_summary"
EXEMPLAR = "bao_cao_dien_hinh"
ISSUED, REVOKED = "issued", "revoked"

TABLES = (
    Table("units", key=("unit_id",), columns=("parent_id",), indexes=(("parent_id",),)),
    Table("campaigns", key=("campaign_id",),
          columns=("issuer_unit_id", "start", "end_on", "movement", "number", "launched_at"),
          indexes=(("issuer_unit_id",),)),
    Table("registrations", key=("registration_id",),
          columns=("campaign_id", "subject_kind", "registered_on"),
          indexes=(("campaign_id", "registered_on"),)),
    Table("exemplars", key=("paper_id",),
          columns=("issuer_unit_id", "number", "issued_on", "title", "issued_at"),
          indexes=(("issued_on",),)),
    Table("dossiers", key=("dossier_id",), columns=("submitting_unit_id", "year", "nominees"),
          types={"year": "INTEGER", "nominees": "INTEGER"},
          indexes=(("year", "submitting_unit_id"),)),
    Table("nominations", key=("nomination_id",), columns=("unit_id", "year"),
          types={"year": "INTEGER"}, indexes=(("year", "unit_id"),)),
    Table("decisions", key=("decision_id",),
          columns=("issuer_unit_id", "status", "number", "issued_on", "award_name",
                   "collectives", "individuals"),
          types={"collectives": "INTEGER", "individuals": "INTEGER"},
          indexes=(("issued_on",),)),
)

def _kinds(recipients: list[dict[str, Any]]) -> dict[str, int]:
    """A decision's subjects: individuals, and collectives (any other kind, as counted)."""
    individuals = sum(r["subject_kind"] == INDIVIDUAL for r in recipients)
    return {"collectives": len(recipients) - individuals, "individuals": individuals}


class YearSummaryProjection(HandlerProjection):
    """Event handlers that write the year summary view."""

    view = VIEW
    tables = TABLES

    def __init__(self) -> None:
        d = AwardDecision
        self.handlers: dict[str, Handler] = {
            get_topic(cls): handler for cls, handler in [
                (Unit.Registered, self.unit_registered),
                (Campaign.Launched, self.campaign_launched),
                (Campaign.Revised, self.campaign_revised),
                (Registration.Registered, self.registered),
                (Paper.Issued, self.paper_issued),
                (Dossier.Created, self.dossier_created),
                (Nomination.Submitted, self.nomination_submitted),
                (d.Drafted, self.drafted),
                (d.Issued, self.issued),
                (d.Revoked, self.revoked),
            ]
        }
        self.topics = frozenset(self.handlers)

    def unit_registered(self, unit_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("units", (unit_id,), {"parent_id": uuid_text(e["parent_id"])})

    @staticmethod
    def _campaign(e: dict[str, Any]) -> dict[str, Any]:
        return {"issuer_unit_id": uuid_text(e["issuer_unit_id"]), "start": stored_value(e["start"]),
                "end_on": stored_value(e["end"]),
                "movement": e.get("movement") or movement_of(e["title"]),
                "number": e["number"] or ""}

    def campaign_launched(self, campaign_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("campaigns", (campaign_id,),
                     {**self._campaign(e), "launched_at": stored_value(e["timestamp"])})

    def campaign_revised(self, campaign_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("campaigns", (campaign_id,), self._campaign(e))

    def registered(self, registration_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("registrations", (registration_id,), {
            "campaign_id": uuid_text(e["campaign_id"]), "subject_kind": e["subject_kind"],
            "registered_on": stored_value(e["registered_on"])})

    def paper_issued(self, paper_id: str, e: dict[str, Any], batch: Batch) -> None:
        if e["kind"] != EXEMPLAR:
            return
        batch.upsert("exemplars", (paper_id,), {
            "issuer_unit_id": uuid_text(e["issuer_unit_id"]), "number": e["number"],
            "issued_on": stored_value(e["issued_on"]), "title": e["title"],
            "issued_at": stored_value(e["timestamp"])})

    def dossier_created(self, dossier_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("dossiers", (dossier_id,), {
            "submitting_unit_id": uuid_text(e["submitting_unit_id"]), "year": e["year"],
            "nominees": len(e["nominees"])})

    def nomination_submitted(self, nomination_id: str, e: dict[str, Any],
                             batch: Batch) -> None:
        batch.upsert("nominations", (nomination_id,),
                     {"unit_id": uuid_text(e["unit_id"]), "year": e["year"]})

    def drafted(self, decision_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("decisions", (decision_id,), {
            "issuer_unit_id": uuid_text(e["issuer_unit_id"]), "status": "draft",
            "number": None, "issued_on": None,
            "award_name": entry_of_snapshot(e["award"], e.get("form")).name,
            **_kinds(e["recipients"])})

    def issued(self, decision_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("decisions", (decision_id,), {
            "status": ISSUED, "number": e["number"], "issued_on": stored_value(e["issued_on"]),
            **_kinds(e["recipients"])})

    def revoked(self, decision_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("decisions", (decision_id,), {"status": REVOKED})


# --- queries ----------------------------------------------------------------------------

def _tree(store: ViewStore) -> str:
    """The WITH clause naming the unit (the first parameter) and every unit under it."""
    return (f"WITH RECURSIVE tree(unit_id) AS (SELECT ? UNION ALL SELECT u.unit_id FROM "
            f"{store.table_name('units')} u JOIN tree t ON u.parent_id = t.unit_id) ")


def year_figures(store: ViewStore, unit_id: str, start: str, end: str,
                 year: int) -> dict[str, Any]:
    """The rows and counts of a unit's subtree in the calendar year from ``start`` to
    ``end`` (ISO days): campaigns running in it with their registrations up to ``end``
    (in the order they were launched), the Báo cáo điển hình issued in it, the dossiers
    and nominations of the achievement year ``year``, and the decisions issued in it
    (revoked ones apart), in date and number order."""
    name = store.table_name
    tree = _tree(store)
    with store.reading():
        campaigns = store.fetchall(
            f"""{tree}SELECT c.campaign_id, c.movement, c.number,
                       COALESCE(SUM(CASE WHEN r.subject_kind = ? THEN 1 ELSE 0 END), 0)
                           AS collectives,
                       COALESCE(SUM(CASE WHEN r.subject_kind = ? THEN 1 ELSE 0 END), 0)
                           AS individuals
                FROM {name('campaigns')} c
                LEFT JOIN {name('registrations')} r
                    ON r.campaign_id = c.campaign_id AND r.registered_on <= ?
                WHERE c.issuer_unit_id IN (SELECT unit_id FROM tree)
                  AND c.start <= ? AND c.end_on >= ?
                GROUP BY c.campaign_id, c.movement, c.number, c.launched_at
                ORDER BY c.launched_at, c.campaign_id""",
            [unit_id, COLLECTIVE, INDIVIDUAL, end, end, start])
        exemplars = store.fetchall(
            f"""{tree}SELECT p.number, p.issued_on, p.title FROM {name('exemplars')} p
                WHERE p.issued_on BETWEEN ? AND ?
                  AND p.issuer_unit_id IN (SELECT unit_id FROM tree)
                ORDER BY p.issued_on, p.issued_at, p.paper_id""", [unit_id, start, end])
        dossiers = store.fetchall(
            f"""{tree}SELECT COUNT(*) AS dossiers, COALESCE(SUM(d.nominees), 0) AS nominees
                FROM {name('dossiers')} d
                WHERE d.year = ? AND d.submitting_unit_id IN (SELECT unit_id FROM tree)""",
            [unit_id, year])[0]
        nominations = store.fetchall(
            f"""{tree}SELECT COUNT(*) AS nominations FROM {name('nominations')} n
                WHERE n.year = ? AND n.unit_id IN (SELECT unit_id FROM tree)""",
            [unit_id, year])[0]
        decisions = store.fetchall(
            f"""{tree}SELECT d.status, d.number, d.issued_on, d.award_name, d.collectives,
                       d.individuals
                FROM {name('decisions')} d
                WHERE d.status IN (?, ?) AND d.issued_on BETWEEN ? AND ?
                  AND d.issuer_unit_id IN (SELECT unit_id FROM tree)
                ORDER BY d.issued_on, d.number""", [unit_id, ISSUED, REVOKED, start, end])
    return {
        "campaigns": [{"campaign_id": c["campaign_id"], "movement": c["movement"],
                       "number": c["number"],
                       "collectives": int(c["collectives"]),
                       "individuals": int(c["individuals"])} for c in campaigns],
        "exemplars": [dict(p) for p in exemplars],
        "dossiers": int(dossiers["dossiers"]), "dossier_nominees": int(dossiers["nominees"]),
        "nominations": int(nominations["nominations"]),
        "decisions": [dict(d) for d in decisions if d["status"] == ISSUED],
        "revoked": [d["number"] or "" for d in decisions if d["status"] == REVOKED],
    }


def launched_by(store: ViewStore, unit_id: str) -> list[str]:
    """The numbers of the campaigns a unit launched (its Kế hoạch symbols), in the order
    they were launched."""
    rows = store.fetchall(f"SELECT number FROM {store.table_name('campaigns')} "
                          "WHERE issuer_unit_id = ? ORDER BY launched_at, campaign_id",
                          [unit_id])
    return [row["number"] for row in rows]
