"""Báo cáo thống kê and the award fund ledger, read from the reports view.

A statistical form (events/statistics_forms.py) is counted for a year (by default the
calendar year of the decision's date; another period of ``REPORT_PERIODS`` on request)
and a unit with every unit under it; the fund ledger lists the prize money of the
decisions a unit and those under it issued in a calendar year,
and reverses a revoked one on the day it was revoked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from events.errors import PermissionDeniedError
from events.rules import AWARD_MONEY, COLLECTIVE, INDIVIDUAL, SYSTEMS, in_force
from events.statistics_forms import (
    AWARDS,
    CAMPAIGNS,
    DEFAULT_PERIOD,
    DURATION,
    ROUTE,
    TOTAL,
    FormColumn,
    StatisticsForm,
    report_period,
    statistics_form,
)
from events.unit import Unit
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.projections.log import dashed, hex_id
from services.projections.reports import (
    ISSUED,
    ReportsProjection,
    award_counts,
    launched_campaigns,
    ledger_decisions,
    root_units,
)
from services.projections.runner import current_view
from services.projections.viewstore import ViewStore
from services.queries.report_workbooks import fund_workbook, statistics_workbook
from services.usecases.award_forms import AwardForms
from services.usecases.organisation import Organisation

KIND_NAMES = {COLLECTIVE: "Tập thể", INDIVIDUAL: "Cá nhân"}
# Readers scoped to a unit when their account has one (the others read every unit).
SCOPED_READERS = {"secretary", "reviewer"}


def _months(start: date, end: date) -> int:
    """Whole months from ``start`` to the day after ``end`` (a campaign's length)."""
    after = date.fromordinal(end.toordinal() + 1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months - (1 if after.day < start.day else 0)


def _matches(selector: str, row: dict[str, Any]) -> bool:
    if selector == TOTAL:
        return True
    if selector in KIND_NAMES:
        return row["subject_kind"] == selector
    if selector.startswith(ROUTE):
        return row["route"] == selector[len(ROUTE):]
    if selector.startswith(DURATION):
        low, high = (int(v) for v in selector[len(DURATION):].split("-"))
        return low <= row["months"] < high
    raise ValueError(selector)


def leaves(form: StatisticsForm) -> list[tuple[FormColumn, str | None]]:
    """The form's columns of figures: a column per award, or per award and kind of
    subject where the form splits it."""
    found: list[tuple[FormColumn, str | None]] = []
    for column in form.columns:
        if form.split_kinds and len(column.kinds) > 1:
            found += [(column, kind) for kind in column.kinds]
        else:
            found.append((column, None))
    return found


def _cell(counted: list[dict[str, Any]], selector: str | None, column: FormColumn,
          kind: str | None) -> int | None:
    if selector is None or not column.held:
        return None
    kinds = (kind,) if kind else column.kinds
    return sum(r["awards"] for r in counted
               if (column.categories == ("*",) or r["category"] in column.categories)
               and (not kinds or r["subject_kind"] in kinds) and _matches(selector, r))


@dataclass
class ReportsReader:
    """The statistical forms and the fund ledger, as the API and the pages show them."""

    app: ThiduaApplication
    organisation: Organisation
    award_forms: AwardForms
    projection: ReportsProjection = field(default_factory=ReportsProjection)

    def _store(self, wait_for: int | None) -> tuple[ViewStore, dict[str, Any]]:
        store, stale = current_view(self.app, self.projection, wait_for)
        return store, {"position": store.max_tracking_id(self.app.name) or 0, "stale": stale}

    def scope(self, actor: Actor, unit_code: str | None) -> Unit | None:
        """The unit a report is about (None: the whole organisation), if ``actor`` may read
        it: admins and auditors any; a secretary or reviewer of a unit that unit and those
        under it (their own unit when none is asked)."""
        check_allowed(actor, "reports.read")
        scoped = actor.role in SCOPED_READERS and actor.unit_id is not None
        if unit_code is None:
            return self.organisation.get_unit(actor.unit_id) if scoped and actor.unit_id \
                else None
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        if scoped and actor.unit_id not in self.organisation.unit_ancestry(unit.id):
            raise PermissionDeniedError(
                "Tài khoản chỉ xem được báo cáo của đơn vị mình và các đơn vị trực thuộc.",
                "unit_code")
        return unit

    def _reporter(self, unit: Unit | None, store: ViewStore) -> tuple[str, str]:
        """Đơn vị báo cáo and the unit above it (empty for a unit with none); the roots
        of the whole organisation come from the view's unit tree, in the order they were
        registered (loading every unit took most of a report's time, issue 16)."""
        if unit is not None:
            return unit.name, self.organisation.parent_name(unit)
        roots = sorted((self.organisation.get_unit(UUID(i)) for i in root_units(store)),
                       key=lambda u: u.created_on)
        return "; ".join(u.name for u in roots), ""

    def statistics(self, code: str, *, year: int, unit_code: str | None = None,
                   period: str | None = None, actor: Actor,
                   wait_for: int | None = None) -> dict[str, Any]:
        """One form of a year (over the report period ``period``, the calendar year by
        default) for a unit and every unit under it."""
        unit = self.scope(actor, unit_code)
        span = report_period(period or DEFAULT_PERIOD, year)
        form = statistics_form(code, year)
        start, end = span.span(year)
        unit_id = hex_id(unit.id) if unit else None
        store, meta = self._store(wait_for)
        with store.reading():
            if form.measures == AWARDS:
                counted = award_counts(store, start.isoformat(), end.isoformat(), unit_id,
                                       form.systems)
            elif form.measures == CAMPAIGNS:
                counted = [{"category": "*", "subject_kind": None, "route": None, "awards": 1,
                            "months": _months(date.fromisoformat(c["start"]),
                                              date.fromisoformat(c["end_on"]))}
                           for c in launched_campaigns(store, start.isoformat(),
                                                       end.isoformat(), unit_id)]
            else:
                counted = []
        reporter, above = self._reporter(unit, store)
        columns = leaves(form)
        table = []
        for row in form.rows:
            cells = [_cell(counted, row.counts, column, kind) for column, kind in columns]
            figures = [c for c in cells if c is not None]
            table.append({"number": row.number, "label": row.label, "unit": row.unit,
                          "heading": row.heading, "confidence": row.confidence,
                          "total": sum(figures) if row.counts and figures else None,
                          "cells": cells})
        rows = []
        for column in form.columns:
            split = {k: _cell(counted, TOTAL, column, k) if k in column.kinds else None
                     for k in (COLLECTIVE, INDIVIDUAL)} if form.measures == AWARDS \
                else {COLLECTIVE: None, INDIVIDUAL: None}
            rows.append({"award": column.key, "name": column.name,
                         "collective": split[COLLECTIVE], "individual": split[INDIVIDUAL],
                         "total": _cell(counted, TOTAL, column, None),
                         "confidence": column.confidence})
        return {
            "form": form.code, "number": form.number, "title": form.title,
            "issued_under": form.issued_under, "receiving_date": form.receiving_date,
            "year": year, "period": span.key, "period_name": span.name,
            "period_source": span.source, "period_confidence": span.confidence,
            "period_from": start, "period_to": end,
            "unit_code": unit.code if unit else None, "unit_name": reporter,
            "receiver": above or form.receiver, "computed": form.computed,
            "columns": [{"key": c.key, "name": c.name, "number": c.number, "kind": k,
                         "kind_name": KIND_NAMES.get(k or "", "")} for c, k in columns],
            "rows": rows, "table": table, "source": form.source,
            "confidence": form.confidence,
            "notes": [{"text": text, "confidence": mark} for text, mark in form.notes],
            **meta}

    def statistics_workbook(self, code: str, **query: Any) -> tuple[bytes, str]:
        report = self.statistics(code, **query)
        slug = report["unit_code"] or "toan-bo"
        if report["period"] != DEFAULT_PERIOD:
            slug += f"-ky-{report['period'].replace('_', '-')}"
        return statistics_workbook(report), f"bieu-{report['form']}-{report['year']}-{slug}.xlsx"

    # --- the award fund ledger -----------------------------------------------------------

    def _units(self, ids: Iterable[str]) -> dict[str, Unit]:
        return {i: self.organisation.get_unit(UUID(i)) for i in set(ids)}

    def fund(self, *, year: int, unit_code: str | None = None, actor: Actor,
             wait_for: int | None = None) -> dict[str, Any]:
        """Prize money of a calendar year per fund and paying unit: each decision issued in
        the year, and a revoked one reversed as a negative line on the day it was revoked."""
        unit = self.scope(actor, unit_code)
        start, end = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
        store, meta = self._store(wait_for)
        found = ledger_decisions(store, start, end, hex_id(unit.id) if unit else None)
        units = self._units(d["issuer_unit_id"] for d in found)
        names = self.award_forms.names(d["award"] for d in found)
        lines: list[dict[str, Any]] = []
        for d in found:
            issuer = units[d["issuer_unit_id"]]
            for kind, day, sign in ((ISSUED, d["issued_on"], 1), ("revoked", d["revoked_on"], -1)):
                if day is None or not start <= day <= end:
                    continue
                on = date.fromisoformat(day)
                money = in_force(AWARD_MONEY, on, system=d["system"])
                lines.append({
                    "date": on, "kind": kind, "decision_id": dashed(d["decision_id"]),
                    "number": d["number"], "issuer_unit_code": issuer.code,
                    "issuer_unit_name": issuer.name, "award": d["award"],
                    "award_name": names[d["award"]], "system": d["system"],
                    "system_name": SYSTEMS.get(d["system"], d["system"]),
                    "fund": money[0].fund if money else "kinh phí khen thưởng",
                    "confidence": money[0].confidence if money else "U",
                    "amount": sign * int(d["total"] or 0)})
        lines.sort(key=lambda line: (line["date"], line["number"] or "", line["kind"]))
        totals: dict[tuple[str, str], dict[str, Any]] = {}
        for line in lines:
            key = (line["issuer_unit_code"], line["fund"])
            total = totals.setdefault(key, {
                "unit_code": line["issuer_unit_code"], "unit_name": line["issuer_unit_name"],
                "fund": line["fund"], "system": line["system"], "issued": 0, "reversed": 0,
                "net": 0})
            total["issued" if line["amount"] >= 0 else "reversed"] += line["amount"]
            total["net"] += line["amount"]
        reporter, _ = self._reporter(unit, store)
        return {"year": year, "unit_code": unit.code if unit else None, "unit_name": reporter,
                "lines": lines, "totals": sorted(totals.values(),
                                                 key=lambda t: (t["unit_code"], t["fund"])),
                "total": sum(line["amount"] for line in lines),
                "sources": [{"system": m.system, "fund": m.fund, "source": m.source,
                             "confidence": m.confidence}
                            for m in in_force(AWARD_MONEY, date(year, 12, 31))],
                **meta}

    def fund_workbook(self, **query: Any) -> tuple[bytes, str]:
        ledger = self.fund(**query)
        slug = ledger["unit_code"] or "toan-bo"
        return fund_workbook(ledger), f"quy-khen-thuong-{ledger['year']}-{slug}.xlsx"
