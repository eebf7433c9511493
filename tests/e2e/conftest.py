"""A real `thidua serve --demo` (gunicorn + projection worker) for the e2e tests, and the
module's headless Chromium for the browser tests (tests/support/browser.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import browser  # noqa: F401 — the browser tests' fixture
from tests.support.server import start_server, stop_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    served = start_server(tmp_path_factory.mktemp("serve"))
    yield served.base
    code = stop_server(served)
    # The log carries the stacks `serve` dumps from a child that would not stop.
    assert code == 0, served.log.read_text()[-20000:]
