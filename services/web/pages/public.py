"""Công khai: the public page (no sign-in) with the proposed lists still open and the
decisions issued, and a comment form for each open list; and the secretary's page that
reads the comments.

The public page shows only what ``Notices.public_view`` gives it: names, units, award
forms, decision numbers and dates. A comment is checked by the use case (NFC, length,
control characters, a few an hour from one client address)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.errors import DomainError, ThrottledError
from events.notice import MAX_COMMENT
from services.web.pages.common import (
    actor,
    attempt,
    bp,
    form_key,
    form_message,
    may,
    new_key,
    require,
    thidua,
)

PUBLIC_FIELDS = {"text": "Nội dung ý kiến", "nomination_id": "Ý kiến về",
                 "notice_id": "Danh sách"}  # the fields as the form calls them


def _public(errors: dict[str, str] | None = None, status: int = 200,
            form: dict[str, str] | None = None) -> Any:
    """The page; ``errors`` beside the fields of the form that was sent (``form``)."""
    view = thidua().notices.public_view()
    return render_template("public.html", view=view, errors=errors or {}, form=form or {},
                           max_comment=MAX_COMMENT), status


@bp.get("/cong-khai")
def public_notices() -> Any:
    """Open proposed lists and issued decisions, for anyone."""
    return _public()


@bp.post("/cong-khai")
def public_comment() -> Any:
    """A comment from the public on an open list (CSRF-protected like every form)."""
    form = {k: request.form.get(k, "") for k in ("notice_id", "entry", "text")}
    try:
        thidua().notices.comment(form["notice_id"], text=form["text"],
                                 entry=form["entry"] or None,
                                 address=request.remote_addr or "")
    except DomainError as error:
        message = form_message(error)
        for field, label in PUBLIC_FIELDS.items():
            message = message.replace(f"«{field}»", f"«{label}»")
        status = 429 if isinstance(error, ThrottledError) else \
            404 if error.code == "not_found" else 422
        field = error.field if error.field in ("text", "nomination_id") else "form"
        page, status = _public({field: message}, status, form)
        if isinstance(error, ThrottledError):
            return page, status, {"Retry-After": str(error.retry_after)}
        return page, status
    flash("Đã nhận ý kiến của bạn. Cảm ơn bạn đã góp ý.", "ok")
    return redirect(url_for("pages.public_notices") + f"#ds-{form['notice_id']}")


@bp.route("/notices", methods=["GET", "POST"])
@login_required
def notices() -> Any:
    """The published lists with the public's comments, for the secretary, and the form
    that publishes a campaign's proposed list."""
    require("notices.read")
    app = thidua()
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        require("notices.publish")
        made: dict[str, Any] = {}
        if attempt(errors, lambda: made.update(app.notices.publish(
                campaign_id=request.form.get("campaign_id", ""),
                unit_code=request.form.get("unit_code", ""),
                nomination_ids=request.form.getlist("nomination_ids"), actor=actor(),
                idempotency_key=form_key()))):
            flash(f"Đã công khai danh sách đến hết ngày {made['closes_on']:%d/%m/%Y}.", "ok")
            return redirect(url_for("pages.notices") + f"#ds-{made['id']}")
        status = 400
    publishing = may("notices.publish")
    campaigns = app.campaigns.list_campaigns() if publishing else []
    campaign = request.values.get("campaign_id") or (campaigns[0]["id"] if campaigns else "")
    return render_template(
        "notices.html", rows=app.notices.list_notices(actor=actor()), publishing=publishing,
        campaigns=campaigns, campaign=campaign,
        candidates=app.notices.candidates(campaign, actor=actor())
        if publishing and campaign else [],
        units=app.organisation.list_units() if publishing else [],
        chosen=request.form.getlist("nomination_ids"), unit=request.form.get("unit_code", ""),
        errors=errors, key=new_key()), status


def comment_counts(campaign_id: object = None) -> dict[str, dict[str, Any]]:
    """For the council and nominations pages: per nomination on a published list, the
    public's comments about it and about the whole list, and that list (its anchor on
    /notices). Empty for a user who may not read the comments."""
    if not may("notices.read"):
        return {}
    counts: dict[str, dict[str, Any]] = {}
    for notice in thidua().notices.list_notices(actor=actor(), campaign_id=campaign_id):
        comments = notice["comments"]
        general = sum(1 for c in comments if not c["nomination_id"])
        for entry in notice["entries"]:
            own = sum(1 for c in comments if c["nomination_id"] == entry["nomination_id"])
            # newest list first: a nomination published again counts its latest list
            counts.setdefault(entry["nomination_id"], {
                "own": own, "general": general, "total": own + general,
                "notice_id": notice["id"]})
    return counts
