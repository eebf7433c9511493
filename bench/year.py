"""A provincial union's year through the use cases, on SQLite and PostgreSQL.

    .venv/bin/python bench/year.py [--scale 1.0] [--clients 4] [--skip-sqlite]
                                   [--skip-postgres] [--postgres-url postgresql://…]

At scale 1: 1 province (LĐLĐ tỉnh), 10 district unions, 1,000 trade-union cells (CĐCS),
40,000 members imported from one .xlsx per district; a campaign where members post a
self-assessment every week (52 weeks: 2,080,000 posts) and cells every month, reviewed by
their district (24,000 posts), the cells shared among ``--clients`` processes posting at
once; the views caught up as the worker would; 2,000 nominees in
one dossier per cell through three tiers (cell → district → province: submit, forward,
assign, verdicts, accept); 10 council sessions voting on every nomination; 50 decisions;
the statistics forms of Thông tư 02/2023 and the fund ledger. ``--scale 0.01`` divides the
counts (a year stays 52 weeks), so that it can be smoke-run in a minute.

Every figure is one line ``<store> <what> …``: a phase's wall time, events and events/s;
the store's size; each view's rebuild; report times (median of 5 after one warm-up); and
a ``counts`` line of ``name=value`` pairs (what the use cases answered, and the views).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bench.stores import drop_store, fresh_store  # noqa: E402
from events import ids  # noqa: E402
from events.statistics_forms import forms_in_force  # noqa: E402
from services.actors import SYSTEM, Actor  # noqa: E402
from services.config import Settings  # noqa: E402
from services.projections.registry import all_projections  # noqa: E402
from services.projections.runner import catch_up, open_view, rebuild  # noqa: E402
from services.store import open_thidua  # noqa: E402
from services.thidua import Thidua  # noqa: E402
from tests.support.awards_world import (  # noqa: E402
    UNION_BANG_KHEN,
    World,
    approve,
    decide,
)

YEAR = 2025
TODAY = date(YEAR, 11, 25)  # the app's clock: sessions and decisions fall in report year 2025
ADMIN = Actor(username="quantri", role="admin")
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Giàng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hương", "Khánh", "Lan", "Minh",
         "Nam", "Phương", "Quân", "Sơn", "Thảo", "Tuấn", "Vân", "Yến"]
COUNCIL = 7
BALLOT_KEY = "khoa-bo-phieu-cua-bench"


@dataclass(frozen=True)
class Plan:
    districts: int
    cells: int
    members: int
    nominees: int
    sessions: int
    decisions: int
    weeks: int = 52
    months: int = 12

    @classmethod
    def at(cls, scale: float) -> Plan:
        def scaled(full: int, floor: int = 1) -> int:
            return max(floor, round(full * scale))

        districts = scaled(10)
        cells = scaled(1000, districts)
        members = scaled(40_000, cells)
        nominees = min(scaled(2000), members)
        return cls(districts=districts, cells=cells, members=members, nominees=nominees,
                   sessions=min(scaled(10), nominees), decisions=min(scaled(50), nominees))

    @property
    def score_posts(self) -> int:
        return self.members * self.weeks + self.cells * self.months * 2


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts as even as may be."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def chunks(items: list[Any], parts: int) -> list[list[Any]]:
    out, start = [], 0
    for size in spread(len(items), parts):
        out.append(items[start:start + size])
        start += size
    return [c for c in out if c]


def person_name(number: int) -> str:
    return (f"{FAMILY[number % len(FAMILY)]} {MIDDLE[number // 10 % len(MIDDLE)]} "
            f"{GIVEN[number // 80 % len(GIVEN)]}")


def clerk(username: str, unit_code: str, role: str = "unit_clerk") -> Actor:
    return Actor(username=username, role=role, unit_id=ids.unit_id(unit_code))


def open_app(settings: Settings) -> Thidua:
    return open_thidua(settings, clock=lambda: TODAY, ballot_key=BALLOT_KEY,
                       password_hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                      parallelism=1))


Cell = tuple[int, str, str, list[str]]  # number, code, district code, member ids


def score_year(app: Thidua, campaign: str, cells: list[Cell], plan: Plan) -> int:
    """Post the year of ``cells``: their members every week (self-assessed by the cell's
    clerk), each cell every month (self-assessed, then reviewed by its district)."""
    post = app.campaigns.post_scores
    posted, month = 0, 0
    for week in range(1, plan.weeks + 1):
        for n, cell, _, members in cells:
            actor = clerk(f"vanthu-cs{cell[5:]}", cell)
            for m, person in enumerate(members):
                post(campaign_id=campaign, subject_id=person, period=f"{YEAR}-W{week:02d}",
                     stage="self", scores={"CN1": 25 + (n + m + week) % 26,
                                           "CN2": 50 - (m + week) % 20}, actor=actor)
                posted += 1
        while month < plan.months and week >= round(52 * (month + 1) / 12):
            month += 1
            for n, cell, district, _ in cells:
                common = {"campaign_id": campaign, "subject_id": str(ids.unit_id(cell)),
                          "period": f"{YEAR}-{month:02d}",
                          "scores": {"TT1": 30 + (n + month) % 31, "TT2": 20 + (n * month) % 21}}
                post(**common, stage="self", actor=clerk(f"vanthu-cs{cell[5:]}", cell))
                post(**common, stage="review",
                     actor=clerk(f"kiemtra-h{district[4:]}", district, "reviewer"))
                posted += 2
        if week % 4 == 0:
            print(f"  week {week}: {posted:,} posts", end="\r", file=sys.stderr, flush=True)
    return posted


def score_share(settings: Settings, campaign: str, cells: list[Cell], plan: Plan) -> int:
    """``score_year`` in a process of its own, over a store of its own."""
    app = open_app(settings)
    try:
        return score_year(app, campaign, cells, plan)
    finally:
        app.close()


class Year:
    """One run over one store: the phases, each timed, and the figures printed."""

    def __init__(self, kind: str, settings: Settings, plan: Plan, clients: int) -> None:
        self.kind, self.settings, self.plan = kind, settings, plan
        self.app = open_app(settings)
        self.clients = clients
        self.counts: dict[str, int] = {}
        self.cells: list[str] = []  # cell unit codes, in order
        self.district_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}  # cell code → person ids
        self.campaign = ""
        self.nominations: list[str] = []

    def say(self, text: str) -> None:
        print(f"{self.kind:<8} {text}", flush=True)

    @contextmanager
    def phase(self, name: str) -> Iterator[dict[str, int]]:
        """Time the block; its events are those it appended, or ``done["events"]`` (the
        events a catch-up processed)."""
        before = self.app.store.last_position()
        done: dict[str, int] = {}
        started = time.perf_counter()
        yield done
        seconds = time.perf_counter() - started
        events = done.get("events", self.app.store.last_position() - before)
        self.say(f"phase {name:<14} {seconds:>9.2f} s {events:>11,} events "
                 f"{events / seconds if seconds else 0:>9,.0f} ev/s")

    def progress(self, text: str) -> None:
        print(f"  {self.kind} {text}", end="\r", file=sys.stderr, flush=True)

    # --- the phases --------------------------------------------------------------------

    def organisation(self) -> None:
        app, plan = self.app, self.plan
        unit = app.organisation.create_unit
        unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu", actor=SYSTEM)
        account = app.accounts.create_user
        account(username="vanthu-tinh", password="mat-khau-dai", role="unit_clerk",
                unit_code="LDLD", full_name="Văn thư Liên đoàn", actor=SYSTEM)
        account(username="chuyenvien-tinh", password="mat-khau-dai", role="specialist",
                unit_code="LDLD", full_name="Chuyên viên thi đua", actor=SYSTEM)
        for i in range(COUNCIL):
            account(username=f"hoidong{i:02d}", password="mat-khau-dai",
                    role="council_member", full_name=f"Thành viên số {i + 1}", actor=SYSTEM)
        number = 0
        for d, cells in enumerate(spread(plan.cells, plan.districts), start=1):
            code = f"CDH-{d:02d}"
            unit(code=code, name=f"Liên đoàn Lao động huyện số {d}", parent_code="LDLD",
                 sector="hanh_chinh", actor=SYSTEM)
            account(username=f"vanthu-h{d:02d}", password="mat-khau-dai", role="unit_clerk",
                    unit_code=code, full_name=f"Văn thư huyện số {d}", actor=SYSTEM)
            account(username=f"kiemtra-h{d:02d}", password="mat-khau-dai", role="reviewer",
                    unit_code=code, full_name=f"Cán bộ chấm duyệt huyện số {d}",
                    actor=SYSTEM)
            for _ in range(cells):
                number += 1
                cell = f"CDCS-{number:04d}"
                unit(code=cell, name=f"Công đoàn cơ sở số {number}", parent_code=code,
                     actor=SYSTEM)
                account(username=f"vanthu-cs{number:04d}", password="mat-khau-dai",
                        role="unit_clerk", unit_code=cell, full_name=f"Văn thư CĐCS {number}",
                        actor=SYSTEM)
                self.cells.append(cell)
                self.district_of[cell] = code
        app.award_forms.define_form(**UNION_BANG_KHEN, actor=SYSTEM)
        self.counts["units"] = 1 + plan.districts + len(self.cells)

    def people(self) -> None:
        """One .xlsx of members per district, imported by its clerk."""
        sizes = dict(zip(self.cells, spread(self.plan.members, len(self.cells)), strict=True))
        number = 0
        for d in range(1, self.plan.districts + 1):
            book = Workbook()
            sheet = book.active
            sheet.append(["Họ và tên", "Mã đơn vị", "Chức vụ"])
            cells = [c for c in self.cells if self.district_of[c] == f"CDH-{d:02d}"]
            for cell in cells:
                for _ in range(sizes[cell]):
                    number += 1
                    sheet.append([person_name(number), cell, "Đoàn viên"])
            data = BytesIO()
            book.save(data)
            done = self.app.people_import.import_people(
                data.getvalue(), actor=clerk(f"vanthu-h{d:02d}", f"CDH-{d:02d}"))
            assert not done["rejected"], done["rejected"][:3]
            for person in done["people"]:
                self.members.setdefault(person["unit_code"], []).append(person["id"])
        self.counts["members"] = sum(len(m) for m in self.members.values())

    def registrations(self) -> None:
        app = self.app
        self.campaign = app.campaigns.create_campaign({
            "code": f"VHCS-{YEAR}", "number": f"01/KH-LĐLĐ-{YEAR}",
            "title": "Đoàn viên công đoàn thi đua lao động giỏi, lao động sáng tạo",
            "issuer_unit_code": "LDLD", "start": f"{YEAR - 1}-12-30", "end": f"{YEAR}-12-31",
            "registration_deadline": f"{YEAR}-12-31",
            "tracks": [
                {"subject_kind": "individual", "cadence": "weekly",
                 "criteria": [{"code": "CN1", "name": "Ngày công, kỷ luật lao động",
                               "max_points": 50},
                              {"code": "CN2", "name": "Năng suất, chất lượng",
                               "max_points": 50}],
                 "thresholds": {"HTXS": 90, "HTT": 75, "HT": 50}},
                {"subject_kind": "collective", "cadence": "monthly",
                 "criteria": [{"code": "TT1", "name": "Chăm lo đời sống đoàn viên",
                               "max_points": 60},
                              {"code": "TT2", "name": "Phát triển đoàn viên",
                               "max_points": 40}],
                 "thresholds": {"HTXS": 90, "HTT": 70, "HT": 50}}],
            "quotas": []}, actor=SYSTEM)["id"]
        registered = 0
        for cell in self.cells:
            actor = clerk(f"vanthu-cs{cell[5:]}", cell)
            app.campaigns.register(campaign_id=self.campaign, subject_kind="collective",
                                   subject_id=str(ids.unit_id(cell)), actor=actor)
            for person in self.members[cell]:
                app.campaigns.register(campaign_id=self.campaign, subject_kind="individual",
                                       subject_id=person, actor=actor)
            registered += 1 + len(self.members[cell])
        self.counts["registrations"] = registered

    def scores(self) -> None:
        """Every member's week, and each cell's month once its last week is in: the cells
        shared among ``clients`` processes posting at once (clerks do not wait in turn)."""
        cells = [(n, cell, self.district_of[cell], self.members[cell])
                 for n, cell in enumerate(self.cells)]
        shares = chunks(cells, self.clients)
        if len(shares) == 1:
            posted = score_year(self.app, self.campaign, cells, self.plan)
        else:
            with multiprocessing.get_context("spawn").Pool(len(shares)) as pool:
                posted = sum(pool.starmap(score_share, [
                    (self.settings, self.campaign, share, self.plan) for share in shares]))
        self.counts["score_posts"] = posted

    def catch_up(self) -> int:
        """What the projection worker does after the writes (pages of 1,000); return how
        many events the views took in all."""
        processed = 0
        for projection in all_projections():
            store = open_view(self.app.store, projection)
            before = store.max_tracking_id(self.app.store.name) or 0
            processed += catch_up(self.app.store, projection, store) - before
        return processed

    def dossiers(self) -> None:
        dossiers = self.app.dossiers
        province = clerk("vanthu-tinh", "LDLD")
        specialist = clerk("chuyenvien-tinh", "LDLD", "specialist")
        made = 0
        for cell, count in zip(self.cells, spread(self.plan.nominees, len(self.cells)),
                               strict=True):
            if not count:
                continue
            school = clerk(f"vanthu-cs{cell[5:]}", cell)
            nominees = [{"subject_kind": "individual", "subject_id": person,
                         "summary": "Hoàn thành xuất sắc nhiệm vụ; sáng kiến được áp dụng."}
                        for person in self.members[cell][:count]]
            dossier = dossiers.create_dossier(
                campaign_id=self.campaign, award=UNION_BANG_KHEN["code"], basis="phong_trao",
                year=YEAR, nominees=nominees, actor=school)["id"]
            dossiers.submit_dossier(dossier, actor=school)
            district = self.district_of[cell]
            dossiers.forward_dossier(dossier, actor=clerk(f"vanthu-h{district[4:]}", district))
            dossiers.assign_specialist(dossier, specialist="chuyenvien-tinh", actor=province)
            for nominee in nominees:
                dossiers.record_verdict(dossier, subject_id=nominee["subject_id"],
                                        eligible=True, actor=specialist)
            accepted = dossiers.accept_dossier(dossier, actor=specialist)
            self.nominations += list(accepted["nominations"].values())
            made += 1
            if made % 50 == 0:
                self.progress(f"{made:,} dossiers")
        print(file=sys.stderr)
        self.counts["dossiers"] = made
        self.counts["nominations"] = len(self.nominations)

    def council(self) -> None:
        world = World(app=self.app, campaign=self.campaign,
                      members=[f"hoidong{i:02d}" for i in range(COUNCIL)])
        for number, batch in enumerate(chunks(self.nominations, self.plan.sessions)):
            approve(world, batch, held_on=date(YEAR, 11, 3 + number))
            self.progress(f"session {number + 1}")
        print(file=sys.stderr)
        self.counts["sessions"] = len(chunks(self.nominations, self.plan.sessions))
        self.counts["ballots"] = len(self.nominations)

    def decisions(self) -> None:
        world = World(app=self.app, campaign=self.campaign)
        issued = 0
        for batch in chunks(self.nominations, self.plan.decisions):
            decision = decide(world, UNION_BANG_KHEN["code"], batch, issued_on=TODAY)
            issued += decision["status"] == "issued"
        self.counts["decisions"] = issued

    # --- reads -------------------------------------------------------------------------

    def timed(self, label: str, read: Callable[[], Any]) -> Any:
        result = read()  # warm-up (and the answer checked by the caller)
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            read()
            samples.append((time.perf_counter() - started) * 1000)
        self.say(f"report {label:<40} {statistics.median(samples):>9.1f} ms")
        return result

    def reports(self) -> None:
        app = self.app
        week = self.timed("standings week, first page of 100", lambda: app.standings.get(
            self.campaign, f"{YEAR}-W10", limit=100))
        self.timed("standings month (cells), whole", lambda: app.standings.get(
            self.campaign, f"{YEAR}-03"))
        self.timed("standings year (members), first 100", lambda: app.standings.get(
            self.campaign, f"{YEAR}", subject_kind="individual", limit=100))
        board = self.timed("awards board", lambda: app.awards.nominations(self.campaign))
        self.counts["ranked_week"] = week["total_rows"]
        self.counts["awarded"] = sum(r["status"] == "awarded" for r in board["rows"])
        for form in forms_in_force(YEAR):
            self.timed(f"statistics form {form.code}", lambda code=form.code: (
                app.reports.statistics(code, year=YEAR, actor=ADMIN)))
        self.timed("fund ledger", lambda: app.reports.fund(year=YEAR, actor=ADMIN))

    def size(self) -> None:
        events = self.app.store.last_position()
        self.counts["events"] = events
        if self.settings.backend == "sqlite":
            path = Path(self.settings.sqlite_path)
            total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
            self.say(f"store size {total / 1e6:>10.1f} MB (file and WAL), {events:,} events, "
                     f"{total / events:,.0f} bytes/event with views")
            return
        datastore = self.app.store.recorder.datastore
        with datastore.transaction(commit=False) as cursor:  # events against views
            cursor.execute(
                "SELECT c.relname LIKE '%%events' AS events, "
                "SUM(pg_total_relation_size(c.oid)) AS size FROM pg_class c JOIN "
                "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND "
                "c.relkind = 'r' GROUP BY 1", [self.settings.postgres_schema()])
            sizes = {bool(r["events"]): int(r["size"]) for r in cursor.fetchall()}
        total = sum(sizes.values())
        self.say(f"store size {total / 1e6:>10.1f} MB (events {sizes.get(True, 0) / 1e6:.1f} MB"
                 f", views {sizes.get(False, 0) / 1e6:.1f} MB), {events:,} events, "
                 f"{total / events:,.0f} bytes/event with views")

    def rebuilds(self) -> None:
        events = self.app.store.last_position()
        for projection in all_projections():
            started = time.perf_counter()
            rebuild(self.app.store, projection)
            seconds = time.perf_counter() - started
            self.say(f"rebuild {projection.view:<12} {seconds:>9.2f} s "
                     f"{events / seconds:>9,.0f} ev/s")

    def run(self) -> None:
        plan = self.plan
        self.say(f"plan districts={plan.districts} cells={plan.cells} members={plan.members} "
                 f"nominees={plan.nominees} sessions={plan.sessions} "
                 f"decisions={plan.decisions} weeks={plan.weeks}")
        with self.phase("organisation"):
            self.organisation()
        with self.phase("people"):
            self.people()
        with self.phase("registrations"):
            self.registrations()
        with self.phase("scores"):
            self.scores()
        with self.phase("catch-up") as done:
            done["events"] = self.catch_up()
        with self.phase("dossiers"):
            self.dossiers()
        with self.phase("council"):
            self.council()
        with self.phase("decisions"):
            self.decisions()
        with self.phase("catch-up-2") as done:
            done["events"] = self.catch_up()
        self.reports()
        self.size()
        self.rebuilds()
        self.say("counts " + " ".join(f"{k}={v}" for k, v in self.counts.items()))
        self.app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--clients", type=int, default=4,
                        help="processes posting the scores at once (1: in this process)")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    plan = Plan.at(args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("sqlite", "postgres"):
            if getattr(args, f"skip_{kind}"):
                continue
            settings = fresh_store(kind, Path(tmp), args.postgres_url, "year")
            try:
                Year(kind, settings, plan, args.clients).run()
            finally:
                drop_store(settings)


if __name__ == "__main__":
    main()
