"""Verify the audit chain: recompute it from the stored rows and name what does not match.

Two chains are walked side by side over the notification log:

- the *stored* chain (the ``audit_chain_v2`` view): each row's digest is compared with the
  digest stored when the row was linked, and each stored link with the link of the
  previous stored link and that digest. After a mismatch the walk continues from the
  stored link, so every changed row is named, not just the first;
- the *recomputed* chain over the rows that exist now, which seals are checked against:
  a seal records the link at a position, so rewriting rows *and* the stored chain
  consistently is still caught by the next seal. Seals written before chain version 2
  are checked against a version-1 chain recomputed alongside.

Findings, by kind: ``modified`` (a row's bytes changed), ``moved`` (a row holds what was
linked at another position: rows were reordered), ``deleted`` (a link without its row),
``inserted`` (a row inside the linked range without a link), ``broken`` (a link that does
not follow from the one before: links edited, or a row and its link both removed),
``truncated`` (links removed at the end), ``seal`` (a seal that does not match).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.utils import get_topic

from events.audit import AuditSeal
from services.app import ThiduaApplication
from services.audit.chain import (
    GENESIS,
    GENESIS_V1,
    PAGE,
    chain_link,
    chain_link_v1,
    head_of,
    link_row,
    open_chain,
    row_content,
    stored_links,
)
from services.projections.log import NotificationLog

SEALED_TOPIC = get_topic(AuditSeal.Sealed)
MAX_LISTED = 100
KEPT = 1000  # findings kept while walking (in position order); the rest are only counted
_ORDER = {"modified": 0, "moved": 0, "deleted": 0, "inserted": 0, "broken": 1,
          "truncated": 2, "seal": 3}


@dataclass(frozen=True)
class Problem:
    position: int
    kind: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class Seal:
    event_position: int  # where the seal event is in the log
    position: int | None  # the position it seals
    link: bytes | None
    chain: int = 2  # the chain version whose link it holds


@dataclass
class Report:
    """What ``verify`` found; ``ok`` when nothing."""

    backend: str
    checked: int = 0  # rows read
    chain_head: int = 0  # last position of the stored chain
    last_position: int = 0  # last row read
    head_link: str = GENESIS.hex()  # recomputed link after the last row read
    unchained: int = 0  # rows after the stored chain's head (the worker has not linked them)
    seals: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "backend": self.backend, "checked": self.checked,
            "chain_head": self.chain_head, "last_position": self.last_position,
            "head_link": self.head_link, "unchained": self.unchained, "seals": self.seals,
            "problem_count": self.problem_count,
            "first_problem": self.first.as_dict() if self.first else None,
            "problems": [p.as_dict() for p in self.problems],
            "summary": self.summary(),
        }

    def summary(self) -> str:
        if self.ok:
            linked = self.checked - self.unchained
            seals = f"{self.seals} niêm phong khớp" if self.seals else "chưa có niêm phong"
            text = (f"Chuỗi băm khớp: {self.checked:,} sự kiện đã kiểm tra "
                    f"({linked:,} đã nối chuỗi); {seals}.")
            if self.unchained:
                text += f" {self.unchained:,} sự kiện mới chưa được nối chuỗi."
            return text.replace(",", ".")
        first = self.first
        assert first is not None
        return (f"Phát hiện {self.problem_count} điểm không khớp; đầu tiên ở sự kiện số "
                f"{first.position}: {first.message}")


def read_seals(log: NotificationLog) -> list[Seal]:
    """Every seal event in the log, decoded (``position``/``link`` None if unreadable)."""
    seals = []
    for event_position, state in log.with_topic(SEALED_TOPIC):
        try:
            data = log.decode(state)
            seals.append(Seal(event_position, int(data["position"]),
                              bytes.fromhex(data["link"]), int(data.get("chain", 1))))
        except Exception:  # tampered or undecryptable: reported, not fatal
            seals.append(Seal(event_position, None, None))
    return seals


def verify(app: ThiduaApplication, *, progress: Callable[[int], None] | None = None,
           page: int = PAGE) -> Report:
    """Recompute the chain from the stored rows; report every mismatch, first one first."""
    log = NotificationLog(app)
    chain = open_chain(app)
    head = head_of(chain)[0] if chain is not None else 0
    seals = read_seals(log)
    sealed = {s.position for s in seals if s.position is not None}
    with_v1 = any(s.chain == 1 for s in seals)  # seals older than chain version 2
    pure_at: dict[int, bytes] = {}  # recomputed link at each sealed position
    v1_at: dict[int, bytes] = {}  # the same, in chain version 1
    pure_v1 = GENESIS_V1
    problems: list[Problem] = []
    changed: list[tuple[int, bytes]] = []  # (position, digest now) of rows whose bytes differ
    stored = pure = GENESIS  # previous stored link; recomputed chain over existing rows
    checked = unchained = after = dropped = 0
    end = 1 << 62
    while True:
        rows = log.rows(after, page)
        upto = min(rows[-1][0], head) if rows else head
        links = stored_links(log, chain, after, upto) if chain is not None and upto > after else []
        i = j = 0
        while i < len(rows) or j < len(links):
            row_position = rows[i][0] if i < len(rows) else end
            link_position = links[j][0] if j < len(links) else end
            if row_position == link_position:  # the common case: a row and its link
                position, originator, version, topic, state = rows[i]
                _, digest_then, link_then = links[j]
                content = row_content(originator, version, topic, state)
                in_step = stored == pure
                digest, pure = link_row(pure, position, content)
                if with_v1:
                    pure_v1 = chain_link_v1(pure_v1, position, content)
                expected = pure if in_step else chain_link(stored, position, digest)
                if expected != link_then:
                    if len(problems) + len(changed) >= KEPT:
                        dropped += 1
                    elif digest != digest_then:
                        changed.append((position, digest))
                    else:
                        problems.append(Problem(
                            position, "broken",
                            f"Mắt xích của sự kiện số {position} không nối tiếp mắt xích "
                            "trước: mắt xích đã bị sửa, hoặc một sự kiện ngay trước đó đã bị "
                            "xoá cùng mắt xích của nó."))
                stored = link_then
                checked += 1
                i += 1
                j += 1
            elif row_position < link_position:  # a row without a link
                position, originator, version, topic, state = rows[i]
                content = row_content(originator, version, topic, state)
                _, pure = link_row(pure, position, content)
                if with_v1:
                    pure_v1 = chain_link_v1(pure_v1, position, content)
                checked += 1
                i += 1
                if position <= head and len(problems) + len(changed) >= KEPT:
                    dropped += 1
                elif position <= head:
                    problems.append(Problem(
                        position, "inserted",
                        f"Sự kiện số {position} không có mắt xích trong chuỗi: được chèn vào "
                        "kho sau khi đã nối chuỗi."))
                else:
                    unchained += 1
            else:  # a link without its row
                position, _, stored = links[j]
                j += 1
                if len(problems) + len(changed) >= KEPT:
                    dropped += 1
                else:
                    problems.append(Problem(
                        position, "deleted",
                        f"Sự kiện số {position} đã bị xoá: chuỗi còn mắt xích nhưng kho không "
                        "còn sự kiện."))
            if position in sealed:
                pure_at[position] = pure
                v1_at[position] = pure_v1
        if progress is not None and rows:
            progress(len(rows))
        after = max(rows[-1][0] if rows else 0, upto)
        if not rows:
            break

    report = Report(backend=log.backend, chain_head=head, checked=checked,
                    last_position=after, head_link=pure.hex(), unchained=unchained,
                    seals=len(seals))
    problems += _changed_rows(log, chain, changed)
    if chain is not None:
        tracked = chain.max_tracking_id(app.name) or 0
        if tracked > head:
            problems.append(Problem(
                tracked, "truncated",
                f"Chuỗi dừng ở sự kiện số {head} nhưng đã được nối đến số {tracked}: các sự "
                "kiện cuối đã bị xoá cùng mắt xích của chúng."))
    problems += _seal_problems(seals, pure_at, v1_at)
    problems.sort(key=lambda p: (p.position, _ORDER[p.kind]))
    report.problem_count = len(problems) + dropped
    report.problems = problems[:MAX_LISTED]
    return report


def _changed_rows(log: NotificationLog, chain: Any,
                  changed: list[tuple[int, bytes]]) -> list[Problem]:
    """Name changed rows; a row whose bytes were linked at another position was moved."""
    if not changed:
        return []
    origins: dict[bytes, int] = {}
    if chain is not None:
        wanted = list({digest for _, digest in changed[:MAX_LISTED * 10]})
        mark = "?" if log.is_sqlite else "%s"
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = log.query(
                f"SELECT position, digest FROM {chain.table_name('links')} "
                f"WHERE digest IN ({', '.join(mark for _ in chunk)})", chunk)
            origins.update((bytes(digest), int(position)) for position, digest in rows)
    problems = []
    for position, digest in changed:
        origin = origins.get(digest)
        if origin is not None and origin != position:
            problems.append(Problem(
                position, "moved",
                f"Sự kiện số {position} đang chứa nội dung của sự kiện số {origin}: thứ tự "
                "các sự kiện đã bị đảo."))
        else:
            problems.append(Problem(
                position, "modified",
                f"Sự kiện số {position} đã bị sửa: dữ liệu lưu trong kho khác với lúc "
                "nối chuỗi."))
    return problems


def _seal_problems(seals: list[Seal], pure_at: dict[int, bytes],
                   v1_at: dict[int, bytes]) -> list[Problem]:
    problems = []
    last_good = 0
    for seal in sorted(seals, key=lambda s: (s.position or 0, s.event_position)):
        recomputed = v1_at if seal.chain == 1 else pure_at
        if seal.position is None or seal.link is None:
            problems.append(Problem(
                seal.event_position, "seal",
                f"Không đọc được niêm phong ghi ở sự kiện số {seal.event_position}."))
        elif seal.position not in recomputed:
            problems.append(Problem(
                seal.position, "seal",
                f"Niêm phong (sự kiện số {seal.event_position}) chỉ đến sự kiện số "
                f"{seal.position}, nhưng trong kho và trong chuỗi không có sự kiện đó."))
        elif recomputed[seal.position] != seal.link:
            problems.append(Problem(
                seal.position, "seal",
                f"Niêm phong (sự kiện số {seal.event_position}) không khớp với chuỗi tính "
                f"lại từ dữ liệu hiện có tại sự kiện số {seal.position}: dữ liệu từ sau sự "
                f"kiện số {last_good} đến sự kiện số {seal.position} đã bị thay đổi."))
        else:
            last_good = seal.position
    return problems
