"""LibreOffice opens every rendered document and prints what a clerk expects to see.

All examples convert in one soffice run. Without LibreOffice or pdftotext the tests skip
with the reason, unless THIDUA_REQUIRE_LIBREOFFICE=1 (CI), where they fail instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import pdf
from docgen.examples import EXAMPLES, example_context
from docgen.render import render
from docgen.vietnamese import date_line
from tests.support.documents import need_libreoffice, pdf_pages

NAMES = sorted(EXAMPLES)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example rendered and converted to PDF by one LibreOffice run."""
    need_libreoffice()
    folder = tmp_path_factory.mktemp("pdf")
    converted = pdf.to_pdfs({name: render(name, example_context(name)) for name in NAMES})
    paths = {}
    for name, data in converted.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def words_in_order(expected: str, text: str, max_gap: int = 8) -> bool:
    """Tell whether the words of ``expected`` appear in ``text`` in order, close together.

    A name that wraps inside a table cell comes out of pdftotext interleaved with the
    neighbouring cell's words, so the words are looked for in order, not side by side.
    """
    words, tokens = expected.split(), text.split()
    for start, token in enumerate(tokens):
        if token != words[0]:
            continue
        position, found = start, 1
        for word in words[1:]:
            window = tokens[position + 1: position + 2 + max_gap]
            if word not in window:
                break
            position += 1 + window.index(word)
            found += 1
        if found == len(words):
            return True
    return False


def expected_texts(name: str) -> list[str]:
    context = example_context(name)
    texts = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             f"Số: {context['number']}"]
    if "issued_on" in context:
        texts.append(date_line(context["place"], context["issued_on"]))
    if "signature" in context:
        texts += context["signature"]["lines"] + [context["signature"]["name"]]
    else:
        texts += [context["chair"]["name"], context["secretary"]["name"]]
    return texts


def table_names(name: str) -> list[str]:
    context = example_context(name)
    rows = {"quyet_dinh_khen_thuong": "awardees", "to_trinh": "nominees",
            "bien_ban_hop_hoi_dong": "votes", "bao_cao_dien_hinh": "exemplars",
            "bao_cao_tong_ket": "leaders"}
    return [row["name"] for row in context[rows[name]]] if name in rows else []


@pytest.mark.parametrize("name", NAMES)
def test_pdf_shows_header_number_date_and_names(name: str, pdfs: dict[str, Path]) -> None:
    text = " ".join(pdf_pages(pdfs[name]))
    for expected in expected_texts(name):
        assert expected in text, expected
    for expected in table_names(name):
        assert words_in_order(expected, text), expected


@pytest.mark.parametrize("name", NAMES)
def test_first_page_has_no_page_number_and_the_second_has_one(
    name: str, pdfs: dict[str, Path]
) -> None:
    pages = pdf_pages(pdfs[name])
    assert pages[0].startswith("TỔNG LIÊN ĐOÀN") or pages[0].startswith("LIÊN ĐOÀN")
    if len(pages) > 1:
        assert pages[1].startswith("2 ")


def test_decision_appendix_starts_on_its_own_unnumbered_page(pdfs: dict[str, Path]) -> None:
    pages = pdf_pages(pdfs["quyet_dinh_khen_thuong"])
    appendix = next(page for page in pages if "DANH SÁCH TẬP THỂ" in page)
    assert appendix.startswith("Phụ lục DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN")
    assert "Điều 1." not in appendix
    assert "35.100.000" in appendix
    assert "Ba mươi lăm triệu một trăm nghìn đồng" in appendix


def test_pdf_export_names_the_missing_program(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.available() is False
    with pytest.raises(pdf.PdfExportError, match="LibreOffice"):
        pdf.to_pdf(b"PK")
