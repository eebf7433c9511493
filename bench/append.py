"""Append throughput: the "post a score" use case against a raw eventsourcing save.

Both sides write the same number of events per transaction (a new scorecard: Opened +
SelfAssessed) with the same stored-event sizes, on the same store kind, in the same run.
Prints events/s for each and their ratio (target: ratio ≥ 0.8). Run:

    .venv/bin/python bench/append.py [--ops 2000] [--postgres-url postgresql://…]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402
from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402

from bench.stores import drop_store, fresh_store  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.config import Settings  # noqa: E402
from services.store import open_thidua  # noqa: E402

WEEKS = [f"2020-W{w:02d}" for w in range(2, 53)]
# Stored sizes of the two events a new self-assessment writes (checked in every round).
SIZES = [431, 426]


class RawCard(Aggregate):
    """The raw baseline: an aggregate whose two events carry padding of the same size."""

    @event("Opened")
    def __init__(self, padding: str) -> None:
        self.padding = padding

    @event("Assessed")
    def assess(self, padding: str) -> None:
        self.padding = padding


class RawApp(Application[uuid.UUID]):
    name = "Raw"


def campaign() -> dict[str, Any]:
    return {
        "code": "BENCH", "number": "01/KH-BENCH", "title": "Phong trào đo hiệu năng",
        "issuer_unit_code": "ROOT", "start": "2020-01-01", "end": "2020-12-31",
        "registration_deadline": "2020-12-31",
        "tracks": [{"subject_kind": "individual", "cadence": "weekly",
                    "criteria": [{"code": f"CN{i}", "name": f"Tiêu chí {i}", "max_points": 15}
                                 for i in range(1, 8)],
                    "thresholds": {"HTXS": 90, "HTT": 75, "HT": 50}}],
        "quotas": [],
    }


def bench_service(settings: Settings, ops: int) -> tuple[float, int, list[int]]:
    """Post ``ops`` self-assessments, each opening a new scorecard; return events/s."""
    app = open_thidua(settings, password_hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                               parallelism=1))
    app.organisation.create_unit(code="ROOT", name="Đơn vị gốc", actor=SYSTEM)
    app.organisation.create_unit(code="CDCS", name="Công đoàn cơ sở", parent_code="ROOT",
                                 actor=SYSTEM)
    camp = app.campaigns.create_campaign(campaign(), actor=SYSTEM)
    subjects = []
    for i in range(ops // len(WEEKS) + 1):
        person = app.organisation.create_person(full_name=f"Cá nhân {i}", unit_code="CDCS",
                                                actor=SYSTEM)
        app.campaigns.register(campaign_id=camp["id"], subject_kind="individual",
                               subject_id=person["id"], actor=SYSTEM, on=date(2020, 1, 1))
        subjects.append(person["id"])
    scores = {f"CN{i}": 12 + (i % 3) for i in range(1, 8)}
    work = [(s, w) for s in subjects for w in WEEKS][:ops]
    start_position = app.store.last_position()
    started = time.perf_counter()
    for subject, week in work:
        app.campaigns.post_scores(campaign_id=camp["id"], subject_id=subject, period=week,
                                  stage="self",
                                  scores=scores, actor=SYSTEM)
    elapsed = time.perf_counter() - started
    written = app.store.recorder.select_notifications(start_position + 1, 2)
    sizes = [len(n.state) for n in written]
    events = 2 * ops
    app.close()
    return events / elapsed, events, sizes


def bench_raw(env: dict[str, str], ops: int, sizes: list[int]) -> float:
    """Save ``ops`` new two-event aggregates with the library alone; return events/s."""
    app = RawApp(env)
    # Calibrate the padding so the stored states have the service's sizes.
    probe = RawCard(padding="")
    probe.assess(padding="")
    base = [len(app.mapper.to_stored_event(e).state) for e in probe.collect_events()]
    pads = ["x" * max(0, size - b) for size, b in zip(sizes, base, strict=True)]
    started = time.perf_counter()
    for _ in range(ops):
        card = RawCard(padding=pads[0])
        card.assess(padding=pads[1])
        app.save(card)
    elapsed = time.perf_counter() - started
    app.close()
    return 2 * ops / elapsed


def run(kind: str, tmp: Path, postgres_url: str, ops: int, rounds: int) -> None:
    service_rates, raw_rates = [], []
    sizes: list[int] = []
    for round_number in range(rounds):
        service_store = fresh_store(kind, tmp, postgres_url, f"svc{round_number}")
        raw_store = fresh_store(kind, tmp, postgres_url, f"raw{round_number}")
        sizes = SIZES
        # Alternate which side goes first, so that neither always meets a warmer disk.
        if round_number % 2:
            raw_rate = bench_raw(raw_store.eventsourcing_env(create_table=True), ops, sizes)
            service_rate, _, sizes = bench_service(service_store, ops)
        else:
            service_rate, _, sizes = bench_service(service_store, ops)
            raw_rate = bench_raw(raw_store.eventsourcing_env(create_table=True), ops, sizes)
        assert sizes == SIZES, f"stored sizes changed to {sizes}: update SIZES"
        service_rates.append(service_rate)
        raw_rates.append(raw_rate)
        drop_store(service_store)
        drop_store(raw_store)
    # Each round measures both sides back to back; the median of the rounds' ratios is
    # less sensitive to the machine's other load than a ratio of medians.
    ratios = [s / r for s, r in zip(service_rates, raw_rates, strict=True)]
    print(f"{kind:<9} {ops:>5} ops, stored sizes {sizes} B: "
          f"service {statistics.median(service_rates):>5.0f} ev/s, "
          f"raw {statistics.median(raw_rates):>5.0f} ev/s, "
          f"ratio {statistics.median(ratios):.2f} (median of {rounds} rounds; "
          f"range {min(ratios):.2f}–{max(ratios):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=2000, help="use-case calls per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print("post a score (new scorecard: 2 events per transaction) vs raw eventsourcing save")
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", Path(tmp), args.postgres_url, args.ops, args.rounds)
        if not args.skip_postgres:
            run("postgres", Path(tmp), args.postgres_url, args.ops // 2, args.rounds)


if __name__ == "__main__":
    main()
