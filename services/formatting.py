"""How numbers, money, percentages, dates, times and periods read, on pages and in .xlsx
files alike: one style, Vietnamese (Babel's ``vi_VN``): 82,5 · 2.530.000 · 66,67 % ·
01/12/2026 · 01/12/2026 20:57 · "Tuần 03 (13/01–19/01/2020)" · "Tháng 03/2020"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from events.errors import InvalidInputError
from events.periods import parse_period

LOCALE = "vi_VN"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DATE = "dd/MM/yyyy"
DATETIME = "dd/MM/yyyy HH:mm"
NBSP = "\u00a0"  # between a number and its % sign, so a line never breaks there
# Workbook cells stay numbers and dates; their formats name the Vietnamese locale ([$-42A],
# the LCID of vi-VN), so LibreOffice shows 14.040.000 and 05/03/2026 whatever its own locale
# (a spreadsheet that ignores the tag still groups the number in its own).
XLSX_LOCALE = "[$-42A]"
XLSX_MONEY = f"{XLSX_LOCALE}#,##0"  # money: whole đồng
XLSX_COUNT = f"{XLSX_LOCALE}#,##0"  # counts of a statistical form
XLSX_DATE = f"{XLSX_LOCALE}DD/MM/YYYY"

Number = int | float | Decimal


def number(value: Number | None, places: int = 2) -> str:
    """82,5 · 1.234 · 3 — at most ``places`` decimals, no trailing zeros."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=LOCALE)


def money(value: Number | None) -> str:
    """7.590.000 — đồng, no decimals."""
    return number(value, places=0)


def percent(value: Number | None, places: int = 2) -> str:
    """66,67 % for 66.666… (a value already in per cent)."""
    if value is None:
        return ""
    return f"{number(round(Decimal(str(value)), places), places)}{NBSP}%"


def day(value: date | datetime | None) -> str:
    """01/12/2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return moment(value)[: len("01/12/2026")]
    return format_date(value, DATE, locale=LOCALE)


def day_or_text(value: Any) -> str:
    """A day as ``day`` writes it; anything else (a value an older event stored as text)
    as its text. The audit's sentences read event data through it."""
    return day(value) if isinstance(value, date) else str(value)


def moment(value: datetime | None, *, seconds: bool = False) -> str:
    """01/12/2026 20:57 (with ``seconds``, 01/12/2026 20:57:05), Vietnam time (a naive
    time is taken as Vietnam time)."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(VIETNAM)
    return format_datetime(value.replace(tzinfo=None), DATETIME + (":ss" if seconds else ""),
                           locale=LOCALE)


def period(label: str | None) -> str:
    """A period as people say it: "Tuần 03 (13/01–19/01/2020)", "Tháng 03/2020",
    "Quý 1/2020", "6 tháng đầu năm 2020", "Năm 2020"; an unknown label as given."""
    if not label:
        return ""
    try:
        span = parse_period(label)
    except InvalidInputError:
        return label
    year = span.start.year
    if span.kind == "week":
        week = int(span.label.split("W")[1])
        return (f"Tuần {week:02d} ({span.start:%d/%m}–{span.end:%d/%m/%Y})")
    if span.kind == "month":
        return f"Tháng {span.start:%m/%Y}"
    if span.kind == "quarter":
        return f"Quý {(span.start.month + 2) // 3}/{year}"
    if span.kind == "half":
        return f"6 tháng {'đầu' if span.start.month == 1 else 'cuối'} năm {year}"
    return f"Năm {year}"


def period_short(label: str | None) -> str:
    """A period in a few words, for where the dates do not fit (a sheet's tab):
    "Tuần 49/2026", "Tháng 03/2020", "Quý 1/2020"; an unknown label as given."""
    text = period(label)
    if " (" in text and label:  # a week: its number and its ISO year, without the days
        return f"{text.split(' (')[0]}/{parse_period(label).label[:4]}"
    return text


def periods_between(cadence: str, start: date, end: date, *, newest_first: bool = True,
                    limit: int = 400) -> list[tuple[str, str]]:
    """The scoring periods of ``cadence`` ("weekly" or "monthly") from ``start`` to ``end``,
    as (label, what people read) pairs for a picker."""
    found: list[tuple[str, str]] = []
    cursor = start
    while cursor <= end and len(found) < limit:
        if cadence == "weekly":
            iso = cursor.isocalendar()
            label = f"{iso[0]}-W{iso[1]:02d}"
            cursor = cursor + timedelta(days=7 - cursor.weekday())
        else:
            label = f"{cursor.year}-{cursor.month:02d}"
            cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        found.append((label, period(label)))
    return found[::-1] if newest_first else found


FILTERS = {"number": number, "money": money, "percent": percent, "day": day,
           "moment": moment, "period": period}
