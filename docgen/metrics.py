"""Estimate how wide a line of Times New Roman text is, to size the rules under headings.

Nghị định 30/2020/NĐ-CP asks for a rule under the issuing agency and under the trích yếu
from 1/3 to 1/2 as long as the line above it, and one under the Tiêu ngữ exactly as long as
the text. Word draws no such thing by itself, so the renderer sizes the rules from these
estimates and the checker verifies them the same way.

The advance widths (thousandths of an em) are those of Liberation Serif 2, which is
metric-compatible with Times New Roman, for the printable ASCII characters. A Vietnamese
letter is as wide as its base letter, except the horned ơ/ư which are listed separately.
"""

from __future__ import annotations

import unicodedata

TWIPS_PER_POINT = 20
TWIPS_PER_MM = 1440 / 25.4

REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667,
    722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722,
    722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500,
    500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500,
    444, 480, 200, 480, 541,
)
REGULAR_EXTRA = {
    "Ơ": 722, "ơ": 529, "Ư": 776, "ư": 542, "“": 444, "”": 444, "‘": 333, "’": 333,
    "–": 500, "—": 1000, "…": 1000,
}
BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722,
    722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722,
    722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500,
    556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500,
    444, 394, 220, 394, 520,
)
BOLD_EXTRA = {
    "Ơ": 778, "ơ": 554, "Ư": 796, "ư": 600, "“": 500, "”": 500, "‘": 333, "’": 333,
    "–": 500, "—": 1000, "…": 1000,
}
# Anything unknown (CJK, symbols) counts as a wide letter.
FALLBACK = 722


def _char_width(char: str, bold: bool) -> int:
    table, extra = (BOLD, BOLD_EXTRA) if bold else (REGULAR, REGULAR_EXTRA)
    if char in extra:
        return extra[char]
    if char in ("Đ", "đ"):
        char = "D" if char == "Đ" else "d"
    else:
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        # Keep the horn (U+031B) of ơ/ư, which makes the letter wider.
        if "\u031b" in decomposed:
            horned = unicodedata.normalize("NFC", base + "\u031b")
            return extra.get(horned, FALLBACK)
        char = base
    code = ord(char)
    if 32 <= code < 127:
        return table[code - 32]
    return FALLBACK


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Estimate the width in points of ``text`` on one line at ``size_pt``."""
    units = sum(_char_width(char, bold) for char in unicodedata.normalize("NFC", text))
    return units * size_pt / 1000


def text_width_twips(text: str, size_pt: float, bold: bool = False) -> int:
    """Estimate the width in twips (1/20 pt) of ``text`` on one line."""
    return round(text_width_pt(text, size_pt, bold) * TWIPS_PER_POINT)
