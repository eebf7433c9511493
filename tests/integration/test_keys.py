"""Secret votes are sealed with a key of their own (THIDUA_BALLOT_KEY), which never lives
in the data folder; in production no entry point starts without its keys.

Before: ballots were sealed with THIDUA_SECRET_KEY, generated into var/secret_key beside
the database, so whoever copied the data folder read every secret vote and could forge
an admin's token.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from events.errors import ConflictError
from services.actors import SYSTEM
from services.config import ConfigurationError, Settings, load_settings
from services.store import init_store
from services.thidua import Thidua
from services.web import create_app
from tests.support.api import API, sign_in
from tests.support.awards_world import AWARDS_TODAY, SECRETARY, build_world, convene, nominate

SECRET = "s" * 40
BALLOT = "b" * 40


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"THIDUA_DATA_DIR": str(tmp_path), **extra}


@pytest.mark.parametrize("extra, missing", [
    ({}, "THIDUA_SECRET_KEY"),
    ({"THIDUA_SECRET_KEY": SECRET}, "THIDUA_BALLOT_KEY"),
    ({"THIDUA_SECRET_KEY": SECRET, "THIDUA_BALLOT_KEY": "ngan"}, "too short"),
    ({"THIDUA_SECRET_KEY": SECRET, "THIDUA_BALLOT_KEY": SECRET}, "must differ"),
])
def test_the_gunicorn_factory_refuses_production_without_its_keys(
        tmp_path: Path, extra: dict[str, str], missing: str) -> None:
    settings = load_settings(environment(tmp_path, THIDUA_ENV="production", **extra))
    init_store(settings)
    with pytest.raises(ConfigurationError) as refused:
        create_app(settings)
    assert missing in str(refused.value)
    assert not (tmp_path / "secret_key").exists()  # nothing generated into the data folder


@pytest.mark.parametrize("command", [["worker"], ["serve", "--port", "1"]])
def test_serve_and_the_worker_refuse_production_without_the_ballot_key(
        tmp_path: Path, command: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    env.update(environment(tmp_path, THIDUA_ENV="production", THIDUA_SECRET_KEY=SECRET))
    thidua = Path(sys.executable).with_name("thidua")
    done = subprocess.run([str(thidua), *command], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert "THIDUA_BALLOT_KEY" in done.stderr


def test_an_unknown_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="THIDUA_ENV"):
        load_settings(environment(tmp_path, THIDUA_ENV="prod")).check_environment()


def test_secret_votes_are_sealed_with_the_ballot_key_not_the_secret_key(
        tmp_path: Path) -> None:
    settings = load_settings(environment(tmp_path, THIDUA_ENV="production",
                                         THIDUA_SECRET_KEY=SECRET, THIDUA_BALLOT_KEY=BALLOT))
    init_store(settings)
    flask_app = create_app(settings)
    app: Thidua = flask_app.extensions["thidua"]
    app.store.clock = lambda: AWARDS_TODAY
    world = build_world(app, members=3, schools=2, others=1)
    session = convene(world)
    nomination = nominate(world, "individual", "huong", "cstdcs", route="hang_nam")["id"]
    ballot = app.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)
    client = flask_app.test_client()
    for member in world.members:
        token = sign_in(client, member, "mat-khau-dai")
        response = client.post(f"{API}/ballots/{ballot['id']}/votes", json={"choice": "dong_y"},
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 201, response.json
    # Whoever has the secret key (or a copy of the data folder) cannot count the votes.
    thief = Thidua(app.store, ballot_key=SECRET)
    with pytest.raises(ConflictError):
        thief.council.close_ballot(ballot["id"], actor=SECRETARY)
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert BALLOT.encode() not in stored and SECRET.encode() not in stored
    closed = app.council.close_ballot(ballot["id"], actor=SECRETARY)
    assert closed["result"]["yes"] == 3


def test_development_keeps_working_without_a_ballot_key(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    init_store(settings)
    client = create_app(settings).test_client()
    assert client.get("/healthz").status_code == 200
    assert settings.resolve_ballot_key() == (tmp_path / "secret_key").read_text().strip()


def test_a_production_app_signs_in_with_the_keys_set(tmp_path: Path) -> None:
    settings = load_settings(environment(tmp_path, THIDUA_ENV="production",
                                         THIDUA_SECRET_KEY=SECRET, THIDUA_BALLOT_KEY=BALLOT))
    init_store(settings)
    flask_app = create_app(settings)
    flask_app.extensions["thidua"].accounts.create_user(
        username="admin", password="mat-khau-quan-tri", role="admin", actor=SYSTEM)
    client = flask_app.test_client()
    assert sign_in(client, "admin", "mat-khau-quan-tri")
