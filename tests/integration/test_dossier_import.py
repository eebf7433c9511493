"""A draft dossier from a nominee list in .xlsx (issue 15): the valid rows become its
nominees, the others are listed with their row and reason; no valid row, no dossier and
nothing stored; the template downloads and is what the import reads. Use case on SQLite
and PostgreSQL; the API and the page on SQLite."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from events.errors import InvalidInputError, PermissionDeniedError
from services.config import Settings
from services.usecases.dossier_import import TEMPLATE_HEADINGS
from services.web import create_app
from tests.support.api import Api, browser_login, csrf_token, sign_in
from tests.support.awards_world import AWARDS_TODAY
from tests.support.stores import AppFactory
from tests.support.tiers import PASSWORD, Tiers, build_tiers

SUMMARY = "Hoàn thành xuất sắc nhiệm vụ năm học; sáng kiến dạy học số."


def workbook(*rows: tuple[Any, ...], headings: tuple[str, ...] = TEMPLATE_HEADINGS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MIXED = workbook(
    ("Cá nhân", "Lò Văn Minh", "", SUMMARY),                       # 2: found by name
    ("cá nhân", "Lò Thị Hương", "CDCS-GD1", SUMMARY),              # 3: name and unit
    ("Cá nhân", "Giàng A Páo", "", SUMMARY),                       # 4: another branch
    ("Tập thể", "Công đoàn Trường số 2", "CDCS-GD2", SUMMARY),     # 5: not under the school
    ("Nhóm", "Lò Văn Minh", "", SUMMARY),                          # 6: no such kind
    ("Cá nhân", "Không Có Ai", "", SUMMARY),                       # 7: nobody of that name
    ("Cá nhân", "lò văn  MINH", "", SUMMARY),                      # 8: row 2 again
    (None, None, None, None),                                      # empty: skipped
    ("Cá nhân", "Lò Thị Hương", "", "x" * 4001),                    # 10: too long
)


@pytest.fixture
def tiers(store_settings: Settings, open_app: AppFactory) -> Tiers:
    return build_tiers(open_app(store_settings, clock=lambda: AWARDS_TODAY))


def fields(tiers: Tiers) -> dict[str, Any]:
    return {"campaign_id": tiers.world.campaign, "award": "bk_ldld_tinh", "year": 2025}


def test_valid_rows_make_the_draft_and_the_others_are_listed(tiers: Tiers) -> None:
    app, clerk = tiers.app, tiers.actor("vanthu-truong1")
    result = app.dossier_import.import_dossier(MIXED, **fields(tiers), actor=clerk)
    dossier = result["dossier"]
    assert (dossier["status"], dossier["tier_unit_code"]) == ("draft", "CDCS-GD1")
    assert [n["subject_name"] for n in dossier["nominees"]] == ["Lò Văn Minh", "Lò Thị Hương"]
    assert dossier["nominees"][0]["summary"] == SUMMARY
    assert result["nominees"] == [{"row": 2, "subject_name": "Lò Văn Minh"},
                                  {"row": 3, "subject_name": "Lò Thị Hương"}]
    rejected = {r["row"]: r for r in result["rejected"]}
    assert sorted(rejected) == [4, 5, 6, 7, 8, 10]
    assert "Giàng A Páo" in rejected[4]["message"] and rejected[4]["field"] == "subject_id"
    assert "Công đoàn Trường số 2" in rejected[5]["message"]
    assert rejected[6]["field"] == "kind" and "«Cá nhân» hoặc «Tập thể»" in rejected[6]["message"]
    assert "Không Có Ai" in rejected[7]["message"]
    assert rejected[8]["message"] == "«Lò Văn Minh» đã có ở dòng 2."
    assert rejected[10]["field"] == "summary" and "dài quá 4000" in rejected[10]["message"]


def test_no_valid_row_no_dossier_and_refusals_name_the_file(tiers: Tiers) -> None:
    app, clerk = tiers.app, tiers.actor("vanthu-truong1")
    before = app.store.event_count()
    result = app.dossier_import.import_dossier(
        workbook(("Cá nhân", "Không Có Ai", "", SUMMARY)), **fields(tiers), actor=clerk)
    assert result["dossier"] is None and result["imported"] == 0
    assert [r["row"] for r in result["rejected"]] == [2]
    for data, words in ((b"khong phai xlsx", "không phải là bảng tính"),
                        (workbook(("Lò Văn Minh",), headings=("Họ và tên",)),
                         "«Tóm tắt thành tích»")):
        with pytest.raises(InvalidInputError) as refused:
            app.dossier_import.import_dossier(data, **fields(tiers), actor=clerk)
        assert refused.value.field == "file" and words in refused.value.message
    with pytest.raises(PermissionDeniedError):  # a clerk of another branch
        app.dossier_import.import_dossier(MIXED, **fields(tiers), unit_code="CDCS-GD1",
                                          actor=tiers.actor("vanthu-so1"))
    assert app.store.event_count() == before


@pytest.fixture
def served(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    tiers = build_tiers(app)
    yield {"tiers": tiers, "client": create_app(sqlite_settings, thidua=app).test_client()}


def test_the_api_and_the_page(served: dict[str, Any]) -> None:
    tiers, client = served["tiers"], served["client"]
    api = Api(client, tiers.app, sign_in(client, "vanthu-truong1", PASSWORD))
    template = api.get("/dossiers/import-template.xlsx")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.data)).active
    assert tuple(c.value for c in sheet[1]) == TEMPLATE_HEADINGS

    def upload(data: bytes, **extra: Any) -> Any:
        return client.post("/api/v1/dossiers/import", headers=api.headers,
                           data={**fields(tiers), **extra,
                                 "file": (io.BytesIO(data), "danh-sach.xlsx")},
                           content_type="multipart/form-data")

    # The template as downloaded names no real unit: every row is listed, no dossier.
    blank = upload(template.data)
    assert blank.status_code == 200 and blank.json["dossier"] is None
    assert [r["row"] for r in blank.json["rejected"]] == [2, 3]
    made = upload(MIXED)
    assert made.status_code == 200, made.json
    assert made.json["imported"] == 2 and len(made.json["rejected"]) == 6
    assert upload(MIXED, award="khong-co").status_code == 422

    # The page: all rows valid → the new dossier; some rejected → listed beside the form.
    assert browser_login(client, "vanthu-truong1", PASSWORD).status_code == 302
    token = csrf_token(client, "/dossiers")

    def page(data: bytes) -> Any:
        return client.post("/dossiers/import", data={
            **fields(tiers), "csrf_token": token, "basis": "hang_nam",
            "file": (io.BytesIO(data), "danh-sach.xlsx")}, content_type="multipart/form-data")

    good = page(workbook(("Cá nhân", "Lò Văn Minh", "", SUMMARY)))
    assert good.status_code == 302 and "/dossiers/" in good.headers["Location"]
    mixed = page(MIXED)
    text = mixed.get_data(as_text=True)
    assert mixed.status_code == 200 and "Đã lập" in text and "hồ sơ dự thảo" in text
    assert "«Lò Văn Minh» đã có ở dòng 2." in text
    none = page(workbook(("Cá nhân", "Không Có Ai", "", SUMMARY)))
    assert none.status_code == 422 and "Không có dòng nào hợp lệ" in none.get_data(as_text=True)
