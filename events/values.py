"""Parsing of dates and point values coming from users, with errors naming the field."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from uuid import UUID
from zoneinfo import ZoneInfo

from events.errors import InvalidInputError

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today_in_vietnam() -> date:
    return datetime.now(VIETNAM).date()


def parse_uuid(value: object, field: str) -> UUID:
    """An id given by a user; the error names the field."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInputError(f"Mã định danh «{value}» ở trường «{field}» không hợp lệ.",
                                field) from None


EARLIEST = date(2000, 1, 1)  # the dates of the work this system records…
LATEST = date(2100, 12, 31)  # …a start in year 340 or 9999 is a typing mistake
MAX_POINTS = Decimal(100_000)  # far above any scale (criteria are scored out of 100s)


def parse_date(value: object, field: str, *, earliest: date = EARLIEST,
               latest: date = LATEST) -> date:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string between ``earliest`` and
    ``latest``."""
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if day is None:
        raise InvalidInputError(
            f"Ngày «{value}» ở trường «{field}» không hợp lệ (dạng YYYY-MM-DD, ví dụ "
            "2025-02-10).", field)
    if not earliest <= day <= latest:
        raise InvalidInputError(
            f"Ngày {day.day:02d}/{day.month:02d}/{day.year:04d} ở trường «{field}» nằm ngoài "
            f"khoảng {earliest:%d/%m/%Y}–{latest:%d/%m/%Y}.", field)
    return day


def parse_points(value: object, field: str, name: str | None = None) -> Decimal:
    """Accept an int, a Decimal or a numeric string with at most two decimals (``name``:
    what the messages call the field, e.g. "tiêu chí TT2", rather than its code)."""
    where = name or f"trường «{field}»"
    too_big = InvalidInputError(
        f"Điểm ở {where} quá lớn (tối đa {format_points(MAX_POINTS)}).", field)
    if type(value) is int:  # the common case from forms and JSON: one check
        if abs(value) > MAX_POINTS:
            raise too_big
        return Decimal(value)
    if isinstance(value, bool) or value is None:
        raise InvalidInputError(f"Điểm ở {where} phải là một số.", field)
    not_a_number = InvalidInputError(f"Điểm «{value}» ở {where} không phải là số.", field)
    try:
        text = str(value).strip().replace(",", ".")
        points = value if isinstance(value, Decimal) else Decimal(text)
    except InvalidOperation:
        raise not_a_number from None
    if not points.is_finite():
        raise not_a_number
    if abs(points) > MAX_POINTS:
        raise too_big
    if points != points.quantize(Decimal("0.01")):
        raise InvalidInputError(
            f"Điểm «{value}» ở {where} chỉ được có tối đa hai chữ số thập phân.", field
        )
    # Integral values without exponent (30, not 3E+1); others without trailing zeros.
    return Decimal(int(points)) if points == points.to_integral() else points.normalize()


def format_points(points: Decimal) -> str:
    """Render points the Vietnamese way: comma as the decimal mark."""
    return format(points, "f").replace(".", ",")
