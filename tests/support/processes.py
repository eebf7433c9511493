"""Starting real `thidua` commands (workers, the image's commands) on a test's store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.config import Settings

THIDUA = str(Path(sys.executable).with_name("thidua"))


def store_environment(settings: Settings, **extra: str) -> dict[str, str]:
    """The process environment naming the test's store (and nothing else of ours)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env["THIDUA_DATA_DIR"] = str(settings.data_dir)
    if settings.database_url:
        env["THIDUA_DATABASE_URL"] = settings.database_url
    if settings.database_schema:
        env["THIDUA_DATABASE_SCHEMA"] = settings.database_schema
    if settings.secret_key:
        env["THIDUA_SECRET_KEY"] = settings.secret_key
    env.update(extra)
    return env


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start a command in a session of its own, its output into ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def start_worker(settings: Settings, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    return start([THIDUA, "worker", "--poll-interval", "0.05", *extra],
                 store_environment(settings), log)


def stop(process: subprocess.Popen[bytes], timeout: float = 60) -> int:
    """SIGTERM, as an operator stops it; the exit code (killed if it does not stop)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return -signal.SIGKILL


def wait_until(check: Callable[[], Any], what: str, timeout: float = 60,
               interval: float = 0.2) -> Any:
    """Poll ``check`` until it returns something true; fail naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)
