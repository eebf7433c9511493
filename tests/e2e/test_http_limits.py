"""What the server refuses before the API reads a request answers in the API's JSON error
shape too: gunicorn's own refusal of a URL over its request-line limit (414, from our
worker class), Flask's of a body over 16 MB (413)."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from services.demo import DEMO_USERS
from tests.support.server import call

pytestmark = pytest.mark.e2e


def _send(base: str, method: str, path: str, body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
    """One request on its own connection; the answer's status, headers and JSON body."""
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in {**(headers or {}),
                            **({"Content-Length": str(len(body))} if body else {})}.items():
            connection.putheader(name, value)
        connection.endheaders()
        if body:
            try:
                connection.send(body)
            except (TimeoutError, BrokenPipeError, ConnectionResetError):
                pass  # answered (and closed) before the whole body was sent
        response = connection.getresponse()
        raw = response.read()
        return response.status, dict(response.getheaders()), json.loads(raw)
    finally:
        connection.close()


def _token(server: str) -> str:
    admin = next(u for u in DEMO_USERS if u["role"] == "admin")
    status, body = call(f"{server}/api/v1/auth/token",
                        {"username": admin["username"], "password": admin["password"]})
    assert status == 200, body
    return body["token"]


def test_a_url_over_gunicorns_limit_is_a_json_414(server: str) -> None:
    path = "/api/v1/people?unit_code=" + "A" * 9000
    status, headers, body = _send(server, "GET", path)
    assert status == 414
    assert headers["Content-Type"].startswith("application/json")
    assert body["error"]["code"] == "uri_too_long"
    assert "quá dài" in body["error"]["message"]
    # The worker that answered it still serves.
    status, _ = call(f"{server}/healthz")
    assert status == 200


def test_headers_over_gunicorns_limit_are_a_json_431(server: str) -> None:
    headers = {f"X-Filler-{i}": "x" * 100 for i in range(120)}  # over 100 header fields
    status, answer_headers, body = _send(server, "GET", "/api/v1/units", headers=headers)
    assert status == 431
    assert answer_headers["Content-Type"].startswith("application/json")
    assert body["error"]["code"] == "headers_too_large"


def test_a_body_over_16_mb_is_a_json_413(server: str) -> None:
    body = b'{"code": "X", "name": "' + b"a" * (20 * 1024 * 1024) + b'"}'
    status, headers, answer = _send(server, "POST", "/api/v1/units", body, {
        "Authorization": f"Bearer {_token(server)}", "Content-Type": "application/json"})
    assert status == 413
    assert headers["Content-Type"].startswith("application/json")
    assert answer["error"]["code"] == "too_large"
    assert "16 MB" in answer["error"]["message"]
