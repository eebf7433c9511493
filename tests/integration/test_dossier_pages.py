"""The dossier pages of each tier: the list waiting at my tier, a dossier's page with its
route, nominees, verdicts with the rule cited, attachments and returns, and the actions
of the tier holding it, through forms (CSRF and idempotency keys as a browser sends)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from services.config import Settings
from services.web import create_app
from tests.support.api import post_form as act
from tests.support.api import signed_in
from tests.support.awards_world import AWARDS_TODAY
from tests.support.stores import AppFactory
from tests.support.tiers import PASSWORD, Tiers, build_tiers
from tests.support.upload_files import EXE_AS_PDF, pdf


@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    tiers = build_tiers(app)
    flask = create_app(sqlite_settings, thidua=app)

    def browser(username: str) -> FlaskClient:
        return signed_in(flask, username, PASSWORD)

    yield {"tiers": tiers, "browser": browser}


def text_of(response: Any) -> str:
    """The page's text as a reader sees it (tags gone, spaces collapsed)."""
    text = re.sub(r"<[^>]+>", "", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", text)


def test_each_tier_works_the_dossier_through_its_pages(site: dict[str, Any]) -> None:
    tiers: Tiers = site["tiers"]
    school, sector = site["browser"]("vanthu-truong1"), site["browser"]("vanthu-nganh")
    specialist = site["browser"]("chuyenvien-tinh")
    created = act(school, "/dossiers", {
        "campaign_id": tiers.world.campaign, "award": "bk_ldld_tinh", "year": "2025",
        "basis": "hang_nam", "subject-0": f"individual:{tiers.minh}",
        "summary-0": "Hai năm liền Chiến sĩ thi đua cơ sở.",
        "subject-1": f"individual:{tiers.huong}", "summary-1": "Hoàn thành xuất sắc."})
    assert created.status_code == 302, text_of(created)
    page = created.headers["Location"]
    refused = act(
        school, page, {"action": "attach", "file": (io.BytesIO(EXE_AS_PDF), "qd.pdf")},
        content_type="multipart/form-data")
    assert refused.status_code == 400 and "Nội dung tệp" in text_of(refused)
    assert act(school, page, {"action": "attach", "file": (io.BytesIO(pdf("Tờ trình")),
                                                           "tờ trình.pdf")},
               content_type="multipart/form-data").status_code == 302
    assert act(school, page, {"action": "submit"}).status_code == 302

    waiting = text_of(sector.get("/dossiers"))
    assert "Hồ sơ đang chờ ở Công đoàn ngành Giáo dục" in waiting
    assert "Công đoàn Trường số 1" in waiting
    blank = act(sector, page, {"action": "return", "text": " "})
    assert blank.status_code == 400 and "«Lý do»" in text_of(blank)
    assert act(sector, page, {"action": "return",
                              "text": "Bổ sung xác nhận của hiệu trưởng."}).status_code == 302
    back = text_of(school.get(page))
    assert "Lý do: Bổ sung xác nhận của hiệu trưởng." in back
    act(school, page, {"action": "submit"})
    act(sector, page, {"action": "forward"})

    province = site["browser"]("vanthu-tinh")
    assert act(province, page, {"action": "assign",
                                "specialist": "chuyenvien-tinh"}).status_code == 302
    act(specialist, page, {"action": "verdict", "subject_id": tiers.minh, "eligible": "yes"})
    act(specialist, page, {"action": "verdict", "subject_id": tiers.huong, "eligible": "no",
                           "text": "Chưa đủ hai năm CSTĐCS."})
    shown = text_of(specialist.get(page))
    assert "Không đủ điều kiện: Chưa đủ hai năm CSTĐCS." in shown
    assert "căn cứ Luật Thi đua, khen thưởng" in shown
    assert act(specialist, page, {"action": "accept"}).status_code == 302
    done = text_of(specialist.get(page))
    assert "Đã tiếp nhận, đưa ra Hội đồng" in done and "Đã đưa ra Hội đồng" in done
    assert "tờ trình.pdf" in done

    # Another branch's clerk neither sees nor acts.
    other = site["browser"]("vanthu-so1")
    assert other.get(page).status_code == 404
    assert act(other, page, {"action": "withdraw", "text": "x"}).status_code == 404
    assert "Không có hồ sơ nào" in text_of(other.get("/dossiers"))
