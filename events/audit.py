"""Niêm phong: a seal records the head of the audit hash chain in the event log itself.

A seal says "after notification ``position`` the chain's link was ``link``". Seals are
events, so they are chained like any other event; ``thidua audit verify`` recomputes the
chain from the stored rows and checks every seal against it. One aggregate per sealed
position: the store's uniqueness of (id, version 1) keeps two sealers from sealing the
same position twice.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids

PERIODIC = "periodic"
ON_DEMAND = "on_demand"
REASONS = {PERIODIC: "định kỳ", ON_DEMAND: "theo yêu cầu"}


class AuditSeal(Aggregate):
    """The chain's link at one position of the notification log."""

    @staticmethod
    def create_id(position: int) -> UUID:
        return ids.audit_seal_id(position)

    @event("Sealed")
    def __init__(self, position: int, link: str, reason: str, actor: str,
                 chain: int = 1) -> None:
        self.position = position
        self.link = link
        self.reason = reason
        self.sealed_by = actor
        self.chain = chain  # the chain's version (seals written before version 2 lack it)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "position": self.position, "link": self.link,
            "chain": self.chain,
            "reason": self.reason, "reason_name": REASONS.get(self.reason, self.reason),
            "sealed_by": self.sealed_by, "sealed_at": self.created_on,
        }
