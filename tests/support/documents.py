"""Reading our documents back: the text of a .docx, PDF pages through LibreOffice."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from docgen.checker import Checker, open_document, signature_lines

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


@dataclass(frozen=True)
class PdfPage:
    """A page of a PDF: its height and the bottom of every line of text (points)."""

    height: float
    lines: list[tuple[float, float, str]]  # (top, bottom, text)

    @property
    def text(self) -> str:
        return " ".join(text for _, _, text in self.lines)

    @property
    def last_bottom(self) -> float:
        return max((bottom for _, bottom, _ in self.lines), default=0.0)


def pdf_layout(path: Path) -> list[PdfPage]:
    """Every page of a PDF with the position of its lines (``pdftotext -bbox-layout``)."""
    result = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                            text=True, check=True, timeout=60)
    pages: list[PdfPage] = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>',
                            result.stdout, re.S):
        lines = []
        for line in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                r'yMax="([\d.]+)">(.*?)</line>', page.group(2), re.S):
            words = re.findall(r">([^<]*)</word>", line.group(3))
            lines.append((float(line.group(1)), float(line.group(2)),
                          unicodedata.normalize("NFC", html.unescape(" ".join(words)))))
        pages.append(PdfPage(float(page.group(1)), lines))
    return pages


def signer_names(data: bytes) -> list[str]:
    """The name line of every signature block of a .docx, as the NĐ 30 checker finds them."""
    checker = Checker(open_document(data))
    checker.check()
    return [signature_lines(checker, tc)[1].text.strip() for tc in checker.parts.signatures]


def recipients_apart_from_signature(pages: list[PdfPage], names: list[str]) -> list[str]:
    """The signers' names not printed on the page that holds "Nơi nhận:" (a văn thư sends
    back a Nơi nhận standing alone on a page of its own)."""
    page = next(page for page in pages if any(text == "Nơi nhận:" for _, _, text in page.lines))
    shown = {text for _, _, text in page.lines}
    return [name for name in names if name not in shown]


def blank_before_signature(pages: list[PdfPage], margin_mm: float = 20) -> list[float]:
    """For each page before the one with the signature ("Nơi nhận:"), the share of its text
    area left empty at the bottom (0.25: a quarter)."""
    point = 72 / 25.4
    signed = next(i for i, page in enumerate(pages) if "Nơi nhận:" in page.text)
    shares = []
    for page in pages[:signed]:
        area = page.height - 2 * margin_mm * point
        shares.append((page.height - margin_mm * point - page.last_bottom) / area)
    return shares
