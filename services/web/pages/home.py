"""The home page of each role with its pending work, and the API's own docs page."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request
from flask_login import login_required

from services.actors import may as permissions
from services.queries.worklists import ReviewFilter
from services.web.consistency import read_position
from services.web.pages.common import actor, bp, thidua


@bp.get("/")
@login_required
def index() -> str:
    """The home page of the signed-in user's role, with its work lists as cards."""
    app = thidua()
    page = request.args.get("page", "")
    chosen = ReviewFilter(campaign_id=request.args.get("campaign_id") or None,
                          unit_id=request.args.get("unit_id") or None,
                          page=int(page) if page.isdigit() else 1)
    campaigns = app.campaigns.list_campaigns()
    return render_template(
        "index.html", campaigns=campaigns, may=permissions(actor()), chosen=chosen,
        work=app.pending.home(actor(), chosen, read_position()),
        units=app.organisation.list_units(),
        campaign_numbers={c["id"]: c["number"] for c in campaigns})


@bp.get("/api/docs")
def api_docs() -> Any:
    """Swagger UI, served from our own static files (no CDN)."""
    response = current_app.make_response(render_template("api_docs.html"))
    # Swagger UI sets inline styles; scripts stay limited to our own files.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'self'")
    return response
