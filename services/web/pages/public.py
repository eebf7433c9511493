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
from services.web.pages.common import actor, bp, form_message, require, thidua

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


@bp.get("/notices")
@login_required
def notices() -> Any:
    """The published lists with the public's comments, for the secretary."""
    require("notices.read")
    rows = thidua().notices.list_notices(actor=actor())
    return render_template("notices.html", rows=rows)
