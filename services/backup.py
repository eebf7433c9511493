"""``thidua backup`` and ``thidua restore``: a consistent copy of a store, and back.

A backup is one SQLite file, whatever the store:

- from SQLite, a copy made with SQLite's online backup API (consistent while the service
  writes; views included, though a restore rebuilds them);
- from PostgreSQL, the rows of our schema read in one ``REPEATABLE READ READ ONLY``
  transaction (one snapshot: events and files as of the same instant).

Either way it holds the event table as ``stored_events`` (rowid = notification id), the file
store as ``thidua_files`` and a ``thidua_backup`` table describing it: format, source,
time, number of events, last position, whether states are encrypted or compressed, and the
head of the audit chain over the copied rows. Unlike the auditor's export it keeps
everything, password hashes included: keep it as the data itself is kept.

``restore`` writes a backup into an empty store (SQLite or PostgreSQL) in one transaction,
checking the chain over every row against the recorded head and every seal, then the
caller builds the views (``thidua restore`` does).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from events.errors import InvalidInputError
from services.app import ThiduaApplication
from services.audit.chain import GENESIS, PAGE, link_row, row_content, select_rows
from services.audit.loading import Line, check_header_against, write_events
from services.audit.transfer import FORMAT_VERSION
from services.audit.verify import SEALED_TOPIC
from services.files import FileStore
from services.projections.log import NotificationLog, originator_bytes

FORMAT = "thidua-backup"
VERSION = 1
EVENTS = "stored_events"
FILES = "thidua_files"
META = "thidua_backup"
FILE_COLUMNS = "sha256, media_type, size, content, stored_at"


class BackupRefused(InvalidInputError):
    """The backup cannot be made or restored (nothing was written)."""

    code = "backup_refused"


@dataclass(frozen=True)
class BackupSummary:
    events: int
    last_position: int
    files: int
    head_link: str
    path: Path | None = None


def _log(app: ThiduaApplication) -> NotificationLog:
    log = NotificationLog(app)
    if log.backend == "memory":
        raise BackupRefused("Chỉ sao lưu và khôi phục kho SQLite hoặc PostgreSQL.", "store")
    return log


# --- backup --------------------------------------------------------------------------------

def backup(app: ThiduaApplication, out: Path, *,
           progress: Callable[[int], None] | None = None) -> BackupSummary:
    """Write a consistent copy of the store to ``out`` (via ``out.partial``, then renamed)."""
    log = _log(app)
    FileStore(app).create_table()
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if log.is_sqlite:
            _copy_sqlite(log, partial)
        else:
            _copy_postgres(app, log, partial, progress)
        summary = _describe(app, log, partial, progress if log.is_sqlite else None)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(summary.events, summary.last_position, summary.files,
                         summary.head_link, out)


def _copy_sqlite(log: NotificationLog, partial: Path) -> None:
    assert log.file is not None
    with closing(sqlite3.connect(log.file, timeout=60)) as source, \
            closing(sqlite3.connect(partial)) as target:
        source.backup(target, pages=4096)  # consistent even while the service writes
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file


def _copy_postgres(app: ThiduaApplication, log: NotificationLog, partial: Path,
                   progress: Callable[[int], None] | None) -> None:
    files = FileStore(app)
    with closing(sqlite3.connect(partial)) as target, \
            log.datastore.transaction(commit=False) as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        target.execute(f"CREATE TABLE {EVENTS} (originator_id TEXT NOT NULL, "
                       "originator_version INTEGER NOT NULL, topic TEXT NOT NULL, "
                       "state BLOB NOT NULL, PRIMARY KEY (originator_id, originator_version))")
        target.execute(f"CREATE TABLE {FILES} (sha256 TEXT PRIMARY KEY, media_type TEXT "
                       "NOT NULL, size BIGINT NOT NULL, content BLOB NOT NULL, stored_at TEXT "
                       "NOT NULL)")
        after = 0
        while rows := select_rows(cursor, False, log.table, after, limit=PAGE):
            target.executemany(
                f"INSERT INTO {EVENTS} (rowid, originator_id, originator_version, topic, "
                "state) VALUES (?, ?, ?, ?, ?)",
                [(n, o.hex(), v, t, s) for n, o, v, t, s in rows])
            after = rows[-1][0]
            if progress is not None:
                progress(len(rows))
        cursor.execute(f"SELECT {FILE_COLUMNS} FROM {files.table} ORDER BY sha256")
        while chunk := cursor.fetchmany(100):
            target.executemany(f"INSERT INTO {FILES} ({FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                               [_values(row) for row in chunk])
        target.commit()


def _values(row: Any) -> tuple[Any, ...]:
    values = tuple(row.values()) if isinstance(row, dict) else tuple(row)
    return tuple(bytes(v) if isinstance(v, memoryview) else v for v in values)


def _describe(app: ThiduaApplication, log: NotificationLog, partial: Path,
              progress: Callable[[int], None] | None) -> BackupSummary:
    """Count the copy, compute its chain head and record both in the copy."""
    with closing(sqlite3.connect(partial)) as target:
        link, count, last = GENESIS, 0, 0
        for position, originator, version, topic, state in _copied_rows(target):
            _, link = link_row(link, position, row_content(originator, version, topic, state))
            count, last = count + 1, position
            if progress is not None and count % PAGE == 0:
                progress(PAGE)
        files = int(target.execute(f"SELECT COUNT(*) FROM {FILES}").fetchone()[0])
        meta = {
            "format": FORMAT, "version": str(VERSION), "application": app.name,
            "source_backend": log.backend, "created_at": datetime.now(UTC).isoformat(),
            "events": str(count), "last_position": str(last), "files": str(files),
            "encrypted": "1" if app.mapper.cipher is not None else "0",
            "compressed": "1" if app.mapper.compressor is not None else "0",
            "head_link": link.hex(),
        }
        target.execute(f"CREATE TABLE {META} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        target.executemany(f"INSERT INTO {META} (key, value) VALUES (?, ?)", meta.items())
        target.commit()
    return BackupSummary(count, last, files, link.hex())


def _copied_rows(conn: sqlite3.Connection) -> Iterator[tuple[int, bytes, Any, Any, Any]]:
    after = 0
    while True:
        rows = conn.execute(f"SELECT rowid, originator_id, originator_version, topic, state "
                            f"FROM {EVENTS} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                            [after, PAGE]).fetchall()
        if not rows:
            return
        for position, originator, version, topic, state in rows:
            yield position, originator_bytes(originator), version, topic, state
        after = rows[-1][0]


# --- restore -------------------------------------------------------------------------------

def read_meta(path: Path) -> dict[str, str]:
    """The description recorded in a backup; refused when it is not one."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            meta = dict(conn.execute(f"SELECT key, value FROM {META}").fetchall())
    except sqlite3.Error:
        meta = {}
    if meta.get("format") != FORMAT:
        raise BackupRefused(f"«{path.name}» không phải bản sao lưu của thidua.", "file")
    if meta.get("version") != str(VERSION):
        raise BackupRefused(f"Bản sao lưu phiên bản {meta.get('version')} không được hỗ trợ "
                            f"(chỉ hỗ trợ {VERSION}).", "file")
    return meta


def restore(app: ThiduaApplication, path: Path, *,
            progress: Callable[[int], None] | None = None) -> BackupSummary:
    """Write a backup into an empty store: events and files, in one transaction, after
    checking the chain over every row against the head the backup recorded."""
    log = _log(app)
    meta = read_meta(path)
    header = {"format_version": FORMAT_VERSION, "application": meta["application"],
              "events": int(meta["events"]), "last_position": int(meta["last_position"]),
              "encrypted": meta["encrypted"] == "1", "compressed": meta["compressed"] == "1"}
    check_header_against(app, header)
    files = FileStore(app)
    files.create_table()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:

        def lines(topic: str | None = None) -> Iterator[Line]:
            for position, originator, version, topic_, state in _copied_rows(source):
                if topic is None or topic_ == topic:
                    yield Line(None, position, originator, version, topic_,
                                bytes(state) if isinstance(state, bytes | memoryview)
                                else state, None, None)

        def copy_files(cursor: Any) -> None:
            mark = "?" if log.is_sqlite else "%s"
            for chunk in _chunks(source.execute(f"SELECT {FILE_COLUMNS} FROM {FILES}")):
                cursor.executemany(f"INSERT INTO {files.table} ({FILE_COLUMNS}) VALUES "
                                   f"({', '.join([mark] * 5)})", chunk)

        summary = write_events(app, header, lines, lambda: lines(SEALED_TOPIC),
                               progress=progress, also=copy_files, head=meta["head_link"])
        count = int(source.execute(f"SELECT COUNT(*) FROM {FILES}").fetchone()[0])
    return BackupSummary(summary.events, summary.last_position, count, summary.head_link)


def _chunks(cursor: sqlite3.Cursor, size: int = 100) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := cursor.fetchmany(size):
        yield chunk
