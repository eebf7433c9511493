"""A campaign's page, registering for it, scorecards, standings (table, chart, .xlsx) and
the Kế hoạch."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.campaign import CLASSIFICATIONS, SUBJECT_KINDS
from events.errors import DomainError
from events.periods import CADENCE_NAMES
from events.values import format_points
from services import formatting
from services.formatting import number
from services.web.charts import standings_chart
from services.web.consistency import read_position
from services.web.http import XLSX, send_bytes, send_document
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


@bp.get("/campaigns/<campaign_id>")
@login_required
def campaign(campaign_id: str) -> Any:
    app = thidua()
    details = app.campaigns.campaign_details(campaign_id)
    names = {u["id"]: u["name"] for u in app.organisation.list_units()}
    names.update({p["id"]: p["full_name"] for p in app.organisation.list_people()})
    return render_template(
        "campaign.html", campaign=details,
        registrations=app.campaigns.list_registrations(campaign_id),
        names=names, kinds=SUBJECT_KINDS, cadences=CADENCE_NAMES,
        sectors=app.organisation.sector_names(
            r["sector"] for q in details["quotas"] for r in q["reserved"]),
        award_names=app.award_forms.names(q["award_form"] for q in details["quotas"]),
        classifications=CLASSIFICATIONS, may_edit=may("campaigns.create"),
        issuer=app.organisation.get_unit(uuid.UUID(details["issuer_unit_id"])).name)


@bp.route("/campaigns/<campaign_id>/register", methods=["GET", "POST"])
@login_required
def register(campaign_id: str) -> Any:
    require("registrations.create")
    app = thidua()
    campaign = app.campaigns.get_campaign(campaign_id)
    kinds = [t["subject_kind"] for t in campaign.tracks]
    values = {"subject_kind": request.values.get("subject_kind") or kinds[0],
              "subject_id": request.form.get("subject_id", ""),
              "pledge": request.form.get("pledge", "")}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if attempt(errors, lambda: app.campaigns.register(
                campaign_id=campaign_id, subject_kind=values["subject_kind"],
                subject_id=values["subject_id"], pledge=values["pledge"], actor=actor(),
                idempotency_key=form_key())):
            flash("Đã ghi nhận đăng ký thi đua.", "ok")
            return redirect(url_for("pages.index"))
        status = 400
    choices = app.organisation.subjects_in_scope(actor(), values["subject_kind"]) \
        if values["subject_kind"] in kinds else []
    return render_template(
        "register.html", campaign=campaign, kinds={k: SUBJECT_KINDS[k] for k in kinds},
        choices=choices, values=values, errors=errors, key=new_key()), status


def _score_stage(card: dict[str, Any] | None) -> str:
    """What the signed-in user does next to this scorecard."""
    reviewed = card is not None and card["status"] == "reviewed"
    if may("scores.review") and card is not None:
        return "correction" if reviewed else "review"
    return "self"


@bp.route("/campaigns/<campaign_id>/score", methods=["GET", "POST"])
@login_required
def score(campaign_id: str) -> Any:
    if not (may("scores.self") or may("scores.review")):
        require("scores.self")
    app = thidua()
    campaign = app.campaigns.get_campaign(campaign_id)
    subject_id = request.values.get("subject_id", "")
    period = (request.values.get("period") or "").strip()
    registrations = [r for r in app.campaigns.list_registrations(campaign_id)
                     if app.organisation.in_scope(actor(), uuid.UUID(r["unit_id"]))]
    names = {s["id"]: s["label"] for kind in SUBJECT_KINDS if kind in
             [t["subject_kind"] for t in campaign.tracks]
             for s in app.organisation.subjects_in_scope(actor(), kind)}
    subjects = [{"id": r["subject_id"], "label": names.get(r["subject_id"], r["subject_id"]),
                 "kind": r["subject_kind"]} for r in registrations]
    errors: dict[str, str] = {}
    status = 200
    card: dict[str, Any] | None = None
    track: dict[str, Any] | None = None
    chosen = next((s for s in subjects if s["id"] == subject_id), None)
    if chosen and period:
        track = campaign.track(chosen["kind"])
        try:
            card = app.campaigns.get_scorecard(campaign_id, subject_id, period)
        except DomainError:
            card = None
    stage = _score_stage(card)
    entered = {c["code"]: request.form.get(f"score_{c['code']}", "")
               for c in (track or {}).get("criteria", [])}
    if request.method == "POST" and chosen and track:
        stage = request.form.get("stage", stage)
        if stage in ("self", "review", "correction"):
            require(f"scores.{stage}")
        scores = {code: value for code, value in entered.items()
                  if value.strip() or stage != "correction"}
        if attempt(errors, lambda: app.campaigns.post_scores(
                campaign_id=campaign_id, subject_id=subject_id, period=period, stage=stage,
                scores=scores, reason=request.form.get("reason"), actor=actor(),
                idempotency_key=form_key())):
            flash("Đã ghi nhận điểm.", "ok")
            # The standings page waits (bounded) until the worker has our write (consistency).
            return redirect(url_for("pages.standings", campaign_id=campaign_id, period=period,
                                    subject_kind=chosen["kind"]))
        status = 400
    elif request.method == "POST":
        errors["subject_id" if not chosen else "period"] = (
            "Chọn đối tượng đã đăng ký." if not chosen else "Nhập kỳ chấm điểm.")
        status = 400
    shown = card["scores"] if card else {}
    rows = [{"code": c["code"], "name": c["name"], "max": number(c["max_points"]),
             "value": entered.get(c["code"]) or (
                 format_points(shown[c["code"]]).replace(",", ".") if c["code"] in shown
                 else "")}
            for c in (track or {}).get("criteria", [])]
    return render_template(
        "score.html", campaign=campaign, subjects=subjects, subject_id=subject_id,
        period=period, card=card, rows=rows, stage=stage, errors=errors,
        reason=request.form.get("reason", ""), key=new_key(),
        total=sum((Decimal(v) for v in shown.values()), Decimal(0)) if shown else None,
    ), status


def _query() -> dict[str, Any]:
    return {
        "period": (request.args.get("period") or "").strip() or None,
        "subject_kind": request.args.get("subject_kind") or None,
        "as_of": request.args.get("as_of") or None,
    }


@bp.get("/campaigns/<campaign_id>/standings")
@login_required
def standings(campaign_id: str) -> Any:
    app = thidua()
    campaign = app.campaigns.campaign_details(campaign_id)
    query = _query()
    result, error, status = None, None, 200
    if query["period"]:
        try:
            result = app.standings.get(campaign_id, **query, wait_for=read_position())
        except DomainError as exc:
            error, status = exc, 400
    criteria = sorted({code for row in (result or {}).get("rows", []) for code in row["criteria"]})
    kinds = {t["subject_kind"]: SUBJECT_KINDS[t["subject_kind"]] for t in campaign["tracks"]}
    return render_template(
        "standings.html", campaign=campaign, query=query, result=result, error=error,
        criteria=criteria, kinds=kinds, classifications=CLASSIFICATIONS,
        query_args={k: v for k, v in query.items() if v},
    ), status


@bp.get("/campaigns/<campaign_id>/standings.svg")
@login_required
def standings_svg(campaign_id: str) -> Any:
    """The standings of a period as a bar chart (an <img> of the standings page)."""
    app = thidua()
    query = {k: v for k, v in _query().items() if v}
    result = app.standings.get(campaign_id, **query, wait_for=read_position())
    kind = SUBJECT_KINDS[result["subject_kind"]]
    svg = standings_chart(result, f"Tổng điểm {kind} — {formatting.period(result['period'])}")
    response = Response(svg, mimetype="image/svg+xml")
    # An image: its own styles only, nothing else loads.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/campaigns/<campaign_id>/standings.xlsx")
@login_required
def standings_xlsx(campaign_id: str) -> Any:
    query = {k: v for k, v in _query().items() if v}
    data, name = thidua().standings.workbook(campaign_id, {**query, "wait_for": read_position()})
    return send_bytes(data, XLSX, name)


@bp.get("/campaigns/<campaign_id>/plan.docx")
@login_required
def plan_docx(campaign_id: str) -> Any:
    return send_document(thidua().documents.campaign_plan(campaign_id, actor()))
