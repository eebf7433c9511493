"""Nominations: the board of a campaign, a dossier (return, resubmit, amend, withdraw)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.campaign import SUBJECT_KINDS
from events.nomination import STATUSES, WITHDRAWABLE
from events.rules import ROUTES
from services.web.consistency import read_position
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
from services.web.pages.public import comment_counts

WOMEN_FIELDS = ("female", "staff_total", "staff_women")


def _women_facts(form: Any, kind: str) -> dict[str, object]:
    """The women-first facts typed in a form, as the use cases take them: a ticked box, or
    two counts (an unticked box or two blank counts declare nothing)."""
    if kind == "individual":
        return {"female": True} if form.get("female") else {}
    typed = {field: form.get(field, "").strip() for field in ("staff_total", "staff_women")}
    if not any(typed.values()):
        return {}
    return {field: whole(text) if text else None for field, text in typed.items()}


def _women_values(women: dict[str, Any] | None) -> dict[str, Any]:
    """Declared facts as the form shows them."""
    women = women or {}
    return {"female": women.get("female", False), "staff_total": women.get("total", ""),
            "staff_women": women.get("women", "")}


def whole(text: str | None) -> object:
    """A whole number typed in a form, or the text itself (the domain names what is wrong)."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else text


@bp.route("/campaigns/<campaign_id>/nominations", methods=["GET", "POST"])
@login_required
def nominations(campaign_id: str) -> Any:
    app = thidua()
    campaign = app.campaigns.get_campaign(campaign_id)
    kinds = [t["subject_kind"] for t in campaign.tracks]
    values = {"subject_kind": request.values.get("subject_kind") or kinds[0],
              "subject_id": request.form.get("subject_id", ""),
              "award": request.form.get("award", ""),
              "year": request.form.get("year",
                                       str(min(campaign.end.year, app.store.clock().year))),
              "route": request.form.get("route", "phong_trao"),
              "summary": request.form.get("summary", ""),
              **{field: request.form.get(field, "") for field in WOMEN_FIELDS}}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        require("nominations.submit")
        year = int(values["year"]) if values["year"].strip().isdigit() else values["year"]
        if attempt(errors, lambda: app.nominations.submit_nomination(
                campaign_id=campaign_id, subject_kind=values["subject_kind"],
                subject_id=values["subject_id"], award=values["award"], year=year,
                route=values["route"], summary=values["summary"],
                **_women_facts(request.form, values["subject_kind"]), actor=actor(),
                idempotency_key=form_key())):
            flash("Đã gửi hồ sơ đề nghị khen thưởng.", "ok")
            return redirect(url_for("pages.nominations", campaign_id=campaign_id))
        status = 400
    reader = app.awards
    board = reader.nominations(campaign_id, wait_for=read_position())
    may_submit = may("nominations.submit")
    choices = app.organisation.subjects_in_scope(actor(), values["subject_kind"]) \
        if may_submit and values["subject_kind"] in kinds else []
    awards = app.award_forms.entries(values["subject_kind"], app.store.clock())
    quotas = reader.quota_usage(campaign_id, wait_for=read_position())["quotas"]
    return render_template(
        "nominations.html", campaign=campaign, board=board, quotas=quotas,
        kinds={k: SUBJECT_KINDS[k] for k in kinds},
        values=values, errors=errors, choices=choices, awards=awards, routes=ROUTES,
        may_submit=may_submit, comments=comment_counts(campaign_id), key=new_key()), status


@bp.route("/nominations/<nomination_id>", methods=["GET", "POST"])
@login_required
def nomination(nomination_id: str) -> Any:
    service = thidua().nominations
    errors: dict[str, str] = {}
    action = request.form.get("action", "")
    status = 200
    if request.method == "POST":
        if not may("nominations.review"):
            require("nominations.submit")
        text = request.form.get("text", "")

        def amend() -> dict[str, Any]:
            declared = service.get_nomination(nomination_id)
            women: dict[str, object] = _women_facts(request.form, declared["subject_kind"])
            if not women and declared["women"]:
                women = {"clear_women": True}  # box unticked, counts emptied: none declared
            return service.amend_nomination(nomination_id, summary=text, **women,
                                            actor=actor(), idempotency_key=form_key())

        def resubmit() -> dict[str, Any]:
            """The returned dossier's one form: what the clerk completed (summary and
            counts, saved as an amendment first), then sent again."""
            key = form_key()
            if not request.form.get("completed"):
                return service.resubmit_nomination(nomination_id, summary=text or None,
                                                   actor=actor(), idempotency_key=key)
            amend()
            return service.resubmit_nomination(
                nomination_id, actor=actor(), idempotency_key=f"{key}-gui-lai" if key else None)

        commands = {
            "return": ("nominations.review", lambda: service.return_nomination(
                nomination_id, reason=text, actor=actor(), idempotency_key=form_key())),
            "resubmit": ("nominations.submit", lambda: resubmit()),
            "amend": ("nominations.submit", amend),
            "withdraw": ("nominations.submit", lambda: service.withdraw_nomination(
                nomination_id, reason=text, actor=actor(), idempotency_key=form_key())),
        }
        if action not in commands:
            errors["action"] = "Thao tác không hợp lệ."
        else:
            permission, command = commands[action]
            require(permission)
            if attempt(errors, command):
                flash("Đã cập nhật hồ sơ.", "ok")
                return redirect(url_for("pages.nomination", nomination_id=nomination_id))
        status = 400
    found = service.get_nomination(nomination_id)
    shown = {f: request.form.get(f, "") for f in WOMEN_FIELDS} \
        if action in ("amend", "resubmit") and request.method == "POST" \
        else _women_values(found["women"])
    return render_template(
        "nomination.html", n=found, statuses=STATUSES, kinds=SUBJECT_KINDS, routes=ROUTES,
        errors=errors, action=action, text=request.form.get("text", ""), women=shown,
        may_review=may("nominations.review"),
        may_submit=may("nominations.submit") and thidua().organisation.in_scope(
            actor(), UUID(found["unit_id"])),
        withdrawable=found["status"] in WITHDRAWABLE, key=new_key()), status
