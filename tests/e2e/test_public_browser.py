"""The public page /cong-khai in headless Chromium at phone width (390 px) against a real
`thidua serve`: an open list and an issued decision without signing in, no sideways
scrolling, a comment sent through the form and acknowledged. Screenshot under
test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from services.config import Settings
from services.store import init_store, open_thidua
from tests.support.awards_world import SECRETARY, SIGNER, approve, build_world, nominate
from tests.support.browser import chromium, follow, needs_chromium, shot
from tests.support.server import serving
from tests.support.stores import CHEAP_HASHER

pytestmark = needs_chromium()
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp("public")
    settings = Settings(data_dir=data_dir, secret_key="khoa-bi-mat-cua-phien-kiem-thu")
    init_store(settings)
    app = open_thidua(settings, password_hasher=CHEAP_HASHER)
    world = build_world(app, members=3, schools=2, others=1)
    huong = nominate(world, "individual", "huong", "ldtt")["id"]
    lan = nominate(world, "individual", "lan", "ldtt")["id"]
    unit = nominate(world, "collective", "HC1", "ttldtt", staff_total=40,
                    staff_women=12)["id"]
    approve(world, [huong, lan, unit])
    draft = app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="ldtt", nomination_ids=[lan], signer=SIGNER, actor=SECRETARY)
    app.decisions.issue_decision(draft["id"], issued_on=date(2025, 12, 1), actor=SECRETARY)
    notice = app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                 nomination_ids=[huong, unit], actor=SECRETARY)
    app.close()
    with serving(data_dir, demo=False, workers=1) as server:
        yield {"base": server.base, "notice": notice, "settings": settings}


def test_the_public_page_on_a_phone(served: dict[str, Any]) -> None:
    base, notice = served["base"], served["notice"]
    with chromium() as browser:
        page = browser.new_page(locale="vi-VN", viewport=PHONE)
        page.goto(f"{base}/cong-khai")
        assert page.url.endswith("/cong-khai")  # no sign-in asked
        listed = page.locator(f"#ds-{notice['id']}").inner_text()
        assert "Lò Thị Hương" in listed and "Công đoàn Sở số 1" in listed
        assert "Tao Thị Lan" in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        shot(page, "public-notice-phone")

        page.select_option(f"#ve-{notice['id']}", "0")
        page.fill(f"#noi-dung-{notice['id']}", "Cô Hương dạy giỏi, được học sinh quý mến.")
        follow(page, f"#ds-{notice['id']} button[type=submit]")
        assert "Đã nhận ý kiến" in page.locator(".flash").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        shot(page, "public-notice-commented")

    app = open_thidua(served["settings"], password_hasher=CHEAP_HASHER)
    try:
        comments = app.notices.get_notice(notice["id"], actor=SECRETARY)["comments"]
    finally:
        app.close()
    assert [c["text"] for c in comments] == ["Cô Hương dạy giỏi, được học sinh quý mến."]
