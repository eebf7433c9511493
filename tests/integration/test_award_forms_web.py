"""The award catalogue over HTTP (list, define, change, refusals) and its admin page; the
authority basis of an organisation's settings."""

from __future__ import annotations

import re
from datetime import date

from services.actors import SYSTEM
from tests.support.api import Api, as_user, assert_refused, browser_login, post_form
from tests.support.awards_world import UNION_BANG_KHEN
from tests.support.scenarios import campaign_data


def _keys(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|idempotency_key)" value="([^"]+)"', html))


def test_an_admin_adds_the_unions_bang_khen_and_a_campaign_and_nomination_take_its_code(
        api: Api) -> None:
    assert api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh Lai Châu"}) \
        .status_code == 201
    listed = api.get("/award-forms").json
    assert all(f["default"] for f in listed) and "bang_khen_tinh" in [f["code"] for f in listed]

    created = api.post("/award-forms", UNION_BANG_KHEN, key="danh-muc-bk-1")
    assert created.status_code == 201, created.json
    assert {k: created.json[k] for k in ("code", "name", "category", "system",
                                         "issuer_unit_code", "default")} == {
        "code": "bk_ldld_tinh", "name": UNION_BANG_KHEN["name"],
        "category": "bang_khen_tinh", "system": "cong_doan", "issuer_unit_code": "LDLD",
        "default": False}
    before = api.app.store.event_count()
    assert api.post("/award-forms", UNION_BANG_KHEN, key="danh-muc-bk-1").json == created.json
    assert api.app.store.event_count() == before
    assert api.get("/award-forms/bk_ldld_tinh").json == created.json
    assert api.get("/award-forms/khong_co").status_code == 404
    assert [f["code"] for f in api.get("/award-forms?subject_kind=collective").json][0] == \
        "bk_ldld_tinh"

    quotas = [{"award_form": "bk_ldld_tinh", "subject_kind": "collective", "max": 10,
               "reserved": []}]
    campaign = api.post("/campaigns", {**campaign_data(quotas=quotas),
                                       "movement": "Văn hóa công sở"})
    assert campaign.status_code == 201, campaign.json
    assert campaign.json["movement"] == "Văn hóa công sở"
    unit = api.post("/units", {"code": "CDCS-A", "name": "Công đoàn A", "parent_code": "LDLD"})
    api.app.store.clock = lambda: date(2025, 10, 1)
    nomination = api.post(f"/campaigns/{campaign.json['id']}/nominations", {
        "subject_kind": "collective", "subject_id": unit.json["id"], "award": "bk_ldld_tinh",
        "year": 2025, "route": "phong_trao", "summary": "Tiêu biểu."})
    assert nomination.status_code == 201, nomination.json
    assert nomination.json["award_name"] == UNION_BANG_KHEN["name"]


def test_the_catalogue_refuses_a_bad_entry_and_a_clerk(api: Api) -> None:
    before = api.app.store.event_count()
    response = api.post("/award-forms", {**UNION_BANG_KHEN, "issuer_unit_code": None,
                                         "category": "giay_khen", "kind": "danh_hieu"})
    assert response.status_code in (400, 422), response.json
    assert_refused(api, response, response.status_code, "kind", "là hình thức khen thưởng",
                   before)
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn", actor=SYSTEM)
    api.app.accounts.create_user(username="vanthu", password="mat-khau-dai", role="unit_clerk",
                                 unit_code="LDLD", actor=SYSTEM)
    clerk = as_user(api, "vanthu", "mat-khau-dai")
    assert clerk.get("/award-forms").status_code == 200
    before = api.app.store.event_count()
    assert_refused(api, clerk.post("/award-forms", UNION_BANG_KHEN), 403, None,
                   "không có quyền", before)


def test_the_authority_basis_is_set_read_and_cleared_through_the_settings(api: Api) -> None:
    api.post("/units", {"code": "SGDDT", "name": "Sở Giáo dục và Đào tạo tỉnh Lai Châu"})
    line = ("Quyết định số 10/QĐ-UBND của Ủy ban nhân dân tỉnh quy định chức năng, nhiệm vụ "
            "của Sở Giáo dục và Đào tạo;")
    saved = api.post("/award-settings", {"unit_code": "SGDDT", "authority_basis": [line]})
    assert saved.status_code == 200, saved.json
    # An opening word is added; the final punctuation is the template's.
    assert saved.json["authority_basis"] == [f"Căn cứ {line[:-1]}"]
    kept = api.post("/award-settings", {"unit_code": "SGDDT", "quorum_numerator": 3,
                                        "quorum_denominator": 4})
    assert kept.json["authority_basis"] == [f"Căn cứ {line[:-1]}"]  # not given: left as is
    shown = api.get("/award-settings?unit_code=SGDDT").json
    assert shown["authority_basis"] == [f"Căn cứ {line[:-1]}"]
    cleared = api.post("/award-settings", {"unit_code": "SGDDT", "authority_basis": []})
    assert cleared.json["authority_basis"] == []


def test_the_catalogue_page_lists_and_an_admin_adds_an_award(api: Api) -> None:
    client, app = api.client, api.app
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                 actor=SYSTEM)
    browser_login(client, "admin", "mat-khau-admin")
    page = client.get("/award-forms").get_data(as_text=True)
    assert "Bằng khen cấp bộ, ngành, tỉnh" in page and "(mặc định)" in page
    form = _keys(page)
    data = {**form, "code": "bk_ldld_tinh", "name": UNION_BANG_KHEN["name"],
            "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
            "category": "bang_khen_tinh", "system": "cong_doan", "issuer_unit_code": "LDLD",
            "coefficient_collective": "1,2"}
    bad = client.post("/award-forms", data={**data, "kind": "danh_hieu"})
    assert bad.status_code == 400 and "là hình thức khen thưởng" in bad.get_data(as_text=True)
    ok = client.post("/award-forms", data=data)
    assert ok.status_code == 302
    listed = client.get("/award-forms").get_data(as_text=True)
    assert f"Đã ghi «{UNION_BANG_KHEN['name']}»" in listed
    assert "tập thể: 1,2" in listed  # one number style on every page
    settings = client.get("/awards/settings?unit_code=LDLD").get_data(as_text=True)
    assert 'href="/award-forms"' in settings and 'name="authority_basis"' in settings


GOVERNING = "Tổng Liên đoàn Lao động Việt Nam"


def test_the_governing_body_of_a_root_unit_is_set_kept_and_cleared(api: Api) -> None:
    api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh Lai Châu"})
    api.post("/units", {"code": "CDN-GD", "name": "Công đoàn ngành Giáo dục tỉnh Lai Châu",
                        "parent_code": "LDLD"})
    assert api.get("/award-settings?unit_code=LDLD").json["governing_body"] == ""
    decomposed = "Tổng Liên đoàn Lao động Việt Nam".replace("ệ", "e\u0323\u0302")
    saved = api.post("/award-settings", {"unit_code": "LDLD", "governing_body": decomposed})
    assert saved.status_code == 200, saved.json
    assert saved.json["governing_body"] == GOVERNING  # kept in NFC
    kept = api.post("/award-settings", {"unit_code": "LDLD", "quorum_numerator": 3,
                                        "quorum_denominator": 4})
    assert kept.json["governing_body"] == GOVERNING  # not given: left as is
    assert api.get("/award-settings?unit_code=LDLD").json["governing_body"] == GOVERNING
    cleared = api.post("/award-settings", {"unit_code": "LDLD", "governing_body": ""})
    assert cleared.json["governing_body"] == ""


def test_a_bad_governing_body_is_refused_naming_the_field(api: Api) -> None:
    api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh Lai Châu"})
    api.post("/units", {"code": "CDN-GD", "name": "Công đoàn ngành Giáo dục tỉnh Lai Châu",
                        "parent_code": "LDLD"})
    for unit, value, status, text in (
            ("LDLD", "Tổng Liên đoàn\x07", 400, "ký tự"),
            ("LDLD", "T" * 201, 400, "dài quá 200 ký tự"),
            ("LDLD", ["Tổng Liên đoàn"], 400, "chuỗi"),
            ("LDLD", "   ", 400, "để trống"),
            # A unit with a parent: that parent heads its papers (the domain refuses).
            ("CDN-GD", GOVERNING, 422, "đơn vị cấp cao nhất")):
        before = api.app.store.event_count()
        response = api.post("/award-settings", {"unit_code": unit, "governing_body": value})
        assert_refused(api, response, status, "governing_body", text, before)


def test_the_settings_page_sets_the_governing_body_of_a_root_unit_only(api: Api) -> None:
    client, app = api.client, api.app
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                 actor=SYSTEM)
    app.organisation.create_unit(code="CDN-GD", name="Công đoàn ngành Giáo dục tỉnh Lai Châu",
                                 parent_code="LDLD", actor=SYSTEM)
    browser_login(client, "admin", "mat-khau-admin")
    path = "/awards/settings?unit_code=LDLD"
    assert 'name="governing_body"' in client.get(path).get_data(as_text=True)
    quorum = {"quorum_numerator": "2", "quorum_denominator": "3"}
    before = app.store.event_count()
    bad = post_form(client, path, {**quorum, "governing_body": "Tổng\x00Liên đoàn"})
    assert bad.status_code == 400 and app.store.event_count() == before
    assert 'id="governing_body-error"' in bad.get_data(as_text=True)
    assert post_form(client, path, {**quorum, "governing_body": GOVERNING}).status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert f"in hoa ở dòng đầu tiêu đề mỗi văn bản của đơn vị: {GOVERNING}." in page
    assert f'value="{GOVERNING}"' in page
    # A unit under another prints that unit's name: no field to set.
    child = client.get("/awards/settings?unit_code=CDN-GD").get_data(as_text=True)
    assert 'name="governing_body"' not in child


def test_the_settings_page_saves_without_a_quorum_typed_and_names_fields_in_words(
        api: Api) -> None:
    """Setting only the governing body keeps the quorum (the law's until one is set): the
    page used to refuse it unless both quorum fields were typed; its errors call the fields
    as the form does, not by their codes."""
    client, app = api.client, api.app
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                 actor=SYSTEM)
    browser_login(client, "admin", "mat-khau-admin")
    path = "/awards/settings?unit_code=LDLD"
    before = app.store.event_count()
    bad = post_form(client, path, {"governing_body": "Tổng\x00Liên đoàn"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and app.store.event_count() == before
    error = re.search(r'id="governing_body-error"[^>]*>([^<]+)<', html)
    assert error and "«Tên cơ quan chủ quản»" in error.group(1), html
    assert "governing_body»" not in html
    half = post_form(client, path, {"quorum_numerator": "2", "governing_body": GOVERNING})
    assert half.status_code == 400 and app.store.event_count() == before
    assert post_form(client, path, {"governing_body": GOVERNING}).status_code == 302
    settings = app.settings.settings_of("LDLD")
    assert settings is not None and settings["governing_body"] == GOVERNING
    assert settings["quorum"] is not None  # the law's default, not cleared
