"""Convert .docx bytes to PDF with LibreOffice (soffice --headless --convert-to pdf).

Every call works in a temporary directory with a LibreOffice profile of its own
(-env:UserInstallation), so conversions may run side by side and never touch the user's
profile. Several documents convert in one soffice start (``to_pdfs``), which saves the
few seconds LibreOffice needs to start.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class PdfExportError(RuntimeError):
    """LibreOffice is missing or could not convert a document."""


def soffice_path() -> str | None:
    """Return the path of LibreOffice's soffice, or None when it is not installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def available() -> bool:
    """Tell whether LibreOffice is installed (soffice on PATH)."""
    return soffice_path() is not None


def to_pdf(docx_bytes: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Convert one .docx (bytes) to PDF (bytes)."""
    return to_pdfs({"document": docx_bytes}, timeout=timeout)["document"]


def to_pdfs(documents: Mapping[str, bytes], timeout: float = TIMEOUT_SECONDS) -> dict[str, bytes]:
    """Convert several .docx files, keyed by a plain name, to PDF in one LibreOffice run."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfExportError(
            "LibreOffice (soffice) is not installed; install the libreoffice-writer package "
            "to export PDF"
        )
    for name in documents:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"bad document name {name!r}: use letters, digits, '_', '-', '.'")
    if not documents:
        return {}
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as work:
        root = Path(work)
        source, target = root / "in", root / "out"
        source.mkdir()
        target.mkdir()
        inputs = []
        for name, data in documents.items():
            path = source / f"{name}.docx"
            path.write_bytes(data)
            inputs.append(str(path))
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(target),
            *inputs,
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfExportError(f"LibreOffice took longer than {timeout} s") from exc
        pdfs = {}
        for name in documents:
            pdf = target / f"{name}.pdf"
            if not pdf.is_file():
                raise PdfExportError(
                    f"LibreOffice did not convert {name}.docx (exit {result.returncode}): "
                    f"{(result.stderr or result.stdout).strip()[:500]}"
                )
            pdfs[name] = pdf.read_bytes()
        return pdfs
