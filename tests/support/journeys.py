"""A tour of the pages in one browser: each journey signs in its accounts, every page it
reaches is checked (tests/support/page_checks.py) and remembered, so the phone-width pass
visits the same pages again without redoing the writes; screenshots for people to look at
and the user guide's own (JPEG, 1366 wide, under services/web/static/guide/)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.browser import demo_user
from tests.support.page_checks import problems

WIDE = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
GUIDE = Path(__file__).resolve().parents[2] / "services" / "web" / "static" / "guide"
JOURNEYS = ("1-admin", "2-clerk", "3-reviewer", "4-standings", "5-nomination", "6-council",
            "7-decision", "8-auditor")
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}")


@dataclass
class Tour:
    base: str
    browser: Any
    shots: Path
    axe: bool
    downloads: Path
    findings: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    walked: set[str] = field(default_factory=set)
    # (journey, account, password, url) of every page reached by a GET, in order.
    visits: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # what one journey leaves the next
    revisited: bool = False  # whether the phone-width pass has run

    def walker(self, journey: str, who: str, password: str | None = None) -> Walker:
        """A page signed in as ``who`` (a demo role or username, or any account with its
        ``password``) at 1366×768, for ``journey``."""
        if password is None:
            account = demo_user(who)
            who, password = str(account["username"]), str(account["password"])
        page = self.browser.new_page(locale="vi-VN", viewport=WIDE, bypass_csp=True)
        page.set_default_timeout(10_000)
        walker = Walker(self, journey, who, password, page)
        walker.goto("/login")
        page.fill("#username", who)
        page.fill("#password", password)
        walker.click("button[type=submit]")
        assert "/login" not in page.url, page.inner_text("main")[:500]
        return walker

    def record(self, journey: str, check: str, where: str, found: list[str]) -> None:
        for problem in found:
            self.findings.setdefault((journey, check), []).append(f"{where}: {problem}")

    def revisit_narrow(self) -> None:
        """Every page reached, once per page kind and account, at 390×844."""
        seen: set[tuple[str, str]] = set()
        pages: dict[str, Any] = {}
        for journey, who, password, url in self.visits:
            kind = _ID.sub("…", url.split("?")[0])
            if (who, kind) in seen:
                continue
            seen.add((who, kind))
            if who not in pages:
                page = self.browser.new_page(locale="vi-VN", viewport=PHONE, bypass_csp=True)
                if who != "anonymous":
                    page.goto(f"{self.base}/login")
                    page.fill("#username", who)
                    page.fill("#password", password)
                    with page.expect_navigation():
                        page.click("button[type=submit]")
                pages[who] = page
            page = pages[who]
            page.goto(url)
            found = problems(page, narrow=True, axe=self.axe)
            for check, listed in found.items():
                self.record(journey, check, f"{url} (390 px)", listed)
            name = re.sub(r"[^a-z0-9]+", "-", kind.removeprefix(self.base).lower()).strip("-")
            self.shots.joinpath("phone").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.shots / "phone" / f"{who}-{name or 'home'}.png"),
                            full_page=True)
        for page in pages.values():
            page.close()
        self.revisited = True


@dataclass
class Walker:
    """One account's page in one journey: every page it reaches is checked."""

    tour: Tour
    journey: str
    who: str
    password: str | None
    page: Any

    def goto(self, path: str) -> Any:
        response = self.page.goto(path if path.startswith("http") else self.tour.base + path)
        self.arrived("GET")
        return response

    def click(self, target: Any) -> None:
        """Click a link or a submit button (a selector or a locator) and wait for the page
        it leads to."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        with self.page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        self.arrived(response.request.method if response else "GET")

    def arrived(self, method: str) -> None:
        self.tour.walked.add(self.journey)
        url = self.page.url
        for check, found in problems(self.page, narrow=False, axe=self.tour.axe).items():
            self.tour.record(self.journey, check, url, found)
        if method == "GET" and not url.endswith("/login"):
            self.tour.visits.append((self.journey, self.who, self.password, url))

    def choose(self, select: str, text: str) -> None:
        """Pick the option of ``select`` whose label holds ``text``."""
        option = self.page.locator(f"{select} option", has_text=text).first
        self.page.select_option(select, option.get_attribute("value"))

    def download(self, target: Any, name: str) -> Path:
        """Click what downloads a file; the file saved under the tour's downloads."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        with self.page.expect_download() as info:
            locator.click()
        path = self.tour.downloads / name
        info.value.save_as(path)
        return path

    def text(self) -> str:
        return self.page.inner_text("main")

    def shot(self, name: str, guide: str | None = None) -> None:
        """A full-page screenshot under test-artifacts/journeys/; with ``guide`` and
        THIDUA_UPDATE_GUIDE=1, also the user guide's JPEG of the window (1366×768) under
        services/web/static/guide/ (committed: a run does not change the tree unless asked)."""
        self.tour.shots.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.tour.shots / f"{self.journey}-{name}.png"),
                             full_page=True)
        if guide and os.environ.get("THIDUA_UPDATE_GUIDE") == "1":
            GUIDE.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(GUIDE / f"{guide}.jpg"), type="jpeg", quality=60)

    def close(self) -> None:
        self.page.close()
