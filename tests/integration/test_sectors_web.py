"""Sectors over HTTP: the API (list, define, rename, refusals, idempotency) and the page."""

from __future__ import annotations

import re
from typing import Any

from events.sector import DEFAULT_SECTORS
from services.actors import SYSTEM
from tests.support.api import Api, as_user, assert_refused, browser_login
from tests.support.scenarios import campaign_data

CULTURE = {"code": "van_hoa", "name": "Văn hóa"}


def _keys(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|idempotency_key)" value="([^"]+)"', html))


def test_the_api_lists_the_defaults_and_an_admin_defines_the_culture_sector(api: Api) -> None:
    listed = api.get("/sectors")
    assert listed.status_code == 200
    assert [(s["code"], s["name"], s["default"], s["defined"]) for s in listed.json] == [
        (code, name, True, False) for code, name in DEFAULT_SECTORS.items()]

    created = api.post("/sectors", CULTURE, key="nganh-van-hoa-1")
    assert created.status_code == 201, created.json
    assert {k: created.json[k] for k in ("code", "name", "default", "defined")} == {
        "code": "van_hoa", "name": "Văn hóa", "default": False, "defined": True}
    before = api.app.store.event_count()
    again = api.post("/sectors", CULTURE, key="nganh-van-hoa-1")  # a retried request
    assert again.status_code == 201 and again.json == created.json
    assert api.app.store.event_count() == before
    assert [s["code"] for s in api.get("/sectors").json] == [*DEFAULT_SECTORS, "van_hoa"]

    # A unit of the culture sector, and a campaign quota with a share reserved for it.
    assert api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh"}) \
        .status_code == 201
    unit = api.post("/units", {"code": "SVH", "name": "Công đoàn Sở Văn hóa",
                               "parent_code": "LDLD", "sector": "van_hoa"})
    assert unit.status_code == 201 and unit.json["sector"] == "van_hoa"
    quotas = [{"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 10,
               "reserved": [{"sector": "van_hoa", "max": 3}]}]
    campaign = api.post("/campaigns", campaign_data(quotas=quotas))
    assert campaign.status_code == 201, campaign.json
    assert campaign.json["quotas"][0]["reserved"] == [{"sector": "van_hoa", "max": 3}]

    renamed = api.post("/sectors", {"code": "van_hoa", "name": "Văn hóa, Thể thao"})
    assert renamed.status_code == 201 and renamed.json["name"] == "Văn hóa, Thể thao"
    health = api.post("/sectors", {"code": "y_te", "name": "Y tế và Dân số"})
    assert (health.json["default"], health.json["defined"]) == (True, True)


def test_the_api_refuses_an_undefined_sector_a_bad_code_and_a_clerk(api: Api) -> None:
    api.post("/units", {"code": "LDLD", "name": "Liên đoàn Lao động tỉnh"})
    before = api.app.store.event_count()
    assert_refused(api, api.post("/units", {"code": "SVH", "name": "Sở Văn hóa",
                                            "sector": "van_hoa"}),
                   422, "sector", "không có trong danh mục ngành", before)
    quotas = [{"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 10,
               "reserved": [{"sector": "giao_duc", "max": 4}, {"sector": "van_hoa", "max": 3}]}]
    assert_refused(api, api.post("/campaigns", campaign_data(quotas=quotas)), 422,
                   "quotas[0].reserved[1].sector", "«van_hoa»", before)
    assert_refused(api, api.post("/sectors", {"code": "văn hóa", "name": "Văn hóa"}), 400,
                   "code", "chỉ được gồm", before)
    assert_refused(api, api.post("/sectors", {"code": "van_hoa"}), 400, "name",
                   "Thiếu trường bắt buộc «name»", before)
    api.app.accounts.create_user(username="vanthu", password="mat-khau-dai", role="unit_clerk",
                                 unit_code="LDLD", actor=SYSTEM)
    clerk = as_user(api, "vanthu", "mat-khau-dai")
    assert clerk.get("/sectors").status_code == 200
    before = api.app.store.event_count()
    assert_refused(api, clerk.post("/sectors", CULTURE), 403, None, "không có quyền", before)


def test_the_sectors_page_lists_them_and_an_admin_adds_and_renames_one(api: Api) -> None:
    client, app = api.client, api.app
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    app.accounts.create_user(username="vanthu", password="mat-khau-dai", role="unit_clerk",
                             unit_code="LDLD", actor=SYSTEM)
    browser_login(client, "vanthu", "mat-khau-dai")
    page = client.get("/sectors").get_data(as_text=True)
    assert "Giáo dục" in page and "mặc định" in page
    assert "Thêm hoặc đổi tên ngành" not in page  # a clerk reads the catalogue only
    token = _keys(client.get("/units").get_data(as_text=True))["csrf_token"]
    before = app.store.event_count()
    refused = client.post("/sectors", data={"csrf_token": token, **CULTURE})
    assert refused.status_code == 403 and app.store.event_count() == before
    client.post("/logout", data={"csrf_token": token})

    browser_login(client, "admin", "mat-khau-admin")
    units = client.get("/units").get_data(as_text=True)
    assert 'href="/sectors"' in units  # the units page links the catalogue
    page = client.get("/sectors").get_data(as_text=True)
    form = _keys(page)
    bad = client.post("/sectors", data={**form, "code": "văn hóa", "name": "Văn hóa"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and 'class="field-error"' in html and "chỉ được gồm" in html
    assert 'value="văn hóa"' in html and 'value="Văn hóa"' in html  # input kept
    ok = client.post("/sectors", data={**form, **CULTURE})
    assert ok.status_code == 302
    count = app.store.event_count()
    assert client.post("/sectors", data={**form, **CULTURE}).status_code == 302  # resubmitted
    assert app.store.event_count() == count
    listed = client.get("/sectors").get_data(as_text=True)
    assert "Đã ghi ngành «Văn hóa» (mã van_hoa)." in listed
    assert "van_hoa" in listed and "tổ chức định nghĩa" in listed

    # The units page offers the culture sector and names it beside its units.
    units = client.get("/units").get_data(as_text=True)
    assert '<option value="van_hoa" >Văn hóa</option>' in units
    form = _keys(units)
    assert client.post("/units", data={**form, "code": "SVH", "name": "Sở Văn hóa",
                                       "sector": "van_hoa"}).status_code == 302
    assert "ngành Văn hóa" in client.get("/units").get_data(as_text=True)
    undefined = client.post("/units", data={**_keys(units), "code": "X", "name": "X",
                                            "sector": "du_lich"})
    assert undefined.status_code == 400
    assert "không có trong danh mục ngành" in undefined.get_data(as_text=True)

    # Renaming a default through the form.
    form = _keys(client.get("/sectors").get_data(as_text=True))
    client.post("/sectors", data={**form, "code": "y_te", "name": "Y tế và Dân số"})
    listed = client.get("/sectors").get_data(as_text=True)
    assert "Y tế và Dân số" in listed and "mặc định, tổ chức đã đổi tên" in listed


def test_the_campaign_page_names_a_share_for_a_defined_sector(api: Api) -> None:
    app = api.app
    app.organisation.define_sector(**CULTURE, actor=SYSTEM)
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    quotas = [{"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 10,
               "reserved": [{"sector": "van_hoa", "max": 3}]}]
    campaign: dict[str, Any] = app.campaigns.create_campaign(campaign_data(quotas=quotas),
                                                             actor=SYSTEM)
    browser_login(api.client, "admin", "mat-khau-admin")
    html = api.client.get(f"/campaigns/{campaign['id']}").get_data(as_text=True)
    assert "trong đó 3 dành cho ngành Văn hóa" in html
