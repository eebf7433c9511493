"""Standings through HTTP: the JSON API, the page (HTTP Basic) and the .xlsx export."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from services.actors import SYSTEM
from tests.support.api import Api, browser_login
from tests.support.projections import project_all
from tests.support.scenarios import REVIEWER
from tests.support.standings_fixtures import build


def test_standings_json(api: Api) -> None:
    data = build(api.app)
    project_all(api.app)
    response = api.get(f"/campaigns/{data['campaign']}/standings",
                       query_string={"period": "2020-01"})
    assert response.status_code == 200, response.json
    body = response.json
    assert body["period"] == "2020-01" and body["subject_kind"] == "collective"
    assert [r["rank"] for r in body["rows"]] == [1, 2, 2, 4, None]
    assert body["rows"][0]["total"] == 95
    assert body["rows"][0]["criteria"] == {"TT1": 30, "TT2": 38, "TT3": 27}
    assert body["rows"][-1]["status"] == "pending"
    assert body["position"] == api.app.store.last_position()
    assert body["stale"] is False


def test_standings_replay_by_position(api: Api) -> None:
    data = build(api.app)
    project_all(api.app)
    path = f"/campaigns/{data['campaign']}/standings"
    empty = api.get(path, query_string={"period": "2020-01", "position": 1}).json
    assert empty["rows"] == [] and empty["replayed"] is True


def test_waiting_for_a_position_not_yet_projected_reports_stale(api: Api) -> None:
    data = build(api.app)
    project_all(api.app)
    card = api.app.campaigns.post_scores(campaign_id=data["campaign"],
                                         subject_id=data["units"]["CDCS-BV"],
                                         period="2020-01", stage="review",
                                         scores={"TT1": 30, "TT2": 40, "TT3": 30}, actor=REVIEWER)
    assert card["status"] == "reviewed"
    path = f"/campaigns/{data['campaign']}/standings"
    body = api.get(path, query_string={"period": "2020-01",
                                       "wait_for": api.app.store.last_position()}).json
    assert body["stale"] is True  # no worker ran: the answer says so instead of lying
    project_all(api.app)
    body = api.get(path, query_string={"period": "2020-01",
                                       "wait_for": api.app.store.last_position()}).json
    assert body["stale"] is False and body["rows"][0]["total"] == 100


def test_standings_bad_input(api: Api) -> None:
    data = build(api.app)
    path = f"/campaigns/{data['campaign']}/standings"
    for query, status, field, text in [
        ({"period": "2020-13"}, 400, "period", "định dạng"),
        ({}, 400, "period", "Thiếu trường bắt buộc"),
        ({"period": "2020-01", "as_of": "hôm qua"}, 400, "as_of", "không hợp lệ"),
        # Off no schema, refused by what only the domain knows (422).
        ({"period": "2019-01"}, 422, "period", "ngoài thời gian"),
        ({"period": "2020-01", "as_of": "2020-06-30", "position": 3}, 422, "as_of",
         "một trong hai"),
        ({"period": "2020-W03", "subject_kind": "collective"}, 422, "period", "hằng tháng"),
    ]:
        response = api.get(path, query_string=query)
        assert response.status_code == status, (query, response.json)
        assert response.json["error"]["field"] == field
        assert text in response.json["error"]["message"], response.json


def test_standings_xlsx_opens_with_the_table(api: Api) -> None:
    data = build(api.app)
    project_all(api.app)
    response = api.get(f"/campaigns/{data['campaign']}/standings.xlsx",
                       query_string={"period": "2020-Q1"})
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).active
    assert sheet.title == "Xếp hạng Quý 1-2020"  # not the code 2020-Q1 (issue 14)
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "QUÝ 1/2020" in values[0][0] and "Từ ngày 01/01/2020 đến ngày 31/03/2020" in values[2][0]
    header = values[4]
    assert header[:2] == ["Hạng", "Tên tập thể"] and "Tổng điểm" in header
    first = dict(zip(header, values[5], strict=True))
    assert first["Hạng"] == 1 and first["Tổng điểm"] == 165


def test_standings_page_needs_an_account_and_shows_the_ranking(api: Api) -> None:
    data = build(api.app)
    project_all(api.app)
    path = f"/campaigns/{data['campaign']}/standings?period=2020-01"
    anonymous = api.client.get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert browser_login(api.client, "admin", "sai").status_code == 401
    assert browser_login(api.client, "admin", "mat-khau-admin").status_code == 302
    page = api.client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Bảng xếp hạng thi đua" in html
    assert "Công đoàn Trường THPT chuyên Lê Quý Đôn" in html
    assert "Chờ duyệt" in html  # the pending self-assessment
    assert "Hoàn thành xuất sắc" in html
    bad = api.client.get(f"/campaigns/{data['campaign']}/standings?period=2020-99")
    assert bad.status_code == 400 and "định dạng" in bad.get_data(as_text=True)


def test_index_links_to_standings(api: Api) -> None:
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                     actor=SYSTEM)
    from tests.support.scenarios import campaign_data

    campaign = api.app.campaigns.create_campaign(campaign_data(), actor=SYSTEM)
    assert api.client.get("/").status_code == 302  # the home page is per role: log in
    browser_login(api.client, "admin", "mat-khau-admin")
    html = api.client.get("/").get_data(as_text=True)
    assert f"/campaigns/{campaign['id']}/standings" in html




def test_the_page_after_a_form_says_when_the_view_is_behind(api: Api) -> None:
    data = build(api.app)
    project_all(api.app)
    api.app.campaigns.post_scores(campaign_id=data["campaign"], subject_id=data["units"]["CDCS-BV"],
                                  period="2020-01", stage="review",
                                  scores={"TT1": 30, "TT2": 40, "TT3": 30}, actor=REVIEWER)
    browser_login(api.client, "admin", "mat-khau-admin")
    path = (f"/campaigns/{data['campaign']}/standings?period=2020-01"
            f"&wait_for={api.app.store.last_position()}")
    assert "đang được cập nhật" in api.client.get(path).get_data(as_text=True)
    project_all(api.app)
    assert "đang được cập nhật" not in api.client.get(path).get_data(as_text=True)
