"""Our transcoder passes eventsourcing's own TranscoderTestCase, plus date/Decimal round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Transcoder, Transcoding
from eventsourcing.tests import persistence as library_tests
from eventsourcing.tests.persistence import (
    CustomType1AsDict,
    CustomType2AsDict,
    Mydict,
    MyInt,
    MyList,
    MyStr,
)

from services.transcoding import DateAsISO, ThiduaTranscoder, construct_transcoder


class MydictAsDict(Transcoding):
    type = Mydict
    name = "mydict"

    def encode(self, obj: Mydict[Any, Any]) -> dict[Any, Any]:
        return dict(obj)

    def decode(self, data: dict[Any, Any]) -> Mydict[Any, Any]:
        return Mydict(data)


class MyListAsList(Transcoding):
    type = MyList
    name = "mylist"

    def encode(self, obj: MyList[Any]) -> list[Any]:
        return list(obj)

    def decode(self, data: list[Any]) -> MyList[Any]:
        return MyList(data)


class MyStrAsStr(Transcoding):
    type = MyStr
    name = "mystr"

    def encode(self, obj: MyStr) -> str:
        return str(obj)

    def decode(self, data: str) -> MyStr:
        return MyStr(data)


class MyIntAsInt(Transcoding):
    type = MyInt
    name = "myint"

    def encode(self, obj: MyInt) -> int:
        return int(obj)

    def decode(self, data: int) -> MyInt:
        return MyInt(data)


class TestThiduaTranscoder(library_tests.TranscoderTestCase):
    """The library's suite, every test of it, on the transcoder the store uses."""

    def construct_transcoder(self) -> Transcoder:
        transcoder = construct_transcoder()
        for transcoding in (CustomType1AsDict(), CustomType2AsDict(), MydictAsDict(),
                            MyListAsList(), MyStrAsStr(), MyIntAsInt()):
            transcoder.register(transcoding)
        return transcoder


@pytest.fixture
def transcoder() -> ThiduaTranscoder:
    return construct_transcoder()


def test_date_is_registered_and_round_trips(transcoder: ThiduaTranscoder) -> None:
    data = transcoder.encode(date(2020, 2, 10))
    assert data == b'{"_type_":"date_iso","_data_":"2020-02-10"}'
    assert transcoder.decode(data) == date(2020, 2, 10)


def test_datetime_keeps_its_own_type_and_is_not_taken_for_a_date(
    transcoder: ThiduaTranscoder,
) -> None:
    moment = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    copy = transcoder.decode(transcoder.encode(moment))
    assert type(copy) is datetime and copy == moment


@pytest.mark.parametrize(
    "value",
    [
        {"deadline": date(2020, 2, 10), "prize": Decimal("760000")},
        [date(2019, 9, 13), [Decimal("8.5"), {"max": Decimal("30")}]],
        {"tracks": [{"criteria": [{"max_points": Decimal("12.25")}],
                     "period": (date(2025, 1, 1), date(2025, 3, 31))}]},
        {"nested": {"deeper": {"money": Decimal("2530000.00"), "days": [date(2024, 7, 1)]}}},
        {"id": UUID("b2723fe2c01a40d2875ea3aac6a09ff5"), "empty": [], "none": None},
    ],
)
def test_dates_and_decimals_nested_in_dicts_and_lists_round_trip(
    transcoder: ThiduaTranscoder, value: Any
) -> None:
    copy = transcoder.decode(transcoder.encode(value))
    assert copy == value
    assert repr(copy) == repr(value)  # exact types and Decimal precision kept


def test_decimal_precision_is_kept_exactly(transcoder: ThiduaTranscoder) -> None:
    for text in ["0.10", "2530000.00", "1E+6", "-0.01"]:
        copy = transcoder.decode(transcoder.encode(Decimal(text)))
        assert str(copy) == text


def test_unregistered_type_is_refused_not_changed(transcoder: ThiduaTranscoder) -> None:
    with pytest.raises(TypeError, match="set"):
        transcoder.encode({"a": {1, 2}})


def test_date_transcoding_name_is_stable() -> None:
    # Stored events name their transcoding; renaming it would orphan them.
    assert DateAsISO.name == "date_iso"
