"""Công khai over HTTP: /award-settings takes notice_days and notice_required; POST
/api/v1/notices publishes; a decision inside the window is a 409 naming the nomination;
off-schema bodies are 400s naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import Api, assert_refused, sign_in
from tests.support.awards_world import AWARDS_TODAY, SIGNER, approve, build_world, nominate
from tests.support.stores import AppFactory


@pytest.fixture
def api(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[tuple[Api, Any]]:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    for username, role in (("thuky", "secretary"), ("quantri", "admin")):
        app.accounts.create_user(username=username, password="mat-khau-dai", role=role,
                                 actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()
    yield Api(client, app, sign_in(client, "thuky", "mat-khau-dai")), world


def test_publish_and_a_decision_refused_inside_the_window(api: tuple[Api, Any]) -> None:
    secretary, world = api
    admin = Api(secretary.client, secretary.app, sign_in(secretary.client, "quantri",
                                                         "mat-khau-dai"))
    nomination = nominate(world, "individual", "huong", "ldtt")["id"]
    approve(world, [nomination])

    before = secretary.app.store.event_count()
    response = admin.post("/award-settings", {"unit_code": "LDLD", "notice_days": 0})
    assert_refused(admin, response, 400, "notice_days", "từ 1 đến 60", before)
    response = admin.post("/award-settings", {"unit_code": "LDLD", "notice_days": 3,
                                              "notice_required": True,
                                              "recusal_count": "counted"})
    assert response.status_code == 200, response.json
    assert (response.json["notice_days"], response.json["recusal_count"]) == (3, "counted")
    rules = admin.get("/award-rules").json
    assert rules["notice_rules"][0]["confidence"] == "U" and rules["recusal_rules"]

    response = secretary.post("/notices", {"campaign_id": world.campaign, "unit_code": "LDLD",
                                           "nomination_ids": "không phải danh sách"})
    assert_refused(secretary, response, 400, "nomination_ids", "", before + 1)
    response = secretary.post("/notices", {"campaign_id": world.campaign, "unit_code": "LDLD",
                                           "nomination_ids": [nomination]}, key="cong-khai-1")
    assert response.status_code == 201, response.json
    notice = response.json
    # Three working days after Wednesday 1/10/2025: 2, 3 and 6 October.
    assert (notice["closes_on"], notice["days"]) == ("2025-10-06", 3)
    again = secretary.post("/notices", {"campaign_id": world.campaign, "unit_code": "LDLD",
                                        "nomination_ids": [nomination]}, key="cong-khai-1")
    assert again.status_code == 201 and again.json["id"] == notice["id"]

    draft = secretary.post("/decisions", {
        "issuer_unit_code": "LDLD", "issuer_symbol": "LĐLĐ", "campaign_id": world.campaign,
        "award": "ldtt", "nomination_ids": [nomination], "signer": SIGNER})
    assert draft.status_code == 201, draft.json
    before = secretary.app.store.event_count()
    inside = secretary.post(f"/decisions/{draft.json['id']}/issue",
                            {"issued_on": date(2025, 10, 6).isoformat()})
    assert_refused(secretary, inside, 409, "nomination_ids[0]", "thời gian công khai", before)
    after = secretary.post(f"/decisions/{draft.json['id']}/issue",
                           {"issued_on": date(2025, 10, 7).isoformat()})
    assert after.status_code == 200, after.json

    listed = secretary.get("/notices").json
    assert [n["id"] for n in listed] == [notice["id"]]
    assert secretary.get(f"/notices/{notice['id']}").json["entries"][0]["subject_name"] == \
        "Lò Thị Hương"
