"""Standings: ranking with ties, roll-ups, classification, corrections, pending cards."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from events.errors import InvalidInputError
from services.app import ThiduaApplication
from services.projections.registry import all_projections
from services.projections.runner import Worker
from tests.support.projections import project_all
from tests.support.standings_fixtures import build


@pytest.fixture
def built(memory_app: ThiduaApplication) -> dict[str, Any]:
    data = build(memory_app)
    project_all(memory_app)
    return data


def rows_by_unit(app: ThiduaApplication, result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["unit_code"]: row for row in result["rows"]}


def test_monthly_standings_rank_classify_and_tie(memory_app, built) -> None:
    result = memory_app.standings.get(built["campaign"], "2020-01")
    rows = rows_by_unit(memory_app, result)
    # Ties share a rank and the next rank skips: 95, 80, 80, 60 → 1, 2, 2, 4.
    assert result["subject_kind"] == "collective"
    assert [rows[c]["rank"] for c in ["CDCS-LQD", "CDCS-QT", "CDCS-STC", "CDCS-SNV"]] == [
        1, 2, 2, 4]
    assert rows["CDCS-LQD"]["total"] == Decimal(95)
    assert rows["CDCS-LQD"]["classification"] == "HTXS"
    assert rows["CDCS-QT"]["classification"] == "HTT"
    assert rows["CDCS-SNV"]["classification"] == "HT"
    assert rows["CDCS-LQD"]["criteria"] == {"TT1": Decimal(30), "TT2": Decimal(38),
                                            "TT3": Decimal(27)}


def test_a_self_assessment_alone_shows_as_pending_without_rank(memory_app, built) -> None:
    result = memory_app.standings.get(built["campaign"], "2020-01")
    pending = rows_by_unit(memory_app, result)["CDCS-BV"]
    assert pending["status"] == "pending"
    assert pending["rank"] is None and pending["classification"] is None
    assert pending["periods_pending"] == 1
    assert result["rows"][-1]["unit_code"] == "CDCS-BV"  # listed after the ranked ones


def test_ranks_within_unit_and_bloc_and_bloc_leaders(memory_app, built) -> None:
    result = memory_app.standings.get(built["campaign"], "2020-01")
    rows = rows_by_unit(memory_app, result)
    assert rows["CDCS-QT"]["bloc_rank"] == 2 and rows["CDCS-LQD"]["bloc_rank"] == 1
    assert rows["CDCS-STC"]["bloc_rank"] == 1 and rows["CDCS-SNV"]["bloc_rank"] == 2
    assert rows["CDCS-BV"]["bloc_rank"] is None
    assert rows["CDCS-LQD"]["unit_rank"] == 1  # each collective is alone in its unit
    assert result["bloc_leaders"] == {"KHOI-GD": [built["units"]["lqd"]],
                                      "KHOI-HC": [built["units"]["stc"]]}


def test_a_correction_replaces_the_reviewed_score(memory_app, built) -> None:
    result = memory_app.standings.get(built["campaign"], "2020-02")
    rows = rows_by_unit(memory_app, result)
    assert rows["CDCS-STC"]["total"] == Decimal(60)  # 90 reviewed, TT2 35 → 5
    assert rows["CDCS-STC"]["criteria"]["TT2"] == Decimal(5)
    assert rows["CDCS-SNV"]["classification"] == "KHT"  # 45 < 50
    assert [rows[c]["rank"] for c in ["CDCS-QT", "CDCS-LQD", "CDCS-STC", "CDCS-SNV"]] == [
        1, 2, 3, 4]
    history = memory_app.campaigns.get_scorecard(built["campaign"], built["units"]["stc"],
                                                 "2020-02")
    assert history["corrections"][0]["before"]["TT2"] == Decimal(35)  # history kept


def test_quarter_rolls_up_months(memory_app, built) -> None:
    result = memory_app.standings.get(built["campaign"], "2020-Q1")
    rows = rows_by_unit(memory_app, result)
    assert rows["CDCS-QT"]["total"] == Decimal(165)  # 80 + 85
    assert rows["CDCS-QT"]["periods_counted"] == 2
    assert rows["CDCS-QT"]["average"] == Decimal("82.5")
    assert rows["CDCS-LQD"]["total"] == Decimal(165)  # 95 + 70: a tie
    assert rows["CDCS-QT"]["rank"] == rows["CDCS-LQD"]["rank"] == 1
    assert rows["CDCS-STC"]["rank"] == 3  # 80 + 60
    assert rows["CDCS-LQD"]["criteria"]["TT1"] == Decimal(50)
    assert rows["CDCS-SNV"]["average"] == Decimal("52.5")  # (60 + 45) / 2
    assert rows["CDCS-SNV"]["classification"] == "HT"
    half = rows_by_unit(memory_app, memory_app.standings.get(built["campaign"],
                                                                      "2020-H1"))
    year = rows_by_unit(memory_app, memory_app.standings.get(built["campaign"], "2020"))
    assert half["CDCS-QT"]["total"] == year["CDCS-QT"]["total"] == Decimal(165)


def test_weeks_are_refused_for_a_monthly_track(memory_app, built) -> None:
    with pytest.raises(InvalidInputError) as info:
        memory_app.standings.get(built["campaign"], "2020-W03",
                                        subject_kind="collective")
    assert info.value.field == "period"


def test_position_replay_shows_the_past(memory_app, built) -> None:
    reader = memory_app.standings
    now = reader.get(built["campaign"], "2020-02")
    # Before the correction (the correction is the last-but-two group of events).
    correction_position = next(
        n.id for n in memory_app.store.recorder.select_notifications(1, 10000)
        if n.topic.endswith("Scorecard.Corrected"))
    before = reader.get(built["campaign"], "2020-02", position=correction_position - 1)
    stc_now = next(r for r in now["rows"] if r["unit_code"] == "CDCS-STC")
    stc_before = next(r for r in before["rows"] if r["unit_code"] == "CDCS-STC")
    assert (stc_before["total"], stc_now["total"]) == (Decimal(90), Decimal(60))
    assert before["replayed"] is True and before["position"] == correction_position - 1


def test_worker_stops_cleanly(memory_app, built) -> None:
    import threading

    worker = Worker(memory_app.store, all_projections(), poll_interval=0.01)
    thread = threading.Thread(target=worker.run)
    thread.start()
    worker.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert worker.stop_event.is_set()  # helper threads waiting on it are woken


def test_worker_stop_takes_no_lock_so_a_sigterm_handler_cannot_hang(memory_app) -> None:
    """`thidua worker` calls stop() from its SIGTERM handler, which runs on the main thread
    between two bytecodes — possibly while that thread holds the stop event's lock inside
    `Event.wait`. A stop() that needed the lock would wait for itself forever."""
    import threading

    worker = Worker(memory_app.store, all_projections(), poll_interval=0.01)
    returned = threading.Event()
    with worker.stop_event._cond:  # held exactly as Event.wait holds it
        caller = threading.Thread(target=lambda: (worker.stop(), returned.set()))
        caller.start()
        assert returned.wait(5), "stop() waited for the stop event's lock"
    caller.join()
    assert worker.stopping


def test_pages_keep_the_ranks_of_the_whole_table(memory_app, built) -> None:
    reader = memory_app.standings
    whole = reader.get(built["campaign"], "2020-01")
    first = reader.get(built["campaign"], "2020-01", limit=2)
    rest = reader.get(built["campaign"], "2020-01", limit=2, offset=2)
    assert [r["subject_id"] for r in first["rows"] + rest["rows"]] == [
        r["subject_id"] for r in whole["rows"]][:4]
    assert [r["rank"] for r in rest["rows"]] == [2, 4]
    assert first["total_rows"] == rest["total_rows"] == whole["total_rows"] == 5
    beyond = reader.get(built["campaign"], "2020-01", limit=2, offset=10)  # past the end
    assert beyond["rows"] == [] and beyond["total_rows"] == 5


def test_individuals_are_ranked_within_their_unit(memory_app: ThiduaApplication) -> None:
    from services.actors import SYSTEM
    from tests.support.scenarios import REVIEWER, seed

    ids = seed(memory_app)
    people = {}
    for name, unit in [("Lò Thị Hương 2", "CDCS-LQD"), ("Quàng Văn Đức", "CDCS-LQD"),
                       ("Hà Thị Mai", "CDCS-STC")]:
        people[name] = memory_app.organisation.create_person(full_name=name, unit_code=unit,
                                                             actor=SYSTEM)["id"]
    for subject, points in zip(people.values(), [(40, 45), (45, 50), (30, 30)],
                                       strict=True):
        memory_app.campaigns.register(campaign_id=ids["campaign"], subject_kind="individual",
                                      subject_id=subject, actor=SYSTEM)
        scores = {"CN1": points[0], "CN2": points[1]}
        memory_app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=subject,
                                         period="2020-W05", stage="self", scores=scores,
                                         actor=SYSTEM)
        memory_app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=subject,
                                         period="2020-W05", stage="review", scores=scores,
                                         actor=REVIEWER)
    project_all(memory_app)
    rows = {r["subject_name"]: r for r in
            memory_app.standings.get(ids["campaign"], "2020-W05")["rows"]}
    assert [rows[n]["rank"] for n in people] == [2, 1, 3]
    assert [rows[n]["unit_rank"] for n in people] == [2, 1, 1]
