"""Fixtures for API tests: a signed-in client on a temporary SQLite store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask.testing import FlaskClient

from services.actors import SYSTEM
from services.application import ThiduaApplication
from services.config import Settings
from services.projections.runner import Worker
from services.web import create_app
from tests.conftest import AppFactory

API = "/api/v1"


class Api:
    """A signed-in client and the application behind it."""

    def __init__(self, client: FlaskClient, app: ThiduaApplication, token: str) -> None:
        self.client = client
        self.app = app
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.client.post(f"{API}{path}", json=body, headers=self.headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(f"{API}{path}", headers=self.headers, **kwargs)


def assert_refused(api: Api, response: Any, status: int, field: str | None, text: str,
                   before: int) -> None:
    """A 4xx naming ``field`` with ``text`` in its message, and nothing stored."""
    assert response.status_code == status, response.json
    error = response.json["error"]
    assert error["field"] == field, error
    assert text in error["message"], error["message"]
    assert api.app.event_count() == before, "nothing may be stored"


def sign_in(client: FlaskClient, username: str, password: str) -> str:
    response = client.post(f"{API}/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return response.json["token"]


@pytest.fixture
def api(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[Api]:
    app = open_app(sqlite_settings)
    app.create_user(username="admin", password="mat-khau-admin", role="admin", actor=SYSTEM)
    flask_app = create_app(sqlite_settings, application=app)
    client = flask_app.test_client()
    yield Api(client, app, sign_in(client, "admin", "mat-khau-admin"))




def browser_login(client: FlaskClient, username: str, password: str) -> Any:
    """Log in through the form, as a browser does (CSRF token included)."""
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    import re

    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@contextmanager
def worker_running(app: ThiduaApplication, poll_interval: float = 0.05) -> Iterator[Worker]:
    """The projection worker in a thread, as `thidua serve` runs it beside the web app."""
    worker = Worker(app, poll_interval=poll_interval)
    thread = threading.Thread(target=worker.run, name="projection-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.stop()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the projection worker did not stop"
