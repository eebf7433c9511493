"""Văn bản có số: a Biên bản, Tờ trình or Báo cáo issued from what the store knows.

Issuing takes the next number of the issuer's register for the year and type (like a
decision) and freezes the document's whole context in the event: later changes to units,
people or standings never change a paper already issued, so every download of it is the
same file, and an auditor sees exactly what was put before the signer.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import InvalidInputError
from events.text import clean_text

# kind → (template, type code of NĐ 30/2020 Phụ lục III, name)
PAPER_KINDS: dict[str, tuple[str, str, str]] = {
    "bien_ban_hop_hoi_dong": ("bien_ban_hop_hoi_dong", "BB", "Biên bản họp Hội đồng"),
    "to_trinh": ("to_trinh", "TTr", "Tờ trình đề nghị khen thưởng"),
    "bao_cao_dien_hinh": ("bao_cao_dien_hinh", "BC", "Báo cáo điển hình tiên tiến"),
    # The units' monthly exemplar lists compiled (seed 000), printed as a Báo cáo điển hình.
    "bao_cao_tong_hop_dien_hinh": ("bao_cao_dien_hinh", "BC",
                                   "Báo cáo tổng hợp điển hình tiên tiến"),
    "bao_cao_tong_ket": ("bao_cao_tong_ket", "BC",
                         "Báo cáo tổng kết công tác thi đua, khen thưởng"),
}


BACKDATING_DAYS = 30  # a paper dated further back than this says why


def check_dating(day: date, today: date, recorded: date | None, reason: object,
                 field: str = "issued_on") -> str | None:
    """The reason a back-dated paper gives, or None for a paper dated as it is made.

    A paper dated earlier than the events it reports were recorded (``recorded``), or more
    than ``BACKDATING_DAYS`` before ``today``, needs a ``reason``: it is recorded in the
    paper's event, where an auditor reads it.
    """
    text = clean_text(reason, "reason", required=False, max_length=1000, multiline=True)
    why = []
    if recorded is not None and day < recorded:
        why.append(f"trước ngày ghi nhận số liệu được báo cáo ({recorded:%d/%m/%Y})")
    if day < today - timedelta(days=BACKDATING_DAYS):
        why.append(f"lùi quá {BACKDATING_DAYS} ngày so với hôm nay ({today:%d/%m/%Y})")
    if why and not text:
        raise InvalidInputError(
            f"Văn bản ghi ngày {day:%d/%m/%Y}, " + " và ".join(why) + ": ghi lý do lập lùi "
            "ngày (trường «reason»).", "reason")
    return text or None


class Paper(Aggregate):
    """One numbered paper and the frozen context it is rendered from."""

    @staticmethod
    def create_id(reference_id: UUID, kind: str, key: str) -> UUID:
        return ids.paper_id(reference_id, kind, key)

    @event("Issued")
    def __init__(self, reference_id: UUID, kind: str, key: str, issuer_unit_id: UUID,
                 number: str, issued_on: date, title: str, context: dict[str, Any],
                 actor: str, reason: str | None = None) -> None:
        self.reference_id = reference_id
        self.kind = kind
        self.key = key
        self.issuer_unit_id = issuer_unit_id
        self.number = number
        self.issued_on = issued_on
        self.title = title
        self.context = context
        self.issued_by = actor
        # Why a back-dated paper bears its date (``check_dating``); papers issued before
        # the rule have none.
        self.reason = reason

    @property
    def template(self) -> str:
        return PAPER_KINDS[self.kind][0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "kind": self.kind, "kind_name": PAPER_KINDS[self.kind][2],
            "reference_id": str(self.reference_id), "key": self.key,
            "issuer_unit_id": str(self.issuer_unit_id), "number": self.number,
            "issued_on": self.issued_on, "title": self.title, "issued_by": self.issued_by,
            "reason": self.reason,
            "issued_at": self.created_on,
        }
