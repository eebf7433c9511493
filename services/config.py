"""Configuration in one place: our settings, and their mapping to eventsourcing's keys."""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from eventsourcing.cipher import AESCipher

DEFAULT_DATA_DIR = "var"
SQLITE_FILE = "thidua.sqlite3"
ENVIRONMENTS = ("development", "production")
MIN_KEY_LENGTH = 32  # characters of a secret or ballot key set by the operator
DEFAULT_MAX_LAG_SECONDS = 60.0  # /readyz fails when a view's oldest unprocessed event waited longer


class ConfigurationError(Exception):
    """The environment describes a store we cannot use."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read from the environment (``THIDUA_*``)."""

    data_dir: Path
    database_url: str | None = None
    database_schema: str | None = None
    secret_key: str | None = None
    https: bool = False  # behind HTTPS: session cookies get the Secure flag, HSTS is sent
    # Base64 AES key: stored events are encrypted (docs/audit.md). Losing it loses the data.
    cipher_key: str | None = None
    # Seals secret ballots; never kept in the data folder (docs/security.md).
    ballot_key: str | None = None
    environment: str = "development"  # "production": every key must come from outside
    max_lag_seconds: float = DEFAULT_MAX_LAG_SECONDS

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def check_environment(self) -> None:
        """Refuse to start a production service whose keys are missing or weak: the secret
        key (tokens, cookies) and the ballot key (secret votes) must both be set, apart,
        from outside the data folder (docs/security.md)."""
        if self.environment not in ENVIRONMENTS:
            raise ConfigurationError(
                f"THIDUA_ENV={self.environment!r}: use one of {', '.join(ENVIRONMENTS)}.")
        if not self.production:
            return
        for name, value in (("THIDUA_SECRET_KEY", self.secret_key),
                            ("THIDUA_BALLOT_KEY", self.ballot_key)):
            if not value:
                raise ConfigurationError(
                    f"THIDUA_ENV=production needs {name}: set it from the server's secret "
                    "store (never in the data folder); see docs/security.md.")
            if len(value) < MIN_KEY_LENGTH:
                raise ConfigurationError(
                    f"{name} is too short: use at least {MIN_KEY_LENGTH} random characters "
                    "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))').")
        if self.secret_key == self.ballot_key:
            raise ConfigurationError(
                "THIDUA_BALLOT_KEY must differ from THIDUA_SECRET_KEY: whoever holds the one "
                "must not be able to read secret votes with it.")

    def resolve_ballot_key(self) -> str:
        """The key that seals secret ballots. Development without THIDUA_BALLOT_KEY seals
        them with the secret key (in the data folder): fine for a demo, refused in
        production (``check_environment``)."""
        self.check_environment()
        return self.ballot_key or self.resolve_secret_key()

    @property
    def backend(self) -> str:
        if not self.database_url:
            return "sqlite"
        scheme = urlparse(self.database_url).scheme
        if scheme in ("postgresql", "postgres"):
            return "postgres"
        if scheme == "sqlite":
            return "sqlite"
        if scheme == "memory":
            return "memory"
        raise ConfigurationError(
            f"THIDUA_DATABASE_URL: unsupported scheme {scheme!r} "
            "(use postgresql://user@host:port/db, sqlite:///path or memory:)"
        )

    @property
    def sqlite_path(self) -> Path:
        if self.database_url and self.backend == "sqlite":
            return Path(unquote(urlparse(self.database_url).path))
        return self.data_dir / SQLITE_FILE

    def postgres_schema(self) -> str:
        query = parse_qs(urlparse(self.database_url or "").query)
        return self.database_schema or query.get("schema", ["public"])[0]

    def eventsourcing_env(self, *, create_table: bool = False) -> dict[str, str]:
        """Return the eventsourcing environment keys for this store."""
        env = {"CREATE_TABLE": "y" if create_table else "n"}
        if self.cipher_key:
            check_cipher_key(self.cipher_key)
            env.update(CIPHER_TOPIC="eventsourcing.cipher:AESCipher", CIPHER_KEY=self.cipher_key)
        if self.backend == "memory":
            env["PERSISTENCE_MODULE"] = "eventsourcing.popo"
            return env
        if self.backend == "sqlite":
            env.update(
                # The library's SQLite, its writers taking turns (services/sqlite_writers.py).
                PERSISTENCE_MODULE="services.sqlite_writers:Factory",
                APPLICATION_RECORDER_TOPIC=(
                    "services.projections.subscription:SubscribableSQLiteApplicationRecorder"
                ),
                SQLITE_DBNAME=str(self.sqlite_path),
                SQLITE_LOCK_TIMEOUT="30",
            )
            return env
        url = urlparse(self.database_url or "")
        if not url.path.strip("/"):
            raise ConfigurationError("THIDUA_DATABASE_URL: the database name is missing")
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=unquote(url.path.strip("/")),
            POSTGRES_HOST=url.hostname or "127.0.0.1",
            POSTGRES_PORT=str(url.port or 5432),
            POSTGRES_USER=unquote(url.username or "postgres"),
            POSTGRES_PASSWORD=unquote(url.password or ""),
            POSTGRES_SCHEMA=self.postgres_schema(),
            POSTGRES_POOL_SIZE="5",
            POSTGRES_MAX_OVERFLOW="10",
            POSTGRES_CONNECT_TIMEOUT="10",
            POSTGRES_LOCK_TIMEOUT="10",
        )
        return env

    def resolve_secret_key(self) -> str:
        """Return the shared secret; without one (development only), create it once under
        the data dir."""
        if self.secret_key:
            return self.secret_key
        self.check_environment()
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        # O_EXCL: when several workers start at once, the first one's key wins for all.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``environ`` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    return Settings(
        data_dir=Path(environ.get("THIDUA_DATA_DIR") or DEFAULT_DATA_DIR).resolve(),
        database_url=environ.get("THIDUA_DATABASE_URL") or None,
        database_schema=environ.get("THIDUA_DATABASE_SCHEMA") or None,
        secret_key=environ.get("THIDUA_SECRET_KEY") or None,
        https=environ.get("THIDUA_HTTPS", "").lower() in ("1", "true", "yes"),
        cipher_key=environ.get("THIDUA_CIPHER_KEY") or None,
        ballot_key=environ.get("THIDUA_BALLOT_KEY") or None,
        environment=(environ.get("THIDUA_ENV") or "development").strip().lower(),
        max_lag_seconds=positive_seconds(environ, "THIDUA_MAX_LAG_SECONDS",
                                         DEFAULT_MAX_LAG_SECONDS),
    )


def positive_seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    """A number of seconds above zero from the environment (``default`` when unset)."""
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise ConfigurationError(f"{name} phải là một số giây lớn hơn 0 (đang là «{raw}»).")
    return value


def check_cipher_key(key: str) -> None:
    """A base64 AES key of 16, 24 or 32 bytes (``thidua audit keygen`` makes one)."""
    try:
        size = len(base64.b64decode(key.encode("ascii"), validate=True))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        size = -1
    if size not in (16, 24, 32):
        raise ConfigurationError(
            "THIDUA_CIPHER_KEY phải là khoá AES 16, 24 hoặc 32 byte mã hoá base64 "
            "(tạo bằng «thidua audit keygen»)."
        )


def new_cipher_key() -> str:
    """A new AES-256 key (base64) for THIDUA_CIPHER_KEY."""
    return AESCipher.create_key(32)
