"""Export every event with its chain link to NDJSON; check such a file; import it.

File format (one JSON object per line, UTF-8), format version 2:

    line 1   {"format": "thidua-audit-export", "format_version": 2, "application": "Thidua",
              "events": N, "last_position": P, "encrypted": bool, "compressed": bool,
              "chain": {"algorithm": "sha256", "version": 2, "genesis": hex},
              "credentials": bool, "withheld": {"field": "password_hash", "topics": […]},
              "exported_at": …}
    line k   {"n": notification id, "id": aggregate id (32 hex), "v": version,
              "topic": …, "state": stored bytes (base64), "link": chain link (hex)}
    or, for an event that carries a password hash (an account created, a password changed):
             {"n": …, "id": …, "v": …, "topic": …, "withheld": "password_hash",
              "digest": SHA-256 of the stored row (hex), "fields": {the other fields},
              "link": …}

A link covers a row through its digest (chain version 2), so a withheld row verifies from
its digest: the chain of an auditor's file holds end to end without the hashes. ``fields``
is left out when the store is encrypted. ``state`` is the stored bytes, encrypted when
the store has a cipher: the importing store needs the same key. Only a file exported
``with_credentials`` can be imported; import keeps notification ids, so the chain, and
every seal in the file, hold in the new store unchanged. Version-1 files (chain version 1,
nothing withheld) still import.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import orjson
from eventsourcing.utils import get_topic

from events.errors import ConflictError
from events.user import User
from services.app import ThiduaApplication
from services.audit.chain import (
    CHAIN_VERSION,
    GENESIS,
    PAGE,
    head_of,
    link_row,
    open_chain,
    row_content,
    stored_links,
)
from services.audit.loading import (
    ImportRefused,
    Line,
    Summary,
    Walk,
    check_header_against,
    checked_lines,
    refuse,
    seals_in,
    write_events,
)
from services.audit.verify import SEALED_TOPIC
from services.projections.log import NotificationLog, originator_bytes

FORMAT = "thidua-audit-export"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
CREDENTIAL_FIELD = "password_hash"
# Events whose state carries a password hash: an auditor's export withholds them.
WITHHELD_TOPICS = frozenset(get_topic(cls) for cls in (User.Created, User.PasswordChanged))
IMPORT_BATCH = 1000
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")


class ExportError(ConflictError):
    """The store does not match its chain: exporting it would launder the change."""


# --- export -------------------------------------------------------------------------------

def export_events(app: ThiduaApplication, out: IO[bytes], *, with_credentials: bool = False,
                  progress: Callable[[int], None] | None = None,
                  header_ready: Callable[[dict[str, Any]], None] | None = None) -> Summary:
    """Stream every event up to the current last position, with its chain link, to ``out``.

    Events that carry a password hash are written as withheld (their digest, not their
    state) unless ``with_credentials``. Links are recomputed while reading and compared
    with the stored chain: a store that no longer matches its chain is refused, naming the
    first position that differs.
    """
    log = NotificationLog(app)
    stop = log.last_position()
    count = log.count(stop)
    chain = open_chain(app)
    head = min(head_of(chain)[0], stop) if chain is not None else 0
    encrypted = app.mapper.cipher is not None
    header = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "application": app.name,
        "events": count, "last_position": stop, "encrypted": encrypted,
        "compressed": app.mapper.compressor is not None,
        "chain": {"algorithm": "sha256", "version": CHAIN_VERSION, "genesis": GENESIS.hex()},
        "credentials": with_credentials,
        # A withheld line's "fields" are for reading: the chain covers its digest only.
        "withheld": None if with_credentials else {"field": CREDENTIAL_FIELD,
                                                   "topics": sorted(WITHHELD_TOPICS),
                                                   "fields_covered": False},
        "exported_at": datetime.now(UTC).isoformat(), "source_backend": log.backend,
    }
    if header_ready is not None:
        header_ready(header)
    out.write(orjson.dumps(header) + b"\n")
    withhold = frozenset() if with_credentials else WITHHELD_TOPICS
    link, after, written, withheld = GENESIS, 0, 0, 0
    b64, hexlify, linked = base64.b64encode, binascii.hexlify, link_row
    while True:
        rows = log.rows(after, PAGE, stop=stop)
        upto = min(rows[-1][0], head) if rows else head
        stored = [(p, k) for p, _, k in stored_links(log, chain, after, upto)] \
            if chain is not None and upto > after else []
        lines, next_link = [], 0
        for number, originator, version, topic, state in rows:
            if next_link < len(stored) and stored[next_link][0] < number:
                raise ExportError(_mismatch(stored[next_link][0]))  # its row is gone
            if len(originator) != 16 or type(state) is not bytes or type(topic) is not str \
                    or type(version) is not int:
                raise ExportError(_mismatch(number))
            digest, link = linked(link, number, row_content(originator, version, topic, state))
            then = None
            if next_link < len(stored) and stored[next_link][0] == number:
                then = stored[next_link][1]
                next_link += 1
            if number <= head and then != link:
                raise ExportError(_mismatch(number))
            if topic in withhold:
                lines.append(_withheld_line(app, number, originator, version, topic, state,
                                            digest, link, encrypted))
                withheld += 1
            else:
                lines.append(_LINE % (number, hexlify(originator), version, _json(topic),
                                      b64(state), hexlify(link)))
        if next_link < len(stored):  # links whose rows are gone
            raise ExportError(_mismatch(stored[next_link][0]))
        if lines:
            out.write(b"\n".join(lines) + b"\n")
            written += len(lines)
            if progress is not None:
                progress(len(lines))
        if not rows:
            break
        after = rows[-1][0]
    if written != count:
        raise ExportError(f"Đã đếm {count} sự kiện nhưng chỉ đọc được {written}: kho thay "
                          "đổi trong lúc xuất.", None)
    return Summary(written, stop, link.hex(), withheld)


# One event per line; written by formatting, which is several times faster than building a
# dict per event for orjson (the topic is the only field that needs JSON escaping).
_LINE = b'{"n":%d,"id":"%s","v":%d,"topic":%s,"state":"%s","link":"%s"}'


def _withheld_line(app: ThiduaApplication, number: int, originator: bytes, version: int,
                   topic: str, state: bytes, digest: bytes, link: bytes,
                   encrypted: bool) -> bytes:
    """An event that carries a password hash: its digest, and its other fields in clear
    when the store is not encrypted (an encrypted store's file stays ciphertext only)."""
    line: dict[str, Any] = {"n": number, "id": originator.hex(), "v": version,
                            "topic": topic, "withheld": CREDENTIAL_FIELD,
                            "digest": digest.hex()}
    if not encrypted:
        if app.mapper.compressor is not None:
            state = app.mapper.compressor.decompress(state)
        fields = app.mapper.transcoder.decode(state)
        fields.pop(CREDENTIAL_FIELD, None)
        line["fields"] = fields
    line["link"] = link.hex()
    return orjson.dumps(line, default=str)


@lru_cache(maxsize=1024)
def _json(text: str) -> bytes:
    return orjson.dumps(text)


def _mismatch(position: int) -> str:
    return (f"Kho không khớp chuỗi băm tại sự kiện số {position}: không xuất dữ liệu đã bị "
            "thay đổi. Hãy chạy «thidua audit verify».")


# --- import -------------------------------------------------------------------------------

def read_header(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        header = orjson.loads(first)
    except orjson.JSONDecodeError:
        raise refuse(1, "không phải dòng tiêu đề JSON của tệp xuất thidua.") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise refuse(1, "không phải tệp xuất của thidua (thiếu «format»: "
                         f"«{FORMAT}»).")
    if header.get("format_version") not in READABLE_VERSIONS:
        raise refuse(1, f"phiên bản định dạng {header.get('format_version')!r} không được "
                         f"hỗ trợ (chỉ hỗ trợ {', '.join(map(str, READABLE_VERSIONS))}).")
    for key in ("events", "last_position"):
        if not isinstance(header.get(key), int) or header[key] < 0:
            raise refuse(1, f"trường «{key}» của tiêu đề phải là số nguyên không âm.")
    return header


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        handle.readline()
        for number, raw in enumerate(handle, start=2):
            if raw.strip():
                yield number, raw


def _parse(number: int, raw: bytes) -> Line:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise refuse(number, "không phải JSON hợp lệ.") from None
    if not isinstance(data, dict):
        raise refuse(number, "phải là một đối tượng JSON.")
    withheld = "withheld" in data
    fields = (("n", int), ("v", int), ("id", str), ("topic", str),
              ("digest" if withheld else "state", str), ("link", str))
    for key, kind in fields:
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            raise refuse(number, f"thiếu trường «{key}» hoặc sai kiểu.")
    if not _HEX32.fullmatch(data["id"]):
        raise refuse(number, "mã đối tượng «id» phải gồm 32 chữ số thập lục phân.")
    if not _HEX64.fullmatch(data["link"]):
        raise refuse(number, "mắt xích «link» phải gồm 64 chữ số thập lục phân.")
    if data["n"] < 1 or data["v"] < 1:
        raise refuse(number, "số thứ tự «n» và phiên bản «v» phải từ 1 trở lên.")
    if withheld:
        if not _HEX64.fullmatch(data["digest"]):
            raise refuse(number, "«digest» phải gồm 64 chữ số thập lục phân.")
        return Line(number, data["n"], originator_bytes(data["id"]), data["v"],
                     data["topic"], None, bytes.fromhex(data["digest"]),
                     bytes.fromhex(data["link"]))
    try:
        state = base64.b64decode(data["state"], validate=True)
    except (binascii.Error, ValueError):
        raise refuse(number, "trường «state» không phải base64 hợp lệ.") from None
    return Line(number, data["n"], originator_bytes(data["id"]), data["v"], data["topic"],
                 state, None, bytes.fromhex(data["link"]))


def parsed_lines(path: Path, *, only: bytes | None = None) -> Iterator[Line]:
    """The event lines of an export file (with ``only``: the lines that contain it)."""
    for number, raw in _lines(path):
        if only is None or only in raw:
            yield _parse(number, raw)


def check_file(app: ThiduaApplication, path: Path) -> Summary:
    """Check an export file on its own: every link (withheld rows through their digest)
    and every seal it holds; nothing is written. Raises ImportRefused naming the line."""
    header = read_header(path)
    check_header_against(app, header)
    walk = Walk()
    seals = seals_in(app, parsed_lines(path, only=SEALED_TOPIC.encode()))
    for _ in checked_lines(app, parsed_lines(path), header, seals, walk):
        pass
    return Summary(walk.count, walk.last, walk.link.hex(), walk.withheld, walk.seals_checked,
                   walk.seals_unchecked)


def import_events(app: ThiduaApplication, path: Path, *,
                  progress: Callable[[int], None] | None = None) -> Summary:
    """Import an export file into an empty store, checking the chain on every line.

    Everything is written in one transaction: a file refused at any line leaves the store
    as it was. A file that withholds password hashes is for auditors and is refused.
    """
    log = NotificationLog(app)
    if log.backend == "memory":
        raise ImportRefused("Chỉ nhập được vào kho SQLite hoặc PostgreSQL.", "file")
    header = read_header(path)
    check_header_against(app, header)
    if header.get("withheld"):
        raise refuse(1, "tệp này dành cho kiểm toán: các sự kiện chứa mật khẩu (đã băm) đã "
                         "được giữ lại nên không nhập được. Để chuyển kho, hãy xuất bằng "
                         "«thidua audit export --with-credentials».")
    return write_events(app, header, lambda: parsed_lines(path),
                        lambda: parsed_lines(path, only=SEALED_TOPIC.encode()),
                        progress=progress)


