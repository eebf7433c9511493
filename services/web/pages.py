"""Server-rendered pages in Vietnamese, behind a session login."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, current_app, g, render_template, request
from flask_login import login_required

from events.campaign import CLASSIFICATIONS, SUBJECT_KINDS
from events.errors import DomainError
from events.values import format_points
from services.standings import StandingsReader
from services.web.consistency import read_position
from services.web.downloads import standings_download

bp = Blueprint("pages", __name__)


def _points(value: Decimal | None) -> str:
    return "" if value is None else format_points(value)


@bp.before_request
def _actor() -> None:
    from flask_login import current_user

    if current_user.is_authenticated:
        g.actor = current_user.actor


@bp.get("/")
@login_required
def index() -> str:
    """The home page of the signed-in user's role, with its pending work."""
    from uuid import UUID

    from services.actors import ALLOWED
    from services.projections.runner import current_view
    from services.projections.standings import StandingsProjection, pending_reviews

    app = current_app.extensions["thidua"]
    actor = g.actor
    may = {action: actor.role in roles for action, roles in ALLOWED.items()}
    reviews: list[dict[str, Any]] = []
    if may["scores.review"]:
        view, _ = current_view(app, StandingsProjection(), read_position())
        reviews = [r for r in pending_reviews(view, limit=200)
                   if app.in_scope(actor, UUID(r["unit_id"]))][:50]
    from services.web.award_pages import pending_work

    return render_template("index.html", campaigns=app.list_campaigns(), may=may,
                           reviews=reviews, work=pending_work())


def _query() -> dict[str, Any]:
    return {
        "period": (request.args.get("period") or "").strip() or None,
        "subject_kind": request.args.get("subject_kind") or None,
        "as_of": request.args.get("as_of") or None,
    }


@bp.get("/campaigns/<campaign_id>/standings")
@login_required
def standings(campaign_id: str) -> Any:
    app = current_app.extensions["thidua"]
    campaign = app.campaign_details(campaign_id)
    query = _query()
    result, error, status = None, None, 200
    if query["period"]:
        try:
            result = StandingsReader(app).get(campaign_id, **query, wait_for=read_position())
        except DomainError as exc:
            error, status = exc, 400
    criteria = sorted({code for row in (result or {}).get("rows", []) for code in row["criteria"]})
    kinds = {t["subject_kind"]: SUBJECT_KINDS[t["subject_kind"]] for t in campaign["tracks"]}
    return render_template(
        "standings.html", campaign=campaign, query=query, result=result, error=error,
        criteria=criteria, kinds=kinds, classifications=CLASSIFICATIONS, points=_points,
        query_args={k: v for k, v in query.items() if v},
    ), status


@bp.get("/campaigns/<campaign_id>/standings.svg")
@login_required
def standings_svg(campaign_id: str) -> Any:
    """The standings of a period as a bar chart (an <img> of the standings page)."""
    from flask import Response

    from services.web.charts import standings_chart

    app = current_app.extensions["thidua"]
    query = {k: v for k, v in _query().items() if v}
    result = StandingsReader(app).get(campaign_id, **query, wait_for=read_position())
    kind = SUBJECT_KINDS[result["subject_kind"]]
    svg = standings_chart(result, f"Tổng điểm kỳ {result['period']} ({kind})")
    response = Response(svg, mimetype="image/svg+xml")
    # An image: its own styles only, nothing else loads.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/campaigns/<campaign_id>/standings.xlsx")
@login_required
def standings_xlsx(campaign_id: str) -> Any:
    query = {k: v for k, v in _query().items() if v}
    return standings_download(current_app.extensions["thidua"], campaign_id,
                              {**query, "wait_for": read_position()})


def _documents_page(verified: dict[str, Any] | None = None, error: DomainError | None = None,
                    status: int = 200) -> Any:
    from services.documents import DocumentService

    documents = DocumentService(current_app.extensions["thidua"]).list_documents()
    return render_template("documents.html", documents=documents, verified=verified,
                           error=error), status


@bp.get("/documents")
@login_required
def documents() -> Any:
    return _documents_page()


@bp.post("/documents/verify")
@login_required
def verify_document() -> Any:
    # Verifying writes nothing, so a forged cross-site post could learn nothing new.
    from services.web.documents_api import verify_upload

    try:
        return _documents_page(verified=verify_upload(request.files.get("file")))
    except DomainError as exc:
        return _documents_page(error=exc, status=400)


@bp.get("/campaigns/<campaign_id>/plan.docx")
@login_required
def plan_docx(campaign_id: str) -> Any:
    from services.web.documents_api import plan

    return plan(campaign_id, g.actor)


@bp.get("/api/docs")
def api_docs() -> Any:
    """Swagger UI, served from our own static files (no CDN)."""
    response = current_app.make_response(render_template("api_docs.html"))
    # Swagger UI sets inline styles; scripts stay limited to our own files.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'self'")
    return response


# --- audit: auditors and admins read everything, write nothing ------------------------------

def _audit() -> Any:
    from services.actors import check_allowed
    from services.audit.service import AuditService

    check_allowed(g.actor, "audit.read")
    return AuditService(current_app.extensions["thidua"])


def _denied(error: DomainError) -> Any:
    return render_template("message.html", title="Không có quyền", message=error.message), 403


AUDIT_FILTERS = ("from", "to", "actor", "unit_code", "event_type", "campaign_id", "aggregate_id")


@bp.get("/audit")
@login_required
def audit_events() -> Any:
    from events.errors import PermissionDeniedError
    from services.audit.history import EVENT_NAMES

    try:
        audit = _audit()
    except PermissionDeniedError as exc:
        return _denied(exc)
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
        page = audit.events(g.actor, q)
    except DomainError as exc:
        error, status = exc, 400
    return render_template(
        "audit_events.html", form=form, page=page, error=error, event_names=EVENT_NAMES,
        campaigns=current_app.extensions["thidua"].list_campaigns(),
        query_args={k: v for k, v in form.items() if v}), status


@bp.get("/audit/aggregates/<aggregate_id>")
@login_required
def audit_history(aggregate_id: str) -> Any:
    from events.errors import NotFoundError, PermissionDeniedError

    try:
        audit = _audit()
        history = audit.history(g.actor, aggregate_id)
    except PermissionDeniedError as exc:
        return _denied(exc)
    except NotFoundError as exc:
        return render_template("message.html", title="Không tìm thấy",
                               message=exc.message), 404
    except DomainError as exc:
        return render_template("message.html", title="Mã không hợp lệ",
                               message=exc.message), 400
    version = request.args.get("version", "")
    state, error, status = None, None, 200
    if version:
        try:
            state = audit.state(g.actor, aggregate_id, int(version) if version.isdigit()
                                else -1)
        except DomainError as exc:
            error, status = exc, 400
    return render_template("audit_history.html", history=history, state=state,
                           error=error), status


@bp.get("/audit/verify")
@login_required
def audit_verify() -> Any:
    from events.errors import PermissionDeniedError

    try:
        report = _audit().verify(g.actor)
    except PermissionDeniedError as exc:
        return _denied(exc)
    kinds = {"modified": "bị sửa", "moved": "bị đảo thứ tự", "deleted": "bị xoá",
             "inserted": "bị chèn thêm", "broken": "đứt chuỗi", "truncated": "mất phần cuối",
             "seal": "sai niêm phong"}
    return render_template("audit_verify.html", report=report, kinds=kinds)
