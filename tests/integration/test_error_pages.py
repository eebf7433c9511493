"""Pages answer errors as pages (issue 14 item 5): in Vietnamese, in the site's frame, with
a way back; only /api/ answers JSON, exactly as before."""

from __future__ import annotations

from typing import Any

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import API, Api, browser_login
from tests.support.scenarios import campaign_data

HOST = "http://localhost"


def assert_error_page(response: Any, status: int, *texts: str) -> str:
    """An HTML page of the site's frame, saying ``texts``, with a link home."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/html", response.mimetype
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html and 'class="site"' in html  # templates/base.html
    assert 'href="/">Về trang chủ</a>' in html
    for text in texts:
        assert text in html, (text, html[:2000])
    assert '"error"' not in html and "{" not in html.split("<main", 1)[1].split("</main>")[0]
    return html


@pytest.fixture
def browser(api: Api) -> Api:
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                     actor=SYSTEM)
    api.app.accounts.create_user(username="vanthu", password="mat-khau-dai", role="unit_clerk",
                                 unit_code="LDLD", actor=SYSTEM)
    assert browser_login(api.client, "vanthu", "mat-khau-dai").status_code == 302
    return api


def test_a_page_that_does_not_exist_is_a_page_with_a_way_back(browser: Api) -> None:
    """Fails on 8e6e66e: {"error": {"code": "not_found", ...}} as JSON."""
    response = browser.client.get("/chien-dich/khong-co",
                                  headers={"Referer": f"{HOST}/documents"})
    html = assert_error_page(response, 404, "Không tìm thấy trang")
    assert 'href="/documents">Quay lại trang trước</a>' in html
    # A referrer of another site is not offered as the way back.
    other = browser.client.get("/khong-co", headers={"Referer": "https://example.org/x"})
    assert "Quay lại trang trước" not in assert_error_page(other, 404)


def test_a_role_refused_a_page_is_told_so_with_a_way_back(browser: Api) -> None:
    """Fails on 8e6e66e: the refusal offered no way back to the page the clerk came from."""
    response = browser.client.get("/users", headers={"Referer": f"{HOST}/people"})
    html = assert_error_page(response, 403, "Không có quyền")
    assert 'href="/people">Quay lại trang trước</a>' in html


def test_a_method_a_page_does_not_take_is_a_page(browser: Api) -> None:
    """Fails on 8e6e66e: a 405 in JSON."""
    response = browser.client.delete("/documents")
    assert_error_page(response, 405, "Thao tác không được hỗ trợ")
    assert "GET" in response.headers["Allow"]


def test_a_plan_that_cannot_render_yet_says_why_on_a_page(browser: Api) -> None:
    """A Kế hoạch link of a campaign without a signer: a page naming the missing signer
    (seen in issue 14 as raw JSON about plan.signer)."""
    campaign = browser.app.campaigns.create_campaign(campaign_data(), actor=SYSTEM)
    before = browser.app.store.event_count()
    response = browser.client.get(f"/campaigns/{campaign['id']}/plan.docx",
                                  headers={"Referer": f"{HOST}/campaigns/{campaign['id']}"})
    html = assert_error_page(response, 409, "Kế hoạch chưa có người ký", "trang sửa phong trào")
    assert "plan.signer" not in html
    assert f'href="/campaigns/{campaign["id"]}">Quay lại trang trước</a>' in html
    assert browser.app.store.event_count() == before


def test_a_failure_inside_a_page_is_a_page_and_inside_the_api_json(
        sqlite_settings: Settings, api: Api) -> None:
    """Fails on 8e6e66e: a page's unexpected failure answered JSON."""
    flask_app = create_app(sqlite_settings, thidua=api.app)

    def broken() -> Any:
        raise RuntimeError("a fault no handler expects")

    flask_app.add_url_rule("/hong", "broken_page", broken)
    flask_app.add_url_rule(f"{API}/hong", "broken_api", broken)
    client = flask_app.test_client()
    assert_error_page(client.get("/hong"), 500, "Đã có lỗi xảy ra")
    answer = client.get(f"{API}/hong")
    assert answer.status_code == 500 and answer.json == {
        "error": {"code": "error", "message": "Đã có lỗi xảy ra.", "field": None}}


def test_the_api_answers_json_as_before(browser: Api, api: Api) -> None:
    missing = api.get("/khong-co")
    assert missing.status_code == 404 and missing.json == {"error": {
        "code": "not_found", "message": "Không tìm thấy địa chỉ được yêu cầu.", "field": None}}
    wrong = api.client.delete(f"{API}/units", headers=api.headers)
    assert wrong.status_code == 405 and wrong.json["error"]["code"] == "method_not_allowed"
    campaign = api.app.campaigns.create_campaign(campaign_data(), actor=SYSTEM)
    plan = api.get(f"/campaigns/{campaign['id']}/plan.docx")
    assert plan.status_code == 422 and plan.json["error"]["field"] == "plan.signer"
    clerk = api.client.post(f"{API}/auth/token",
                            json={"username": "vanthu", "password": "mat-khau-dai"}).json
    refused = api.client.post(f"{API}/units", json={"code": "X", "name": "X"},
                              headers={"Authorization": f"Bearer {clerk['token']}"})
    assert refused.status_code == 403 and refused.json["error"]["code"]


def test_a_form_without_its_token_is_a_page_with_a_way_back(browser: Api) -> None:
    response = browser.client.post("/documents/verify", data={},
                                   headers={"Referer": f"{HOST}/documents"})
    html = assert_error_page(response, 400, "Biểu mẫu không hợp lệ")
    assert 'href="/documents">Quay lại trang trước</a>' in html
