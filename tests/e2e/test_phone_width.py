"""Every page at phone width (390×844) in Debian's Chromium: no sideways scrolling of the
page (wide tables scroll inside themselves), date inputs in Vietnamese, the browser's own
form checks in our words; each role's home page shot at 390 and 1366 px wide."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from services.demo import DEMO_USERS
from tests.support.browser import log_in, needs_chromium, shot

pytestmark = needs_chromium()

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
# Files, the API, signing out: not pages to look at.
NOT_PAGES = re.compile(r"\.(xlsx|docx|pdf|svg|json|png|jpe?g)(\?|$)|/logout|/api/|/static/|"
                       r"/attachments/")
PER_SHAPE = 2  # pages of one shape (same first segment and depth) visited per role
MOST = 40  # pages visited per role


def signed_in(browser: Any, server: str, account: dict[str, Any], viewport: dict[str, int]) -> Any:
    return log_in(browser, server, str(account["username"]), str(account["password"]),
                  viewport=viewport)


def shape(path: str) -> tuple[str, int, str]:
    parts = path.split("?")[0].strip("/").split("/")
    return parts[0], len(parts), parts[-1] if len(parts) > 2 else ""


def crawl(page: Any, server: str) -> Iterator[str]:
    """The pages reachable from the home page, a few of each shape, breadth first."""
    queue, seen, shapes = ["/"], set(), {}
    while queue and len(seen) < MOST:
        path = queue.pop(0).split("#")[0]
        key = shape(path)
        if path in seen or shapes.get(key, 0) >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[key] = shapes.get(key, 0) + 1
        response = page.goto(f"{server}{path}")
        assert response is not None and response.status < 500, path
        yield path
        queue += [href for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))")
            if href.startswith("/") and not NOT_PAGES.search(href)]


@pytest.mark.parametrize("username", [str(u["username"]) for u in DEMO_USERS
                                      if u["username"] not in ("hoidong2", "hoidong3")])
def test_no_page_scrolls_sideways_at_phone_width(server: str, browser: Any,
                                                  username: str) -> None:
    account = next(u for u in DEMO_USERS if u["username"] == username)
    page = signed_in(browser, server, account, PHONE)
    shot(page, f"phone-home-{account['role']}")
    wide, visited, undated = [], 0, []
    for path in crawl(page, server):
        visited += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append((path, width))
        undated += [path for _ in page.query_selector_all('input[type=date]:not([lang="vi"])')]
    assert visited >= 8, visited  # the role reaches its pages
    assert wide == [], wide
    assert undated == [], undated
    page.close()
    desktop = signed_in(browser, server, account, DESKTOP)
    shot(desktop, f"desktop-home-{account['role']}")
    desktop.close()


def test_the_menu_folds_at_phone_width_and_opens(server: str, browser: Any) -> None:
    page = signed_in(browser, server, next(u for u in DEMO_USERS if u["role"] == "secretary"),
                     PHONE)
    menu = page.locator("nav.site-nav div.menu")
    assert not menu.is_visible()
    page.click("label.menu-button")
    assert menu.is_visible() and menu.locator("text=Hội đồng Thi đua – Khen thưởng").is_visible()
    assert [t.strip() for t in menu.locator(".group-label").all_inner_texts()][:2] == [
        "THI ĐUA", "KHEN THƯỞNG"]
    shot(page, "phone-menu-open")


def test_required_fields_are_named_in_vietnamese_by_the_browser(server: str,
                                                                 browser: Any) -> None:
    page = browser.new_page(locale="en-US")  # whatever the browser's own language
    page.goto(f"{server}/login")
    message = page.eval_on_selector(
        "#username", "field => { field.checkValidity(); return field.validationMessage; }")
    assert message == "Hãy nhập «Tên đăng nhập».", message
    page.fill("#username", "admin")
    assert page.eval_on_selector("#username", "field => field.validationMessage") == ""
