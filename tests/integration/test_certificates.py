"""Bằng khen, giấy khen printed onto pre-printed blanks: the certificates of an issued
decision read back with pdfplumber (one page per recipient, each text within 1 mm of its
box, in the embedded Liberation Serif), each award form's layout over HTTP (set as events,
refused naming the field), the calibration sheet."""

from __future__ import annotations

import base64
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from docgen import certificate_pdf
from events.errors import InvalidInputError
from services.actors import SYSTEM
from tests.support.api import Api, as_user, assert_refused, browser_login
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNER,
    World,
    approve,
    build_world,
    decide,
    nominate,
)

MM = 72 / 25.4  # points per millimetre
PASSWORD = "mat-khau-dai-1"
LONG_NAME = ("Công đoàn cơ sở Trường Phổ thông Dân tộc Bán trú Trung học cơ sở và Trung học "
             "phổ thông xã Nậm Xe huyện Phong Thổ")
STYLE_FONTS = {"regular": "LiberationSerif", "bold": "LiberationSerif-Bold",
               "italic": "LiberationSerif-Italic", "bold_italic": "LiberationSerif-BoldItalic"}


@pytest.fixture
def world(api: Api) -> World:
    api.app.store.clock = lambda: AWARDS_TODAY
    world = build_world(api.app, members=3, schools=2, others=1)
    world.units["LONG"] = api.app.organisation.create_unit(
        code="CDCS-LONG", name=LONG_NAME, parent_code="CDN-GD", actor=SYSTEM)["id"]
    api.app.accounts.create_user(username="thuky", password=PASSWORD, role="secretary",
                                 actor=SYSTEM)
    api.app.accounts.create_user(username="vanthu", password=PASSWORD, role="unit_clerk",
                                 unit_code="CDCS-GD1", actor=SYSTEM)
    return world


def _issued(world: World, award: str, subjects: list[tuple[str, str]]) -> dict[str, Any]:
    chosen = [nominate(world, kind, key, award)["id"] for kind, key in subjects]
    approve(world, chosen)
    return decide(world, award, chosen, issued_on=date(2026, 1, 15))


def _pdf(response: Any) -> Iterator[Any]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return pdfplumber.open(BytesIO(response.data))


def _box_text(page: Any, box: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The text drawn in ``box`` (lines joined by a space) and its characters: those whose
    origin lies within the box's width and whose baseline is on one of its lines."""
    height = float(page.height)
    top = box["y"] * MM - MM
    bottom = (box["y"] + (box["lines"] - 1) * box["font_size"] / MM * 1.25 + 1) * MM
    chars = [c for c in page.chars
             if (box["x"] - 1) * MM <= c["matrix"][4] <= (box["x"] + box["width"] + 1) * MM
             and top <= height - c["matrix"][5] <= bottom]
    lines: dict[float, list[dict[str, Any]]] = {}
    for c in chars:
        lines.setdefault(round(height - c["matrix"][5], 1), []).append(c)
    text = " ".join("".join(c["text"] for c in sorted(line, key=lambda c: c["matrix"][4]))
                    .strip() for _, line in sorted(lines.items()))
    return " ".join(text.split()), chars


def _check_page(page: Any, layout: dict[str, Any], texts: dict[str, str]) -> None:
    height = float(page.height)
    for name, box in layout["fields"].items():
        expected = " ".join(unicodedata.normalize("NFC", texts[name]).split())
        text, chars = _box_text(page, box)
        assert text == expected, (name, text, expected)
        first = [c for c in chars if abs(height - c["matrix"][5] - box["y"] * MM) <= MM]
        assert first, name
        first.sort(key=lambda c: c["matrix"][4])
        baseline_mm = (height - first[0]["matrix"][5]) / MM
        assert abs(baseline_mm - box["y"]) <= 1, (name, baseline_mm, box["y"])
        left, right = first[0]["matrix"][4] / MM, first[-1]["x1"] / MM
        if box["align"] == "left":
            assert abs(left - box["x"]) <= 1, (name, left, box["x"])
        elif box["align"] == "center":
            assert abs((left + right) / 2 - (box["x"] + box["width"] / 2)) <= 1, name
        assert left >= box["x"] - 0.5 and right <= box["x"] + box["width"] + 0.5, name
        fonts = {c["fontname"].partition("+")[2] for c in chars}
        assert fonts == {STYLE_FONTS[box["style"]]}, (name, fonts)
        assert all(c["size"] <= box["font_size"] + 0.01 for c in chars), name


def _embedded_fonts(data: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "check.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    return [line.split() for line in listing]


def test_an_issued_decision_prints_one_page_per_recipient_each_text_in_its_box(
        api: Api, world: World, tmp_path: Path) -> None:
    decision = _issued(world, "bang_khen_tinh", [("collective", "GD1"),
                                                 ("individual", "huong"),
                                                 ("collective", "LONG")])
    response = api.get(f"/decisions/{decision['id']}/certificates.pdf")
    layout = api.get("/award-forms/bang_khen_tinh/certificate-layout").json
    assert layout["default"] is True and layout["orientation"] == "landscape"
    expected = api.app.certificates.texts(api.app.decisions.decision(decision["id"]))
    assert [t["recipient_name"] for t in expected] == [
        "Công đoàn Trường số 1", "Lò Thị Hương", LONG_NAME]
    assert expected[1]["unit"] == "Chuyên viên, Công đoàn Trường số 1"
    assert expected[0]["unit"] == "Công đoàn ngành Giáo dục"
    assert expected[0]["decision"] == f"Quyết định số {decision['number']} ngày 15/01/2026"
    assert expected[0]["place_date"] == "Lai Châu, ngày 15 tháng 01 năm 2026"
    assert expected[0]["signer_title"] == "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH"
    with _pdf(response) as pdf:
        assert len(pdf.pages) == 3
        for page, texts in zip(pdf.pages, expected, strict=True):
            assert (round(page.width / MM), round(page.height / MM)) == (297, 210)
            _check_page(page, layout, texts)
        long_name = [c for c in pdf.pages[2].chars if c["matrix"][5] > 0
                     and abs(pdf.pages[2].height - c["matrix"][5]
                             - layout["fields"]["recipient_name"]["y"] * MM) <= MM]
        assert max(c["size"] for c in long_name) < \
            layout["fields"]["recipient_name"]["font_size"] - 4, "a long name shrinks to fit"
    fonts = _embedded_fonts(response.data, tmp_path)
    assert fonts and all(row[0].partition("+")[2].startswith("LiberationSerif")
                         for row in fonts), fonts
    assert all(row[-5] == "yes" for row in fonts), "every font is embedded"


def test_a_draft_or_revoked_decision_prints_nothing(api: Api, world: World) -> None:
    chosen = [nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]]
    approve(world, chosen)
    draft = api.app.decisions.draft_decision(
        issuer_unit_code="LDLD", campaign_id=world.campaign, award="bang_khen_tinh",
        nomination_ids=chosen, signer=SIGNER, actor=SECRETARY)
    response = api.get(f"/decisions/{draft['id']}/certificates.pdf")
    assert response.status_code == 409 and response.json["error"]["field"] == "decision_id"
    assert "dự thảo" in response.json["error"]["message"]
    api.app.decisions.issue_decision(draft["id"], issued_on=date(2026, 1, 15), actor=SECRETARY)
    assert api.get(f"/decisions/{draft['id']}/certificates.pdf").status_code == 200
    api.app.decisions.revoke_decision(draft["id"], reason="Hồ sơ kê khai sai thành tích.",
                                      revoked_on=date(2026, 2, 1), actor=SECRETARY)
    response = api.get(f"/decisions/{draft['id']}/certificates.pdf")
    assert response.status_code == 409 and "đã bị hủy" in response.json["error"]["message"]
    missing = api.get("/decisions/00000000-0000-4000-8000-000000000000/certificates.pdf")
    assert missing.status_code == 404


def _portrait_layout() -> dict[str, Any]:
    box = {"width": 150, "font_size": 14, "style": "regular", "align": "left", "lines": 1}
    return {"page_size": "A4", "orientation": "portrait", "fields": {
        "recipient_name": {**box, "x": 30, "y": 120, "font_size": 22, "style": "bold",
                           "align": "center"},
        "unit": {**box, "x": 30, "y": 132},
        "achievement": {**box, "x": 30, "y": 144, "lines": 3, "style": "italic"},
        "decision": {**box, "x": 20, "y": 280, "width": 90, "font_size": 10},
        "place_date": {**box, "x": 110, "y": 200, "width": 80, "align": "right"},
        "signer_title": {**box, "x": 110, "y": 208, "width": 80, "lines": 2,
                         "style": "bold_italic", "align": "center"},
        "signer_name": {**box, "x": 110, "y": 250, "width": 80, "style": "bold",
                        "align": "center"},
    }}


def test_a_secretary_sets_a_forms_layout_and_the_certificates_follow_it(
        api: Api, world: World) -> None:
    secretary = as_user(api, "thuky", PASSWORD)
    layout = _portrait_layout()
    before = api.app.store.event_count()
    put = secretary.client.put("/api/v1/award-forms/giay_khen/certificate-layout",
                               json=layout, headers=secretary.headers)
    assert put.status_code == 200, put.json
    assert put.json["default"] is False and put.json["updated_by"] == "thuky"
    assert (put.json["page_width"], put.json["page_height"]) == (210, 297)
    assert api.app.store.event_count() > before
    again = secretary.client.put("/api/v1/award-forms/giay_khen/certificate-layout",
                                 json=layout, headers=secretary.headers)
    assert again.json == put.json
    assert api.get("/award-forms/giay_khen/certificate-layout").json == put.json
    clerk = as_user(api, "vanthu", PASSWORD)
    assert clerk.client.put("/api/v1/award-forms/giay_khen/certificate-layout", json=layout,
                            headers=clerk.headers).status_code == 403

    decision = _issued(world, "giay_khen", [("individual", "pao"), ("collective", "GD2")])
    expected = api.app.certificates.texts(api.app.decisions.decision(decision["id"]))
    with _pdf(api.get(f"/decisions/{decision['id']}/certificates.pdf")) as pdf:
        assert len(pdf.pages) == 2
        for page, texts in zip(pdf.pages, expected, strict=True):
            assert (round(page.width / MM), round(page.height / MM)) == (210, 297)
            _check_page(page, put.json, texts)


@pytest.mark.parametrize("change, status, field, text", [
    ({"unit": {"x": 100, "width": 150}}, 422, "fields.unit.width", "vượt ra ngoài trang"),
    ({"signer_name": {"y": 296}}, 422, "fields.signer_name.y", "vượt ra ngoài trang"),
    ({"recipient_name": {"y": 2}}, 422, "fields.recipient_name.y", "vượt ra ngoài trang"),
    ({"unit": {"width": -5}}, 400, "fields.unit.width", "fields.unit.width"),
    ({"decision": {"x": -1}}, 400, "fields.decision.x", "fields.decision.x"),
    ({"achievement": {"font_size": 0}}, 400, "fields.achievement.font_size", "Cỡ chữ"),
    ({"achievement": {"lines": 9}}, 400, "fields.achievement.lines", "fields.achievement"),
])
def test_a_bad_layout_is_refused_naming_the_field(api: Api, world: World,
                                                  change: dict[str, Any], status: int,
                                                  field: str, text: str) -> None:
    layout = _portrait_layout()
    for name, values in change.items():
        layout["fields"][name].update(values)
    before = api.app.store.event_count()
    response = api.client.put("/api/v1/award-forms/giay_khen/certificate-layout",
                              json=layout, headers=api.headers)
    assert_refused(api, response, status, field, text, before)


def test_the_layout_refuses_outside_the_page_in_the_use_case_too(api: Api) -> None:
    layout = _portrait_layout()
    layout["fields"]["unit"]["width"] = -3
    with pytest.raises(InvalidInputError) as refused:
        api.app.certificates.set_layout("giay_khen", actor=SYSTEM, **layout)
    assert refused.value.field == "fields.unit.width"
    assert "lớn hơn 0" in refused.value.message
    assert api.get("/award-forms/khong_co/certificate-layout").status_code == 404


def test_the_calibration_sheet_is_a_millimetre_grid_of_the_page_with_the_boxes(
        api: Api) -> None:
    with _pdf(api.get("/award-forms/bang_khen_tinh/certificate-layout/calibration.pdf")) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width / MM), round(page.height / MM)) == (297, 210)
        text = page.extract_text()
        assert "Tờ căn chỉnh: Bằng khen cấp bộ, ngành, tỉnh" in text
        assert "Tên cá nhân, tập thể được khen thưởng (x 48, y 100)" in text
        # 1 mm lines across the page both ways, numbered every 10 mm.
        verticals = {round(line["x0"] / MM, 1) for line in page.lines
                     if line["x0"] == line["x1"]}
        assert {float(x) for x in range(0, 298)} <= verticals
        assert {"10", "150", "290"} <= set(text.split())
    with _pdf(api.get("/award-forms/giay_khen/certificate-layout/sample.pdf")) as pdf:
        assert (round(pdf.pages[0].width / MM), round(pdf.pages[0].height / MM)) == (210, 297)
        assert "Nguyễn Thị Thu Hương" in pdf.pages[0].extract_text()


def test_without_the_font_the_pdf_is_a_503_naming_the_package(
        api: Api, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(certificate_pdf.FontMissingError, match="fonts-liberation2"):
        certificate_pdf.font_files([tmp_path])

    def missing() -> None:
        certificate_pdf.font_files([tmp_path])

    monkeypatch.setattr(certificate_pdf, "register_fonts", missing)
    response = api.get("/award-forms/bang_khen_tinh/certificate-layout/calibration.pdf")
    assert response.status_code == 503
    assert "fonts-liberation2" in response.json["error"]["message"]


def _form(page: str) -> dict[str, str]:
    """Every input and selected option of the layout form as the browser would post it."""
    values = dict(re.findall(r'<input[^>]*name="([^"]+)" value="([^"]*)"', page))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page,
                                    re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[name] = chosen.group(1) if chosen else ""
    return values


def test_the_layout_page_previews_refuses_beside_nothing_stored_and_saves(
        api: Api, world: World) -> None:
    client, app = api.client, api.app
    assert browser_login(client, "thuky", PASSWORD).status_code == 302
    page = client.get("/award-forms/giay_khen/certificate-layout").get_data(as_text=True)
    assert "Mẫu in trên phôi: Giấy khen" in page and "mẫu mặc định" in page
    picture = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert picture and "Nguyễn Thị Thu Hương" in base64.b64decode(picture.group(1)).decode()
    values = _form(page)
    assert values["recipient_name.y"] == "140" and values["orientation"] == "portrait"
    before = app.store.event_count()
    moved = client.post("/award-forms/giay_khen/certificate-layout",
                        data={**values, "recipient_name.y": "150", "action": "preview"})
    assert moved.status_code == 200
    assert 'name="recipient_name.y" value="150"' in moved.get_data(as_text=True)
    bad = client.post("/award-forms/giay_khen/certificate-layout",
                      data={**values, "unit.width": "500", "action": "save"})
    assert bad.status_code == 400 and "vượt ra ngoài trang" in bad.get_data(as_text=True)
    assert app.store.event_count() == before, "a refused layout stores nothing"
    saved = client.post("/award-forms/giay_khen/certificate-layout",
                        data={**values, "recipient_name.y": "150", "action": "save"})
    assert saved.status_code == 302
    assert app.certificates.get_layout("giay_khen")["fields"]["recipient_name"]["y"] == 150
    assert client.get("/award-forms/giay_khen/certificate-layout/calibration.pdf").mimetype \
        == "application/pdf"
    decision = _issued(world, "giay_khen", [("individual", "lan")])
    shown = client.get(f"/decisions/{decision['id']}").get_data(as_text=True)
    assert f"/decisions/{decision['id']}/certificates.pdf" in shown
    with _pdf(client.get(f"/decisions/{decision['id']}/certificates.pdf")) as pdf:
        assert len(pdf.pages) == 1 and "Tao Thị Lan" in pdf.pages[0].extract_text()
