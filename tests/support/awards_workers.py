"""Child processes racing on one store: voters and decision issuers.

Used by tests/integration/test_awards_concurrency.py and bench/council.py. Children are
forked from a fork server that imported the application once (a clean process, not the
parent with its connection pools and threads), so thirty children start in a moment
instead of each paying ~0.4 s of imports. This module imports only the standard library
at the top so that the children never load pytest or the test helpers.
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import date
from typing import Any

TODAY = date(2025, 10, 1)


def _service(settings: Any, secret: str) -> Any:
    """The use cases on a store of its own with a one-connection pool (thirty processes share
    PostgreSQL)."""
    from services.app import ThiduaApplication
    from services.thidua import Thidua

    env = settings.eventsourcing_env()
    env.update(POSTGRES_POOL_SIZE="1", POSTGRES_MAX_OVERFLOW="1")
    return Thidua(ThiduaApplication(env, clock=lambda: TODAY), ballot_key=secret)


def vote_twice(settings: Any, secret: str, ballot: str, member: str, choice: str,
               barrier: Any, results: Any) -> None:
    """Wait for the others, vote, then try a second vote (which must be refused)."""
    from events.errors import ConflictError
    from services.actors import Actor

    service = _service(settings, secret)
    actor = Actor(username=member, role="council_member")
    service.council.get_ballot(ballot)  # the member has the ballot open: connected, warm
    barrier.wait(timeout=120)
    started = time.perf_counter()
    receipt = service.council.cast_vote(ballot, choice=choice, actor=actor)
    finished = time.perf_counter()
    try:
        service.council.cast_vote(ballot, choice=choice, actor=actor)
        second = "counted"
    except ConflictError as exc:
        second = f"{exc.field}:{exc.message}"
    service.close()
    results.put({"member": member, "voted_as": receipt["member"], "second": second,
                 "conflicts": service.commands.conflicts, "started": started, "finished": finished})


def issue_all(settings: Any, secret: str, decisions: list[str], on: date, barrier: Any,
              results: Any) -> None:
    """Issue a share of the drafts, all at the same moment as the others."""
    from events.errors import ConflictError
    from services.actors import Actor

    service = _service(settings, secret)
    actor = Actor(username="thuky", role="secretary")
    outcome = []
    service.decisions.get_decision(decisions[0])  # the clerk has the list open: connected, warm
    barrier.wait(timeout=120)
    started = time.perf_counter()
    for decision in decisions:
        try:
            issued = service.decisions.issue_decision(decision, issued_on=on, actor=actor)
            outcome.append((decision, issued["number"]))
        except ConflictError as exc:
            outcome.append((decision, f"refused:{exc.field}:{exc.message}"))
    finished = time.perf_counter()
    service.close()
    results.put({"outcome": outcome, "conflicts": service.commands.conflicts, "started": started,
                 "finished": finished})


def run(target: Any, argument_lists: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Start one process per argument tuple, release them together, collect."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "services.thidua", "Crypto.Cipher._mode_gcm"])
    barrier = context.Barrier(len(argument_lists))
    results = context.Queue()
    workers = [context.Process(target=target, args=(*args, barrier, results))
               for args in argument_lists]
    for worker in workers:
        worker.start()
    collected = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return collected
