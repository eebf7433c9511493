"""The deadlines page (issue 15) through its forms, as a browser sends them: a tier's due
date, the monthly day, a unit's list of the month, the compiled Báo cáo; the board shows
who is late and what waits where; a field typed wrong is named and nothing is stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient

from docgen.checker import check_docx
from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import post_form, signed_in
from tests.support.stores import AppFactory
from tests.support.tiers import PASSWORD, Tiers, build_tiers

TODAY = date(2025, 10, 23)
PAGE = "/dossiers/deadlines"


@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings, clock=lambda: TODAY)
    tiers = build_tiers(app)
    app.accounts.create_user(username="thuky-tinh", password=PASSWORD, role="secretary",
                             full_name="Thư ký", actor=SYSTEM)
    flask = create_app(sqlite_settings, thidua=app)

    def browser(username: str) -> FlaskClient:
        return signed_in(flask, username, PASSWORD)

    yield {"tiers": tiers, "browser": browser}


def act(client: FlaskClient, data: dict[str, Any]) -> Any:
    return post_form(client, PAGE, data)


def text_of(response: Any) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", text)


def test_due_dates_lists_and_the_report_through_the_page(site: dict[str, Any]) -> None:
    tiers: Tiers = site["tiers"]
    campaign = tiers.world.campaign
    province, sector = site["browser"]("vanthu-tinh"), site["browser"]("vanthu-nganh")
    events = tiers.app.store.event_count

    before = events()
    wrong = act(province, {"campaign_id": campaign, "action": "deadline",
                           "tier_unit_code": "CDN-GD", "due": "20/10/2025"})
    assert wrong.status_code == 400
    assert "ở trường «Hạn cuối» không hợp lệ" in text_of(wrong)
    assert events() == before
    done = act(province, {"campaign_id": campaign, "action": "deadline",
                          "tier_unit_code": "LDLD", "due": "2025-10-20"})
    assert done.status_code == 302, text_of(done)
    assert act(province, {"campaign_id": campaign, "action": "monthly",
                          "day": "20"}).status_code == 302
    sent = act(sector, {"campaign_id": campaign, "action": "list", "month": "2025-10",
                        "subject-0": f"individual:{tiers.minh}",
                        "deed-0": "Dạy thay đồng nghiệp ốm suốt ba tuần."})
    assert sent.status_code == 302, text_of(sent)

    board = text_of(province.get(PAGE, query_string={"campaign_id": campaign,
                                                     "month": "2025-10"}))
    assert "Gửi đến Liên đoàn Lao động tỉnh Lai Châu" in board
    assert "Hạn gửi hồ sơ: hết ngày 20/10/2025 — 3 đơn vị quá hạn chưa gửi ." in board
    assert "Công đoàn Bệnh viện tỉnh Quá hạn 3 ngày, chưa gửi" in board
    assert "Tháng 10/2025: hạn hết ngày 19/10/2025 — 2 đơn vị quá hạn chưa gửi" in board
    assert "Công đoàn Bệnh viện tỉnh Quá hạn 4 ngày, chưa gửi 0" in board
    assert "Công đoàn ngành Giáo dục Gửi muộn 4 ngày 23/10/2025 1" in board

    # The school's clerk may not set the province's date: a page saying so, nothing stored.
    school = site["browser"]("vanthu-truong1")
    before = events()
    denied = act(school, {"campaign_id": campaign, "action": "deadline",
                          "tier_unit_code": "LDLD", "due": "2025-10-25"})
    assert denied.status_code == 403
    assert events() == before

    secretary = site["browser"]("thuky-tinh")
    issued = act(secretary, {"campaign_id": campaign, "action": "report", "period": "2025-10",
                             "signer_name": "Nguyễn Thị Thiện", "signer_position": "Chủ tịch"})
    assert issued.status_code == 302, text_of(issued)
    page = secretary.get(PAGE, query_string={"campaign_id": campaign})
    link = re.search(r'href="(/papers/[^"]+/document\.docx)"', page.get_data(as_text=True))
    assert link, text_of(page)
    assert check_docx(secretary.get(link.group(1)).data) == []


def test_a_campaign_that_is_not_there_is_said_in_words(site: dict[str, Any]) -> None:
    page = site["browser"]("vanthu-tinh").get(PAGE, query_string={"campaign_id": "khong-co"})
    assert page.status_code == 400
    assert "không hợp lệ" in text_of(page) or "Không tìm thấy" in text_of(page)
