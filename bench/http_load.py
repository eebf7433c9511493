"""HTTP load: score posts through the real `thidua serve` (gunicorn + projection worker).

N clients (default 16) post self-assessments for a fixed time, each for subjects and weeks
of its own, on SQLite and PostgreSQL; prints requests/s, p50/p99 latency and errors, and
the ratio to the in-process "post a score" use case (``Thidua.campaigns.post_scores`` one
call at a time, measured as bench/append.py does) in the same run. Then profiles the Flask
app handling score posts in process (cProfile) and says what a request spends its time on.

The clients are processes of their own, forked before the clock starts, each with one
``http.client`` connection and its body list encoded beforehand: no GIL shared between
clients (threads would queue on it and add their wait to the latencies). Each client
reports the CPU time it used, and the server's processes are read from /proc, so the
output shows what share of the machine the clients took (the client is not the bottleneck
when its share is small and the server's processes use the rest). gunicorn's sync workers
close the connection after every answer, so each request is a new local TCP connection,
as for every client of `thidua serve`.

    .venv/bin/python bench/http_load.py [--clients 16] [--seconds 10] [--workers 4]
                                        [--skip-postgres] [--skip-sqlite]
                                        [--profile-only]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import cProfile  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

from argon2 import PasswordHasher  # noqa: E402

from bench.append import WEEKS, bench_service, campaign  # noqa: E402
from bench.stores import drop_store, fresh_store  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.config import Settings  # noqa: E402
from services.store import open_thidua  # noqa: E402

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
SECRET = "bench-http-secret-key-0123456789-abcdefghijklmnop"
USERNAME, PASSWORD = "bench-admin", "mat-khau-do-hieu-nang"
SCORES = {f"CN{i}": 12 + (i % 3) for i in range(1, 8)}  # as bench/append.py posts them
# Work is set up for this rate at most; a client that runs out stops and is reported.
MAX_RATE = 2000
TARGET_RATIO, TARGET_P99_MS = 0.5, 50.0
TOP = 30  # functions listed by the profile
BUSY_ELSEWHERE = 0.25  # cores used by other work above which the figures are flagged
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the store and the server --------------------------------------------------------------


def prepare(settings: Settings, clients: int,
            subjects_per_client: int) -> tuple[str, list[list[str]]]:
    """An admin account, the bench campaign and registered people; their ids per client."""
    thidua = open_thidua(settings, password_hasher=HASHER)
    try:
        thidua.organisation.create_unit(code="ROOT", name="Đơn vị gốc", actor=SYSTEM)
        thidua.organisation.create_unit(code="CDCS", name="Công đoàn cơ sở",
                                        parent_code="ROOT", actor=SYSTEM)
        thidua.accounts.create_user(username=USERNAME, password=PASSWORD, role="admin",
                                    actor=SYSTEM)
        camp = thidua.campaigns.create_campaign(campaign(), actor=SYSTEM)
        per_client = []
        for c in range(clients):
            subjects = []
            for s in range(subjects_per_client):
                person = thidua.organisation.create_person(full_name=f"Cá nhân {c}-{s}",
                                                           unit_code="CDCS", actor=SYSTEM)
                thidua.campaigns.register(campaign_id=camp["id"], subject_kind="individual",
                                          subject_id=person["id"], actor=SYSTEM,
                                          on=date(2020, 1, 1))
                subjects.append(person["id"])
            per_client.append(subjects)
        return camp["id"], per_client
    finally:
        thidua.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def processes(self) -> list[int]:
        """serve and every process under it (gunicorn, its workers, the projection worker)."""
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                    parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        found, frontier = [self.process.pid], [self.process.pid]
        while frontier:
            frontier = [pid for pid, parent in parents.items() if parent in frontier]
            found += frontier
        return found

    def cpu_seconds(self) -> dict[int, tuple[str, float]]:
        """CPU seconds used so far by each process of the web tier (gunicorn) and the
        projection worker, by pid."""
        used = {}
        for pid in self.processes():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue  # gone meanwhile
            role = ("web" if b"gunicorn" in command else
                    "projection" if command.strip().endswith(b" worker") else "serve")
            used[pid] = (role, cpu_of(stat))
        return used


def cpu_of(stat: str) -> float:
    """utime + stime of a /proc/<pid>/stat line, in seconds."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def spent(before: dict[int, tuple[str, float]],
          after: dict[int, tuple[str, float]]) -> Counter[str]:
    """CPU seconds spent between two samples, by role (a process that ended meanwhile is
    not counted: a slight undercount)."""
    used: Counter[str] = Counter()
    for pid, (role, seconds) in after.items():
        used[role] += seconds - before.get(pid, (role, 0.0))[1]
    return used


def start_server(settings: Settings, workers: int, log: Path) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update(THIDUA_DATA_DIR=str(settings.data_dir), THIDUA_SECRET_KEY=SECRET)
    if settings.backend == "postgres":
        env.update(THIDUA_DATABASE_URL=settings.database_url or "",
                   THIDUA_DATABASE_SCHEMA=settings.postgres_schema())
    port = free_port()
    thidua = Path(sys.executable).with_name("thidua")
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(thidua), "serve", "--port", str(port), "--workers", str(workers)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(process, port, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"thidua serve exited: {log.read_text()[-3000:]}")
        try:
            if get_json(f"http://127.0.0.1:{port}/readyz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("thidua serve did not become ready in 120 s")


def stop_server(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


def postgres_processes() -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each of the PostgreSQL server's processes (whoever they
    serve), by pid."""
    used = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.split(" (", 1)[1].startswith("postgres)"):
                used[int(entry.name)] = ("postgres", cpu_of(stat))
    return used


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS


# --- the clients ---------------------------------------------------------------------------


@dataclass
class ClientResult:
    samples: list[tuple[float, float, bool]] = field(default_factory=list)  # start, end, ok
    errors: Counter[str] = field(default_factory=Counter)
    cpu: float = 0.0  # CPU seconds used within the measured window
    exhausted: bool = False


def client(port: int, path: str, token: str, bodies: list[bytes], start_at: float,
           window: tuple[float, float], results: Any) -> None:
    """One client process: post ``bodies`` one after another until the window ends."""
    result = ClientResult()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < start_at:
        time.sleep(0.001)
    cpu_start: float | None = None
    for body in bodies:
        started = time.monotonic()
        if started >= window[1]:
            break
        if cpu_start is None and started >= window[0]:
            cpu_start = sum(os.times()[:2])
        try:
            connection.request("POST", path, body, headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 201
            if not ok:
                result.errors[str(response.status)] += 1
        except (OSError, http.client.HTTPException) as exc:
            ok = False
            result.errors[type(exc).__name__] += 1
            connection.close()
        result.samples.append((started, time.monotonic(), ok))
    else:
        result.exhausted = True
    result.cpu = sum(os.times()[:2]) - (cpu_start if cpu_start is not None else 0.0)
    results.put(result)


def sign_in(port: int) -> str:
    status, body = get_json(f"http://127.0.0.1:{port}/api/v1/auth/token",
                            {"username": USERNAME, "password": PASSWORD})
    assert status == 200, body
    return str(body["token"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


@dataclass
class Load:
    rate: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: Counter[str]
    server_cpu: dict[str, float]  # CPU seconds per second of the window (cores), by role
    client_cpu: float
    postgres_cpu: float
    machine_cpu: float
    exhausted: int


def load(server: Server, campaign_id: str, subjects: list[list[str]], seconds: float,
         warmup: float) -> Load:
    path = f"/api/v1/campaigns/{campaign_id}/scores"
    tokens = [sign_in(server.port) for _ in subjects]
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.monotonic() + 1.0 + 0.05 * len(subjects)
    window = (start_at + warmup, start_at + warmup + seconds)
    processes = []
    for token, own in zip(tokens, subjects, strict=True):
        bodies = [json.dumps({"subject_id": s, "period": w, "stage": "self",
                              "scores": SCORES}).encode() for s in own for w in WEEKS]
        process = context.Process(target=client, args=(server.port, path, token, bodies,
                                                       start_at, window, results))
        process.start()
        processes.append(process)
    time.sleep(max(0.0, window[0] - time.monotonic()))
    server_before, machine_before = server.cpu_seconds(), machine_busy_seconds()
    postgres_before = postgres_processes()
    time.sleep(max(0.0, window[1] - time.monotonic()))
    server_after, machine_after = server.cpu_seconds(), machine_busy_seconds()
    postgres_after = postgres_processes()
    gathered: list[ClientResult] = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    done = [end for r in gathered for start, end, ok in r.samples
            if ok and window[0] <= end <= window[1]]
    latencies = [(end - start) * 1000 for r in gathered for start, end, ok in r.samples
                 if ok and window[0] <= start < window[1]]
    errors: Counter[str] = Counter()
    for r in gathered:
        errors.update(r.errors)
    return Load(rate=len(done) / seconds,
                p50_ms=statistics.median(latencies) if latencies else math.nan,
                p99_ms=percentile(latencies, 0.99) if latencies else math.nan,
                requests=len(latencies), errors=errors,
                server_cpu={role: used / seconds
                            for role, used in spent(server_before, server_after).items()},
                client_cpu=sum(r.cpu for r in gathered) / seconds,
                postgres_cpu=spent(postgres_before, postgres_after)["postgres"] / seconds,
                machine_cpu=(machine_after - machine_before) / seconds,
                exhausted=sum(r.exhausted for r in gathered))


# --- one backend ---------------------------------------------------------------------------


def run(kind: str, tmp: Path, postgres_url: str, args: argparse.Namespace) -> tuple[Load, float]:
    # The in-process use case first, on a store of its own, with nothing else running.
    ops = args.inprocess_ops if kind == "sqlite" else args.inprocess_ops // 2
    inprocess = fresh_store(kind, tmp, postgres_url, "inprocess")
    try:
        events_per_second, _, _ = bench_service(inprocess, ops)
    finally:
        drop_store(inprocess)
    use_case = events_per_second / 2  # two events (Opened, SelfAssessed) per call

    per_client = math.ceil(MAX_RATE * (args.seconds + args.warmup) / args.clients / len(WEEKS))
    settings = fresh_store(kind, tmp, postgres_url, "http")
    try:
        campaign_id, subjects = prepare(settings, args.clients, per_client)
        server = start_server(settings, args.workers, tmp / f"serve-{kind}.log")
        try:
            measured = load(server, campaign_id, subjects, args.seconds, args.warmup)
        finally:
            stop_server(server)
    finally:
        drop_store(settings)
    ratio = measured.rate / use_case
    errors = ", ".join(f"{k} ×{v}" for k, v in measured.errors.items()) or "none"
    cores = os.cpu_count() or 1
    print(f"{kind:<9} {args.clients} clients, {args.workers} gunicorn workers, "
          f"{args.seconds:.0f} s: {measured.rate:5.0f} req/s, p50 {measured.p50_ms:5.1f} ms, "
          f"p99 {measured.p99_ms:5.1f} ms, {measured.requests} requests, errors: {errors}")
    print(f"{'':<9} in-process post_scores {use_case:5.0f} calls/s ({ops} calls, one at a "
          f"time) → ratio {ratio:.2f}")
    server = sum(measured.server_cpu.values())
    other = max(0.0, measured.machine_cpu - server - measured.client_cpu
                - measured.postgres_cpu)

    def per_request(cores_used: float) -> str:
        return f"{cores_used / measured.rate * 1000:.1f} ms/req" if measured.rate else "-"

    print(f"{'':<9} CPU in the window, in cores of {cores}: server {server:.2f} "
          f"({per_request(server)}: gunicorn {per_request(measured.server_cpu['web'])}, "
          f"projection worker {per_request(measured.server_cpu['projection'])}), "
          f"clients {measured.client_cpu:.2f} ({per_request(measured.client_cpu)}), "
          f"PostgreSQL's processes {measured.postgres_cpu:.2f}, anything else {other:.2f}")
    if other > BUSY_ELSEWHERE:
        print(f"{'':<9} WARNING: other work took {other:.2f} cores of {cores} meanwhile: "
              "these figures are lower than the server's own")
    if measured.rate:
        print(f"{'':<9} Little's law: {args.clients} clients / {measured.rate:.0f} req/s = "
              f"{args.clients / measured.rate * 1000:.0f} ms mean latency")
    if measured.exhausted:
        print(f"{'':<9} WARNING: {measured.exhausted} clients ran out of work (raise MAX_RATE)")
    return measured, ratio


# --- the profile ---------------------------------------------------------------------------


def bucket(filename: str, name: str) -> str:
    """Who owns a function: the first folder under site-packages, or ours."""
    if filename == "~":
        if "sqlite3" in name or "psycopg" in name:
            return "database driver (C)"
        return "builtins (C)"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].split(".", 1)[0]
    try:
        return "ours: " + Path(filename).resolve().relative_to(ROOT).parts[0]
    except ValueError:
        return "stdlib"


def short(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    try:
        return str(Path(filename).resolve().relative_to(ROOT))
    except ValueError:
        return Path(filename).name


def profile(tmp: Path, requests: int) -> None:
    """Score posts through the Flask app in process (no gunicorn, no network), profiled."""
    # Deferred: only the profile needs the web tier.
    from werkzeug.test import EnvironBuilder

    from services.web import create_app

    settings = fresh_store("sqlite", tmp, "", "profile")
    campaign_id, subjects = prepare(settings, 1, math.ceil((3 * requests + 20) / len(WEEKS)))
    thidua = open_thidua(settings, password_hasher=HASHER)
    try:
        app = create_app(settings, thidua=thidua)
        client = app.test_client()
        token = client.post("/api/v1/auth/token", json={
            "username": USERNAME, "password": PASSWORD}).json["token"]
        headers = {"Authorization": f"Bearer {token}"}
        work = iter([(s, w) for s in subjects[0] for w in WEEKS])
        path = f"/api/v1/campaigns/{campaign_id}/scores"

        def environs(count: int) -> list[dict[str, Any]]:
            """WSGI environs built beforehand: the test client's own work is not measured."""
            built = []
            for _ in range(count):
                subject, week = next(work)
                built.append(EnvironBuilder(path=path, method="POST", headers=headers, json={
                    "subject_id": subject, "period": week, "stage": "self",
                    "scores": SCORES}).get_environ())
            return built

        def post(environ: dict[str, Any]) -> None:
            status: list[str] = []
            body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
            assert status[0].startswith("201"), body

        for environ in environs(20):
            post(environ)  # warm
        batch = environs(requests)
        started, cpu = time.perf_counter(), time.process_time()
        for environ in batch:
            post(environ)
        plain = (time.perf_counter() - started) / requests * 1000
        plain_cpu = (time.process_time() - cpu) / requests * 1000
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            subject, week = next(work)
            thidua.campaigns.post_scores(campaign_id=campaign_id, subject_id=subject,
                                         period=week, stage="self", scores=SCORES,
                                         actor=SYSTEM)
        use_case = (time.perf_counter() - started) / requests * 1000
        use_case_cpu = (time.process_time() - cpu) / requests * 1000
        batch = environs(requests)
        profiler = cProfile.Profile()
        profiler.enable()
        for environ in batch:
            post(environ)
        profiler.disable()
        profiled = requests
    finally:
        thidua.close()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in stats.values())
    print(f"\nprofile: POST …/scores (stage self, a new scorecard) through the Flask app in "
          f"process on SQLite\n  without the profiler: {plain:.2f} ms/request "
          f"({plain_cpu:.2f} ms CPU); the use case alone (post_scores, no HTTP): "
          f"{use_case:.2f} ms/call ({use_case_cpu:.2f} ms CPU)\n  so the web tier adds "
          f"{plain_cpu - use_case_cpu:.2f} ms CPU a request (CPU: the commit's fsync is a "
          f"wait, and the disk is shared)\n  with cProfile "
          f"({profiled} requests, {total / profiled * 1000:.2f} ms/request profiled):")
    print(f"  {'cumulative ms/req':>17} {'own ms/req':>10} {'calls/req':>9}  function")
    rows = sorted(stats.items(), key=lambda item: item[1][3], reverse=True)
    for (filename, line, name), (_, calls, own, cumulative, _) in rows[:TOP]:
        where = f"{short(filename)}:{line} {name}" if filename != "~" else name
        print(f"  {cumulative / profiled * 1000:17.3f} {own / profiled * 1000:10.3f} "
              f"{calls / profiled:9.1f}  {where[:110]}")
    owners: Counter[str] = Counter()
    for (filename, _, name), (_, _, own, _, _) in stats.items():
        owners[bucket(filename, name)] += own
    print("  own time by owner:")
    for owner, own in owners.most_common(12):
        print(f"  {own / profiled * 1000:8.3f} ms/req {own / total:6.1%}  {owner}")
    parts = [("the use case (post_scores, its commit included)", "services/usecases/campaigns.py",
              "post_scores"),
             ("  of which the SQLite commit (fsync of the WAL)", "~",
              "<method 'commit' of 'sqlite3.Connection' objects>"),
             ("token → actor (signature, one read of versions)", "services/web/auth.py",
              "actor_from_request"),
             ("arguments (webargs + marshmallow load)", "webargs/core.py", "parse"),
             ("answer: marshmallow dump", "marshmallow/schema.py", "dump"),
             ("answer: JSON", "flask/json/__init__.py", "jsonify")]
    print("  where a request goes (cumulative):")
    for label, where, name in parts:
        spent = sum(ct for (f, _, n), (_, _, _, ct, _) in stats.items()
                    if n == name and (f == where or f.endswith(where)))
        print(f"  {spent / profiled * 1000:8.3f} ms/req {spent / total:6.1%}  {label}")
    statements = sum(calls for (f, _, n), (_, calls, _, _, _) in stats.items()
                     if f == "~" and "sqlite3" in n and ("execute" in n))
    commits = sum(calls for (f, _, n), (_, calls, _, _, _) in stats.items()
                  if f == "~" and "sqlite3" in n and "commit" in n)
    print(f"  SQL per request: {statements / profiled:.1f} execute calls, "
          f"{commits / profiled:.1f} commits")


def commit_cost(tmp: Path, commits: int = 300) -> dict[str, float]:
    """ms per commit of a two-row transaction in a bare WAL database, per synchronous mode:
    FULL (SQLite's default, what the store runs with: an fsync per commit) and NORMAL."""
    import sqlite3  # deferred: only this measurement opens a bare database

    costs = {}
    for mode in ("FULL", "NORMAL"):
        path = tmp / f"commit-{mode}.sqlite3"
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={mode}")
            db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, state BLOB)")
            started = time.perf_counter()
            for _ in range(commits):
                db.execute("BEGIN")
                db.executemany("INSERT INTO t (state) VALUES (?)", [(b"x" * 430,)] * 2)
                db.execute("COMMIT")
            costs[mode] = (time.perf_counter() - started) / commits * 1000
        finally:
            db.close()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured window")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="seconds of load before the window (not counted)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--inprocess-ops", type=int, default=1000,
                        help="use-case calls in process (half on PostgreSQL)")
    parser.add_argument("--profile-requests", type=int, default=400)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true",
                        help="PostgreSQL only (no target verdict, which is SQLite's)")
    parser.add_argument("--profile-only", action="store_true",
                        help="only the in-process profile of the Flask app (no load runs)")
    args = parser.parse_args()
    if args.profile_only:
        with tempfile.TemporaryDirectory() as tmp:
            profile(Path(tmp), args.profile_requests)
        return
    print(f"POST /api/v1/campaigns/{{id}}/scores (self-assessment, new scorecard) through "
          f"`thidua serve`; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        if args.skip_sqlite:
            run("postgres", Path(tmp), args.postgres_url, args)
            return
        sqlite, ratio = run("sqlite", Path(tmp), args.postgres_url, args)
        if not args.skip_postgres:
            run("postgres", Path(tmp), args.postgres_url, args)
        profile(Path(tmp), args.profile_requests)
        costs = commit_cost(Path(tmp))
        print(f"  this disk: a bare WAL commit takes {costs['FULL']:.2f} ms with "
              f"synchronous=FULL (the store's setting: one fsync per commit, and SQLite "
              f"holds its one write lock meanwhile), {costs['NORMAL']:.3f} ms with NORMAL")
    met = ratio >= TARGET_RATIO and sqlite.p99_ms < TARGET_P99_MS
    print(f"\ntarget (SQLite, {args.clients} clients): ratio ≥ {TARGET_RATIO} and p99 < "
          f"{TARGET_P99_MS:.0f} ms: ratio {ratio:.2f} "
          f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}, p99 {sqlite.p99_ms:.1f} ms "
          f"{'met' if sqlite.p99_ms < TARGET_P99_MS else 'NOT met'} → "
          f"{'MET' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
