"""Page layout of Nghị định 30/2020/NĐ-CP, Phụ lục I, shared by templates, renderer and checker.

Rules (the short lines under the issuing agency, the Tiêu ngữ and the trích yếu) are empty
paragraphs with a bottom border, centred by equal left and right indents. Their length
follows the text line above them: from 1/3 to 1/2 of it under the agency and the trích yếu,
exactly as long as the text under the Tiêu ngữ.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy

from lxml import etree

from docgen.metrics import TWIPS_PER_MM, text_width_twips
from docgen.phrases import REFERENCE_HEADS, break_lines, phrase_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

FONT = "Times New Roman"
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
MARGIN_RANGE_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
HEADER_DISTANCE_MM = 10
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_MM["left"] - MARGIN_MM["right"]
# The header table: the agency on the left, Quốc hiệu and Tiêu ngữ on the right. The right
# column fits "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (≈ 96 mm at 13 pt bold) on one line.
HEADER_LEFT_MM = 65
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM
# The closing table: Nơi nhận on the left, the signature on the right.
CLOSING_LEFT_MM = 75
CLOSING_RIGHT_MM = TEXT_WIDTH_MM - CLOSING_LEFT_MM

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_TITLE_SIZE = 13
MOTTO_SIZE = 14
AGENCY_SIZE = 13
NUMBER_SIZE = 13
BODY_SIZE = 14
RECIPIENTS_HEADING_SIZE = 12
RECIPIENTS_SIZE = 11
FIRST_LINE_INDENT_CM = 1.27
SPACE_AFTER_PT = 6
LINE_SPACING = 1.15

RULE_RATIO = 0.4
RULE_BORDER_SIZE = 6  # eighths of a point


def mm_to_twips(mm: float) -> int:
    """Convert millimetres to twips."""
    return round(mm * TWIPS_PER_MM)


def rule_width(text: str, size_pt: float, bold: bool, container: int, exact: bool) -> int:
    """Return the length in twips of the rule under a line of ``text``.

    ``exact`` gives the text's own width (Tiêu ngữ); otherwise 0.4 of the line, the middle
    of the 1/3–1/2 range. A line longer than its container wraps, so it is as long as the
    container.
    """
    line = min(text_width_twips(text, size_pt, bold), container)
    return min(line if exact else round(line * RULE_RATIO), container)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def paragraph_text(p: etree._Element) -> str:
    """Return the text of a ``w:p`` element."""
    return "".join(p.itertext(_w("t"))) if p is not None else ""


def is_rule(p: etree._Element) -> bool:
    """Tell whether ``p`` is an empty paragraph drawn as a rule (a bottom border)."""
    if paragraph_text(p).strip():
        return False
    bottom = p.find("w:pPr/w:pBdr/w:bottom", NS)
    return bottom is not None and bottom.get(_w("val")) not in (None, "nil", "none")


def cell_width(tc: etree._Element) -> int | None:
    """Return the usable width in twips of a table cell (its width minus cell margins)."""
    tcw = tc.find("w:tcPr/w:tcW", NS)
    if tcw is None or tcw.get(_w("type"), "dxa") != "dxa":
        return None
    width = int(tcw.get(_w("w")))
    tbl = tc.getparent().getparent()
    for side in ("left", "right", "start", "end"):
        margin = tc.find(f"w:tcPr/w:tcMar/w:{side}", NS)
        if margin is None:
            margin = tbl.find(f"w:tblPr/w:tblCellMar/w:{side}", NS)
        if margin is not None and margin.get(_w("type"), "dxa") == "dxa":
            width -= int(margin.get(_w("w"), "0"))
    return width


def run_size_and_bold(p: etree._Element, default_size: float) -> tuple[float, bool]:
    """Return the font size and boldness of the first text run of ``p`` (direct formatting)."""
    for r in p.iterfind("w:r", NS):
        if not "".join(r.itertext(_w("t"))).strip():
            continue
        sz = r.find("w:rPr/w:sz", NS)
        b = r.find("w:rPr/w:b", NS)
        size = int(sz.get(_w("val"))) / 2 if sz is not None else default_size
        bold = b is not None and b.get(_w("val"), "true") not in ("0", "false", "off")
        return size, bold
    return default_size, False


def rules_with_lines(container: etree._Element) -> Iterator[tuple[etree._Element, etree._Element]]:
    """Yield (rule paragraph, text paragraph above it) among the children of ``container``."""
    above = None
    for child in container:
        if child.tag != _w("p"):
            above = None
            continue
        if is_rule(child):
            if above is not None:
                yield child, above
            above = None
        elif paragraph_text(child).strip():
            above = child


def size_rule(rule: etree._Element, line: etree._Element, container: int) -> None:
    """Set the indents of ``rule`` so that it is centred and as long as ``line`` asks."""
    text = paragraph_text(line).strip()
    size, bold = run_size_and_bold(line, BODY_SIZE)
    width = rule_width(text, size, bold, container, exact=text == MOTTO)
    side = max((container - width) // 2, 0)
    ppr = rule.find("w:pPr", NS)
    ind = ppr.find("w:ind", NS)
    if ind is None:
        ind = etree.SubElement(ppr, _w("ind"))
        # Keep schema order: w:ind comes after w:spacing and before w:jc.
        jc = ppr.find("w:jc", NS)
        if jc is not None:
            jc.addprevious(ind)
    for name in ("start", "end", "firstLine", "hanging"):
        ind.attrib.pop(_w(name), None)
    ind.set(_w("left"), str(side))
    ind.set(_w("right"), str(side))


def size_rules(body: etree._Element, text_width: int) -> None:
    """Size every rule in the header table and among the top-level paragraphs of ``body``."""
    for rule, line in rules_with_lines(body):
        size_rule(rule, line, text_width)
    first_table = body.find("w:tbl", NS)
    if first_table is None:
        return
    for tc in first_table.iterfind("w:tr/w:tc", NS):
        width = cell_width(tc)
        if width is None:
            continue
        for rule, line in rules_with_lines(tc):
            size_rule(rule, line, width)


# --- headings broken at phrase boundaries (docgen/phrases.py) ------------------------------

APPENDIX_HEADING = "Phụ lục"
SMALLEST_AGENCY_SIZE = 12  # NĐ 30: the agency's name is set in 12-13 pt


def set_lines(p: etree._Element, lines: list[str], size: float | None = None) -> None:
    """Set the text of ``p`` as ``lines`` separated by line breaks, in the formatting of its
    first text run (in ``size`` points when given). Each line but the last keeps a
    trailing space, so that the text read back is the text as written."""
    if len(lines) <= 1 and size is None:
        return
    first = next((r for r in p.iterfind("w:r", NS) if "".join(r.itertext(_w("t"))).strip()),
                 None)
    rpr = deepcopy(first.find("w:rPr", NS)) if first is not None else None
    for child in list(p):
        if child.tag != _w("pPr"):
            p.remove(child)
    run = etree.SubElement(p, _w("r"))
    if rpr is not None:
        if size is not None:
            for tag in ("sz", "szCs"):
                found = rpr.find(f"w:{tag}", NS)
                if found is not None:
                    found.set(_w("val"), str(round(size * 2)))
        run.append(rpr)
    for index, line in enumerate(lines):
        if index:
            etree.SubElement(run, _w("br"))
        text = etree.SubElement(run, _w("t"))
        text.text = line if index == len(lines) - 1 else f"{line} "
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _agency_lines(p: etree._Element, width: int) -> tuple[list[str], float | None]:
    """The lines of an agency's name, at 13 pt or, when only that keeps every phrase
    whole, at 12 pt (the size to set, or None to keep it)."""
    text = paragraph_text(p)
    size, bold = run_size_and_bold(p, AGENCY_SIZE)
    best: tuple[list[str], float | None] | None = None
    for candidate in sorted({size, min(size, SMALLEST_AGENCY_SIZE)}, reverse=True):
        lines = phrase_lines(text, width, candidate, bold, name=True)
        if lines is not None and (best is None or len(lines) < len(best[0])):
            best = lines, (None if candidate == size else candidate)
    return best or (break_lines(text, width, size, bold, name=True), None)


def break_agency(body: etree._Element) -> None:
    """Set the names at the top left (cơ quan chủ quản, cơ quan ban hành) in lines that
    break between phrases only ("HỘI ĐỒNG / THI ĐUA - KHEN THƯỞNG")."""
    table = body.find("w:tbl", NS)
    tc = table.find("w:tr/w:tc", NS) if table is not None else None
    width = cell_width(tc) if tc is not None else None
    if width is None:
        return
    for p in list(tc.iterfind("w:p", NS)):
        if is_rule(p):
            break
        if paragraph_text(p).strip():
            set_lines(p, *_agency_lines(p, width))


def _heading_lines(p: etree._Element, width: int,
                   heads: tuple[tuple[str, ...], ...] | None = None) -> list[str]:
    size, bold = run_size_and_bold(p, BODY_SIZE)
    return break_lines(paragraph_text(p), width, size, bold, name=False, heads=heads)


def break_titles(body: etree._Element, text_width: int) -> None:
    """Set the trích yếu (above the first rule of the body), the appendix's title (after
    "Phụ lục") and its reference "(Kèm theo … của …)" in lines that break between phrases
    only."""
    above = None
    for child in list(body):
        if child.tag != _w("p"):
            above = None if child.tag == _w("tbl") else above
            continue
        if is_rule(child):
            if above is not None:
                set_lines(above, _heading_lines(above, text_width))
            break
        if paragraph_text(child).strip():
            above = child
    children = list(body)
    for index, child in enumerate(children):
        if child.tag == _w("p") and paragraph_text(child).strip() == APPENDIX_HEADING:
            title, reference = ([c for c in children[index + 1:] if c.tag == _w("p")
                                 and paragraph_text(c).strip()] + [None, None])[:2]
            if title is not None:
                set_lines(title, _heading_lines(title, text_width))
            if reference is not None and paragraph_text(reference).strip().startswith("("):
                set_lines(reference, _heading_lines(reference, text_width, REFERENCE_HEADS))
            break
