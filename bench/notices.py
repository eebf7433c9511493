"""Công khai and the deadlines board at scale (issue 15): issuing a decision that checks
the notices, the public page /cong-khai, the secretary's /notices page and the deadlines
board /dossiers/deadlines over a large year.

    .venv/bin/python bench/notices.py [--units 1000] [--nominations 20000] [--notices 200]
                                      [--decisions 2000] [--dossiers 2000] [--runs 5]
                                      [--skip-postgres] [--postgres-url postgresql://…]

On a fresh SQLite file and a fresh PostgreSQL schema: the units and the campaigns are made
through the use cases (bench/reports.py), then the year is written as the use cases'
events (aggregates built and saved in bulk): ``--units`` grassroots units, ``--nominations``
nominations over the four campaigns, ``--notices`` published lists (half still open
today, each listing its share of the nominations), ``--decisions`` issued decisions
awarding nominations, and ``--dossiers`` dossiers sent up (some forwarded) for the
province's campaign, with due dates at the province and its branches. The pages are read
through the web app as a browser does (the admin signed in). Prints the best and median
time of each; target: under 1 s.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from bench.reports import CAMPAIGNS, campaign_body, make_units, save_all, timed  # noqa: E402
from bench.stores import drop_store, fresh_store  # noqa: E402
from events.decision import AwardDecision  # noqa: E402
from events.dossier import Dossier  # noqa: E402
from events.nomination import Nomination  # noqa: E402
from events.notice import Notice  # noqa: E402
from events.unit import Unit  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.store import open_thidua  # noqa: E402
from services.thidua import Thidua  # noqa: E402
from services.web import create_app  # noqa: E402

YEAR = 2026
AWARD = "giay_khen"
PASSWORD = "mat-khau-dai-cho-bench"
SIGNER = {"name": "Nguyễn Văn An", "position": "Chủ tịch"}


def nomination(campaign: UUID, leaf: Unit, form: dict[str, Any]) -> Nomination:
    subject = uuid4()
    return Nomination(
        campaign_id=campaign, subject_kind="individual", subject_id=subject,
        subject_name=f"Đoàn viên {subject.hex[:6]}", unit_id=leaf.id, sector=None,
        submitting_unit_id=leaf.parent_id, award=AWARD, year=YEAR, route="hang_nam",
        summary="Hoàn thành xuất sắc nhiệm vụ.", actor="bench", form=form)


def approve(found: Nomination) -> None:
    """The council voted for it and chose it (a session the bench does not write: none)."""
    ballot = uuid4()
    found.open_ballot(ballot, "bench")
    found.count_votes(ballot, 9, 0, 9, Decimal(100), True, "bench")
    found.select(None, 1, "bench")


def fill(app: Thidua, branches: list[str], args: argparse.Namespace) -> tuple[float, int,
                                                                             list[str]]:
    """Write the year as events; returns the time taken, the events and the campaigns."""
    rng = random.Random(15)
    started = time.perf_counter()
    today = app.store.clock()
    issuers = [app.organisation.get_unit_by_code(c).id for c in ["TINH", *branches]]
    leaves = [Unit(code=f"CDCS{i:04d}", name=f"Công đoàn cơ sở số {i + 1}",
                   parent_id=rng.choice(issuers[1:]), sector=None, actor="bench")
              for i in range(args.units)]
    written = save_all(app, leaves)
    campaigns = [UUID(app.campaigns.create_campaign(
        {**campaign_body(n, code), "code": f"PT{n}-{YEAR}"} | {
            "start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31",
            "registration_deadline": f"{YEAR}-01-31"}, actor=SYSTEM)["id"])
        for n, code in enumerate(["TINH", *branches][:CAMPAIGNS])]
    form = app.award_forms.entry(AWARD).snapshot()
    nominations = [nomination(rng.choice(campaigns), rng.choice(leaves), form)
                   for _ in range(args.nominations)]
    for n in nominations[:len(nominations) // 2]:  # the decided half
        approve(n)
    # Decisions award the first nominations; the notices list the next ones.
    per_decision = max(1, args.nominations // 2 // max(args.decisions, 1))
    decisions = []
    for number in range(args.decisions):
        chosen = nominations[number * per_decision:(number + 1) * per_decision]
        if not chosen:
            break
        recipients = [{"nomination_id": n.id, "subject_kind": n.subject_kind,
                       "subject_id": n.subject_id, "subject_name": n.subject_name,
                       "unit_id": n.unit_id, "sector": None, "year": YEAR,
                       "session_id": None} for n in chosen]
        decision = AwardDecision(
            issuer_unit_id=chosen[0].submitting_unit_id, issuer_symbol="LĐLĐ",
            campaign_id=chosen[0].campaign_id, award=AWARD, form=form,
            title="Về việc tặng Giấy khen", signer=SIGNER, recipients=recipients,
            actor="bench")
        day = today - timedelta(days=rng.randint(20, 300))
        decision.issue(f"{number + 1:02d}/QĐ-LĐLĐ", day, {"amount": "2340000"},
                       [{**r, "prize": 0} for r in recipients], "bench")
        for n in chosen:
            n.award_by(decision.id, f"{number + 1:02d}/QĐ-LĐLĐ", "bench")
        decisions.append(decision)
    listed = nominations[args.decisions * per_decision:]
    per_notice = max(1, min(50, len(listed) // max(args.notices, 1)))
    notices = []
    for number in range(args.notices):
        chosen = listed[number * per_notice:(number + 1) * per_notice]
        if not chosen:
            break
        published = today - timedelta(days=2 if number % 2 else 40)
        closes = published + timedelta(days=7)
        unit = next(u for u in leaves if u.id == chosen[0].unit_id)
        notice = Notice(campaign_id=chosen[0].campaign_id, unit_id=unit.id,
                        unit_name=unit.name, entries=[{
                            "nomination_id": n.id, "subject_kind": n.subject_kind,
                            "subject_name": n.subject_name, "unit_name": unit.name,
                            "award": AWARD, "award_name": "Giấy khen", "year": YEAR}
                            for n in chosen], published_on=published, closes_on=closes,
                        days=5, source="bench", confidence="bench", actor="bench")
        for n in chosen:
            n.publish_notice(notice.id, published, closes, "bench")
        notices.append(notice)
    written += save_all(app, [*nominations, *decisions, *notices])
    dossiers = []
    for _ in range(args.dossiers):
        leaf = rng.choice(leaves)
        subject = uuid4()
        dossier = Dossier(campaign_id=campaigns[0], award=AWARD, form=form,
                          year=YEAR, basis="hang_nam", submitting_unit_id=leaf.id,
                          route=[leaf.id, leaf.parent_id, issuers[0]],
                          nominees=[{"subject_kind": "individual", "subject_id": subject,
                                     "subject_name": f"Đoàn viên {subject.hex[:6]}",
                                     "unit_id": leaf.id}], actor="bench")
        dossier.submit("bench", today - timedelta(days=rng.randint(1, 60)))
        if rng.random() < 0.3:
            dossier.forward("bench", today - timedelta(days=rng.randint(0, 10)))
        dossiers.append(dossier)
    written += save_all(app, dossiers)
    due = today - timedelta(days=5)
    parents = {leaf.parent_id for leaf in leaves}
    for tier, unit in zip(["TINH", *branches], issuers, strict=True):
        if tier == "TINH" or unit in parents:  # the province's campaign: every tier
            app.deadlines.set_deadline(campaign_id=str(campaigns[0]), tier_unit_code=tier,
                                       due=due.isoformat(), actor=SYSTEM)
    return time.perf_counter() - started, written, [str(c) for c in campaigns]


def issuing(app: Thidua, campaign: str, branch: str) -> float:
    """Draft and issue a decision for one nomination whose notice closed: the issue's
    time (it checks the notice)."""
    leaf = next(u for u in app.organisation.list_units() if u["code"].startswith("CDCS"))
    unit = app.organisation.get_unit_by_code(leaf["code"])
    found = nomination(UUID(campaign), unit, app.award_forms.entry(AWARD).snapshot())
    approve(found)
    today = app.store.clock()
    found.publish_notice(uuid4(), today - timedelta(days=20), today - timedelta(days=10),
                         "bench")
    app.store.save(found)
    draft = app.decisions.draft_decision(
        issuer_unit_code=branch, campaign_id=campaign, award=AWARD,
        nomination_ids=[str(found.id)], signer=SIGNER, actor=SYSTEM)
    started = time.perf_counter()
    app.decisions.issue_decision(draft["id"], actor=SYSTEM)
    return time.perf_counter() - started


def measure(kind: str, tmp: Path, args: argparse.Namespace) -> None:
    settings = fresh_store(kind, tmp, args.postgres_url, "notices")
    app = open_thidua(settings, password_hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                               parallelism=1))
    try:
        branches = make_units(app)
        seconds, events, campaigns = fill(app, branches, args)
        print(f"{kind}: {args.units:,} units, {args.nominations:,} nominations, "
              f"{args.notices:,} notices, {args.decisions:,} decisions, {args.dossiers:,} "
              f"dossiers: {events:,} events written in {seconds:.1f} s")
        app.accounts.create_user(username="quantri", password=PASSWORD, role="admin",
                                 actor=SYSTEM)
        flask = create_app(settings, thidua=app)
        public = flask.test_client()
        admin = flask.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          admin.get("/login").get_data(as_text=True))
        assert token, "no CSRF token on /login"
        assert admin.post("/login", data={"username": "quantri", "password": PASSWORD,
                                          "csrf_token": token.group(1)}).status_code == 302

        def page(client: Any, path: str) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        view = app.notices.public_view()
        print(f"  /cong-khai shows {len(view['notices'])} open notices and "
              f"{len(view['decisions']):,} decisions")
        issued = [issuing(app, campaigns[0], branches[0]) for _ in range(args.runs)]
        print(f"  {'issue a decision':22} best {min(issued) * 1000:8.1f} ms  median "
              f"{sorted(issued)[len(issued) // 2] * 1000:8.1f} ms  (target < 1000 ms)")
        for name, call in (
                ("/cong-khai", lambda: page(public, "/cong-khai")),
                ("/notices", lambda: page(admin, "/notices")),
                ("/dossiers/deadlines", lambda: page(
                    admin, f"/dossiers/deadlines?campaign_id={campaigns[0]}"))):
            best, median = timed(call, args.runs)
            print(f"  {name:22} best {best * 1000:8.1f} ms  median {median * 1000:8.1f} ms"
                  "  (target < 1000 ms)")
    finally:
        app.close()
        drop_store(settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--nominations", type=int, default=20_000)
    parser.add_argument("--notices", type=int, default=200)
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--dossiers", type=int, default=2000)
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
