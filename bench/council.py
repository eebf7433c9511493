"""Council and decisions under contention: 30 members voting at once, 8 clerks issuing at once.

Each voter and each issuer is a process of its own with its own application (spawned,
released together by a barrier), on a fresh SQLite file and a fresh PostgreSQL schema.
Prints votes/s (30 concurrent voters on one secret ballot) and decisions/s (8 concurrent
issuers on one register and one campaign quota ledger), with the number of optimistic-
concurrency conflicts that were retried. Time runs from the barrier to the last finish.
Run:

    .venv/bin/python bench/council.py [--voters 30] [--issuers 8] [--decisions 80]
                                      [--rounds 3] [--postgres-url postgresql://…]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from bench.stores import drop_store, fresh_store  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.config import Settings  # noqa: E402
from services.store import open_thidua  # noqa: E402
from tests.support.awards_workers import TODAY, issue_all, run, vote_twice  # noqa: E402
from tests.support.awards_world import SECRET, SECRETARY, approve, build_world, convene  # noqa: E402

ISSUED_ON = date(2026, 8, 1)


def open_app(settings: Settings) -> Any:
    return open_thidua(settings, clock=lambda: TODAY, password_hasher=PasswordHasher(
        time_cost=1, memory_cost=8, parallelism=1))


def span(results: list[dict[str, Any]]) -> float:
    return max(r["finished"] for r in results) - min(r["started"] for r in results)


def bench_votes(settings: Settings, voters: int) -> tuple[float, int]:
    """``voters`` members vote at once on one secret ballot; return votes/s and conflicts."""
    app = open_app(settings)
    world = build_world(app, members=voters, schools=2, others=1)
    session = convene(world)
    nomination = world.app.nominations.submit_nomination(
        campaign_id=world.campaign, subject_kind="individual", subject_id=world.people["huong"],
        award="cstdcs", year=2025, summary="Sáng kiến cấp cơ sở", actor=SYSTEM)
    ballot = world.app.council.open_ballot(session, nomination_id=nomination["id"],
                                       actor=SECRETARY)["id"]
    results = run(vote_twice, [(settings, SECRET, ballot, member, "dong_y")
                               for member in world.members])
    assert world.app.council.get_ballot(ballot)["votes_cast"] == voters
    app.close()
    return voters / span(results), sum(r["conflicts"] for r in results)


def bench_decisions(settings: Settings, issuers: int, decisions: int) -> tuple[float, int]:
    """``issuers`` processes issue ``decisions`` drafts at once; return decisions/s, conflicts."""
    app = open_app(settings)
    world = build_world(app, members=3, schools=2, others=1)
    people = [app.organisation.create_person(full_name=f"Cán bộ số {i}", unit_code="CDCS-HC1",
                                             actor=SYSTEM)["id"] for i in range(decisions)]
    nominations = [world.app.nominations.submit_nomination(
        campaign_id=world.campaign, subject_kind="individual", subject_id=person,
        award="ldtt", year=2025, summary="Hoàn thành tốt nhiệm vụ", actor=SYSTEM)["id"]
        for person in people]
    approve(world, nominations)
    drafts = [world.app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="ldtt", nomination_ids=[n], signer={"name": "A", "position": "Chủ tịch"},
        actor=SECRETARY)["id"] for n in nominations]
    results = run(issue_all, [(settings, SECRET, drafts[i::issuers], ISSUED_ON)
                              for i in range(issuers)])
    numbers = sorted(n for r in results for _, n in r["outcome"])
    assert numbers == [f"{i:02d}/QĐ-LĐLĐ" for i in range(1, decisions + 1)], numbers[:5]
    app.close()
    return decisions / span(results), sum(r["conflicts"] for r in results)


def run_kind(kind: str, tmp: Path, args: argparse.Namespace) -> None:
    votes, vote_conflicts, issued, issue_conflicts = [], [], [], []
    for round_number in range(args.rounds):
        settings = fresh_store(kind, tmp, args.postgres_url, f"votes{round_number}")
        rate, conflicts = bench_votes(settings, args.voters)
        votes.append(rate)
        vote_conflicts.append(conflicts)
        drop_store(settings)
        settings = fresh_store(kind, tmp, args.postgres_url, f"decisions{round_number}")
        rate, conflicts = bench_decisions(settings, args.issuers, args.decisions)
        issued.append(rate)
        issue_conflicts.append(conflicts)
        drop_store(settings)
    print(f"{kind:<9} {args.voters} voters on one ballot: "
          f"{statistics.median(votes):>6.0f} votes/s, "
          f"{statistics.median(vote_conflicts):.0f} conflicts retried "
          f"(median of {args.rounds}; votes/s range {min(votes):.0f}–{max(votes):.0f})")
    print(f"{kind:<9} {args.issuers} issuers, {args.decisions} decisions on one register: "
          f"{statistics.median(issued):>6.0f} decisions/s, "
          f"{statistics.median(issue_conflicts):.0f} conflicts retried "
          f"(median of {args.rounds}; range {min(issued):.0f}–{max(issued):.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=30)
    parser.add_argument("--issuers", type=int, default=8)
    parser.add_argument("--decisions", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_kind("sqlite", Path(tmp), args)
        if not args.skip_postgres:
            run_kind("postgres", Path(tmp), args)


if __name__ == "__main__":
    main()
