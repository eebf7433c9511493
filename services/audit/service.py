"""Audit use cases for the API, the pages and the CLI. Auditors (and admins) only; read only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from events import ids
from events.errors import InvalidInputError
from events.text import clean_code
from events.values import parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.audit import history as words
from services.audit import state_words
from services.audit.index import (
    AuditIndexProjection,
    EventQuery,
    IndexRow,
    indexed_to,
    positions_of,
    query_index,
    scan_log,
    utc_text,
)
from services.audit.verify import Report, verify
from services.projections.log import NotificationLog
from services.projections.runner import open_view

MAX_LIMIT = 200


def _moment(value: str | None, field: str, *, end: bool) -> str | None:
    """``YYYY-MM-DD`` (Vietnam's day; ``to`` includes that day) or an ISO date-time."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day + timedelta(days=1) if end else day, time(),
                                      tzinfo=words.VIETNAM)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=words.VIETNAM)
    except ValueError:
        raise InvalidInputError(
            f"Thời điểm «{text}» ở trường «{field}» không hợp lệ (dạng YYYY-MM-DD hoặc "
            "YYYY-MM-DDTHH:MM, giờ Việt Nam).", field) from None
    return utc_text(moment)


class AuditService:
    """History, state at a version, the event browser and verification."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app

    def _index(self) -> Any:
        if NotificationLog(self.app).backend == "memory":
            return None
        return open_view(self.app, AuditIndexProjection())

    # --- one aggregate ----------------------------------------------------------------

    def history(self, actor: Actor, aggregate_id: str | UUID) -> dict[str, Any]:
        check_allowed(actor, "audit.read")
        uuid = parse_uuid(aggregate_id, "id")
        index = self._index()
        positions = positions_of(index, uuid.hex) if index is not None else None
        return words.history(self.app, uuid, positions)

    def state(self, actor: Actor, aggregate_id: str | UUID,
              version: int | None = None) -> dict[str, Any]:
        check_allowed(actor, "audit.read")
        return words.state_at(self.app, aggregate_id, version)

    def state_in_words(self, actor: Actor, aggregate_id: str | UUID,
                       version: int | None = None) -> dict[str, Any]:
        """The state at a version with each field labelled and its value in words
        (``rows``), as the audit history page shows it."""
        found = self.state(actor, aggregate_id, version)
        rows = state_words.state_rows(words.Names(self.app), found["kind"], found["state"])
        return {**found, "rows": rows}

    # --- the event browser ---------------------------------------------------------------

    def query(self, *, start: str | None = None, end: str | None = None,
              actor_name: str | None = None, unit_code: str | None = None,
              campaign_id: str | None = None, event_type: str | None = None,
              aggregate_id: str | None = None, cursor: int | None = None,
              order: str = "desc", limit: int = 50) -> EventQuery:
        """Check the browser's filters (Vietnamese messages naming the field)."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise InvalidInputError(f"Số dòng mỗi trang phải từ 1 đến {MAX_LIMIT}.", "limit")
        if order not in ("asc", "desc"):
            raise InvalidInputError("Thứ tự chỉ là «asc» (cũ trước) hoặc «desc» (mới trước).",
                                    "order")
        if cursor is not None and (isinstance(cursor, bool) or not isinstance(cursor, int)
                                   or cursor < 0):
            raise InvalidInputError("Vị trí tiếp theo phải là số nguyên không âm.", "cursor")
        q = EventQuery(start=_moment(start, "from", end=False), end=_moment(end, "to", end=True),
                       actor=(actor_name or "").strip().lower() or None,
                       event_type=(event_type or "").strip() or None,
                       cursor=cursor, descending=order == "desc", limit=limit)
        if q.start and q.end and q.start >= q.end:
            raise InvalidInputError("Thời điểm «to» phải sau thời điểm «from».", "to")
        # A blank filter (an empty form field) filters nothing.
        if unit_code and unit_code.strip():
            q = replace(q, unit_id=ids.unit_id(clean_code(unit_code, "unit_code")).hex)
        if campaign_id and campaign_id.strip():
            q = replace(q, campaign_id=parse_uuid(campaign_id.strip(), "campaign_id").hex)
        if aggregate_id and aggregate_id.strip():
            q = replace(q, aggregate_id=parse_uuid(aggregate_id.strip(), "aggregate_id").hex)
        return q

    def events(self, actor: Actor, q: EventQuery) -> dict[str, Any]:
        """One page of events matching the filters, each described in words."""
        check_allowed(actor, "audit.read")
        index = self._index()
        if index is not None:
            rows, indexed = query_index(index, q), indexed_to(index)
        else:
            rows, indexed = scan_log(self.app, q), self.app.last_position()
        more = len(rows) > q.limit
        rows = rows[: q.limit]
        names = words.Names(self.app)
        return {
            "events": [self._present(row, names) for row in rows],
            "next_cursor": rows[-1].position if more else None,
            "indexed_to": indexed,
            "last_position": self.app.last_position(),
        }

    def _present(self, row: IndexRow, names: words.Names) -> dict[str, Any]:
        uuid = UUID(row.originator_id)
        stored = self.app.recorder.select_events(uuid, gt=row.version - 1, lte=row.version)
        if not stored:
            return self._unreadable(row, uuid, "Không còn sự kiện này trong kho (đã bị xoá?): "
                                               "hãy chạy kiểm tra chuỗi băm.")

        def after() -> Any:
            try:
                return self.app.repository.get(uuid, version=row.version)
            except Exception:  # absent, or not readable at that version
                return None

        try:
            event = self.app.mapper.to_domain_event(stored[0])
            return words.entry(event, row.position, words.Context(names, after))
        except Exception:  # a row written by hand or by an old version: shown, not read
            return self._unreadable(row, uuid, "Không đọc được nội dung sự kiện này (dữ liệu "
                                               "không đúng định dạng).")

    @staticmethod
    def _unreadable(row: IndexRow, uuid: UUID, summary: str) -> dict[str, Any]:
        return {"position": row.position, "aggregate_id": str(uuid),
                "aggregate_kind": row.event_type.partition(".")[0], "version": row.version,
                "event_type": row.event_type,
                "event_name": words.EVENT_NAMES.get(row.event_type, row.event_type),
                "occurred_at": datetime.fromisoformat(row.occurred_at + "+00:00"),
                "local_time": "", "actor": row.actor, "data": {}, "summary": summary}

    # --- the chain -----------------------------------------------------------------------

    def verify(self, actor: Actor) -> Report:
        check_allowed(actor, "audit.read")
        return verify(self.app)


__all__ = ["AuditService", "EventQuery"]
