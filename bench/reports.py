"""Statistical forms 0602 and 0603 and the award fund ledger over a year of 100,000 awards.

    .venv/bin/python bench/reports.py [--awards 100000] [--per-decision 50] [--units 1000]
                                      [--runs 5] [--skip-postgres]
                                      [--postgres-url postgresql://…]

On a fresh SQLite file and a fresh PostgreSQL schema: the issuing units are made through
the use cases (their events projected as the worker does), then the reports view is
filled through the projection's own handlers, in pages as a rebuild writes them, with a
year of decisions (every legal category, the state and trade-union systems, three routes,
2 % of the decisions revoked) whose recipients belong to ``--units`` grassroots units
under the issuers. Prints the fill time, then for the whole organisation and for one
branch the best and median time of each report (JSON as the API answers it, and .xlsx).
Target: each report under 2 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402
from eventsourcing.persistence import Tracking  # noqa: E402

from bench.stores import drop_store, fresh_store  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.projections.registry import all_projections  # noqa: E402
from services.projections.reports import ReportsProjection  # noqa: E402
from services.projections.runner import catch_up, open_view  # noqa: E402
from services.projections.viewstore import Batch  # noqa: E402
from services.store import open_thidua  # noqa: E402
from services.thidua import Thidua  # noqa: E402

YEAR = 2025  # report period 01/12/2024–30/11/2025; the fund's calendar year 2025
BRANCHES = 20
# (category, kinds, system): what the decisions give.
AWARDS = [("bang_khen_tinh", ("collective", "individual"), "nha_nuoc"),
          ("bang_khen_tinh", ("collective", "individual"), "cong_doan"),
          ("cstd_tinh", ("individual",), "nha_nuoc"), ("co_tinh", ("collective",), "nha_nuoc"),
          ("bang_khen_thu_tuong", ("collective", "individual"), "nha_nuoc"),
          ("co_chinh_phu", ("collective",), "nha_nuoc"),
          ("cstd_toan_quoc", ("individual",), "nha_nuoc"),
          ("giay_khen", ("collective", "individual"), "nha_nuoc")]
ROUTES = ["hang_nam", "phong_trao", "dot_xuat"]


def typed(value: str) -> dict[str, str]:
    return {"_type_": "str", "_data_": value}


def make_units(app: Thidua) -> list[str]:
    """The root and its branches through the use cases; returns the branches' codes."""
    app.organisation.create_unit(code="TINH", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    codes = []
    for i in range(BRANCHES):
        code = f"NGANH{i:02d}"
        app.organisation.create_unit(code=code, name=f"Công đoàn ngành số {i + 1}",
                                     parent_code="TINH", actor=SYSTEM)
        codes.append(code)
    for projection in all_projections():
        catch_up(app.store, projection, open_view(app.store, projection, create=True))
    return codes


def fill(app: Thidua, branches: list[str], awards: int, per_decision: int,
         units: int) -> float:
    """Write a year of decisions into the reports view through its handlers."""
    projection = ReportsProjection()
    store = open_view(app.store, projection)
    position = store.max_tracking_id(app.store.name) or 0
    rng = random.Random(16)
    issuers = [app.organisation.get_unit_by_code(c).id.hex for c in ["TINH", *branches]]
    leaves = [(uuid.uuid4().hex, rng.choice(issuers[1:])) for _ in range(units)]
    started = time.perf_counter()
    batch = Batch()
    for unit_id, parent in leaves:
        projection.unit_registered(unit_id, {"parent_id": typed(parent)}, batch)
    for number in range(awards // per_decision):
        category, kinds, system = rng.choice(AWARDS)
        route = rng.choice(ROUTES)
        decision = uuid.uuid4().hex
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        issued_on = f"{YEAR - 1 if month == 12 else YEAR}-{month:02d}-{day:02d}"
        recipients = []
        for _ in range(per_decision):
            kind = rng.choice(kinds)
            nomination = uuid.uuid4().hex
            projection.nomination_submitted(nomination, {"route": route}, batch)
            recipients.append({"subject_id": typed(uuid.uuid4().hex),
                               "nomination_id": typed(nomination), "subject_kind": kind,
                               "unit_id": typed(rng.choice(leaves)[0]),
                               "prize": typed("1520000")})
        projection.drafted(decision, {
            "award": category, "form": {"code": f"{category}_{system}", "name": category,
                                        "kind": "hinh_thuc", "category": category,
                                        "system": system},
            "issuer_unit_id": typed(rng.choice(issuers)), "recipients": recipients}, batch)
        projection.issued(decision, {"number": f"{number + 1:02d}/QĐ-LĐLĐ",
                                     "issued_on": typed(issued_on),
                                     "total": typed(str(1520000 * per_decision)),
                                     "recipients": recipients}, batch)
        if rng.random() < 0.02:
            projection.revoked(decision, {"revoked_on": typed(f"{YEAR}-12-20")}, batch)
        if len(batch) > 20_000:
            position += 1
            store.write(batch, Tracking(app.store.name, position))
            batch = Batch()
    position += 1
    store.write(batch, Tracking(app.store.name, position))
    return time.perf_counter() - started


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return min(samples), statistics.median(samples)


def measure(kind: str, tmp: Path, args: argparse.Namespace) -> None:
    settings = fresh_store(kind, tmp, args.postgres_url, "reports")
    app = open_thidua(settings, password_hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                               parallelism=1))
    try:
        branches = make_units(app)
        seconds = fill(app, branches, args.awards, args.per_decision, args.units)
        print(f"{kind}: {args.awards:,} awards in {args.awards // args.per_decision:,} "
              f"decisions, {args.units:,} units filled in {seconds:.1f} s")
        reports = app.reports
        counted = reports.statistics("0603", year=YEAR, actor=SYSTEM)["table"][0]["total"] + \
            reports.statistics("0602", year=YEAR, actor=SYSTEM)["table"][0]["total"]
        print(f"  0602 + 0603 count {counted:,} awards of the report year (others: Giấy "
              "khen, outside the period, revoked)")
        for scope, unit in (("whole organisation", None), ("one branch", branches[0])):
            for name, call in (
                    ("0602", lambda u=unit: reports.statistics("0602", year=YEAR, unit_code=u,
                                                               actor=SYSTEM)),
                    ("0603", lambda u=unit: reports.statistics("0603", year=YEAR, unit_code=u,
                                                               actor=SYSTEM)),
                    ("fund ledger", lambda u=unit: reports.fund(year=YEAR, unit_code=u,
                                                                actor=SYSTEM)),
                    ("0603 .xlsx", lambda u=unit: reports.statistics_workbook(
                        "0603", year=YEAR, unit_code=u, actor=SYSTEM)),
                    ("fund .xlsx", lambda u=unit: reports.fund_workbook(
                        year=YEAR, unit_code=u, actor=SYSTEM))):
                best, median = timed(call, args.runs)
                print(f"  {scope:18} {name:12} best {best * 1000:7.1f} ms  "
                      f"median {median * 1000:7.1f} ms  (target < 2000 ms)")
    finally:
        app.close()
        drop_store(settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=100_000)
    parser.add_argument("--per-decision", type=int, default=50)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("sqlite", Path(tmp), args)
        if not args.skip_postgres:
            measure("postgres", Path(tmp), args)


if __name__ == "__main__":
    main()
