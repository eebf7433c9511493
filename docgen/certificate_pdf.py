"""Certificates printed onto pre-printed blanks, and the calibration sheet for a blank.

ReportLab's canvas puts each text at an absolute position (what a blank needs: no flow, no
margins), measures it with the font's own widths so that a long name shrinks to its box,
and embeds a subset of the TrueType font, so the PDF prints the same on any printer.

The font is Liberation Serif, metric-compatible with Times New Roman (what offices print
official papers in). Version 1 of the Debian package (``fonts-liberation`` 1.07) has no
Vietnamese letters with two marks (ễ, ậ, ở …); version 2 (``fonts-liberation2``, or
``fonts-liberation`` from Debian 13 on) has them. The files are found at run time
(``THIDUA_FONT_DIR`` first) and a font without Vietnamese is refused with what to install.

A layout as this module takes it: ``page_width``, ``page_height`` in millimetres and
``fields``: name → box ``{x, y, width, font_size, style, align, lines}`` with ``x`` the
left edge and ``y`` the line the first line of text sits on, in millimetres from the
page's top-left corner (``events/certificate.py`` checks them).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),
             Path("/usr/share/fonts/truetype/liberation"))
FONT_FILES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
              "italic": "LiberationSerif-Italic.ttf",
              "bold_italic": "LiberationSerif-BoldItalic.ttf"}
FONT_NAMES = {"regular": "LiberationSerif", "bold": "LiberationSerif-Bold",
              "italic": "LiberationSerif-Italic", "bold_italic": "LiberationSerif-BoldItalic"}
# Letters a font must have to print Vietnamese names.
VIETNAMESE = "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớ" \
             "ỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
MIN_FONT_SIZE = 4.0
LINE_SPACING = 1.25  # as events/certificate.py LINE_SPACING


class FontMissingError(RuntimeError):
    """Liberation Serif with Vietnamese letters is not installed on this server."""


def _candidates() -> list[Path]:
    given = os.environ.get("THIDUA_FONT_DIR")
    return [*([Path(given)] if given else []), *FONT_DIRS]


def font_files(dirs: Iterable[Path] | None = None) -> dict[str, Path]:
    """The four Liberation Serif files of the first folder that has them all with
    Vietnamese letters; ``FontMissingError`` saying what was looked at otherwise."""
    searched = list(dirs) if dirs is not None else _candidates()
    lacking: list[str] = []
    for folder in searched:
        files = {style: folder / name for style, name in FONT_FILES.items()}
        if not all(path.is_file() for path in files.values()):
            continue
        missing = [ch for ch in VIETNAMESE
                   if ord(ch) not in TTFont("probe", str(files["regular"])).face.charToGlyph]
        if missing:
            lacking.append(f"{folder} (thiếu chữ {''.join(missing[:5])}…)")
            continue
        return files
    where = "; ".join(lacking) or ", ".join(str(d) for d in searched)
    raise FontMissingError(
        "Không tìm thấy phông Liberation Serif có đủ chữ tiếng Việt để in bằng khen, giấy "
        f"khen (đã tìm: {where}). Cài gói Debian fonts-liberation2 hoặc đặt THIDUA_FONT_DIR "
        "tới thư mục chứa LiberationSerif-Regular.ttf, -Bold, -Italic, -BoldItalic (bản 2.x).")


@lru_cache(maxsize=1)
def register_fonts() -> dict[str, Path]:
    """Register the four faces with ReportLab once per process."""
    files = font_files()
    for style, path in files.items():
        pdfmetrics.registerFont(TTFont(FONT_NAMES[style], str(path)))
    return files


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def text_width(text: str, style: str, size: float) -> float:
    """The width of ``text`` in points."""
    return pdfmetrics.stringWidth(text, FONT_NAMES[style], size)


def _wrap(text: str, style: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, style, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current or not lines else lines


@lru_cache(maxsize=4096)  # the decision, date and signer recur on every page
def fit_text(text: str, style: str, size: float, width: float,
             max_lines: int) -> tuple[float, tuple[str, ...]]:
    """The font size (at most ``size``) and lines that fit ``text`` into ``width`` points on
    at most ``max_lines`` lines (a line break in the text starts a new line)."""
    register_fonts()
    parts = [" ".join(p.split()) for p in nfc(text).split("\n")]
    if max_lines == 1 or len(parts) > max_lines:
        parts = [" ".join(p for p in parts if p)]
    current = size
    while True:
        lines = [line for part in parts
                 for line in (_wrap(part, style, current, width) if max_lines > 1 else [part])]
        widest = max((text_width(line, style, current) for line in lines), default=0.0)
        if len(lines) <= max_lines and widest <= width:
            return current, tuple(lines)
        if len(lines) <= max_lines:  # too wide only: the exact size that fits
            return current * width / widest, tuple(lines)
        if current <= MIN_FONT_SIZE:
            kept = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
            widest = max(text_width(line, style, current) for line in kept)
            return min(current, current * width / widest), tuple(kept)
        current = max(MIN_FONT_SIZE, current * 0.94)


def _canvas(out: BytesIO, layout: Mapping[str, Any], title: str) -> Canvas:
    register_fonts()
    # Binary streams: ASCII85 (the default) only made the file larger, and without the
    # optional C accelerator encoding it took half the time of 1,000 pages.
    rl_config.useA85 = 0
    canvas = Canvas(out, pagesize=(layout["page_width"] * mm, layout["page_height"] * mm),
                    invariant=1, pageCompression=1, initialFontName=FONT_NAMES["regular"],
                    initialFontSize=12)
    canvas.setTitle(nfc(title))
    canvas.setAuthor("thidua")
    return canvas


def draw_box(canvas: Canvas, box: Mapping[str, Any], text: str, page_height: float) -> None:
    """``text`` in its box: shrunk to fit, wrapped up to the box's lines, aligned."""
    width = float(box["width"]) * mm
    size, lines = fit_text(text, box["style"], float(box["font_size"]), width,
                           int(box["lines"]))
    canvas.setFont(FONT_NAMES[box["style"]], size)
    left = float(box["x"]) * mm
    baseline = (page_height - float(box["y"])) * mm
    for index, line in enumerate(lines):
        y = baseline - index * size * LINE_SPACING
        if box["align"] == "left":
            canvas.drawString(left, y, line)
        elif box["align"] == "right":
            canvas.drawRightString(left + width, y, line)
        else:
            canvas.drawCentredString(left + width / 2, y, line)


def certificates_pdf(layout: Mapping[str, Any], pages: Iterable[Mapping[str, str]],
                     title: str) -> bytes:
    """One page per item of ``pages`` (field name → text; an empty text prints nothing)."""
    out = BytesIO()
    canvas = _canvas(out, layout, title)
    for texts in pages:
        for name, box in layout["fields"].items():
            text = texts.get(name) or ""
            if text.strip():
                draw_box(canvas, box, text, layout["page_height"])
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _grid(canvas: Canvas, width: float, height: float) -> None:
    """Lines every millimetre, stronger every 5 and 10, numbered every 10 from the
    top-left corner."""
    for step, grey, weight in ((1, 0.85, 0.1), (5, 0.6, 0.25), (10, 0.25, 0.5)):
        canvas.setStrokeGray(grey)
        canvas.setLineWidth(weight)
        for x in range(0, int(width) + 1, step):
            canvas.line(x * mm, 0, x * mm, height * mm)
        for y in range(0, int(height) + 1, step):
            canvas.line(0, (height - y) * mm, width * mm, (height - y) * mm)
    canvas.setFillGray(0.1)
    canvas.setFont(FONT_NAMES["regular"], 6)
    for x in range(10, int(width), 10):
        canvas.drawCentredString(x * mm, (height - 3.5) * mm, str(x))
        canvas.drawCentredString(x * mm, 1.5 * mm, str(x))
    for y in range(10, int(height), 10):
        canvas.drawString(1 * mm, (height - y) * mm + 1, str(y))
        canvas.drawRightString((width - 1) * mm, (height - y) * mm + 1, str(y))


def calibration_pdf(layout: Mapping[str, Any], title: str, labels: Mapping[str, str]) -> bytes:
    """A millimetre grid of the layout's page with each box drawn and named: printed on
    plain paper and laid over a blank against the light, it shows where each text lands."""
    out = BytesIO()
    canvas = _canvas(out, layout, f"Tờ căn chỉnh: {title}")
    width, height = float(layout["page_width"]), float(layout["page_height"])
    _grid(canvas, width, height)
    canvas.setStrokeColorRGB(0.8, 0.1, 0.1)
    canvas.setFillColorRGB(0.8, 0.1, 0.1)
    for name, box in layout["fields"].items():
        size = float(box["font_size"]) * 25.4 / 72
        x, y, w = float(box["x"]), float(box["y"]), float(box["width"])
        depth = (int(box["lines"]) - 1) * size * LINE_SPACING
        canvas.setLineWidth(0.6)
        canvas.rect(x * mm, (height - y - depth - 0.25 * size) * mm, w * mm,
                    (0.95 * size + depth + 0.25 * size) * mm)
        canvas.setDash(2, 2)
        canvas.line(x * mm, (height - y) * mm, (x + w) * mm, (height - y) * mm)
        canvas.setDash()
        label = nfc(f"{labels.get(name, name)} (x {x:g}, y {y:g})")
        canvas.setFillGray(1)
        canvas.rect((x + 0.5) * mm, (height - y) * mm + 1.5,
                    text_width(label, "italic", 7) + 2, 8, stroke=0, fill=1)
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.setFont(FONT_NAMES["italic"], 7)
        canvas.drawString((x + 0.8) * mm, (height - y) * mm + 2, label)
    canvas.setFillGray(1)
    canvas.rect((width / 2 - 80) * mm, (height - 23.5) * mm, 160 * mm, 16 * mm, stroke=0,
                fill=1)
    canvas.setFillGray(0)
    canvas.setStrokeGray(0)
    canvas.setFont(FONT_NAMES["bold"], 10)
    canvas.drawCentredString(width / 2 * mm, (height - 12) * mm, nfc(f"Tờ căn chỉnh: {title}"))
    canvas.setFont(FONT_NAMES["regular"], 8)
    canvas.drawCentredString(
        width / 2 * mm, (height - 17) * mm,
        nfc("In ở tỉ lệ 100% (Actual size), đặt lên phôi trước nguồn sáng: đường gạch là dòng "
            "chữ nằm trên; đoạn dưới đây dài đúng 100 mm."))
    canvas.setLineWidth(0.8)
    start = (width - 100) / 2
    canvas.line(start * mm, (height - 21) * mm, (start + 100) * mm, (height - 21) * mm)
    for tick in (0, 50, 100):
        canvas.line((start + tick) * mm, (height - 22.5) * mm, (start + tick) * mm,
                    (height - 19.5) * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
