"""The deadlines page (issue 15) in headless Debian Chromium against a real `thidua serve`,
at desktop (1366 px) and phone (390 px) width: the province's clerk reads the late units
and the waiting dossiers, no sideways scrolling of the page, no code words, no axe-core
violation of impact moderate or worse. Screenshots under test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from events.values import today_in_vietnam
from services.actors import SYSTEM
from services.config import Settings
from services.store import init_store, open_thidua
from tests.support.browser import log_in, needs_chromium, shot
from tests.support.page_checks import problems
from tests.support.scenarios import campaign_data
from tests.support.server import serving
from tests.support.stores import BALLOT_KEY, CHEAP_HASHER
from tests.support.tiers import PASSWORD, build_tiers

pytestmark = needs_chromium()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The three tiers with a campaign of this year: due dates around today, a dossier
    waiting at the sector union since ten days ago, one unit's list of this month."""
    data_dir = tmp_path_factory.mktemp("deadlines")
    init_store(Settings(data_dir=data_dir))
    app = open_thidua(Settings(data_dir=data_dir), password_hasher=CHEAP_HASHER,
                      ballot_key=BALLOT_KEY)
    today = today_in_vietnam()
    tiers = build_tiers(app)
    campaign = app.campaigns.create_campaign(campaign_data(
        code="DHTT-NAY", number="24/KH-LĐLĐ", start=str(today - timedelta(days=60)),
        end=str(today + timedelta(days=60)),
        registration_deadline=str(today - timedelta(days=50)),
        title="Bồi dưỡng và nhân rộng điển hình tiên tiến"), actor=SYSTEM)["id"]
    clerk = tiers.actor
    app.deadlines.set_deadline(campaign_id=campaign, tier_unit_code="CDN-GD",
                               due=today - timedelta(days=2), actor=clerk("vanthu-nganh"))
    app.deadlines.set_deadline(campaign_id=campaign, tier_unit_code="LDLD",
                               due=today + timedelta(days=6), actor=clerk("vanthu-tinh"))
    app.deadlines.set_monthly_day(campaign_id=campaign, day=20, actor=clerk("vanthu-tinh"))
    dossier = tiers.draft(campaign_id=campaign, year=None)["id"]
    app.dossiers.submit_dossier(dossier, actor=clerk("vanthu-truong1"),
                                on=today - timedelta(days=10))
    app.exemplar_lists.send_list(
        campaign_id=campaign, month=f"{today:%Y-%m}", actor=clerk("vanthu-nganh"),
        entries=[{"subject_kind": "individual", "subject_id": tiers.minh,
                  "deed": "Dạy thay đồng nghiệp ốm suốt ba tuần."}])
    app.close()
    with serving(data_dir, demo=False, workers=1) as server:
        yield {"base": server.base, "campaign": campaign}


@pytest.mark.parametrize("width", [1366, 390])
def test_the_deadlines_page_reads_at_both_widths(served: dict[str, str], browser: Any,
                                                 width: int) -> None:
    page = log_in(browser, served["base"], "vanthu-tinh", PASSWORD, bypass_csp=True,
                  viewport={"width": width, "height": 900})
    page.goto(f"{served['base']}/dossiers/deadlines?campaign_id={served['campaign']}")
    body = page.inner_text("body")
    assert "Gửi đến Công đoàn ngành Giáo dục" in body
    assert "Quá hạn 2 ngày, chưa gửi" in body  # the second school
    assert "Chưa gửi, còn 6 ngày" in body  # at the province
    waiting = page.locator("#tier-CDN-GD table.waiting tbody tr")
    assert waiting.count() == 1 and waiting.first.locator("td").nth(3).inner_text() == "10"
    found = problems(page, narrow=width < 600, axe=True)
    assert not any(found.values()), found
    shot(page, f"deadlines-{width}")
    page.close()
