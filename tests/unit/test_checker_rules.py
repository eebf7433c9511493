"""The NĐ 30 checker's table of rules: every rule it reports is listed with its source, each
whole-part rule is one function, and the rules read the example papers the way a clerk
would (a signer's name in capitals is that, not a missing signature)."""

from __future__ import annotations

import inspect
import io
import re

import docx
import pytest

from docgen import checker
from docgen.checker import PAGE_RULES, PART_RULES, RULES, check_docx, main, rule_ids
from docgen.examples import example_context
from docgen.render import render


def reported_ids() -> set[str]:
    """Every rule id the checker's code can report."""
    source = inspect.getsource(checker)
    ids = set(re.findall(r'report\(\s*"(ND30\.[\w.]+)"', source))
    ids |= set(re.findall(r'Violation\(\s*"(ND30\.[\w.]+)"', source))
    ids |= {f"ND30.margins.{side}" for side in ("top", "bottom", "left", "right")}
    return ids


def test_every_rule_the_checker_reports_is_in_the_table_with_its_source() -> None:
    ids = reported_ids()
    assert len(ids) > 60
    assert ids == set(RULES)
    for rule in RULES.values():
        assert rule.what and rule.source
        assert "NĐ 30" in rule.source or "thidua" in rule.source or "LEGAL.md" in rule.source


@pytest.mark.parametrize("function", PAGE_RULES + PART_RULES, ids=lambda f: f.__name__)
def test_each_whole_part_rule_is_one_function_reporting_one_rule(function) -> None:
    doc = inspect.getdoc(function)
    rule = doc.split(":")[0]
    assert rule in RULES, doc
    reported = set(re.findall(r'report\(\s*"(ND30\.[\w.]+)"', inspect.getsource(function)))
    assert reported == {rule}


def test_check_docx_lists_the_rules_with_their_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(RULES)
    assert ("ND30.page_number.style: Số trang chữ số Ả Rập, cỡ 13-14, đứng — NĐ 30/2020/NĐ-CP, "
            "Phụ lục I: số trang văn bản") in lines


def test_a_signer_name_in_capitals_is_reported_as_such_not_as_a_missing_signature() -> None:
    document = docx.Document(io.BytesIO(render("to_trinh", example_context("to_trinh"))))
    cell = document.tables[-1].rows[0].cells[1]
    name = [p for p in cell.paragraphs if p.text.strip()][-1]
    for run in name.runs:
        run.text = run.text.upper()
    buffer = io.BytesIO()
    document.save(buffer)
    violations = check_docx(buffer.getvalue())
    assert rule_ids(violations) == {"ND30.signature.name"}, violations
    assert "không viết in hoa cả tên" in violations[0].message


def test_a_numbered_heading_may_be_bold_but_a_sentence_may_not() -> None:
    document = docx.Document(io.BytesIO(render("ke_hoach", example_context("ke_hoach"))))
    sentence = next(p for p in document.paragraphs if p.text.startswith("- Phát hiện"))
    for run in sentence.runs:
        run.font.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    violations = check_docx(buffer.getvalue())
    # The plan's own headings ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích") are bold and pass.
    assert [v.rule for v in violations] == ["ND30.body.emphasis"], violations
    assert "Phát hiện" in violations[0].location
