"""Talking to a real server over HTTP, as the end-to-end tests do."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, body: Any = None, token: str | None = None, *,
         headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read().decode(), exc.code
    try:
        return status, json.loads(raw)
    except json.JSONDecodeError:
        return status, raw


@dataclass
class Served:
    """A `thidua serve` process (gunicorn + projection worker) and where it answers."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def children(self, parent: int | None = None) -> dict[int, str]:
        """The processes serve started (or ``parent`` did: gunicorn's master its workers),
        by pid, with their command lines."""
        parent = self.process.pid if parent is None else parent
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                    found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(
                        b"\0", b" ").decode().strip()
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
        return found


def start_server(data_dir: Path, *, demo: bool = True, workers: int = 2,
                 env: dict[str, str] | None = None, log_name: str = "server.log") -> Served:
    """Start `thidua serve` on a free port and wait until /readyz answers 200 (its output
    goes to ``data_dir / log_name``)."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    environment.update(THIDUA_DATA_DIR=str(data_dir), **(env or {}))
    thidua = Path(sys.executable).with_name("thidua")
    log = data_dir / log_name
    command = [str(thidua), "serve", "--port", str(port), "--workers", str(workers),
               *(["--demo"] if demo else [])]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=environment, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    served = Served(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited: {log.read_text()}")
        try:
            if call(f"{served.base}/readyz")[0] == 200:
                return served
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail("server did not become ready in 120 s")


@contextmanager
def serving(data_dir: Path, **options: Any) -> Iterator[Served]:
    """A `thidua serve` of ``data_dir`` (``options`` as for start_server) for the block;
    then stopped, which must end cleanly (else the log's tail is the failure)."""
    served = start_server(data_dir, **options)
    try:
        yield served
    finally:
        assert stop_server(served) == 0, served.log.read_text()[-5000:]


def stop_server(served: Served) -> int:
    """SIGTERM to the whole process group, as an operator's stop; the exit code."""
    os.killpg(served.process.pid, signal.SIGTERM)
    try:
        return served.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(served.process.pid, signal.SIGKILL)
        return served.process.wait()
