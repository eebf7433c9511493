"""Normalisation of user-supplied text: NFC, trimmed, inner runs of spaces folded."""

from __future__ import annotations

import re
import unicodedata

from events.errors import InvalidInputError

_SPACES = re.compile(r"\s+")


def clean_text(value: object, field: str, *, required: bool = True, max_length: int = 500) -> str:
    """Return ``value`` as NFC text with spaces folded, or raise naming ``field``."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInputError(f"Trường «{field}» phải là chuỗi ký tự.", field)
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
