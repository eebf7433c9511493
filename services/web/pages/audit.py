"""Auditors and admins read everything here and write nothing: the event browser, an
aggregate's history and state, the chain check."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import login_required

from events.errors import DomainError, NotFoundError
from services.audit.history import EVENT_NAMES
from services.audit.service import AuditService
from services.web.pages.common import actor, bp, require, thidua

AUDIT_FILTERS = ("from", "to", "actor", "unit_code", "event_type", "campaign_id", "aggregate_id")
PROBLEMS = {"modified": "bị sửa", "moved": "bị đảo thứ tự", "deleted": "bị xoá",
            "inserted": "bị chèn thêm", "broken": "đứt chuỗi", "truncated": "mất phần cuối",
            "seal": "sai niêm phong"}


def _audit() -> AuditService:
    require("audit.read")  # a refusal is the 403 page of the blueprint
    return thidua().audit


@bp.get("/audit")
@login_required
def audit_events() -> Any:
    audit = _audit()
    form = {key: (request.args.get(key) or "").strip() for key in AUDIT_FILTERS}
    cursor = request.args.get("cursor", "")
    page, error, status = None, None, 200
    try:
        q = audit.query(start=form["from"] or None, end=form["to"] or None,
                        actor_name=form["actor"] or None, unit_code=form["unit_code"] or None,
                        campaign_id=form["campaign_id"] or None,
                        event_type=form["event_type"] or None,
                        aggregate_id=form["aggregate_id"] or None,
                        cursor=int(cursor) if cursor.isdigit() else None)
        page = audit.events(actor(), q)
    except DomainError as exc:
        error, status = exc, 400
    return render_template(
        "audit_events.html", form=form, page=page, error=error, event_names=EVENT_NAMES,
        campaigns=thidua().campaigns.list_campaigns(),
        query_args={k: v for k, v in form.items() if v}), status


@bp.get("/audit/aggregates/<aggregate_id>")
@login_required
def audit_history(aggregate_id: str) -> Any:
    audit = _audit()
    try:
        history = audit.history(actor(), aggregate_id)
    except NotFoundError:
        raise
    except DomainError as exc:
        return render_template("message.html", title="Mã không hợp lệ",
                               message=exc.message), 400
    version = request.args.get("version", "")
    state, error, status = None, None, 200
    if version:
        try:
            state = audit.state_in_words(actor(), aggregate_id, int(version) if version.isdigit()
                                else -1)
        except DomainError as exc:
            error, status = exc, 400
    return render_template("audit_history.html", history=history, state=state,
                           error=error), status


@bp.get("/audit/verify")
@login_required
def audit_verify() -> Any:
    return render_template("audit_verify.html", report=_audit().verify(actor()),
                           kinds=PROBLEMS)
