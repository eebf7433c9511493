"""A real `thidua serve --demo` (gunicorn + projection worker) for the e2e tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import call, free_port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir: Path = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env["THIDUA_DATA_DIR"] = str(data_dir)
    thidua = Path(sys.executable).with_name("thidua")
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [str(thidua), "serve", "--demo", "--port", str(port), "--workers", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited: {(data_dir / 'server.log').read_text()}")
        try:
            if call(f"{base}/readyz")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.3)
    else:
        pytest.fail("server did not become ready in 120 s")
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        code = process.wait()
    log.close()
    # The log carries the stacks `serve` dumps from a child that would not stop.
    assert code == 0, (data_dir / "server.log").read_text()[-20000:]


