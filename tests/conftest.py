"""Shared fixtures: real stores (in-memory, a temporary SQLite file, a PostgreSQL schema)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from services.application import ThiduaApplication
from services.config import Settings
from services.store import init_store, open_application

POSTGRES_URL = os.environ.get(
    "THIDUA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("THIDUA_REQUIRE_POSTGRES") == "1"

# Tests need speed, not resistance to brute force.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

# A fixed "today" inside the demo campaign's registration window.
TODAY = date(2020, 1, 15)


def postgres_unavailable_reason() -> str | None:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure to reach the server
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}"
    return None


@pytest.fixture(scope="session")
def postgres_url() -> str:
    reason = postgres_unavailable_reason()
    if reason:
        if REQUIRE_POSTGRES:
            pytest.fail(f"THIDUA_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return POSTGRES_URL


def drop_schema(schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def make_settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if backend == "memory":
        return Settings(data_dir=tmp_path, database_url="memory:", secret_key="test-secret")
    if backend == "sqlite":
        return Settings(data_dir=tmp_path, secret_key="test-secret")
    url = request.getfixturevalue("postgres_url")
    schema = f"thidua_test_{uuid.uuid4().hex[:12]}"
    request.addfinalizer(lambda: drop_schema(schema))
    return Settings(
        data_dir=tmp_path, database_url=url, database_schema=schema, secret_key="test-secret"
    )


BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """An initialised, empty store on each persistent backend."""
    settings = make_settings(request.param, tmp_path, request)
    init_store(settings)
    return settings


@pytest.fixture
def sqlite_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    settings = make_settings("sqlite", tmp_path, request)
    init_store(settings)
    return settings


AppFactory = Callable[..., ThiduaApplication]


@pytest.fixture
def open_app() -> Iterator[AppFactory]:
    """Open applications on a store; they are closed after the test."""
    opened: list[ThiduaApplication] = []

    def factory(settings: Settings, clock: Callable[[], date] = lambda: TODAY):
        app = open_application(settings, clock=clock, password_hasher=CHEAP_HASHER)
        opened.append(app)
        return app

    yield factory
    for app in opened:
        app.close()


@pytest.fixture
def memory_app() -> ThiduaApplication:
    return ThiduaApplication(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"},
        clock=lambda: TODAY,
        password_hasher=CHEAP_HASHER,
    )
