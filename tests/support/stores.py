"""Real stores for tests: in memory, a temporary SQLite file, a PostgreSQL schema per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from psycopg import sql

from services.app import ThiduaApplication
from services.config import Settings
from services.thidua import Thidua

POSTGRES_URL = os.environ.get(
    "THIDUA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("THIDUA_REQUIRE_POSTGRES") == "1"

# Tests need speed, not resistance to brute force.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
# The key that seals secret ballots in tests.
BALLOT_KEY = "khoa-bi-mat-dung-cho-kiem-thu"

# A fixed "today" inside the demo campaign's registration window.
TODAY = date(2020, 1, 15)

AppFactory = Callable[..., Thidua]


def postgres_unavailable_reason() -> str | None:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure to reach the server
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}"
    return None


def drop_schema(schema: str) -> None:
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


def memory_thidua(clock: Callable[[], date] = lambda: TODAY) -> Thidua:
    """Every use case over the in-memory store (eventsourcing's popo)."""
    return Thidua(ThiduaApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock),
                  ballot_key=BALLOT_KEY, password_hasher=CHEAP_HASHER)
