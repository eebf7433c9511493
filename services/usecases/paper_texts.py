"""Texts of the official papers: counts, who is listed, periods in words, clerk's lines."""

from __future__ import annotations

from datetime import time

from docgen.vietnamese import month_words
from events.errors import InvalidInputError
from events.periods import Period
from events.rules import INDIVIDUAL
from events.text import clean_text

ROMAN = ("I", "II", "III", "IV")


def count_text(number: int) -> str:
    """Counts in official documents take a leading zero below 10: "03 tập thể"."""
    return f"{number:02d}"


def subjects_text(collectives: int, individuals: int) -> str:
    """"03 tập thể và 04 cá nhân", leaving out a kind that has none."""
    parts = [f"{count_text(n)} {what}" for n, what in ((collectives, "tập thể"),
                                                       (individuals, "cá nhân")) if n]
    return " và ".join(parts)


def kinds_text(kinds: list[str]) -> str:
    """"tập thể, cá nhân", "tập thể" or "cá nhân", as the list holds them."""
    collective = any(k != INDIVIDUAL for k in kinds)
    individual = INDIVIDUAL in kinds
    return ", ".join(w for w, there in (("tập thể", collective), ("cá nhân", individual))
                     if there)


def period_words(period: Period) -> str:
    """"tháng 01 năm 2020", "tuần 07 năm 2025", "quý II năm 2025", "năm 2025"."""
    year = period.start.year if period.kind != "week" else int(period.label[:4])
    if period.kind == "week":
        return f"tuần {period.label[-2:]} năm {year}"
    if period.kind == "month":
        return month_words(period.start)
    if period.kind == "quarter":
        return f"quý {ROMAN[int(period.label[-1]) - 1]} năm {year}"
    if period.kind == "half":
        return f"6 tháng {'đầu' if period.label.endswith('1') else 'cuối'} năm {year}"
    return f"năm {year}"


def lines(value: object, field: str) -> list[str] | None:
    """Optional paragraphs a clerk writes (a list of texts)."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(f"Trường «{field}» phải là danh sách các đoạn văn.", field)
    return [clean_text(v, f"{field}[{i}]", max_length=4000, multiline=True)
            for i, v in enumerate(value)]


def person(value: object, field: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InvalidInputError(f"Trường «{field}» phải có họ tên (name) và chức vụ "
                                "(position).", field)
    return {"name": clean_text(value.get("name"), f"{field}.name", max_length=200),
            "position": clean_text(value.get("position"), f"{field}.position",
                                   max_length=300)}


def clock_time(value: object, field: str) -> time:
    text = clean_text(value, field, max_length=5)
    try:
        return time.fromisoformat(text if len(text) == 5 else f"0{text}")
    except ValueError:
        raise InvalidInputError(f"Giờ «{text}» không hợp lệ (ví dụ 08:30).", field) from None
