"""Working days for the public notice window: Monday to Friday, less the Labour Code's
holidays and the year's listed Tết and Giỗ Tổ days (dated data, marked U)."""

from __future__ import annotations

from datetime import date

from events.rules import add_working_days, days_off, is_working_day, notice_rule, recusal_rule


def test_a_week_without_holidays() -> None:
    assert add_working_days(date(2025, 10, 1), 5) == date(2025, 10, 8)  # Wed → next Wed
    assert add_working_days(date(2025, 10, 4), 1) == date(2025, 10, 6)  # Sat → Mon


def test_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2025, 9, 2)) and not is_working_day(date(2025, 9, 1))
    # Tết Bính Ngọ 2026: Thursday 12/2 + 3 → Friday 13/2, then 23/2 and 24/2.
    assert add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    # 30/4 and 1/5 of a year not in the table still count as holidays (fixed dates).
    assert not is_working_day(date(2030, 4, 30)) and days_off(2030).confidence == "U"


def test_the_rules_carry_their_source_and_confidence() -> None:
    notice = notice_rule(date(2025, 10, 1))
    assert (notice.days, notice.required, notice.confidence) == (5, False, "U")
    recusal = recusal_rule(date(2025, 10, 1))
    assert recusal.mode == "excluded" and recusal.confidence == "U" and recusal.source
