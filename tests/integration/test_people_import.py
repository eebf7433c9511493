"""Importing people from .xlsx: valid rows added once, the others reported by row."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook

from services.actors import SYSTEM
from tests.support.api import API, Api, browser_login


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ROWS = [
    ["STT", "Họ và tên", "Mã đơn vị", "Chức vụ", "Lãnh đạo"],
    [1, "Lò Văn Thắng", "CDCS-LQD", "Giáo viên", ""],
    [2, "Nguyễn Thị Hoa", "cdcs-lqd", "Hiệu trưởng", "có"],
    [3, "", "CDCS-LQD", "Giáo viên", ""],
    [4, "Vàng A Sử", "KHONG-CO", "Giáo viên", ""],
    [5, "Tẩn Láo Mẩy", "CDCS-LQD", "Nhân viên", "thỉnh thoảng"],
    [None, None, None, None, None],
]


def upload(api: Api, data: bytes) -> Any:
    return api.client.post(f"{API}/people/import", headers=api.headers,
                           data={"file": (io.BytesIO(data), "danh-sach.xlsx")},
                           content_type="multipart/form-data")


def prepare(api: Api) -> None:
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    api.app.organisation.create_unit(code="CDCS-LQD",
                                     name="Công đoàn Trường THPT chuyên Lê Quý Đôn",
                                     parent_code="LDLD", actor=SYSTEM)


def test_valid_rows_are_added_and_the_others_reported(api: Api) -> None:
    prepare(api)
    data = workbook(ROWS)
    body = upload(api, data).json
    assert body["imported"] == 2
    assert [p["full_name"] for p in body["people"]] == ["Lò Văn Thắng", "Nguyễn Thị Hoa"]
    assert body["people"][1]["is_leader"] is True
    assert [(r["row"], r["field"]) for r in body["rejected"]] == [
        (4, "full_name"), (5, "unit_code"), (6, "is_leader")]
    assert "KHONG-CO" in body["rejected"][1]["message"]
    # The same file again adds nobody twice.
    before = api.app.store.event_count()
    again = upload(api, data).json
    assert again["imported"] == 2 and api.app.store.event_count() == before
    assert len(api.app.organisation.list_people("CDCS-LQD")) == 2


def test_a_file_without_the_needed_columns_or_not_xlsx_is_refused(api: Api) -> None:
    prepare(api)
    before = api.app.store.event_count()
    for data, text in [(workbook([["Tên", "Đơn vị"], ["A", "B"]]), "Họ và tên"),
                       (b"day khong phai xlsx", ".xlsx")]:
        response = upload(api, data)
        assert response.status_code == 422  # a file, as the schema says; not a list of people
        assert response.json["error"]["field"] == "file"
        assert text in response.json["error"]["message"]
    assert api.app.store.event_count() == before


def test_the_people_page_imports_and_shows_the_rejected_rows(api: Api) -> None:
    prepare(api)
    browser_login(api.client, "admin", "mat-khau-admin")
    page = api.client.get("/people").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    result = api.client.post("/people/import", content_type="multipart/form-data",
                             data={"csrf_token": token,
                                   "file": (io.BytesIO(workbook(ROWS)), "ds.xlsx")})
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    assert "Đã thêm 2 người." in html and "Lò Văn Thắng" in html
    assert "Các dòng không nhập được" in html and "Mã đơn vị" in html
