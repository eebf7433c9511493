"""Normalisation of user-supplied text: NFC, trimmed, inner runs of spaces folded, and
no character that could break what stores, prints or exports the text.

Refused everywhere: NUL and the other C0 control characters, DEL, the C1 controls
(U+0080–U+009F) and lone surrogates. A NUL stops PostgreSQL's text columns (the view
rows of a projection), a control character stops an .xlsx export, a lone surrogate stops
UTF-8. Tab and line breaks are allowed in multi-line fields (a summary, a reason) only;
they are folded into spaces like any other run of white space.
"""

from __future__ import annotations

import re
import unicodedata

from events.errors import InvalidInputError

_SPACES = re.compile(r"\s+")
# Control characters, DEL, C1 controls and lone surrogates: never in stored text.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
LINE_BREAKS = re.compile("[\t\n\r]")


def forbidden_character(text: str, *, multiline: bool = True) -> str | None:
    """The first character of ``text`` that no field may hold (tab and line breaks only
    in multi-line fields), as ``U+000E``; or None."""
    found = FORBIDDEN.search(text) or (None if multiline else LINE_BREAKS.search(text))
    return f"U+{ord(found.group()):04X}" if found else None


def printable(text: str) -> str:
    """``text`` with any character no field may hold shown as U+FFFD: for what was stored
    before these checks, so that an export or a chart still works and shows the spot."""
    return FORBIDDEN.sub("\ufffd", text)


def check_characters(text: str, field: str, *, multiline: bool = False) -> None:
    bad = forbidden_character(text, multiline=multiline)
    if bad is not None:
        raise InvalidInputError(
            f"Trường «{field}» chứa ký tự điều khiển không được phép ({bad}); hãy gõ lại "
            "hoặc dán dạng văn bản thuần.", field)


def clean_text(value: object, field: str, *, required: bool = True, max_length: int = 500,
               multiline: bool = False) -> str:
    """Return ``value`` as NFC text with spaces folded, or raise naming ``field``."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInputError(f"Trường «{field}» phải là chuỗi ký tự.", field)
    check_characters(value, field, multiline=multiline)
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()
    if required and not text:
        raise InvalidInputError(f"Trường «{field}» không được để trống.", field)
    if len(text) > max_length:
        raise InvalidInputError(
            f"Trường «{field}» dài quá {max_length} ký tự.", field
        )
    return text


_CODE = re.compile(r"^[0-9A-Za-zĐđ][0-9A-Za-zĐđ_.\-]{0,39}$")


def clean_code(value: object, field: str) -> str:
    """Return a short identifier code (letters, digits, ``_.-``), NFC, upper case."""
    text = clean_text(value, field, max_length=40)
    if not _CODE.match(text):
        raise InvalidInputError(
            f"Mã «{text}» ở trường «{field}» chỉ được gồm chữ cái không dấu, chữ Đ, chữ số "
            "và các dấu _ . - (tối đa 40 ký tự).",
            field,
        )
    return text.upper()
