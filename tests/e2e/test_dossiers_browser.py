"""The dossier chain through the pages in headless Chromium against a real `thidua serve`:
the school's union drafts and submits (with a JPEG Chromium itself made), the sector union
returns it with a reason, the school sees it and submits again, the sector forwards it, the
province assigns its specialist, who records verdicts (the rule cited against one) and
accepts. Screenshots under test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.config import Settings
from services.store import init_store, open_thidua
from tests.support.browser import follow, log_in, needs_chromium, shot
from tests.support.server import serving
from tests.support.stores import CHEAP_HASHER
from tests.support.tiers import PASSWORD, build_tiers

pytestmark = needs_chromium()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp("tiers")
    settings = Settings(data_dir=data_dir, secret_key="khoa-bi-mat-cua-phien-kiem-thu")
    init_store(settings)
    app = open_thidua(settings, password_hasher=CHEAP_HASHER)
    tiers = build_tiers(app)
    app.close()
    with serving(data_dir, demo=False, workers=1) as server:
        yield {"base": server.base, "tiers": tiers}


def test_the_chain_through_the_pages(served: dict[str, Any], browser: Any,
                                     tmp_path: Path) -> None:
    base, tiers = served["base"], served["tiers"]
    school = log_in(browser, base, "vanthu-truong1", PASSWORD)
    school.goto(f"{base}/dossiers")
    school.select_option("#award", "bk_ldld_tinh")
    school.fill("#year", "2025")
    school.select_option("#subject-0", f"individual:{tiers.minh}")
    school.fill("#summary-0", "Hai năm liền Chiến sĩ thi đua cơ sở; sáng kiến dạy học số.")
    school.select_option("#subject-1", f"individual:{tiers.huong}")
    school.fill("#summary-1", "Hoàn thành xuất sắc nhiệm vụ năm học 2024–2025.")
    follow(school, "#new-dossier button[type=submit]")
    dossier_url = school.url
    assert "/dossiers/" in dossier_url

    photo = tmp_path / "giay-xac-nhan.jpg"
    photo.write_bytes(school.screenshot(type="jpeg", quality=60))
    school.set_input_files("#file", str(photo))
    follow(school, "#attach button[type=submit]")
    assert "giay-xac-nhan.jpg" in school.locator("#attachments").inner_text()
    follow(school, "form:has(input[value=submit]) button")
    shot(school, "dossier-submitted")

    sector = log_in(browser, base, "vanthu-nganh", PASSWORD)
    sector.goto(f"{base}/dossiers")
    assert "Công đoàn Trường số 1" in sector.locator("#dossiers").inner_text()
    follow(sector, "#dossiers a")
    sector.fill("#text-return", "Bổ sung xác nhận của hiệu trưởng.")
    follow(sector, "#return button[type=submit]")

    school.goto(dossier_url)
    assert "Bổ sung xác nhận của hiệu trưởng." in school.locator("#return-reason").inner_text()
    shot(school, "dossier-returned")
    follow(school, "form:has(input[value=submit]) button")
    sector.goto(dossier_url)
    follow(sector, "form:has(input[value=forward]) button")

    province = log_in(browser, base, "vanthu-tinh", PASSWORD)
    province.goto(dossier_url)
    follow(province, "#assign button[type=submit]")
    specialist = log_in(browser, base, "chuyenvien-tinh", PASSWORD)
    specialist.goto(dossier_url)
    specialist.select_option("#subject_id", tiers.minh)
    follow(specialist, "#verdict button[type=submit]")
    specialist.select_option("#subject_id", tiers.huong)
    specialist.check("input[name=eligible][value=no]")
    specialist.fill("#text-verdict", "Chưa đủ hai năm Chiến sĩ thi đua cơ sở.")
    follow(specialist, "#verdict button[type=submit]")
    nominees = specialist.locator("#nominees").inner_text()
    assert "Không đủ điều kiện" in nominees and "căn cứ Luật Thi đua" in nominees
    shot(specialist, "dossier-verdicts")
    follow(specialist, "#accept button[type=submit]")
    assert "Đã tiếp nhận, đưa ra Hội đồng" in specialist.locator("#route").inner_text()
    assert "Đã đưa ra Hội đồng" in specialist.locator("#nominees").inner_text()

    # At phone width the dossier page still reads without sideways scrolling of the page.
    phone = log_in(browser, base, "vanthu-truong1", PASSWORD,
                   viewport={"width": 390, "height": 844})
    phone.goto(dossier_url)
    shot(phone, "dossier-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    other = log_in(browser, base, "vanthu-so1", PASSWORD)
    assert other.goto(dossier_url).status == 404
