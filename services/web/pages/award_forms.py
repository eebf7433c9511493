"""The award catalogue: every signed-in user reads it; an admin adds or changes an award."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.award_form import SUBJECT_KINDS
from events.rules import AWARDS, CATEGORIES, SYSTEMS
from services.web.pages.common import actor, attempt, bp, form_key, may, require, thidua

FIELDS = ("code", "name", "kind", "category", "system", "issuer_unit_code",
          "effective_from", "effective_to")


def _command(values: dict[str, Any]) -> dict[str, Any]:
    """The use case's arguments from the form (empty fields left out)."""
    coefficients = {kind: values[f"coefficient_{kind}"] for kind in SUBJECT_KINDS
                    if values.get(f"coefficient_{kind}")}
    return {"code": values["code"], "name": values["name"], "kind": values["kind"],
            "subject_kinds": values["subject_kinds"], "category": values["category"],
            "system": values["system"],
            "issuer_unit_code": values["issuer_unit_code"] or None,
            "effective_from": values["effective_from"] or None,
            "effective_to": values["effective_to"] or None,
            "prize_coefficients": coefficients or None}


@bp.route("/award-forms", methods=["GET", "POST"])
@login_required
def award_forms() -> Any:
    app = thidua()
    values: dict[str, Any] = {k: request.form.get(k, "") for k in FIELDS}
    values["subject_kinds"] = request.form.getlist("subject_kinds")
    for kind in SUBJECT_KINDS:
        values[f"coefficient_{kind}"] = request.form.get(f"coefficient_{kind}", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        require("award_forms.manage")
        done: dict[str, Any] = {}
        if attempt(errors, lambda: done.update(app.award_forms.define_form(
                **_command(values), actor=actor(), idempotency_key=form_key()))):
            flash(f"Đã ghi «{done['name']}» (mã {done['code']}).", "ok")
            return redirect(url_for("pages.award_forms"))
    categories = {a.code: a.name for a in AWARDS}
    return render_template(
        "award_forms.html", forms=app.award_forms.list_forms(), values=values, errors=errors,
        kinds=CATEGORIES, categories=categories, systems=SYSTEMS,
        subject_kinds=SUBJECT_KINDS, units=app.organisation.list_units(),
        may_manage=may("award_forms.manage")), 400 if errors else 200
