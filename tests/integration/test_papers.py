"""The papers of the award work, generated from the store: Quyết định, Biên bản, Tờ trình,
Báo cáo điển hình — numbered from the register, NĐ 30-conformant, verifiable, and opened by
LibreOffice.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest

from docgen import pdf
from docgen.checker import check_docx
from services.actors import SYSTEM
from tests.support.api import Api
from tests.support.awards_world import (
    SECRETARY,
    SIGNER,
    World,
    approve,
    build_world,
    convene,
    decide,
    nominate,
    write_opinion,
)
from tests.support.documents import need_libreoffice, pdf_pages
from tests.support.projections import project_all
from tests.support.standings_fixtures import build as build_standings

MINUTES = {"started_at": "08:30", "ended_at": "11:00", "place": "Phòng họp tầng 2, trụ sở "
           "Liên đoàn Lao động tỉnh Lai Châu",
           "chair": {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch Hội đồng"},
           "secretary": {"name": "Lò Thị Hiên", "position": "Thư ký Hội đồng"}}
ISSUED_ON = date(2026, 8, 1)


def text_of(data: bytes) -> str:
    """Every paragraph of the body, tables included, one per line."""
    document = docx.Document(io.BytesIO(data))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join("".join(t.text or "" for t in p.iter(f"{ns}t"))
                     for p in document.element.body.iter(f"{ns}p"))


@pytest.fixture
def council(api: Api) -> dict[str, Any]:
    """A concluded session: two collectives and a person pass, a third collective fails."""
    api.app.store.clock = lambda: date(2025, 10, 1)
    world = build_world(api.app, members=3, schools=2, others=2)
    service = world.app
    nominations = {key: nominate(world, kind, key, "bang_khen_tinh")["id"]
                   for kind, key in (("collective", "GD1"), ("collective", "HC1"),
                                     ("individual", "huong"), ("collective", "HC2"))}
    session = convene(world)
    for key, nomination in nominations.items():
        ballot = service.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)
        for i, member in enumerate(world.members):
            choice = "khong_dong_y" if key == "HC2" and i else "dong_y"
            service.council.cast_vote(ballot["id"], choice=choice, actor=world.actor(member))
        service.council.close_ballot(ballot["id"], actor=SECRETARY)
    service.council.conclude_session(session, actor=SECRETARY)
    return {"world": world, "session": session, "nominations": nominations}


def issue_decision(world: World, nominations: dict[str, str]) -> dict[str, Any]:
    return decide(world, "bang_khen_tinh",
                  [nominations[k] for k in ("GD1", "HC1", "huong")], issued_on=ISSUED_ON)


def download(api: Api, path: str) -> bytes:
    response = api.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype.endswith("wordprocessingml.document")
    return response.data


def minutes_text(api: Api, session: str) -> str:
    """Issue the Biên bản of a concluded session and read its text back."""
    created = api.post(f"/councils/sessions/{session}/minutes", MINUTES)
    assert created.status_code == 201, created.json
    return text_of(download(api, f"/papers/{created.json['id']}/document.docx"))


def test_minutes_are_numbered_once_and_list_each_ballots_counts(
        api: Api, council: dict[str, Any]) -> None:
    session = council["session"]
    created = api.post(f"/councils/sessions/{session}/minutes", MINUTES)
    assert created.status_code == 201, created.json
    assert created.json["number"] == "01/BB-HĐTĐKT"
    before = api.app.store.event_count()
    again = api.post(f"/councils/sessions/{session}/minutes", MINUTES)
    assert again.status_code == 409 and "01/BB-HĐTĐKT" in again.json["error"]["message"]
    assert api.app.store.event_count() == before

    data = download(api, f"/papers/{created.json['id']}/document.docx")
    assert check_docx(data) == []
    text = text_of(data)
    for expected in ("Số: 01/BB-HĐTĐKT", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
                     "Vào hồi 08 giờ 30 phút, ngày 20 tháng 11 năm 2025",
                     "Tổng số thành viên Hội đồng: 3; có mặt 3/3 thành viên, đủ điều kiện theo "
                     "quy định (tối thiểu 2/3); vắng mặt: không.",
                     "Có mặt: 03 thành viên: Thành viên số 0, Thành viên số 1, "
                     "Thành viên số 2 (có danh sách ký tên kèm theo).",
                     "Vắng mặt: không.",
                     "Kết quả biểu quyết (tỷ lệ tính trên tổng số 3",
                     "Công đoàn Trường số 1", "Lò Thị Hương", "Không đạt",
                     "Hội đồng thống nhất đề nghị Liên đoàn Lao động tỉnh Lai Châu xem xét, "
                     "tặng Bằng khen cấp bộ, ngành, tỉnh cho 02 tập thể và 01 cá nhân sau:",
                     "Nguyễn Thị Thiện", "Lò Thị Hiên"):
        assert expected in text, expected
    assert "Công đoàn Sở số 2\nBằng khen cấp bộ, ngành, tỉnh\n1\n2\n33,33 %" in text


def test_the_decision_document_carries_number_date_minutes_recipients_and_money(
        api: Api, council: dict[str, Any]) -> None:
    session = council["session"]
    api.post(f"/councils/sessions/{session}/minutes", MINUTES)
    decision = issue_decision(council["world"], council["nominations"])

    data = download(api, f"/decisions/{decision['id']}/document.docx")
    assert check_docx(data) == []
    text = text_of(data)
    for expected in ("Số: 01/QĐ-LĐLĐ", "Lai Châu, ngày 01 tháng 8 năm 2026",
                     "Về việc tặng Bằng khen cấp bộ, ngành, tỉnh",
                     "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Liên đoàn Lao động tỉnh "
                     "Lai Châu tại Biên bản số 01/BB-HĐTĐKT ngày 20/11/2025",
                     "cho 02 tập thể và 01 cá nhân (có danh sách kèm theo)",
                     "mức lương cơ sở 2.530.000 đồng/tháng",
                     "Công đoàn Trường số 1\nCông đoàn ngành Giáo dục",
                     "Lò Thị Hương\nCông đoàn Trường số 1",
                     "7.590.000", "3.800.000", "18.980.000",
                     "Mười tám triệu chín trăm tám mươi nghìn đồng",
                     "(Kèm theo Quyết định số 01/QĐ-LĐLĐ ngày 01 tháng 8 năm 2026",
                     "TM. BAN THƯỜNG VỤ", "Nguyễn Thị Thiện"):
        assert expected in text, expected

    # The same file every time; the verify endpoint knows it.
    assert download(api, f"/decisions/{decision['id']}/document.docx") == data
    verified = api.client.post("/api/v1/documents/verify", headers=api.headers,
                               data={"file": (io.BytesIO(data), "qd.docx")})
    assert verified.json["issued"] is True and verified.json["number"] == "01/QĐ-LĐLĐ"
    assert verified.json["kind"] == "quyet_dinh_khen_thuong"
    assert verified.json["downloads"] == 2


def test_a_draft_decision_has_no_document_yet(api: Api, council: dict[str, Any]) -> None:
    world, nominations = council["world"], council["nominations"]
    draft = world.app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="bang_khen_tinh", nomination_ids=[nominations["GD1"]], signer=SIGNER,
        actor=SECRETARY)
    before = api.app.store.event_count()
    response = api.get(f"/decisions/{draft['id']}/document.docx")
    assert response.status_code == 409 and response.json["error"]["field"] == "decision_id"
    assert "chưa ban hành" in response.json["error"]["message"]
    assert api.app.store.event_count() == before


def test_a_proposal_lists_what_the_council_chose_for_the_addressee(
        api: Api, council: dict[str, Any]) -> None:
    created = api.post(f"/councils/sessions/{council['session']}/proposals", {
        "addressee": "Ủy ban nhân dân tỉnh Lai Châu", "signer": SIGNER,
        "issued_on": "2025-11-25"})
    assert created.status_code == 201, created.json
    assert created.json["number"] == "01/TTr-LĐLĐ"
    text = text_of(download(api, f"/papers/{created.json['id']}/document.docx"))
    for expected in ("Số: 01/TTr-LĐLĐ", "Lai Châu, ngày 25 tháng 11 năm 2025",
                     "Kính gửi: Ủy ban nhân dân tỉnh Lai Châu.",
                     "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng Liên đoàn Lao động "
                     "tỉnh Lai Châu ngày 20/11/2025",
                     "cho 02 tập thể và 01 cá nhân có thành tích trong phong trào thi đua “Cán bộ",
                     "Công đoàn Sở số 1", "Lò Thị Hương",
                     "Hoàn thành xuất sắc nhiệm vụ; tiêu biểu trong phong trào văn hóa công sở."):
        assert expected in text, expected
    assert "Công đoàn Sở số 2" not in text  # it did not pass


def test_a_deputy_signs_a_proposal_for_the_ban_thuong_vu_on_three_lines(
        api: Api, council: dict[str, Any]) -> None:
    signer = {"name": "Lê Văn Hòa", "position": "Phó Chủ tịch",
              "authority": "TM. Ban Thường vụ", "deputy": "KT. Chủ tịch"}
    created = api.post(f"/councils/sessions/{council['session']}/proposals", {
        "addressee": "Ủy ban nhân dân tỉnh Lai Châu", "signer": signer,
        "issued_on": "2025-11-25"})
    assert created.status_code == 201, created.json
    text = text_of(download(api, f"/papers/{created.json['id']}/document.docx"))
    assert "TM. BAN THƯỜNG VỤ\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text


@pytest.mark.parametrize(("path", "body", "status", "field"), [
    ("minutes", {**MINUTES, "started_at": "25:70"}, 400, "started_at"),
    ("minutes", {**MINUTES, "chair": {"name": "", "position": "Chủ tịch"}}, 400, "chair.name"),
    ("proposals", {"addressee": "UBND tỉnh", "signer": {**SIGNER, "authority": "XX. Ai đó"}},
     400, "signer.authority"),
    ("proposals", {"addressee": "UBND tỉnh", "signer": {**SIGNER, "deputy": "TL. Chủ tịch"}},
     400, "signer.deputy"),
    ("proposals", {"addressee": "UBND tỉnh", "signer": {
        **SIGNER, "position": "Phó Chủ tịch", "authority": "TM. Ban Thường vụ"}}, 422,
     "signer.authority"),
    ("proposals", {"addressee": "UBND tỉnh", "signer": {
        **SIGNER, "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch",
        "deputy": "KT. Chủ tịch"}}, 422, "signer.deputy"),
    ("proposals", {"addressee": "UBND tỉnh", "signer": {
        **SIGNER, "authority": "TM. Ban Thường vụ", "deputy": "KT. Chủ tịch"}}, 422,
     "signer.deputy"),
    # Of the schema's shape; refused for what the session holds (422).
    ("minutes", {**MINUTES, "ended_at": "08:00"}, 422, "ended_at"),
    ("proposals", {"addressee": "UBND tỉnh", "signer": SIGNER, "award": "cstd_tinh"}, 422,
     "award"),
    ("proposals", {"addressee": "UBND tỉnh", "signer": SIGNER, "issued_on": "2025-11-01"}, 422,
     "issued_on"),
])
def test_bad_paper_requests_name_the_field_and_store_nothing(
        api: Api, council: dict[str, Any], path: str, body: dict[str, Any], status: int,
        field: str) -> None:
    before = api.app.store.event_count()
    response = api.post(f"/councils/sessions/{council['session']}/{path}", body)
    assert response.status_code == status, response.json
    assert response.json["error"]["field"] == field, response.json
    assert api.app.store.event_count() == before


def test_minutes_name_the_absent_member_and_the_written_opinion(api: Api) -> None:
    """LEGAL.md: an absent member's written opinion counts and is recorded in the Biên bản."""
    api.app.store.clock = lambda: date(2025, 10, 1)
    world = build_world(api.app, members=3, schools=2, others=1)
    service = world.app
    nomination = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    session = convene(world, present=world.members[:2])
    ballot = service.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)["id"]
    for member in world.members[:2]:
        service.council.cast_vote(ballot, choice="dong_y", actor=world.actor(member))
    write_opinion(world, ballot, world.members[2], "khong_dong_y")
    service.council.close_ballot(ballot, actor=SECRETARY)
    service.council.conclude_session(session, actor=SECRETARY)
    text = minutes_text(api, session)
    for expected in ("Tổng số thành viên Hội đồng: 3; có mặt 2/3 thành viên, đủ điều kiện "
                     "theo quy định (tối thiểu 2/3); vắng mặt: 01 (có ý kiến bằng văn bản: 01)",
                     "Vắng mặt: 01 thành viên: Thành viên số 2 (có ý kiến bằng văn bản, phiếu "
                     "có chữ ký kèm theo).",
                     "Ý kiến bằng văn bản được tính vào kết quả (do Thư ký Hội đồng tiếp nhận, "
                     "phiếu có chữ ký kèm theo): Công đoàn Trường số 1: 01 ý kiến.",
                     "Công đoàn Trường số 1\nBằng khen cấp bộ, ngành, tỉnh\n2\n1"):
        assert expected in text, expected


def test_minutes_record_how_a_tie_for_the_last_place_was_decided(api: Api) -> None:
    """Two education collectives tied for the last reserved place: the one whose members
    are 75 % women goes first (women-first rule), and the Biên bản says so."""
    api.app.store.clock = lambda: date(2025, 10, 1)
    quota = [{"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 1,
              "reserved": []}]
    world = build_world(api.app, members=3, schools=2, others=1, quotas=quota)
    session = approve(world, [  # every member agrees to both: a tie for the one place
        nominate(world, "collective", "GD1", "bang_khen_tinh")["id"],
        nominate(world, "collective", "GD2", "bang_khen_tinh", staff_total=20,
                 staff_women=15)["id"]])
    text = minutes_text(api, session)
    for expected in ("Công đoàn Trường số 1\nBằng khen cấp bộ, ngành, tỉnh\n3\n0\n100,00 %\n"
                     "Đạt tỷ lệ, ngoài chỉ tiêu",
                     "Công đoàn Trường số 2\nBằng khen cấp bộ, ngành, tỉnh\n3\n0\n100,00 %\n"
                     "Đạt (bằng phiếu; ưu tiên tập thể có 75 % nữ (từ 70 % trở lên))"):
        assert expected in text, text


def test_no_minutes_before_the_session_is_concluded(api: Api) -> None:
    api.app.store.clock = lambda: date(2025, 10, 1)
    world = build_world(api.app, members=3, schools=2, others=1)
    session = convene(world)
    before = api.app.store.event_count()
    response = api.post(f"/councils/sessions/{session}/minutes", MINUTES)
    assert response.status_code == 409 and response.json["error"]["field"] == "session_id"
    assert api.app.store.event_count() == before


def test_a_council_member_may_not_issue_papers(api: Api, council: dict[str, Any]) -> None:
    member = council["world"].members[1]
    token = api.client.post("/api/v1/auth/token", json={
        "username": member, "password": "mat-khau-dai"}).json["token"]
    response = api.client.post(f"/api/v1/councils/sessions/{council['session']}/minutes",
                               json=MINUTES, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_the_exemplar_report_lists_the_best_of_the_month(api: Api) -> None:
    ids = build_standings(api.app)
    project_all(api.app)
    signer = {"name": "Lê Văn Phó", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch"}
    early = api.post(f"/campaigns/{ids['campaign']}/exemplar-reports", {
        "period": "2020-01", "signer": signer, "issued_on": "2020-01-20"})
    assert early.status_code == 422 and early.json["error"]["field"] == "period"

    # The scores were recorded today: a report dated 05/02/2020 says why it is back-dated.
    before = api.app.store.event_count()
    undated = api.post(f"/campaigns/{ids['campaign']}/exemplar-reports", {
        "period": "2020-01", "top": 2, "signer": signer, "issued_on": "2020-02-05"})
    assert undated.status_code in (400, 422) and undated.json["error"]["field"] == "reason"
    assert "trước ngày ghi nhận số liệu" in undated.json["error"]["message"]
    assert api.app.store.event_count() == before
    created = api.post(f"/campaigns/{ids['campaign']}/exemplar-reports", {
        "period": "2020-01", "top": 2, "signer": signer, "issued_on": "2020-02-05",
        "reason": "Lập lại từ báo cáo giấy ngày 05/02/2020."})
    assert created.status_code == 201, created.json
    assert created.json["reason"] == "Lập lại từ báo cáo giấy ngày 05/02/2020."
    assert created.json["number"] == "01/BC-LĐLĐ"
    data = download(api, f"/papers/{created.json['id']}/document.docx")
    assert check_docx(data) == []
    text = text_of(data)
    for expected in ("Số: 01/BC-LĐLĐ", "Danh sách điển hình tiên tiến tháng 01 năm 2020",
                     "Công đoàn Trường THPT chuyên Lê Quý Đôn", "Đạt 95/100 điểm",
                     "xếp loại hoàn thành xuất sắc; xếp thứ 1",
                     "Công đoàn Trường THPT Quyết Thắng", "Công đoàn Sở Tài chính",
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Phó"):
        assert expected in text, expected
    assert "Công đoàn Sở Nội vụ" not in text  # ranked 4th
    listed = api.get(f"/papers?reference_id={ids['campaign']}").json
    assert [p["number"] for p in listed] == ["01/BC-LĐLĐ"]


def test_libreoffice_prints_the_generated_decision_and_minutes(
        api: Api, council: dict[str, Any], tmp_path: Path) -> None:
    need_libreoffice()
    papers = api.app.papers
    minutes = papers.issue_minutes(council["session"], **MINUTES, actor=SECRETARY)
    decision = issue_decision(council["world"], council["nominations"])
    files = {"decision": papers.decision_document(decision["id"], SYSTEM).data,
             "minutes": papers.paper_document(minutes["id"], SYSTEM).data}
    converted = pdf.to_pdfs(files)
    texts = {}
    for name, data in converted.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        texts[name] = " ".join(pdf_pages(path))
    decision_text, minutes_text = texts["decision"], texts["minutes"]
    for expected in ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "Số: 01/QĐ-LĐLĐ",
                     "Lai Châu, ngày 01 tháng 8 năm 2026", "QUYẾT ĐỊNH", "Lò Thị Hương",
                     "Công đoàn Trường số 1", "18.980.000"):
        assert expected in decision_text, expected
    for expected in ("BIÊN BẢN", "Số: 01/BB-HĐTĐKT", "Công đoàn Sở số 2", "Không đạt"):
        assert expected in minutes_text, expected


def test_the_pdf_of_an_issued_decision_and_minutes_is_served_once_and_verifies(
        api: Api, council: dict[str, Any]) -> None:
    """X-Document-SHA256 is the hash of the file served; the same bytes again; POST
    /documents/verify knows the PDF as the issued paper, and the .docx points to it."""
    need_libreoffice()
    minutes = api.post(f"/councils/sessions/{council['session']}/minutes", MINUTES).json
    decision = issue_decision(council["world"], council["nominations"])
    for path, number in ((f"/decisions/{decision['id']}/document", "01/QĐ-LĐLĐ"),
                         (f"/papers/{minutes['id']}/document", "01/BB-HĐTĐKT")):
        first, again = api.get(f"{path}.pdf"), api.get(f"{path}.pdf")
        assert first.status_code == again.status_code == 200, first.get_data(as_text=True)
        assert first.mimetype == "application/pdf" and first.data.startswith(b"%PDF")
        sha = hashlib.sha256(first.data).hexdigest()
        assert first.headers["X-Document-SHA256"] == sha == again.headers["X-Document-SHA256"]
        assert again.data == first.data
        checked = api.client.post("/api/v1/documents/verify", headers=api.headers,
                                  data={"file": (io.BytesIO(first.data), "van-ban.pdf")})
        assert checked.status_code == 200, checked.json
        assert checked.json["issued"] is True and checked.json["number"] == number
        assert checked.json["sha256"] == sha
        source = api.get(f"{path}.docx").data
        pointed = api.client.post("/api/v1/documents/verify", headers=api.headers,
                                  data={"file": (io.BytesIO(source), "van-ban.docx")})
        assert pointed.json["pdf_sha256"] == sha
