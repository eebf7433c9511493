"""Báo cáo thống kê (a form of Thông tư 02/2023/TT-BNV) and the award fund ledger: pick the
year, the unit (with the units under it) and the form; download either as .xlsx."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import login_required

from events.errors import InvalidInputError
from events.statistics_forms import DEFAULT_PERIOD, FORMS, REPORT_PERIODS
from services.web.consistency import read_position
from services.web.http import XLSX, send_bytes
from services.web.pages.common import actor, attempt, bp, require, thidua

FIRST_YEAR, LAST_YEAR = 2000, 2100
DEFAULT_FORM = "0603"


def report_year(raw: str | None) -> int:
    """The year asked (this year's when none)."""
    if not raw:
        return thidua().store.clock().year
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InvalidInputError(
            f"Năm báo cáo phải là số từ {FIRST_YEAR} đến {LAST_YEAR}.", "year")
    return int(text)


def _query() -> dict[str, Any]:
    return {"form": request.args.get("form") or DEFAULT_FORM,
            "year": request.args.get("year") or "",
            "unit_code": request.args.get("unit_code") or None,
            "period": request.args.get("period") or DEFAULT_PERIOD}


@bp.get("/reports")
@login_required
def reports() -> Any:
    """A statistical form and the fund ledger of a year for a unit and the units under it."""
    require("reports.read")
    app, query = thidua(), _query()
    errors: dict[str, str] = {}
    found: dict[str, Any] = {}

    def look_up() -> None:
        year = report_year(query["year"])
        query["year"] = str(year)
        found["report"] = app.reports.statistics(
            query["form"], year=year, unit_code=query["unit_code"], period=query["period"],
            actor=actor(), wait_for=read_position())
        found["fund"] = app.reports.fund(year=year, unit_code=query["unit_code"],
                                         actor=actor())

    attempt(errors, look_up)
    titles = {f.code: f"{f.number} — {f.title.capitalize()}" for f in FORMS}
    periods = {p.key: p.name for p in REPORT_PERIODS}
    return render_template("reports.html", query=query, errors=errors, forms=titles,
                           periods=periods, units=app.organisation.list_units(), **found), \
        400 if errors else 200


@bp.get("/reports/bieu.xlsx")
@login_required
def report_xlsx() -> Any:
    """The form asked on the page as .xlsx."""
    require("reports.read")
    query = _query()
    data, name = thidua().reports.statistics_workbook(
        query["form"], year=report_year(query["year"]), unit_code=query["unit_code"],
        period=query["period"], actor=actor(), wait_for=read_position())
    return send_bytes(data, XLSX, name)


@bp.get("/reports/quy.xlsx")
@login_required
def fund_xlsx() -> Any:
    """The fund ledger of the page as .xlsx."""
    require("reports.read")
    query = _query()
    data, name = thidua().reports.fund_workbook(
        year=report_year(query["year"]), unit_code=query["unit_code"], actor=actor(),
        wait_for=read_position())
    return send_bytes(data, XLSX, name)
