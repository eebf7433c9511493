"""Báo cáo tổng kết công tác thi đua, khen thưởng năm … on a page (issue 16): pick the year
and the unit, see the figures the store holds, write the sections, save the draft and issue
it; once issued, download it as every paper."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.errors import InvalidInputError
from events.year_summary import SECTIONS
from services.web.consistency import read_position
from services.web.pages.common import actor, attempt, bp, form_key, may, require, thidua
from services.web.pages.reports import report_year

# The sections written on the page first; the others (a sentence made of the figures
# when left empty) folded below them.
OWN = ("situation", "emulation", "commendation", "assessment", "directions")
SIGNER = ("name", "position", "authority")


def _query() -> dict[str, Any]:
    source = request.form if request.method == "POST" else request.args
    return {"year": source.get("year") or "", "unit_code": source.get("unit_code") or ""}


def _posted() -> dict[str, str]:
    return {name: request.form.get(name, "") for name in SECTIONS}


def _readable() -> None:
    if not (may("papers.issue") or may("reports.read")):
        require("papers.issue")


@bp.route("/reports/summary", methods=["GET", "POST"])
@login_required
def year_summary() -> Any:
    """The unit's summary of a year: its figures, its sections, and issuing it."""
    if request.method == "POST":
        require("papers.issue")
    else:
        _readable()
    app, query = thidua(), _query()
    errors: dict[str, str] = {}
    found: dict[str, Any] = {}
    typed = _posted() if request.method == "POST" else None
    signer = {key: request.form.get(f"signer_{key}", "") for key in SIGNER}

    def look_up() -> None:
        year = report_year(query["year"])
        query["year"] = str(year)
        if not query["unit_code"]:
            raise InvalidInputError("Chọn đơn vị báo cáo.", "unit_code")
        found["summary"] = app.summaries.find(query["unit_code"], year, actor(),
                                              wait_for=read_position())
        found["figures"] = found["summary"]["figures"] if found["summary"] else \
            app.summaries.figures(app.organisation.get_unit_by_code(query["unit_code"],
                                                                    "unit_code"), year,
                                  wait_for=read_position())

    looked = bool(query["year"] or query["unit_code"]) and attempt(errors, look_up)
    if looked and typed is not None:
        summary = found["summary"]
        sections = {name: text for name, text in typed.items()}

        def save() -> None:
            if summary is None:
                found["summary"] = app.summaries.draft(
                    year=int(query["year"]), unit_code=query["unit_code"], sections=sections,
                    actor=actor(), idempotency_key=form_key())
            else:
                found["summary"] = app.summaries.update(summary["id"], sections=sections,
                                                        actor=actor())

        def issue() -> None:
            paper = app.summaries.issue(
                found["summary"]["id"], actor=actor(),
                signer={k: v for k, v in signer.items() if v or k != "authority"})
            flash(f"Đã ban hành báo cáo tổng kết số {paper['number']}.", "ok")

        if attempt(errors, save) and (request.form.get("action") != "issue"
                                      or attempt(errors, issue)):
            if request.form.get("action") != "issue":
                flash("Đã ghi dự thảo báo cáo tổng kết.", "ok")
            return redirect(url_for("pages.year_summary", **query))
    summary = found.get("summary")
    values = typed or {name: "\n".join((summary or {}).get("sections", {}).get(name, []))
                       for name in SECTIONS}
    paper = app.papers.get_paper(summary["paper_id"]) if summary and summary["paper_id"] \
        else None
    return render_template(
        "year_summary.html", query=query, errors=errors, summary=summary, paper=paper,
        figures=found.get("figures"), values=values, signer=signer, sections=SECTIONS,
        own=OWN, others=[name for name in SECTIONS if name not in OWN],
        units=app.organisation.list_units(), may_issue=may("papers.issue")), \
        400 if errors else 200
