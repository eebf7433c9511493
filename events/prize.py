"""Tiền thưởng of one recipient: coefficient × mức lương cơ sở, and titles paid once a year.

A subject that receives several titles (danh hiệu) for the same year is paid for the
highest only: a later, higher title pays the difference; a lower one pays nothing
(NĐ 152/2025, NĐ 98/2023: nhận tiền thưởng của danh hiệu cao nhất). Award forms (hình
thức khen thưởng) are each paid in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from events.award_history import AwardHistory
from events.money import format_vnd, prize_amount
from events.rules import STATE, TITLE, award_kind, system_prize_coefficient


@dataclass(frozen=True)
class Prize:
    coefficient: Decimal
    coefficient_source: str
    coefficient_confidence: str
    amount: Decimal  # coefficient × base salary, rounded up to 10.000 đ
    prize: Decimal  # what is paid now
    note: str  # why less than ``amount`` is paid

    def as_dict(self) -> dict[str, Any]:
        return {"coefficient": self.coefficient, "coefficient_source": self.coefficient_source,
                "coefficient_confidence": self.coefficient_confidence, "amount": self.amount,
                "prize": self.prize, "note": self.note}


def prize_for(history: AwardHistory | None, award: str, subject_kind: str, year: int,
              on: date, salary: Decimal, system: str = STATE,
              own: Decimal | None = None) -> Prize:
    """The prize of the legal category ``award`` for ``year``, decided ``on`` a day with
    that base salary, in an award ``system``: the state's coefficients, or the system's
    (``own``: the coefficient the organisation set for its catalogue entry)."""
    row = system_prize_coefficient(award, subject_kind, on, system)
    coefficient, source, confidence = row.coefficient, row.source, row.confidence
    if own is not None:
        coefficient, source, confidence = own, "Hệ số do đơn vị quy định cho hình thức này", "H"
    amount = prize_amount(coefficient, salary)
    title = award_kind(award, subject_kind).category == TITLE
    paid, names = (history.title_prize_paid(year) if history is not None and title
                   else (Decimal(0), []))
    prize = max(Decimal(0), amount - paid)
    note = ""
    if paid and prize == 0:
        note = (f"Đã nhận tiền thưởng danh hiệu cao hơn năm {year} ({', '.join(names)}: "
                f"{format_vnd(paid)}): chỉ nhận mức cao nhất.")
    elif paid:
        note = (f"Đã nhận {format_vnd(paid)} cho danh hiệu năm {year} ({', '.join(names)}): "
                "chỉ chi phần chênh lệch để nhận mức cao nhất.")
    return Prize(coefficient, source, confidence, amount, prize, note)
