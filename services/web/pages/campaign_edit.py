"""Launching a campaign from a page (/campaigns/new) and changing it until someone
registers (/campaigns/<id>/edit): the form of ``campaign_form``, the campaign use case."""

from __future__ import annotations

import uuid
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.campaign import CLASSIFICATIONS, SUBJECT_KINDS, THRESHOLD_KEYS
from events.errors import DomainError, PermissionDeniedError
from events.periods import CADENCE_NAMES
from services.web.pages import campaign_form as cf
from services.web.pages.common import actor, bp, form_key, new_key, require, thidua


def _choices() -> dict[str, Any]:
    app = thidua()
    return {"units": app.organisation.list_units(),
            "awards": [{"code": e.code, "name": e.name, "kinds": e.subject_kinds}
                       for e in app.award_forms.entries(on=app.store.clock())],
            "sectors": app.organisation.sector_names(), "kinds": SUBJECT_KINDS,
            "cadences": CADENCE_NAMES, "threshold_keys": THRESHOLD_KEYS,
            "classifications": CLASSIFICATIONS, "plan_sections": cf.PLAN_SECTIONS,
            "plan_texts": cf.PLAN_TEXTS, "signer_fields": cf.SIGNER, "labels": cf.LABELS}


def _submit(values: dict[str, Any], plan: dict[str, Any],
            save: Any) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """Save the form through ``save(definition)``; the campaign, or the errors by field."""
    definition: cf.Definition | None = None
    try:
        definition = cf.Definition(values, plan)
        return save(definition.data), {}
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        where, message = cf.form_error(exc, definition)
        return None, {where: message}


def _form(values: dict[str, Any], errors: dict[str, str], campaign: dict[str, Any] | None,
          status: int) -> Any:
    return render_template("campaign_form.html", values=values, errors=errors,
                           campaign=campaign, key=new_key(), **_choices()), status


@bp.route("/campaigns/new", methods=["GET", "POST"])
@login_required
def new_campaign() -> Any:
    require("campaigns.create")
    if request.method == "GET":
        return _form(cf.blank_values(), {}, None, 200)
    values = cf.posted_values(request.form)
    if request.form.get("action") == "more_rows":
        return _form(cf.with_blank_rows(values), {}, None, 200)
    saved, errors = _submit(values, {}, lambda data: thidua().campaigns.create_campaign(
        data, actor=actor(), idempotency_key=form_key()))
    if saved is None:
        return _form(cf.with_blank_rows(values, 1), errors, None, 400)
    flash(f"Đã phát động phong trào theo Kế hoạch số {saved['number']}.", "ok")
    return redirect(url_for("pages.campaign", campaign_id=saved["id"]))


@bp.route("/campaigns/<campaign_id>/edit", methods=["GET", "POST"])
@login_required
def edit_campaign(campaign_id: str) -> Any:
    require("campaigns.create")
    app = thidua()
    campaign = app.campaigns.campaign_details(campaign_id)
    refused = app.campaigns.revision_refused(campaign_id)
    if refused:  # no form: say why, offer the way on
        return render_template("campaign_form.html", campaign=campaign, refused=refused,
                               values=None, errors={}, key=None, **_choices()), \
            409 if request.method == "POST" else 200
    issuer = app.organisation.get_unit(uuid.UUID(campaign["issuer_unit_id"])).code
    if request.method == "GET":
        return _form(cf.values_of(campaign, issuer), {}, campaign, 200)
    values = cf.posted_values(request.form)
    values["code"] = campaign["code"]  # the code names the campaign: it stays
    if request.form.get("action") == "more_rows":
        return _form(cf.with_blank_rows(values), {}, campaign, 200)
    saved, errors = _submit(values, campaign["plan"], lambda data: app.campaigns.revise_campaign(
        campaign_id, data, actor=actor(), idempotency_key=form_key()))
    if saved is None:
        return _form(cf.with_blank_rows(values, 1), errors, campaign, 400)
    flash(f"Đã lưu Kế hoạch số {saved['number']}.", "ok")
    return redirect(url_for("pages.campaign", campaign_id=saved["id"]))
