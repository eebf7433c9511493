"""Accounts are event-sourced: created, role granted, password changed, disabled, enabled."""

from __future__ import annotations

import re

import pytest

from events.errors import AuthenticationError, InvalidInputError
from services.actors import SYSTEM
from tests.support.api import Api, browser_login


def token_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_admin_manages_accounts_and_every_change_is_an_event(api: Api) -> None:
    app, client = api.app, api.client
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    browser_login(client, "admin", "mat-khau-admin")
    token = token_of(client.get("/users").get_data(as_text=True))
    created = client.post("/users", data={"csrf_token": token, "username": "thuky",
                                          "full_name": "Lò Thị Hiên",
                                          "role": "secretary", "password": "mat-khau-thu-ky"})
    assert created.status_code == 302
    refused = client.post("/users", data={"csrf_token": token, "username": "ngan",
                                          "role": "admin", "password": "123"})
    assert refused.status_code == 400 and "ít nhất 8 ký tự" in refused.get_data(as_text=True)

    for data in ({"action": "grant", "role": "unit_clerk", "unit_code": "LDLD"},
                 {"action": "password", "password": "mat-khau-moi-1"},
                 {"action": "disable"}):
        response = client.post("/users/thuky", data={"csrf_token": token, **data})
        assert response.status_code == 302, response.get_data(as_text=True)
    with pytest.raises(AuthenticationError):
        app.sign_ins.authenticate("thuky", "mat-khau-moi-1")  # disabled
    client.post("/users/thuky", data={"csrf_token": token, "action": "enable"})
    actor = app.sign_ins.authenticate("thuky", "mat-khau-moi-1")
    assert actor.role == "unit_clerk"
    assert actor.unit_id == app.organisation.get_unit_by_code("LDLD").id
    topics = [n.topic.rsplit(".", 1)[1] for n in app.store.recorder.select_notifications(1, 1000)
              if ":User." in n.topic and n.originator_id == app.accounts.user("thuky").id]
    assert topics == ["Created", "RoleGranted", "PasswordChanged", "Disabled", "Enabled"]
    # Sign-ins are recorded apart from the account (a request never replays them).
    attempts = [n.topic.rsplit(".", 1)[1] for n in
                app.store.recorder.select_notifications(1, 1000) if ":LoginAttempts." in n.topic]
    assert attempts[-2:] == ["Failed", "Succeeded"]  # disabled, then enabled again
    page = client.get("/users").get_data(as_text=True)
    assert "thuky" in page and "Cán bộ thi đua đơn vị" in page
    assert "<td>Lò Thị Hiên</td>" in page


def test_a_disabled_user_is_signed_out_and_cannot_lock_out_the_admin(api: Api) -> None:
    app = api.app
    app.accounts.create_user(username="thanhtra", password="mat-khau-tt-1", role="auditor",
                             actor=SYSTEM)
    other = api.client.application.test_client()
    browser_login(other, "thanhtra", "mat-khau-tt-1")
    assert other.get("/").status_code == 200
    app.accounts.set_enabled(username="thanhtra", enabled=False, actor=app.sign_ins.authenticate(
        "admin", "mat-khau-admin"))
    assert other.get("/").status_code == 302  # the session ends with the account
    admin = app.sign_ins.authenticate("admin", "mat-khau-admin")
    with pytest.raises(InvalidInputError):
        app.accounts.set_enabled(username="admin", enabled=False, actor=admin)
    with pytest.raises(InvalidInputError):
        app.accounts.grant_role(username="admin", role="auditor", actor=admin)


def test_a_user_changes_their_own_password(api: Api) -> None:
    client = api.client
    browser_login(client, "admin", "mat-khau-admin")
    token = token_of(client.get("/account/password").get_data(as_text=True))
    wrong = client.post("/account/password", data={"csrf_token": token, "current": "sai",
                                                   "password": "mat-khau-moi-2"})
    assert wrong.status_code == 400 and "không đúng" in wrong.get_data(as_text=True)
    ok = client.post("/account/password", data={"csrf_token": token,
                                                "current": "mat-khau-admin",
                                                "password": "mat-khau-moi-2"})
    assert ok.status_code == 302
    assert api.app.sign_ins.authenticate("admin", "mat-khau-moi-2").role == "admin"
