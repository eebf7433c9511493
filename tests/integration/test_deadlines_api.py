"""Issue 15's deadlines and exemplar lists over HTTP: each tier signed in as itself, 400
for a request off its schema naming the field, 422 for what the domain refuses, nothing
stored when refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import Api, assert_refused, sign_in
from tests.support.awards_world import AWARDS_TODAY
from tests.support.stores import AppFactory
from tests.support.tiers import PASSWORD, Tiers, build_tiers


@pytest.fixture
def world(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    tiers = build_tiers(app)
    app.accounts.create_user(username="thuky-tinh", password=PASSWORD, role="secretary",
                             full_name="Thư ký", actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()
    yield {"tiers": tiers,
           "as": lambda username: Api(client, app, sign_in(client, username, PASSWORD))}


def refused(api: Api, send: Any, status: int, field: str | None, text: str) -> None:
    before = api.app.store.event_count()
    assert_refused(api, send(), status, field, text, before)


def test_deadlines_board_and_exemplar_lists_over_http(world: dict[str, Any]) -> None:
    tiers: Tiers = world["tiers"]
    base = f"/campaigns/{tiers.world.campaign}"
    province, sector = world["as"]("vanthu-tinh"), world["as"]("vanthu-nganh")

    refused(province, lambda: province.post(f"{base}/deadlines", {"tier_unit_code": "CDN-GD",
                                                                  "due": "10/10/2025"}),
                   400, "due", "")
    refused(sector, lambda: sector.post(f"{base}/deadlines", {"tier_unit_code": "LDLD",
                                                              "due": "2025-10-10"}),
                   403, None, "đơn vị của mình")
    made = province.post(f"{base}/deadlines", {"tier_unit_code": "CDN-GD", "due": "2025-10-10"})
    assert made.status_code == 200, made.json
    assert made.json["deadlines"][0]["due"] == "2025-10-10"
    refused(province, lambda: province.post(f"{base}/exemplar-day", {"day": 40}), 400, "day", "")
    assert province.post(f"{base}/exemplar-day", {"day": 20}).json["monthly_day"] == 20

    board = sector.get(f"{base}/deadlines", query_string={"month": "2025-10"})
    assert board.status_code == 200, board.json
    [tier] = board.json["tiers"]
    assert {u["unit_code"]: u["words"] for u in tier["units"]} == {
        "CDCS-GD1": "Chưa gửi, còn 9 ngày", "CDCS-GD2": "Chưa gửi, còn 9 ngày"}
    assert board.json["monthly"]["due"] == "2025-10-19"
    assert [u["unit_code"] for u in board.json["monthly"]["units"]] == ["CDN-GD"]

    entry = {"subject_kind": "individual", "subject_id": tiers.minh,
             "deed": "Dạy thay đồng nghiệp ốm suốt ba tuần."}
    refused(sector, lambda: sector.post(f"{base}/exemplar-lists",
                                       {"month": "2025-10", "entries": []}),
                   400, "entries", "")
    sent = sector.post(f"{base}/exemplar-lists", {"month": "2025-10", "entries": [entry]})
    assert sent.status_code == 201, sent.json
    assert sent.json["unit_code"] == "CDN-GD"
    listed = province.get(f"{base}/exemplar-lists", query_string={"period": "2025-Q4"})
    assert [x["unit_name"] for x in listed.json] == ["Công đoàn ngành Giáo dục"]
    # The office (a secretary) compiles; a clerk may not.
    report = {"period": "2025-10", "issued_on": "2025-10-20",
              "signer": {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch"}}
    refused(sector, lambda: sector.post(f"{base}/exemplar-lists/report", report), 403, None,
                   "không có quyền")
    secretary = world["as"]("thuky-tinh")
    refused(secretary, lambda: secretary.post(f"{base}/exemplar-lists/report",
                                              {**report, "issued_on": "2025-10-19"}),
            422, "issued_on", "chưa hết")
    issued = secretary.post(f"{base}/exemplar-lists/report", report)
    assert issued.status_code == 201, issued.json
    assert issued.json["kind"] == "bao_cao_tong_hop_dien_hinh"
    document = secretary.get(f"/papers/{issued.json['id']}/document.docx")
    assert document.status_code == 200
