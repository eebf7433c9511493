"""Công khai: the proposed list shown to the public before a decision, and what the
public says about it.

A notice is published by the unit whose council and decision it precedes, for one
campaign: each entry is a nomination as the public sees it (the name, the unit, the award
form — nothing more), fixed when it is published. The window runs from the day after
publishing to the end of its last working day (``closes_on``); a decision awarding one of
its nominations is refused until the day after. Anyone may comment while it is open; a
comment keeps only its text and, if the commenter chose one, the entry it is about.

Comments are throttled per client address (``CommentAttempts``): the address itself is
never stored, only a keyed digest of it, so that the store holds no personal data of the
public beyond what they wrote.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from events.errors import ConflictError, InvalidInputError
from events.ids import NAMESPACE

MAX_ENTRIES = 500
MAX_COMMENT = 2000
MAX_COMMENTS = 1000  # per notice: a notice is a page, not a forum
PUBLIC = "cong-chung"  # the actor of a comment: a member of the public


class Notice(Aggregate):
    """One published list and its comments."""

    @event("Published")
    def __init__(self, campaign_id: UUID, unit_id: UUID, unit_name: str,
                 entries: list[dict[str, Any]], published_on: date, closes_on: date,
                 days: int, source: str, confidence: str, actor: str) -> None:
        self.campaign_id = campaign_id
        self.unit_id = unit_id
        self.unit_name = unit_name
        self.entries = [dict(e) for e in entries]
        self.published_on = published_on
        self.closes_on = closes_on
        self.days = days
        self.source = source
        self.confidence = confidence
        self.comments: list[dict[str, Any]] = []
        self.created_by = actor

    def is_open(self, on: date) -> bool:
        return self.published_on <= on <= self.closes_on

    def entry(self, nomination_id: UUID) -> dict[str, Any] | None:
        return next((e for e in self.entries if e["nomination_id"] == nomination_id), None)

    def comment(self, text: str, nomination_id: UUID | None, on: date,
                at: datetime) -> None:
        if not self.is_open(on):
            raise ConflictError(
                f"Danh sách đã hết thời gian công khai (đến hết ngày "
                f"{self.closes_on:%d/%m/%Y}): không nhận thêm ý kiến.", "notice_id")
        if nomination_id is not None and self.entry(nomination_id) is None:
            raise InvalidInputError("Người được chọn không có trong danh sách công khai này.",
                                    "nomination_id")
        if len(self.comments) >= MAX_COMMENTS:
            raise ConflictError("Danh sách này đã nhận đủ số ý kiến tối đa.", "notice_id")
        self._comment(text=text, nomination_id=nomination_id, received_at=at, actor=PUBLIC)

    @event("CommentReceived")
    def _comment(self, text: str, nomination_id: UUID | None, received_at: datetime,
                 actor: str) -> None:
        self.comments.append({"text": text, "nomination_id": nomination_id,
                              "received_at": received_at})

    def as_dict(self, on: date | None = None) -> dict[str, Any]:
        return {"id": str(self.id), "campaign_id": str(self.campaign_id),
                "unit_id": str(self.unit_id), "unit_name": self.unit_name,
                "entries": [{**e, "nomination_id": str(e["nomination_id"])}
                            for e in self.entries],
                "published_on": self.published_on, "closes_on": self.closes_on,
                "days": self.days, "source": self.source, "confidence": self.confidence,
                "open": self.is_open(on) if on is not None else None,
                "comments": [{**c, "nomination_id": str(c["nomination_id"])
                              if c["nomination_id"] else None} for c in self.comments],
                "created_by": self.created_by}


# --- throttling the public's comments ---------------------------------------------------

WINDOW = timedelta(hours=1)
PER_WINDOW = 5  # comments from one address within the window; then it waits


def address_digest(address: str, key: bytes) -> str:
    """A keyed digest of a client address: the same address gives the same bucket, but
    the store never holds the address."""
    return hashlib.blake2b(address.encode("utf-8"), key=key[:64] or b"thidua",
                           digest_size=16).hexdigest()


def attempts_id(digest: str, day: date) -> UUID:
    return uuid5(NAMESPACE, f"comment-attempts:{digest}:{day.isoformat()}")


class CommentAttempts(Aggregate):
    """The comments sent from one (digested) address on one day (UTC)."""

    @staticmethod
    def create_id(digest: str, day: date) -> UUID:
        return attempts_id(digest, day)

    @event("Opened")
    def __init__(self, digest: str, day: date) -> None:
        self.digest = digest
        self.day = day
        self.sent: list[datetime] = []

    @event("Sent")
    def send(self, at: datetime) -> None:
        self.sent.append(at)


def comment_wait(buckets: list[CommentAttempts], now: datetime) -> datetime | None:
    """Until when an address must wait before commenting again, or None."""
    recent = sorted(s for b in buckets for s in b.sent if s > now - WINDOW)
    if len(recent) < PER_WINDOW:
        return None
    return recent[-PER_WINDOW] + WINDOW
