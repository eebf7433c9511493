"""The yearly summary over the API and on its page (issue 16), over the report year of
``tests/support/report_world.py``: drafted, refused with the field named, edited, issued,
downloaded and verified; its figures equal the store's decisions of the year."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest

from docgen.checker import check_docx
from services.actors import SYSTEM
from tests.support.api import Api, as_user, browser_login, csrf_token
from tests.support.projections import project_all
from tests.support.report_world import REPORT_YEAR, build_report_world


@pytest.fixture
def served(api: Api) -> Api:
    build_report_world(api.app)
    project_all(api.app)
    api.app.store.clock = lambda: date(REPORT_YEAR, 12, 20)
    return api


def test_api_drafts_updates_issues_and_downloads(served: Api) -> None:
    api = served
    body: dict[str, Any] = {"year": REPORT_YEAR, "unit_code": "LDLD",
                            "sections": {"situation": ["Tình hình năm 2026."]}}
    made = api.post("/reports/summary", body)
    assert made.status_code == 201, made.json
    summary = made.json
    assert summary["unit_code"] == "LDLD" and summary["missing"] == ["assessment", "directions"]
    # The figures are the store's: every decision of 2026 but the revoked D3.
    decisions = [d for d in api.app.decisions.list_decisions()
                 if d["status"] == "issued" and d["issued_on"].year == REPORT_YEAR]
    figures = summary["figures"]
    assert len(figures["decisions"]) == len(decisions) == 5 and len(figures["revoked"]) == 1
    assert figures["totals"] == {
        "collectives": sum(r["subject_kind"] == "collective" for d in decisions
                           for r in d["recipients"]),
        "individuals": sum(r["subject_kind"] == "individual" for d in decisions
                           for r in d["recipients"])} == {"collectives": 5, "individuals": 2}
    for path, payload, status, field in (
            ("/reports/summary", {**body, "year": 1999}, 400, "year"),
            ("/reports/summary", {**body, "sections": {"khac": ["x"]}}, 400, "sections"),
            ("/reports/summary", {**body, "unit_code": "KHONG-CO"}, 404, "unit_code"),
            ("/reports/summary", body, 409, "year"),
            (f"/reports/summary/{summary['id']}/issue",
             {"signer": {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch"}}, 422,
             "sections.assessment")):
        answer = api.post(path, payload)
        assert answer.status_code == status, (path, answer.json)
        assert answer.json["error"]["field"].startswith(field), answer.json
    changed = api.client.put(f"/api/v1/reports/summary/{summary['id']}", json={
        "sections": {"assessment": ["Ưu điểm."], "directions": ["Năm 2027."]}},
        headers=api.headers)
    assert changed.status_code == 200, changed.json
    assert changed.json["missing"] == []
    project_all(api.app)
    issued = api.post(f"/reports/summary/{summary['id']}/issue", {
        "signer": {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch",
                   "authority": "TM. Ban Thường vụ"}})
    assert issued.status_code == 201, issued.json
    assert re.fullmatch(r"\d{2}/BC-[^/]+", issued.json["number"])
    got = api.get(f"/reports/summary/{summary['id']}")
    assert got.json["status"] == "issued" and got.json["paper_id"] == issued.json["id"]
    document = api.get(f"/papers/{issued.json['id']}/document.docx")
    assert document.status_code == 200 and check_docx(document.data) == []
    verified = api.post("/documents/verify", data={
        "file": (io.BytesIO(document.data), "bao-cao.docx")},
        content_type="multipart/form-data")
    assert verified.json["issued"] is True, verified.json
    assert api.post(f"/reports/summary/{summary['id']}/issue", {
        "signer": {"name": "A", "position": "B"}}).status_code == 409
    api.app.accounts.create_user(username="kiemtra", password="mat-khau-dai", role="auditor",
                                 actor=SYSTEM)
    auditor = as_user(api, "kiemtra", "mat-khau-dai")
    assert auditor.post("/reports/summary", {**body, "year": 2027}).status_code == 403
    assert auditor.get(f"/reports/summary/{summary['id']}").status_code == 200


def test_page_fills_the_sections_and_issues(served: Api) -> None:
    client = served.client
    assert browser_login(client, "admin", "mat-khau-admin").status_code == 302
    page = client.get(f"/reports/summary?year={REPORT_YEAR}&unit_code=LDLD")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2026" in text
    token = csrf_token(client, f"/reports/summary?year={REPORT_YEAR}&unit_code=LDLD")
    saved = client.post("/reports/summary", data={
        "csrf_token": token, "year": REPORT_YEAR, "unit_code": "LDLD", "action": "issue",
        "situation": "Tình hình năm 2026.\nĐoạn thứ hai.", "assessment": "",
        "directions": "Phương hướng năm 2027.", "signer_name": "Nguyễn Thị Thiện",
        "signer_position": "Chủ tịch"})
    assert saved.status_code == 400
    assert "Chưa viết mục «IV. Đánh giá chung" in saved.get_data(as_text=True)
    assert "Đoạn thứ hai." in saved.get_data(as_text=True)  # what was typed stays
    saved = client.post("/reports/summary", data={
        "csrf_token": token, "year": REPORT_YEAR, "unit_code": "LDLD", "action": "save",
        "situation": "Tình hình năm 2026.", "assessment": "Ưu điểm.",
        "directions": "Phương hướng năm 2027."})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    project_all(served.app)
    issued = client.post("/reports/summary", data={
        "csrf_token": token, "year": REPORT_YEAR, "unit_code": "LDLD", "action": "issue",
        "situation": "Tình hình năm 2026.", "assessment": "Ưu điểm.",
        "directions": "Phương hướng năm 2027.", "signer_name": "Nguyễn Thị Thiện",
        "signer_position": "Chủ tịch", "signer_authority": "TM. Ban Thường vụ"})
    assert issued.status_code == 302, issued.get_data(as_text=True)[:800]
    shown = client.get(issued.headers["Location"]).get_data(as_text=True)
    assert "Đã ban hành" in shown and "/BC-" in shown and "document.docx" in shown
