"""The home page's work lists: scorecards to review (filtered, newest first, paged),
periods a unit has not yet self-assessed, dossiers sent back, nominations waiting."""

from __future__ import annotations

import re

import pytest

from services.actors import SYSTEM
from services.queries import worklists
from tests.support.api import Api, browser_login
from tests.support.awards_world import AWARDS_TODAY, SECRETARY, build_world, nominate
from tests.support.projections import project_all
from tests.support.standings_fixtures import build


def new_unit(api: Api, campaign: str, code: str, name: str) -> str:
    unit = api.app.organisation.create_unit(code=code, name=name, parent_code="LDLD",
                                            actor=SYSTEM)["id"]
    api.app.campaigns.register(campaign_id=campaign, subject_kind="collective",
                               subject_id=unit, actor=SYSTEM)
    return unit


def reviews_section(html: str) -> str:
    """The table (and pager) of the reviewer's list, without the filter form."""
    return html[html.index("</form>", html.index('id="reviews"')):
                html.index("Phong trào thi đua</h2>")]


def test_reviews_are_newest_first_filtered_by_campaign_and_unit_and_paged(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    data = build(api.app)
    moi = new_unit(api, data["campaign"], "CDCS-MOI", "Công đoàn Trường Mầm non Hoa Ban")
    for period in ("2020-01", "2020-02"):
        api.app.campaigns.post_scores(campaign_id=data["campaign"], subject_id=moi,
                                      period=period, stage="self",
                                      scores={"TT1": 20, "TT2": 30, "TT3": "22.5"}, actor=SYSTEM)
    project_all(api.app)
    browser_login(api.client, "admin", "mat-khau-admin")
    html = reviews_section(api.client.get("/").get_data(as_text=True))
    periods = re.findall(r"<td>(Tháng \d\d/\d{4})</td>", html)
    assert periods == ["Tháng 02/2020", "Tháng 01/2020", "Tháng 01/2020"]  # newest first
    assert "72,5" in html  # the self-assessed total, as pages write points
    bv = data["units"]["CDCS-BV"]
    one_unit = reviews_section(api.client.get(f"/?unit_id={bv}").get_data(as_text=True))
    assert re.findall(r"<td>(Tháng \d\d/\d{4})</td>", one_unit) == ["Tháng 01/2020"]
    assert "Hoa Ban" not in one_unit and "Bệnh viện Đa khoa" in one_unit
    other = reviews_section(api.client.get(
        "/?campaign_id=00000000-0000-4000-8000-000000000000").get_data(as_text=True))
    assert "Không có phiếu điểm nào chờ duyệt theo bộ lọc này" in other
    monkeypatch.setattr(worklists, "PER_PAGE", 2)
    second = reviews_section(api.client.get("/?page=2").get_data(as_text=True))
    assert "Trang 2/2" in second and "← Trang trước" in second
    assert re.findall(r"<td>(Tháng \d\d/\d{4})</td>", second) == ["Tháng 01/2020"]


def test_the_clerk_sees_the_periods_not_yet_self_assessed(api: Api) -> None:
    data = build(api.app)
    moi = new_unit(api, data["campaign"], "CDCS-MOI", "Công đoàn Trường Mầm non Hoa Ban")
    project_all(api.app)
    browser_login(api.client, "admin", "mat-khau-admin")
    html = api.client.get("/").get_data(as_text=True)
    card = html[html.index('id="unassessed"'):html.index('id="returned"')]
    january = card[card.index("Tháng 01/2020"):card.index("</li>", card.index("Tháng 01/2020"))]
    assert '<span class="badge">1</span> chưa tự chấm' in january and "Hoa Ban" in january
    assert f"period=2020-01&amp;subject_id={moi}" in january
    assert "Quyết Thắng" not in january  # self-assessed in January
    assert "Tháng 12/2019" in card  # a month nobody assessed, newest first after January
    assert card.index("Tháng 01/2020") < card.index("Tháng 12/2019")


def test_returned_nominations_reach_the_clerk_and_submitted_ones_the_secretary(
        memory_app) -> None:
    memory_app.store.clock = lambda: AWARDS_TODAY
    world = build_world(memory_app)
    lists = worklists.WorkLists(memory_app.store, memory_app.organisation)
    sent = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    waiting = nominate(world, "collective", "HC1", "bang_khen_tinh")["id"]
    memory_app.nominations.return_nomination(sent, reason="Thiếu báo cáo thành tích",
                                             actor=SECRETARY)
    returned = lists.returned(SYSTEM)
    assert [(r["id"], r["reason"]) for r in returned] == [(sent, "Thiếu báo cáo thành tích")]
    assert [n["id"] for n in lists.waiting_for_council(SECRETARY)] == [waiting]
