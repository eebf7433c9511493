"""Quy định riêng của đơn vị: the council's quorum and caps such as "CSTĐCS ≤ 15 % of LĐTT".

The national CSTĐCS cap expired; each organisation sets its own (NĐ 152 Đ6), so these are
per-organisation settings, not rule-table rows. Without settings an organisation uses
the default quorum of the rule tables and no caps.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import InvalidInputError
from events.rules import AWARD_CODES, award_name
from events.values import parse_points


def check_quorum(numerator: object, denominator: object) -> dict[str, int]:
    for value, field in ((numerator, "quorum_numerator"), (denominator, "quorum_denominator")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"Trường «{field}» phải là số nguyên dương.", field)
    assert isinstance(numerator, int) and isinstance(denominator, int)
    if numerator > denominator:
        raise InvalidInputError("Tỷ lệ dự họp không được lớn hơn 1.", "quorum_numerator")
    return {"numerator": numerator, "denominator": denominator}


def check_caps(raw: object) -> list[dict[str, Any]]:
    """``[{"award": "cstdcs", "of_award": "ldtt", "percent": 15}]``."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidInputError("Trường «caps» phải là một danh sách.", "caps")
    caps: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        at = f"caps[{index}]"
        if not isinstance(item, dict):
            raise InvalidInputError(f"Trường «{at}» phải là một đối tượng.", at)
        for key in ("award", "of_award"):
            if item.get(key) not in AWARD_CODES:
                raise InvalidInputError(
                    f"Danh hiệu «{item.get(key)}» không có trong danh mục.", f"{at}.{key}")
        if item["award"] == item["of_award"]:
            raise InvalidInputError("Giới hạn phải so với một danh hiệu khác.", f"{at}.of_award")
        try:
            percent = parse_points(item.get("percent"), f"{at}.percent")
        except InvalidInputError:
            raise InvalidInputError(
                f"Trường «{at}.percent» phải là một tỷ lệ phần trăm, tối đa hai chữ số thập "
                "phân (ví dụ 15 hoặc 12,5).", f"{at}.percent") from None
        if not Decimal(0) < percent <= Decimal(100):
            raise InvalidInputError("Tỷ lệ giới hạn phải trong khoảng (0, 100] %.",
                                    f"{at}.percent")
        caps.append({"award": item["award"], "of_award": item["of_award"], "percent": percent})
    return caps


def cap_text(cap: dict[str, Any]) -> str:
    return (f"{award_name(cap['award'])} không quá {format(cap['percent'], 'f')} % số "
            f"{award_name(cap['of_award'])}")


class AwardSettings(Aggregate):
    """An organisation's own settings for its council and its award caps."""

    @staticmethod
    def create_id(unit_id: UUID) -> UUID:
        return ids.award_settings_id(unit_id)

    @event("Configured")
    def __init__(self, unit_id: UUID, quorum: dict[str, int], caps: list[dict[str, Any]],
                 actor: str) -> None:
        self.unit_id = unit_id
        self.quorum = dict(quorum)
        self.caps = list(caps)
        self.created_by = actor

    @event("Reconfigured")
    def reconfigure(self, quorum: dict[str, int], caps: list[dict[str, Any]],
                    actor: str) -> None:
        self.quorum = dict(quorum)
        self.caps = list(caps)

    def as_dict(self) -> dict[str, Any]:
        return {"unit_id": str(self.unit_id), "quorum": self.quorum,
                "caps": [{**c, "text": cap_text(c)} for c in self.caps]}
