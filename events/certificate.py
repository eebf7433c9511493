"""Where the text of a Bằng khen or Giấy khen goes on the organisation's pre-printed blank.

The blanks (phôi bằng khen, giấy khen) come printed with the emblem, the title and the
frame; the office prints only the recipient, the unit, the achievement, the decision, the
place and date and the signer onto them. Each award form of the catalogue has its layout:
the page (size, orientation) and, for every text, a box on it in millimetres from the
page's top-left corner: ``x`` its left edge, ``y`` the line the (first line of) text sits
on — the dotted line of the blank —, ``width`` how wide the text may run (longer text
shrinks to fit), the font size in points, the style, the alignment within the box and how
many lines it may wrap to. A form without a layout of its own prints with the default of
its kind: A4 landscape for a Bằng khen or a title, A4 portrait for a Giấy khen.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import InvalidInputError

# The texts printed, in the order a clerk reads a certificate, with their names on pages.
FIELDS: Mapping[str, str] = {
    "recipient_name": "Tên cá nhân, tập thể được khen thưởng",
    "unit": "Đơn vị",
    "achievement": "Thành tích",
    "decision": "Số và ngày quyết định",
    "place_date": "Địa danh, ngày tháng năm",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ và tên người ký",
}
# Portrait width and height in millimetres (ISO 216).
PAGE_SIZES: Mapping[str, tuple[int, int]] = {"A3": (297, 420), "A4": (210, 297),
                                             "A5": (148, 210)}
ORIENTATIONS: Mapping[str, str] = {"portrait": "khổ dọc", "landscape": "khổ ngang"}
STYLES: Mapping[str, str] = {"regular": "thường", "bold": "đậm", "italic": "nghiêng",
                             "bold_italic": "đậm nghiêng"}
ALIGNS: Mapping[str, str] = {"left": "căn trái", "center": "căn giữa", "right": "căn phải"}
MIN_FONT_SIZE, MAX_FONT_SIZE = 4, 72  # points
MAX_LINES = 3
LINE_SPACING = 1.25  # a wrapped line below the one before: font size × this
POINT_MM = 25.4 / 72
# The part of the font size above the line (capitals, accents) and below it (descenders)
# that must stay on the page.
ASCENT, DESCENT = 0.95, 0.25
BANG_KHEN, GIAY_KHEN = "bang_khen", "giay_khen"


def page_size_mm(page_size: str, orientation: str) -> tuple[float, float]:
    """Width and height of the page as it lies in the printer, in millimetres."""
    width, height = PAGE_SIZES[page_size]
    return (float(height), float(width)) if orientation == "landscape" else (float(width),
                                                                              float(height))


def _box(x: float, y: float, width: float, size: float, style: str = "regular",
         align: str = "center", lines: int = 1) -> dict[str, Any]:
    return {"x": x, "y": y, "width": width, "font_size": size, "style": style,
            "align": align, "lines": lines}


# A4 landscape Bằng khen: the name under the printed title, the achievement below it, the
# place, date and signature at the lower right, the decision at the lower left.
DEFAULT_LAYOUTS: Mapping[str, dict[str, Any]] = {
    BANG_KHEN: {"page_size": "A4", "orientation": "landscape", "fields": {
        "recipient_name": _box(48, 100, 201, 24, "bold"),
        "unit": _box(48, 112, 201, 16, "regular"),
        "achievement": _box(40, 124, 217, 15, "italic", lines=2),
        "decision": _box(25, 190, 115, 12, "regular", "left"),
        "place_date": _box(160, 148, 117, 13, "italic"),
        "signer_title": _box(160, 156, 117, 13, "bold", lines=2),
        "signer_name": _box(160, 192, 117, 14, "bold"),
    }},
    GIAY_KHEN: {"page_size": "A4", "orientation": "portrait", "fields": {
        "recipient_name": _box(20, 140, 170, 20, "bold"),
        "unit": _box(20, 152, 170, 14, "regular"),
        "achievement": _box(20, 164, 170, 13, "italic", lines=2),
        "decision": _box(18, 272, 90, 11, "regular", "left"),
        "place_date": _box(100, 205, 95, 12, "italic"),
        "signer_title": _box(100, 212, 95, 12, "bold", lines=2),
        "signer_name": _box(100, 255, 95, 13, "bold"),
    }},
}


def default_layout(category: str) -> dict[str, Any]:
    """The layout a form of this legal category prints with until one is set."""
    kind = GIAY_KHEN if category == "giay_khen" else BANG_KHEN
    base = DEFAULT_LAYOUTS[kind]
    return {"page_size": base["page_size"], "orientation": base["orientation"],
            "fields": {name: dict(box) for name, box in base["fields"].items()}}


def _number(value: object, field: str) -> float:
    """A finite number from JSON or a form field ("12,5" as in Vietnamese too)."""
    if isinstance(value, bool) or value is None:
        raise InvalidInputError(f"Trường «{field}» phải là một số.", field)
    try:
        number = Decimal(value.strip().replace(",", ".")) if isinstance(value, str) \
            else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInputError(f"Trường «{field}» phải là một số (ví dụ 12,5).",
                                field) from None
    if not number.is_finite():
        raise InvalidInputError(f"Trường «{field}» phải là một số hữu hạn.", field)
    return float(round(number, 1))


def _choice(value: object, options: Mapping[str, str], field: str) -> str:
    if value not in options:
        known = ", ".join(f"«{k}» ({v})" for k, v in options.items())
        raise InvalidInputError(f"Trường «{field}» không hợp lệ «{value}»: dùng {known}.",
                                field)
    return str(value)


def _mm(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def check_box(raw: object, name: str, page: tuple[float, float]) -> dict[str, Any]:
    """One text's box, inside the page; errors name ``fields.<name>.<key>``."""
    at = f"fields.{name}"
    label = FIELDS[name]
    if not isinstance(raw, Mapping):
        raise InvalidInputError(f"Thiếu vị trí của «{label}» (trường «{at}»).", at)
    box = {key: _number(raw.get(key), f"{at}.{key}") for key in ("x", "y", "width",
                                                                 "font_size")}
    for key in ("x", "y"):
        if box[key] < 0:
            raise InvalidInputError(
                f"«{label}»: {key} = {_mm(box[key])} mm là số âm; vị trí tính từ mép trên, "
                f"mép trái của trang.", f"{at}.{key}")
    if box["width"] <= 0:
        raise InvalidInputError(
            f"«{label}»: chiều rộng phải lớn hơn 0 mm (đang là {_mm(box['width'])}).",
            f"{at}.width")
    if not MIN_FONT_SIZE <= box["font_size"] <= MAX_FONT_SIZE:
        raise InvalidInputError(
            f"«{label}»: cỡ chữ phải từ {MIN_FONT_SIZE} đến {MAX_FONT_SIZE} pt (đang là "
            f"{_mm(box['font_size'])}).", f"{at}.font_size")
    lines = raw.get("lines", 1)
    if isinstance(lines, str) and lines.strip().isdigit():
        lines = int(lines)
    if isinstance(lines, bool) or not isinstance(lines, int) or not 1 <= lines <= MAX_LINES:
        raise InvalidInputError(
            f"«{label}»: số dòng phải là số nguyên từ 1 đến {MAX_LINES}.", f"{at}.lines")
    box["style"] = _choice(raw.get("style", "regular"), STYLES, f"{at}.style")
    box["align"] = _choice(raw.get("align", "center"), ALIGNS, f"{at}.align")
    box["lines"] = lines
    width, height = page
    if box["x"] + box["width"] > width:
        raise InvalidInputError(
            f"«{label}» vượt ra ngoài trang: x + chiều rộng = "
            f"{_mm(box['x'] + box['width'])} mm, trang rộng {_mm(width)} mm.",
            f"{at}.width" if box["x"] < width else f"{at}.x")
    size = box["font_size"] * POINT_MM
    top = box["y"] - ASCENT * size
    bottom = box["y"] + (lines - 1) * LINE_SPACING * size + DESCENT * size
    if top < 0 or bottom > height:
        raise InvalidInputError(
            f"«{label}» vượt ra ngoài trang: chữ chiếm từ {_mm(round(top, 1))} đến "
            f"{_mm(round(bottom, 1))} mm tính từ mép trên, trang cao {_mm(height)} mm.",
            f"{at}.y")
    return box


def check_layout(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A whole layout as posted: the page, then every text's box on it."""
    page_size = _choice(raw.get("page_size"), {k: f"{w}×{h} mm" for k, (w, h)
                                               in PAGE_SIZES.items()}, "page_size")
    orientation = _choice(raw.get("orientation"), ORIENTATIONS, "orientation")
    boxes = raw.get("fields")
    if not isinstance(boxes, Mapping):
        raise InvalidInputError("Trường «fields» phải ghi vị trí của từng nội dung in.",
                                "fields")
    unknown = sorted(set(boxes) - set(FIELDS))
    if unknown:
        raise InvalidInputError(
            f"Không có nội dung in «{unknown[0]}» (dùng: {', '.join(FIELDS)}).",
            f"fields.{unknown[0]}")
    page = page_size_mm(page_size, orientation)
    return {"page_size": page_size, "orientation": orientation,
            "fields": {name: check_box(boxes.get(name), name, page) for name in FIELDS}}


class CertificateLayout(Aggregate):
    """The layout of one award form's certificate (by catalogue code)."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.certificate_layout_id(code)

    @event("Set")
    def __init__(self, code: str, layout: dict[str, Any], actor: str) -> None:
        self.code = code
        self.layout = layout
        self.updated_by = actor

    def change(self, layout: dict[str, Any], actor: str) -> bool:
        """Record a new layout; False (nothing recorded) when it is the one held."""
        if layout == self.layout:
            return False
        self._change(layout=layout, actor=actor)
        return True

    @event("Changed")
    def _change(self, layout: dict[str, Any], actor: str) -> None:
        self.layout = layout
        self.updated_by = actor
