"""Headless Chromium (Debian's, driven by Playwright) against the real server.

A clerk logs in, registers a person and posts a self-assessment; a reviewer finds it on
the home page and reviews it; the standings page then shows the new rank. Screenshots of
the key pages are saved under test-artifacts/ for people to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from services.demo import DEMO_USERS
from tests.e2e.conftest import call

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("THIDUA_REQUIRE_BROWSER") != "1",
        reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()


def user(role: str) -> dict[str, str]:
    return next(u for u in DEMO_USERS if u["role"] == role)


def log_in(browser: Any, server: str, role: str) -> Any:
    page = browser.new_page(locale="vi-VN")
    page.goto(f"{server}/")
    assert "/login" in page.url
    account = user(role)
    page.fill("#username", account["username"])
    page.fill("#password", account["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")
    return page


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_clerk_registers_and_self_assesses_reviewer_reviews_standings_rank(
    server: str, browser: Any
) -> None:
    admin = user("admin")
    token = call(f"{server}/api/v1/auth/token",
                 {"username": admin["username"], "password": admin["password"]})[1]["token"]
    # A campaign open today (the demo's registration closed on 10/02/2020).
    today = date.today()
    week = f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}"
    status, campaign = call(f"{server}/api/v1/campaigns", {
        "code": "TD-NAM-NAY", "number": "25/KH-LĐLĐ",
        "title": "Thi đua lao động giỏi, lao động sáng tạo năm nay",
        "issuer_unit_code": "LDLD", "start": (today - timedelta(days=60)).isoformat(),
        "end": (today + timedelta(days=300)).isoformat(),
        "registration_deadline": (today + timedelta(days=30)).isoformat(),
        "tracks": [{"subject_kind": "individual", "cadence": "weekly",
                    "criteria": [{"code": "CN1", "name": "Kỷ cương, kỷ luật", "max_points": 40},
                                 {"code": "CN2", "name": "Chuyên môn, nghiệp vụ",
                                  "max_points": 60}],
                    "thresholds": {"HTXS": 90, "HTT": 75, "HT": 50}}]}, token=token)
    assert status == 201, campaign
    person = call(f"{server}/api/v1/people", token=token)[1][0]

    # The clerk registers the person…
    clerk = log_in(browser, server, "unit_clerk")
    shot(clerk, "01-clerk-home")
    clerk.locator("li", has_text="25/KH-LĐLĐ").locator("text=Đăng ký thi đua").click()
    clerk.select_option("#subject_id", person["id"])
    clerk.fill("#pledge", "Thực hiện tốt văn hóa công sở, “4 xin, 4 luôn”.")
    shot(clerk, "02-register-form")
    clerk.click("text=Gửi đăng ký")
    assert "Đã ghi nhận đăng ký thi đua." in clerk.content()

    # …then posts the self-assessment for this week with full marks.
    clerk.goto(f"{server}/campaigns/{campaign['id']}/score?subject_id={person['id']}"
               f"&period={week}")
    track = next(t for t in campaign["tracks"] if t["subject_kind"] == "individual")
    for criterion in track["criteria"]:
        clerk.fill(f"#score_{criterion['code']}", str(criterion["max_points"]))
    shot(clerk, "03-self-assessment-form")
    clerk.click("text=Ghi điểm")
    assert "Đã ghi nhận điểm." in clerk.content()
    assert "Chờ duyệt" in clerk.content()  # the standings: self-assessed only

    # A bad score is shown next to its field, with the input kept.
    last_week = today - timedelta(days=7)
    clerk.goto(f"{server}/campaigns/{campaign['id']}/score?subject_id={person['id']}"
               f"&period={last_week.isocalendar()[0]}-W{last_week.isocalendar()[1]:02d}")
    first = track["criteria"][0]
    clerk.fill(f"#score_{first['code']}", "999")
    clerk.click("text=Ghi điểm")
    error = clerk.locator(f"#err-{first['code']}")
    assert f"phải từ 0 đến {first['max_points']}" in error.inner_text()
    assert clerk.input_value(f"#score_{first['code']}") == "999"
    shot(clerk, "04-score-error")

    # The reviewer finds the card on the home page and reviews it.
    reviewer = log_in(browser, server, "reviewer")
    shot(reviewer, "05-reviewer-home")
    row = reviewer.locator("tr", has_text=person["full_name"]).filter(has_text=week)
    row.locator("text=Chấm duyệt").click()
    assert reviewer.input_value(f"#score_{first['code']}") == str(first["max_points"])
    reviewer.click("text=Ghi điểm")
    assert "Đã ghi nhận điểm." in reviewer.content()
    shot(reviewer, "06-standings-after-review")
    ranked = reviewer.locator("tbody tr").first
    cells = ranked.locator("td").all_inner_texts()
    assert cells[0] == "1" and cells[1] == person["full_name"]
    assert "Hoàn thành xuất sắc" in cells


def test_api_docs_page_renders_from_local_files(server: str, browser: Any) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.goto(f"{server}/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "thidua" in page.inner_text(".swagger-ui .info .title")
    assert "/api/v1/campaigns/{campaign_id}/standings" in page.content()
    assert outside == []  # no CDN: every file comes from our server
    shot(page, "07-api-docs")
