"""Our transcoder: the library's JSON form, plus dates, tuples and registered subclasses."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)

from events.errors import InvalidInputError
from events.text import forbidden_character

_NATIVE = frozenset((str, int, float, bool, type(None)))
# In the encoded JSON (ensure_ascii off): an escaped control character other than tab and
# line breaks (an odd run of backslashes before it), or DEL, a C1 control, a lone surrogate.
_UNSAFE = re.compile(r'(?<!\\)(?:\\\\)*\\(?:u00[01][0-9a-fA-F]|[bf])|[\x7f-\x9f\ud800-\udfff]')


def _first_unsafe(obj: Any, path: str = "") -> str | None:
    """The path of the first text in ``obj`` (an event's state) that must not be stored."""
    if type(obj) is str:
        return path if forbidden_character(obj) else None
    if isinstance(obj, dict):
        for key, value in obj.items():
            found = _first_unsafe(value, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    elif isinstance(obj, (list, tuple)):
        for index, value in enumerate(obj):
            found = _first_unsafe(value, f"{path}[{index}]")
            if found is not None:
                return found
    return None


class DateAsISO(Transcoding):
    """Represent ``datetime.date`` values as ``YYYY-MM-DD`` strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        assert isinstance(data, str)
        return date.fromisoformat(data)


class TupleAsList(Transcoding):
    """Keep tuples as tuples across a round trip (plain JSON would make them lists)."""

    type = tuple
    name = "tuple_as_list"

    def encode(self, obj: tuple[Any, ...]) -> list[Any]:
        return list(obj)

    def decode(self, data: list[Any]) -> tuple[Any, ...]:
        assert isinstance(data, list)
        return tuple(data)


class ThiduaTranscoder(JSONTranscoder):
    """JSON transcoder that walks the object first, so that exact types are kept.

    The standard library's encoder writes tuples, and subclasses of ``dict``, ``list``,
    ``str`` and ``int`` as their base types without asking the ``default`` hook. We
    resolve every value by its exact type before encoding, so a registered transcoding
    always wins and an unregistered type is refused rather than silently changed.
    """

    def encode(self, obj: Any) -> bytes:
        text = self.encoder.encode(self._prepare(obj))
        if _UNSAFE.search(text):
            # The last guard: whatever path a value came by, none of these is stored.
            field = _first_unsafe(obj) or "body"
            raise InvalidInputError(
                f"Trường «{field}» chứa ký tự điều khiển không được phép; hãy gõ lại hoặc "
                "dán dạng văn bản thuần.", field)
        return text.encode("utf8")

    def _prepare(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _NATIVE:
            return obj
        # Native values are tested inline: this walk runs for every stored event.
        if kind is dict:
            return {
                key: value if type(value) in _NATIVE else self._prepare(value)
                for key, value in obj.items()
            }
        if kind is list:
            return [value if type(value) in _NATIVE else self._prepare(value) for value in obj]
        transcoding = self.types.get(kind)
        if transcoding is None:
            msg = (
                f"Object of type {kind} is not "
                "serializable. Please define and register "
                "a custom transcoding for this type."
            )
            raise TranscodingNotRegisteredError(msg)
        data = transcoding.encode(obj)
        return {
            "_type_": transcoding.name,
            "_data_": data if type(data) in _NATIVE else self._prepare(data),
        }


def register_standard_transcodings(transcoder: JSONTranscoder) -> None:
    """Register every transcoding the thidua event store needs."""
    for transcoding in (
        UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO(), TupleAsList()
    ):
        transcoder.register(transcoding)


def construct_transcoder() -> ThiduaTranscoder:
    transcoder = ThiduaTranscoder()
    register_standard_transcodings(transcoder)
    return transcoder


__all__ = [
    "DateAsISO", "ThiduaTranscoder", "TupleAsList", "construct_transcoder",
    "register_standard_transcodings",
]
