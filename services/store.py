"""Opening the event store: one place that builds the application and its use cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from argon2 import PasswordHasher

from events.values import today_in_vietnam
from services.app import ThiduaApplication
from services.config import Settings
from services.files import FileStore
from services.projections.leader import create_leader_table, leaders
from services.projections.log import NotificationLog
from services.projections.log import timestamp as event_time
from services.projections.registry import all_projections
from services.projections.runner import open_view, view_datastore
from services.thidua import Thidua


def open_application(settings: Settings, *, create_table: bool = False,
                     clock: Callable[[], date] = today_in_vietnam) -> ThiduaApplication:
    """Build the application on the configured store (no tables are created by default)."""
    if settings.backend == "sqlite":
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return ThiduaApplication(settings.eventsourcing_env(create_table=create_table), clock=clock)


def open_thidua(settings: Settings, *, clock: Callable[[], date] = today_in_vietnam,
                password_hasher: PasswordHasher | None = None,
                ballot_key: str | bytes | None = None) -> Thidua:
    """Every use case over the configured store (``ballot_key`` seals secret votes)."""
    return Thidua(open_application(settings, clock=clock), ballot_key=ballot_key,
                  password_hasher=password_hasher)


def init_store(settings: Settings) -> bool:
    """Create the schema and tables once. Return True when the store was empty before."""
    if settings.backend == "postgres":
        create_postgres_schema(settings)
    app = open_application(settings, create_table=True)
    try:
        for projection in all_projections():
            open_view(app, projection, create=True)
        FileStore(app).create_table()
        create_leader_table(view_datastore(app))
        return app.last_position() == 0
    finally:
        app.close()


def create_postgres_schema(settings: Settings) -> None:
    # Deferred import: psycopg is only needed when the store is PostgreSQL.
    import psycopg.sql

    env = settings.eventsourcing_env()
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]), user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None, autocommit=True,
    ) as conn:
        conn.execute(psycopg.sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
            psycopg.sql.Identifier(env["POSTGRES_SCHEMA"])))


def store_status(app: ThiduaApplication, *,
                 max_lag_seconds: float | None = None) -> dict[str, Any]:
    """Return what ``/readyz`` and ``/metrics`` report; raises if the store cannot be read.

    A view stopped on an event it could not process makes the status "degraded", naming
    the view; one whose oldest unprocessed event has waited more than ``max_lag_seconds``
    makes it "lagging" (``lagging`` names them).
    """
    last = app.last_position()
    now = datetime.now(UTC)
    positions, lag, lag_seconds, stopped = {}, {}, {}, {}
    for projection in all_projections():
        view = open_view(app, projection)
        position = view.max_tracking_id(app.name) or 0
        positions[projection.view] = position
        lag[projection.view] = max(0, last - position)
        lag_seconds[projection.view] = waited(app, position, now) if position < last else 0.0
        failure = view.failure()
        if failure is not None:
            stopped[projection.view] = failure
    lagging = {view: seconds for view, seconds in lag_seconds.items()
               if max_lag_seconds is not None and seconds is not None
               and seconds > max_lag_seconds}
    state = "degraded" if stopped else "lagging" if lagging else "ready"
    status = {"status": state, "last_position": last, "positions": positions,
              "projection_lag": lag, "lag_seconds": lag_seconds, "stopped": stopped}
    if lagging:
        status["lagging"] = lagging
    led = leaders(view_datastore(app))
    if led:  # PostgreSQL: which worker leads each view (several may run)
        status["leaders"] = led
    return status


def waited(app: ThiduaApplication, position: int, now: datetime) -> float | None:
    """Seconds since the first event after ``position`` was recorded (None when it cannot
    be read: the event a stopped view is stuck on may be unreadable)."""
    log = NotificationLog(app)
    rows = log.page(position, 1)
    if not rows:
        return 0.0
    try:
        recorded = event_time(log.decode(rows[0][3]))
    except Exception:  # an unreadable event: the view's failure report says why
        return None
    return round(max(0.0, (now - recorded).total_seconds()), 3)
