"""`/metrics`: the names the issue lists, with the values known writes must give; `/readyz`
fails when a view lags beyond THIDUA_MAX_LAG_SECONDS."""

from __future__ import annotations

import dataclasses
import time

import pytest

from services.actors import SYSTEM
from services.config import ConfigurationError, Settings, load_settings
from services.projections.registry import all_projections
from services.web import create_app
from tests.support.api import Api
from tests.support.metrics import samples, value
from tests.support.projections import project_all
from tests.support.stores import AppFactory

VIEWS = sorted(p.view for p in all_projections())
UNITS = "/api/v1/units"


def scrape(api: Api) -> dict:
    response = api.client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    return samples(response.get_data(as_text=True))


def test_metrics_count_requests_events_and_the_views_positions(api: Api) -> None:
    before = scrape(api)
    first = api.app.store.last_position()
    for number in range(3):
        response = api.post("/units", {"code": f"CDCS-M{number}", "name": f"Công đoàn số {number}"})
        assert response.status_code == 201, response.json
    assert api.post("/units", {"code": "CDCS-M0", "name": "Trùng mã"}).status_code == 409
    assert api.get("/units").status_code == 200
    after = scrape(api)
    last = api.app.store.last_position()
    assert last > first

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("thidua_http_requests_total", method="POST", route=UNITS, status="201") == 3
    assert delta("thidua_http_requests_total", method="POST", route=UNITS, status="409") == 1
    assert delta("thidua_http_requests_total", method="GET", route=UNITS, status="200") == 1
    assert delta("thidua_http_request_duration_seconds_count", method="POST", route=UNITS) == 4
    assert delta("thidua_http_request_duration_seconds_bucket", method="POST", route=UNITS,
                 le="+Inf") == 4
    assert delta("thidua_events_appended_total") == last - first  # SQLite: no gaps
    # No worker runs here: every view is behind by the whole log.
    for view in VIEWS:
        assert value(after, "thidua_projection_position", view=view) == 0
        assert value(after, "thidua_projection_lag_events", view=view) == last
        assert value(after, "thidua_projection_lag_seconds", view=view) > 0
        assert value(after, "thidua_projection_stopped", view=view) == 0
    assert value(after, "thidua_store_last_position") == last

    project_all(api.app)
    projected = scrape(api)
    for view in VIEWS:
        assert value(projected, "thidua_projection_position", view=view) == last
        assert value(projected, "thidua_projection_lag_events", view=view) == 0
        assert value(projected, "thidua_projection_lag_seconds", view=view) == 0
    # /metrics counted itself: the two scrapes before this one.
    assert value(projected, "thidua_http_requests_total", method="GET", route="/metrics",
                 status="200") - value(before, "thidua_http_requests_total", method="GET",
                                       route="/metrics", status="200") == 2


def test_an_unknown_address_is_counted_without_making_a_series_per_path(api: Api) -> None:
    before = scrape(api)
    for path in ("/nowhere/1", "/nowhere/2"):
        assert api.client.get(path).status_code == 404
    after = scrape(api)
    labels = {"method": "GET", "route": "unmatched", "status": "404"}
    assert value(after, "thidua_http_requests_total", **labels) - value(
        before, "thidua_http_requests_total", **labels) == 2
    assert not any("nowhere" in str(key) for key in after)


def test_readyz_fails_while_a_view_lags_beyond_the_limit(
        sqlite_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(sqlite_settings)
    settings = dataclasses.replace(sqlite_settings, max_lag_seconds=0.2)
    client = create_app(settings, thidua=app).test_client()
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh",
                                 actor=SYSTEM)
    time.sleep(0.3)  # the written event has now waited longer than the limit
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["status"] == "lagging"
    assert sorted(ready.json["lagging"]) == VIEWS
    assert all(seconds > 0.2 for seconds in ready.json["lagging"].values())
    project_all(app)
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "ready", ready.json
    assert set(ready.json["lag_seconds"].values()) == {0}


@pytest.mark.parametrize("raw", ["0", "-5", "soon", "nan", "inf"])
def test_a_wrong_max_lag_is_refused_naming_the_variable(raw: str) -> None:
    with pytest.raises(ConfigurationError, match="THIDUA_MAX_LAG_SECONDS"):
        load_settings({"THIDUA_MAX_LAG_SECONDS": raw})
    assert load_settings({"THIDUA_MAX_LAG_SECONDS": "2.5"}).max_lag_seconds == 2.5
    assert load_settings({}).max_lag_seconds == 60
