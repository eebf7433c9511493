"""The OpenAPI patterns and limits say what the domain accepts: a value a field's pattern
admits is one the domain reads (and the other way round where the domain is the judge of
the shape), so that a schema-valid request is never a 400."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from events.campaign import PLAN_SECTIONS, PLAN_TEXTS, THRESHOLD_KEYS
from events.errors import InvalidInputError
from events.periods import parse_period
from events.text import clean_code, clean_text
from events.values import EARLIEST, LATEST
from services.demo import DEMO_USERS
from services.usecases.signatures import signature_of
from services.web.api.campaigns import PlanIn, ThresholdsIn
from services.web.api.common import AUTHORITY
from services.web.api.fields import (
    CODE_PATTERN,
    DATES,
    END,
    MOMENT_PATTERN,
    PAST_AWARDS_FROM,
    PERIOD,
    SCORING_PERIOD,
    USERNAME,
    Day,
    PointsIn,
    TextRule,
)
from services.web.errors import translate

# Text a user may paste: letters, marks, spaces of every kind, controls, surrogates.
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12) | st.sampled_from(
    ["", " ", "\t", "a\n", "\n", "  x  ", "\u3000", "\x85", "x\x00", "x\x7f", "x\x9f",
     "a\u200bb", "\ud800", "Đ", "e\u0301"])


def _accepts(function, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
    try:
        function(*args, **kwargs)
    except InvalidInputError:
        return False
    return True


@pytest.mark.parametrize("multiline", [False, True])
@pytest.mark.parametrize("required", [False, True])
@settings(max_examples=300, derandomize=True, deadline=None)
@given(text=TEXT)
def test_a_text_the_pattern_admits_is_one_clean_text_accepts(text: str, multiline: bool,
                                                             required: bool) -> None:
    rule = TextRule(multiline=multiline, required=required)
    admitted = _accepts_rule(rule, text)
    assert admitted == _accepts(clean_text, text, "x", required=required,
                                multiline=multiline, max_length=10_000), repr(text)
    if not any("\ud800" <= c <= "\udfff" for c in text):
        # The documented pattern alone (lone surrogates are no Unicode text: refused apart).
        assert bool(rule.regex.match(text)) == admitted, repr(text)


def _accepts_rule(rule: TextRule, text: str) -> bool:
    try:
        rule(text)
    except ValidationError:
        return False
    return True


@settings(max_examples=300, derandomize=True, deadline=None)
@given(text=TEXT | st.from_regex(CODE_PATTERN.replace(END, r"\Z"), fullmatch=True))
def test_a_code_the_pattern_admits_is_one_clean_code_accepts(text: str) -> None:
    if re.match(CODE_PATTERN, text):
        assert _accepts(clean_code, text, "code"), repr(text)
    elif text == text.strip() and len(text) <= 40 and "\x00" not in text:
        assert not _accepts(clean_code, text, "code"), repr(text)


@pytest.mark.parametrize("earliest", [EARLIEST, PAST_AWARDS_FROM])
def test_the_date_patterns_admit_exactly_the_days_of_the_range(earliest: date) -> None:
    pattern = re.compile(f"^{DATES[earliest]}{END}")
    day = date(1900, 1, 1)
    while day <= date(2200, 12, 31):
        assert bool(pattern.match(day.isoformat())) == (earliest <= day <= LATEST), day
        day += timedelta(days=1)
    for wrong in ("2021-02-29", "2100-02-29", "2000-13-01", "2000-04-31", "2000-1-01",
                  "2000-01-01\n", "２０２０-01-01"):
        assert not pattern.match(wrong), wrong


def test_a_day_out_of_the_range_is_refused_naming_it() -> None:
    field = Day()
    with pytest.raises(ValidationError) as info:
        field.deserialize("1999-12-31")
    assert translate(info.value.messages[0], "start") == (
        "Ngày 31/12/1999 ở trường «start» nằm ngoài khoảng 01/01/2000–31/12/2100.")
    assert field.deserialize("2000-02-29") == date(2000, 2, 29)


@pytest.mark.parametrize("text", [
    "2020-06-30", "2020-06-30T17:00", "2020-06-30 17:00:05", "2020-06-30T17:00:05.123456",
    "2020-06-30T17:00Z", "2020-06-30T17:00:00+07:00", "2100-12-31T23:59-23:59"])
def test_a_moment_the_pattern_admits_reads_as_a_date_time(text: str) -> None:
    assert re.match(MOMENT_PATTERN, text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo:
        moment.astimezone()  # no overflow at the ends of the range


@settings(max_examples=300, derandomize=True, deadline=None)
@given(text=st.from_regex(PERIOD.replace(END, r"\Z"), fullmatch=True))
def test_a_period_the_pattern_admits_parses_or_is_a_missing_week(text: str) -> None:
    try:
        parse_period(text)
    except InvalidInputError:
        assert text.endswith("-W53"), text  # only some years have a week 53: the domain's
    assert bool(re.match(SCORING_PERIOD, text)) == bool(re.search(r"-(W\d\d|\d\d)$", text))


@pytest.mark.parametrize(("authority", "accepted"), [
    ("", True), ("TM. Ban Thường vụ", True), ("KT.  Chủ tịch", True), ("TUQ. Giám đốc", True),
    ("TM.", False), ("TM. ", False), ("Thay mặt Ban", False), ("tm. Ban", False),
    ("TM. Ban\nThường vụ", False)])
def test_the_authority_pattern_is_what_a_signature_takes(authority: str, accepted: bool) -> None:
    assert bool(re.match(AUTHORITY, authority)) == accepted
    deputy = authority.startswith("KT.")  # KT. signs over a deputy's title
    signer = {"name": "Nguyễn Thị Thiện", "position": "Phó Chủ tịch" if deputy else "Chủ tịch",
              "authority": authority}
    assert _accepts(signature_of, signer) == accepted


def test_points_are_numbers_from_0_to_100000_with_two_decimals() -> None:
    from decimal import Decimal

    field = PointsIn()
    assert field.deserialize(Decimal("27.25")) == Decimal("27.25")
    assert field.deserialize(100_000) == 100_000
    assert field.deserialize("27,5") == Decimal("27.5")  # as a form writes it
    assert field.deserialize("100000.00") == Decimal(100_000)
    for wrong in (Decimal("27.255"), -1, 100_001, "100001", "27,555", "+27", "2.7e1", True,
                  None, Decimal("NaN")):
        with pytest.raises(ValidationError):
            field.deserialize(wrong)
    positive = PointsIn(exclusive_minimum=True, maximum=100)
    for wrong in (0, "0", "0,00", Decimal("100.01"), "100,5"):
        with pytest.raises(ValidationError):
            positive.deserialize(wrong)
    assert positive.deserialize("0,01") == Decimal("0.01")


@settings(max_examples=200, derandomize=True, deadline=None)
@given(data=st.data())
def test_points_text_the_pattern_admits_is_what_parse_points_reads(data: st.DataObject) -> None:
    from events.values import parse_points

    field = PointsIn(exclusive_minimum=data.draw(st.booleans()))
    text = data.draw(st.from_regex(field.text.pattern.replace(END, r"\Z"), fullmatch=True))
    points = parse_points(text, "x")
    assert 0 <= points <= 100_000 and (points > 0 or not field.exclusive_minimum), text


def test_schemas_name_every_key_the_domain_reads() -> None:
    assert tuple(ThresholdsIn().fields) == THRESHOLD_KEYS
    assert set(PlanIn().fields) == {*PLAN_TEXTS, *PLAN_SECTIONS, "signer"}
    assert all(re.fullmatch(USERNAME, user["username"]) for user in DEMO_USERS)
