"""Đăng ký thi đua: one per subject per campaign (the id is derived from both)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids


class Registration(Aggregate):
    """A subject's registration (and pledge) for a campaign."""

    @staticmethod
    def create_id(campaign_id: UUID, subject_id: UUID) -> UUID:
        return ids.registration_id(campaign_id, subject_id)

    @event("Registered")
    def __init__(
        self,
        campaign_id: UUID,
        subject_kind: str,
        subject_id: UUID,
        unit_id: UUID,
        pledge: str,
        registered_on: date,
        actor: str,
    ) -> None:
        self.campaign_id = campaign_id
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.unit_id = unit_id
        self.pledge = pledge
        self.registered_on = registered_on
        self.created_by = actor

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "campaign_id": str(self.campaign_id),
            "subject_kind": self.subject_kind,
            "subject_id": str(self.subject_id),
            "unit_id": str(self.unit_id),
            "pledge": self.pledge,
            "registered_on": self.registered_on,
        }
