"""Texts of the official papers: counts, who is listed, periods in words, clerk's lines."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docgen.vietnamese import format_number, month_words
from events.campaign import CLASSIFICATIONS
from events.council import quorum_needed, share_percent
from events.errors import InvalidInputError
from events.periods import WEEKLY, Period, period_of
from events.rules import INDIVIDUAL, TITLE
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


def percent_text(percent: Decimal) -> str:
    """A share as the papers print it, rounded half up to two decimals like the API's
    figure: 88.89 → "88,89 %"."""
    return f"{format_number(Decimal(percent).quantize(Decimal('0.01'), ROUND_HALF_UP))} %"


def quorum_text(present: int, total: int, quorum: dict[str, int]) -> str:
    """"có mặt 8/10 thành viên, đủ điều kiện theo quy định (tối thiểu 2/3)"."""
    needed = quorum_needed(total, quorum["numerator"], quorum["denominator"])
    enough = "đủ" if present >= needed else "không đủ"
    return (f"có mặt {present}/{total} thành viên, {enough} điều kiện theo quy định (tối thiểu "
            f"{quorum['numerator']}/{quorum['denominator']})")


def method_text(secret: bool) -> str:
    return "bỏ phiếu kín" if secret else "biểu quyết công khai"


def award_verb(name: str, kind: str) -> str:
    """What a paper does with an award: "tặng Bằng khen …", "tặng Cờ thi đua …", or for
    another title "công nhận danh hiệu Chiến sĩ thi đua cơ sở"."""
    if kind == TITLE and not name.startswith("Cờ"):
        return f"công nhận danh hiệu {name}"
    return f"tặng {name}"


def capital(text: str) -> str:
    """The first letter in capitals ("tập thể, cá nhân" → "Tập thể, cá nhân")."""
    return text[:1].upper() + text[1:]


def scoring_periods(span: Period, cadence: str) -> list[str]:
    """The scoring periods (weeks or months) of a report's span, by label."""
    labels: list[str] = []
    day = span.start
    while day <= span.end:
        label = period_of(day, cadence).label
        if label not in labels:
            labels.append(label)
        day += timedelta(days=7 if cadence == WEEKLY else 28)
    if period_of(span.end, cadence).label not in labels:
        labels.append(period_of(span.end, cadence).label)
    return labels


def achievement_text(row: dict[str, Any], most: Any, cadence: str) -> str:
    """An exemplar's points as the standings show them: over one scoring period its
    points, over a span the average per period ("bình quân 86,5/100 điểm mỗi tháng, 3
    tháng") — never a sum above the maximum."""
    unit = "tuần" if cadence == WEEKLY else "tháng"
    points = f"{format_number(row['average'])}/{format_number(most)} điểm"
    counted = int(row["periods_counted"])
    text = (f"Đạt {points}" if counted == 1 else
            f"Đạt bình quân {points} mỗi {unit} ({count_text(counted)} {unit})")
    level = CLASSIFICATIONS.get(row.get("classification") or "", "")
    return text + (f", xếp loại {level.lower()}" if level else "") + f"; xếp thứ {row['rank']}."


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


def upgraded(context: dict[str, Any]) -> dict[str, Any]:
    """A context frozen before the templates asked for more, with what they ask now worked
    out from what it holds (the paper reads as it did, with the present layout)."""
    context = {"subjects_header": "Tập thể, cá nhân", **context}
    if "attendance" in context and "attendance_text" not in context:
        seen = context["attendance"]
        context["attendance_text"] = (
            f"Tổng số thành viên Hội đồng: {seen['total']}; có mặt: {seen['present']}; vắng "
            f"mặt: {seen['absent']}" + (f" (có ý kiến bằng văn bản: {seen['written_opinions']})"
                                       if seen["written_opinions"] else ""))
        context["vote_rules"] = []
        context["votes"] = [{"percent": percent_text(share_percent(v["yes"], seen["total"])),
                             **v} for v in context["votes"]]
    if "nominees" in context:
        context["nominees"] = [{"summary": "", **n} for n in context["nominees"]]
    return context
