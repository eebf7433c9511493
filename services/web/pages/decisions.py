"""Decisions: drafting from approved dossiers, issuing, revoking, and their documents."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.decision import STATUSES as DECISION_STATUSES
from events.rules import unreflected_texts
from services.web.consistency import read_position
from services.web.http import send_document
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


@bp.route("/decisions", methods=["GET", "POST"])
@login_required
def decisions() -> Any:
    app = thidua()
    form = request.form
    campaigns = app.campaigns.list_campaigns()
    campaign_id = request.values.get("campaign_id") or (campaigns[0]["id"] if campaigns
                                                        else "")
    values = {"campaign_id": campaign_id, "award": form.get("award", ""),
              "nomination_ids": form.getlist("nomination_ids"), "title": form.get("title", ""),
              "issuer_unit_code": form.get("issuer_unit_code", ""),
              "signer_name": form.get("signer_name", ""),
              "signer_position": form.get("signer_position", ""),
              "signer_authority": form.get("signer_authority", ""),
              "signer_deputy": form.get("signer_deputy", "")}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        require("decisions.draft")
        chosen = [n for n in app.awards.nominations(
            campaign_id, status="approved", wait_for=read_position())["rows"]
            if n["id"] in values["nomination_ids"]]
        award = values["award"] or (chosen[0]["award"] if chosen else "")
        result: dict[str, Any] = {}

        def draft() -> None:
            result.update(app.decisions.draft_decision(
                issuer_unit_code=values["issuer_unit_code"], campaign_id=campaign_id,
                award=award, nomination_ids=values["nomination_ids"],
                title=values["title"] or None,
                signer={"name": values["signer_name"], "position": values["signer_position"],
                        "authority": values["signer_authority"],
                        "deputy": values["signer_deputy"]},
                actor=actor(), idempotency_key=form_key()))

        if attempt(errors, draft):
            flash("Đã lập dự thảo quyết định.", "ok")
            return redirect(url_for("pages.decision", decision_id=result["id"]))
        status = 400
    approved = app.awards.nominations(
        campaign_id, status="approved", wait_for=read_position())["rows"] \
        if campaign_id and may("decisions.draft") else []
    return render_template(
        "decisions.html", decisions=app.decisions.list_decisions(), campaigns=campaigns,
        approved=approved, units=app.organisation.list_units(), values=values, errors=errors,
        statuses=DECISION_STATUSES, may_draft=may("decisions.draft"),
        key=new_key()), status


@bp.get("/decisions/<decision_id>")
@login_required
def decision(decision_id: str, errors: dict[str, str] | None = None,
             status: int = 200) -> Any:
    found = thidua().decisions.get_decision(decision_id)
    today = thidua().store.clock()
    return render_template(
        "decision.html", d=found, errors=errors or {}, form=request.form,
        may_issue=may("decisions.issue"), may_revoke=may("decisions.revoke"),
        unreflected=unreflected_texts(found["issued_on"] or today),
        today=today, key=new_key()), status


@bp.post("/decisions/<decision_id>/<action>")
@login_required
def decision_action(decision_id: str, action: str) -> Any:
    app, form, errors = thidua(), request.form, {}
    if not may("decisions.revoke"):
        require("decisions.issue")
    if action == "issue":
        require("decisions.issue")
        command = lambda: app.decisions.issue_decision(  # noqa: E731
            decision_id, issued_on=form.get("issued_on") or None, actor=actor(),
            idempotency_key=form_key())
    elif action == "revoke":
        require("decisions.revoke")
        command = lambda: app.decisions.revoke_decision(  # noqa: E731
            decision_id, reason=form.get("reason", ""), actor=actor(),
            idempotency_key=form_key())
    else:
        return decision(decision_id, {"form": "Thao tác không hợp lệ."}, 404)
    if attempt(errors, command):
        flash("Đã ban hành quyết định." if action == "issue" else "Đã hủy quyết định.", "ok")
        return redirect(url_for("pages.decision", decision_id=decision_id))
    return decision(decision_id, errors, 400)


@bp.get("/decisions/<decision_id>/document.docx")
@login_required
def decision_docx(decision_id: str) -> Any:
    return send_document(thidua().papers.decision_document(decision_id, actor()))


@bp.get("/papers/<paper_id>/document.docx")
@login_required
def paper_docx(paper_id: str) -> Any:
    return send_document(thidua().papers.paper_document(paper_id, actor()))
