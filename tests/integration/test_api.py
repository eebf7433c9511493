"""The JSON API on a temporary SQLite file: happy paths, every bad input, nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import API, Api, assert_refused, sign_in
from tests.support.scenarios import campaign_data
from tests.support.stores import AppFactory


@pytest.fixture
def seeded(api: Api) -> dict[str, Any]:
    """Units, a person, the campaign, created through the API."""
    assert api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh Lai Châu"}
                    ).status_code == 201
    school = api.post("/units", {"code": "CDCS-LQD", "parent_code": "LDLD", "sector": "giao_duc",
                                 "name": "Công đoàn Trường THPT chuyên Lê Quý Đôn"}).json
    person = api.post("/people", {"full_name": "Lò Thị Hương", "unit_code": "CDCS-LQD",
                                  "position": "Giáo viên"}).json
    response = api.post("/campaigns", campaign_data())
    assert response.status_code == 201, response.json
    return {"school": school["id"], "person": person["id"], "campaign": response.json["id"]}




def test_units_people_campaigns_round_trip(api: Api, seeded: dict[str, Any]) -> None:
    units = api.get("/units").json
    assert [u["code"] for u in units] == ["LDLD", "CDCS-LQD"]
    assert units[1]["parent_code"] == "LDLD"
    people = api.get("/people", query_string={"unit_code": "CDCS-LQD"}).json
    assert people[0]["full_name"] == "Lò Thị Hương"
    campaign = api.get(f"/campaigns/{seeded['campaign']}").json
    assert campaign["registration_deadline"] == "2020-02-10"
    assert campaign["tracks"][0]["criteria"][1] == {
        "code": "TT2", "name": "Cải cách hành chính", "max_points": 40}
    assert campaign["quotas"][0]["reserved"] == [{"sector": "giao_duc", "max": 4}]
    assert [c["code"] for c in api.get("/campaigns").json] == ["VHCS-2019"]


def test_registration_and_scores_through_the_api(api: Api, seeded: dict[str, Any]) -> None:
    campaign = seeded["campaign"]
    response = api.post(f"/campaigns/{campaign}/registrations",
                        {"subject_kind": "collective", "subject_id": seeded["school"],
                         "pledge": "Xây dựng cơ quan văn minh"})
    assert response.status_code == 201
    assert response.json["registered_on"] == "2020-01-15"
    response = api.post(f"/campaigns/{campaign}/scores",
                        {"subject_id": seeded["school"], "period": "2020-01", "stage": "self",
                         "scores": {"TT1": 28, "TT2": 35.5, "TT3": "27"}})
    assert response.status_code == 201, response.json
    assert response.json["total"] == 90.5
    assert response.json["status"] == "pending"
    card = api.get(f"/campaigns/{campaign}/scores",
                   query_string={"subject_id": seeded["school"], "period": "2020-01"}).json
    assert card["self_scores"] == {"TT1": 28, "TT2": 35.5, "TT3": 27}


def test_created_resources_answer_201_with_an_id(api: Api) -> None:
    response = api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh"})
    assert response.status_code == 201
    assert response.json["id"]


def test_unknown_unit_is_refused(api: Api, seeded: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    response = api.post("/people", {"full_name": "Giàng A Páo", "unit_code": "KHONG-CO"})
    assert_refused(api, response, 404, "unit_code", "KHONG-CO", before)
    response = api.post("/units", {"code": "X", "name": "Đơn vị", "parent_code": "KHONG-CO"})
    assert_refused(api, response, 404, "parent_code", "KHONG-CO", before)


def test_duplicate_unit_code_is_refused(api: Api, seeded: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    response = api.post("/units", {"code": "cdcs-lqd", "name": "Trùng mã"})
    assert_refused(api, response, 409, "code", "đã tồn tại", before)


def test_second_registration_of_a_subject_is_refused(api: Api, seeded: dict[str, Any]) -> None:
    path = f"/campaigns/{seeded['campaign']}/registrations"
    body = {"subject_kind": "individual", "subject_id": seeded["person"]}
    assert api.post(path, body).status_code == 201
    before = api.app.store.event_count()
    assert_refused(api, api.post(path, body), 409, "subject_id", "đã đăng ký", before)


@pytest.fixture
def registered(api: Api, seeded: dict[str, Any]) -> dict[str, Any]:
    path = f"/campaigns/{seeded['campaign']}/registrations"
    assert api.post(path, {"subject_kind": "collective",
                           "subject_id": seeded["school"]}).status_code == 201
    assert api.post(path, {"subject_kind": "individual",
                           "subject_id": seeded["person"]}).status_code == 201
    return seeded


def test_score_above_the_criterion_maximum_is_refused(api: Api, registered: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    response = api.post(f"/campaigns/{registered['campaign']}/scores",
                        {"subject_id": registered["school"], "period": "2020-01", "stage": "self",
                         "scores": {"TT1": 31, "TT2": 40, "TT3": 30}})
    assert_refused(api, response, 422, "scores.TT1", "từ 0 đến 30", before)


def test_score_for_an_unknown_criterion_is_refused(api: Api, registered: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    response = api.post(f"/campaigns/{registered['campaign']}/scores",
                        {"subject_id": registered["school"], "period": "2020-01", "stage": "self",
                         "scores": {"TT1": 1, "TT2": 1, "TT3": 1, "TT7": 5}})
    assert_refused(api, response, 422, "scores.TT7", "không có trong bảng tiêu chí", before)


def test_period_in_the_wrong_form_for_the_cadence_is_refused(
    api: Api, registered: dict[str, Any]
) -> None:
    before = api.app.store.event_count()
    # Individuals are scored weekly: a month is the wrong form.
    response = api.post(f"/campaigns/{registered['campaign']}/scores",
                        {"subject_id": registered["person"], "period": "2020-01", "stage": "self",
                         "scores": {"CN1": 40, "CN2": 40}})
    assert_refused(api, response, 422, "period", "hằng tuần", before)
    # Collectives are scored monthly: a week is the wrong form.
    response = api.post(f"/campaigns/{registered['campaign']}/scores",
                        {"subject_id": registered["school"], "period": "2020-W03", "stage": "self",
                         "scores": {"TT1": 1, "TT2": 1, "TT3": 1}})
    assert_refused(api, response, 422, "period", "hằng tháng", before)


def test_registration_after_the_deadline_is_refused(
    sqlite_settings: Settings, open_app: AppFactory
) -> None:
    from datetime import date

    app = open_app(sqlite_settings, clock=lambda: date(2020, 2, 11))
    app.accounts.create_user(username="admin", password="mat-khau-admin", role="admin",
                             actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()
    api = Api(client, app, sign_in(client, "admin", "mat-khau-admin"))
    api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh Lai Châu"})
    school = api.post("/units", {"code": "CDCS-LQD", "name": "Công đoàn trường",
                                 "parent_code": "LDLD"}).json
    campaign = api.post("/campaigns", campaign_data()).json
    before = app.store.event_count()
    response = api.post(f"/campaigns/{campaign['id']}/registrations",
                        {"subject_kind": "collective", "subject_id": school["id"]})
    assert_refused(api, response, 422, "registration_deadline", "quá hạn đăng ký", before)
    assert "10/02/2020" in response.json["error"]["message"]


def test_malformed_json_is_refused(api: Api, seeded: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    response = api.client.post(f"{API}/units", data='{"code": "X", "name": ',
                               content_type="application/json", headers=api.headers)
    assert_refused(api, response, 400, "body", "không phải là JSON hợp lệ", before)


def test_missing_token_is_refused(api: Api, seeded: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    response = api.client.post(f"{API}/units", json={"code": "X", "name": "Đơn vị"})
    assert_refused(api, response, 401, "Authorization", "Thiếu mã truy cập", before)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    response = api.client.get(f"{API}/units", headers={"Authorization": "Bearer sai"})
    assert_refused(api, response, 401, "Authorization", "không hợp lệ", before)


@pytest.mark.parametrize(
    ("body", "status", "field", "text"),
    [
        ({"name": "Thiếu mã"}, 400, "code", "Thiếu trường bắt buộc «code»"),
        ({"code": "X", "name": 5}, 400, "name", "phải là chuỗi ký tự"),
        # Off no schema: the sectors are the organisation's data, which the domain judges.
        ({"code": "X", "name": "Đơn vị", "sector": "vu_tru"}, 422, "sector",
         "không có trong danh mục ngành"),
        ({"code": "X", "name": "Đơn vị", "color": "đỏ"}, 400, "color", "không được hỗ trợ"),
        ({"code": "mã có dấu", "name": "Đơn vị"}, 400, "code", "chỉ được gồm"),
        ({"code": "X", "name": "   "}, 400, "name", "không được để trống"),
    ],
)
def test_unit_shape_errors_name_the_field_in_vietnamese(
    api: Api, body: dict[str, Any], status: int, field: str, text: str
) -> None:
    before = api.app.store.event_count()
    assert_refused(api, api.post("/units", body), status, field, text, before)


@pytest.mark.parametrize(
    ("change", "status", "field", "text"),
    [
        ({"start": "13/09/2019"}, 400, "start", "YYYY-MM-DD"),
        ({"number": "117 KH LĐLĐ"}, 400, "number", "không đúng thể thức"),
        ({"tracks": [{"subject_kind": "collective", "cadence": "daily"}]}, 400,
         "tracks[0].cadence", "phải là một trong"),
        # Each of these fits the schema; the domain judges the whole (422).
        ({"end": "2019-01-01"}, 422, "end", "sau ngày bắt đầu"),
        ({"tracks": [{"subject_kind": "collective", "cadence": "monthly",
                      "criteria": [{"code": "A", "name": "Tiêu chí", "max_points": 10}],
                      "thresholds": {"HTXS": 9, "HTT": 9, "HT": 5}}]}, 422,
         "tracks[0].thresholds.HTT", "giảm dần"),
        ({"quotas": [{"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 3,
                      "reserved": [{"sector": "giao_duc", "max": 4}]}]}, 422,
         "quotas[0].reserved", "vượt quá chỉ tiêu chung"),
    ],
)
def test_campaign_errors_name_the_field(
    api: Api, seeded: dict[str, Any], change: dict[str, Any], status: int, field: str,
    text: str
) -> None:
    before = api.app.store.event_count()
    response = api.post("/campaigns", campaign_data(code="KHAC-2020", **change))
    assert_refused(api, response, status, field, text, before)


def test_campaign_of_an_unknown_issuer_is_refused(api: Api, seeded: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    response = api.post("/campaigns", campaign_data(code="KHAC-2020", issuer_unit_code="KHONG-CO"))
    assert_refused(api, response, 404, "issuer_unit_code", "KHONG-CO", before)


def test_unknown_campaign_and_bad_ids(api: Api, registered: dict[str, Any]) -> None:
    before = api.app.store.event_count()
    # Ids in paths are UUIDs (format: uuid): any other path is no route.
    response = api.post("/campaigns/not-a-uuid/registrations",
                        {"subject_kind": "collective", "subject_id": registered["school"]})
    assert_refused(api, response, 404, None, "Không tìm thấy địa chỉ", before)
    response = api.get("/campaigns/00000000-0000-0000-0000-000000000000")
    assert_refused(api, response, 404, "campaign_id", "Không tìm thấy phong trào", before)
    response = api.post(f"/campaigns/{registered['campaign']}/scores",
                        {"subject_id": "123", "period": "2020-01", "stage": "self",
                         "scores": {"TT1": 1}})
    assert_refused(api, response, 400, "subject_id", "Mã định danh", before)


def test_auditor_reads_but_cannot_write(api: Api, seeded: dict[str, Any]) -> None:
    api.app.accounts.create_user(username="thanhtra", password="mat-khau-tt", role="auditor",
                                 actor=SYSTEM)
    auditor = Api(api.client, api.app, sign_in(api.client, "thanhtra", "mat-khau-tt"))
    assert auditor.get("/units").status_code == 200
    before = api.app.store.event_count()
    response = auditor.post("/units", {"code": "Y", "name": "Đơn vị mới"})
    assert_refused(api, response, 403, None, "không có quyền", before)


def test_wrong_password_gets_one_message(api: Api) -> None:
    for username, password in [("admin", "sai-mat-khau"), ("khong-ai", "mat-khau-admin")]:
        response = api.client.post(f"{API}/auth/token",
                                   json={"username": username, "password": password})
        assert response.status_code == 401
        assert response.json["error"]["message"] == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_openapi_document_lists_the_contract_and_bearer_auth(api: Api) -> None:
    spec = api.client.get("/api/openapi.json").json
    for path in ["/api/v1/units", "/api/v1/people", "/api/v1/campaigns",
                 "/api/v1/campaigns/{campaign_id}", "/api/v1/campaigns/{campaign_id}/registrations",
                 "/api/v1/campaigns/{campaign_id}/scores", "/api/v1/auth/token"]:
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    error = spec["paths"]["/api/v1/units"]["post"]["responses"]["409"]
    assert error["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"error"}


def test_health_endpoints(api: Api, seeded: dict[str, Any]) -> None:
    assert api.client.get("/healthz").json == {"status": "alive"}
    ready = api.client.get("/readyz")
    assert ready.status_code == 200
    store = api.app.store
    assert ready.json["last_position"] == store.last_position() == store.event_count()


def test_readyz_is_503_when_the_store_has_no_tables(tmp_path: Any, open_app: AppFactory) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k")  # never initialised
    client = create_app(settings, thidua=open_app(settings)).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
