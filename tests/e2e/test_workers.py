"""Several `thidua worker` processes on one PostgreSQL store: one leader per view, and a
take-over when the leader is killed under a stream of writes."""

from __future__ import annotations

import os
import signal
import socket
import threading
from pathlib import Path

import pytest

from services.actors import SYSTEM
from services.projections.leader import leaders
from services.projections.registry import all_projections
from services.projections.runner import open_view, rebuild, view_datastore
from services.store import init_store, open_thidua, store_status
from tests.support.processes import start_worker, stop, wait_until
from tests.support.projections import dump
from tests.support.scenarios import REVIEWER
from tests.support.standings_fixtures import build
from tests.support.stores import BALLOT_KEY, CHEAP_HASHER, TODAY, make_settings

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

VIEWS = {p.view for p in all_projections()}


def led_by(datastore: object, name: str) -> bool:
    found = leaders(datastore)
    return set(found) == VIEWS and all(
        row["worker"] == name and row["held"] for row in found.values())


def test_a_second_worker_takes_over_every_view_when_the_leader_is_killed(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    settings = make_settings("postgres", tmp_path, request)
    init_store(settings)
    app = open_thidua(settings, clock=lambda: TODAY, password_hasher=CHEAP_HASHER,
                      ballot_key=BALLOT_KEY)
    request.addfinalizer(app.close)
    world = build(app)
    datastore = view_datastore(app.store)
    host = socket.gethostname()

    first = start_worker(settings, tmp_path / "first.log")
    request.addfinalizer(lambda: stop(first))
    wait_until(lambda: led_by(datastore, f"{host}:{first.pid}"), "the first worker to lead")
    standings = next(p for p in all_projections() if p.view == "standings")
    head = app.store.last_position()
    wait_until(lambda: (open_view(app.store, standings).max_tracking_id(app.store.name)
                        or 0) >= head, "the first worker to project the fixture")
    cards_before = len(dump(open_view(app.store, standings))["scorecards"])
    second = start_worker(settings, tmp_path / "second.log")
    request.addfinalizer(lambda: stop(second))
    wait_until(lambda: b"projection worker started" in (tmp_path / "second.log").read_bytes(),
               "the second worker to start")

    # A stream of writes: each month, every unit self-assesses and is reviewed.
    stop_writing = threading.Event()
    taken_over = threading.Event()  # the last year's months wait for it: writes after it
    written: list[int] = []

    def write() -> None:
        # January and February 2020 are scored by the fixture.
        months = [f"{y}-{m:02d}" for y in range(2020, 2026) for m in range(1, 13)][2:]
        units = list(world["units"].values())
        for index, month in enumerate(months):
            if index == len(months) - 12:  # a busy machine may take over late
                taken_over.wait(timeout=300)
            for number, unit in enumerate(units):
                points = {"TT1": 10 + number, "TT2": 20, "TT3": 15 + len(written) % 10}
                for stage, actor in (("self", SYSTEM), ("review", REVIEWER)):
                    app.campaigns.post_scores(campaign_id=world["campaign"], subject_id=unit,
                                              period=month, stage=stage, scores=points,
                                              actor=actor)
                written.append(app.store.last_position())
            if stop_writing.is_set():
                return

    failures: list[BaseException] = []

    def writing() -> None:
        try:
            write()
        except BaseException as error:  # shown by the assertion below
            failures.append(error)

    writer = threading.Thread(target=writing)
    writer.start()
    try:
        start = open_view(app.store, standings).max_tracking_id(app.store.name) or 0
        wait_until(lambda: (open_view(app.store, standings).max_tracking_id(app.store.name)
                            or 0) > start + 20, "the leader to project the new scores")
        assert led_by(datastore, f"{host}:{first.pid}")  # the second only waits
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL
        wait_until(lambda: led_by(datastore, f"{host}:{second.pid}"),
                   "the second worker to take over every view")
        mark = len(written)
        taken_over.set()
        wait_until(lambda: len(written) > mark + 10 or failures, "writes after the take-over")
    finally:
        stop_writing.set()
        taken_over.set()
        writer.join(timeout=120)
    assert not writer.is_alive() and failures == []

    last = app.store.last_position()

    def caught_up() -> bool:
        return all((open_view(app.store, p).max_tracking_id(app.store.name) or 0) >= last
                   for p in all_projections())

    wait_until(caught_up, "the second worker to reach the head of the log")
    status = store_status(app.store)
    assert status["status"] == "ready" and set(status["leaders"]) == VIEWS
    for projection in all_projections():
        live = dump(open_view(app.store, projection))
        assert live == dump(rebuild(app.store, projection, drop_old=False)), projection.view
        if projection.view == "standings":  # one card per unit and month written
            assert len(live["scorecards"]) == cards_before + len(written)
    log = (tmp_path / "second.log").read_text()
    assert f"worker {host}:{second.pid} leads" in log
    assert stop(second) == 0, log[-5000:]
