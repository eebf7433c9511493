"""The container's commands, run as the Dockerfile and compose.yaml declare them.

No container daemon here: the test reads both files, then runs each declared entrypoint
and command line as it stands, with the declared environment, against a PostgreSQL schema
of the test server. Only what differs between a container and this machine is replaced:
where the database is (the `postgres` service → the test's server and schema), the data
and templates folders, and the port (THIDUA_PORT). Change a command in either file and
this test runs the new one; a file that declares a command the code does not understand
fails here.
"""

from __future__ import annotations

import os
import secrets
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from services.projections.registry import all_projections
from tests.support.container import ROOT, Image, read_compose, read_image, service_command
from tests.support.processes import start, stop, wait_until
from tests.support.server import call, free_port
from tests.support.stores import drop_schema

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

VARIABLES = {"THIDUA_SECRET_KEY": secrets.token_urlsafe(48),
             "THIDUA_BALLOT_KEY": secrets.token_urlsafe(48),
             "POSTGRES_PASSWORD": "not-used-here"}


@pytest.fixture
def schema(postgres_url: str) -> Any:
    name = f"thidua_container_{uuid.uuid4().hex[:10]}"
    yield name
    drop_schema(name)


def environment(image: Image, service: dict[str, Any], *, postgres_url: str, schema: str,
                folder: Path, port: int) -> dict[str, str]:
    """The image's ENV, then the service's environment; then this machine's places."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update(image.env)
    env.update({k: str(v) for k, v in service.get("environment", {}).items()})
    folder.mkdir(parents=True, exist_ok=True)
    env.update(THIDUA_DATABASE_URL=postgres_url, THIDUA_DATABASE_SCHEMA=schema,
               THIDUA_DATA_DIR=str(folder), THIDUA_TEMPLATES_DIR=str(ROOT / "templates_docx"),
               THIDUA_PORT=str(port))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def ready(port: int) -> dict[str, Any] | None:
    try:
        status, body = call(f"http://127.0.0.1:{port}/readyz")
    except OSError:
        return None
    return body if status == 200 else None


def test_the_files_declare_one_image_for_every_role() -> None:
    image = read_image()
    assert image.entrypoint == ["thidua"] and image.cmd[0] == "serve"
    assert image.user == "thidua" and image.volumes == ["/data"]
    assert image.env["THIDUA_DATA_DIR"] == "/data"
    compose = read_compose(VARIABLES)
    services = compose["services"]
    assert set(services) == {"postgres", "init", "app", "worker"}
    assert service_command(image, services["init"]) == ["thidua", "db", "init"]
    assert services["init"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("app", "worker"):
        assert services[name]["depends_on"]["init"]["condition"] == \
            "service_completed_successfully"
    for name in ("init", "app", "worker"):
        service = services[name]
        assert any(v.endswith(":/data") for v in service["volumes"])
        env = service["environment"]
        assert env["THIDUA_ENV"] == "production"
        assert env["THIDUA_SECRET_KEY"] == VARIABLES["THIDUA_SECRET_KEY"]
        assert env["THIDUA_BALLOT_KEY"] == VARIABLES["THIDUA_BALLOT_KEY"]
        url = urlparse(env["THIDUA_DATABASE_URL"])
        database = services["postgres"]["environment"]
        assert (url.hostname, url.path.strip("/"), url.username) == (
            "postgres", database["POSTGRES_DB"], database["POSTGRES_USER"])
    assert services["worker"]["deploy"]["replicas"] >= 2
    # Without the keys from the environment compose refuses to start anything.
    for missing in ("THIDUA_SECRET_KEY", "THIDUA_BALLOT_KEY"):
        with pytest.raises(KeyError, match=missing):
            read_compose({k: v for k, v in VARIABLES.items() if k != missing})


def test_the_declared_commands_run_the_service_on_postgresql(
        tmp_path: Path, postgres_url: str, schema: str) -> None:
    image = read_image()
    services = read_compose(VARIABLES)["services"]
    port = free_port()

    def env_of(name: str, folder: str, port: int = port) -> dict[str, str]:
        return environment(image, services[name], postgres_url=postgres_url, schema=schema,
                           folder=tmp_path / folder, port=port)

    # `db init`, once.
    init = start(service_command(image, services["init"]), env_of("init", "init"),
                 tmp_path / "init.log")
    assert init.wait(timeout=120) == 0, (tmp_path / "init.log").read_text()
    assert f"store ready (postgres: {schema})" in (tmp_path / "init.log").read_text()

    # The web tier and the worker replicas, as compose starts them.
    replicas = services["worker"]["deploy"]["replicas"]
    workers = [start(service_command(image, services["worker"]), env_of("worker", "worker"),
                     tmp_path / f"worker{n}.log") for n in range(replicas)]
    app = start(service_command(image, services["app"]), env_of("app", "app"),
                tmp_path / "app.log")
    try:
        wait_until(lambda: ready(port), "the app to answer /readyz", timeout=120)
        # An operator creates the first account through the same image.
        create = start([*service_command(image, services["app"])[:1], "users", "create",
                        "--username", "quantri", "--role", "admin"],
                       {**env_of("app", "app"), "THIDUA_PASSWORD": "mat-khau-quan-tri"},
                       tmp_path / "users.log")
        assert create.wait(timeout=120) == 0, (tmp_path / "users.log").read_text()
        base = f"http://127.0.0.1:{port}"
        token = call(f"{base}/api/v1/auth/token",
                     {"username": "quantri", "password": "mat-khau-quan-tri"})[1]["token"]
        status, unit = call(f"{base}/api/v1/units",
                            {"code": "CDCS-ANH", "name": "Công đoàn trong ảnh"}, token=token)
        assert status == 201, unit
        # The app runs no worker (--no-worker): the views move because the workers run.
        names = {f"{os.uname().nodename}:{w.pid}" for w in workers}

        def projected() -> dict[str, Any] | None:
            body = ready(port)
            if body and not any(body["projection_lag"].values()) and \
                    set(body.get("leaders", {})) == {p.view for p in all_projections()}:
                return body
            return None

        body = wait_until(projected, "the workers to project the writes", timeout=120)
        assert {row["worker"] for row in body["leaders"].values()} <= names
        assert all(row["held"] for row in body["leaders"].values())
        # The image's HEALTHCHECK, as Docker runs it.
        check = start(image.healthcheck, env_of("app", "app"), tmp_path / "health.log")
        assert check.wait(timeout=30) == 0, (tmp_path / "health.log").read_text()
    finally:
        codes = [stop(process) for process in (app, *workers)]
    assert codes == [0] * (1 + replicas), [p.read_text()[-3000:]
                                           for p in sorted(tmp_path.glob("*.log"))]

    # The image's own command (no compose): gunicorn and the worker under one process.
    other = free_port()
    alone = start(service_command(image, {}), env_of("app", "alone", other),
                  tmp_path / "alone.log")
    try:
        body = wait_until(lambda: ready(other), "the image's default command to serve",
                          timeout=120)
        assert body["last_position"] > 0
        wait_until(lambda: b"projection worker started" in (tmp_path / "alone.log").read_bytes(),
                   "the image's default command to start its projection worker")
    finally:
        code = stop(alone)
    assert code == 0, (tmp_path / "alone.log").read_text()[-3000:]
