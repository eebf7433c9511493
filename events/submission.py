"""Lần gửi biểu mẫu: the idempotency key of a form or API call, saved with its command.

Saved in the same transaction as the command's own events, so the store's uniqueness of
(id, version 1) makes a double click or a resubmitted page record once.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids


class Submission(Aggregate):
    """A command that was carried out, and what it produced."""

    @staticmethod
    def create_id(key: str) -> UUID:
        return ids.submission_id(key)

    @event("Recorded")
    def __init__(self, key: str, command: str, result_id: str, actor: str) -> None:
        self.key = key
        self.command = command
        self.result_id = result_id
        self.actor = actor
