"""Faults under load: writes through the real `thidua serve` while its processes are killed.

A few client threads write through the API (people, registrations, self-assessments, a
review, nominations), each write with an Idempotency-Key of its own that it keeps while it
retries: a write is retried after a lost connection, a refused one or a server that is
down, and is acknowledged once it answers 201. Meanwhile, at fixed numbers of
acknowledgements, a gunicorn worker, then the projection worker, then the whole process
group are killed with SIGKILL (serve started again on the same store), then every gunicorn
worker and the projection worker of the new serve.

Afterwards: every acknowledged write is in the store exactly once (a retried write whose
first attempt was stored is not stored twice, and none answers 409 or 5xx), the views the
worker kept through the kills equal a rebuild row for row, and `thidua audit verify` exits 0.
No timing is asserted: waits are bounded by generous deadlines.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from events.values import today_in_vietnam
from services.actors import SYSTEM
from services.config import Settings
from services.projections.registry import all_projections
from services.projections.runner import open_view, rebuild
from services.store import init_store, open_thidua, store_status
from tests.support.projections import dump, project_all
from tests.support.server import Served, call, start_server, stop_server
from tests.support.stores import CHEAP_HASHER, drop_schema

pytestmark = pytest.mark.e2e

API = "/api/v1"
SECRET = "khoa-bi-mat-cua-kiem-thu-loi-tien-trinh-0123456789"
USERNAME, PASSWORD = "quantri-loi", "mat-khau-kiem-thu-loi"
UNIT = "CDCS-LOI"
CLIENTS = 4
GUNICORN_WORKERS = 2
WEEKS = 3  # self-assessed weeks per person; the first is also reviewed
SEAL_EVERY = 40  # the worker seals the chain during the stream too
# (acknowledged writes, what is killed): each fault lands while the clients write.
FAULTS = [(25, "a gunicorn worker"), (50, "the projection worker"), (75, "the whole group"),
          (110, "every gunicorn worker"), (135, "the projection worker")]
TOTAL_WRITES = 170  # the clients start no new person after this many acknowledgements
WRITE_DEADLINE = 120.0  # seconds one write may take, retries included
RECOVERY_DEADLINE = 60.0  # seconds for a killed process to be replaced
CATCH_UP_DEADLINE = 90.0  # seconds for the worker to reach the head of the log
QUIET_SECONDS = 3.0  # the head must stay put this long (the sealer runs every second)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class Ack:
    """A write the server acknowledged (201) and what it answered."""

    kind: str
    body: dict[str, Any]
    attempts: int


@dataclass
class Stream:
    """The client threads' shared state: where the server is, and what it acknowledged."""

    served: Served
    campaign: str
    year: int
    periods: list[str]
    acks: list[Ack] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # 4xx/5xx answers: never expected
    errors: list[BaseException] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def base(self) -> str:
        with self.lock:
            return self.served.base

    def acknowledged(self) -> int:
        with self.lock:
            return len(self.acks)

    def request(self, path: str, body: dict[str, Any], token: str | None,
                key: str | None) -> tuple[int, Any] | None:
        """One attempt; None when the server could not answer (killed, down, restarting)."""
        headers = {"Idempotency-Key": key} if key else {}
        try:
            return call(f"{self.base}{path}", body, token, headers=headers, timeout=30)
        except (OSError, http.client.HTTPException):
            return None

    def sign_in(self) -> str:
        deadline = time.monotonic() + WRITE_DEADLINE
        while time.monotonic() < deadline:
            answer = self.request(f"{API}/auth/token",
                                  {"username": USERNAME, "password": PASSWORD}, None, None)
            if answer is not None and answer[0] == 200:
                return str(answer[1]["token"])
            time.sleep(0.1)
        raise AssertionError("could not sign in")

    def write(self, kind: str, path: str, body: dict[str, Any], token: str) -> dict[str, Any]:
        """Retry one write (same key) until it is acknowledged; remember the answer."""
        key = f"loi-{uuid.uuid4().hex}"
        deadline = time.monotonic() + WRITE_DEADLINE
        attempts = 0
        while time.monotonic() < deadline:
            attempts += 1
            answer = self.request(f"{API}{path}", body, token, key)
            if answer is not None:
                status, result = answer
                if status == 201:
                    with self.lock:
                        self.acks.append(Ack(kind, result, attempts))
                    return dict(result)
                # Every write here is valid: any other answer is a fault of the server
                # (a 409 on a retry would say the first attempt's key was lost).
                message = f"{kind} {path} (attempt {attempts}) answered {status}: {result}"
                with self.lock:
                    self.failures.append(message)
                if status < 500:
                    raise AssertionError(message)
            time.sleep(0.1)
        raise AssertionError(f"{kind} {path} not acknowledged in {WRITE_DEADLINE:.0f} s")

    def client(self, number: int) -> None:
        """Write round after round: a person, its registration, its weeks, a nomination."""
        try:
            token = self.sign_in()
            round_number = 0
            while not self.done.is_set():
                self.one_round(token, number, round_number)
                round_number += 1
        except BaseException as exc:  # reported by the test's thread
            with self.lock:
                self.errors.append(exc)
            self.done.set()

    def one_round(self, token: str, number: int, round_number: int) -> None:
        campaign = f"/campaigns/{self.campaign}"
        person = self.write("person", "/people", {
            "full_name": f"Người thử {number}-{round_number}", "unit_code": UNIT}, token)
        subject = person["id"]
        self.write("registration", f"{campaign}/registrations", {
            "subject_kind": "individual", "subject_id": subject,
            "pledge": "Hoàn thành xuất sắc nhiệm vụ"}, token)
        for week, period in enumerate(self.periods):
            points = {"CN1": (number * 7 + round_number * 3 + week) % 51,
                      "CN2": (number * 11 + round_number * 5 + week * 2) % 51}
            self.write("scorecard", f"{campaign}/scores", {
                "subject_id": subject, "period": period, "stage": "self",
                "scores": points}, token)
        self.write("scorecard", f"{campaign}/scores", {
            "subject_id": subject, "period": self.periods[0], "stage": "review",
            "scores": {"CN1": 40, "CN2": (number + round_number) % 51}}, token)
        self.write("nomination", f"{campaign}/nominations", {
            "subject_kind": "individual", "subject_id": subject, "award": "ldtt",
            "year": self.year, "summary": "Hoàn thành tốt nhiệm vụ được giao"}, token)


# --- the store and the server --------------------------------------------------------------


def fresh_settings(backend: str, tmp_path: Path,
                   request: pytest.FixtureRequest) -> tuple[Settings, dict[str, str]]:
    """The store's settings, and the environment that points `thidua serve` at it."""
    env = {"THIDUA_SECRET_KEY": SECRET, "THIDUA_AUDIT_SEAL_EVERY": str(SEAL_EVERY)}
    if backend == "sqlite":
        return Settings(data_dir=tmp_path, secret_key=SECRET), env
    url = request.getfixturevalue("postgres_url")
    schema = f"thidua_faults_{uuid.uuid4().hex[:12]}"
    request.addfinalizer(lambda: drop_schema(schema))
    env.update(THIDUA_DATABASE_URL=url, THIDUA_DATABASE_SCHEMA=schema)
    return Settings(data_dir=tmp_path, database_url=url, database_schema=schema,
                    secret_key=SECRET), env


def prepare(settings: Settings) -> tuple[str, int, list[str]]:
    """Units, an admin account and a campaign open today (the server's clock)."""
    init_store(settings)
    thidua = open_thidua(settings, password_hasher=CHEAP_HASHER)
    try:
        thidua.organisation.create_unit(code="LDLD-LOI", name="Liên đoàn Lao động thử nghiệm",
                                        actor=SYSTEM)
        thidua.organisation.create_unit(code=UNIT, name="Công đoàn cơ sở thử nghiệm",
                                        parent_code="LDLD-LOI", actor=SYSTEM)
        thidua.accounts.create_user(username=USERNAME, password=PASSWORD, role="admin",
                                    full_name="Quản trị kiểm thử", actor=SYSTEM)
        year = today_in_vietnam().year
        campaign = thidua.campaigns.create_campaign({
            "code": "LOI-TIEN-TRINH", "number": "01/KH-LOI",
            "title": "Phong trào thử tiến trình bị dừng đột ngột",
            "issuer_unit_code": "LDLD-LOI", "start": f"{year - 1}-01-01",
            "end": f"{year + 1}-12-31", "registration_deadline": f"{year + 1}-12-31",
            "tracks": [{"subject_kind": "individual", "cadence": "weekly",
                        "criteria": [{"code": "CN1", "name": "Kỷ cương", "max_points": 50},
                                     {"code": "CN2", "name": "Ứng xử", "max_points": 50}],
                        "thresholds": {"HTXS": 90, "HTT": 75, "HT": 50}}],
            "quotas": []}, actor=SYSTEM)
    finally:
        thidua.close()
    return campaign["id"], year, [f"{year}-W{week:02d}" for week in range(10, 10 + WEEKS)]


def gunicorn_master(served: Served) -> int:
    masters = [pid for pid, line in served.children().items() if "gunicorn" in line]
    assert len(masters) == 1, served.children()
    return masters[0]


def projection_workers(served: Served) -> list[int]:
    return [pid for pid, line in served.children().items() if line.endswith(" worker")]


def wait_until(what: str, ready: Callable[[], bool], served: Served) -> None:
    deadline = time.monotonic() + RECOVERY_DEADLINE
    while time.monotonic() < deadline:
        assert served.process.poll() is None, f"serve ended: {tail(served.log)}"
        if ready():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} not there in {RECOVERY_DEADLINE:.0f} s: {tail(served.log)}")


def tail(log: Path, size: int = 6000) -> str:
    return log.read_text(errors="replace")[-size:] if log.exists() else ""


# --- the test ------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_acknowledged_writes_survive_killed_processes_and_views_equal_a_rebuild(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    settings, env = fresh_settings(backend, tmp_path, request)
    campaign, year, periods = prepare(settings)
    served = start_server(tmp_path, demo=False, workers=GUNICORN_WORKERS, env=env)
    logs = [served.log]
    stream = Stream(served, campaign, year, periods)
    threads = [threading.Thread(target=stream.client, args=(n,), name=f"client-{n}",
                                daemon=True) for n in range(CLIENTS)]

    def restart() -> None:
        """SIGKILL to the whole process group, then serve again on the same store."""
        nonlocal served
        os.killpg(served.process.pid, signal.SIGKILL)
        served.process.wait(timeout=30)
        served = start_server(tmp_path, demo=False, workers=GUNICORN_WORKERS, env=env,
                              log_name=f"server-{len(logs)}.log")
        logs.append(served.log)
        with stream.lock:
            stream.served = served

    def kill(what: str) -> None:
        if what == "the whole group":
            restart()
            return
        if what == "the projection worker":
            [old] = projection_workers(served)
            os.kill(old, signal.SIGKILL)
            wait_until(what, lambda: [p for p in projection_workers(served) if p != old] != [],
                       served)
            return
        master = gunicorn_master(served)
        wait_until("gunicorn's workers", lambda: len(served.children(master))
                   == GUNICORN_WORKERS, served)  # all booted after a restart
        old = set(served.children(master))
        for pid in sorted(old)[:1] if what == "a gunicorn worker" else sorted(old):
            os.kill(pid, signal.SIGKILL)
        wait_until(what, lambda: len(set(served.children(master)) - old)
                   == (1 if what == "a gunicorn worker" else GUNICORN_WORKERS), served)

    try:
        for thread in threads:
            thread.start()
        for threshold, what in FAULTS:
            deadline = time.monotonic() + WRITE_DEADLINE
            while stream.acknowledged() < threshold and not stream.done.is_set():
                assert time.monotonic() < deadline, f"the stream stalled before {what}"
                time.sleep(0.02)
            if stream.done.is_set():
                break
            kill(what)
        deadline = time.monotonic() + WRITE_DEADLINE
        while stream.acknowledged() < TOTAL_WRITES and not stream.done.is_set():
            assert time.monotonic() < deadline, "the stream stalled after the faults"
            time.sleep(0.02)
        stream.done.set()  # each client ends the round in hand
        for thread in threads:
            thread.join(timeout=WRITE_DEADLINE * 8)
            assert not thread.is_alive(), f"{thread.name} did not finish its round"
        if stream.errors:
            raise AssertionError(f"a client failed: {stream.errors[0]!r}; server log: "
                                 f"{tail(served.log)}") from stream.errors[0]
        assert not stream.failures, stream.failures

        read_back = read_scorecards(served, stream)  # signs in: before the head settles
        caught_up = wait_for_the_worker(served)
    finally:
        stream.done.set()
        code = stop_server(served) if served.process.poll() is None else \
            served.process.returncode
    assert code == 0, tail(served.log, 20000)

    acks = stream.acks
    assert len(acks) >= TOTAL_WRITES
    # Every fault landed mid-stream: some writes needed more than one attempt.
    assert any(a.attempts > 1 for a in acks), "no write was ever interrupted"
    logs_text = "".join(log.read_text(errors="replace") for log in logs)
    assert "projection worker ended (-9)" in logs_text

    # The scorecards the API reads back are the last acknowledged state of each card.
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for ack in acks:
        if ack.kind == "scorecard":
            last[(ack.body["subject_id"], ack.body["period"])] = ack.body
    assert read_back == last

    check_store(settings, campaign, acks, caught_up)

    verify = subprocess.run(
        [str(Path(sys.executable).with_name("thidua")), "audit", "verify"],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")},
             "THIDUA_DATA_DIR": str(tmp_path), **env},
        capture_output=True, text=True, timeout=300)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def wait_for_the_worker(served: Served) -> int:
    """Wait until /readyz reports every view at the head and the head stays put; the head."""
    deadline = time.monotonic() + CATCH_UP_DEADLINE
    quiet_since, head = time.monotonic(), -1
    while time.monotonic() < deadline:
        answer = call(f"{served.base}/readyz")
        status, body = answer
        if status == 200 and not any(body["projection_lag"].values()):
            if body["last_position"] != head:
                quiet_since, head = time.monotonic(), body["last_position"]
            elif time.monotonic() - quiet_since >= QUIET_SECONDS:
                return head
        else:
            quiet_since, head = time.monotonic(), -1
        time.sleep(0.25)
    raise AssertionError(f"the views did not catch up: {call(f'{served.base}/readyz')}")


def read_scorecards(served: Served, stream: Stream) -> dict[tuple[str, str], dict[str, Any]]:
    """Every acknowledged scorecard as the API answers it now."""
    token = stream.sign_in()
    cards = {}
    for subject, period in {(a.body["subject_id"], a.body["period"])
                            for a in stream.acks if a.kind == "scorecard"}:
        status, card = call(f"{served.base}{API}/campaigns/{stream.campaign}/scores"
                            f"?subject_id={subject}&period={period}", token=token)
        assert status == 200, card
        cards[(subject, period)] = card
    return cards


def check_store(settings: Settings, campaign: str, acks: list[Ack], head: int) -> None:
    """Each acknowledged write stored once; the worker's views equal a rebuild."""
    thidua = open_thidua(settings, password_hasher=CHEAP_HASHER)
    try:
        store = thidua.store
        status = store_status(store)
        assert not status["stopped"], status
        # The sealer runs beside the views: a seal it recorded after the head had settled
        # may not have been projected before the stop. Nothing else may follow the head.
        later = [n.topic for n in store.recorder.select_notifications(head + 1, 100)]
        assert all(topic.startswith("events.audit:AuditSeal") for topic in later), later
        if any(status["projection_lag"].values()):
            project_all(thidua)

        by_kind: dict[str, list[dict[str, Any]]] = {}
        for ack in acks:
            by_kind.setdefault(ack.kind, []).append(ack.body)
        # Each acknowledged version of each card is an event of the store.
        for card in by_kind["scorecard"]:
            versions = {e.originator_version
                        for e in store.recorder.select_events(uuid.UUID(card["id"]))}
            assert card["version"] in versions, card
        # Exactly the people, registrations and nominations acknowledged: a retry whose
        # first attempt had been stored (the same Idempotency-Key) stored nothing more.
        people = sorted(p["id"] for p in thidua.organisation.list_people(UNIT))
        assert people == sorted(p["id"] for p in by_kind["person"])
        registrations = sorted(r["id"] for r in thidua.campaigns.list_registrations(campaign))
        assert registrations == sorted(r["id"] for r in by_kind["registration"])
        for nomination in by_kind["nomination"]:
            stored = thidua.nominations.get_nomination(nomination["id"])
            assert (stored["subject_id"], stored["status"]) == (
                nomination["subject_id"], nomination["status"])
        assert len({n["subject_id"] for n in by_kind["nomination"]}) == len(people)

        # What the worker projected through the kills is what a rebuild projects.
        for projection in all_projections():
            live = dump(open_view(store, projection))
            rebuilt = dump(rebuild(store, projection))
            assert rebuilt == live, projection.view
    finally:
        thidua.close()
