"""Break a heading into lines at phrase boundaries, as a văn thư sets it by hand.

A word processor wraps a long line wherever the next syllable does not fit: "HỘI ĐỒNG THI
ĐUA - KHEN / THƯỞNG", "… Liên đoàn Lao động tỉnh Lai / Châu cho tập thể …". Vietnamese words
are often two syllables, so such a break cuts a word. The issuing agency's name (top left)
and the trích yếu are therefore broken here, with line breaks, only before
the word that opens a phrase: a unit ("TỈNH LAI CHÂU", "NGÀNH GIÁO DỤC", "THI ĐUA - KHEN
THƯỞNG") in a name, a preposition ("cho", "trong", "của") or a quotation in a sentence.

Among the ways to group phrases into lines that fit, the fewest lines win, then the most
even ones (the widest line as short as possible). Widths are estimated with the metrics of
``docgen/metrics.py`` and kept within ``FILL`` of the line, so that LibreOffice and Word,
whose measures differ a little, never wrap a line again.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from docgen.metrics import text_width_twips

FILL = 0.98
MAX_PIECES = 14  # 2^13 groupings at most

# Words that open a phrase of an agency's name (in capitals), longest first where one
# begins another; a compound such as "ỦY BAN" or "LIÊN ĐOÀN" is read whole, so "BAN" or
# "ĐOÀN" inside it opens nothing.
NAME_HEADS = tuple(h.split() for h in (
    "TỔNG LIÊN ĐOÀN", "LIÊN ĐOÀN", "CÔNG ĐOÀN", "ỦY BAN", "UỶ BAN", "HỘI ĐỒNG", "BAN",
    "THI ĐUA", "TỈNH", "HUYỆN", "THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "QUẬN", "XÃ", "PHƯỜNG",
    "NGÀNH", "SỞ", "BỘ", "CỤC", "CHI CỤC", "VỤ", "VIỆN", "TRƯỜNG", "BỆNH VIỆN", "TRUNG TÂM",
    "CÔNG TY", "VĂN PHÒNG", "CƠ QUAN", "PHÒNG", "VIỆT NAM", "ĐẠI HỌC", "TẬP ĐOÀN",
))
# Words that open a phrase of a sentence (the trích yếu), in lower case.
SENTENCE_HEADS = tuple(h.split() for h in (
    "cho", "có thành tích", "trong", "của", "về", "tại", "theo", "đối với", "giai đoạn",
    "năm học", "năm", "được",
))
# The appendix's reference "(Kèm theo Quyết định số … ngày … của …)" breaks before "của"
# only: the number and the date stay whole.
REFERENCE_HEADS = (("của",),)
_QUOTED = re.compile(r"“[^”]*”[^\s]*")


def _phrases(text: str, heads: Sequence[Sequence[str]], *, fold: bool) -> list[str]:
    """``text`` cut before every head word (a quotation stays whole)."""
    tokens: list[str] = []
    for part in re.split(r"(“[^”]*”\S*)", text):
        if _QUOTED.fullmatch(part):
            tokens.append(part)
        else:
            tokens.extend(part.split())
    phrases: list[list[str]] = []
    i = 0
    while i < len(tokens):
        head = next((h for h in heads
                     if [t.casefold() if fold else t for t in tokens[i:i + len(h)]] == list(h)),
                    None)
        opens = head is not None or tokens[i].startswith("“")
        if opens or not phrases:
            phrases.append([])
        taken = len(head) if head else 1
        phrases[-1].extend(tokens[i:i + taken])
        i += taken
    return [" ".join(p) for p in phrases]


def _best(pieces: list[str], width: int, size: float, bold: bool) -> list[str] | None:
    """The fewest, most even lines of ``pieces`` that fit ``width``; None if none fit."""
    if len(pieces) > MAX_PIECES:
        return None
    best: tuple[int, int] | None = None
    chosen: list[str] | None = None
    for cuts in itertools.product((False, True), repeat=len(pieces) - 1):
        lines, current = [], [pieces[0]]
        for piece, cut in zip(pieces[1:], cuts, strict=True):
            if cut:
                lines.append(" ".join(current))
                current = [piece]
            else:
                current.append(piece)
        lines.append(" ".join(current))
        widest = max(text_width_twips(line, size, bold) for line in lines)
        if widest > width * FILL:
            continue
        score = (len(lines), widest)
        if best is None or score < best:
            best, chosen = score, lines
    return chosen


def phrase_lines(text: str, width: int, size: float, bold: bool, *, name: bool,
                 heads: Sequence[Sequence[str]] | None = None) -> list[str] | None:
    """``text`` as the lines it should be set in within ``width`` twips: one line when it
    fits, else broken before phrases (opened by ``heads``, by default those of a name or a
    sentence); None when a phrase itself is too long."""
    text = " ".join(text.split())
    if not text or text_width_twips(text, size, bold) <= width * FILL:
        return [text]
    heads = heads or (NAME_HEADS if name else SENTENCE_HEADS)
    return _best(_phrases(text, heads, fold=not name), width, size, bold)


def break_lines(text: str, width: int, size: float, bold: bool, *, name: bool,
                heads: Sequence[Sequence[str]] | None = None) -> list[str]:
    """As ``phrase_lines``; a phrase too long for a line is broken before a word."""
    return (phrase_lines(text, width, size, bold, name=name, heads=heads)
            or _best(text.split(), width, size, bold) or [" ".join(text.split())])
