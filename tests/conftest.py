"""Shared fixtures: real stores (in-memory, a temporary SQLite file, a PostgreSQL schema)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from services.config import Settings
from services.store import init_store, open_thidua
from services.thidua import Thidua
from tests.support.stores import (
    BALLOT_KEY,
    CHEAP_HASHER,
    POSTGRES_URL,
    REQUIRE_POSTGRES,
    TODAY,
    AppFactory,
    make_settings,
    memory_thidua,
    postgres_unavailable_reason,
)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    reason = postgres_unavailable_reason()
    if reason:
        if REQUIRE_POSTGRES:
            pytest.fail(f"THIDUA_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return POSTGRES_URL


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


@pytest.fixture
def open_app() -> Iterator[AppFactory]:
    """Open the use cases on a store; they are closed after the test."""
    opened: list[Thidua] = []

    def factory(settings: Settings, clock: Callable[[], date] = lambda: TODAY,
                ballot_key: str = BALLOT_KEY) -> Thidua:
        thidua = open_thidua(settings, clock=clock, password_hasher=CHEAP_HASHER,
                             ballot_key=ballot_key)
        opened.append(thidua)
        return thidua

    yield factory
    for thidua in opened:
        thidua.close()


@pytest.fixture
def memory_app() -> Thidua:
    return memory_thidua()
