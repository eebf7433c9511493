"""Awards views: the nomination board, the award history (tra cứu) and quota usage.

Handlers take the aggregate id and the event's stored JSON state (typed values stay
``{"_type_": …, "_data_": …}``), as the standings projection does. Ballots are not
projected at all: a secret ballot's only published figures are the counts its
nomination records (``Nomination.VotesCounted``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.utils import get_topic

from events.award_history import AwardHistory
from events.decision import QuotaLedger
from events.nomination import STATUSES, Nomination
from events.quota import pools
from events.rules import ROUTES, award_name
from events.sector import DEFAULT_SECTORS
from services.projections.handlers import Handler, HandlerProjection, stored_value
from services.projections.log import dashed, uuid_text
from services.projections.viewstore import Batch, Table, ViewStore

VIEW = "awards"

TABLES = (
    Table(
        "nominations",
        key=("nomination_id",),
        columns=("campaign_id", "subject_kind", "subject_id", "subject_name", "unit_id",
                 "sector", "award", "year", "route", "status", "summary", "submitted_by",
                 "submitted_at", "reason", "ballot_id", "yes_votes", "members", "percent",
                 "rank", "decision_id", "decision_number"),
        types={"year": "INTEGER", "yes_votes": "INTEGER", "members": "INTEGER",
               "rank": "INTEGER"},
        indexes=(("campaign_id", "status", "subject_name"),),
    ),
    Table("subjects", key=("history_id",),
          columns=("subject_id", "subject_kind", "subject_name", "unit_id", "under_discipline",
                   "discipline_reason", "discipline_since"),
          types={"under_discipline": "INTEGER"}, indexes=(("subject_id",),)),
    Table(
        "history",
        key=("history_id", "entry"),
        columns=("unit_id", "award", "year", "decision_id", "number", "decided_on", "prize",
                 "note", "source", "status", "revoked_reason"),
        types={"entry": "INTEGER", "year": "INTEGER", "prize": "BIGINT"},
        indexes=(("unit_id", "year"),),
    ),
    Table("quota_usage", key=("campaign_id", "award", "subject_kind", "sector"),
          columns=("used",), types={"used": "INTEGER"}),
)

class AwardsProjection(HandlerProjection):
    """Event handlers that write the awards view."""

    view = VIEW
    tables = TABLES

    def __init__(self) -> None:
        n, h, q = Nomination, AwardHistory, QuotaLedger
        self.handlers: dict[str, Handler] = {
            get_topic(cls): handler for cls, handler in [
                (n.Submitted, self.submitted),
                (n.Returned, self._status("returned", reason="reason")),
                (n.Resubmitted, self.resubmitted),
                (n.Amended, self.amended),
                (n.Withdrawn, self._status("withdrawn", reason="reason")),
                (n.BallotOpened, self.ballot_opened),
                (n.VotesCounted, self.votes_counted),
                (n.ReturnedToBoard, self.returned_to_board),
                (n.Selected, self._status("approved", rank="rank")),
                (n.LeftOut, self._status("not_selected", rank="rank", reason="reason")),
                (n.Awarded, self.awarded),
                (n.Revoked, self._status("revoked", reason="reason")),
                (h.Opened, self.history_opened),
                (h.AwardRecorded, self.award_recorded),
                (h.AwardsRevoked, self.awards_revoked),
                (h.DisciplineImposed, self.discipline_imposed),
                (h.DisciplineLifted, self.discipline_lifted),
                (q.Allocated, self.usage),
                (q.Released, self.usage),
            ]
        }
        self.topics = frozenset(self.handlers)

    # --- nominations --------------------------------------------------------------------

    def submitted(self, nomination_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("nominations", (nomination_id,), {
            "campaign_id": uuid_text(e["campaign_id"]), "subject_kind": e["subject_kind"],
            "subject_id": uuid_text(e["subject_id"]), "subject_name": e["subject_name"],
            "unit_id": uuid_text(e["unit_id"]), "sector": e["sector"], "award": e["award"],
            "year": e["year"], "route": e["route"], "status": "submitted",
            "summary": e["summary"], "submitted_by": e["actor"],
            "submitted_at": stored_value(e["timestamp"]), "reason": "", "ballot_id": None,
            "yes_votes": None, "members": None, "percent": None, "rank": None,
            "decision_id": None, "decision_number": None})

    @staticmethod
    def _status(status: str, **columns: str) -> Handler:
        """A handler that sets the status and copies event fields into columns."""
        def handler(nomination_id: str, e: dict[str, Any], batch: Batch) -> None:
            batch.update("nominations", (nomination_id,), {
                "status": status, **{column: e[key] for column, key in columns.items()}})

        return handler

    def resubmitted(self, nomination_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("nominations", (nomination_id,),
                     {"status": "submitted", "summary": e["summary"], "reason": ""})

    def amended(self, nomination_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("nominations", (nomination_id,), {"summary": e["summary"]})

    def ballot_opened(self, nomination_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("nominations", (nomination_id,),
                     {"status": "voting", "ballot_id": uuid_text(e["ballot_id"])})

    def votes_counted(self, nomination_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("nominations", (nomination_id,), {
            "status": "passed" if e["passed"] else "failed", "yes_votes": e["yes"],
            "members": e["members"], "percent": stored_value(e["percent"])})

    def returned_to_board(self, nomination_id: str, e: dict[str, Any],
                          batch: Batch) -> None:
        batch.update("nominations", (nomination_id,), {
            "status": "submitted", "ballot_id": None, "yes_votes": None, "members": None,
            "percent": None})

    def awarded(self, nomination_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("nominations", (nomination_id,), {
            "status": "awarded", "decision_id": uuid_text(e["decision_id"]),
            "decision_number": e["number"]})

    # --- award history --------------------------------------------------------------------

    def history_opened(self, history_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.upsert("subjects", (history_id,), {
            "subject_id": uuid_text(e["subject_id"]), "subject_kind": e["subject_kind"],
            "subject_name": e["subject_name"], "unit_id": uuid_text(e["unit_id"]),
            "under_discipline": 0, "discipline_reason": None, "discipline_since": None})

    def award_recorded(self, history_id: str, e: dict[str, Any], batch: Batch) -> None:
        prize = stored_value(e["prize"])
        batch.upsert("history", (history_id, e["entry"]), {
            "unit_id": uuid_text(e["unit_id"]), "award": e["award"], "year": e["year"],
            "decision_id": uuid_text(e["decision_id"]), "number": e["number"],
            "decided_on": stored_value(e["decided_on"]),
            "prize": None if prize is None else int(Decimal(prize)), "note": e["note"],
            "source": e["source"], "status": "active", "revoked_reason": None})

    def awards_revoked(self, history_id: str, e: dict[str, Any], batch: Batch) -> None:
        for entry in e["entries"]:
            batch.update("history", (history_id, entry),
                         {"status": "revoked", "revoked_reason": e["reason"]})

    def discipline_imposed(self, history_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("subjects", (history_id,), {
            "under_discipline": 1, "discipline_reason": e["reason"],
            "discipline_since": stored_value(e["since"])})

    def discipline_lifted(self, history_id: str, e: dict[str, Any], batch: Batch) -> None:
        batch.update("subjects", (history_id,), {
            "under_discipline": 0, "discipline_reason": None, "discipline_since": None})

    # --- quota usage ------------------------------------------------------------------------

    def usage(self, ledger_id: str, e: dict[str, Any], batch: Batch) -> None:
        """Ledger events carry the counts after the change: rows are set, not added to."""
        for row in e["usage"]:
            batch.upsert("quota_usage", (uuid_text(row["campaign_id"]), row["award"],
                                         row["subject_kind"], row["sector"]),
                         {"used": row["used"]})


# --- queries ----------------------------------------------------------------------------

def nomination_board(store: ViewStore, campaign_id: str,
                     status: str | None) -> list[dict[str, Any]]:
    """The nominations of a campaign (one status, or all), by status then name."""
    where, params = "campaign_id = ?", [campaign_id]
    if status is not None:
        where += " AND status = ?"
        params.append(status)
    rows = store.fetchall(
        f"SELECT * FROM {store.table_name('nominations')} WHERE {where} "
        "ORDER BY status, subject_name, nomination_id", params)
    return [{
        "id": dashed(r["nomination_id"]), "campaign_id": dashed(r["campaign_id"]),
        "subject_kind": r["subject_kind"], "subject_id": dashed(r["subject_id"]),
        "subject_name": r["subject_name"], "unit_id": dashed(r["unit_id"]),
        "sector": r["sector"], "award": r["award"], "award_name": award_name(r["award"]),
        "year": r["year"], "route": r["route"], "route_name": ROUTES.get(r["route"]),
        "status": r["status"], "status_name": STATUSES[r["status"]], "summary": r["summary"],
        "submitted_by": r["submitted_by"], "submitted_at": r["submitted_at"],
        "reason": r["reason"], "yes_votes": r["yes_votes"], "members": r["members"],
        "percent": Decimal(r["percent"]) if r["percent"] is not None else None,
        "rank": r["rank"],
        "decision_id": dashed(r["decision_id"]) if r["decision_id"] else None,
        "decision_number": r["decision_number"],
    } for r in rows]


def history_rows(store: ViewStore, column: str, value: str | list[str]) -> list[dict[str, Any]]:
    """Awards of one subject (``history_id``) or of one unit and its people (``unit_id``;
    a list of units: all of them, e.g. a unit and its sub-units)."""
    assert column in ("history_id", "unit_id")
    values = value if isinstance(value, list) else [value]
    h, s = store.table_name("history"), store.table_name("subjects")
    rows = store.fetchall(
        f"""SELECT h.*, s.subject_id, s.subject_kind, s.subject_name, s.under_discipline,
                   s.discipline_reason, s.discipline_since
            FROM {h} h JOIN {s} s ON s.history_id = h.history_id
            WHERE h.{column} IN ({', '.join('?' for _ in values)})
            ORDER BY h.year DESC, s.subject_name, h.entry""", values)
    return [{
        "subject_id": dashed(r["subject_id"]), "subject_kind": r["subject_kind"],
        "subject_name": r["subject_name"], "unit_id": dashed(r["unit_id"]),
        "award": r["award"], "award_name": award_name(r["award"]), "year": r["year"],
        "decision_id": dashed(r["decision_id"]) if r["decision_id"] else None,
        "number": r["number"],
        "decided_on": date.fromisoformat(r["decided_on"]) if r["decided_on"] else None,
        "prize": Decimal(r["prize"]) if r["prize"] is not None else None, "note": r["note"],
        "source": r["source"], "status": r["status"], "revoked_reason": r["revoked_reason"],
        "under_discipline": bool(r["under_discipline"]),
    } for r in rows]


def quota_usage(store: ViewStore, campaign_id: str, quotas: list[dict[str, Any]],
                names: Mapping[str, str] = DEFAULT_SECTORS) -> list[dict[str, Any]]:
    """Each quota of the campaign: places, places used, per reserved sector and the rest
    (``names``: the organisation's names of sectors)."""
    rows = store.fetchall(
        f"SELECT award, subject_kind, sector, used FROM {store.table_name('quota_usage')} "
        "WHERE campaign_id = ?", [campaign_id])
    used: dict[tuple[str, str], dict[str, int]] = {}
    for r in rows:
        used.setdefault((r["award"], r["subject_kind"]), {})[r["sector"]] = int(r["used"])
    result = []
    for quota in quotas:
        counts = used.get((quota["award_form"], quota["subject_kind"]), {})
        *reserved, others = pools(quota, counts, names)
        total = sum(counts.values())
        result.append({
            "award_form": quota["award_form"], "award_name": award_name(quota["award_form"]),
            "subject_kind": quota["subject_kind"], "max": quota["max"], "used": total,
            "remaining": quota["max"] - total,
            "reserved": [{"sector": p.sector, "sector_name": p.sector_name, "max": p.places,
                          "used": p.used, "remaining": p.remaining} for p in reserved],
            "others": {"max": others.places, "used": others.used,
                       "remaining": others.remaining}})
    return result
