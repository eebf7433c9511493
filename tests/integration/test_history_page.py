"""Tra cứu khen thưởng by person as well as by unit, and a unit's view with its sub-units
(issue 14 friction): a person's name opens that person's awards; the box 'Gồm cả các đơn
vị trực thuộc' adds the awards of every unit under the one chosen; each list downloads."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from services.actors import SYSTEM
from tests.support.api import Api, browser_login
from tests.support.projections import project_all


def world(api: Api) -> dict[str, str]:
    app = api.app
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                 actor=SYSTEM)
    app.organisation.create_unit(code="CDGD", name="Công đoàn ngành Giáo dục",
                                 parent_code="LDLD", actor=SYSTEM)
    app.organisation.create_unit(code="CDCS-PT", name="Công đoàn Trường THPT Phong Thổ",
                                 parent_code="CDGD", actor=SYSTEM)
    people = {}
    for name, unit, number in (("Tòng Thị Phương", "CDCS-PT", "12/QĐ-LĐLĐ"),
                               ("Lò Văn Minh", "CDCS-PT", "13/QĐ-LĐLĐ"),
                               ("Giàng A Sử", "CDGD", "14/QĐ-LĐLĐ")):
        person = app.organisation.create_person(full_name=name, unit_code=unit, actor=SYSTEM)
        app.records.record_past_award(subject_kind="individual", subject_id=person["id"],
                                      award="giay_khen", year=2024, number=number,
                                      decided_on="2024-12-20", actor=SYSTEM)
        people[name] = person["id"]
    project_all(app)
    assert browser_login(api.client, "admin", "mat-khau-admin").status_code == 302
    return people


def test_a_unit_with_its_sub_units_and_one_person(api: Api) -> None:
    people = world(api)
    own = api.client.get("/awards/history?unit_code=CDGD").get_data(as_text=True)
    assert "Giàng A Sử" in own and "Tòng Thị Phương" not in own
    whole = api.client.get("/awards/history?unit_code=CDGD&sub_units=co").get_data(
        as_text=True)
    assert all(name in whole for name in people) and 'id="sub_units" name="sub_units" ' \
        'value="co" checked' in whole
    sheet = load_workbook(io.BytesIO(api.client.get(
        "/awards/history.xlsx?unit_code=CDGD&sub_units=co").data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert all(any(name in c for c in cells) for name in people)

    link = f'href="/awards/history?subject_id={people["Tòng Thị Phương"]}"'
    assert link in whole
    mine = api.client.get(f"/awards/history?subject_id={people['Tòng Thị Phương']}")
    html = mine.get_data(as_text=True)
    assert mine.status_code == 200 and "Khen thưởng của Tòng Thị Phương" in html
    assert "12/QĐ-LĐLĐ" in html and "13/QĐ-LĐLĐ" not in html
    sheet = load_workbook(io.BytesIO(api.client.get(
        f"/awards/history.xlsx?subject_id={people['Tòng Thị Phương']}").data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert any("12/QĐ-LĐLĐ" in c for c in cells) and not any("13/QĐ" in c for c in cells)
