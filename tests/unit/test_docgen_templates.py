"""Every template renders its example, keeps user text intact and passes the NĐ 30 checker;
the checker catches each kind of mistake a clerk (or a template) can make."""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.shared import Mm
from jinja2 import UndefinedError

from docgen import build_templates, layout
from docgen.checker import check_docx, main, rule_ids
from docgen.examples import EXAMPLES, example_context
from docgen.render import TEMPLATES_DIR, render, template_hash, undeclared_variables

NAMES = sorted(EXAMPLES)
MINUTES = "bien_ban_hop_hoi_dong"
SPECIAL_NAME = "Nguyễn Thị Ánh Tuyết & Cộng sự <Tổ 1>"
LONG_UNIT = ("Công đoàn cơ sở Trường Phổ thông Dân tộc bán trú Trung học cơ sở xã Pa Ủ, huyện "
             "Mường Tè, tỉnh Lai Châu & các điểm trường <bản Xà Hồ, bản Pa Ủ, bản Tân Biên> ")
LONG_UNIT = (LONG_UNIT * 3)[:300]


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    """The example of every template, rendered once for the module."""
    return {name: render(name, example_context(name)) for name in NAMES}


def read(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def save(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def all_text(document: DocumentObject) -> str:
    """Return the text of every paragraph of the body, tables included, one per line."""
    return "\n".join(
        "".join(node.text or "" for node in p.iter(f"{{{layout.W}}}t"))
        for p in document.element.body.iter(f"{{{layout.W}}}p")
    )


# --- templates -------------------------------------------------------------------------


def test_committed_templates_are_what_the_build_script_makes() -> None:
    for name in build_templates.TEMPLATES:
        committed = (TEMPLATES_DIR / f"{name}.docx").read_bytes()
        assert committed == build_templates.build(name), (
            f"templates_docx/{name}.docx is stale: run python -m docgen.build_templates")
    assert build_templates.main(["--check"]) == 0


def test_every_template_has_an_example() -> None:
    assert set(EXAMPLES) == set(build_templates.TEMPLATES)


@pytest.mark.parametrize("name", NAMES)
def test_example_context_declares_every_variable(name: str) -> None:
    assert undeclared_variables(name, example_context(name)) == set()


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_variable_is_reported(name: str) -> None:
    context = example_context(name)
    del context["number"]
    assert undeclared_variables(name, context) == {"number"}


def test_a_missing_nested_value_fails_loudly_instead_of_printing_nothing() -> None:
    context = example_context("quyet_dinh_khen_thuong")
    del context["awardees"][0]["amount"]
    with pytest.raises(UndefinedError):
        render("quyet_dinh_khen_thuong", context)


def test_template_hash_is_the_sha256_of_the_file() -> None:
    path = TEMPLATES_DIR / "ke_hoach.docx"
    assert template_hash("ke_hoach") == hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(LookupError):
        template_hash("../pyproject")


@pytest.mark.parametrize("name", NAMES)
def test_example_renders_without_any_nd30_violation(name: str, rendered) -> None:
    violations = check_docx(rendered[name])
    assert violations == [], "\n".join(map(str, violations))


@pytest.mark.parametrize("name", NAMES)
def test_rendered_document_carries_the_header_number_and_signer(name: str, rendered) -> None:
    context = example_context(name)
    text = all_text(read(rendered[name]))
    assert layout.NATIONAL_TITLE in text
    assert layout.MOTTO in text
    assert f"Số: {context['number']}" in text
    assert context["issuer"].upper() in text
    signer = context["signature"]["name"] if "signature" in context else context["chair"]["name"]
    assert signer in text
    assert "{{" not in text and "{%" not in text


def test_plan_shows_seed_004_number_date_and_signature(rendered) -> None:
    text = all_text(read(rendered["ke_hoach"]))
    assert "Số: 117/KH-LĐLĐ" in text
    assert "Lai Châu, ngày 13 tháng 9 năm 2019" in text
    assert "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH" in text
    assert "Tổng số điểm" in text
    assert "4 cho các CĐCS ngành giáo dục" in text
    assert "- Lưu: VT, CTCS." in text


def test_decision_shows_articles_total_in_words_and_appendix(rendered) -> None:
    document = read(rendered["quyet_dinh_khen_thuong"])
    text = all_text(document)
    assert "Lai Châu, ngày 05 tháng 01 năm 2026" in text
    assert "QUYẾT ĐỊNH:" in text
    assert "35.100.000 đồng (Bằng chữ: Ba mươi lăm triệu một trăm nghìn đồng)" in text
    assert "(Kèm theo Quyết định số 05/QĐ-LĐLĐ ngày 05 tháng 01 năm 2026 của Ban Thường vụ" in text
    appendix = document.tables[-1]
    assert [cell.text for cell in appendix.rows[0].cells][0] == "STT"
    assert appendix.rows[1].cells[3].text == "Bằng khen"
    assert appendix.rows[-1].cells[-1].text == "35.100.000"
    assert len(appendix.rows) == 1 + 7 + 1
    # The appendix is its own section, numbered from 1, starting on a new page.
    assert len(document.sections) == 2


def test_minutes_show_vote_shares_of_the_whole_council(rendered) -> None:
    text = all_text(read(rendered[MINUTES]))
    assert "Vào hồi 08 giờ 30 phút, ngày 29 tháng 12 năm 2025." in text
    # Rounded half up, as the API answers (8/9 = 88,89 %).
    assert "88,89 %" in text and "66,67 %" in text
    assert "(có ý kiến bằng văn bản: 02)" in text


# --- user text ---------------------------------------------------------------------------


def with_special_text(name: str) -> tuple[dict, list[str]]:
    """Return the example of ``name`` with "&", "<", diacritics and a 300-character unit."""
    context = example_context(name)
    context["title"] = context["title"] + " & <thử nghiệm>"
    rows = {
        "ke_hoach": lambda c: c["criteria"][0]["rows"][0],
        "quyet_dinh_khen_thuong": lambda c: c["awardees"][0],
        "to_trinh": lambda c: c["nominees"][0],
        "bien_ban_hop_hoi_dong": lambda c: c["votes"][0],
        "bao_cao_dien_hinh": lambda c: c["exemplars"][0],
        "bao_cao_tong_ket": lambda c: c["leaders"][0],
    }
    row = rows[name](context)
    row["name"] = SPECIAL_NAME
    if "unit" in row:
        row["unit"] = LONG_UNIT
    elif name == MINUTES:
        context["meeting"]["place"] = LONG_UNIT
    else:
        context["quotas"][0]["award"] = LONG_UNIT
    return context, [SPECIAL_NAME, LONG_UNIT.strip(), context["title"]]


@pytest.mark.parametrize("name", NAMES)
def test_ampersand_angle_brackets_diacritics_and_long_names_render_literally(
    name: str, tmp_path: Path
) -> None:
    context, expected = with_special_text(name)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(render(name, context))
    document = docx.Document(str(path))
    # A heading set in lines at phrase boundaries reads back with its line breaks.
    texts = [" ".join(p.text.split()) for p in document.paragraphs]
    texts += [" ".join(cell.text.split()) for table in document.tables for row in table.rows
              for cell in row.cells]
    for value in expected:
        assert any(value in text for text in texts), value
    text = all_text(document)
    assert "&amp;" not in text and "&lt;" not in text
    assert "& <thử nghiệm>" in text
    violations = check_docx(path)
    assert violations == [], "\n".join(map(str, violations))


def test_a_document_without_parent_agency_has_only_the_issuer_on_the_left() -> None:
    context = example_context("ke_hoach")
    context["parent_agency"] = ""
    document = read(render("ke_hoach", context))
    left = [" ".join(p.text.split()) for p in document.tables[0].rows[0].cells[0].paragraphs
            if p.text]
    assert left == ["LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"]
    assert check_docx(save(document)) == []


def test_decomposed_input_is_written_in_nfc() -> None:
    import unicodedata

    context = example_context("to_trinh")
    context["nominees"][0]["name"] = unicodedata.normalize("NFD", "Bà Nguyễn Thị Thu Hà")
    document = read(render("to_trinh", context))
    assert document.tables[-2].rows[1].cells[1].text == "Bà Nguyễn Thị Thu Hà"
    assert check_docx(save(document)) == []


def test_control_characters_in_input_do_not_break_the_document() -> None:
    context = example_context("bao_cao_dien_hinh")
    context["exemplars"][0]["achievement"] = "Đạt\x07 96 điểm\x0c;\x00 xuất sắc"
    document = read(render("bao_cao_dien_hinh", context))
    assert "Đạt  96 điểm ;  xuất sắc" in all_text(document)


# --- the checker on broken documents ----------------------------------------------------


def in_header_table(document: DocumentObject, needle: str):
    for row in document.tables[0].rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                if needle in p.text:
                    return p
    raise AssertionError(f"{needle!r} not in the header table")


def set_text(paragraph, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def wrong_left_margin(document: DocumentObject) -> None:
    document.sections[0].left_margin = Mm(25)


def arial_everywhere(document: DocumentObject) -> None:
    for p in document.element.body.iter(f"{{{layout.W}}}r"):
        fonts = p.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(f"{{{layout.W}}}ascii", "Arial")
        fonts.set(f"{{{layout.W}}}hAnsi", "Arial")


def national_title_not_bold(document: DocumentObject) -> None:
    for run in in_header_table(document, "CỘNG HÒA").runs:
        run.font.bold = False


def date_without_leading_zeros(document: DocumentObject) -> None:
    set_text(in_header_table(document, ", ngày"), "Lai Châu, ngày 5 tháng 1 năm 2020")


def number_without_leading_zero(document: DocumentObject) -> None:
    set_text(in_header_table(document, "Số:"), "Số: 5/QĐ-UBND")


def no_archive_line(document: DocumentObject) -> None:
    for p in document.element.body.iter(f"{{{layout.W}}}p"):
        if "".join(t.text or "" for t in p.iter(f"{{{layout.W}}}t")).startswith("- Lưu"):
            p.getparent().remove(p)
            return
    raise AssertionError("no Lưu line")


def no_page_number_field(document: DocumentObject) -> None:
    header = document.sections[0].header
    for p in header.paragraphs:
        for r in list(p._p.iter(f"{{{layout.W}}}r")):
            r.getparent().remove(r)


MUTATIONS: dict[str, tuple[Callable[[DocumentObject], None], str]] = {
    "left margin 25 mm": (wrong_left_margin, "ND30.margins.left"),
    "Arial": (arial_everywhere, "ND30.font.family"),
    "Quốc hiệu not bold": (national_title_not_bold, "ND30.header.national_title"),
    "ngày 5 tháng 1": (date_without_leading_zeros, "ND30.date_line.format"),
    "Số: 5/QĐ-UBND": (number_without_leading_zero, "ND30.number"),
    "no Lưu": (no_archive_line, "ND30.recipients.archive"),
    "no PAGE field": (no_page_number_field, "ND30.page_number.field"),
}
CASES = [
    pytest.param(name, mutation, id=f"{name}-{mutation}")
    for name in NAMES
    for mutation in MUTATIONS
    if not (name == MINUTES and mutation == "ngày 5 tháng 1")
]


@pytest.mark.parametrize(("name", "mutation"), CASES)
def test_checker_reports_the_rule_a_mutation_breaks(name: str, mutation: str, rendered) -> None:
    mutate, rule = MUTATIONS[mutation]
    document = read(rendered[name])
    mutate(document)
    violations = check_docx(save(document))
    assert rule in rule_ids(violations), "\n".join(map(str, violations))


def mutate_and_check(name: str, mutate: Callable[[DocumentObject], None], rendered) -> set[str]:
    document = read(rendered[name])
    mutate(document)
    return rule_ids(check_docx(save(document)))


def body_paragraph(document: DocumentObject, start: str):
    for p in document.paragraphs:
        if p.text.startswith(start):
            return p
    raise AssertionError(start)


def test_checker_reports_an_article_number_not_in_bold(rendered) -> None:
    def plain_article(document: DocumentObject) -> None:
        body_paragraph(document, "Điều 2.").runs[0].font.bold = False

    assert "ND30.article" in mutate_and_check("quyet_dinh_khen_thuong", plain_article, rendered)


def test_checker_reports_a_last_basis_line_ending_with_a_semicolon(rendered) -> None:
    def semicolon(document: DocumentObject) -> None:
        p = body_paragraph(document, "Xét đề nghị")
        p.runs[-1].text = p.runs[-1].text.rstrip(".") + ";"

    assert "ND30.basis.punctuation" in mutate_and_check(
        "quyet_dinh_khen_thuong", semicolon, rendered)


def test_checker_reports_upright_basis_lines_in_a_decision(rendered) -> None:
    def upright(document: DocumentObject) -> None:
        for run in body_paragraph(document, "Căn cứ Luật Thi đua").runs:
            run.font.italic = False

    assert "ND30.basis.style" in mutate_and_check("quyet_dinh_khen_thuong", upright, rendered)


def test_checker_reports_a_motto_rule_shorter_than_the_motto(rendered) -> None:
    def short_rule(document: DocumentObject) -> None:
        motto = in_header_table(document, "Độc lập")
        rule = motto._p.getnext()
        rule.get_or_add_pPr().get_or_add_ind().set(f"{{{layout.W}}}left", "2200")
        rule.pPr.ind.set(f"{{{layout.W}}}right", "2200")

    assert "ND30.header.motto_rule" in mutate_and_check("to_trinh", short_rule, rendered)


def test_checker_reports_a_missing_rule_under_the_summary(rendered) -> None:
    def no_rule(document: DocumentObject) -> None:
        title = document.paragraphs[1]
        title._p.getnext().getparent().remove(title._p.getnext())

    assert "ND30.summary.rule" in mutate_and_check("ke_hoach", no_rule, rendered)


def test_checker_reports_body_text_that_is_not_justified_or_indented(rendered) -> None:
    def left_aligned(document: DocumentObject) -> None:
        p = body_paragraph(document, "Hưởng ứng")
        p.paragraph_format.alignment = 0
        p.paragraph_format.first_line_indent = 0
        p.paragraph_format.space_after = 0

    rules = mutate_and_check("ke_hoach", left_aligned, rendered)
    assert {"ND30.body.alignment", "ND30.body.indent", "ND30.body.spacing"} <= rules


def test_checker_reports_a_date_line_that_is_not_italic_and_march_with_a_zero(rendered) -> None:
    def upright_march(document: DocumentObject) -> None:
        p = in_header_table(document, ", ngày")
        set_text(p, "Lai Châu, ngày 15 tháng 03 năm 2020")
        p.runs[0].font.italic = False

    rules = mutate_and_check("bao_cao_dien_hinh", upright_march, rendered)
    assert {"ND30.date_line.format", "ND30.date_line.style"} <= rules


def test_checker_reports_page_numbers_on_the_first_page(rendered) -> None:
    def same_first_page(document: DocumentObject) -> None:
        document.sections[0].different_first_page_header_footer = False

    assert "ND30.page_number.first_page" in mutate_and_check("to_trinh", same_first_page,
                                                             rendered)


def test_checker_reports_an_unknown_signing_prefix_and_a_wrong_type_code(rendered) -> None:
    def bad_prefix(document: DocumentObject) -> None:
        cell = document.tables[-1].rows[0].cells[1]
        set_text(cell.paragraphs[0], "TT. BAN THƯỜNG VỤ")
        set_text(in_header_table(document, "Số:"), "Số: 09/QĐ-LĐLĐ")

    rules = mutate_and_check("to_trinh", bad_prefix, rendered)
    assert {"ND30.signature.authority", "ND30.number.type_code"} <= rules


def test_checker_reports_an_appendix_that_cites_another_decision(rendered) -> None:
    def other_reference(document: DocumentObject) -> None:
        p = body_paragraph(document, "(Kèm theo")
        set_text(p, "(Kèm theo Quyết định số 06/QĐ-LĐLĐ ngày 5 tháng 1 năm 2026 của Ban)")

    assert "ND30.appendix.reference" in mutate_and_check(
        "quyet_dinh_khen_thuong", other_reference, rendered)


def test_checker_reports_a_plain_document_without_nd30_layout() -> None:
    document = docx.Document()
    document.add_paragraph("Một văn bản không theo thể thức.")
    rules = rule_ids(check_docx(save(document)))
    # python-docx's default page is US Letter with 31,75 mm side margins: the left one is fine.
    assert {"ND30.page.size", "ND30.margins.right", "ND30.font.family",
            "ND30.page_number.field", "ND30.header.table"} <= rules


def test_check_docx_main_prints_one_line_per_violation(tmp_path: Path, rendered, capsys) -> None:
    good = tmp_path / "good.docx"
    good.write_bytes(rendered["quyet_dinh_khen_thuong"])
    document = read(rendered["quyet_dinh_khen_thuong"])
    wrong_left_margin(document)
    national_title_not_bold(document)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(save(document))

    assert main([str(good)]) == 0
    assert capsys.readouterr().out == ""
    assert main([str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(check_docx(bad)) == 2
    assert all(line.startswith(f"{bad}: ND30.") for line in lines)
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")
    assert main([str(junk)]) == 2


def test_examples_are_fresh_copies() -> None:
    first = example_context("ke_hoach")
    first["recipients"].append("x")
    assert "x" not in example_context("ke_hoach")["recipients"]
    assert copy.deepcopy(first) == first
