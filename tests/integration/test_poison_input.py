"""One request must not stop the service: text that no field may hold is refused naming the
field, on every path, and a view that cannot process an event stops alone and says so.

Before: a NUL in a name was accepted (201); on PostgreSQL the projection worker then died on
every start, `thidua serve` stopped gunicorn with it and rebuilds failed.
"""

from __future__ import annotations

import io
import json
import threading
import time
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic
from openpyxl import load_workbook

from events.errors import InvalidInputError
from events.person import Person
from events.scorecard import Scorecard
from services.actors import SYSTEM, Actor
from services.config import Settings
from services.projections.awards import AwardsProjection
from services.projections.registry import all_projections
from services.projections.runner import Worker, open_view
from services.projections.standings import StandingsProjection
from services.web import create_app
from tests.support.api import Api, assert_refused, browser_login
from tests.support.awards_world import AWARDS_TODAY, build_world, nominate
from tests.support.metrics import samples, value
from tests.support.projections import project_all
from tests.support.standings_fixtures import build as build_standings
from tests.support.stores import AppFactory


@pytest.mark.parametrize("name, bad", [("Lò Thị\x00 Hương", "U+0000"),
                                       ("Công đoàn\x0e cơ sở", "U+000E"),
                                       ("Tab\tgiữa tên", "U+0009"),
                                       ("Dòng\nmới", "U+000A"),
                                       ("C1 \x85 control", "U+0085"),
                                       ("Xóa \x7f", "U+007F")])
def test_a_name_with_a_control_character_is_refused_naming_the_field(
        api: Api, name: str, bad: str) -> None:
    assert api.post("/units", {"code": "LDLD", "name": "Liên đoàn"}).status_code == 201
    before = api.app.store.event_count()
    response = api.post("/people", {"full_name": name, "unit_code": "LDLD"})
    assert_refused(api, response, 400, "full_name", bad, before)
    response = api.post("/units", {"code": "CDCS-X", "name": name, "parent_code": "LDLD"})
    assert_refused(api, response, 400, "name", "ký tự điều khiển", before)


def test_a_multi_line_field_keeps_tabs_and_line_breaks_but_not_other_controls(
        api: Api) -> None:
    world = build_world(api.app, members=3, schools=2, others=1)
    api.app.store.clock = lambda: AWARDS_TODAY
    body = {"subject_kind": "collective", "subject_id": world.units["GD1"],
            "award": "bang_khen_tinh", "year": 2025, "route": "phong_trao"}
    path = f"/campaigns/{world.campaign}/nominations"
    ok = api.post(path, {**body, "summary": "Thành tích:\n\t- dẫn đầu khối\r\n\t- đạt HTXS"})
    assert ok.status_code == 201, ok.json
    assert ok.json["summary"] == "Thành tích: - dẫn đầu khối - đạt HTXS"
    before = api.app.store.event_count()
    refused = api.post(path, {**body, "subject_id": world.units["HC1"],
                              "summary": "Thành tích\x00 ẩn"})
    assert_refused(api, refused, 400, "summary", "U+0000", before)


def test_the_store_refuses_such_text_whatever_path_it_came_by(
        store_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(store_settings)
    unit = app.organisation.create_unit(code="LDLD", name="Liên đoàn", actor=SYSTEM)
    before = app.store.event_count()
    # A person built without the use case (an import, a script): no clean_text ran.
    person = Person(full_name="Nguyễn\x00Văn A", unit_id=unit["id"], position="",
                    is_leader=False, actor="script")
    with pytest.raises(InvalidInputError) as refused:
        app.store.save(person)
    assert refused.value.field == "full_name"
    assert app.store.event_count() == before


def insert_raw(app, topic: str, state: dict) -> int:
    """An event as a store written before these checks may hold it."""
    app.store.recorder.insert_events([StoredEvent(
        originator_id=uuid4(), originator_version=1, topic=topic,
        state=json.dumps(state).encode())])
    return app.store.last_position()


def run_worker(app, seconds: float, projections=None) -> Worker:
    worker = Worker(app.store, projections or all_projections(), poll_interval=0.02)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    time.sleep(seconds)
    worker.stop()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return worker


def test_a_view_that_cannot_process_an_event_stops_alone_and_says_so(
        store_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(store_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    poison = insert_raw(app, get_topic(Scorecard.SelfAssessed), {"nonsense": True})
    after = nominate(world, "collective", "GD1", "bang_khen_tinh")  # written after it

    worker = run_worker(app, 1.5)

    standings = open_view(app.store, StandingsProjection())
    awards = open_view(app.store, AwardsProjection())
    assert standings.max_tracking_id(app.store.name) == poison - 1  # kept its position
    failure = standings.failure()
    assert failure is not None and failure["position"] == poison
    assert "KeyError" in failure["error"] and failure["attempts"] >= 1
    # The other views go on past the poison event.
    assert awards.max_tracking_id(app.store.name) == app.store.last_position()
    assert awards.failure() is None
    board = app.awards.nominations(world.campaign)
    assert [r["id"] for r in board["rows"]] == [after["id"]]
    assert "standings" in worker.failing and "awards" not in worker.failing

    # The web tier goes on; /readyz names the stopped view.
    client = create_app(store_settings, thidua=app).test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["status"] == "degraded"
    assert list(ready.json["stopped"]) == ["standings"]
    assert ready.json["stopped"]["standings"]["position"] == poison
    assert client.get("/healthz").status_code == 200
    # /metrics says the same: the stopped view at 1 (behind by the events from the poison
    # one on), every other view at 0 and caught up.
    found = samples(client.get("/metrics").get_data(as_text=True))
    last = app.store.last_position()
    for projection in all_projections():
        stopped = projection.view == "standings"
        assert value(found, "thidua_projection_stopped", view=projection.view) == stopped
        assert value(found, "thidua_projection_position", view=projection.view) == (
            poison - 1 if stopped else last)
        assert value(found, "thidua_projection_lag_events", view=projection.view) == (
            last - poison + 1 if stopped else 0)

    # Auditors still see the row, as one that cannot be read, instead of an error page.
    auditor = Actor(username="thanhtra", role="auditor")
    shown = app.audit.events(auditor, app.audit.query(event_type="Scorecard.SelfAssessed"))
    assert [e["position"] for e in shown["events"]] == [poison]
    assert "Không đọc được nội dung" in shown["events"][0]["summary"]


class FailsOnce(StandingsProjection):
    """The standings projection with a fault on its first page (a lost connection)."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def apply(self, topic, originator_id, state, batch) -> None:  # type: ignore[no-untyped-def]
        if not self.failed:
            self.failed = True
            raise ConnectionError("the database went away")
        super().apply(topic, originator_id, state, batch)


def test_a_stopped_view_runs_again_when_the_fault_is_gone(
        sqlite_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    build_world(app, members=3, schools=2, others=1)
    projection = FailsOnce()
    worker = run_worker(app, 2.5, [projection])  # the first retry comes after 1 s
    view = open_view(app.store, projection)
    assert projection.failed and worker.failing == {}
    assert view.failure() is None
    assert view.max_tracking_id(app.store.name) == app.store.last_position()


def test_a_nul_stored_before_the_checks_stops_only_the_views_of_postgres(
        store_settings: Settings, open_app: AppFactory) -> None:
    """SQLite keeps a NUL in a text column; PostgreSQL refuses it, so there the standings
    view stops on that event while every other view goes on."""
    app = open_app(store_settings)
    unit = app.organisation.create_unit(code="LDLD", name="Liên đoàn", actor=SYSTEM)
    person = Person(full_name="LòQQVăn", unit_id=UUID(unit["id"]), position="",
                    is_leader=False, actor="old")
    stored = app.store.mapper.to_stored_event(person.collect_events()[0])
    app.store.recorder.insert_events([StoredEvent(
        originator_id=stored.originator_id, originator_version=1, topic=stored.topic,
        state=stored.state.replace(b"QQ", b"\\u0000"))])
    poison = app.store.last_position()

    run_worker(app, 1.5)

    failure = open_view(app.store, StandingsProjection()).failure()
    if store_settings.backend == "postgres":
        assert failure is not None and failure["position"] == poison
    else:
        assert failure is None
    assert open_view(app.store, AwardsProjection()).failure() is None
    assert open_view(app.store, AwardsProjection()).max_tracking_id(app.store.name) == poison


def test_exports_and_the_chart_show_old_control_characters_instead_of_failing(
        sqlite_settings: Settings, open_app: AppFactory) -> None:
    """A name stored before the checks (here, with U+000E) made standings.xlsx and the
    chart answer 500 for the whole period."""
    app = open_app(sqlite_settings)
    ids = build_standings(app)
    unit = app.store.repository.get(UUID(ids["units"]["CDCS-QT"]))
    unit.rename(name="Trường QQ Quyết Thắng", actor="old")
    stored = app.store.mapper.to_stored_event(unit.collect_events()[0])
    app.store.recorder.insert_events([StoredEvent(
        originator_id=stored.originator_id, originator_version=stored.originator_version,
        topic=stored.topic, state=stored.state.replace(b"QQ", b"\\u000e"))])
    project_all(app)
    client = create_app(sqlite_settings, thidua=app).test_client()
    app.accounts.create_user(username="xem", password="mat-khau-dai", role="auditor",
                             actor=SYSTEM)
    browser_login(client, "xem", "mat-khau-dai")
    campaign = ids["campaign"]
    sheet = client.get(f"/campaigns/{campaign}/standings.xlsx?period=2020-01")
    assert sheet.status_code == 200
    names = [c.value for row in load_workbook(io.BytesIO(sheet.data)).active.iter_rows()
             for c in row if isinstance(c.value, str)]
    assert "Trường \ufffd Quyết Thắng" in names
    chart = client.get(f"/campaigns/{campaign}/standings.svg?period=2020-01")
    assert chart.status_code == 200 and "Trường \ufffd Quyết Thắng" in chart.get_data(
        as_text=True)
