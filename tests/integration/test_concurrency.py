"""Real processes racing on one store: the store's uniqueness, not luck, keeps one record."""

from __future__ import annotations

import multiprocessing
from typing import Any

from services.actors import SYSTEM
from services.config import Settings
from tests.support.scenarios import seed
from tests.support.stores import TODAY, AppFactory

SUBJECTS = 12


def _register_all(settings: Settings, campaign: str, subjects: list[str], barrier: Any,
                  results: Any) -> None:
    """Child process: open its own application, wait for the others, register everything."""
    from events.errors import ConflictError
    from services.store import open_thidua

    app = open_thidua(settings, clock=lambda: TODAY)
    outcome: list[tuple[str, str]] = []
    barrier.wait(timeout=60)
    for subject in subjects:
        try:
            app.campaigns.register(campaign_id=campaign, subject_kind="individual",
                                   subject_id=subject,
                                   actor=SYSTEM)
            outcome.append((subject, "registered"))
        except ConflictError as exc:
            outcome.append((subject, f"conflict:{exc.field}:{exc.message}"))
    app.close()
    results.put(outcome)


def _score_all(settings: Settings, campaign: str, subject: str, periods: list[str],
               barrier: Any, results: Any) -> None:
    """Child process: post self-assessments for the same scorecards as the other process."""
    from services.store import open_thidua

    app = open_thidua(settings, clock=lambda: TODAY)
    barrier.wait(timeout=60)
    versions = []
    for period in periods:
        card = app.campaigns.post_scores(campaign_id=campaign, subject_id=subject, period=period,
                                         stage="self", scores={"CN1": 40, "CN2": 45}, actor=SYSTEM)
        versions.append(card["version"])
    app.close()
    results.put(versions)


def _run(target: Any, args: tuple[Any, ...], processes: int = 2) -> list[Any]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = [context.Process(target=target, args=(*args, barrier, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    collected = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return collected


def test_two_processes_registering_the_same_subjects_record_each_once(
    store_settings: Settings, open_app: AppFactory
) -> None:
    app = open_app(store_settings)
    ids = seed(app)
    subjects = [
        app.organisation.create_person(full_name=f"Người thứ {i}", unit_code="CDCS-LQD",
                                       actor=SYSTEM)["id"]
        for i in range(SUBJECTS)
    ]
    before = app.store.event_count()

    outcomes = _run(_register_all, (store_settings, ids["campaign"], subjects))

    by_subject: dict[str, list[str]] = {s: [] for s in subjects}
    for outcome in outcomes:
        for subject, result in outcome:
            by_subject[subject].append(result)
    conflict = "conflict:subject_id:Đối tượng này đã đăng ký thi đua trong phong trào."
    for subject, results in by_subject.items():
        assert sorted(results) == [conflict, "registered"], (subject, results)
    assert len(app.campaigns.list_registrations(ids["campaign"])) == SUBJECTS
    assert app.store.event_count() == before + SUBJECTS


def test_concurrent_self_assessments_of_one_scorecard_are_both_recorded_in_order(
    store_settings: Settings, open_app: AppFactory
) -> None:
    app = open_app(store_settings)
    ids = seed(app)
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="individual",
                           subject_id=ids["person"], actor=SYSTEM)
    periods = [f"2020-W{w:02d}" for w in range(2, 8)]

    outcomes = _run(_score_all, (store_settings, ids["campaign"], ids["person"], periods))

    # Each scorecard: one Opened + two SelfAssessed, whichever process came first.
    for period in periods:
        card = app.campaigns.get_scorecard(ids["campaign"], ids["person"], period)
        assert card["version"] == 3, (period, card)
    assert sorted(v for outcome in outcomes for v in outcome) == sorted([2] * 6 + [3] * 6)
