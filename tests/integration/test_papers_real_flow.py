"""The papers a văn thư downloads from the real flow, read as she reads them (issue 13).

Two organisations go through the whole work (``tests/support/paper_flows.py``): a trade
union with its own award names under the trade-union system, and a state agency (a Sở and
its province) under Luật Thi đua, khen thưởng. Every point below is asserted on the
generated files: the .docx text read back with python-docx, and the PDF LibreOffice makes
of it, read with pdftotext. Nothing here is an example context.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from docgen.checker import check_docx
from events.errors import ConflictError, InvalidInputError
from events.paper import Paper
from services.actors import SYSTEM, Actor
from tests.support.documents import (
    need_libreoffice,
    pdf_layout,
    pdf_pages,
    text_of,
)
from tests.support.paper_flows import (
    DIRECTOR,
    SECRETARY,
    STATE_BASIS,
    STATE_MOVEMENT,
    STATE_SUMMARIES,
    UNION_BASIS,
    UNION_CHAIR,
    UNION_GOVERNING_BODY,
    UNION_MOVEMENT,
    UNION_SUMMARIES,
    Flow,
    open_app,
    print_papers,
    state_flow,
    union_flow,
)
from tests.support.projections import project_all

UNION_BK = "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu"
UNION_CO = "Cờ thi đua của Liên đoàn Lao động tỉnh Lai Châu"
STATE_GK = "Giấy khen của Giám đốc Sở Giáo dục và Đào tạo tỉnh Lai Châu"
STATE_BK = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lai Châu"
# The first line of the body under the headings of each paper.
BODY_OPENINGS = ("Căn cứ", "Kính gửi", "Thời gian", "Thực hiện", "Để ")
DOUBLED = re.compile(r"phong trào thi đua “[^”]*phong trào thi đua")


@pytest.fixture(scope="module")
def union(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    app = open_app(tmp_path_factory.mktemp("union"))
    yield union_flow(app)
    app.close()


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    app = open_app(tmp_path_factory.mktemp("state"))
    yield state_flow(app)
    app.close()


@pytest.fixture(scope="module")
def printed(union: Flow, state: Flow,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every paper of both flows as LibreOffice prints it ("union-quyet_dinh" → PDF)."""
    need_libreoffice()
    return print_papers({"union": union, "state": state}, tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def pdfs(printed: dict[str, Path]) -> dict[str, list[str]]:
    """The text of every printed paper, one page a string."""
    return {name: pdf_pages(path) for name, path in printed.items()}


def text(flow: Flow, name: str) -> str:
    return text_of(flow.papers[name])


def one_line(value: str) -> str:
    return " ".join(value.split())


def in_order(body: str, *parts: str) -> None:
    """Each part is in ``body``, in this order."""
    at = [body.find(part) for part in parts]
    assert -1 not in at, [p for p, i in zip(parts, at, strict=True) if i < 0]
    assert at == sorted(at), list(zip(parts, at, strict=True))


def header_lines(data: bytes) -> list[str]:
    """The lines of the agency's name, top left, as set (line breaks kept)."""
    cell = docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0]
    return [line.strip() for p in cell.paragraphs for line in p.text.split("\n")
            if line.strip() and not line.strip().startswith("Số")]


# --- 1. the catalogue: the issuer's own names, the system's basis, fund and money --------

@pytest.mark.parametrize("name", ["quyet_dinh", "quyet_dinh_co", "to_trinh", "bien_ban"])
def test_union_papers_print_the_unions_own_award_names(union: Flow, name: str) -> None:
    body = text(union, name)
    assert UNION_BK in body or UNION_CO in body
    assert "Bằng khen cấp bộ, ngành, tỉnh" not in body
    assert "Cờ thi đua cấp bộ, ngành, tỉnh" not in body


def test_a_union_decision_cites_the_trade_unions_rules_and_pays_from_its_finance(
        union: Flow) -> None:
    body = text(union, "quyet_dinh")
    for expected in ("Căn cứ Luật Công đoàn ngày 27 tháng 11 năm 2024;",
                     "Căn cứ Điều lệ Công đoàn Việt Nam;",
                     "Căn cứ Quy chế khen thưởng của tổ chức Công đoàn",
                     "theo mức chi khen thưởng của Tổng Liên đoàn Lao động Việt Nam",
                     "chi từ nguồn tài chính công đoàn của Liên đoàn Lao động tỉnh Lai Châu "
                     "năm 2026"):
        assert expected in body, expected
    for absent in ("Luật Thi đua, khen thưởng", "Nghị định số 98/2023", "Nghị định số 152/2025",
                   "quỹ thi đua, khen thưởng", "Luật Công đoàn ngày 20 tháng 6 năm 2012"):
        assert absent not in body, absent


def test_a_state_decision_cites_the_law_and_the_decree_in_force_and_pays_from_the_fund(
        state: Flow) -> None:
    body = text(state, "quyet_dinh")  # signed 15/08/2025: NĐ 152/2025, never NĐ 98/2023
    for expected in ("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                     "Căn cứ Nghị định số 152/2025/NĐ-CP",
                     "theo quy định tại các điều từ Điều 49 đến Điều 54 Nghị định số "
                     "152/2025/NĐ-CP",
                     "chi từ quỹ thi đua, khen thưởng của Sở Giáo dục và Đào tạo tỉnh Lai Châu "
                     "năm 2025"):
        assert expected in body, expected
    for absent in ("98/2023", "Luật Công đoàn", "tài chính công đoàn"):
        assert absent not in body, absent


def test_a_state_decision_before_1_july_2025_cites_decree_98_2023_never_152_2025(
        state: Flow, pdfs: dict[str, list[str]]) -> None:
    body = text(state, "quyet_dinh_2024")  # signed 20/12/2024
    printed = one_line(" ".join(pdfs["state-quyet_dinh_2024"]))
    for expected in ("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                     "Căn cứ Nghị định số 98/2023/NĐ-CP",
                     "theo quy định tại Nghị định số 98/2023/NĐ-CP của Chính phủ",
                     "chi từ quỹ thi đua, khen thưởng của Sở Giáo dục và Đào tạo tỉnh Lai Châu "
                     "năm 2024", f"Tặng {STATE_GK} cho 01 cá nhân", "Lường Thị Lan"):
        assert expected in body, expected
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" in printed
    for absent in ("152/2025", "Luật Công đoàn", "tài chính công đoàn"):
        assert absent not in body and absent not in printed, absent


def test_a_deputy_signs_for_the_ban_thuong_vu_on_three_lines(
        union: Flow, pdfs: dict[str, list[str]]) -> None:
    """TM. for the collective, KT. for the deputy: "TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ
    CHỦ TỊCH" (Điều 13 NĐ 30/2020), as the Cờ thi đua decision is signed."""
    body = text(union, "quyet_dinh_co")
    assert "TM. BAN THƯỜNG VỤ\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n" in body
    assert "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" in body  # the issuing authority
    assert "TM. BAN THƯỜNG VỤ KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in one_line(
        " ".join(pdfs["union-quyet_dinh_co"]))
    assert check_docx(union.papers["quyet_dinh_co"]) == []


# --- 2. Quyết định ------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "name", "basis", "plan", "council", "proposal"), [
    ("union", "quyet_dinh", UNION_BASIS, "Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của "
     "Liên đoàn Lao động tỉnh Lai Châu về thực hiện phong trào thi đua",
     "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Công đoàn ngành Giáo dục tỉnh Lai Châu tại "
     "Biên bản số 01/BB-HĐTĐKT ngày 20/11/2025",
     "Xét Tờ trình số 01/TTr-CĐGD ngày 25/11/2025 của Công đoàn ngành Giáo dục tỉnh Lai Châu"),
    ("state", "quyet_dinh", STATE_BASIS, "Căn cứ Kế hoạch số 35/KH-SGDĐT ngày 05/9/2024 của "
     "Sở Giáo dục và Đào tạo tỉnh Lai Châu về phát động phong trào thi đua",
     "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Sở Giáo dục và Đào tạo tỉnh Lai Châu tại "
     "Biên bản số 01/BB-HĐTĐKT ngày 05/8/2025", None),
    ("state", "quyet_dinh_2024", STATE_BASIS, "Căn cứ Kế hoạch số 35/KH-SGDĐT ngày 05/9/2024",
     "Biên bản số 01/BB-HĐTĐKT ngày 10/12/2024", None),
    ("state", "quyet_dinh_tinh", "Căn cứ Quy chế làm việc của Ủy ban nhân dân tỉnh Lai Châu",
     "Căn cứ Kế hoạch số 35/KH-SGDĐT ngày 05/9/2024",
     "Biên bản số 01/BB-HĐTĐKT ngày 05/8/2025",
     "Xét Tờ trình số 01/TTr-SGDĐT ngày 08/8/2025 của Sở Giáo dục và Đào tạo tỉnh Lai Châu"),
])
def test_a_decisions_basis_reads_authority_law_decree_plan_minutes_proposal_in_order(
        request: pytest.FixtureRequest, pdfs: dict[str, list[str]], who: str, name: str,
        basis: str, plan: str, council: str, proposal: str | None) -> None:
    flow: Flow = request.getfixturevalue(who)
    law = "Căn cứ Luật Công đoàn" if who == "union" else "Căn cứ Luật Thi đua, khen thưởng"
    decree = ("Căn cứ Điều lệ Công đoàn" if who == "union" else "Căn cứ Nghị định số 98/2023"
              if name.endswith("2024") else "Căn cứ Nghị định số 152/2025")
    parts = [basis, law, decree, plan, council, *([proposal] if proposal else []),
             "QUYẾT ĐỊNH:"]
    in_order(text(flow, name), *parts)
    in_order(one_line(" ".join(pdfs[f"{who}-{name}"])), *parts)
    if proposal is None:
        assert "Xét Tờ trình" not in text(flow, name)  # its own council: no Tờ trình


def test_no_paper_reads_phong_trao_thi_dua_twice_in_one_name(
        union: Flow, state: Flow, pdfs: dict[str, list[str]]) -> None:
    for who, flow in (("union", union), ("state", state)):
        for name in flow.papers:
            assert not DOUBLED.search(one_line(text(flow, name))), (who, name)
            assert not DOUBLED.search(one_line(" ".join(pdfs[f"{who}-{name}"]))), (who, name)
    assert f"phong trào thi đua “{UNION_MOVEMENT}”" in text(union, "quyet_dinh")
    assert f"phong trào thi đua “{STATE_MOVEMENT}”" in text(state, "to_trinh")


@pytest.mark.parametrize(("who", "name", "who_is_listed", "award"), [
    ("union", "quyet_dinh", "tập thể, cá nhân", UNION_BK),
    ("union", "quyet_dinh_co", "tập thể", UNION_CO),
    ("state", "quyet_dinh", "tập thể", STATE_GK),
    ("state", "quyet_dinh_tinh", "cá nhân", STATE_BK),
    ("state", "quyet_dinh_2024", "cá nhân", STATE_GK),
])
def test_a_decision_names_tap_the_ca_nhan_only_as_it_lists_them(
        request: pytest.FixtureRequest, pdfs: dict[str, list[str]], who: str, name: str,
        who_is_listed: str, award: str) -> None:
    flow: Flow = request.getfixturevalue(who)
    body = text(flow, name)
    title = f"Về việc tặng {award} cho {who_is_listed} có thành tích trong phong trào thi đua"
    appendix = f"DANH SÁCH {who_is_listed.upper()} ĐƯỢC TẶNG {award.upper()}"
    for expected in (title, appendix, f"STT\n{who_is_listed.capitalize()}\nĐơn vị",
                     f"và các {who_is_listed} có tên tại Điều 1", f"Tặng {award} cho 0"):
        assert expected in body, expected
    printed = one_line(" ".join(pdfs[f"{who}-{name}"]))
    assert title in printed and appendix in printed
    if who_is_listed != "tập thể, cá nhân":
        assert "tập thể, cá nhân" not in body.lower() and "TẬP THỂ, CÁ NHÂN" not in body


def test_the_decision_and_its_appendix_carry_number_date_and_amounts(union: Flow) -> None:
    body = text(union, "quyet_dinh")
    for expected in ("Số: 01/QĐ-LĐLĐ", "Lai Châu, ngày 01 tháng 8 năm 2026",
                     "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
                     "Công đoàn Trường THPT chuyên Lê Quý Đôn\nCông đoàn ngành Giáo dục tỉnh "
                     "Lai Châu", "Nguyễn Thị Thu Hà\nCông đoàn Trường THPT chuyên Lê Quý Đôn",
                     "7.590.000", "3.800.000", "11.390.000",
                     "(Kèm theo Quyết định số 01/QĐ-LĐLĐ ngày 01 tháng 8 năm 2026",
                     "TM. BAN THƯỜNG VỤ"):
        assert expected in body, expected
    assert check_docx(union.papers["quyet_dinh"]) == []


# --- 3. Tờ trình ----------------------------------------------------------------------------

def test_the_proposal_names_the_campaign_lists_nominees_with_their_achievements(
        union: Flow, state: Flow, pdfs: dict[str, list[str]]) -> None:
    body = text(union, "to_trinh")
    for expected in ("Số: 01/TTr-CĐGD", "Kính gửi: Ban Thường vụ Liên đoàn Lao động tỉnh Lai "
                     "Châu.", f"cho tập thể, cá nhân có thành tích trong phong trào thi đua "
                     f"“{UNION_MOVEMENT}”", "cho 02 tập thể và 01 cá nhân có thành tích",
                     "STT\nTập thể, cá nhân\nĐơn vị\nHình thức đề nghị\nTóm tắt thành tích",
                     "Căn cứ Luật Công đoàn ngày 27 tháng 11 năm 2024",
                     "Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019",
                     "Căn cứ Biên bản số 01/BB-HĐTĐKT ngày 20/11/2025 của Hội đồng Thi đua - "
                     "Khen thưởng Công đoàn ngành Giáo dục tỉnh Lai Châu"):
        assert expected in body, expected
    for key in ("LQD", "HA", "BL"):
        assert UNION_SUMMARIES[key] in body, key
    assert "Công đoàn Trường THPT Quyết Thắng" not in body  # the council did not choose it
    state_body = text(state, "to_trinh")
    assert "cho cá nhân có thành tích" in state_body and "tập thể" not in state_body.lower()
    assert "STT\nCá nhân\nĐơn vị" in state_body
    assert STATE_SUMMARIES["THANH"] in state_body
    # In the PDF a table cell's lines interleave with its row's other cells: every word.
    printed = set(one_line(" ".join(pdfs["state-to_trinh"])).split())
    assert set(STATE_SUMMARIES["THANH"].split()) <= printed
    for name in ("to_trinh",):
        assert check_docx(union.papers[name]) == [] and check_docx(state.papers[name]) == []


def test_the_proposal_cites_its_issuers_own_power_first(
        union: Flow, state: Flow, pdfs: dict[str, list[str]]) -> None:
    """The Sở's Tờ trình opens its bases with the Quyết định on the Sở's own duties, as its
    decisions do; the education union, with no authority basis set, never borrows the
    province union's."""
    parts = ["Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lai Châu.", STATE_BASIS,
             "Căn cứ Luật Thi đua, khen thưởng", "Căn cứ Nghị định số 152/2025/NĐ-CP",
             "Căn cứ Kế hoạch số 35/KH-SGDĐT ngày 05/9/2024",
             "Căn cứ Biên bản số 01/BB-HĐTĐKT ngày 05/8/2025"]
    in_order(text(state, "to_trinh"), *parts)
    in_order(one_line(" ".join(pdfs["state-to_trinh"])), *parts)
    assert UNION_BASIS not in text(union, "to_trinh")


@pytest.mark.parametrize(("who", "name"), [("union", "to_trinh"), ("state", "to_trinh"),
                                           ("union", "bao_cao"), ("state", "bao_cao")])
def test_achievement_cells_are_left_aligned_not_justified(
        request: pytest.FixtureRequest, who: str, name: str) -> None:
    """A justified summary in a narrow column prints "Sáng  kiến  cấp  tỉnh  về": the text
    cells of the nominees' and exemplars' tables are set flush left."""
    flow: Flow = request.getfixturevalue(who)
    table = next(t for t in docx.Document(io.BytesIO(flow.papers[name])).tables[1:]
                 if t.rows[0].cells[0].text.strip() == "STT")
    for row in table.rows[1:]:
        for cell in row.cells[1:]:
            for p in cell.paragraphs:
                assert p.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT), \
                    (name, p.text, p.alignment)


def test_a_proposal_refuses_a_double_award_naming_the_decision_or_the_pending_dossier(
        state: Flow) -> None:
    """School A holds the Sở's Giấy khen of 2025 (01/QĐ-SGDĐT); Tẩn Thị Mây's CSTĐCS of 2025
    is still pending in the first campaign: a second campaign may not propose either."""
    app = state.app
    state.on(date(2025, 9, 10))
    campaign = app.campaigns.create_campaign({
        "code": "CDS-2025", "number": "40/KH-SGDĐT", "title": "Chuyển đổi số trong nhà trường",
        "issuer_unit_code": "SGDDT", "start": "2025-09-01", "end": "2025-12-31",
        "registration_deadline": "2025-09-30", "tracks": [
            {"subject_kind": "collective", "cadence": "monthly", "criteria": [],
             "thresholds": {}},
            {"subject_kind": "individual", "cadence": "weekly", "criteria": [],
             "thresholds": {}}],
        "plan": {"signer": DIRECTOR}}, actor=SYSTEM)["id"]
    again = [app.nominations.submit_nomination(
        campaign_id=campaign, subject_kind=kind, subject_id=state.ids[key], award=award,
        year=2025, route="phong_trao", summary="Đề nghị lại.", actor=SYSTEM)["id"]
        for key, kind, award in (("A", "collective", "gk_sgddt"),
                                 ("MAY", "individual", "cstdcs"))]
    members = app.council.get_session(state.ids["session"])["members"]
    session = app.council.convene_session(unit_code="SGDDT", title="Phiên họp bổ sung",
                                          held_on=date(2025, 9, 12), members=members,
                                          chair=members[0], actor=SECRETARY)["id"]
    app.council.record_attendance(session, present=members, actor=SECRETARY)
    for nomination in again:
        ballot = app.council.open_ballot(session, nomination_id=nomination,
                                         actor=SECRETARY)["id"]
        for member in members:
            app.council.cast_vote(ballot, choice="dong_y",
                                  actor=Actor(username=member, role="council_member"))
        app.council.close_ballot(ballot, actor=SECRETARY)
    app.council.conclude_session(session, actor=SECRETARY)
    state.on(date(2025, 9, 15))
    before = app.store.event_count()
    with pytest.raises(ConflictError) as held:
        app.papers.issue_proposal(session, addressee="Chủ tịch Ủy ban nhân dân tỉnh",
                                  award="gk_sgddt", signer=DIRECTOR, actor=SECRETARY)
    assert "Trường THPT chuyên Lê Quý Đôn" in held.value.message
    assert f"đã được tặng «{STATE_GK}» năm 2025 (Quyết định số 01/QĐ-SGDĐT)" in \
        held.value.message
    with pytest.raises(ConflictError) as pending:
        app.papers.issue_proposal(session, addressee="Chủ tịch Ủy ban nhân dân tỉnh",
                                  award="cstdcs", signer=DIRECTOR, actor=SECRETARY)
    assert "Tẩn Thị Mây" in pending.value.message
    assert f"đang có hồ sơ đề nghị «Chiến sĩ thi đua cơ sở» năm 2025 trong phong trào " \
           f"“{STATE_MOVEMENT}”" in pending.value.message
    assert app.store.event_count() == before


def test_a_paper_back_dated_more_than_30_days_needs_a_reason_recorded_in_its_event(
        union: Flow) -> None:
    app = union.app
    union.on(date(2026, 1, 10))
    before = app.store.event_count()
    with pytest.raises(InvalidInputError) as refused:
        app.papers.issue_proposal(union.ids["session"], addressee="Tổng Liên đoàn",
                                  award="co_ldld_tinh", issued_on="2025-12-01",
                                  signer=DIRECTOR, actor=SECRETARY)
    assert refused.value.field == "reason" and "lùi quá 30 ngày" in refused.value.message
    assert app.store.event_count() == before
    # The Báo cáo of the flow was dated 10/04/2020, years before its scores were recorded:
    # its reason is in the event that issued it.
    (event,) = list(app.store.events.get(UUID(union.records["bao_cao"]["id"])))
    assert isinstance(event, Paper.Issued)
    assert event.reason == "Lập lại trên hệ thống từ báo cáo giấy đã gửi ngày 10/4/2020."


# --- 4. Biên bản ----------------------------------------------------------------------------

def test_the_minutes_state_quorum_method_threshold_and_the_recommendation(
        union: Flow, pdfs: dict[str, list[str]]) -> None:
    body = text(union, "bien_ban")
    printed = one_line(" ".join(pdfs["union-bien_ban"]))
    for expected in (
            "Tổng số thành viên Hội đồng: 10; có mặt 8/10 thành viên, đủ điều kiện theo quy "
            "định (tối thiểu 2/3); vắng mặt: 02 (có ý kiến bằng văn bản: 02).",
            f"- {UNION_BK}: biểu quyết công khai; đạt khi có trên 50 % tổng số thành viên "
            "Hội đồng đồng ý.",
            f"- {UNION_CO}: bỏ phiếu kín; đạt khi có từ 80 % tổng số thành viên Hội đồng "
            "đồng ý.",
            f"Hội đồng thống nhất đề nghị Liên đoàn Lao động tỉnh Lai Châu xem xét, tặng "
            f"{UNION_BK} cho 01 tập thể và 01 cá nhân sau:",
            "- Công đoàn Trường THPT chuyên Lê Quý Đôn (Công đoàn ngành Giáo dục tỉnh Lai "
            "Châu);", "- Nguyễn Thị Thu Hà (Công đoàn Trường THPT chuyên Lê Quý Đôn).",
            f"tặng {UNION_CO} cho 01 tập thể sau:",
            "Hội đồng không đề nghị khen thưởng: Công đoàn Trường THPT Quyết Thắng (không "
            "đạt tỷ lệ phiếu đồng ý).",
            "Công đoàn Trường THPT chuyên Lê Quý Đôn\n" + UNION_BK + "\n9\n1\n90,00 %\nĐạt",
            "Công đoàn Trường THPT Quyết Thắng\n" + UNION_BK + "\n4\n6\n40,00 %\nKhông đạt"):
        assert expected in body, expected
    for expected in ("có mặt 8/10 thành viên, đủ điều kiện theo quy định (tối thiểu 2/3)",
                     "bỏ phiếu kín; đạt khi có từ 80 % tổng số thành viên Hội đồng đồng ý"):
        assert expected in printed, expected
    assert check_docx(union.papers["bien_ban"]) == []


def test_minutes_shares_are_rounded_half_up_as_the_api_answers_and_nobody_absent_is_khong(
        state: Flow, pdfs: dict[str, list[str]]) -> None:
    body = text(state, "bien_ban")
    printed = one_line(" ".join(pdfs["state-bien_ban"]))
    # 8 of 9 members: 88,89 % in the paper, 88.89 in the API's ballot and nomination.
    assert "Trường THPT Quyết Thắng\n" + STATE_GK + "\n8\n1\n88,89 %\nĐạt" in body
    assert "Vũ Đức Thành\n" + STATE_BK + "\n7\n2\n77,78 %\nĐạt" in body
    assert {"88,89", "77,78"} <= set(printed.split())  # table cells: word by word
    ballots = state.app.council.ballots_of(state.ids["session"])
    shares = {b["subject_name"]: b["result"]["percent"] for b in ballots}
    assert shares["Trường THPT Quyết Thắng"] == Decimal("88.89")
    assert shares["Vũ Đức Thành"] == Decimal("77.78")
    votes = state.app.nominations.get_nomination(state.ids["n_B"])["votes"]
    assert votes["percent"] == Decimal("88.89")
    for expected in ("có mặt 9/9 thành viên, đủ điều kiện theo quy định (tối thiểu 2/3); "
                     "vắng mặt: không.", "- Vắng mặt: không."):
        assert expected in body, expected
        assert expected in printed, expected
    assert "00 thành viên" not in body
    assert "Chiến sĩ thi đua cơ sở: bỏ phiếu kín; đạt khi có từ 80 %" in body
    assert ("Hội đồng thống nhất đề nghị Sở Giáo dục và Đào tạo tỉnh Lai Châu xem xét, công "
            "nhận danh hiệu Chiến sĩ thi đua cơ sở cho 01 cá nhân sau:") in body
    assert (f"Hội đồng thống nhất đề nghị Ủy ban nhân dân tỉnh Lai Châu xem xét, tặng "
            f"{STATE_BK} cho 01 cá nhân sau:") in body


@pytest.mark.parametrize(("who", "lines"), [
    ("union", ["CÔNG ĐOÀN NGÀNH GIÁO DỤC", "TỈNH LAI CHÂU", "HỘI ĐỒNG",
               "THI ĐUA - KHEN THƯỞNG"]),
    ("state", ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "TỈNH LAI CHÂU", "HỘI ĐỒNG",
               "THI ĐUA - KHEN THƯỞNG"]),
])
def test_the_minutes_header_and_title_break_between_phrases_only(
        request: pytest.FixtureRequest, printed: dict[str, Path], who: str,
        lines: list[str]) -> None:
    flow: Flow = request.getfixturevalue(who)
    assert header_lines(flow.papers["bien_ban"]) == lines
    shown = [line for page in pdf_layout(printed[f"{who}-bien_ban"])[:1]
             for _, _, line in page.lines]
    assert "THI ĐUA - KHEN THƯỞNG" in shown  # one line as printed, never "… KHEN / THƯỞNG"
    assert not any(line.endswith(("KHEN", "GIÁO", "LAI")) for line in shown), shown[:12]
    movement = UNION_MOVEMENT if who == "union" else STATE_MOVEMENT
    assert (f"Họp Hội đồng Thi đua - Khen thưởng xét đề nghị khen thưởng trong phong trào thi "
            f"đua “{movement}”") in one_line(text(flow, "bien_ban"))


@pytest.mark.parametrize("who", ["union", "state"])
def test_every_header_and_title_line_ends_at_a_phrase(
        request: pytest.FixtureRequest, printed: dict[str, Path], who: str) -> None:
    """No printed line of a header or a trích yếu ends inside a word of two syllables."""
    flow: Flow = request.getfixturevalue(who)
    for name in flow.papers:
        first = pdf_layout(printed[f"{who}-{name}"])[0]
        lines = [line for _, _, line in first.lines]
        body = next(i for i, line in enumerate(lines) if line.startswith(BODY_OPENINGS))
        for line in lines[:body]:
            assert not line.endswith((" Lai", " KHEN", " LAI", " Thi", " GIÁO", " Lao",
                                      " LAO", " Giáo", " Ủy", " ỦY")), (name, line)


@pytest.mark.parametrize(("who", "name"), [
    ("union", "quyet_dinh"), ("union", "quyet_dinh_co"), ("state", "quyet_dinh"),
    ("state", "quyet_dinh_tinh"), ("state", "quyet_dinh_2024")])
def test_the_appendix_reference_breaks_before_cua_only(
        printed: dict[str, Path], who: str, name: str) -> None:
    """"(Kèm theo Quyết định số … ngày … của …)" keeps the number, the date and the issuer
    whole: printed "… của Ban / Thường vụ …" or "… của Chủ tịch / Ủy ban …" before."""
    lines = [line for page in pdf_layout(printed[f"{who}-{name}"])
             for _, _, line in sorted(page.lines)]
    at = next(i for i, line in enumerate(lines) if line.startswith("(Kèm theo"))
    assert lines[at].endswith(")") or (lines[at + 1].startswith("của ")
                                       and lines[at + 1].endswith(")")), lines[at:at + 2]


# --- 5. Báo cáo điển hình tiên tiến ---------------------------------------------------------

def test_the_report_prints_the_average_per_period_as_the_standings_show(
        union: Flow, pdfs: dict[str, list[str]]) -> None:
    body = text(union, "bao_cao")
    standings = union.app.standings.get(union.ids["campaign"], "2020-Q1",
                                        subject_kind="collective")
    best = standings["rows"][0]
    assert best["subject_name"] == "Công đoàn Trường THPT chuyên Lê Quý Đôn"
    assert best["average"] == Decimal("92.33") and best["periods_counted"] == 3
    for expected in ("Danh sách điển hình tiên tiến quý I năm 2020 trong phong trào thi đua "
                     f"“{UNION_MOVEMENT}”",
                     "Công đoàn Trường THPT chuyên Lê Quý Đôn\nCông đoàn ngành Giáo dục tỉnh "
                     "Lai Châu\nĐạt bình quân 92,33/100 điểm mỗi tháng (03 tháng), xếp loại "
                     "hoàn thành xuất sắc; xếp thứ 1.",
                     "Công đoàn Trường THPT Quyết Thắng\nCông đoàn ngành Giáo dục tỉnh Lai "
                     "Châu\nĐạt bình quân 81,67/100", "STT\nTập thể\nĐơn vị",
                     "Thực hiện Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019"):
        assert expected in body, expected
    printed = one_line(" ".join(pdfs["union-bao_cao"]))
    assert "Đạt bình quân 92,33/100 điểm mỗi tháng" in printed
    for paper in (body, printed):
        for points, most in re.findall(r"Đạt (?:bình quân )?([\d.,]+)/([\d.,]+) điểm", paper):
            assert Decimal(points.replace(",", ".")) <= Decimal(most), (points, most)
    assert "Công đoàn Trường THPT Bình Lư" not in body  # third: not in the top 2


def test_a_single_month_reports_its_points_and_the_parent_unit(state: Flow) -> None:
    body = text(state, "bao_cao")
    for expected in ("Trường THPT chuyên Lê Quý Đôn\nSở Giáo dục và Đào tạo tỉnh Lai Châu\n"
                     "Đạt 95/100 điểm, xếp loại hoàn thành xuất sắc; xếp thứ 1.",
                     "Trường THPT Quyết Thắng\nSở Giáo dục và Đào tạo tỉnh Lai Châu\nĐạt "
                     "90/100 điểm", "tháng 3 năm 2025"):
        assert expected in body, expected


def test_a_report_dated_before_the_scores_were_recorded_needs_a_reason(union: Flow) -> None:
    app = union.app
    paper = app.papers.get_paper(union.records["bao_cao"]["id"])
    assert paper["reason"] == "Lập lại trên hệ thống từ báo cáo giấy đã gửi ngày 10/4/2020."
    union.on(date(2020, 5, 1))  # within 30 days: only the recording of the scores counts
    project_all(app)
    before = app.store.event_count()
    with pytest.raises(InvalidInputError) as refused:
        app.papers.issue_exemplar_report(union.ids["campaign"], period="2020-02",
                                         signer=DIRECTOR, issued_on="2020-04-20",
                                         actor=SECRETARY)
    assert refused.value.field == "reason"
    assert "trước ngày ghi nhận số liệu được báo cáo" in refused.value.message
    assert app.store.event_count() == before


def test_a_plan_never_prints_a_scale_of_zero_points(union: Flow) -> None:
    """The union's individuals are followed weekly without criteria: no "thang điểm 0"."""
    body = text(union, "ke_hoach")
    assert "thang điểm 0" not in body
    assert "Cá nhân được theo dõi, đánh giá hằng tuần." in body
    assert "Tập thể được chấm hằng tháng theo thang điểm 100; xếp loại" in body


def test_a_plan_without_quotas_prints_no_empty_quota_table(
        union: Flow, state: Flow, pdfs: dict[str, list[str]]) -> None:
    """The Sở's campaign set no quotas: section IV says how awards are decided, with no
    table of a header row over nothing; the union's plan keeps its table."""
    def quota_tables(data: bytes) -> int:
        return sum(t.rows[0].cells[1].text.strip() == "Hình thức khen thưởng"
                   for t in docx.Document(io.BytesIO(data)).tables)

    assert quota_tables(state.papers["ke_hoach"]) == 0
    assert quota_tables(union.papers["ke_hoach"]) == 1
    expected = ("IV. HÌNH THỨC VÀ SỐ LƯỢNG KHEN THƯỞNG - Căn cứ kết quả thi đua, Sở Giáo dục "
                "và Đào tạo tỉnh Lai Châu xét khen thưởng hoặc đề nghị cấp trên khen thưởng "
                "các tập thể, cá nhân có thành tích tiêu biểu theo quy định hiện hành. V. TỔ "
                "CHỨC THỰC HIỆN")
    assert expected in one_line(text(state, "ke_hoach"))
    assert expected in one_line(" ".join(pdfs["state-ke_hoach"]))
    assert check_docx(state.papers["ke_hoach"]) == []


def test_every_real_flow_paper_passes_the_nd30_checker(union: Flow, state: Flow) -> None:
    for who, flow in (("union", union), ("state", state)):
        for name, data in flow.papers.items():
            assert check_docx(data) == [], (who, name, [str(v) for v in check_docx(data)])


# --- the governing body above a root unit's name (NĐ 30/2020 Phụ lục I) --------------------

GOVERNING = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"


@pytest.mark.parametrize("name", ["quyet_dinh", "quyet_dinh_co", "bao_cao", "ke_hoach"])
def test_a_root_unions_papers_print_its_governing_body_first_in_capitals(
        union: Flow, printed: dict[str, Path], name: str) -> None:
    """The Liên đoàn tỉnh has no parent in the tree; the Tổng Liên đoàn its settings name is
    the header's first line, above its own name, in the .docx and in the PDF."""
    lines = header_lines(union.papers[name])
    assert one_line(" ".join(lines)).startswith(
        f"{GOVERNING} LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"), lines
    page = pdf_pages(printed[f"union-{name}"])[0]
    assert "TỔNG LIÊN ĐOÀN LAO ĐỘNG" in page
    assert page.index("TỔNG LIÊN ĐOÀN LAO ĐỘNG") < page.index("LIÊN ĐOÀN LAO ĐỘNG TỈNH"), page


def test_only_the_direct_governing_body_heads_a_paper(union: Flow, state: Flow,
                                                      pdfs: dict[str, list[str]]) -> None:
    """A unit under the Liên đoàn tỉnh prints the Liên đoàn tỉnh alone above its name (the
    direct one, never the Tổng Liên đoàn too); the state agency's root, an Ủy ban nhân dân
    tỉnh, has none: its own decision's header is its name alone."""
    assert header_lines(union.papers["to_trinh"])[0] == "LIÊN ĐOÀN LAO ĐỘNG"
    assert "TỔNG LIÊN ĐOÀN" not in one_line(text(union, "to_trinh"))
    assert one_line(" ".join(header_lines(state.papers["quyet_dinh_tinh"]))) == \
        "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
    for name in state.papers:
        assert "TỔNG LIÊN ĐOÀN" not in " ".join(pdfs[f"state-{name}"]), name


def test_a_root_unions_yearly_summary_prints_its_governing_body(union: Flow) -> None:
    """Run last in this module: it adds a Báo cáo to the union's register."""
    app = union.app
    assert app.settings.settings_of("LDLD")["governing_body"] == UNION_GOVERNING_BODY
    draft = app.summaries.draft(year=2020, unit_code="LDLD", sections={
        "situation": ["Năm 2020, công đoàn tỉnh chăm lo đời sống đoàn viên."],
        "assessment": ["Các phong trào thi đua có trọng tâm."],
        "directions": ["Tiếp tục phong trào thi đua của công đoàn."]}, actor=SECRETARY)
    project_all(app)
    issued = app.summaries.issue(draft["id"], signer=UNION_CHAIR, symbol="LĐLĐ",
                                 actor=SECRETARY)
    data = app.papers.paper_document(issued["id"], SYSTEM).data
    assert one_line(" ".join(header_lines(data))).startswith(
        f"{GOVERNING} LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU")
    # It reports to the body above it and sends it a copy.
    assert f"báo cáo để {UNION_GOVERNING_BODY} biết, chỉ đạo" in one_line(text_of(data))
    assert check_docx(data) == []
