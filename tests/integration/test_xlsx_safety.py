"""Workbooks in and out are safe (issue 12).

In: an ".xlsx bomb" (a small upload unpacking to a huge sheet) is refused before its
sheet is parsed, from the zip directory, the declared dimension or the time budget, with
a message naming the limit, and nothing is stored. Out: a name that looks like a formula
is exported as text, which neither openpyxl nor LibreOffice evaluates.
"""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from docgen.pdf import soffice_path
from services.actors import SYSTEM
from services.queries.workbooks import award_history_workbook
from services.usecases import people_import
from tests.support.api import API, Api, assert_refused, browser_login, csrf_token
from tests.support.documents import REQUIRE_LIBREOFFICE, need_libreoffice, pdf_pages
from tests.support.projections import project_all
from tests.support.scenarios import REVIEWER
from tests.support.standings_fixtures import build

SHEET = "xl/worksheets/sheet1.xml"
HEADING = ["Họ và tên", "Mã đơn vị"]
FORMULAS = ['=HYPERLINK("http://x","a")', "+1", "-2", "@SUM(A1)"]


# --- uploads ----------------------------------------------------------------------------

def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def repack(data: bytes, sheet: Iterator[bytes] | bytes | None = None,
           extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook with its first sheet's XML replaced and parts added (deflate, fast)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != SHEET or sheet is None:
                target.writestr(info.filename, source.read(info.filename))
                continue
            with target.open(SHEET, "w") as stream:
                for chunk in [sheet] if isinstance(sheet, bytes) else sheet:
                    stream.write(chunk)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows: Iterator[bytes], dimension: str | None) -> Iterator[bytes]:
    yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield b'<row r="1">' + b"".join(text(v) for v in HEADING) + b"</row>"
    yield from rows
    yield b"</sheetData></worksheet>"


def text(value: str) -> bytes:
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'.encode()


def bomb(rows: int = 300, cells: int = 16384, dimension: str | None = "A1:XFD300") -> bytes:
    """The issue's file: under the heading, rows of 16,384 one-digit cells (74 MB of XML)."""
    filler = b"<c><v>1</v></c>" * cells
    body = (b'<row r="%d">' % number + filler + b"</row>" for number in range(2, rows + 1))
    return repack(workbook([HEADING]), sheet_xml(body, dimension))


def people_rows(count: int) -> Iterator[bytes]:
    for number in range(2, count + 2):
        yield (b'<row r="%d">' % number + text(f"Người thứ {number}") + text("CDCS-LQD")
               + b"</row>")


def upload(api: Api, data: bytes) -> Any:
    return api.client.post(f"{API}/people/import", headers=api.headers,
                           data={"file": (io.BytesIO(data), "danh-sach.xlsx")},
                           content_type="multipart/form-data")


@pytest.fixture
def unit(api: Api) -> str:
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    api.app.organisation.create_unit(code="CDCS-LQD", name="Công đoàn Trường THPT chuyên "
                                     "Lê Quý Đôn", parent_code="LDLD", actor=SYSTEM)
    return "CDCS-LQD"


def refused(api: Api, unit: str, data: bytes, *texts: str) -> None:
    """422 on "file" (a file, as the schema says, but none to read) naming each text, no
    event stored and nobody added."""
    before = api.app.store.event_count()
    response = upload(api, data)
    for text_ in texts:
        assert_refused(api, response, 422, "file", text_, before)
    assert api.app.organisation.list_people(unit) == []


def test_the_xlsx_bomb_of_the_issue_is_refused_from_its_zip_directory(api: Api,
                                                                       unit: str) -> None:
    data = bomb()
    assert len(data) < 1024 * 1024  # the bomb is small; its sheet is 74 MB of XML
    refused(api, unit, data, "«xl/worksheets/sheet1.xml»", "vượt giới hạn 10 MB")
    # The people page answers the same, on the form.
    browser_login(api.client, "admin", "mat-khau-admin")
    page = api.client.post("/people/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(api.client, "/people"),
        "file": (io.BytesIO(data), "danh-sach.xlsx")})
    assert page.status_code == 400
    assert "vượt giới hạn 10 MB" in page.get_data(as_text=True)
    assert api.app.organisation.list_people(unit) == []


def test_a_bomb_with_a_lying_dimension_is_still_refused(api: Api, unit: str) -> None:
    # A small declared range does not let the huge sheet through the size checks.
    refused(api, unit, bomb(dimension="A1:B2"), "vượt giới hạn 10 MB")
    # Nor, under the size limits, a sheet holding more rows than it declares: the range
    # is not trusted for reading (before, openpyxl stopped at row 2 and took one person).
    lying = repack(workbook([HEADING]), sheet_xml(people_rows(6000), "A1:B2"))
    refused(api, unit, lying, "tối đa 5000 dòng")


def test_an_archive_too_compressed_or_too_big_unpacked_is_refused(api: Api,
                                                                   unit: str) -> None:
    # 2 MB of filler cells under 10 MB, but packed 100 times and more.
    refused(api, unit, bomb(rows=10, dimension="A1:B10"), "«xl/worksheets/sheet1.xml»",
            "vượt giới hạn 100 lần")
    # Three 8 MB parts, each within the part and ratio limits (about 13 times), 24 MB
    # together.
    noise = os.urandom(8 * 1024 * 1024)
    sparse = bytes(ord("b") if byte % 32 == 0 else ord("a") for byte in range(256))
    extra = {f"xl/media/image{n}.bin": noise.translate(sparse)[n:] for n in range(3)}
    refused(api, unit, repack(workbook([HEADING]), extra=extra), "vượt giới hạn 20 MB")


def test_a_declared_dimension_beyond_the_limits_is_refused_before_reading(
        api: Api, unit: str) -> None:
    rows = [HEADING, ["Lò Văn Thắng", "CDCS-LQD"]]
    for dimension, texts in [("A1:B9000", ("A1:B9000", "9000 dòng", "5000 dòng")),
                             ("A1:XFD2", ("A1:XFD2", "16384 cột", "30 cột"))]:
        data = repack(workbook(rows), sheet_xml(iter([b'<row r="2">' + text("Lò Văn Thắng")
                                                      + text("CDCS-LQD") + b"</row>"]),
                                                dimension))
        refused(api, unit, data, *texts)


def test_a_slow_read_stops_at_the_time_budget(api: Api, unit: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter([0.0, *[100.0] * 100])  # the clock jumps past the budget once started
    monkeypatch.setattr(people_import, "monotonic", lambda: next(ticks))
    refused(api, unit, workbook([HEADING, ["Lò Văn Thắng", "CDCS-LQD"]]), "quá 5 giây")


def test_a_normal_list_still_imports_with_or_without_a_dimension(api: Api, unit: str) -> None:
    plain = workbook([["STT", *HEADING, "Chức vụ"], [1, "Lò Văn Thắng", "CDCS-LQD", "Giáo viên"]])
    assert upload(api, plain).json["imported"] == 1
    undeclared = repack(workbook([HEADING]), sheet_xml(people_rows(3), None))
    body = upload(api, undeclared).json
    assert body["imported"] == 3 and body["rejected"] == []
    assert len(api.app.organisation.list_people(unit)) == 4


# --- exports ----------------------------------------------------------------------------

def export_formula_names(api: Api) -> dict[str, bytes]:
    """Standings with units named like formulas, and the award history of people so named."""
    data = build(api.app)
    organisation, campaigns = api.app.organisation, api.app.campaigns
    for number, name in enumerate(FORMULAS, start=1):
        unit = organisation.create_unit(code=f"CDCS-F{number}", name=name, parent_code="LDLD",
                                        actor=SYSTEM)["id"]
        campaigns.register(campaign_id=data["campaign"], subject_kind="collective",
                           subject_id=unit, actor=SYSTEM)
        for stage, actor in (("self", SYSTEM), ("review", REVIEWER)):
            campaigns.post_scores(campaign_id=data["campaign"], subject_id=unit,
                                  period="2020-01", stage=stage, actor=actor,
                                  scores={"TT1": 20 + number, "TT2": 30, "TT3": 20})
        person = organisation.create_person(full_name=name, unit_code="CDCS-LQD",
                                            actor=SYSTEM)["id"]
        api.app.records.record_past_award(subject_kind="individual", subject_id=person,
                                          award="ldtt", year=2020, number=f"{number}/QĐ-LĐLĐ",
                                          decided_on=date(2020, 12, 30), actor=SYSTEM)
    project_all(api.app)
    standings = api.get(f"/campaigns/{data['campaign']}/standings.xlsx",
                        query_string={"period": "2020-01"})
    history = api.get("/awards/history.xlsx", query_string={"unit_code": "CDCS-LQD"})
    assert standings.status_code == 200 and history.status_code == 200
    return {"standings": standings.data, "history": history.data}


def test_formula_like_names_are_exported_as_quoted_text(api: Api) -> None:
    for name, data in export_formula_names(api).items():
        cells = [cell for row in load_workbook(io.BytesIO(data)).active.iter_rows()
                 for cell in row]
        found = [cell for cell in cells if cell.value in FORMULAS]
        assert sorted({cell.value for cell in found}) == sorted(FORMULAS), name
        for cell in found:
            assert cell.data_type == "s" and cell.quotePrefix, (name, cell.coordinate)
        # Other texts are plain strings, and numbers stay numbers.
        assert all(not cell.quotePrefix for cell in cells if cell.value not in FORMULAS)
        assert any(cell.data_type == "n" and isinstance(cell.value, int) for cell in cells)


def test_negative_numbers_stay_numbers() -> None:
    row = {"status": "issued", "revoked_reason": None, "note": "-", "under_discipline": False,
           "year": 2020, "subject_name": "-2", "award_name": "Lao động tiên tiến",
           "number": "1/QĐ", "decided_on": date(2020, 12, 30), "prize": Decimal(-5)}
    sheet = load_workbook(io.BytesIO(award_history_workbook([row], "ai đó", 1))).active
    cells = {cell.value: cell for line in sheet.iter_rows() for cell in line}
    assert cells[-5].data_type == "n" and not cells[-5].quotePrefix
    assert cells["-2"].data_type == "s" and cells["-2"].quotePrefix
    assert cells["-"].data_type == "s" and cells["-"].quotePrefix


def test_libreoffice_prints_the_formula_like_names_as_text(api: Api, tmp_path: Path) -> None:
    need_libreoffice()
    paths = []
    for name, data in export_formula_names(api).items():
        paths.append(tmp_path / f"{name}.xlsx")
        paths[-1].write_bytes(data)
    result = subprocess.run(
        [soffice_path() or "soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "pdf"), *map(str, paths)], capture_output=True, text=True, timeout=180)
    pdfs = [tmp_path / "pdf" / f"{path.stem}.pdf" for path in paths]
    if not all(pdf.exists() for pdf in pdfs):
        reason = (f"LibreOffice converted no .xlsx (is Calc installed? apt: "
                  f"libreoffice-calc-nogui): {result.stdout} {result.stderr}")
        if REQUIRE_LIBREOFFICE:
            pytest.fail(reason)
        pytest.skip(reason)
    for pdf in pdfs:
        printed = " ".join(pdf_pages(pdf))
        assert '=HYPERLINK("http://x","a")' in printed.replace(" ", ""), (pdf.name, printed)
        for name in FORMULAS[1:]:
            assert f" {name} " in f" {printed} ", (pdf.name, name, printed)
