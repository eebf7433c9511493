"""Same template and context give byte-identical .docx files, in one process and across two."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from docgen.examples import EXAMPLES, example_context
from docgen.render import render

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(EXAMPLES)

# Prints "name sha256" for every example, rendered in a fresh interpreter.
CHILD = """
import hashlib
from docgen.examples import EXAMPLES, example_context
from docgen.render import render
for name in sorted(EXAMPLES):
    print(name, hashlib.sha256(render(name, example_context(name))).hexdigest())
"""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("name", NAMES)
def test_rendering_twice_in_one_process_gives_the_same_bytes(name: str) -> None:
    assert render(name, example_context(name)) == render(name, example_context(name))


def test_rendering_in_another_process_gives_the_same_bytes() -> None:
    # A different hash seed would expose any dependence on set or dict ordering.
    env = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True, timeout=120,
    )
    child = dict(line.split() for line in result.stdout.splitlines())
    mine = {name: digest(render(name, example_context(name))) for name in NAMES}
    assert child == mine


def test_zip_members_have_a_fixed_time_and_order() -> None:
    data = render("to_trinh", example_context("to_trinh"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
    names = [info.filename for info in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}


def test_core_properties_carry_the_document_date_not_the_clock() -> None:
    context = example_context("to_trinh")
    data = render("to_trinh", context)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        core = package.read("docProps/core.xml").decode()
    assert "2026-02-02T00:00:00Z" in core
    assert core.count("2026-02-02T00:00:00Z") == 2  # created and modified

    context["issued_on"] = date(2026, 2, 3)
    assert render("to_trinh", context) != data


def test_a_changed_context_changes_the_file() -> None:
    context = example_context("quyet_dinh_khen_thuong")
    original = render("quyet_dinh_khen_thuong", context)
    context["awardees"][0]["name"] = "Công đoàn Sở Nội vụ"
    assert render("quyet_dinh_khen_thuong", context) != original
