"""Headless Debian Chromium driven by Playwright, as the browser tests use it (never a
downloaded browser): the marks and the module's browser of a browser test, launching it,
signing in, following a link or a button, saving screenshots."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def needs_chromium() -> list[Any]:
    """A browser test module's marks (its ``pytestmark``): e2e, and skipped where Debian's
    chromium is missing, except in CI (THIDUA_REQUIRE_BROWSER=1), where it fails."""
    return [pytest.mark.e2e, pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("THIDUA_REQUIRE_BROWSER") != "1",
        reason="Debian's chromium is not installed (apt-get install chromium)")]


@contextmanager
def chromium() -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a test module (tests/e2e/conftest.py offers it)."""
    with chromium() as launched:
        yield launched


def follow(where: Any, selector: str | None = None) -> None:
    """Click a link or a submit button (``selector`` on the page ``where``, or ``where``
    itself as a locator) and wait until the page it leads to has loaded, so what follows
    reads the new page, never a blank one in between."""
    locator = where if selector is None else where.locator(selector)
    with locator.page.expect_navigation():
        locator.click()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def demo_user(key: str) -> dict[str, Any]:
    """A demo account by role (its first) or by username."""
    from services.demo import DEMO_USERS

    return next(u for u in DEMO_USERS if key in (u["username"], u["role"]))


def log_in(browser: Any, server: str, who: str, password: str | None = None,
           **options: Any) -> Any:
    """A new page signed in as ``who``: a demo role or username (its demo password), or any
    username with ``password``; ``options`` go to the page (viewport, …)."""
    if password is None:
        account = demo_user(who)
        who, password = str(account["username"]), str(account["password"])
    page = browser.new_page(locale="vi-VN", **options)
    page.goto(f"{server}/login")
    page.fill("#username", who)
    page.fill("#password", password)
    follow(page, "button[type=submit]")
    assert "/login" not in page.url, page.inner_text("body")[:500]
    return page
