"""Projection figures: rebuild speed against a raw read + decode, replay time, query latency.

    .venv/bin/python bench/projections.py [--sqlite-events 1000000] [--postgres-events 200000]
                                          [--subjects 10000] [--skip-postgres] [--skip-sqlite]
                                          [--postgres-schema NAME]

``--postgres-schema`` keeps the filled PostgreSQL schema (and reuses it when it is already
filled), so that a change can be measured again on the same data without the long fill.

For each store: fills a fresh store with score events (scorecards opened, self-assessed,
most reviewed), then prints in the same run
  - rebuild events/s (`thidua projections rebuild`'s code),
  - raw notification-log read + decode events/s (pages of the same size, mapper only),
  - their ratio (targets: SQLite ≥ 50,000 events/s; ratio ≥ 0.9 on both stores),
  - the lean read + decode the rebuild itself does (its page reads, no projecting), and
    the rebuild's share of it (what projecting and writing the view cost on top),
  - the time of an `as_of` replay of 100,000 events into memory,
  - standings query p50/p99 for a campaign with N subjects (first page of 100 rows,
    and the whole table), target p99 < 20 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from events.campaign import Campaign  # noqa: E402
from events.registration import Registration  # noqa: E402
from events.scorecard import Scorecard  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.app import ThiduaApplication  # noqa: E402
from services.config import Settings  # noqa: E402
from services.projections.log import NotificationLog  # noqa: E402
from services.projections.runner import (  # noqa: E402
    PAGE_SIZE,
    REBUILD_PAGE_SIZE,
    drop_generation,
    open_view,
    rebuild,
    replay,
)
from services.projections.standings import StandingsProjection  # noqa: E402
from services.store import init_store, open_thidua  # noqa: E402
from services.thidua import Thidua  # noqa: E402

CRITERIA = [f"TT{i}" for i in range(1, 5)]


def campaign() -> dict[str, object]:
    return {
        "code": "BENCH", "number": "01/KH-BENCH", "title": "Phong trào đo hiệu năng",
        "issuer_unit_code": "ROOT", "start": "2020-01-01", "end": "2025-12-31",
        "registration_deadline": "2025-12-31",
        "tracks": [{"subject_kind": "collective", "cadence": "monthly",
                    "criteria": [{"code": c, "name": f"Tiêu chí {c}", "max_points": 25}
                                 for c in CRITERIA],
                    "thresholds": {"HTXS": 90, "HTT": 70, "HT": 50}}],
        "quotas": [],
    }


def fill(app: Thidua, events: int, subjects: int) -> tuple[str, int]:
    """Write about ``events`` events: units, registrations, then monthly scorecards."""
    rng = random.Random(2020)
    app.organisation.create_unit(code="ROOT", name="Đơn vị gốc", actor=SYSTEM)
    camp = app.campaigns.create_campaign(campaign(), actor=SYSTEM)
    campaign_id = uuid.UUID(camp["id"])
    root = app.organisation.get_unit_by_code("ROOT").id
    from events.unit import Unit

    units = [Unit(code=f"U{i:06d}", name=f"Công đoàn cơ sở số {i}", parent_id=root,
                  sector=None, actor="bench") for i in range(subjects)]
    registrations = [Registration(campaign_id=campaign_id, subject_kind="collective",
                                  subject_id=u.id, unit_id=u.id, pledge="",
                                  registered_on=date(2020, 1, 1), actor="bench")
                     for u in units]
    for start in range(0, subjects, 1000):
        app.store.save(*units[start:start + 1000], *registrations[start:start + 1000])
    months = [f"{y}-{m:02d}" for y in range(2020, 2026) for m in range(1, 13)]
    written = app.store.last_position()
    month_index = 0
    while written < events:
        month = months[month_index % len(months)]
        month_index += 1
        cards = []
        for unit in units:
            card = Scorecard(campaign_id=campaign_id, subject_kind="collective",
                             subject_id=unit.id, unit_id=unit.id, period=month, actor="bench")
            points = {c: Decimal(rng.randint(10, 25)) for c in CRITERIA}
            card.self_assess(points, actor="bench")
            if rng.random() < 0.9:
                card.review(points, actor="bench")
            cards.append(card)
            if len(cards) == 1000:
                app.store.save(*cards)
                cards = []
            if app.store.last_position() >= events:
                break
        if cards:
            app.store.save(*cards)
        written = app.store.last_position()
        print(f"  … {written:,} events", end="\r", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return str(campaign_id), months[0]


def raw_read_decode(app: ThiduaApplication) -> float:
    """Read the whole log in pages and decode every event; return events/s."""
    started = time.perf_counter()
    count, start = 0, 1
    while True:
        page = app.recorder.select_notifications(start, PAGE_SIZE)
        if not page:
            break
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id + 1
    return count / (time.perf_counter() - started)


def lean_read_decode(app: ThiduaApplication) -> float:
    """Read the whole log in pages as the rebuild does (``NotificationLog.page``: plain
    tuples) and decode every state; return events/s (the floor under any projection)."""
    log = NotificationLog(app)
    started = time.perf_counter()
    count, after = 0, 0
    while page := log.page(after, REBUILD_PAGE_SIZE):
        for row in page:
            log.decode(row[3])
        count += len(page)
        after = page[-1][0]
    return count / (time.perf_counter() - started)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(kind: str, settings: Settings, events: int, subjects: int) -> None:
    init_store(settings)
    app = open_thidua(settings, password_hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                               parallelism=1))
    if app.store.last_position() >= events:  # a kept schema, filled before
        campaign_id = str(next(app.store.ids_of(Campaign, "Launched")))
        first_month = "2020-01"
    else:
        print(f"{kind}: writing {events:,} events ({subjects:,} subjects)…", file=sys.stderr)
        campaign_id, first_month = fill(app, events, subjects)
    # Measure what `thidua projections rebuild` meets: another process, later, on a store
    # whose write-ahead log has been checkpointed (the fill leaves 1M events in the WAL).
    app.close()
    if settings.backend == "sqlite":
        import sqlite3

        with sqlite3.connect(settings.sqlite_path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    app = open_thidua(settings)
    total = app.store.event_count()
    projection = StandingsProjection()

    raw_rates, lean_rates, rebuild_rates, drops = [], [], [], []
    for _ in range(2):  # alternate, so that neither always meets a warmer cache
        raw_rates.append(raw_read_decode(app.store))
        lean_rates.append(lean_read_decode(app.store))
        old = open_view(app.store, projection).generation
        started = time.perf_counter()
        rebuild(app.store, projection, drop_old=False)  # until the new view is live
        rebuild_rates.append(total / (time.perf_counter() - started))
        started = time.perf_counter()
        drop_generation(app.store, projection, old)
        drops.append(time.perf_counter() - started)
    raw, lean, built = max(raw_rates), max(lean_rates), max(rebuild_rates)
    print(f"{kind:<9} {total:>9,} events: rebuild {built:>8,.0f} ev/s, "
          f"raw read+decode {raw:>8,.0f} ev/s, ratio {built / raw:.2f} (best of 2 each); "
          f"dropping the old generation afterwards {min(drops):.2f} s")
    print(f"{kind:<9} lean read+decode (the rebuild's own page reads, no projecting) "
          f"{lean:>8,.0f} ev/s: the rebuild runs at {built / lean:.2f} of it")

    position = min(100_000, app.store.last_position())
    started = time.perf_counter()
    replay(app.store, projection, position=position).datastore.close()
    print(f"{kind:<9} as_of replay of {position:,} events into memory: "
          f"{time.perf_counter() - started:.2f} s")

    reader = app.standings
    open_view(app.store, projection)
    for label, limit in [("first page of 100", 100), ("whole table", None)]:
        samples = []
        for _ in range(5):
            reader.get(campaign_id, first_month, limit=limit)  # warm
        for _ in range(50):
            started = time.perf_counter()
            result = reader.get(campaign_id, first_month, limit=limit)
            samples.append((time.perf_counter() - started) * 1000)
        print(f"{kind:<9} standings {first_month}, {result['total_rows']:,} subjects, {label}: "
              f"p50 {statistics.median(samples):.1f} ms, p99 {percentile(samples, 0.99):.1f} ms")
    app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-events", type=int, default=1_000_000)
    parser.add_argument("--postgres-events", type=int, default=200_000)
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--postgres-schema", default=None,
                        help="keep (and reuse) this schema instead of a temporary one")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            measure("sqlite", Settings(data_dir=Path(tmp), secret_key="bench"),
                    args.sqlite_events, args.subjects)
    if not args.skip_postgres:
        schema = args.postgres_schema or f"bench_proj_{uuid.uuid4().hex[:8]}"
        settings = Settings(data_dir=Path(tempfile.gettempdir()), database_url=args.postgres_url,
                            database_schema=schema, secret_key="bench")
        try:
            measure("postgres", settings, args.postgres_events, args.subjects)
        finally:
            if not args.postgres_schema:
                import psycopg
                from psycopg import sql

                with psycopg.connect(args.postgres_url, autocommit=True) as conn:
                    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        sql.Identifier(schema)))


if __name__ == "__main__":
    main()
