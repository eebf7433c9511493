"""People through the pages (issue 14 item 4): one person at a time on /people/new, and a
list from the import template the /people page links to."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from services.actors import SYSTEM
from services.usecases.people_import import HEADINGS
from tests.support.api import Api, browser_login
from tests.support.forms import submit

NEW = "/people/new"


@pytest.fixture
def clerk(api: Api) -> Api:
    """A unit clerk of a school's union, signed in through the login page."""
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    api.app.organisation.create_unit(code="CDCS-LQD",
                                     name="Công đoàn Trường THPT chuyên Lê Quý Đôn",
                                     parent_code="LDLD", actor=SYSTEM)
    api.app.accounts.create_user(username="vanthu", password="mat-khau-dai", role="unit_clerk",
                                 unit_code="CDCS-LQD", actor=SYSTEM)
    assert browser_login(api.client, "vanthu", "mat-khau-dai").status_code == 302
    return api


def people_of(api: Api) -> list[dict[str, object]]:
    return api.app.organisation.list_people()


def test_the_clerk_adds_one_person_with_errors_beside_the_fields(clerk: Api) -> None:
    """Fails on 8e6e66e: /people/new did not exist (404)."""
    listing = clerk.client.get("/people").get_data(as_text=True)
    assert f'href="{NEW}"' in listing and 'href="/people/template.xlsx"' in listing
    form = clerk.client.get(NEW).get_data(as_text=True)
    for field in ("full_name", "unit_code", "position", "is_leader", "sex", "birth_date"):
        assert f'<label for="{field}"' in form or f'for="{field}"' in form, field
    assert 'type="date" id="birth_date" name="birth_date"' in form and 'lang="vi"' in form

    before = clerk.app.store.event_count()
    empty = submit(clerk.client, NEW, "person-form", {"full_name": "  "})
    assert empty.status_code == 400
    html = empty.get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert "«Họ và tên» không được để trống" in html.split('id="unit_code"')[0]
    future = submit(clerk.client, NEW, "person-form",
                    {"full_name": "Lò Thị Mai", "birth_date": "2999-01-01"})
    assert future.status_code == 400
    assert "«Ngày sinh»" in future.get_data(as_text=True).split('id="birth_date"')[1]
    assert clerk.app.store.event_count() == before  # nothing half-written

    typed = unicodedata.normalize("NFD", "Lò Thị Mai")  # as some keyboards send it
    added = submit(clerk.client, NEW, "person-form", {
        "full_name": typed, "position": "Giáo viên", "is_leader": "co", "sex": "female",
        "birth_date": "1988-04-30"})
    assert added.status_code == 302 and added.headers["Location"].endswith("/people")
    [person] = people_of(clerk)
    assert person["full_name"] == "Lò Thị Mai" == unicodedata.normalize("NFC", typed)
    assert (person["unit_code"], person["position"], person["is_leader"], person["sex"],
            person["birth_date"]) == ("CDCS-LQD", "Giáo viên", True, "female", "1988-04-30")
    page = clerk.client.get("/people").get_data(as_text=True)
    assert "Đã thêm Lò Thị Mai" in page and "30/04/1988" in page and "<td>Nữ</td>" in page


def test_only_roles_that_add_people_see_the_form(api: Api) -> None:
    api.app.accounts.create_user(username="thanhtra", password="mat-khau-dai", role="auditor",
                                 actor=SYSTEM)
    browser_login(api.client, "thanhtra", "mat-khau-dai")
    assert api.client.get(NEW).status_code == 403
    assert f'href="{NEW}"' not in api.client.get("/people").get_data(as_text=True)


def test_the_template_filled_in_imports_through_the_page(clerk: Api) -> None:
    """Fails on 8e6e66e: there was no template (404) and no sex or date of birth."""
    response = clerk.client.get("/people/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    assert all(h.lower() in HEADINGS for h in header)  # the headings the import reads
    assert set(HEADINGS.values()) == {HEADINGS[h.lower()] for h in header}  # all of them
    example = [cell.value for cell in sheet[2]]
    assert example[0] and example[1]  # an example row shows how a row is filled in

    column = {HEADINGS[h.lower()]: i for i, h in enumerate(header)}
    rows = [{"full_name": "Hà Văn Thành", "unit_code": "CDCS-LQD", "position": "Hiệu trưởng",
             "is_leader": "có", "sex": "Nam", "birth_date": datetime(1975, 9, 2)},
            {"full_name": "Lường Thị Pằng", "unit_code": "CDCS-LQD", "position": "Giáo viên",
             "is_leader": "", "sex": "Nữ", "birth_date": "15/01/1990"},
            {"full_name": "Sùng A Páo", "unit_code": "CDCS-LQD", "position": "",
             "is_leader": "", "sex": "", "birth_date": None}]
    sheet.delete_rows(2)  # the example row goes, as the page says
    for number, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=number, column=column[name] + 1, value=value)
    filled = io.BytesIO()
    book.save(filled)

    imported = submit(clerk.client, "/people", "import-form",
                      files={"file": (filled.getvalue(), "danh-sach.xlsx")})
    assert imported.status_code == 200, imported.get_data(as_text=True)[:500]
    assert "Đã thêm 3 người" in imported.get_data(as_text=True)
    got = {p["full_name"]: (p["is_leader"], p["sex"], p["birth_date"]) for p in people_of(clerk)}
    assert got == {"Hà Văn Thành": (True, "male", "1975-09-02"),
                   "Lường Thị Pằng": (False, "female", "1990-01-15"),
                   "Sùng A Páo": (False, None, None)}
    assert date(1975, 9, 2).strftime("%d/%m/%Y") in clerk.client.get("/people").get_data(
        as_text=True)
