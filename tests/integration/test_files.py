"""Files kept by their SHA-256 in the store's own database, and their type read from the
content, never from the name a client gives."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from openpyxl import Workbook

from events.errors import InvalidInputError
from services.config import Settings
from services.files import DOCX, JPEG, PDF, PNG, XLSX, FileStore, check_upload, sniff
from tests.support.stores import AppFactory

SCAN = b"%PDF-1.7\n% a scanned, signed form\n%%EOF\n"


def workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_a_file_is_kept_once_by_its_hash_on_each_store(
        store_settings: Settings, open_app: AppFactory) -> None:
    store = FileStore(open_app(store_settings).store)
    first = store.put(SCAN, PDF)
    assert first == hashlib.sha256(SCAN).hexdigest()
    assert store.put(SCAN, PDF) == first  # the same bytes: the same file, kept once
    kept = store.get(first.upper())
    assert kept is not None and kept.data == SCAN and kept.media_type == PDF
    assert kept.size == len(SCAN)
    assert store.get("0" * 64) is None


def test_the_type_comes_from_the_content() -> None:
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert sniff(SCAN) == PDF
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\0" * 10) == PNG
    assert sniff(b"\xff\xd8\xff\xe0JFIF") == JPEG
    assert sniff(docx.getvalue()) == DOCX
    assert sniff(workbook()) == XLSX
    assert sniff(b"MZ\x90\x00 an executable named scan.pdf") is None


@pytest.mark.parametrize("data, message", [
    (b"", "Chưa chọn tệp"),
    (b"MZ\x90\x00 scan.pdf", "không phải là một trong các loại"),
    (b"%PDF-" + b"x" * (10 * 1024 * 1024), "vượt giới hạn 10 MB"),
])
def test_an_upload_that_lies_about_its_type_or_is_too_big_is_refused(
        data: bytes, message: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_upload(data, (PDF, PNG, JPEG))
    assert refused.value.field == "file" and message in refused.value.message
    assert check_upload(SCAN, (PDF, PNG, JPEG)) == PDF
