"""What operators watch: ``/metrics`` (Prometheus), and every request counted, timed and
logged.

``init_app`` is the one call ``create_app`` makes. Each request gets an id (the caller's
``X-Request-ID`` when it is a sane one, else a new one), echoed in the answer's
``X-Request-ID``; its log line (``thidua.request``, one JSON object under gunicorn, see
``services/logs.py``) says the method, path, route, status, duration, actor and the
positions of the events it wrote.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request

from services.config import Settings
from services.logs import current_request_id
from services.metrics import (
    exposition,
    observe_request,
    start_collecting,
    stop_collecting,
    written,
)
from services.store import store_status

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
MAX_LAG_KEY = "THIDUA_MAX_LAG_SECONDS"
MAX_LOGGED_POSITIONS = 100  # a bigger write (an import) logs its first ones and the count

log = logging.getLogger("thidua.request")

bp = Blueprint("observability", __name__)


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus text format: the counters of every process, the projections' gauges."""
    try:
        status = store_status(current_app.extensions["thidua"].store)
    except Exception as exc:  # the counters still say something; the views cannot
        current_app.logger.warning("metrics: store not reachable: %s", exc)
        status = None
    body, content_type = exposition(status)
    return Response(body, content_type=content_type)


def request_id() -> str:
    """This request's id."""
    return g.get("request_id") or ""


def route() -> str:
    """The route that answered (its rule, so that ids do not make new series)."""
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def _started() -> None:
    asked = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = asked if REQUEST_ID.match(asked) else uuid.uuid4().hex
    g.request_started = time.perf_counter()
    start_collecting()
    current_request_id.set(g.request_id)


def _answered(response: Any) -> Any:
    started = g.get("request_started")
    if started is None:  # a request refused before our first hook ran
        return response
    seconds = time.perf_counter() - started
    observe_request(request.method, route(), response.status_code, seconds)
    response.headers[REQUEST_ID_HEADER] = request_id()
    positions = written()
    actor = g.get("actor")
    log.info("request", extra={
        "request_id": request_id(), "method": request.method, "path": request.path,
        "route": route(), "status": response.status_code,
        "duration_ms": round(seconds * 1000, 3),
        "actor": getattr(actor, "username", None),
        "positions": positions[:MAX_LOGGED_POSITIONS], "events_written": len(positions),
    })
    return response


def _finished(error: BaseException | None) -> None:
    stop_collecting()
    current_request_id.set(None)


def init_app(app: Flask, settings: Settings) -> None:
    app.config.setdefault(MAX_LAG_KEY, settings.max_lag_seconds)
    app.before_request(_started)
    app.after_request(_answered)
    app.teardown_request(_finished)
    app.register_blueprint(bp)
