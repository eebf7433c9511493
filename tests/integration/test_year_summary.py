"""The yearly summary (Báo cáo tổng kết công tác thi đua, khen thưởng, issue 16) from the
real flow of a Sở (``tests/support/paper_flows.py``): drafted, its sections written,
issued with a number from the Sở's register, checked by ``check-docx``, verified like every
paper (.docx and PDF), and its figures equal to what the store holds."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest

from docgen.checker import check_docx
from docgen.vietnamese import date_numeric
from events.errors import ConflictError, InvalidInputError, PermissionDeniedError
from services.actors import SYSTEM, Actor
from tests.support.documents import need_libreoffice, pdf_pages, text_of
from tests.support.paper_flows import (
    DIRECTOR,
    GOVERNOR,
    SECRETARY,
    Flow,
    open_app,
    state_flow,
)
from tests.support.projections import project_all
from tests.support.summary_count import counted_figures

SITUATION = "Năm 2025, ngành Giáo dục tỉnh tiếp tục đổi mới căn bản, toàn diện giáo dục."
ASSESSMENT = "Các phong trào thi đua có trọng tâm, gắn với nhiệm vụ năm học."
DIRECTIONS = "Tiếp tục phát động phong trào thi đua “Đổi mới, sáng tạo trong dạy và học”."


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    app = open_app(tmp_path_factory.mktemp("summary"))
    flow = state_flow(app)
    flow.on(date(2025, 12, 18))
    yield flow
    app.close()


def tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[cell.text.strip() for cell in row.cells] for row in table.rows]
            for table in document.tables]


def table_with(data: bytes, header: str) -> list[list[str]]:
    """The rows under the header row of the table whose header holds ``header``."""
    for table in tables(data):
        if table and header in table[0]:
            return table[1:]
    raise AssertionError(f"no table headed {header!r}")


def test_summary_of_the_real_flow_is_a_paper(state: Flow) -> None:
    app = state.app
    draft = app.summaries.draft(year=2025, unit_code="SGDDT",
                                sections={"situation": [SITUATION]}, actor=SECRETARY)
    assert draft["status"] == "draft" and draft["missing"] == ["assessment", "directions"]
    with pytest.raises(InvalidInputError) as unwritten:
        app.summaries.issue(draft["id"], signer=DIRECTOR, actor=SECRETARY)
    assert unwritten.value.field == "sections.assessment"
    with pytest.raises(ConflictError) as twice:
        app.summaries.draft(year=2025, unit_code="SGDDT", actor=SECRETARY)
    assert twice.value.field == "year"
    updated = app.summaries.update(draft["id"], sections={
        "assessment": [ASSESSMENT, "Hạn chế: một số đơn vị gửi hồ sơ chậm."],
        "directions": DIRECTIONS + "\r\n\r\nNâng cao chất lượng công tác khen thưởng."},
        actor=SECRETARY)
    assert updated["sections"]["situation"] == [SITUATION]
    assert updated["sections"]["directions"] == [
        DIRECTIONS, "Nâng cao chất lượng công tác khen thưởng."]
    assert updated["missing"] == []

    project_all(app)  # the standings caught up, as the worker does
    issued = app.summaries.issue(draft["id"], signer=DIRECTOR, actor=SECRETARY)
    # The Sở's second BC of 2025 (its Báo cáo điển hình took the first).
    assert issued["number"] == "02/BC-SGDĐT" and issued["kind"] == "bao_cao_tong_ket"
    assert app.summaries.get_summary(draft["id"], SECRETARY)["paper_id"] == issued["id"]
    for refused in (lambda: app.summaries.issue(draft["id"], signer=DIRECTOR, actor=SECRETARY),
                    lambda: app.summaries.update(draft["id"], sections={"situation": ["x"]},
                                                 actor=SECRETARY)):
        with pytest.raises(ConflictError):
            refused()

    document = app.papers.paper_document(issued["id"], SYSTEM)
    assert check_docx(document.data) == []
    assert app.documents.verify(document.data)["number"] == "02/BC-SGDĐT"
    assert app.papers.paper_document(issued["id"], SYSTEM).data == document.data
    text = text_of(document.data)
    for expected in ("BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng năm 2025 và phương "
                     "hướng, nhiệm vụ năm 2026", SITUATION, ASSESSMENT, DIRECTIONS,
                     "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026", "Số: 02/BC-SGDĐT"):
        assert expected in text, expected

    # The figures are the store's: the Sở's campaign and its registrations ...
    campaign = app.campaigns.campaign_details(state.ids["campaign"])
    registered = app.campaigns.list_registrations(state.ids["campaign"])
    assert table_with(document.data, "Phong trào thi đua") == [[
        "1", campaign["movement"], campaign["number"],
        str(sum(r["subject_kind"] == "collective" for r in registered)),
        str(sum(r["subject_kind"] == "individual" for r in registered))]]
    # ... the leader of its standings over 2025 ...
    standings = app.standings.get(state.ids["campaign"], "2025", subject_kind="collective")
    first = [r["subject_name"] for r in standings["rows"] if r["rank"] == 1]
    leaders = table_with(document.data, "Tập thể, cá nhân dẫn đầu")
    assert [row[1] for row in leaders] == first == ["Trường THPT chuyên Lê Quý Đôn"]
    # ... and its decisions of 2025 (not the province's, nor its own of 20/12/2024).
    own = [d for d in app.decisions.list_decisions()
           if d["issuer_unit_id"] == str(app.organisation.get_unit_by_code("SGDDT").id)
           and d["issued_on"] and d["issued_on"].year == 2025]
    rows = table_with(document.data, "Hình thức khen thưởng")
    assert [row[1] for row in rows[:-1]] == [
        f"{d['number']} ngày {date_numeric(d['issued_on'])}" for d in own]
    collectives = sum(r["subject_kind"] == "collective" for d in own for r in d["recipients"])
    individuals = sum(r["subject_kind"] == "individual" for d in own for r in d["recipients"])
    assert (collectives, individuals) == (2, 0)
    assert rows[-1][-2:] == [str(collectives), str(individuals)]
    assert "ban hành 01 quyết định khen thưởng cho 02 tập thể" in text
    nominated = [app.nominations.get_nomination(i) for key, i in state.ids.items()
                 if key.startswith("n_")]
    nominated = [n for n in nominated if n["year"] == 2025]
    assert len(nominated) == 4  # the Sở's units' nominations for 2025
    assert f"tiếp nhận {len(nominated):02d} hồ sơ đề nghị khen thưởng" in text
    assert "01 báo cáo điển hình tiên tiến (01/BC-SGDĐT)" in text


def test_summary_prints_and_its_pdf_verifies(state: Flow, tmp_path: Path) -> None:
    """The province's summary rolls up the Sở: LibreOffice prints its figures."""
    need_libreoffice()
    app = state.app
    draft = app.summaries.draft(year=2025, unit_code="UBND", sections={
        "situation": [SITUATION], "assessment": [ASSESSMENT], "directions": [DIRECTIONS]},
        actor=SECRETARY)
    project_all(app)
    issued = app.summaries.issue(draft["id"], signer=GOVERNOR, symbol="UBND",
                                 actor=SECRETARY)
    assert issued["number"] == "01/BC-UBND"
    pdf = app.documents.pdf_of(app.papers.paper_document(issued["id"], SYSTEM, "pdf"), SYSTEM)
    assert pdf.data.startswith(b"%PDF")
    assert app.documents.verify(pdf.data)["number"] == issued["number"]
    path = tmp_path / "tong-ket.pdf"
    path.write_bytes(pdf.data)
    printed = " ".join(pdf_pages(path))
    # The Sở's campaign and its leader (a table cell wraps: its lines read apart), the Sở's
    # Giấy khen (two schools) and the province's Bằng khen (one teacher).
    for text in ("BÁO CÁO", "Số: 01/BC-UBND", "Trường THPT chuyên", "Lê Quý Đôn", "95/100",
                 "Hoàn thành xuất sắc", "35/KH-SGDĐT",
                 "ban hành 02 quyết định khen thưởng cho 02 tập thể và 01 cá nhân",
                 SITUATION, "Hà Trọng Hải"):
        assert text in printed, (text, printed[:1500])


def test_a_year_with_nothing_still_makes_a_sound_paper(state: Flow) -> None:
    app = state.app
    draft = app.summaries.draft(year=2025, unit_code="THPT-LQD", sections={
        "situation": [SITUATION], "assessment": [ASSESSMENT], "directions": [DIRECTIONS]},
        actor=SECRETARY)
    assert draft["figures"]["campaigns"] == [] and draft["figures"]["decisions"] == []
    project_all(app)
    issued = app.summaries.issue(draft["id"], signer=DIRECTOR, symbol="LQĐ", actor=SECRETARY)
    document = app.papers.paper_document(issued["id"], SYSTEM)
    assert check_docx(document.data) == []
    text = text_of(document.data)
    assert "không phát động phong trào thi đua mới" in text
    assert "chưa có kết quả chấm điểm" in text


def test_refusals_name_the_field(state: Flow) -> None:
    app = state.app
    for call, field in (
            (lambda: app.summaries.draft(year=1999, unit_code="SGDDT", actor=SECRETARY),
             "year"),
            (lambda: app.summaries.draft(year=2024, unit_code="SGDDT",
                                         sections={"ket_luan": ["x"]}, actor=SECRETARY),
             "sections.ket_luan"),
            (lambda: app.summaries.draft(year=2024, unit_code="SGDDT",
                                         sections={"situation": [1]}, actor=SECRETARY),
             "sections.situation"),
            (lambda: app.summaries.draft(year=2024, unit_code="KHONG-CO", actor=SECRETARY),
             "unit_code")):
        with pytest.raises((InvalidInputError, LookupError, Exception)) as info:
            call()
        assert getattr(info.value, "field", None) == field, (field, info.value)
    with pytest.raises(PermissionDeniedError):
        app.summaries.draft(year=2024, unit_code="SGDDT",
                            actor=Actor(username="kt", role="auditor"))
    draft = app.summaries.draft(year=2026, unit_code="SGDDT", sections={
        "situation": ["a"], "assessment": ["b"], "directions": ["c"]}, actor=SECRETARY)
    with pytest.raises(InvalidInputError) as early:
        app.summaries.issue(draft["id"], signer=DIRECTOR, issued_on="2025-12-20",
                            actor=SECRETARY)
    assert early.value.field == "issued_on"
    # Nothing half-written: the refused issue took no number.
    assert app.summaries.get_summary(draft["id"], SECRETARY)["status"] == "draft"


def test_figures_equal_a_count_of_the_aggregates(state: Flow) -> None:
    """The Sở's flow (a campaign and its registrations, a back-dated Báo cáo điển hình,
    decisions of 2024 and 2025) read from the view as counted aggregate by aggregate."""
    app = state.app
    project_all(app)
    for year in (2024, 2025):
        for code in ("UBND", "SGDDT", "THPT-LQD"):
            unit = app.organisation.get_unit_by_code(code)
            seen = app.summaries.figures(unit, year, strict=True)
            assert {k: v for k, v in seen.items() if k not in ("leaders", "stale")} == \
                counted_figures(app, unit, year), (code, year)
    assert [e["number"] for e in app.summaries.figures(
        app.organisation.get_unit_by_code("UBND"), 2025)["exemplars"]] == ["01/BC-SGDĐT"]
