"""The deadlines page (issue 15): for one campaign, each tier's due date with the units
below it that sent on time, late or not yet, the dossiers waiting at each tier and for how
long; the month's exemplar lists the same way. Forms: a tier's due date and the monthly
day (clerks, admins), a unit's list of the month (clerks), the compiled Báo cáo (those who
issue papers)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.dossier_schedule import FIRST_DAY, LAST_DAY
from events.errors import InvalidInputError
from services.usecases.exemplar_lists import KIND
from services.web.pages.common import (
    actor,
    attempt,
    bp,
    form_key,
    may,
    new_key,
    require,
    thidua,
)

LIST_ROWS = 5  # empty rows of the monthly list form
DONE = {
    "deadline": "Đã đặt hạn gửi hồ sơ.",
    "monthly": "Đã đặt hạn gửi danh sách điển hình hằng tháng.",
    "list": "Đã gửi danh sách điển hình của tháng.",
}


def _list_entries(form: Any) -> list[dict[str, str]]:
    chosen = [(i, form.get(f"subject-{i}", "").partition(":")) for i in range(LIST_ROWS)
              if form.get(f"subject-{i}")]
    return [{"subject_kind": kind, "subject_id": subject_id,
             "deed": form.get(f"deed-{i}", "")} for i, (kind, _, subject_id) in chosen]


@bp.route("/dossiers/deadlines", methods=["GET", "POST"])
@login_required
def deadlines() -> Any:
    app = thidua()
    campaigns = app.campaigns.list_campaigns()
    form = request.form if request.method == "POST" else request.args
    campaign_id = form.get("campaign_id") or (campaigns[0]["id"] if campaigns else "")
    month = request.args.get("month") or form.get("month") or None
    errors: dict[str, str] = {}
    action = request.form.get("action", "")
    code = 200
    if request.method == "POST":
        if not (may("dossiers.submit") or may("papers.issue")):
            require("dossiers.submit")  # refused before the form is read
        key = form_key()
        commands = {
            "deadline": lambda: app.deadlines.set_deadline(
                campaign_id=campaign_id, tier_unit_code=form.get("tier_unit_code", ""),
                due=form.get("due", ""), actor=actor(), idempotency_key=key),
            "monthly": lambda: app.deadlines.set_monthly_day(
                campaign_id=campaign_id, day=_whole(form.get("day", "")), actor=actor(),
                idempotency_key=key),
            "list": lambda: app.exemplar_lists.send_list(
                campaign_id=campaign_id, month=form.get("month", ""),
                unit_code=form.get("unit_code") or None, entries=_list_entries(form),
                actor=actor(), idempotency_key=key),
        }
        issued: dict[str, Any] = {}
        commands["report"] = lambda: issued.update(app.exemplar_lists.issue_report(
            campaign_id, period=form.get("period", ""),
            signer={"name": form.get("signer_name", ""),
                    "position": form.get("signer_position", "")},
            issued_on=form.get("issued_on") or None, reason=form.get("reason") or None,
            actor=actor(), idempotency_key=key))
        if action not in commands:
            errors["action"] = "Thao tác không hợp lệ."
        elif attempt(errors, commands[action]):
            if action == "report":
                flash(f"Đã lập Báo cáo số {issued['number']}; tải văn bản ở mục «Báo cáo "
                      "tổng hợp đã lập».", "ok")
            else:
                flash(DONE[action], "ok")
            return redirect(url_for("pages.deadlines", campaign_id=campaign_id,
                                    month=form.get("month") or None))
        code = 400
    holder: dict[str, Any] = {}
    if campaign_id and not attempt(errors, lambda: _board(holder, campaign_id, month)):
        # A month typed wrong: the field says so, the board shows this month.
        attempt(errors, lambda: _board(holder, campaign_id, None))
        code = 400
    board = holder.get("board")
    may_set = may("dossiers.submit")
    return render_template(
        "deadlines.html", campaigns=campaigns, campaign_id=campaign_id, board=board,
        units=app.organisation.list_units() if may_set else [], may_set=may_set,
        may_report=may("papers.issue"),
        people=app.organisation.subjects_in_scope(actor(), "individual") if may_set else [],
        collectives=app.organisation.subjects_in_scope(actor(), "collective")
        if may_set else [],
        reports=[p for p in app.papers.list_papers(campaign_id) if p["kind"] == KIND]
        if board else [],
        months=_months(next((c for c in campaigns if c["id"] == campaign_id), None)),
        list_rows=LIST_ROWS, first_day=FIRST_DAY, last_day=LAST_DAY,
        form=request.form, action=action, errors=errors, key=new_key()), code


def _months(campaign: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The campaign's months up to this one, latest first: (2025-10, Tháng 10/2025)."""
    if campaign is None:
        return []
    today = thidua().store.clock()
    start, end = campaign["start"], campaign["end"]
    last = min(end, today) if start <= today else end
    year, month, found = last.year, last.month, []
    while (year, month) >= (start.year, start.month):
        found.append((f"{year}-{month:02d}", f"Tháng {month:02d}/{year}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


def _board(holder: dict[str, Any], campaign_id: str, month: str | None) -> None:
    holder["board"] = thidua().deadlines.board(campaign_id, actor=actor(), month=month)


def _whole(text: str) -> int:
    text = text.strip()
    if not text.isdigit():
        raise InvalidInputError("Ngày hạn hằng tháng phải là một số.", "day")
    return int(text)
