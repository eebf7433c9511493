"""Signing in, as an attacker and as an operator would try it: throttling per account and
address, the same answer after the same work for every failure, no failure lost in a rush,
and sign-ins that end when their reason does."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher

from events.errors import AuthenticationError, ThrottledError
from services.actors import SYSTEM, Actor
from services.config import Settings
from services.usecases.signing_in import SignIns
from tests.support.api import API, Api, browser_login, csrf_token, sign_in
from tests.support.stores import CHEAP_HASHER, AppFactory

PASSWORD = "mat-khau-dai"


class CountingHasher(PasswordHasher):
    """The real hasher, counting the checks it makes."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.checks = 0

    def verify(self, hash: str, password: str) -> bool:  # noqa: A002 - argon2's own name
        self.checks += 1
        return super().verify(hash, password)


@pytest.fixture
def accounts(memory_app: Any) -> Any:
    memory_app.organisation.create_unit(code="LDLD", name="Liên đoàn", actor=SYSTEM)
    for name, role in (("thuky", "secretary"), ("admin", "admin"), ("tamnghi", "auditor")):
        memory_app.accounts.create_user(username=name, password=PASSWORD, role=role,
                                        actor=SYSTEM)
    memory_app.accounts.set_enabled(username="tamnghi", enabled=False, actor=SYSTEM)
    return memory_app


def test_unknown_disabled_and_wrong_password_get_the_same_answer_after_the_same_work(
        accounts: Any) -> None:
    hasher = CountingHasher()
    sign_ins = SignIns(accounts.store, accounts.commands, hasher)
    answers = []
    for name, password in (("khong-co-ai", PASSWORD), ("tamnghi", PASSWORD),
                           ("thuky", "sai-mat-khau")):
        before, checks = accounts.store.event_count(), hasher.checks
        with pytest.raises(AuthenticationError) as refused:
            sign_ins.authenticate(name, password, address="10.0.0.7")
        answers.append(refused.value.as_dict())
        assert hasher.checks == checks + 1  # one password check every time
        assert accounts.store.event_count() == before + 2  # the attempts opened, a failure
    assert answers[0] == answers[1] == answers[2]


def test_the_sixth_failure_makes_that_address_wait_longer_each_time(accounts: Any) -> None:
    now = [datetime(2026, 3, 2, 8, 0, tzinfo=UTC)]
    sign_ins = SignIns(accounts.store, accounts.commands, CHEAP_HASHER, clock=lambda: now[0])
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_ins.authenticate("admin", "sai", address="203.0.113.5")
    waits = []
    for _ in range(3):
        with pytest.raises(ThrottledError) as waiting:
            sign_ins.authenticate("admin", PASSWORD, address="203.0.113.5")
        waits.append(waiting.value.retry_after)
        now[0] += timedelta(seconds=waiting.value.retry_after)  # it waits, then fails again
        with pytest.raises(AuthenticationError):
            sign_ins.authenticate("admin", "sai", address="203.0.113.5")
    assert waits == [60, 120, 240]
    # The owner, from the office, comes in meanwhile; an unknown name waits the same way.
    assert sign_ins.authenticate("admin", PASSWORD, address="10.0.0.1").role == "admin"
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_ins.authenticate("khong-co-ai", "sai", address="203.0.113.5")
    with pytest.raises(ThrottledError):
        sign_ins.authenticate("khong-co-ai", "sai", address="203.0.113.5")
    # Fifteen minutes after the last failure, the address starts afresh.
    now[0] += timedelta(minutes=16)
    assert sign_ins.authenticate("admin", PASSWORD, address="203.0.113.5").role == "admin"


def test_sixty_wrong_passwords_at_once_are_all_counted(
        sqlite_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(sqlite_settings)
    app.accounts.create_user(username="admin", password=PASSWORD, role="admin", actor=SYSTEM)
    outcomes: list[str] = []
    barrier = threading.Barrier(60)

    def attempt() -> None:
        barrier.wait(timeout=60)
        try:
            app.sign_ins.authenticate("admin", "sai-mat-khau", address="198.51.100.9")
        except ThrottledError:
            outcomes.append("wait")
        except AuthenticationError:
            outcomes.append("wrong")

    threads = [threading.Thread(target=attempt) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == 60
    failed = sum(n.topic.endswith("LoginAttempts.Failed")
                 for n in app.store.recorder.select_notifications(1, 10_000))
    assert failed == outcomes.count("wrong") >= 5  # every failure answered was recorded


def test_a_login_adds_nothing_to_the_account_a_request_replays(accounts: Any) -> None:
    account = accounts.accounts.user("thuky")
    for _ in range(20):
        accounts.sign_ins.sign_in("thuky", PASSWORD, "10.0.0.2")
    assert accounts.accounts.user("thuky").version == account.version


def token_works(api: Api, token: str) -> bool:
    return api.client.get(f"{API}/units",
                          headers={"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize("change", ["password", "role", "disable_enable"])
def test_tokens_and_sessions_end_with_the_credentials_they_were_made_under(
        api: Api, change: str) -> None:
    app = api.app
    app.accounts.create_user(username="thuky", password=PASSWORD, role="secretary",
                             actor=SYSTEM)
    token = sign_in(api.client, "thuky", PASSWORD)
    browser = api.client.application.test_client()
    assert browser_login(browser, "thuky", PASSWORD).status_code == 302
    assert token_works(api, token) and browser.get("/").status_code == 200
    if change == "password":
        app.accounts.reset_password(username="thuky", password="mat-khau-moi-1", actor=SYSTEM)
    elif change == "role":
        app.accounts.grant_role(username="thuky", role="auditor", actor=SYSTEM)
    else:
        app.accounts.set_enabled(username="thuky", enabled=False, actor=SYSTEM)
        app.accounts.set_enabled(username="thuky", enabled=True, actor=SYSTEM)
    assert not token_works(api, token)  # re-enabling does not revive an old token
    assert browser.get("/").status_code == 302  # back to the login page
    password = "mat-khau-moi-1" if change == "password" else PASSWORD
    assert token_works(api, sign_in(api.client, "thuky", password))


def test_a_cookie_replayed_after_logout_is_refused(api: Api) -> None:
    app = api.app
    app.accounts.create_user(username="thuky", password=PASSWORD, role="secretary",
                             actor=SYSTEM)
    browser = api.client.application.test_client()
    assert browser_login(browser, "thuky", PASSWORD).status_code == 302
    cookie = browser.get_cookie("session")
    assert cookie is not None and browser.get("/").status_code == 200
    assert browser.post("/logout", data={"csrf_token": csrf_token(browser)}).status_code == 302
    thief = api.client.application.test_client()
    thief.set_cookie("session", cookie.value)  # the cookie as it was before signing out
    assert thief.get("/").status_code == 302


def test_the_api_answers_429_with_retry_after(api: Api) -> None:
    for _ in range(5):
        assert api.client.post(f"{API}/auth/token", json={
            "username": "admin", "password": "sai"}).status_code == 401
    waiting = api.client.post(f"{API}/auth/token", json={
        "username": "admin", "password": "mat-khau-admin"})
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "60"
    assert waiting.json["error"]["field"] == "password"


def test_the_audit_history_tells_sign_ins_in_words(accounts: Any) -> None:
    with pytest.raises(AuthenticationError):
        accounts.sign_ins.authenticate("thuky", "sai", address="10.0.0.3")
    signed = accounts.sign_ins.sign_in("thuky", PASSWORD, "10.0.0.3")
    accounts.sign_ins.sign_out(signed.sign_in_id, signed.actor)
    auditor = Actor(username="thanhtra", role="auditor")
    story = accounts.audit.history(auditor, signed.sign_in_id)
    assert [e["summary"] for e in story["events"]] == [
        "Đăng nhập qua giao diện web từ địa chỉ 10.0.0.3", "Đăng xuất"]
    attempts = next(e for e in accounts.audit.events(auditor, accounts.audit.query(
        event_type="LoginAttempts.Failed"))["events"])
    assert attempts["summary"] == "Đăng nhập không thành công (sai mật khẩu)"
