"""The API and pages as a client sees them, and the projection worker beside them."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from services.projections.registry import all_projections
from services.projections.runner import Worker
from services.thidua import Thidua

API = "/api/v1"


class Api:
    """A signed-in client and the use cases behind it."""

    def __init__(self, client: FlaskClient, app: Thidua, token: str) -> None:
        self.client = client
        self.app = app
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: Any = None, *, key: str | None = None,
             **kwargs: Any) -> Any:
        headers = {**self.headers, **({"Idempotency-Key": key} if key is not None else {})}
        return self.client.post(f"{API}{path}", json=body, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(f"{API}{path}", headers=self.headers, **kwargs)


def as_user(api: Api, username: str, password: str) -> Api:
    """The same client and store, signed in as another account."""
    return Api(api.client, api.app, sign_in(api.client, username, password))


def assert_refused(api: Api, response: Any, status: int, field: str | None, text: str,
                   before: int) -> None:
    """A 4xx naming ``field`` with ``text`` in its message, and nothing stored."""
    assert response.status_code == status, response.json
    error = response.json["error"]
    assert error["field"] == field, error
    assert text in error["message"], error["message"]
    assert api.app.store.event_count() == before, "nothing may be stored"


def sign_in(client: FlaskClient, username: str, password: str) -> str:
    response = client.post(f"{API}/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return response.json["token"]


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def browser_login(client: FlaskClient, username: str, password: str) -> Any:
    """Log in through the form, as a browser does (CSRF token included)."""
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_token(client, "/login")})


def signed_in(flask: Flask, username: str, password: str) -> FlaskClient:
    """A new client of the pages, logged in through the form."""
    client = flask.test_client()
    assert browser_login(client, username, password).status_code == 302
    return client


def post_form(client: FlaskClient, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """A page's form sent as the browser does: the page's CSRF token, a fresh
    idempotency key, then ``data``."""
    form = {"csrf_token": csrf_token(client, path), "idempotency_key": uuid.uuid4().hex,
            **data}
    return client.post(path, data=form, **kwargs)


@contextmanager
def worker_running(app: Thidua, poll_interval: float = 0.05) -> Iterator[Worker]:
    """The projection worker in a thread, as `thidua serve` runs it beside the web app."""
    worker = Worker(app.store, all_projections(), poll_interval=poll_interval)
    thread = threading.Thread(target=worker.run, name="projection-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.stop()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the projection worker did not stop"
