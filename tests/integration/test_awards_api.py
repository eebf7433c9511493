"""The awards API: nomination → council → decision over HTTP, bad input, who may do what."""

from __future__ import annotations

import io
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from services.actors import SYSTEM
from services.audit.transfer import export_events
from tests.support.api import API, Api, assert_refused
from tests.support.api import as_user as signed_in
from tests.support.awards_world import AWARDS_TODAY, SIGNER, World, build_world, signed_form
from tests.support.projections import project_all

PASSWORD = "mat-khau-dai"


@pytest.fixture
def world(api: Api) -> World:
    api.app.store.clock = lambda: AWARDS_TODAY
    world = build_world(api.app, members=3, schools=2, others=2)
    for username, role in (("thuky", "secretary"), ("vanthu", "unit_clerk"),
                           ("thanhtra", "auditor")):
        api.app.accounts.create_user(username=username, password=PASSWORD, role=role,
                                     unit_code="CDCS-GD1" if role == "unit_clerk" else None,
                                     actor=SYSTEM)
    return world


def as_user(api: Api, username: str) -> Api:
    return signed_in(api, username, PASSWORD)


def write_in(secretary: Api, ballot: str, member: str, choice: str) -> Any:
    """The secretary posts an absent member's written opinion with its signed form."""
    return secretary.client.post(
        f"{API}/ballots/{ballot}/written-opinions", headers=secretary.headers,
        data={"member": member, "choice": choice,
              "file": (BytesIO(signed_form(member)), "phieu-y-kien.pdf")},
        content_type="multipart/form-data")






def test_nomination_council_and_decision_through_the_api(api: Api, world: World) -> None:
    secretary, clerk = as_user(api, "thuky"), as_user(api, "vanthu")
    members = [as_user(api, m) for m in world.members]
    campaign = world.campaign

    response = clerk.post(f"/campaigns/{campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"], "award": "cstdcs",
        "year": 2025, "summary": "Sáng kiến «Sổ liên lạc điện tử» áp dụng toàn trường"})
    assert response.status_code == 201, response.json
    nomination = response.json["id"]
    assert response.json["status"] == "submitted" and response.json["route"] == "hang_nam"

    session = secretary.post("/councils/sessions", {
        "unit_code": "LDLD", "title": "Phiên họp Hội đồng TĐKT tháng 11", "held_on":
        "2025-11-20", "members": world.members, "chair": world.chair}).json
    assert session["quorum_needed"] == 2
    attendance = secretary.post(f"/councils/sessions/{session['id']}/attendance",
                                {"present": world.members[:2]})
    assert attendance.status_code == 200 and attendance.json["has_quorum"] is True
    ballot = secretary.post(f"/councils/sessions/{session['id']}/ballots",
                            {"nomination_id": nomination})
    assert ballot.status_code == 201, ballot.json
    ballot_id = ballot.json["id"]
    assert ballot.json["secret"] is True and ballot.json["threshold"]["percent"] == 80

    for member in members[:2]:
        vote = member.post(f"/ballots/{ballot_id}/votes", {"choice": "dong_y"})
        assert vote.status_code == 201, vote.json
        assert "choice" not in vote.json
    written = write_in(secretary, ballot_id, world.members[2], "khong_dong_y")
    assert written.status_code == 201 and written.json["written"] is True
    closed = secretary.post(f"/ballots/{ballot_id}/close")
    assert closed.status_code == 200, closed.json
    assert closed.json["result"] == {"yes": 2, "no": 1, "cast": 3, "written": 1, "members": 3,
                                     "percent": 66.67, "passed": False}
    assert "choices" not in closed.json

    # A secret ballot's choices appear in no answer: views, ballots, audit, export.
    project_all(api.app)
    auditor = as_user(api, "thanhtra")
    bodies = [secretary.get(f"/ballots/{ballot_id}").get_data(as_text=True),
              secretary.get(f"/councils/sessions/{session['id']}").get_data(as_text=True),
              api.get(f"/campaigns/{campaign}/nominations").get_data(as_text=True),
              auditor.get("/audit/events", query_string={"aggregate_id": ballot_id,
                                                         "limit": 200}).get_data(as_text=True),
              auditor.get(f"/audit/aggregates/{ballot_id}/history").get_data(as_text=True)]
    assert "MemberVoted" in bodies[3]
    export = io.BytesIO()
    export_events(api.app.store, export)
    for body in [*bodies, export.getvalue().decode()]:
        assert "dong_y" not in body and "khong_dong_y" not in body

    conclusion = secretary.post(f"/councils/sessions/{session['id']}/conclude", {})
    assert conclusion.status_code == 200 and conclusion.json["results"][0]["passed"] is False
    board = api.get(f"/campaigns/{campaign}/nominations",
                    query_string={"status": "failed", "wait_for": 1})
    assert board.status_code == 200


def test_a_unanimous_secret_ballot_answers_with_counts_and_names_no_member(
        api: Api, world: World) -> None:
    """Every choice alike: a list of who voted would tell how each voted. The close answer,
    the ballot and the vote receipts carry counts only (the receipt names its own voter)."""
    secretary = as_user(api, "thuky")
    nomination = api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"], "award": "cstdcs",
        "year": 2025, "summary": "Sáng kiến «Sổ liên lạc điện tử»"}).json["id"]
    session = secretary.post("/councils/sessions", {
        "unit_code": "LDLD", "title": "Phiên họp", "held_on": "2025-11-20",
        "members": world.members, "chair": world.chair}).json["id"]
    secretary.post(f"/councils/sessions/{session}/attendance", {"present": world.members[:2]})
    ballot = secretary.post(f"/councils/sessions/{session}/ballots",
                            {"nomination_id": nomination}).json
    assert ballot["secret"] is True
    receipts = [as_user(api, m).post(f"/ballots/{ballot['id']}/votes", {"choice": "dong_y"})
                for m in world.members[:2]]
    receipts.append(write_in(secretary, ballot["id"], world.members[2], "dong_y"))
    for number, receipt in enumerate(receipts, start=1):
        assert receipt.status_code == 201, receipt.json
        # A written opinion's receipt names the hash of its signed form, not a choice.
        assert set(receipt.json) == {"ballot_id", "member", "written", "secret", "votes_cast",
                                     "members", *(["proof_sha256"] if number == 3 else [])}
        assert (receipt.json["votes_cast"], receipt.json["members"]) == (number, 3)
    shown = secretary.get(f"/ballots/{ballot['id']}")
    closed = secretary.post(f"/ballots/{ballot['id']}/close")
    assert closed.status_code == 200, closed.json
    assert closed.json["result"] == {"yes": 3, "no": 0, "cast": 3, "written": 1, "members": 3,
                                     "percent": 100, "passed": True}
    again = secretary.get(f"/ballots/{ballot['id']}")
    for answer in (shown, closed, again):
        assert answer.json["votes_cast"] == 3 and answer.json["written_opinions"] == 1
        assert "voted" not in answer.json and "choices" not in answer.json
        body = answer.get_data(as_text=True)
        assert not [m for m in world.members if m in body], body


def test_a_decision_is_drafted_issued_and_revoked_through_the_api(api: Api,
                                                                   world: World) -> None:
    secretary = as_user(api, "thuky")
    nomination = api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["pao"], "award": "ldtt",
        "year": 2025, "summary": "Hoàn thành tốt nhiệm vụ"}).json["id"]
    session = secretary.post("/councils/sessions", {
        "unit_code": "LDLD", "title": "Phiên họp", "held_on": "2025-11-20",
        "members": world.members, "chair": world.chair}).json["id"]
    secretary.post(f"/councils/sessions/{session}/attendance", {"present": world.members})
    ballot = secretary.post(f"/councils/sessions/{session}/ballots",
                            {"nomination_id": nomination}).json
    assert ballot["secret"] is False
    for member in world.members:
        as_user(api, member).post(f"/ballots/{ballot['id']}/votes", {"choice": "dong_y"})
    shown = secretary.get(f"/ballots/{ballot['id']}").json
    assert shown["choices"][world.chair] == "dong_y"
    assert shown["voted"] == sorted(world.members)  # open votes are public
    secretary.post(f"/ballots/{ballot['id']}/close")
    secretary.post(f"/councils/sessions/{session}/conclude", {})

    draft = secretary.post("/decisions", {
        "issuer_unit_code": "LDLD", "issuer_symbol": "LĐLĐ", "campaign_id": world.campaign,
        "award": "ldtt", "nomination_ids": [nomination], "signer": SIGNER})
    assert draft.status_code == 201, draft.json
    assert draft.json["status"] == "draft" and draft.json["number"] is None
    issued = secretary.post(f"/decisions/{draft.json['id']}/issue", {"issued_on": "2026-08-01"})
    assert issued.status_code == 200, issued.json
    assert issued.json["number"] == "01/QĐ-LĐLĐ"
    assert issued.json["recipients"][0]["prize"] == 760000
    assert issued.json["total"] == 760000 and issued.json["base_salary"]["amount"] == 2530000
    assert [d["number"] for d in api.get("/decisions").json] == ["01/QĐ-LĐLĐ"]

    project_all(api.app)
    history = api.get("/awards/history", query_string={"subject_id": world.people["pao"]}).json
    assert [(r["award"], r["number"], r["prize"]) for r in history["rows"]] == [
        ("ldtt", "01/QĐ-LĐLĐ", 760000)]
    usage = api.get(f"/campaigns/{world.campaign}/quota-usage").json
    assert usage["plan"] == "117/KH-LĐLĐ" and usage["quotas"][0]["max"] == 10

    revoked = secretary.post(f"/decisions/{draft.json['id']}/revoke",
                             {"reason": "Phát hiện vi phạm sau khi khen thưởng"})
    assert revoked.status_code == 200 and revoked.json["status"] == "revoked"
    assert api.get(f"/nominations/{nomination}").json["status"] == "revoked"
    project_all(api.app)
    download = api.get("/awards/history.xlsx", query_string={"subject_id": world.people["pao"]})
    assert download.status_code == 200, download.data[:300]
    rows = list(load_workbook(BytesIO(download.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "DANH SÁCH KHEN THƯỞNG — GIÀNG A PÁO"
    assert rows[4][3:8] == ("Lao động tiên tiến", "01/QĐ-LĐLĐ", "01/08/2026", 760000,
                            "Đã hủy: Phát hiện vi phạm sau khi khen thưởng")
    assert rows[5][2].startswith("Tổng cộng") and rows[5][6] == 0  # the revoked one is out
    before = api.app.store.event_count()
    assert_refused(api, api.get("/awards/history.xlsx"), 422, "subject_id", "một trong hai",
                   before)

    rules = api.get("/award-rules", query_string={"on": "2026-08-01"}).json
    assert rules["base_salaries"][0]["amount"] == 2530000
    assert {"award": "ldtt", "subject_kind": "individual", "coefficient": 0.3} .items() <= \
        next(r for r in rules["prize_coefficients"] if r["award"] == "ldtt").items()
    settings = api.post("/award-settings", {"unit_code": "LDLD", "caps": [
        {"award": "cstdcs", "of_award": "ldtt", "percent": 15}], "council": [
        {"award": "cstdcs", "percent": 75, "secret": True}]})
    assert settings.status_code == 200, settings.json
    assert settings.json["caps"][0]["text"] == \
        "Chiến sĩ thi đua cơ sở không quá 15 % số Lao động tiên tiến"
    assert settings.json["council"][0]["text"] == ("Chiến sĩ thi đua cơ sở: từ 75 % tổng số "
                                                   "thành viên Hội đồng đồng ý, bỏ phiếu kín")
    before = api.app.store.event_count()
    assert_refused(api, api.post("/award-settings", {"unit_code": "LDLD", "council": [
        {"award": "cstdcs", "percent": 75, "secret": "có"}]}), 400, "council[0].secret",
        "true hoặc false", before)
    assert api.get("/award-settings", query_string={"unit_code": "LDLD"}).json["quorum"] == {
        "numerator": 2, "denominator": 3}


def test_bad_award_requests_get_a_clear_4xx_and_store_nothing(api: Api, world: World) -> None:
    secretary = as_user(api, "thuky")
    before = api.app.store.event_count()
    assert_refused(api, secretary.post("/decisions", {
        "issuer_unit_code": "LDLD", "campaign_id": world.campaign, "award": "ldtt",
        "nomination_ids": [], "signer": SIGNER}), 400, "nomination_ids",
        "ít nhất một tập thể hoặc cá nhân", before)
    assert_refused(api, api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"],
        "award": "cstd_tinh", "year": 2025, "summary": "x"}), 422, "award",
        "chưa đủ điều kiện", before)
    assert_refused(api, api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"], "award": "ldtt",
        "summary": "x"}), 400, "year", "Thiếu trường bắt buộc", before)
    assert_refused(api, secretary.post("/ballots/6f1c2d52-6a43-5b0e-9c1e-7d1a0b3c9e10/votes",
                                       {"choice": "dong_y"}), 404, "ballot_id",
                   "Không tìm thấy phiếu", before)
    assert_refused(api, api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "collective", "subject_id": world.units["GD1"],
        "award": "bang_khen_tinh", "year": 2025, "summary": "x", "staff_total": 20,
        "staff_women": 25}), 422, "staff_women", "không được lớn hơn", before)
    assert_refused(api, api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"], "award": "ldtt",
        "year": 2025, "summary": "x", "staff_total": 3}), 422, "staff_total",
        "chỉ dùng cho hồ sơ của tập thể", before)
    assert_refused(api, api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"], "award": "ldtt",
        "year": 2025, "summary": "x", "female": "có lẽ"}), 400, "female",
        "Trường «female» phải là true hoặc false.", before)
    declared = api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "collective", "subject_id": world.units["GD1"],
        "award": "bang_khen_tinh", "year": 2025, "summary": "x", "staff_total": 20,
        "staff_women": 15})
    assert declared.status_code == 201, declared.json
    assert declared.json["women"] == {"total": 20, "women": 15}
    assert declared.json["women_text"] == "15/20 thành viên là nữ"
    before = api.app.store.event_count()

    nomination = api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"], "award": "ldtt",
        "year": 2025, "summary": "x"}).json["id"]
    session = secretary.post("/councils/sessions", {
        "unit_code": "LDLD", "title": "Phiên họp", "held_on": "2025-11-20",
        "members": world.members, "chair": world.chair}).json["id"]
    attendance = f"/councils/sessions/{session}/attendance"
    before = api.app.store.event_count()  # a ballot before attendance (issue 14)
    assert_refused(api, secretary.post(f"/councils/sessions/{session}/ballots",
                                       {"nomination_id": nomination}), 409, "present",
                   "Điểm danh", before)
    secretary.post(attendance, {"present": world.members})
    ballot = secretary.post(f"/councils/sessions/{session}/ballots",
                            {"nomination_id": nomination}).json["id"]
    # All but one leave: the open ballot follows the attendance, below the quorum.
    secretary.post(attendance, {"present": world.members[:1]})
    member, clerk = as_user(api, world.chair), as_user(api, "vanthu")
    before = api.app.store.event_count()
    assert_refused(api, member.post(f"/ballots/{ballot}/votes", {"choice": "co"}), 400,
                   "choice", "phải là một trong", before)
    assert_refused(api, secretary.post(f"/ballots/{ballot}/votes", {"choice": "dong_y"}), 403,
                   "member", "không phải thành viên", before)
    assert_refused(api, clerk.post(f"/ballots/{ballot}/votes", {"choice": "dong_y"}),
                   403, None, "không có quyền", before)
    assert member.post(f"/ballots/{ballot}/votes", {"choice": "dong_y"}).status_code == 201
    before = api.app.store.event_count()
    assert_refused(api, member.post(f"/ballots/{ballot}/votes", {"choice": "dong_y"}), 409,
                   "member", "đã bỏ phiếu", before)
    assert_refused(api, secretary.post(f"/ballots/{ballot}/close"), 409, "present",
                   "không đủ số thành viên dự họp", before)


def test_a_session_is_cancelled_with_a_reason_and_its_nominations_wait_again(
        api: Api, world: World) -> None:
    """POST /councils/sessions/{id}/cancel (issue 14 item 1): a 404 on the old code."""
    secretary, member = as_user(api, "thuky"), as_user(api, world.chair)
    nomination = api.post(f"/campaigns/{world.campaign}/nominations", {
        "subject_kind": "individual", "subject_id": world.people["huong"], "award": "ldtt",
        "year": 2025, "summary": "x"}).json["id"]
    session = secretary.post("/councils/sessions", {
        "unit_code": "LDLD", "title": "Phiên họp", "held_on": "2025-11-20",
        "members": world.members, "chair": world.chair}).json["id"]
    secretary.post(f"/councils/sessions/{session}/attendance", {"present": world.members})
    ballot = secretary.post(f"/councils/sessions/{session}/ballots",
                            {"nomination_id": nomination}).json["id"]
    cancel = f"/councils/sessions/{session}/cancel"
    before = api.app.store.event_count()
    assert_refused(api, secretary.post(cancel, {}), 400, "reason", "reason", before)
    assert_refused(api, member.post(cancel, {"reason": "Hoãn"}), 403, None, "không có quyền",
                   before)
    answer = secretary.post(cancel, {"reason": "Hoãn họp vì mưa lũ."})
    assert answer.status_code == 200, answer.json
    assert (answer.json["status"], answer.json["cancel_reason"]) == (
        "cancelled", "Hoãn họp vì mưa lũ.")
    assert secretary.get(f"/ballots/{ballot}").json["status"] == "cancelled"
    back = secretary.get(f"/nominations/{nomination}").json
    assert (back["status"], back["ballot_id"]) == ("submitted", None), back
    before = api.app.store.event_count()
    assert_refused(api, secretary.post(cancel, {"reason": "Lần nữa"}), 409, "session_id",
                   "đã hủy", before)
    assert_refused(api, member.post(f"/ballots/{ballot}/votes", {"choice": "dong_y"}), 409,
                   "ballot_id", "đã hủy", before)
