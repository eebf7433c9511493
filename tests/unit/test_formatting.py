"""One style for numbers, money, percentages, dates, times and periods (Babel vi_VN)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from services.formatting import (
    day,
    moment,
    money,
    number,
    percent,
    period,
    period_short,
    periods_between,
)


def test_points_use_a_decimal_comma_and_drop_trailing_zeros() -> None:
    assert number(Decimal("82.5")) == "82,5"
    assert number(Decimal("3.0")) == "3"
    assert number(93.5) == "93,5"
    assert number(Decimal("1234.25")) == "1.234,25"
    assert number(None) == ""


def test_money_groups_thousands_with_dots() -> None:
    assert money(Decimal("7590000")) == "7.590.000"


def test_percent_has_two_decimals_and_a_non_breaking_space() -> None:
    assert percent(Decimal(200) / 3) == "66,67\u00a0%"
    assert percent(80) == "80\u00a0%"


def test_dates_and_times_read_one_way_in_vietnam_time() -> None:
    assert day(date(2026, 12, 1)) == "01/12/2026"
    assert moment(datetime(2026, 12, 1, 13, 57, tzinfo=UTC)) == "01/12/2026 20:57"
    assert day(datetime(2026, 12, 1, 20, 57, tzinfo=UTC)) == "02/12/2026"
    assert moment(datetime(2026, 12, 1, 13, 57, 5, tzinfo=UTC), seconds=True) \
        == "01/12/2026 20:57:05"


def test_periods_read_as_people_say_them() -> None:
    assert period("2020-W03") == "Tuần 03 (13/01–19/01/2020)"
    assert period("2020-03") == "Tháng 03/2020"
    assert period("2020-Q1") == "Quý 1/2020"
    assert period("2020-H2") == "6 tháng cuối năm 2020"
    assert period("2020") == "Năm 2020"
    assert period("không phải kỳ") == "không phải kỳ"


def test_a_short_period_keeps_the_week_and_its_iso_year_without_the_days() -> None:
    assert period_short("2026-W49") == "Tuần 49/2026"
    assert period_short("2020-W01") == "Tuần 01/2020"  # begins on 30/12/2019
    assert period_short("2020-03") == "Tháng 03/2020"


def test_a_picker_offers_every_period_of_the_cadence_newest_first() -> None:
    weeks = periods_between("weekly", date(2020, 1, 1), date(2020, 1, 20))
    assert [label for label, _ in weeks] == ["2020-W04", "2020-W03", "2020-W02", "2020-W01"]
    months = periods_between("monthly", date(2019, 11, 15), date(2020, 2, 1),
                             newest_first=False)
    assert months == [("2019-11", "Tháng 11/2019"), ("2019-12", "Tháng 12/2019"),
                      ("2020-01", "Tháng 01/2020"), ("2020-02", "Tháng 02/2020")]
