"""The audit history's "Trạng thái sau bước này" says each field in Vietnamese and its value
in words (issue 14): no field names, no JSON, no codes; the API keeps the raw state."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any
from uuid import UUID

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import browser_login
from tests.support.awards_world import UNION_BANG_KHEN, approve, build_world, decide, nominate
from tests.support.page_checks import code_words
from tests.support.stores import AppFactory

PASSWORD = "mat-khau-thanh-tra"


@pytest.fixture
def audited(sqlite_settings: Settings, open_app: AppFactory) -> dict[str, Any]:
    """A nomination voted on, approved and awarded by an issued decision; an auditor."""
    app = open_app(sqlite_settings, clock=lambda: date(2026, 6, 1))
    world = build_world(app, members=3, schools=2, others=1, forms=[UNION_BANG_KHEN])
    nomination = nominate(world, "collective", "GD1", "bk_ldld_tinh")["id"]
    approve(world, [nomination])
    decision = decide(world, "bk_ldld_tinh", [nomination])["id"]
    app.accounts.create_user(username="thanhtra", password=PASSWORD, role="auditor",
                             actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()
    browser_login(client, "thanhtra", PASSWORD)
    ballot = app.store.repository.get(UUID(nomination)).ballot_id
    return {"client": client, "nomination": nomination, "decision": decision,
            "ballot": str(ballot), "campaign": world.campaign,
            "subject": world.units["GD1"]}


def state_table(client: Any, aggregate: str) -> dict[str, str]:
    """The state table of the aggregate's last version: label → the text of its cell."""
    page = client.get(f"/audit/aggregates/{aggregate}")
    assert page.status_code == 200
    last = max(int(v) for v in re.findall(r"version=(\d+)", page.get_data(as_text=True)))
    page = client.get(f"/audit/aggregates/{aggregate}?version={last}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    table = html.split('<table class="state">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<th[^>]*>(.*?)</th><td>(.*?)</td></tr>", table, re.S)
    assert rows, table
    return {unescape(k): unescape(re.sub(r"<[^>]+>", " ", v)).strip() for k, v in rows}


@pytest.mark.parametrize("which", ["nomination", "ballot", "decision", "campaign"])
def test_every_field_has_a_vietnamese_label_and_no_value_is_json_or_a_code(
        audited: dict[str, Any], which: str) -> None:
    table = state_table(audited["client"], audited[which])
    text = " ".join(f"{k} {v}" for k, v in table.items())
    for raw in ("{", "}", "[", '"', "_id", "bk_ldld_tinh", "cong_doan", "hang_nam"):
        assert raw not in text, (raw, table)
    assert code_words(text) == [], table
    assert not any(re.fullmatch(r"[a-z_]+", label) for label in table), table


def test_values_read_as_people_say_them(audited: dict[str, Any]) -> None:
    client = audited["client"]
    ballot = state_table(client, audited["ballot"])
    assert ballot["Ngày họp"] == "20/11/2025"
    assert ballot["Bỏ phiếu kín"] == "Không"
    assert "Thành viên số 0 (hoidong00): Đồng ý" in ballot["Lựa chọn"]
    assert ballot["Danh hiệu, hình thức"] == UNION_BANG_KHEN["name"]
    decision = state_table(client, audited["decision"])
    assert decision["Tổng"].endswith(" đồng") and "." in decision["Tổng"]  # 7.590.000 đồng
    assert "Chủ tịch" in decision["Người ký"]
    nomination = state_table(client, audited["nomination"])
    assert nomination["Trạng thái"] == "Đã có quyết định khen thưởng"
    assert nomination["Đối tượng"] == "tập thể"
    assert "Tỷ lệ: 100" in nomination["Kết quả bỏ phiếu"]
    campaign = state_table(client, audited["campaign"])
    assert "Chấm điểm: hằng tháng" in campaign["Đối tượng và tiêu chí chấm"]
    assert "Hoàn thành xuất sắc: 90" in campaign["Đối tượng và tiêu chí chấm"]


def test_a_field_nobody_named_yet_reads_as_words() -> None:
    from services.audit.state_words import label

    assert label("tie_break") == "Cách phân định khi bằng nhau"
    assert label("brand_new_field") == "Brand new field"
    assert label("reviewer_unit_id") == "Reviewer unit"


def test_a_correction_reads_as_one_line_its_points_with_a_decimal_comma() -> None:
    from services.audit.history import Names
    from services.audit.state_words import StateWords
    from tests.support.stores import memory_thidua

    words = StateWords(Names(memory_thidua().store), "Scorecard")
    corrections = [{"before": {"TT1": 35, "TT3": 23.5}, "scores": {"TT3": 24},
                    "reason": "Chấm lại", "actor": "system"}]
    assert words.lines("corrections", corrections) == [
        "Điểm trước: (TT1: 35; TT3: 23,5); Điểm: TT3: 24; Lý do: Chấm lại; "
        "Người thực hiện: Hệ thống (tự động)"]
    assert words.lines("self_scores", {"TT1": 28, "TT2": 35.5}) == ["TT1: 28", "TT2: 35,5"]



def test_a_campaign_reads_by_its_ke_hoach_and_an_award_entry_shows_no_internal_index(
        audited: dict[str, Any]) -> None:
    """Not "«TD-…»" (the campaign's code) nor "Số thứ tự: 0" (an award's place in its list)."""
    from events import ids

    client = audited["client"]
    nomination = state_table(client, audited["nomination"])
    campaign = nomination["Phong trào"]
    assert campaign.startswith("Kế hoạch số ") and ": " in campaign, nomination
    assert "«" not in campaign, campaign
    history = state_table(client, str(ids.award_history_id(UUID(audited["subject"]))))
    text = " ".join(f"{k} {v}" for k, v in history.items())
    assert "Số thứ tự" not in text, history
    assert "Bằng khen" in text, history
