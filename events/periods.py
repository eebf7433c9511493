"""Scoring periods: ISO weeks, months and their roll-ups (quarter, half-year, year)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from events.errors import InvalidInputError

WEEKLY = "weekly"
MONTHLY = "monthly"
CADENCES = (WEEKLY, MONTHLY)

CADENCE_NAMES = {WEEKLY: "hằng tuần", MONTHLY: "hằng tháng"}
CADENCE_EXAMPLES = {WEEKLY: "2025-W07", MONTHLY: "2025-02"}

_PATTERNS = {
    "week": re.compile(r"^(\d{4})-W(\d{2})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "half": re.compile(r"^(\d{4})-H([12])$"),
    "year": re.compile(r"^(\d{4})$"),
}
_KIND_OF_CADENCE = {WEEKLY: "week", MONTHLY: "month"}


@dataclass(frozen=True, order=True)
class Period:
    """A named span of days, such as ``2025-W07`` or ``2025-02``."""

    start: date
    end: date
    kind: str
    label: str

    def __str__(self) -> str:
        return self.label

    def overlaps(self, start: date, end: date) -> bool:
        return self.start <= end and start <= self.end


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse_period(text: object, field: str = "period") -> Period:
    """Parse any period label; raise ``InvalidInputError`` naming ``field``."""
    if not isinstance(text, str):
        raise InvalidInputError(f"Kỳ «{text}» không hợp lệ.", field)
    label = text.strip().upper()
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(label)
        if not match:
            continue
        year = int(match.group(1))
        if not 1900 <= year <= 2999:
            break
        try:
            if kind == "week":
                week = int(match.group(2))
                start = date.fromisocalendar(year, week, 1)
                return Period(start, start + timedelta(days=6), kind, f"{year}-W{week:02d}")
            if kind == "month":
                month = int(match.group(2))
                return Period(date(year, month, 1), _month_end(year, month), kind, label)
            if kind == "quarter":
                quarter = int(match.group(2))
                first = 3 * quarter - 2
                return Period(date(year, first, 1), _month_end(year, first + 2), kind, label)
            if kind == "half":
                half = int(match.group(2))
                first = 6 * half - 5
                return Period(date(year, first, 1), _month_end(year, first + 5), kind, label)
            return Period(date(year, 1, 1), date(year, 12, 31), kind, label)
        except ValueError:
            break
    raise InvalidInputError(
        f"Kỳ «{text}» không đúng định dạng: dùng tuần 2025-W07, tháng 2025-02, quý 2025-Q1, "
        "nửa năm 2025-H1 hoặc năm 2025.",
        field,
    )


def parse_scoring_period(text: object, cadence: str, field: str = "period") -> Period:
    """Parse a period that must match ``cadence`` (a week for weekly, a month for monthly)."""
    period = parse_period(text, field)
    if period.kind != _KIND_OF_CADENCE[cadence]:
        raise InvalidInputError(
            f"Kỳ «{text}» không phù hợp: phong trào chấm điểm {CADENCE_NAMES[cadence]}, "
            f"kỳ phải có dạng {CADENCE_EXAMPLES[cadence]}.",
            field,
        )
    return period


def period_of(day: date, cadence: str) -> Period:
    """Return the scoring period of ``cadence`` that contains ``day``."""
    if cadence == WEEKLY:
        year, week, _ = day.isocalendar()
        return parse_period(f"{year}-W{week:02d}")
    return parse_period(f"{day.year}-{day.month:02d}")
