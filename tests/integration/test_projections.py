"""Projections on a temporary SQLite file and on a fresh PostgreSQL schema."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, PersistenceError, StoredEvent, Tracking
from eventsourcing.tests import persistence as library_tests
from eventsourcing.utils import get_topic

from events.scorecard import Scorecard
from services.actors import SYSTEM
from services.app import ThiduaApplication
from services.config import Settings
from services.projections.registry import all_projections
from services.projections.runner import (
    catch_up,
    drop_generation,
    open_view,
    process_pages,
    rebuild,
    view_datastore,
)
from services.projections.standings import StandingsProjection
from services.projections.viewstore import Batch, ViewStore
from tests.support.projections import dump
from tests.support.scenarios import REVIEWER
from tests.support.standings_fixtures import build
from tests.support.stores import POSTGRES_URL, AppFactory, drop_schema

PROJECTION = StandingsProjection()


def comparable(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k not in ("as_of", "replayed", "stale")}


# --- the library's tracking-recorder suite on our view store -------------------------------

class ViewStoreOnSQLite(library_tests.TrackingRecorderTestCase):
    def setUp(self) -> None:
        from eventsourcing.sqlite import SQLiteDatastore

        self.path = Path(f"/tmp/thidua-view-{uuid.uuid4().hex}.db")
        self.datastore = SQLiteDatastore(str(self.path))

    def tearDown(self) -> None:
        self.datastore.close()
        self.path.unlink(missing_ok=True)

    def create_recorder(self) -> ViewStore:
        store = ViewStore(self.datastore, "standings", PROJECTION.tables)
        store.create_tables()
        return store


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_url")
class ViewStoreOnPostgres(library_tests.TrackingRecorderTestCase):
    def setUp(self) -> None:
        from eventsourcing.postgres import PostgresDatastore

        self.schema = f"thidua_test_{uuid.uuid4().hex[:12]}"
        settings = Settings(data_dir=Path("/tmp"), database_url=POSTGRES_URL,
                            database_schema=self.schema)
        from services.store import init_store

        init_store(settings)
        env = settings.eventsourcing_env()
        self.datastore = PostgresDatastore(
            dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"], schema=self.schema)

    def tearDown(self) -> None:
        self.datastore.close()
        drop_schema(self.schema)

    def create_recorder(self) -> ViewStore:
        store = ViewStore(self.datastore, "standings", PROJECTION.tables, generation=7)
        store.create_tables()
        return store


# --- exactly once, rebuild, replay ------------------------------------------------------

def test_a_page_is_never_applied_twice(store_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(store_settings)
    build(app)
    store = open_view(app.store, PROJECTION)
    catch_up(app.store, PROJECTION, store)
    before = dump(store)
    position = store.max_tracking_id(app.store.name)
    batch = Batch()
    batch.delete("subjects", (str(uuid.uuid4()),))
    batch.upsert("blocs", ("x",), {"code": "X", "name": "Khối giả"})
    with pytest.raises(IntegrityError):
        store.write(batch, Tracking(app.store.name, position))  # same position again
    assert dump(store) == before  # the rows of the refused page were rolled back


def test_a_poll_on_sqlite_writes_every_view_in_one_transaction_or_none(
    sqlite_settings: Settings, open_app: AppFactory
) -> None:
    """The worker on SQLite commits once a poll, not once a view (issue 12 follow-up: each
    commit is an fsync under the file's one write lock): all views move together, and an
    event one view cannot process leaves every view where it was."""
    app = open_app(sqlite_settings)
    build(app)
    # The standings (which cannot read the event below) last: written one transaction a
    # view, the views before it would have moved.
    views = [(p, open_view(app.store, p, create=True)) for p in reversed(all_projections())]
    assert views[-1][0].view == PROJECTION.view
    app.store.recorder.insert_events([StoredEvent(
        originator_id=uuid.uuid4(), originator_version=1,
        topic=get_topic(Scorecard.SelfAssessed), state=b'{"nonsense": true}')])
    with pytest.raises(KeyError):
        process_pages(app.store, views, page_size=100_000)
    assert {store.max_tracking_id(app.store.name) for _, store in views} == {None}

    others = views[:-1]
    consumed = process_pages(app.store, others, page_size=100_000)
    head = app.store.last_position()
    assert consumed == {projection.view: head for projection, _ in others}
    assert {store.max_tracking_id(app.store.name) for _, store in others} == {head}
    # The same rows as each view caught up alone.
    for projection, store in others:
        alone = ViewStore(view_datastore(app.store), projection.view, projection.tables,
                          generation=2)
        alone.create_tables()
        catch_up(app.store, projection, alone)
        assert dump(alone) == dump(store), projection.view


def test_a_bulk_page_replaces_the_rows_an_earlier_page_wrote(
    store_settings: Settings, open_app: AppFactory
) -> None:
    """A rebuild's page goes straight into the table (COPY on PostgreSQL); a key an earlier
    page wrote is upserted instead, the whole row replaced, in the same transaction."""
    app = open_app(store_settings)
    store = ViewStore(view_datastore(app.store), PROJECTION.view, PROJECTION.tables,
                      generation=90, bulk=True)
    store.create_tables(with_indexes=False)
    first = Batch()
    for key in ("a", "b"):
        first.upsert("blocs", (key,), {"code": key.upper(), "name": f"Khối {key}"})
    store.write(first, Tracking(app.store.name, 1))
    second = Batch()
    second.upsert("blocs", ("b",), {"code": "B2", "name": "Khối b đổi tên"})
    second.upsert("blocs", ("c",), {"code": "C", "name": "Khối c"})
    store.write(second, Tracking(app.store.name, 2))
    rows = store.fetchall(f"SELECT bloc_id, code, name FROM {store.table_name('blocs')} "
                          "ORDER BY bloc_id")
    assert [(r["bloc_id"], r["code"], r["name"]) for r in rows] == [
        ("a", "A", "Khối a"), ("b", "B2", "Khối b đổi tên"), ("c", "C", "Khối c")]
    assert store.max_tracking_id(app.store.name) == 2


def test_rebuild_equals_the_live_view_row_for_row(
    store_settings: Settings, open_app: AppFactory
) -> None:
    app = open_app(store_settings)
    build(app)
    live = open_view(app.store, PROJECTION)
    # Live: many small pages, as the worker sees a trickle of events.
    catch_up(app.store, PROJECTION, live, page_size=7)
    live_rows = dump(live)
    live_standings = app.standings.get(build_campaign(app), "2020-Q1")
    assert len(live_rows["scorecards"]) == 9

    seen: list[int] = []
    rebuilt = rebuild(app.store, PROJECTION, progress=seen.append)
    assert rebuilt.generation == live.generation + 1
    assert sum(seen) == app.store.last_position() or sum(seen) == app.store.event_count()
    assert open_view(app.store, PROJECTION).generation == rebuilt.generation
    assert dump(rebuilt) == live_rows
    assert comparable(app.standings.get(build_campaign(app), "2020-Q1")) == comparable(
        live_standings)
    assert live.active_generation() == rebuilt.generation
    with pytest.raises(PersistenceError):  # the old generation's tables are gone
        dump(live)
    with pytest.raises(ValueError, match="still active"):
        drop_generation(app.store, PROJECTION, rebuilt.generation)


def build_campaign(app: ThiduaApplication) -> str:
    return app.campaigns.list_campaigns()[0]["id"]


def test_replay_at_past_positions_and_times_equals_the_view_as_it_was(
    store_settings: Settings, open_app: AppFactory
) -> None:
    app = open_app(store_settings)
    data = build(app)
    campaign, units = data["campaign"], data["units"]
    live = open_view(app.store, PROJECTION)
    reader = app.standings
    captured: list[tuple[int, datetime, dict[str, Any], dict[str, Any]]] = []

    def capture() -> None:
        catch_up(app.store, PROJECTION, live)
        moment = datetime.now(UTC)
        time.sleep(0.01)  # later events get later timestamps
        captured.append((app.store.last_position(), moment,
                         comparable(reader.get(campaign, "2020-03")),
                         comparable(reader.get(campaign, "2020-Q1"))))

    capture()
    for step, (unit, points) in enumerate([("CDCS-BV", 30), ("CDCS-SNV", 18)]):
        app.campaigns.post_scores(campaign_id=campaign, subject_id=units[unit], period="2020-03",
                                  stage="self", scores={"TT1": points, "TT2": 30, "TT3": 20},
                                  actor=SYSTEM)
        capture()
        app.campaigns.post_scores(campaign_id=campaign, subject_id=units[unit], period="2020-03",
                                  stage="review" if step == 0 else "self",
                                  scores={"TT1": points - 1, "TT2": 30, "TT3": 20},
                                  actor=REVIEWER if step == 0 else SYSTEM)
        capture()
    assert len({c[2]["position"] for c in captured}) == len(captured)
    for position, moment, month, quarter in captured:
        assert comparable(reader.get(campaign, "2020-03", position=position)) == month
        assert comparable(reader.get(campaign, "2020-Q1", position=position)) == quarter
        replayed = reader.get(campaign, "2020-03", as_of=moment.isoformat())
        assert comparable(replayed) == month


# --- a worker killed in the middle of a batch -----------------------------------------

def _bulk_scorecards(app: ThiduaApplication, campaign: str, subjects: list[str],
                     months: list[str]) -> None:
    """Many scorecards at once (a few transactions), to give the worker a backlog."""
    rng = random.Random(7)
    registration = {s: app.campaigns.get_registration(uuid.UUID(campaign),
                                                      uuid.UUID(s)) for s in subjects}
    cards = []
    for subject in subjects:
        for month in months:
            reg = registration[subject]
            card = Scorecard(campaign_id=reg.campaign_id, subject_kind=reg.subject_kind,
                             subject_id=reg.subject_id, unit_id=reg.unit_id, period=month,
                             actor="seed")
            points = {"TT1": Decimal(rng.randint(10, 30)), "TT2": Decimal(rng.randint(10, 40)),
                      "TT3": Decimal(rng.randint(10, 30))}
            card.self_assess(points, actor="seed")
            if rng.random() < 0.8:
                card.review(points, actor="seed")
            cards.append(card)
    for start in range(0, len(cards), 400):
        app.store.save(*cards[start:start + 400])


def _worker(settings: Settings, page_size: int,
            poll_interval: float = 0.05) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env["THIDUA_DATA_DIR"] = str(settings.data_dir)
    if settings.database_url:
        env["THIDUA_DATABASE_URL"] = settings.database_url
    if settings.database_schema:
        env["THIDUA_DATABASE_SCHEMA"] = settings.database_schema
    thidua = Path(sys.executable).with_name("thidua")
    return subprocess.Popen([str(thidua), "worker", "--page-size", str(page_size),
                             "--poll-interval", str(poll_interval)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_worker_stops_on_sigterm_at_any_moment_even_twice(
    store_settings: Settings, open_app: AppFactory
) -> None:
    """`serve` and a process-group kill both send SIGTERM: the worker must stop cleanly
    (exit 0, "stopped" logged) whether the signal lands in a page, in a pause, or twice."""
    app = open_app(store_settings)
    build(app)
    rng = random.Random(5)
    for _ in range(4):
        worker = _worker(store_settings, page_size=5, poll_interval=0.001)
        assert worker.stderr is not None
        assert b"started" in worker.stderr.readline()
        time.sleep(rng.uniform(0, 0.3))
        worker.send_signal(signal.SIGTERM)
        time.sleep(rng.uniform(0, 0.002))
        worker.send_signal(signal.SIGTERM)
        code, log = worker.wait(timeout=30), worker.stderr.read().decode()
        assert code == 0 and "projection worker stopped" in log, log


def test_kill_9_in_the_middle_of_a_batch_then_restart_gives_the_same_view(
    store_settings: Settings, open_app: AppFactory
) -> None:
    app = open_app(store_settings)
    data = build(app)
    campaign = data["campaign"]
    subjects = []
    for i in range(60):
        unit = app.organisation.create_unit(code=f"CDCS-X{i}", name=f"Công đoàn cơ sở số {i}",
                                            parent_code="LDLD", actor=SYSTEM)
        app.campaigns.register(campaign_id=campaign, subject_kind="collective",
                               subject_id=unit["id"],
                               actor=SYSTEM)
        subjects.append(unit["id"])
    months = [f"2020-{m:02d}" for m in range(3, 13)] + [f"2021-{m:02d}" for m in range(1, 13)]
    _bulk_scorecards(app, campaign, subjects, months)
    head = app.store.last_position()
    view = open_view(app.store, PROJECTION)

    kills = 0
    rng = random.Random(11)
    while kills < 3:
        start = view.max_tracking_id(app.store.name) or 0
        worker = _worker(store_settings, page_size=250)
        # Wait for one committed page: the worker then goes straight on with the next one.
        deadline = time.monotonic() + 60
        while (view.max_tracking_id(app.store.name) or 0) == start and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.01))
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        assert worker.returncode == -signal.SIGKILL
        position = view.max_tracking_id(app.store.name) or 0
        assert start < position < head, (start, position, head)
        kills += 1

    worker = _worker(store_settings, page_size=250)
    deadline = time.monotonic() + 120
    while (view.max_tracking_id(app.store.name) or 0) < head and time.monotonic() < deadline:
        time.sleep(0.1)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0, worker.stderr.read() if worker.stderr else ""
    assert view.max_tracking_id(app.store.name) == head

    uninterrupted = ViewStore(view.datastore, PROJECTION.view, PROJECTION.tables,
                              generation=view.generation + 50)
    uninterrupted.create_tables()
    catch_up(app.store, PROJECTION, uninterrupted)
    assert dump(view) == dump(uninterrupted)
    assert len(dump(view)["scorecards"]) == 9 + 60 * len(months)
