"""Statistical forms and the award fund ledger against a hand count (tests/support/
report_world.py): a revoked award, two sectors, a sub-unit roll-up, collectives and
individuals, on SQLite and PostgreSQL; the API with its 4xx and read scope; the .xlsx
printed by LibreOffice with its header block."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from docgen.pdf import soffice_path
from events.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from services.actors import SYSTEM, Actor
from services.config import Settings
from services.formatting import XLSX_COUNT, XLSX_DATE, XLSX_MONEY, day, money
from services.projections.reports import ReportsProjection
from tests.support.api import Api, as_user, browser_login
from tests.support.documents import REQUIRE_LIBREOFFICE, need_libreoffice, pdf_pages
from tests.support.projections import project_all
from tests.support.report_world import REPORT_YEAR, ReportWorld, build_report_world
from tests.support.stores import AppFactory

ADMIN = Actor(username="quantri", role="admin")


def by_award(report: dict[str, Any]) -> dict[str, tuple[Any, Any, Any]]:
    return {r["award"]: (r["collective"], r["individual"], r["total"]) for r in report["rows"]}


def by_number(report: dict[str, Any]) -> dict[str, tuple[Any, list[Any]]]:
    return {r["number"]: (r["total"], r["cells"]) for r in report["table"] if r["number"]}


@pytest.fixture
def year(store_settings: Settings, open_app: AppFactory) -> ReportWorld:
    found = build_report_world(open_app(store_settings))
    project_all(found.app, [ReportsProjection()])
    return found


def test_forms_equal_the_hand_count(year: ReportWorld) -> None:
    reports = year.app.reports
    whole = reports.statistics("0603", year=REPORT_YEAR, unit_code="LDLD", actor=ADMIN)
    # The report year is the calendar year of the decision date (issue 16).
    assert (whole["period_from"], whole["period_to"]) == (date(2026, 1, 1), date(2026, 12, 31))
    assert whole["period"] == "nam"
    # Bằng khen: D1 two collectives, D2 two people, D7 (10/12/2026) one collective; D3
    # revoked, D5 (05/12/2025) in 2025. Cờ thi đua: D4.
    assert by_award(whole) == {"bang_khen": (3, 2, 5), "cstd_tinh": (None, 0, 0),
                               "co_thi_dua": (1, None, 1), "huy_hieu": (None, None, None)}
    table = by_number(whole)
    assert table["01"] == (6, [5, 0, 1, None])
    assert table["02"] == (4, [3, 0, 1, None])  # tập thể
    assert table["05"] == (2, [2, 0, 0, None])  # cá nhân
    assert table["03"] == (None, [None] * 4)  # doanh nghiệp: not held, left blank
    assert table["11"] == (3, [2, 0, 1, None])  # thường xuyên: D1, D4
    assert table["12"] == (3, [3, 0, 0, None])  # chuyên đề: D2, D7
    assert table["13"] == (0, [0, 0, 0, None])  # đột xuất: D3 revoked
    # The education sector's subtree rolls up its schools: GD1, huong (GD2 revoked).
    education = reports.statistics("0603", year=REPORT_YEAR, unit_code="CDN-GD", actor=ADMIN)
    assert by_award(education)["bang_khen"] == (1, 1, 2)
    assert education["unit_name"] == "Công đoàn ngành Giáo dục"
    assert education["receiver"] == "Liên đoàn Lao động tỉnh Lai Châu"
    office = reports.statistics("0603", year=REPORT_YEAR, unit_code="CDCS-HC1", actor=ADMIN)
    assert by_award(office)["bang_khen"] == (1, 1, 2)
    assert by_award(office)["co_thi_dua"] == (0, None, 0)
    # Form 0602: D6, a collective's Bằng khen của Thủ tướng, split per kind of subject.
    state = reports.statistics("0602", year=REPORT_YEAR, actor=ADMIN)
    assert by_award(state)["bang_khen_thu_tuong"] == (1, 0, 1)
    assert by_award(state)["huan_chuong"] == (None, None, None)
    assert by_number(state)["1"][0] == 1 and by_number(state)["17"][0] == 1
    assert state["receiver"] == "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)"
    # The year after has nothing; the year before has D5 (05/12/2025).
    later = reports.statistics("0603", year=REPORT_YEAR + 1, actor=ADMIN)
    assert by_award(later)["bang_khen"] == (0, 0, 0)
    assert by_award(reports.statistics("0603", year=2025, actor=ADMIN))["bang_khen"] == (0, 1, 1)
    # 0604 is declared, not computed: the header and a note saying so.
    bodies = reports.statistics("0604", year=REPORT_YEAR, actor=ADMIN)
    assert bodies["computed"] is False and bodies["rows"] == []
    assert any("chưa lưu dữ liệu" in n["text"] for n in bodies["notes"])


def test_the_december_report_period_stays_selectable(year: ReportWorld) -> None:
    """From 01/12 of the year before to 30/11, as one summary of TT 02/2023 reads it."""
    reports = year.app.reports

    def count(year_asked: int) -> tuple[Any, ...]:
        found = reports.statistics("0603", year=year_asked, period="thang_12", actor=ADMIN)
        return by_award(found)["bang_khen"]

    december = reports.statistics("0603", year=REPORT_YEAR, period="thang_12", actor=ADMIN)
    assert (december["period_from"], december["period_to"]) == (date(2025, 12, 1),
                                                                 date(2026, 11, 30))
    assert "Hưng Yên" in december["period_source"] and december["period_confidence"] == "U"
    # D5 (05/12/2025) counts in 2026 and D7 (10/12/2026) in 2027.
    assert count(REPORT_YEAR) == (2, 3, 5)
    assert count(REPORT_YEAR + 1) == (1, 0, 1) and count(2025) == (0, 0, 0)
    _, name = reports.statistics_workbook("0603", year=REPORT_YEAR, period="thang_12",
                                          actor=ADMIN)
    assert name == f"bieu-0603-{REPORT_YEAR}-toan-bo-ky-thang-12.xlsx"
    with pytest.raises(InvalidInputError) as unknown:
        reports.statistics("0603", year=REPORT_YEAR, period="quy", actor=ADMIN)
    assert unknown.value.field == "period"


def test_fund_ledger_reverses_a_revoked_decision(year: ReportWorld) -> None:
    d = year.decisions
    ledger = year.app.reports.fund(year=REPORT_YEAR, unit_code="LDLD", actor=ADMIN)
    lines = [(line["date"], line["number"], line["kind"], line["amount"], line["fund"])
             for line in ledger["lines"]]
    union, state = "nguồn tài chính công đoàn", "quỹ thi đua, khen thưởng"

    def issued(key: str, fund: str) -> tuple[Any, ...]:
        return (d[key]["issued_on"], d[key]["number"], "issued", int(d[key]["total"]), fund)

    assert lines == [
        issued("D1", state), issued("D2", state), issued("D3", union),
        (date(2026, 6, 15), d["D3"]["number"], "revoked", -int(d["D3"]["total"]), union),
        issued("D4", state), issued("D6", state), issued("D7", state)]
    state_total = sum(int(d[k]["total"]) for k in ("D1", "D2", "D4", "D6", "D7"))
    assert int(d["D3"]["total"]) > 0 and state_total > 0
    assert [(t["fund"], t["issued"], t["reversed"], t["net"]) for t in ledger["totals"]] == [
        (union, int(d["D3"]["total"]), -int(d["D3"]["total"]), 0),
        (state, state_total, 0, state_total)]
    assert ledger["total"] == state_total
    # D5 (05/12/2025) is the calendar year 2025's money.
    before = year.app.reports.fund(year=2025, actor=ADMIN)
    assert [line["number"] for line in before["lines"]] == [d["D5"]["number"]]
    # A school paid nothing: the ledger follows the paying unit.
    assert year.app.reports.fund(year=REPORT_YEAR, unit_code="CDCS-GD1",
                                 actor=ADMIN)["lines"] == []


def test_whole_organisation_names_every_root_in_registration_order(
        year: ReportWorld) -> None:
    """Without a unit the reporter is every root unit, read from the view's unit tree
    (issue 16 follow-up: it loaded every unit), the first registered first."""
    year.app.organisation.create_unit(code="A-UBND", name="Ủy ban nhân dân tỉnh Lai Châu",
                                      actor=SYSTEM)
    year.app.organisation.create_unit(code="A-UBND-SO", name="Sở Nội vụ",
                                      parent_code="A-UBND", actor=SYSTEM)
    project_all(year.app, [ReportsProjection()])
    both = "Liên đoàn Lao động tỉnh Lai Châu; Ủy ban nhân dân tỉnh Lai Châu"
    reports = year.app.reports
    assert reports.statistics("0603", year=REPORT_YEAR, actor=ADMIN)["unit_name"] == both
    assert reports.fund(year=REPORT_YEAR, actor=ADMIN)["unit_name"] == both
    assert reports.statistics("0603", year=REPORT_YEAR, unit_code="A-UBND-SO",
                              actor=ADMIN)["receiver"] == "Ủy ban nhân dân tỉnh Lai Châu"


def test_read_scope_and_refusals(year: ReportWorld) -> None:
    reports, app = year.app.reports, year.app
    education = app.organisation.get_unit_by_code("CDN-GD").id
    secretary = Actor(username="thuky-gd", role="secretary", unit_id=education)
    own = reports.statistics("0603", year=REPORT_YEAR, actor=secretary)
    assert own["unit_code"] == "CDN-GD" and by_award(own)["bang_khen"] == (1, 1, 2)
    school = reports.statistics("0603", year=REPORT_YEAR, unit_code="CDCS-GD1", actor=secretary)
    assert by_award(school)["bang_khen"] == (1, 1, 2)
    for refused in (lambda: reports.statistics("0603", year=REPORT_YEAR, unit_code="LDLD",
                                               actor=secretary),
                    lambda: reports.fund(year=REPORT_YEAR, unit_code="CDCS-HC1",
                                         actor=secretary)):
        with pytest.raises(PermissionDeniedError) as info:
            refused()
        assert info.value.field == "unit_code"
    with pytest.raises(PermissionDeniedError):
        reports.fund(year=REPORT_YEAR, actor=Actor(username="vanthu", role="unit_clerk"))
    assert reports.fund(year=REPORT_YEAR, actor=Actor(username="kt", role="auditor"))["total"]
    with pytest.raises(NotFoundError) as missing:
        reports.statistics("0699", year=REPORT_YEAR, actor=SYSTEM)
    assert missing.value.field == "form" and "0602" in missing.value.message
    with pytest.raises(InvalidInputError) as early:
        reports.statistics("0603", year=2022, actor=SYSTEM)
    assert early.value.field == "year" and "10/05/2023" in early.value.message
    with pytest.raises(NotFoundError) as unknown:
        reports.fund(year=REPORT_YEAR, unit_code="KHONG-CO", actor=SYSTEM)
    assert unknown.value.field == "unit_code"


# --- the API, its .xlsx and LibreOffice --------------------------------------------------

@pytest.fixture
def served(api: Api) -> tuple[Api, ReportWorld]:
    found = build_report_world(api.app)
    project_all(api.app)
    return api, found


def test_api_answers_and_refuses_naming_the_field(served: tuple[Api, ReportWorld]) -> None:
    api, _ = served
    answer = api.get(f"/reports/0603?year={REPORT_YEAR}&unit_code=CDN-GD")
    assert answer.status_code == 200, answer.json
    assert {k: answer.json[k] for k in ("form", "year", "unit_code")} == {
        "form": "0603", "year": REPORT_YEAR, "unit_code": "CDN-GD"}
    assert answer.json["rows"][0] == {"award": "bang_khen", "name": "Bằng khen",
                                      "collective": 1, "individual": 1, "total": 2,
                                      "confidence": "M"}
    fund = api.get(f"/reports/fund?year={REPORT_YEAR}")
    assert fund.status_code == 200 and fund.json["lines"][3]["amount"] < 0
    for path, status, field in (
            ("/reports/0603", 400, "year"), ("/reports/0603?year=1999", 400, "year"),
            ("/reports/0603?year=hai", 400, "year"), ("/reports/fund?year=2101", 400, "year"),
            ("/reports/0603?year=2022", 422, "year"),
            (f"/reports/0603?year={REPORT_YEAR}&period=quy", 400, "period"),
            (f"/reports/0603?year={REPORT_YEAR}&unit_code=KHONG-CO", 404, "unit_code"),
            (f"/reports/0603?year={REPORT_YEAR}&unit_code=a%20b", 400, "unit_code"),
            (f"/reports/fund.xlsx?year={REPORT_YEAR}&unit_code=KHONG-CO", 404, "unit_code"),
            (f"/reports/0699?year={REPORT_YEAR}", 404, "form"),
            (f"/reports/0699.xlsx?year={REPORT_YEAR}", 404, "form")):
        response = api.get(path)
        assert response.status_code == status, (path, response.json)
        assert response.json["error"]["field"] == field, (path, response.json)
    api.app.accounts.create_user(username="vanthu-gd", password="mat-khau-dai",
                                 role="unit_clerk", unit_code="CDN-GD", actor=SYSTEM)
    clerk = as_user(api, "vanthu-gd", "mat-khau-dai")
    assert clerk.get(f"/reports/0603?year={REPORT_YEAR}").status_code == 403


def test_xlsx_has_the_header_block_and_prints_in_libreoffice(
        served: tuple[Api, ReportWorld], tmp_path: Path) -> None:
    api, _ = served
    need_libreoffice()
    files = {}
    for name, path in (("bieu-0602", "/reports/0602.xlsx"), ("bieu-0603", "/reports/0603.xlsx"),
                       ("quy", "/reports/fund.xlsx")):
        response = api.get(f"{path}?year={REPORT_YEAR}&unit_code=LDLD")
        assert response.status_code == 200, response.data[:300]
        files[name] = tmp_path / f"{name}.xlsx"
        files[name].write_bytes(response.data)
    sheet = load_workbook(files["bieu-0603"]).active
    cells = [str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value]
    # Figures stay numbers, shown as services/formatting.py writes them (vi-VN).
    figures = [c for row in sheet.iter_rows(min_row=10) for c in row
               if isinstance(c.value, int) and c.column > 3]
    assert figures and {c.number_format for c in figures} == {XLSX_COUNT}
    ledger = load_workbook(files["quy"]).active
    amounts = [c for row in ledger.iter_rows(min_row=5) for c in row
               if c.column == 8 and isinstance(c.value, int)]
    days = [c for row in ledger.iter_rows(min_row=5) for c in row
            if c.column == 2 and c.value is not None]
    assert amounts and {c.number_format for c in amounts} == {XLSX_MONEY}
    assert days and all(isinstance(c.value, datetime) for c in days)
    assert {c.number_format for c in days} == {XLSX_DATE}
    for text in ("Biểu số: 0603.N/BNV-TĐKT", "Ban hành theo Thông tư số 02/2023/TT-BNV",
                 "Đơn vị báo cáo: Liên đoàn Lao động tỉnh Lai Châu",
                 "Đơn vị nhận báo cáo: Bộ Nội vụ",
                 "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo"):
        assert any(c.startswith(text) for c in cells), (text, cells)
    result = subprocess.run(
        [soffice_path() or "soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
         "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "pdf"), *map(str, files.values())], capture_output=True, text=True,
        timeout=180)
    pdfs = {name: tmp_path / "pdf" / f"{name}.pdf" for name in files}
    if not all(pdf.exists() for pdf in pdfs.values()):
        reason = f"LibreOffice converted no .xlsx (apt: libreoffice-calc-nogui): {result.stderr}"
        if REQUIRE_LIBREOFFICE:
            pytest.fail(reason)
        pytest.skip(reason)
    printed = {name: " ".join(pdf_pages(pdf)) for name, pdf in pdfs.items()}
    for name, title in (("bieu-0602", "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC"),
                        ("bieu-0603", "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH")):
        for text in (f"Biểu số: {name[-4:]}.N/BNV-TĐKT", "Đơn vị báo cáo:",
                     "Đơn vị nhận báo cáo:", "Ngày nhận báo cáo:", title,
                     "Ban hành theo Thông tư số 02/2023/TT-BNV", f"Năm {REPORT_YEAR}"):
            assert text in printed[name], (name, text, printed[name][:600])
    assert "SỔ THEO DÕI CHI TIỀN THƯỞNG" in printed["quy"]
    # Printed as the pages write them, whatever LibreOffice's own locale: 14.040.000.
    for cell in amounts:
        assert money(cell.value) in printed["quy"], (cell.value, printed["quy"][:800])
    assert day(days[0].value.date()) in printed["quy"]
    assert "Thu hồi (quyết định bị hủy)" in printed["quy"]


def test_page_picks_year_unit_and_form(served: tuple[Api, ReportWorld]) -> None:
    api, found = served
    client = api.client
    assert browser_login(client, "admin", "mat-khau-admin").status_code == 302
    page = client.get(f"/reports?year={REPORT_YEAR}&unit_code=CDN-GD&form=0603")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("Biểu số: 0603.N/BNV-TĐKT", "Đơn vị báo cáo: Công đoàn ngành Giáo dục",
                     "Đơn vị nhận báo cáo: Liên đoàn Lao động tỉnh Lai Châu",
                     "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo",
                     "Năm 2026 (từ ngày 01/01/2026 đến ngày 31/12/2026)",
                     f"Sổ quỹ khen thưởng năm {REPORT_YEAR}"):
        assert expected in text, expected
    # The ledger of the subtree: its units paid nothing (LĐLĐ tỉnh issued every decision).
    assert "Chưa có khoản chi nào trong năm." in text
    whole = client.get(f"/reports?year={REPORT_YEAR}&form=0603").get_data(as_text=True)
    assert "Thu hồi (quyết định bị hủy)" in whole and found.decisions["D3"]["number"] in whole
    bad = client.get("/reports?year=hai&form=0603")
    assert bad.status_code == 400
    assert "Năm báo cáo phải là số từ 2000 đến 2100." in bad.get_data(as_text=True)
    unknown = client.get(f"/reports?year={REPORT_YEAR}&unit_code=KHONG-CO")
    assert unknown.status_code == 400 and "KHONG-CO" in unknown.get_data(as_text=True)
    download = client.get(f"/reports/bieu.xlsx?year={REPORT_YEAR}&form=0602&unit_code=LDLD")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.data)).active
    assert sheet["A1"].value == "Biểu số: 0602.N/BNV-TĐKT"
    ledger = client.get(f"/reports/quy.xlsx?year={REPORT_YEAR}")
    assert ledger.status_code == 200 and ledger.data[:2] == b"PK"
