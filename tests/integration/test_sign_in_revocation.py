"""A sign-in ends everywhere at once (issue 12, load item): every process keeps the actors
of the sign-ins it has checked (services/usecases/signing_in.py, ``KnownSignIns``), and
each request asks the store whether the sign-in or its account has changed since. Two app
instances on one store stand for two gunicorn workers: one ends a sign-in, the very next
request through the other, which knew that sign-in, is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from events import ids
from events.login import SignIn
from services.actors import SYSTEM
from services.config import Settings
from services.thidua import Thidua
from services.web import create_app
from tests.support.api import API, browser_login, csrf_token, sign_in
from tests.support.stores import AppFactory

PASSWORD = "mat-khau-thu-ky"


def works(client: FlaskClient, token: str) -> bool:
    return client.get(f"{API}/units",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


def two_workers(settings: Settings, open_app: AppFactory) -> tuple[Thidua, FlaskClient,
                                                                    FlaskClient]:
    """Two app instances on one store, each with its own use cases (and its own memory of
    sign-ins), as two gunicorn workers are."""
    first, second = open_app(settings), open_app(settings)
    first.accounts.create_user(username="thuky", password=PASSWORD, role="secretary",
                               actor=SYSTEM)
    return (first, create_app(settings, thidua=first).test_client(),
            create_app(settings, thidua=second).test_client())


CHANGES: dict[str, Callable[[Thidua], None]] = {
    "password": lambda app: app.accounts.reset_password(
        username="thuky", password="mat-khau-moi-1", actor=SYSTEM),
    "role": lambda app: app.accounts.grant_role(username="thuky", role="auditor",
                                                actor=SYSTEM),
    "disable": lambda app: app.accounts.set_enabled(username="thuky", enabled=False,
                                                    actor=SYSTEM),
}


@pytest.mark.parametrize("change", [*CHANGES, "sign_out"])
def test_a_token_ends_in_the_other_worker_on_its_very_next_request(
        store_settings: Settings, open_app: AppFactory, change: str) -> None:
    first, one, other = two_workers(store_settings, open_app)
    token = sign_in(one, "thuky", PASSWORD)
    for _ in range(2):  # both workers have checked the sign-in, twice
        assert works(one, token) and works(other, token)
    if change == "sign_out":
        started = next(s for s in first.store.all_of(SignIn, "Started")
                       if s.username == "thuky")
        first.sign_ins.sign_out(started.id, SYSTEM)
    else:
        CHANGES[change](first)
    assert not works(other, token)
    assert not works(one, token)
    refused = other.get(f"{API}/units", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401
    assert refused.json["error"]["field"] == "Authorization"
    assert refused.json["error"]["message"] == (
        "Phiên đăng nhập không còn hiệu lực; hãy đăng nhập lại.")


def test_a_role_change_reaches_the_other_worker_on_the_next_request(
        store_settings: Settings, open_app: AppFactory) -> None:
    """A new role counts at once: a new token made after it acts with the new role in the
    worker that knew the account under the old one."""
    first, one, other = two_workers(store_settings, open_app)
    old = sign_in(one, "thuky", PASSWORD)
    assert works(other, old)
    first.accounts.grant_role(username="thuky", role="auditor", actor=SYSTEM)
    new = sign_in(one, "thuky", PASSWORD)
    assert not works(other, old)
    audit = other.get(f"{API}/audit/events?limit=1", headers={"Authorization": f"Bearer {new}"})
    assert audit.status_code == 200  # an auditor reads the trail; a secretary may not


def test_a_session_cookie_ends_in_the_other_worker_after_logout(
        store_settings: Settings, open_app: AppFactory) -> None:
    _, one, other = two_workers(store_settings, open_app)
    assert browser_login(one, "thuky", PASSWORD).status_code == 302
    cookie = one.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    assert other.get("/").status_code == 200 and one.get("/").status_code == 200
    assert one.post("/logout", data={"csrf_token": csrf_token(one)}).status_code == 302
    assert other.get("/").status_code == 302  # back to the login page


def test_the_store_tells_whether_an_aggregate_changed_since_a_version(
        store_settings: Settings, open_app: AppFactory) -> None:
    first, second = open_app(store_settings), open_app(store_settings)
    first.accounts.create_user(username="thuky", password=PASSWORD, role="secretary",
                               actor=SYSTEM)
    user = ids.user_id("thuky")
    version = first.accounts.user("thuky").version
    signed = first.sign_ins.sign_in("thuky", PASSWORD)
    versions = {user: version, signed.sign_in_id: 1}
    assert not second.store.changed_since(versions)
    assert not second.store.changed_since({})
    first.sign_ins.sign_out(signed.sign_in_id, signed.actor)
    assert second.store.changed_since(versions)
    assert second.store.changed_since({signed.sign_in_id: 1})
    assert not second.store.changed_since({user: version, signed.sign_in_id: 2})
