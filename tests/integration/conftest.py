"""Fixtures for API tests: a signed-in client on a temporary SQLite store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import Api, sign_in
from tests.support.stores import AppFactory


@pytest.fixture
def api(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[Api]:
    app = open_app(sqlite_settings)
    app.accounts.create_user(username="admin", password="mat-khau-admin", role="admin",
                             actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()
    yield Api(client, app, sign_in(client, "admin", "mat-khau-admin"))
