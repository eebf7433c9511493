"""What an operator collects from a real `thidua serve` (gunicorn with two workers and the
projection worker): JSON log lines joined by request id, and /metrics summed over every
process."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.projections.registry import all_projections
from services.store import init_store, open_thidua
from tests.support.metrics import samples, value
from tests.support.server import call, start_server, stop_server
from tests.support.stores import CHEAP_HASHER

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-quan-tri"


def test_json_logs_and_metrics_of_a_real_server(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    init_store(settings)
    app = open_thidua(settings, password_hasher=CHEAP_HASHER)
    try:
        app.accounts.create_user(username="quantri", password=PASSWORD, role="admin",
                                 actor=SYSTEM)
        first = app.store.last_position()
    finally:
        app.close()

    served = start_server(tmp_path, demo=False, workers=2)
    try:
        base = served.base
        status, body = call(f"{base}/api/v1/auth/token",
                            {"username": "quantri", "password": PASSWORD})
        assert status == 200, body
        token = body["token"]
        before = call(f"{base}/readyz")[1]["last_position"]
        request = urllib.request.Request(
            f"{base}/api/v1/units", method="POST",
            data=json.dumps({"code": "CDCS-LOG", "name": "Công đoàn ghi nhật ký"}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                     "X-Request-ID": "e2e-unit-1"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
            assert response.headers["X-Request-ID"] == "e2e-unit-1"  # echoed
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
            generated = response.headers["X-Request-ID"]  # none asked: a new one
        assert generated and generated != "e2e-unit-1"
        for _ in range(9):
            assert call(f"{base}/healthz")[0] == 200
        ready = call(f"{base}/readyz")[1]
        last = ready["last_position"]
        assert last > before

        def caught_up() -> bool:
            status, body = call(f"{base}/readyz")
            return status == 200 and not any(body["projection_lag"].values())

        deadline = time.monotonic() + 60
        while not caught_up():
            assert time.monotonic() < deadline, call(f"{base}/readyz")
            time.sleep(0.2)
        with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/plain; version=")
            found = samples(response.read().decode())
    finally:
        code = stop_server(served)
    assert code == 0

    # /metrics: the counts of both gunicorn workers together (multiprocess mode).
    assert value(found, "thidua_http_requests_total", method="GET", route="/healthz",
                 status="200") == 10
    assert value(found, "thidua_http_requests_total", method="POST", route="/api/v1/units",
                 status="201") == 1
    assert value(found, "thidua_http_request_duration_seconds_count", method="POST",
                 route="/api/v1/units") == 1
    assert value(found, "thidua_events_appended_total") == last - first  # sign-in and unit
    for projection in all_projections():
        assert value(found, "thidua_projection_position", view=projection.view) == last
        assert value(found, "thidua_projection_lag_events", view=projection.view) == 0
        assert value(found, "thidua_projection_stopped", view=projection.view) == 0

    # The logs: every line one JSON object.
    lines = [line for line in served.log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    assert all(isinstance(r, dict) and {"time", "level", "logger", "message"} <= set(r)
               for r in records)
    mine = [r for r in records if r.get("request_id") == "e2e-unit-1"]
    request_line = next(r for r in mine if r["logger"] == "thidua.request")
    assert request_line["method"] == "POST" and request_line["path"] == "/api/v1/units"
    assert request_line["status"] == 201 and request_line["actor"] == "quantri"
    assert request_line["positions"] == list(range(before + 1, last + 1))
    assert request_line["duration_ms"] > 0
    access_line = next(r for r in mine if r["logger"] == "gunicorn.access")
    assert access_line["method"] == "POST" and access_line["status"] == 201
    assert access_line["path"] == "/api/v1/units" and access_line["duration_ms"] > 0
    generated_lines = {r["logger"] for r in records if r.get("request_id") == generated}
    assert generated_lines == {"thidua.request", "gunicorn.access"}
    assert any(r["logger"] == "gunicorn.error" for r in records)  # gunicorn's own log too
    assert any(r["message"] == "projection worker started" for r in records)
