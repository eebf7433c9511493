"""Reading our documents back: the text of a .docx, PDF pages through LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest

REQUIRE_LIBREOFFICE = os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") == "1"


def missing_tools() -> str | None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not installed (apt: libreoffice-writer, poppler-utils)"
    return None


def need_libreoffice() -> None:
    """Skip (fail when THIDUA_REQUIRE_LIBREOFFICE=1) without LibreOffice and pdftotext."""
    reason = missing_tools()
    if reason:
        if REQUIRE_LIBREOFFICE:
            pytest.fail(f"THIDUA_REQUIRE_LIBREOFFICE=1 but {reason}")
        pytest.skip(reason)


def pdf_pages(path: Path) -> list[str]:
    """Return the text of each page, whitespace collapsed, in NFC."""
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                            text=True, check=True, timeout=60)
    pages = result.stdout.split("\f")
    return [" ".join(unicodedata.normalize("NFC", page).split()) for page in pages if
            page.strip()]


def text_of(data: bytes) -> str:
    """Every paragraph of the body, tables included, one per line."""
    document = docx.Document(io.BytesIO(data))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join("".join(t.text or "" for t in p.iter(f"{ns}t"))
                     for p in document.element.body.iter(f"{ns}p"))
