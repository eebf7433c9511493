"""Input that made the API answer 500, or that it stored although it means nothing, is a
400 naming the field — and nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.actors import SYSTEM
from tests.support.api import API, Api, assert_refused
from tests.support.scenarios import campaign_data, seed


def post_raw(api: Api, path: str, text: str) -> Any:
    return api.client.post(f"{API}{path}", data=text, headers={
        **api.headers, "Content-Type": "application/json"})


@pytest.mark.parametrize("body", ["[" * 1000 + "]" * 1000,
                                  '{"username": ' * 500 + '"x"' + "}" * 500])
def test_deeply_nested_json_is_refused_not_a_crash(api: Api, body: str) -> None:
    before = api.app.store.event_count()
    response = api.client.post(f"{API}/auth/token", data=body,
                               headers={"Content-Type": "application/json"})
    assert_refused(api, response, 400, "body", "không phải là JSON hợp lệ", before)


@pytest.fixture
def scoring(api: Api) -> dict[str, Any]:
    ids = seed(api.app)
    api.app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                               subject_id=ids["school"], actor=SYSTEM)
    return ids


@pytest.mark.parametrize("points, text", [
    ("1e28", "quá lớn"), ("1E+308", "quá lớn"), ("100001", "quá lớn"),
    ("1e-400", "tối đa hai chữ số thập phân"), ("0.001", "tối đa hai chữ số thập phân"),
])
def test_absurd_points_are_refused_naming_the_criterion(
        api: Api, scoring: dict[str, Any], points: str, text: str) -> None:
    before = api.app.store.event_count()
    body = (f'{{"subject_id": "{scoring["school"]}", "period": "2020-01", "stage": "self", '
            f'"scores": {{"TT1": {points}, "TT2": 30, "TT3": 20}}}}')
    response = post_raw(api, f"/campaigns/{scoring['campaign']}/scores", body)
    assert_refused(api, response, 400, "scores.TT1", text, before)


@pytest.mark.parametrize("change, field, text", [
    ({"start": "0001-01-01"}, "start", "01/01/0001"),
    ({"start": "0340-09-13"}, "start", "nằm ngoài khoảng 01/01/2000–31/12/2100"),
    ({"end": "9999-12-31"}, "end", "31/12/9999"),
    ({"registration_deadline": "2101-01-01"}, "registration_deadline", "nằm ngoài khoảng"),
])
def test_dates_outside_the_years_of_the_work_are_refused(
        api: Api, change: dict[str, str], field: str, text: str) -> None:
    api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh"})
    before = api.app.store.event_count()
    response = api.post("/campaigns", campaign_data(**change))
    assert_refused(api, response, 400, field, text, before)


def test_a_maximum_of_1e308_points_is_refused(api: Api) -> None:
    api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh"})
    data = campaign_data()
    data["tracks"][0]["criteria"][0]["max_points"] = "__MAX__"
    before = api.app.store.event_count()
    response = post_raw(api, "/campaigns", json.dumps(data).replace('"__MAX__"', "1e308"))
    assert_refused(api, response, 400, "tracks[0].criteria[0].max_points", "quá lớn", before)


def test_an_exact_decimal_survives_the_trip(api: Api, scoring: dict[str, Any]) -> None:
    body = (f'{{"subject_id": "{scoring["school"]}", "period": "2020-01", "stage": "self", '
            '"scores": {"TT1": 25.25, "TT2": 30.1, "TT3": 20}}')
    response = post_raw(api, f"/campaigns/{scoring['campaign']}/scores", body)
    assert response.status_code == 201, response.json
    assert response.json["self_scores"] == {"TT1": 25.25, "TT2": 30.1, "TT3": 20}
