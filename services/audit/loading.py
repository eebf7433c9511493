"""Writing checked events into an empty store: the chain walk that ``audit import``,
``audit check`` and ``thidua restore`` share.

A source gives event lines (an export file's lines, or a backup's rows); each is checked
against the chain recomputed so far (its own link when the source keeps one, the recorded
head at the end when it does not) and every seal among them against the chain at its
position. ``write_events`` writes them, with whatever else the source holds, in one
transaction: a source refused anywhere leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import orjson

from events.errors import InvalidInputError
from services.app import ThiduaApplication
from services.audit.chain import (
    CHAIN_VERSION,
    GENESIS,
    GENESIS_V1,
    chain_link,
    chain_link_v1,
    link_row,
    row_content,
)
from services.audit.verify import SEALED_TOPIC
from services.projections.log import NotificationLog
from services.projections.registry import all_projections
from services.projections.runner import open_view

IMPORT_BATCH = 1000


class ImportRefused(InvalidInputError):
    """The file or the target store cannot be imported (nothing was written)."""

    code = "import_refused"



@dataclass(frozen=True)
class Summary:
    events: int
    last_position: int
    head_link: str
    withheld: int = 0  # events whose state was left out (they carry password hashes)
    seals: int = 0  # seals of the file checked against its chain
    seals_unchecked: int = 0  # version-1 seals that need a withheld row's content



@dataclass(frozen=True)
class Line:
    number: int | None  # line number in the file (1 is the header); None: not from a file
    position: int
    originator: bytes
    version: int
    topic: str
    state: bytes | None  # None when withheld
    digest: bytes | None  # given for a withheld line
    link: bytes | None  # None: the source keeps no links (a backup); its head is checked


def refuse(line: int | None, message: str) -> ImportRefused:
    where = f"Dòng {line}: " if line is not None else ""
    return ImportRefused(where + message, "file")



def decode_state(app: ThiduaApplication, state: bytes) -> dict[str, Any]:
    if app.mapper.cipher is not None:
        state = app.mapper.cipher.decrypt(state)
    if app.mapper.compressor is not None:
        state = app.mapper.compressor.decompress(state)
    return orjson.loads(state)


def check_header_against(app: ThiduaApplication, header: dict[str, Any]) -> None:
    if header.get("application") != app.name:
        raise refuse(1, f"tệp của ứng dụng «{header.get('application')}», không phải "
                         f"«{app.name}».")
    encrypted = app.mapper.cipher is not None
    if bool(header.get("encrypted")) != encrypted:
        raise refuse(1, "tệp được xuất từ kho có mã hoá; cần đặt THIDUA_CIPHER_KEY bằng "
                         "khoá của kho nguồn." if header.get("encrypted") else
                      "tệp không mã hoá nhưng kho đích đang bật mã hoá (THIDUA_CIPHER_KEY): "
                      "hãy nhập vào kho không đặt khoá.")
    if bool(header.get("compressed")) != (app.mapper.compressor is not None):
        raise refuse(1, "cấu hình nén của kho đích khác kho nguồn.")


def check_empty(app: ThiduaApplication) -> None:
    """Refuse a store that holds events, or views that have seen events."""
    last = app.last_position()
    if last:
        raise ImportRefused(
            f"Kho đích không trống (đã có sự kiện đến số {last}). Chỉ nhập vào kho mới khởi "
            "tạo: đặt THIDUA_DATABASE_URL (hoặc THIDUA_DATA_DIR) sang cơ sở dữ liệu trống "
            "rồi chạy «thidua db init».", "file")
    for projection in all_projections():
        if open_view(app, projection).max_tracking_id(app.name):
            raise ImportRefused(
                f"Kho đích không có sự kiện nhưng bảng chiếu «{projection.view}» đã có dữ "
                "liệu: hãy nhập vào một cơ sở dữ liệu mới.", "file")



Lines = Callable[[], Iterable[Line]]  # a source of event lines, read once per call


def seals_in(app: ThiduaApplication, lines: Iterable[Line]) -> dict[int, tuple[int, bytes, int]]:
    """Sealed position → (line, link, chain version), from the seal events among ``lines``."""
    seals: dict[int, tuple[int, bytes, int]] = {}
    for line in lines:
        number = line.number
        if line.topic != SEALED_TOPIC or line.state is None:
            continue
        try:
            data = decode_state(app, line.state)
            seals[int(data["position"])] = (number, bytes.fromhex(data["link"]),
                                            int(data.get("chain", 1)))
        except Exception:
            raise refuse(number, "không đọc được niêm phong (sai khoá mã hoá, hoặc dữ liệu "
                                  "đã bị sửa).") from None
    return seals


@dataclass
class Walk:
    """What checking a file's lines found (filled in while the lines are read)."""

    count: int = 0
    last: int = 0
    link: bytes = GENESIS
    withheld: int = 0
    seals_checked: int = 0
    seals_unchecked: int = 0  # version-1 seals after a withheld line (need its content)
    seen: set[int] = field(default_factory=set)  # sealed positions found in the file


def checked_lines(app: ThiduaApplication, lines: Iterable[Line], header: dict[str, Any],
                   seals: dict[int, tuple[int, bytes, int]], walk: Walk) -> Iterator[Line]:
    """Each line once its link (and any seal on it) is checked."""
    chain_version = 1 if header["format_version"] == 1 else CHAIN_VERSION
    walk.link = GENESIS_V1 if chain_version == 1 else GENESIS
    v1: bytes | None = GENESIS_V1  # the version-1 chain, while every content is at hand
    with_v1 = chain_version != 1 and any(c == 1 for _, _, c in seals.values())
    decoded = not header.get("encrypted")
    for line in lines:
        number = line.number
        if line.position <= walk.last:
            raise refuse(number, f"sự kiện số {line.position} đứng sau sự kiện số "
                                  f"{walk.last}: thứ tự trong tệp đã bị đảo.")
        if line.state is None:
            if chain_version == 1:
                raise refuse(number, "tệp định dạng 1 không có sự kiện được giữ lại.")
            walk.link = chain_link(walk.link, line.position, line.digest or b"")
            walk.withheld += 1
            v1 = None
        else:
            if not decoded:
                try:
                    decode_state(app, line.state)
                except Exception:
                    raise refuse(number, "khoá THIDUA_CIPHER_KEY không giải mã được dữ liệu "
                                          "của tệp: cần đúng khoá của kho nguồn.") from None
                decoded = True
            content = row_content(line.originator, line.version, line.topic, line.state)
            if chain_version == 1:
                walk.link = chain_link_v1(walk.link, line.position, content)
            else:
                _, walk.link = link_row(walk.link, line.position, content)
                if with_v1 and v1 is not None:
                    v1 = chain_link_v1(v1, line.position, content)
        if line.link is not None and walk.link != line.link:
            raise refuse(number, f"mắt xích của sự kiện số {line.position} không khớp "
                                  "với nội dung: tệp đã bị sửa.")
        sealed = seals.get(line.position)
        if sealed is not None:
            walk.seen.add(line.position)
            expected = v1 if sealed[2] == 1 and chain_version != 1 else walk.link
            if expected is None:
                walk.seals_unchecked += 1
            elif sealed[1] != expected:
                raise refuse(sealed[0], f"niêm phong tại sự kiện số {line.position} "
                                         "không khớp với chuỗi của tệp.")
            else:
                walk.seals_checked += 1
        walk.last = line.position
        walk.count += 1
        yield line
    missing = sorted(set(seals) - walk.seen)
    if missing:
        raise refuse(seals[missing[0]][0], f"niêm phong chỉ đến sự kiện số {missing[0]} "
                                            "không có trong tệp.")
    if walk.count != header["events"] or walk.last != header["last_position"]:
        raise refuse(None, f"Tệp thiếu hoặc thừa dòng: tiêu đề ghi {header['events']} sự "
                            f"kiện đến số {header['last_position']}, tệp có {walk.count} "
                            f"sự kiện đến số {walk.last}.")



def write_events(app: ThiduaApplication, header: dict[str, Any], lines: Lines, seal_lines: Lines,
                 *, progress: Callable[[int], None] | None = None,
                 also: Callable[[Any], None] | None = None, head: str | None = None) -> Summary:
    """Write checked event lines into an empty store, in one transaction with ``also``
    (which writes what else the source holds, given the cursor). With ``head``, the chain
    over the lines must end at that link (a source that keeps no link per line)."""
    log = NotificationLog(app)
    check_empty(app)
    seals = seals_in(app, seal_lines())
    inserted, walk = 0, Walk()
    sqlite = log.is_sqlite
    insert = (f"INSERT INTO {log.table} (rowid, originator_id, originator_version, topic, "
              "state) VALUES (?, ?, ?, ?, ?)" if sqlite else
              f"INSERT INTO {log.table} (notification_id, originator_id, originator_version, "
              "topic, state) VALUES (%s, %s, %s, %s, %s)")
    with log.datastore.transaction(commit=True) as cursor:
        if not sqlite:
            cursor.execute(f"LOCK TABLE {log.table} IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT COUNT(*) FROM {log.table}")
        if _scalar(cursor):
            raise ImportRefused("Kho đích vừa có sự kiện mới: không nhập.", "file")
        batch: list[tuple[Any, ...]] = []
        for line in checked_lines(app, lines(), header, seals, walk):
            if line.state is None:
                raise refuse(line.number, f"sự kiện số {line.position} đã được giữ lại "
                                           "trong tệp: không nhập được.")
            originator: Any = line.originator.hex() if sqlite else UUID(bytes=line.originator)
            batch.append((line.position, originator, line.version, line.topic, line.state))
            if len(batch) == IMPORT_BATCH:
                inserted += _flush(cursor, insert, batch, progress)
        inserted += _flush(cursor, insert, batch, progress)
        if head is not None and walk.link.hex() != head:
            raise refuse(None, "Chuỗi băm tính lại từ dữ liệu khác với mắt xích cuối ghi lúc "
                                "sao lưu: tệp đã bị sửa.")
        if not sqlite and walk.last:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
                           [log.table, walk.last])
        if also is not None:
            also(cursor)
    return Summary(inserted, walk.last, walk.link.hex(), 0, walk.seals_checked)


def _flush(cursor: Any, statement: str, batch: list[tuple[Any, ...]],
           progress: Callable[[int], None] | None) -> int:
    if not batch:
        return 0
    cursor.executemany(statement, batch)
    done = len(batch)
    batch.clear()
    if progress is not None:
        progress(done)
    return done


def _scalar(cursor: Any) -> Any:
    row = cursor.fetchone()
    return next(iter(row.values())) if isinstance(row, dict) else row[0]
