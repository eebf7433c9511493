"""Statistical forms 0602 and 0603, the award fund ledger and the yearly summary over a year
of 100,000 awards.

    .venv/bin/python bench/reports.py [--awards 100000] [--per-decision 50] [--units 1000]
                                      [--runs 5] [--skip-postgres] [--skip-sqlite]
                                      [--keep] [--postgres-url postgresql://…]

On a fresh SQLite file and a fresh PostgreSQL schema: the issuing units and the campaigns
are made through the use cases, then the year is written as the use cases' events
(aggregates built and saved in bulk): ``--units`` grassroots units under the issuers, each
registering (as a collective, and two members) for the four campaigns, a nomination per
award and a dossier per decision, a Báo cáo điển hình per issuer, and the decisions (every
legal category, the state and trade-union systems, three routes, 2 % of them revoked).
The views are caught up as the worker does. Prints the write and catch-up times, then for
the whole organisation and for one branch the best and median time of each report (JSON
as the API answers it, and .xlsx) and of the yearly summary's figures, then the time to
draft, issue and render the summary once. Target: each report under 2 s. ``--keep`` leaves
the PostgreSQL schema in place (its name printed) for EXPLAIN ANALYZE.
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
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from bench.stores import drop_store, fresh_store  # noqa: E402
from events.decision import AwardDecision  # noqa: E402
from events.dossier import Dossier  # noqa: E402
from events.nomination import Nomination  # noqa: E402
from events.paper import Paper  # noqa: E402
from events.registration import Registration  # noqa: E402
from events.rules import award_name  # noqa: E402
from events.unit import Unit  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.projections.registry import all_projections  # noqa: E402
from services.projections.runner import catch_up, open_view  # noqa: E402
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
CAMPAIGNS = 4  # launched by the province and three branches; every unit registers for each
MEMBERS_REGISTERED = 2  # members of each unit registered for each campaign
PRIZE = Decimal(1520000)
VIEWS = {"reports", "standings", "year_summary"}
SECTIONS = {"situation": ["Năm qua, các cấp công đoàn tiếp tục đổi mới nội dung thi đua."],
            "assessment": ["Các phong trào thi đua có trọng tâm, trọng điểm."],
            "directions": ["Tiếp tục phát động các phong trào thi đua năm tới."]}
SIGNER = {"name": "Nguyễn Văn An", "position": "Chủ tịch", "authority": "TM. Ban Thường vụ"}


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
         units: int) -> tuple[float, int]:
    """Write a year into the store as the use cases' events (aggregates built and saved in
    bulk, their checks skipped): ``units`` grassroots units, the campaigns they register
    for (collective and two members each), a nomination per award and a dossier per
    decision, a Báo cáo điển hình per issuer, and the decisions. Returns the time taken
    and the events written."""
    rng = random.Random(16)
    started = time.perf_counter()
    issuers = [app.organisation.get_unit_by_code(c).id for c in ["TINH", *branches]]
    leaves = [Unit(code=f"CDCS{i:04d}", name=f"Công đoàn cơ sở số {i + 1}",
                   parent_id=rng.choice(issuers[1:]), sector=None, actor="bench")
              for i in range(units)]
    written = save_all(app, leaves)
    campaigns = [app.campaigns.create_campaign(campaign_body(number, code), actor=SYSTEM)["id"]
                 for number, code in enumerate(["TINH", *branches][:CAMPAIGNS])]
    registrations: list[Registration] = []
    for leaf in leaves:
        for campaign in campaigns:
            day = date(YEAR, 1, rng.randint(5, 28))
            registrations.append(Registration(
                campaign_id=UUID(campaign), subject_kind="collective", subject_id=leaf.id,
                unit_id=leaf.id, pledge="", registered_on=day, actor="bench"))
            registrations += [Registration(
                campaign_id=UUID(campaign), subject_kind="individual", subject_id=uuid.uuid4(),
                unit_id=leaf.id, pledge="", registered_on=day, actor="bench")
                for _ in range(MEMBERS_REGISTERED)]
    written += save_all(app, registrations)
    written += save_all(app, [Paper(
        reference_id=uuid.uuid4(), kind="bao_cao_dien_hinh", key="", issuer_unit_id=issuer,
        number=f"{i + 1:02d}/BC-LĐLĐ", issued_on=date(YEAR, 11, 10),
        title=f"Báo cáo điển hình tiên tiến năm {YEAR}", context={}, actor="bench")
        for i, issuer in enumerate(issuers)])
    for number in range(awards // per_decision):
        category, kinds, system = rng.choice(AWARDS)
        route = rng.choice(ROUTES)
        campaign = UUID(rng.choice(campaigns))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        issued_on = date(YEAR - 1 if month == 12 else YEAR, month, day)
        form = {"code": f"{category}_{system}", "name": award_name(category),
                "kind": "hinh_thuc", "category": category, "system": system}
        nominations, recipients = [], []
        for _ in range(per_decision):
            kind = rng.choice(kinds)
            leaf = rng.choice(leaves)
            subject = uuid.uuid4()  # a member, or a team (tổ công đoàn) of the unit
            nomination = Nomination(
                campaign_id=campaign, subject_kind=kind, subject_id=subject,
                subject_name=f"{'Tổ' if kind == 'collective' else 'Đoàn viên'} {subject.hex[:6]}",
                unit_id=leaf.id, sector=None, submitting_unit_id=leaf.parent_id,
                award=form["code"], year=YEAR, route=route, summary="Hoàn thành xuất sắc nhiệm "
                "vụ.", actor="bench", form=form)
            nominations.append(nomination)
            recipients.append({"nomination_id": nomination.id, "subject_kind": kind,
                               "subject_id": subject, "subject_name": nomination.subject_name,
                               "unit_id": leaf.id, "sector": None, "year": YEAR,
                               "session_id": None})
        issuer = rng.choice(issuers)
        dossier = Dossier(campaign_id=campaign, award=form["code"], form=form, year=YEAR,
                          basis=route, submitting_unit_id=issuer, route=[issuer],
                          nominees=[{k: r[k] for k in ("subject_kind", "subject_id",
                                                       "subject_name", "unit_id")}
                                    for r in recipients], actor="bench")
        decision = AwardDecision(
            issuer_unit_id=issuer, issuer_symbol="LĐLĐ", campaign_id=campaign,
            award=form["code"], form=form, title=f"Về việc tặng {form['name']}",
            signer={"name": "Nguyễn Văn An", "position": "Chủ tịch"}, recipients=recipients,
            actor="bench")
        decision.issue(f"{number + 1:02d}/QĐ-LĐLĐ", issued_on, {"amount": "2340000"},
                       [{**r, "prize": PRIZE} for r in recipients], "bench")
        if rng.random() < 0.02:
            decision.revoke("Thành tích không đúng thực tế", date(YEAR, 12, 20), "bench")
        written += save_all(app, [*nominations, dossier, decision])
    return time.perf_counter() - started, written


def save_all(app: Thidua, aggregates: list[Any]) -> int:
    """Save in transactions of a few thousand events; returns the events saved."""
    events = 0
    for start in range(0, len(aggregates), 1000):
        events += len(app.store.save(*aggregates[start:start + 1000]))
    return events


def campaign_body(number: int, issuer: str) -> dict[str, Any]:
    return {
        "code": f"PT{number}-{YEAR}", "number": f"{number + 1:02d}/KH-LĐLĐ",
        "title": f"Phong trào thi đua số {number + 1} năm {YEAR}",
        "issuer_unit_code": issuer, "start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31",
        "registration_deadline": f"{YEAR}-01-31",
        "tracks": [{"subject_kind": "collective", "cadence": "monthly",
                    "criteria": [{"code": "TT1", "name": "Chăm lo đời sống đoàn viên",
                                  "max_points": 100}],
                    "thresholds": {"HTXS": 90, "HTT": 70, "HT": 50}}],
        "quotas": []}


def project(app: Thidua) -> float:
    """Bring the views the reports and the summary read up to the head, as the worker
    does; returns the time taken."""
    started = time.perf_counter()
    for projection in all_projections():
        if projection.view in VIEWS:
            catch_up(app.store, projection, open_view(app.store, projection, create=True))
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
        seconds, events = fill(app, branches, args.awards, args.per_decision, args.units)
        registered = args.units * CAMPAIGNS * (1 + MEMBERS_REGISTERED)
        print(f"{kind}: {args.awards:,} awards in {args.awards // args.per_decision:,} "
              f"decisions, {args.units:,} units, {registered:,} registrations: {events:,} "
              f"events written in {seconds:.1f} s, views caught up in {project(app):.1f} s")
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
        summaries(app, branches[0], args.runs)
    finally:
        app.close()
        if args.keep and kind == "postgres":
            print(f"  kept schema {settings.postgres_schema()}")
        else:
            drop_store(settings)


def summaries(app: Thidua, branch: str, runs: int) -> None:
    """The yearly summary of the whole organisation and of one branch: its figures (as the
    page shows them), drafting it, issuing it and its .docx."""
    for scope, code in (("whole organisation", "TINH"), ("one branch", branch)):
        unit = app.organisation.get_unit_by_code(code)
        best, median = timed(lambda u=unit: app.summaries.figures(u, YEAR), runs)
        print(f"  {scope:18} {'summary':12} best {best * 1000:7.1f} ms  "
              f"median {median * 1000:7.1f} ms  (figures; target < 2000 ms)")
        started = time.perf_counter()
        draft = app.summaries.draft(year=YEAR, unit_code=code, sections=SECTIONS,
                                    actor=SYSTEM)
        drafted = time.perf_counter() - started
        project(app)  # the worker takes the draft's event
        started = time.perf_counter()
        paper = app.summaries.issue(draft["id"], signer=SIGNER, symbol="LĐLĐ", actor=SYSTEM)
        issued = time.perf_counter() - started
        started = time.perf_counter()
        document = app.papers.paper_document(paper["id"], SYSTEM)
        rendered = time.perf_counter() - started
        figures = draft["figures"]
        print(f"  {scope:18} {'summary':12} draft {drafted * 1000:7.1f} ms, issue "
              f"{issued * 1000:7.1f} ms, .docx {rendered * 1000:7.1f} ms "
              f"({len(document.data) // 1024} KB): {len(figures['campaigns'])} campaigns, "
              f"{figures['nominations']:,} nominations, {figures['dossiers']:,} dossiers, "
              f"{len(figures['decisions']):,} decisions, {len(figures['revoked'])} revoked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=100_000)
    parser.add_argument("--per-decision", type=int, default=50)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true",
                        help="keep the PostgreSQL schema (to EXPLAIN its queries)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_sqlite:
            measure("sqlite", Path(tmp), args)
        if not args.skip_postgres:
            measure("postgres", Path(tmp), args)


if __name__ == "__main__":
    main()
