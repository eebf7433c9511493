"""Fresh stores for the benchmarks: an SQLite file or a PostgreSQL schema of their own."""

from __future__ import annotations

import uuid
from pathlib import Path

from services.config import Settings
from services.store import init_store


def fresh_store(kind: str, tmp: Path, postgres_url: str, name: str) -> Settings:
    """A new, initialised store: an SQLite file or a PostgreSQL schema of its own."""
    if kind == "sqlite":
        settings = Settings(data_dir=tmp / name, secret_key="bench")
    else:
        settings = Settings(data_dir=tmp, database_url=postgres_url,
                            database_schema=f"bench_{name}_{uuid.uuid4().hex[:8]}",
                            secret_key="bench")
    init_store(settings)
    return settings


def drop_store(settings: Settings) -> None:
    """Remove a PostgreSQL schema made by ``fresh_store`` (SQLite files go with tmp)."""
    if settings.backend != "postgres":
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(settings.database_url or "", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
            sql.Identifier(settings.postgres_schema())))
