"""An idempotency key answers the first result and records nothing more — for its actor.

The API takes it as the ``Idempotency-Key`` header, a form as its hidden field. The same
key from the same user is the same submission; from another user it is another one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import Api, as_user, assert_refused, browser_login, worker_running
from tests.support.awards_world import (
    AWARDS_TODAY,
    SIGNER,
    World,
    approve,
    build_world,
    convene,
    nominate,
)
from tests.support.scenarios import campaign_data
from tests.support.stores import AppFactory

PASSWORD = "mat-khau-dai"
NOMINATION = {"subject_kind": "collective", "award": "bang_khen_tinh", "year": 2025,
              "route": "phong_trao", "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025."}


@pytest.fixture
def world(api: Api) -> World:
    api.app.store.clock = lambda: AWARDS_TODAY
    world = build_world(api.app, members=3, schools=2, others=1)
    accounts = api.app.accounts
    accounts.create_user(username="thuky", password=PASSWORD, role="secretary", actor=SYSTEM)
    accounts.create_user(username="chamdiem", password=PASSWORD, role="reviewer", actor=SYSTEM)
    for clerk, unit in (("vanthu-gd1", "CDCS-GD1"), ("vanthu-gd2", "CDCS-GD2")):
        accounts.create_user(username=clerk, password=PASSWORD, role="unit_clerk",
                             unit_code=unit, actor=SYSTEM)
    return world


def twice(api: Api, client: Api, path: str, body: Any, key: str) -> tuple[Any, Any, int]:
    """Post ``body`` twice under ``key``; both answers and the events the second stored."""
    first = client.post(path, body, key=key)
    assert first.status_code in (200, 201), first.json
    before = api.app.store.event_count()
    second = client.post(path, body, key=key)
    return first, second, api.app.store.event_count() - before


def test_a_registration_and_a_self_assessment_sent_twice_record_once(
        api: Api, world: World) -> None:
    campaign = api.post("/campaigns", campaign_data(
        code="IDEM-2025", number="05/KH-LĐLĐ", start="2025-01-01", end="2025-12-31",
        registration_deadline="2025-12-31")).json["id"]
    clerk = as_user(api, "vanthu-gd1", PASSWORD)
    school = world.units["GD1"]

    first, second, added = twice(api, clerk, f"/campaigns/{campaign}/registrations", {
        "subject_kind": "collective", "subject_id": school, "pledge": "Cơ quan văn hóa"},
        "dang-ky-truong-1")
    assert (second.status_code, second.json, added) == (first.status_code, first.json, 0)

    scores = {"subject_id": school, "period": "2025-09", "stage": "self",
              "scores": {"TT1": 25, "TT2": 35, "TT3": 25}}
    first, second, added = twice(api, clerk, f"/campaigns/{campaign}/scores", scores,
                                 "tu-cham-thang-9")
    assert added == 0 and second.json == first.json and first.json["version"] == 2
    # Another key is another submission: a second self-assessment is recorded.
    assert clerk.post(f"/campaigns/{campaign}/scores", scores,
                      key="tu-cham-lan-2").json["version"] == 3


def test_the_same_key_from_another_user_is_another_nomination(api: Api, world: World) -> None:
    """The bug: the second clerk's dossier was not recorded, and the first clerk's was
    returned to them. A key belongs to the user who sent it."""
    path = f"/campaigns/{world.campaign}/nominations"
    one, two = as_user(api, "vanthu-gd1", PASSWORD), as_user(api, "vanthu-gd2", PASSWORD)
    first, again, added = twice(api, one, path,
                                {**NOMINATION, "subject_id": world.units["GD1"]}, "de-nghi-01")
    assert added == 0 and again.json["id"] == first.json["id"]

    other = two.post(path, {**NOMINATION, "subject_id": world.units["GD2"]}, key="de-nghi-01")
    assert other.status_code == 201, other.json
    assert other.json["id"] != first.json["id"]
    assert other.json["subject_name"] == "Công đoàn Trường số 2"
    assert api.app.nominations.get_nomination(other.json["id"])["submitted_by"] == "vanthu-gd2"


def test_a_vote_and_a_decision_sent_twice_record_once(api: Api, world: World) -> None:
    nomination = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    session = convene(world)
    secretary = as_user(api, "thuky", PASSWORD)
    ballot = secretary.post(f"/councils/sessions/{session}/ballots",
                            {"nomination_id": nomination}, key="mo-phieu-01").json["id"]
    member = as_user(api, world.members[0], PASSWORD)
    first, second, added = twice(api, member, f"/ballots/{ballot}/votes",
                                 {"choice": "dong_y"}, "phieu-cua-toi")
    assert added == 0 and second.json == first.json and first.json["votes_cast"] == 1

    approved = nominate(world, "collective", "GD2", "bang_khen_tinh")["id"]
    approve(world, [approved])
    draft_body = {"issuer_unit_code": "LDLD", "issuer_symbol": "LĐLĐ",
                  "campaign_id": world.campaign, "award": "bang_khen_tinh",
                  "nomination_ids": [approved], "signer": SIGNER}
    first, second, added = twice(api, secretary, "/decisions", draft_body, "du-thao-qd-01")
    assert added == 0 and second.json["id"] == first.json["id"]
    decision = first.json["id"]
    first, second, added = twice(api, secretary, f"/decisions/{decision}/issue",
                                 {"issued_on": "2026-08-01"}, "ban-hanh-qd-01")
    assert added == 0 and second.json["number"] == first.json["number"] == "01/QĐ-LĐLĐ"


@pytest.mark.parametrize("key", ["ngan", "có-dấu-tiếng-việt", "has space here", "x" * 101,
                                 "dots.and:colons"])
def test_an_invalid_key_is_refused_naming_the_header(api: Api, world: World, key: str) -> None:
    before = api.app.store.event_count()
    response = api.post(f"/campaigns/{world.campaign}/nominations",
                        {**NOMINATION, "subject_id": world.units["GD1"]}, key=key)
    assert_refused(api, response, 400, "Idempotency-Key", "Mã chống gửi trùng", before)


def test_a_key_used_for_another_command_is_refused(api: Api, world: World) -> None:
    assert api.post("/units", {"code": "CDCS-MOI", "name": "Công đoàn mới",
                               "parent_code": "LDLD"}, key="mot-lan-thoi").status_code == 201
    before = api.app.store.event_count()
    response = api.post(f"/campaigns/{world.campaign}/nominations",
                        {**NOMINATION, "subject_id": world.units["GD1"]}, key="mot-lan-thoi")
    assert_refused(api, response, 409, "Idempotency-Key", "thao tác khác", before)


# --- the forms -------------------------------------------------------------------------------

@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    for clerk, unit in (("vanthu-gd1", "CDCS-GD1"), ("vanthu-gd2", "CDCS-GD2")):
        app.accounts.create_user(username=clerk, password=PASSWORD, role="unit_clerk",
                                 unit_code=unit, actor=SYSTEM)
    flask_app = create_app(sqlite_settings, thidua=app)
    with worker_running(app):
        yield {"app": app, "world": world, "flask": flask_app}


def test_two_clerks_whose_forms_carry_the_same_key_both_nominate(site: dict[str, Any]) -> None:
    world: World = site["world"]
    page = f"/campaigns/{world.campaign}/nominations"
    sent = []
    for clerk, school in (("vanthu-gd1", "GD1"), ("vanthu-gd2", "GD2")):
        client = site["flask"].test_client()
        assert browser_login(client, clerk, PASSWORD).status_code == 302
        html = client.get(page).get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        response = client.post(page, data={
            "csrf_token": token, "idempotency_key": "cung-mot-ma-01",
            "subject_kind": "collective", "subject_id": world.units[school],
            "award": "bang_khen_tinh", "year": "2025", "route": "phong_trao",
            "summary": "Hoàn thành xuất sắc nhiệm vụ."})
        assert response.status_code == 302, response.get_data(as_text=True)
        sent.append(client)
    board = site["app"].awards.nominations(world.campaign,
                                           wait_for=site["app"].store.last_position())
    assert sorted(r["subject_name"] for r in board["rows"]) == [
        "Công đoàn Trường số 1", "Công đoàn Trường số 2"]


def test_a_double_submitted_password_change_records_once_and_says_it_is_done(
        site: dict[str, Any]) -> None:
    client = site["flask"].test_client()
    assert browser_login(client, "vanthu-gd1", PASSWORD).status_code == 302
    html = client.get("/account/password").get_data(as_text=True)
    form = dict(re.findall(r'name="(csrf_token|idempotency_key)" value="([^"]+)"', html))
    data = {**form, "current": PASSWORD, "password": "mat-khau-moi-123"}
    assert client.post("/account/password", data=data).status_code == 302
    before = site["app"].store.event_count()
    again = client.post("/account/password", data=data)  # the page sent twice
    assert again.status_code == 302, again.get_data(as_text=True)
    assert site["app"].store.event_count() == before
