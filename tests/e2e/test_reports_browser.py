"""The reports pages in headless Chromium against a real `thidua serve` (issue 16): the
statistical form and the yearly summary at desktop (1366 px) and phone (390 px) width
without sideways scrolling of the page (a wide form scrolls inside itself), and the yearly
summary written and issued through its page at phone width. Screenshots under
test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.store import init_store, open_thidua
from tests.support.browser import follow, log_in, needs_chromium, shot
from tests.support.projections import project_all
from tests.support.report_world import REPORT_YEAR, build_report_world
from tests.support.server import serving
from tests.support.stores import BALLOT_KEY, CHEAP_HASHER

pytestmark = needs_chromium()
ADMIN, PASSWORD = "quantri", "mat-khau-quan-tri"
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("reports")
    init_store(Settings(data_dir=data_dir))
    app = open_thidua(Settings(data_dir=data_dir), password_hasher=CHEAP_HASHER,
                      ballot_key=BALLOT_KEY)
    app.accounts.create_user(username=ADMIN, password=PASSWORD, role="admin", actor=SYSTEM)
    build_report_world(app)
    project_all(app)
    app.close()
    with serving(data_dir, demo=False, workers=1) as server:
        yield server.base


@pytest.mark.parametrize("width", [1366, 390])
def test_reports_pages_fit_the_screen(base: str, browser: Any, width: int) -> None:
    page = log_in(browser, base, ADMIN, PASSWORD, viewport={"width": width, "height": 900})
    for name, path in (("bieu-0602", f"/reports?year={REPORT_YEAR}&form=0602&unit_code=LDLD"),
                       ("tong-ket", f"/reports/summary?year={REPORT_YEAR}&unit_code=LDLD")):
        page.goto(base + path)
        assert page.evaluate(SIDEWAYS) <= 0, (name, width)
        shot(page, f"reports-{name}-{width}")
    page.goto(f"{base}/reports?year={REPORT_YEAR}&form=0602&unit_code=LDLD")
    # The form's grid scrolls inside itself; its indicator column stays readable.
    grid = page.locator("table.form")
    assert grid.locator("tbody th[scope=row]").first.bounding_box()["width"] >= 150
    if width == 390:
        assert grid.evaluate("t => t.scrollWidth > t.clientWidth")
    page.close()


def test_summary_written_and_issued_on_a_phone(base: str, browser: Any) -> None:
    page = log_in(browser, base, ADMIN, PASSWORD, viewport={"width": 390, "height": 900})
    page.goto(f"{base}/reports?year={REPORT_YEAR}")
    follow(page, "#year-summary")
    page.select_option("#unit_code", "CDN-GD")
    follow(page, "form.filters button[type=submit]")
    page.fill("#situation", "Ngành Giáo dục triển khai các phong trào thi đua.")
    page.fill("#assessment", "Ưu điểm: các phong trào có trọng tâm.")
    page.fill("#directions", "Phương hướng năm sau: đổi mới nội dung thi đua.")
    page.fill("#signer_name", "Hoàng Thị Lan")
    page.fill("#signer_position", "Chủ tịch")
    page.fill("#signer_authority", "TM. Ban Thường vụ")
    follow(page, "button[value=issue]")
    text = page.inner_text("main")
    assert "Đã ban hành báo cáo tổng kết số" in text, text[:1500]
    assert page.locator("#download-summary").count() == 1
    assert page.evaluate(SIDEWAYS) <= 0
    shot(page, "reports-tong-ket-ban-hanh-390")
    page.close()
