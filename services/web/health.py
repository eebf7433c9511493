"""Liveness and readiness."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from services.store import store_status

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return jsonify({"status": "alive"})


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    try:
        status = store_status(current_app.extensions["thidua"].store,
                              max_lag_seconds=current_app.config.get("THIDUA_MAX_LAG_SECONDS"))
    except Exception as exc:  # any store failure means "not ready", with the reason
        current_app.logger.warning("readyz: store not reachable: %s", exc)
        return jsonify({"status": "unavailable", "reason": type(exc).__name__}), 503
    if status["stopped"]:
        names = ", ".join(sorted(status["stopped"]))
        current_app.logger.error("readyz: views stopped on an event: %s", names)
        return jsonify(status), 503
    if status.get("lagging"):
        names = ", ".join(sorted(status["lagging"]))
        current_app.logger.warning("readyz: views lag behind the log: %s", names)
        return jsonify(status), 503
    return jsonify(status)
