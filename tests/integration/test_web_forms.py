"""The forms over HTTP: resubmission, throttling, cross-unit attempts, CSRF, headers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import browser_login
from tests.support.scenarios import seed
from tests.support.stores import AppFactory


@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> dict[str, Any]:
    app = open_app(sqlite_settings)
    ids = seed(app)
    app.accounts.create_user(username="vanthu-gd", password="mat-khau-dai", role="unit_clerk",
                             unit_code="CDN-GD", actor=SYSTEM)
    return {"app": app, "ids": ids,
            "client": create_app(sqlite_settings, thidua=app).test_client()}


def form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|idempotency_key)" value="([^"]+)"', html))


def test_a_double_submitted_registration_records_once(site: dict[str, Any]) -> None:
    client, app, ids = site["client"], site["app"], site["ids"]
    browser_login(client, "vanthu-gd", "mat-khau-dai")
    path = f"/campaigns/{ids['campaign']}/register?subject_kind=collective"
    fields = form_fields(client.get(path).get_data(as_text=True))
    data = {**fields, "subject_kind": "collective", "subject_id": ids["school"],
            "pledge": "Xây dựng trường học văn minh"}
    first = client.post(path, data=data)
    assert first.status_code == 302
    before = app.store.event_count()
    second = client.post(path, data=data)  # the same page sent again
    assert second.status_code == 302
    assert app.store.event_count() == before
    assert len(app.campaigns.list_registrations(ids["campaign"])) == 1


def test_a_clerk_cannot_act_for_another_unit(site: dict[str, Any]) -> None:
    client, app, ids = site["client"], site["app"], site["ids"]
    browser_login(client, "vanthu-gd", "mat-khau-dai")
    path = f"/campaigns/{ids['campaign']}/register?subject_kind=collective"
    page = client.get(path).get_data(as_text=True)
    assert ids["school"] in page and ids["other"] not in page  # only its own units offered
    before = app.store.event_count()
    response = client.post(path, data={**form_fields(page), "subject_kind": "collective",
                                       "subject_id": ids["other"]})
    assert response.status_code == 403
    assert "đơn vị của mình" in response.get_data(as_text=True)
    assert app.store.event_count() == before


def test_forms_refuse_a_post_without_the_csrf_token(site: dict[str, Any]) -> None:
    client, app, ids = site["client"], site["app"], site["ids"]
    browser_login(client, "vanthu-gd", "mat-khau-dai")
    before = app.store.event_count()
    response = client.post(f"/campaigns/{ids['campaign']}/register",
                           data={"subject_kind": "collective", "subject_id": ids["school"]})
    assert response.status_code == 400
    assert "Biểu mẫu không hợp lệ" in response.get_data(as_text=True)
    assert app.store.event_count() == before


def test_score_errors_are_shown_next_to_the_field_with_the_input_kept(
    site: dict[str, Any]
) -> None:
    client, app, ids = site["client"], site["app"], site["ids"]
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                           subject_id=ids["school"], actor=SYSTEM)
    browser_login(client, "vanthu-gd", "mat-khau-dai")
    path = (f"/campaigns/{ids['campaign']}/score?subject_id={ids['school']}&period=2020-01")
    fields = form_fields(client.get(path).get_data(as_text=True))
    before = app.store.event_count()
    response = client.post(path, data={**fields, "subject_id": ids["school"],
                                       "period": "2020-01", "stage": "self",
                                       "score_TT1": "31", "score_TT2": "20",
                                       "score_TT3": "20"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="score_TT1" name="score_TT1" value="31"', html)
    assert 'id="err-TT1"' in html and "phải từ 0 đến 30" in html
    assert app.store.event_count() == before


def test_repeated_wrong_passwords_make_the_login_form_wait(site: dict[str, Any]) -> None:
    client = site["client"]
    for _ in range(5):
        assert browser_login(client, "vanthu-gd", "sai-mat-khau").status_code == 401
    locked = browser_login(client, "vanthu-gd", "mat-khau-dai")
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "60"
    assert "thử lại sau 60 giây" in locked.get_data(as_text=True)


def test_session_cookie_flags_and_security_headers(
    sqlite_settings: Settings, open_app: AppFactory
) -> None:
    from dataclasses import replace

    app = open_app(sqlite_settings)
    app.accounts.create_user(username="quantri", password="mat-khau-dai", role="admin",
                             actor=SYSTEM)
    for https in (False, True):
        client = create_app(replace(sqlite_settings, https=https),
                            thidua=app).test_client()
        response = browser_login(client, "quantri", "mat-khau-dai")
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is https
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert ("Strict-Transport-Security" in response.headers) is https


def test_units_page_shows_the_tree_and_admins_add_units(
    sqlite_settings: Settings, open_app: AppFactory
) -> None:
    app = open_app(sqlite_settings)
    seed(app)
    app.accounts.create_user(username="quantri", password="mat-khau-dai", role="admin",
                             actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()
    browser_login(client, "quantri", "mat-khau-dai")
    page = client.get("/units").get_data(as_text=True)
    # The school sits under the education union, which sits under LĐLĐ.
    assert page.index("Liên đoàn Lao động tỉnh Lai Châu") < page.index(
        "Công đoàn ngành Giáo dục") < page.index("Công đoàn Trường THPT chuyên Lê Quý Đôn")
    token = form_fields(page)["csrf_token"]
    bad = client.post("/units", data={"csrf_token": token, "code": "CDCS-MOI", "name": "Mới",
                                      "parent_code": "KHONG-CO"})
    assert bad.status_code == 400 and "KHONG-CO" in bad.get_data(as_text=True)
    assert 'value="CDCS-MOI"' in bad.get_data(as_text=True)  # input kept
    ok = client.post("/units", data={"csrf_token": token, "code": "CDCS-MOI",
                                     "name": "Công đoàn cơ sở mới", "parent_code": "LDLD"})
    assert ok.status_code == 302
    assert app.organisation.get_unit_by_code("CDCS-MOI").name == "Công đoàn cơ sở mới"


def test_campaign_page_shows_criteria_quotas_and_registrations(site: dict[str, Any]) -> None:
    client, app, ids = site["client"], site["app"], site["ids"]
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                           subject_id=ids["school"], pledge="Trường học văn minh", actor=SYSTEM)
    browser_login(client, "vanthu-gd", "mat-khau-dai")
    html = client.get(f"/campaigns/{ids['campaign']}").get_data(as_text=True)
    assert "Cải cách hành chính" in html and "Hoàn thành xuất sắc từ 90 điểm" in html
    assert "trong đó 4 dành cho ngành Giáo dục" in html
    assert "Công đoàn Trường THPT chuyên Lê Quý Đôn" in html and "Trường học văn minh" in html


def test_a_stored_form_makes_the_next_pages_wait_for_it_and_nothing_else_does(
    sqlite_settings: Settings, open_app: AppFactory
) -> None:
    """Read your own writes: a form whose command was stored remembers the log's position in
    the session (pages then wait for the views to reach it); logging in, a refused form and
    the stateless API remember nothing."""
    from services.web.consistency import SESSION_KEY

    app = open_app(sqlite_settings)
    seed(app)
    app.accounts.create_user(username="quantri", password="mat-khau-dai", role="admin",
                             actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()

    def remembered() -> int | None:
        with client.session_transaction() as session:
            return session.get(SESSION_KEY)

    assert browser_login(client, "quantri", "mat-khau-dai").status_code == 302
    assert remembered() is None
    token = form_fields(client.get("/units").get_data(as_text=True))["csrf_token"]
    bad = client.post("/units", data={"csrf_token": token, "code": "CDCS-MOI", "name": "Mới",
                                      "parent_code": "KHONG-CO"})
    assert bad.status_code == 400 and remembered() is None
    ok = client.post("/units", data={"csrf_token": token, "code": "CDCS-MOI",
                                     "name": "Công đoàn cơ sở mới", "parent_code": "LDLD"})
    assert ok.status_code == 302 and remembered() == app.store.last_position()
    api_token = client.post("/api/v1/auth/token", json={
        "username": "quantri", "password": "mat-khau-dai"}).json["token"]
    created = client.post("/api/v1/units", json={"code": "CDCS-API", "name": "Công đoàn API",
                                                 "parent_code": "LDLD"},
                          headers={"Authorization": f"Bearer {api_token}"})
    assert created.status_code == 201, created.json
    assert "Set-Cookie" not in created.headers
    assert remembered() < app.store.last_position()

    from services.web.consistency import read_position

    flask_app = client.application
    with flask_app.test_request_context("/units?wait_for=999999"):
        assert read_position() == app.store.last_position()  # never past the log's head
    with flask_app.test_request_context("/units"):
        assert read_position() is None
