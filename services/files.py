"""Files kept by their SHA-256: scanned forms, attachments, the PDF of an issued paper.

An event records a file's hash; the bytes live here, in the event store's own database (an
SQLite file or the PostgreSQL schema), so that one backup holds both and every node of a
deployment sees the same files. A file is written once and never changed: the same bytes
are the same file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import IntegrityError
from eventsourcing.sqlite import SQLiteDatastore

from events.errors import InvalidInputError
from services.app import ThiduaApplication
from services.projections.runner import view_datastore

MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPG", DOCX: "DOCX", XLSX: "XLSX"}


def sniff(data: bytes) -> str | None:
    """The media type the content itself shows (never the name or what the client says)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None


def check_upload(data: bytes, allowed: tuple[str, ...], field: str = "file") -> str:
    """The media type of an upload, refused unless it is one of ``allowed`` (checked from
    the content) and at most MAX_BYTES."""
    if not data:
        raise InvalidInputError("Chưa chọn tệp (hoặc tệp rỗng).", field)
    if len(data) > MAX_BYTES:
        raise InvalidInputError(
            f"Tệp lớn {len(data) / 2**20:.1f} MB, vượt giới hạn {MAX_BYTES // 2**20} MB.", field)
    kind = sniff(data)
    if kind not in allowed:
        names = ", ".join(NAMES[k] for k in allowed)
        raise InvalidInputError(
            f"Nội dung tệp không phải là một trong các loại được nhận ({names}).", field)
    return kind


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    media_type: str
    size: int
    data: bytes


class FileStore:
    """The files of one store (table ``thidua_files``)."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.datastore = view_datastore(app)
        self.is_sqlite = isinstance(self.datastore, SQLiteDatastore)
        schema = getattr(self.datastore, "schema", None)
        self.table = "thidua_files" if self.is_sqlite else f'"{schema}".thidua_files'
        self.mark = "?" if self.is_sqlite else "%s"
        self.ready = False

    def create_table(self) -> None:
        """Create the table if it is not there (``thidua db init`` does it once)."""
        if self.ready:
            return
        blob = "BLOB" if self.is_sqlite else "BYTEA"
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (sha256 TEXT PRIMARY KEY, "
                           f"media_type TEXT NOT NULL, size BIGINT NOT NULL, content {blob} "
                           "NOT NULL, stored_at TEXT NOT NULL)")
        self.ready = True

    def put(self, data: bytes, media_type: str) -> str:
        """Keep ``data`` (once) and return its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        if self.get(sha256) is not None:
            return sha256
        self.create_table()
        try:
            with self.datastore.transaction(commit=True) as cursor:
                cursor.execute(
                    f"INSERT INTO {self.table} (sha256, media_type, size, content, stored_at) "
                    f"VALUES ({', '.join([self.mark] * 5)}) ON CONFLICT (sha256) DO NOTHING",
                    [sha256, media_type, len(data), data, datetime.now(UTC).isoformat()])
        except IntegrityError:
            pass  # the same bytes, kept by another request a moment ago
        return sha256

    def get(self, sha256: str) -> StoredFile | None:
        self.create_table()
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT media_type, size, content FROM {self.table} "
                           f"WHERE sha256 = {self.mark}", [sha256.lower()])
            row: Any = cursor.fetchone()
        if row is None:
            return None
        values = tuple(row.values()) if isinstance(row, dict) else tuple(row)
        content = bytes(values[2])
        return StoredFile(sha256.lower(), values[0], int(values[1]), content)
