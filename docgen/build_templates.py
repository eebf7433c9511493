"""Build the .docx templates of templates_docx/ with python-docx.

Run ``python -m docgen.build_templates`` to (re)write them, ``--check`` to compare only.

Each template is an A4 document laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I asks, with
Jinja2 tags for docxtpl. Paragraph tags (``{%p ... %}``) and row tags (``{%tr ... %}``) sit in
paragraphs and rows of their own, which docxtpl removes when rendering. The build is
deterministic: running it twice gives byte-identical files, so the committed templates can
be checked against this script.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen import layout
from docgen.package import normalize_package

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates_docx"
# Fixed, so that building twice gives the same bytes (core.xml is written in UTC).
BUILT_AT = datetime(2025, 1, 1)

ALIGN = {
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
).split()
RULE_MARK_HALF_POINTS = 6
SPACER_HALF_POINTS = 12
# Room to sign and seal. With the position lines, the name and a last article of three
# lines, the block kept together stays under a quarter of the page (≈ 165 of 728 pt), so
# no page is left more than a quarter empty when it moves to the next.
SIGNING_LINES = 3
# The Biên bản's left column: the secretary's signature and, under it, the Nơi nhận.
MINUTES_LEFT_MM = 95
KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"><Application>thidua docgen</Application><DocSecurity>0</DocSecurity>'
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


# --- low-level helpers -------------------------------------------------------------------


def _sort_children(parent: etree._Element, order: Sequence[str]) -> None:
    """Reorder the children of ``parent`` as the schema sequence ``order`` asks."""
    rank = {qn(f"w:{name}"): index for index, name in enumerate(order)}
    children = list(parent)
    children.sort(key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        parent.append(child)


def _set(parent: etree._Element, tag: str, order: Sequence[str], **attrs: str) -> etree._Element:
    """Replace the child ``tag`` of ``parent`` with one carrying ``attrs``; keep schema order."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = OxmlElement(tag)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    parent.append(child)
    _sort_children(parent, order)
    return child


def _border_element(tag: str, sides: Sequence[str], val: str) -> etree._Element:
    borders = OxmlElement(tag)
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), val)
        if val != "nil":
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    return borders


# --- paragraphs --------------------------------------------------------------------------


def format_paragraph(
    p: Paragraph,
    align: str = "both",
    *,
    first_line: bool = False,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    keep_next: bool = False,
    page_break_before: bool = False,
    widow_control: bool = True,
) -> Paragraph:
    """Set alignment, first-line indent, spacing and pagination of ``p`` (without widow
    control a paragraph kept with the next may leave a single line behind)."""
    pf = p.paragraph_format
    pf.alignment = ALIGN[align]
    if first_line:
        pf.first_line_indent = Cm(layout.FIRST_LINE_INDENT_CM)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if keep_next:
        pf.keep_with_next = True
    if page_break_before:
        pf.page_break_before = True
    if not widow_control:
        pf.widow_control = False
    return p


def add_run(
    p: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False
) -> None:
    """Append a run with explicit size and emphasis (the font comes from the defaults)."""
    run = p.add_run(text)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


Runs = Sequence[tuple[str, dict[str, bool]]]


def add_paragraph(
    container: DocumentObject | _Cell,
    text: str | Runs = "",
    size: float = layout.BODY_SIZE,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "both",
    first_line: bool = False,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    keep_next: bool = False,
    page_break_before: bool = False,
    widow_control: bool = True,
) -> Paragraph:
    """Append a formatted paragraph of one run (``text``) or of several (``Runs``)."""
    p = container.add_paragraph()
    format_paragraph(
        p,
        align,
        first_line=first_line,
        before=before,
        after=after,
        line=line,
        keep_next=keep_next,
        page_break_before=page_break_before,
        widow_control=widow_control,
    )
    runs: Runs = [(text, {})] if isinstance(text, str) else text
    for run_text, emphasis in runs:
        if run_text:
            add_run(
                p,
                run_text,
                size,
                bold=emphasis.get("bold", bold),
                italic=emphasis.get("italic", italic),
            )
    return p


def body(doc: DocumentObject | _Cell, text: str | Runs, **kwargs: object) -> Paragraph:
    """Append a body paragraph: 14 pt, justified, 1,27 cm first-line indent, 6 pt after."""
    options: dict = {"align": "both", "first_line": True, "after": layout.SPACE_AFTER_PT,
                     "line": layout.LINE_SPACING}
    options.update(kwargs)
    return add_paragraph(doc, text, layout.BODY_SIZE, **options)


def tag(container: DocumentObject | _Cell, jinja: str) -> Paragraph:
    """Append a paragraph that holds only a docxtpl paragraph tag (removed on rendering)."""
    p = container.add_paragraph()
    p.add_run(jinja)
    return p


def rule(container: DocumentObject | _Cell, width_twips: int, container_twips: int) -> None:
    """Append a rule: an empty centred paragraph, 3 pt high, with a bottom border."""
    p = container.add_paragraph()
    format_paragraph(p, "center")
    ppr = p._p.get_or_add_pPr()
    border = _border_element("w:pBdr", ["bottom"], "single")
    border[0].set(qn("w:sz"), str(layout.RULE_BORDER_SIZE))
    border[0].set(qn("w:space"), "1")
    ppr.append(border)
    side = max((container_twips - width_twips) // 2, 0)
    _set(ppr, "w:ind", PPR_ORDER, left=str(side), right=str(side))
    mark = OxmlElement("w:rPr")
    for tag_name in ("w:sz", "w:szCs"):
        size = OxmlElement(tag_name)
        size.set(qn("w:val"), str(RULE_MARK_HALF_POINTS))
        mark.append(size)
    ppr.append(mark)
    _sort_children(ppr, PPR_ORDER)


def first_cell_paragraph(cell: _Cell) -> Paragraph:
    """Return the empty paragraph every new cell starts with."""
    return cell.paragraphs[0]


def remove_first_empty_paragraph(cell: _Cell) -> None:
    """Drop the empty paragraph a new cell starts with, once other paragraphs were added."""
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)


# --- tables ------------------------------------------------------------------------------


def layout_table(table: Table, widths_mm: Sequence[float], *, borders: bool) -> None:
    """Give ``table`` fixed column widths, no indent, and either grid lines or none."""
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    total = sum(layout.mm_to_twips(width) for width in widths_mm)
    _set(tbl_pr, "w:tblW", TBLPR_ORDER, w=str(total), type="dxa")
    _set(tbl_pr, "w:tblInd", TBLPR_ORDER, w="0", type="dxa")
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    sides = ["top", "left", "bottom", "right", "insideH", "insideV"]
    tbl_pr.append(_border_element("w:tblBorders", sides, "single" if borders else "nil"))
    _set(tbl_pr, "w:tblLayout", TBLPR_ORDER, type="fixed")
    margins = OxmlElement("w:tblCellMar")
    side_margin = "57" if borders else "0"  # 1 mm inside ruled tables
    for side, value in (("left", side_margin), ("right", side_margin)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), value)
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    tbl_pr.append(margins)
    _sort_children(tbl_pr, TBLPR_ORDER)
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)


def cell_text(
    cell: _Cell, text: str, size: float, *, bold: bool = False, align: str = "left"
) -> Paragraph:
    """Write one paragraph of text into an empty table cell."""
    p = first_cell_paragraph(cell)
    format_paragraph(p, align, before=2, after=2)
    if text:
        add_run(p, text, size, bold=bold)
    return p


def data_table(
    doc: DocumentObject,
    headers: Sequence[str],
    cells: Sequence[str],
    widths_mm: Sequence[float],
    loop: str,
    size: float = 13,
    aligns: Sequence[str] | None = None,
) -> Table:
    """Append a ruled table: a bold header row and one row repeated by ``{%tr for ... %}``."""
    aligns = aligns or ["center"] + ["left"] * (len(headers) - 1)
    table = doc.add_table(rows=4, cols=len(headers))
    layout_table(table, widths_mm, borders=True)
    for index, header in enumerate(headers):
        # Kept with the first row: a header row alone at the foot of a page makes
        # LibreOffice drop the rows that follow it.
        cell_text(table.cell(0, index), header, size, bold=True, align="center").\
            paragraph_format.keep_with_next = True
    cell_text(table.cell(1, 0), f"{{%tr for {loop} %}}", size)
    for index, text in enumerate(cells):
        cell_text(table.cell(2, index), text, size, align=aligns[index])
    cell_text(table.cell(3, 0), "{%tr endfor %}", size)
    # The header row repeats on every page; no row is split across two pages.
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
    return table


def total_row(
    table: Table, label: str, value: str, span: int, size: float = 13, align: str = "center"
) -> None:
    """Append a row: ``label`` across the first ``span`` columns, then ``value``."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    merged = row.cells[0].merge(row.cells[span - 1]) if span > 1 else row.cells[0]
    cell_text(merged, label, size, bold=True, align="center")
    cell_text(row.cells[span], value, size, bold=True, align=align)


# --- the document ------------------------------------------------------------------------


def new_document(title: str) -> DocumentObject:
    """Start an A4 document: Times New Roman 14 black, NĐ 30 margins, page numbers."""
    doc = Document()
    _trim_package(doc)
    _set_defaults(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(layout.PAGE_WIDTH_MM)
    section.page_height = Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin = Mm(layout.MARGIN_MM["top"])
    section.bottom_margin = Mm(layout.MARGIN_MM["bottom"])
    section.left_margin = Mm(layout.MARGIN_MM["left"])
    section.right_margin = Mm(layout.MARGIN_MM["right"])
    section.header_distance = Mm(layout.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(layout.HEADER_DISTANCE_MM)
    section.gutter = 0
    section.different_first_page_header_footer = True
    _page_number_header(section)
    props = doc.core_properties
    props.title = title
    props.subject = "Văn bản theo Nghị định 30/2020/NĐ-CP"
    props.author = "thidua"
    props.comments = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = BUILT_AT
    props.modified = BUILT_AT
    body_el = doc.element.body
    for p in body_el.findall(qn("w:p")):
        body_el.remove(p)
    return doc


def _trim_package(doc: DocumentObject) -> None:
    """Drop what the python-docx default carries and a template does not need."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]
    unwanted = ("/stylesWithEffects", "/customXml", "/webSettings", "/numbering")
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(unwanted):
            del doc.part.rels[rid]
    for rel in package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_XML
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme"):
            theme = rel.target_part.blob.decode("utf-8")
            theme = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*',
                           r"\1" + layout.FONT, theme)
            rel.target_part._blob = theme.encode("utf-8")
    settings = doc.settings.element
    for name in ("w:rsids", "w:proofState"):
        for old in settings.findall(qn(name)):
            settings.remove(old)
    for lang in settings.findall(qn("w:themeFontLang")):
        lang.set(qn("w:val"), "vi-VN")


def _set_defaults(doc: DocumentObject) -> None:
    """Times New Roman 14 pt black, Vietnamese, single spacing, as document defaults."""
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)
        else:
            for rpr in style.findall(qn("w:rPr")):
                style.remove(rpr)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    defaults = styles.find(qn("w:docDefaults"))
    styles.remove(defaults)
    font = layout.FONT
    defaults = etree.fromstring(
        f'<w:docDefaults xmlns:w="{layout.W}"><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        '<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/>'
        '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    styles.insert(0, defaults)


def _page_number_header(section) -> None:
    """Put a centred PAGE field in the header; leave the first page's header empty."""
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _drop_style(p)
    format_paragraph(p, "center")
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = p.add_run()
        run.font.size = Pt(layout.BODY_SIZE)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind == "text":
            run.text = "2"
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
    first = section.first_page_header
    first.is_linked_to_previous = False
    _drop_style(first.paragraphs[0])


def _drop_style(p: Paragraph) -> None:
    ppr = p._p.pPr
    if ppr is not None:
        for style in ppr.findall(qn("w:pStyle")):
            ppr.remove(style)


def header_table(doc: DocumentObject, *, date_line: bool = True) -> None:
    """Append the two-column header: agency and "Số" left; Quốc hiệu, Tiêu ngữ, date right."""
    table = doc.add_table(rows=2, cols=2)
    layout_table(table, [layout.HEADER_LEFT_MM, layout.HEADER_RIGHT_MM], borders=False)
    left_twips = layout.mm_to_twips(layout.HEADER_LEFT_MM)
    right_twips = layout.mm_to_twips(layout.HEADER_RIGHT_MM)

    agency = table.cell(0, 0)
    tag(agency, "{%p if parent_agency %}")
    add_paragraph(agency, "{{ parent_agency|upper }}", layout.AGENCY_SIZE, align="center")
    tag(agency, "{%p endif %}")
    add_paragraph(agency, "{{ issuer|upper }}", layout.AGENCY_SIZE, bold=True, align="center")
    rule(agency, round(left_twips * layout.RULE_RATIO), left_twips)
    remove_first_empty_paragraph(agency)

    nation = table.cell(0, 1)
    add_paragraph(nation, layout.NATIONAL_TITLE, layout.NATIONAL_TITLE_SIZE, bold=True,
                  align="center")
    add_paragraph(nation, layout.MOTTO, layout.MOTTO_SIZE, bold=True, align="center")
    motto_width = layout.rule_width(layout.MOTTO, layout.MOTTO_SIZE, True, right_twips, True)
    rule(nation, motto_width, right_twips)
    remove_first_empty_paragraph(nation)

    number = first_cell_paragraph(table.cell(1, 0))
    format_paragraph(number, "center", before=6)
    add_run(number, "Số: {{ number }}", layout.NUMBER_SIZE)
    place = first_cell_paragraph(table.cell(1, 1))
    format_paragraph(place, "center", before=6)
    if date_line:
        add_run(place, "{{ place }}, {{ issued_on|date_words }}", layout.BODY_SIZE, italic=True)


def type_and_title(doc: DocumentObject, type_name: str) -> None:
    """Append the type name (bold caps) and the trích yếu (bold) with a short rule under it."""
    add_paragraph(doc, type_name, layout.BODY_SIZE, bold=True, align="center", before=18,
                  keep_next=True)
    add_paragraph(doc, "{{ title }}", layout.BODY_SIZE, bold=True, align="center",
                  keep_next=True)
    text_twips = layout.mm_to_twips(layout.TEXT_WIDTH_MM)
    rule(doc, round(text_twips * layout.RULE_RATIO / 2), text_twips)
    add_paragraph(doc, "", layout.BODY_SIZE, align="center", after=6)


def basis(doc: DocumentObject, variable: str = "basis") -> None:
    """Append the căn cứ lines: italic, each ending ";" and the last one ".".

    The lines are given without final punctuation; the template adds it.
    """
    tag(doc, f"{{%p for line in {variable} %}}")
    body(doc, "{{ line|clause }}{{ '.' if loop.last else ';' }}", italic=True)
    tag(doc, "{%p endfor %}")


def blocks(doc: DocumentObject, variable: str, *, keep_next: bool = False,
           widow_control: bool = True) -> None:
    """Append a list of body paragraphs.

    Each item is a string, or a dict with "text" and an optional "style" ("bold",
    "italic") or a bold lead-in "label" ("Tập thể:" followed by the text). ``keep_next``
    keeps the paragraphs on the page of what follows (the closing words with the signature).
    """
    kept = {"keep_next": keep_next, "widow_control": widow_control}
    tag(doc, f"{{%p for b in {variable} %}}")
    tag(doc, "{%p if b is string %}")
    body(doc, "{{ b }}", **kept)
    tag(doc, "{%p elif 'label' in b %}")
    body(doc, [("{{ b.label }}", {"bold": True}), (" {{ b.text }}", {})], **kept)
    tag(doc, "{%p elif b.get('style') == 'bold' %}")
    body(doc, "{{ b.text }}", bold=True, **kept)
    tag(doc, "{%p elif b.get('style') == 'italic' %}")
    body(doc, "{{ b.text }}", italic=True, **kept)
    tag(doc, "{%p else %}")
    body(doc, "{{ b.text }}", **kept)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def closing_words(doc: DocumentObject, variable: str = "closing") -> None:
    """Append the closing paragraphs; only the last is kept with the signature block, so
    that what must move to the next page with the signature is as short as it can be and
    no page is left a quarter empty before it."""
    blocks(doc, f"{variable}[:-1]")
    blocks(doc, f"{variable}[-1:]", keep_next=True, widow_control=False)


def spacer(doc: DocumentObject) -> None:
    """Append a small empty paragraph (a 6 pt mark) kept with the signature table below."""
    p = add_paragraph(doc, "", layout.BODY_SIZE, keep_next=True)
    ppr = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    for tag_name in ("w:sz", "w:szCs"):
        size = OxmlElement(tag_name)
        size.set(qn("w:val"), str(SPACER_HALF_POINTS))
        mark.append(size)
    ppr.append(mark)
    _sort_children(ppr, PPR_ORDER)


def heading(doc: DocumentObject, text: str) -> None:
    """Append a section heading of the body ("I. MỤC ĐÍCH, YÊU CẦU"): bold, kept with next."""
    body(doc, text, bold=True, keep_next=True)


def recipients_cell(cell: _Cell) -> None:
    """Fill a cell with "Nơi nhận:" (12 bold italic) and its list (11), ending "- Lưu: …"."""
    add_paragraph(cell, "Nơi nhận:", layout.RECIPIENTS_HEADING_SIZE, bold=True, italic=True,
                  align="left")
    tag(cell, "{%p for r in recipients %}")
    add_paragraph(cell, "- {{ r|clause }};", layout.RECIPIENTS_SIZE, align="left")
    tag(cell, "{%p endfor %}")
    add_paragraph(cell, "- Lưu: {{ archive|clause }}.", layout.RECIPIENTS_SIZE, align="left")
    remove_first_empty_paragraph(cell)


def signature_cell(cell: _Cell, name: str, title: str | None = None) -> None:
    """Fill a cell with a signature block: bold caps lines, room to sign, the bold name.

    Without a fixed ``title`` the lines come from ``signature.lines`` (see
    ``vietnamese.signature_block``).
    """
    if title is None:
        tag(cell, "{%p for line in signature.lines %}")
        add_paragraph(cell, "{{ line }}", layout.BODY_SIZE, bold=True, align="center")
        tag(cell, "{%p endfor %}")
    else:
        add_paragraph(cell, title, layout.BODY_SIZE, bold=True, align="center")
    for _ in range(SIGNING_LINES):
        add_paragraph(cell, "", layout.BODY_SIZE, align="center")
    add_paragraph(cell, name, layout.BODY_SIZE, bold=True, align="center")
    remove_first_empty_paragraph(cell)


def closing_table(doc: DocumentObject) -> None:
    """Append Nơi nhận (left) level with the signature block (right)."""
    spacer(doc)
    table = doc.add_table(rows=1, cols=2)
    layout_table(table, [layout.CLOSING_LEFT_MM, layout.CLOSING_RIGHT_MM], borders=False)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients_cell(table.cell(0, 0))
    signature_cell(table.cell(0, 1), "{{ signature.name }}")


# --- the templates -----------------------------------------------------------------------


def ke_hoach() -> DocumentObject:
    """Kế hoạch phát động phong trào thi đua (shape of seed 004, Kế hoạch 117/KH-LĐLĐ)."""
    doc = new_document("Kế hoạch")
    header_table(doc)
    type_and_title(doc, "KẾ HOẠCH")
    basis(doc)
    blocks(doc, "intro")
    heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    blocks(doc, "purpose")
    heading(doc, "II. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA")
    blocks(doc, "scope")
    heading(doc, "III. TIÊU CHUẨN THI ĐUA")
    blocks(doc, "criteria_intro")
    tag(doc, "{%p for group in criteria %}")
    body(doc, "{{ group.subject }}", bold=True, keep_next=True)
    table = data_table(
        doc,
        ["STT", "Tiêu chí", "Điểm tối đa"],
        ["{{ loop.index }}", "{{ c.name }}", "{{ c.max_points }}"],
        [15, 120, 30],
        "c in group.rows",
        aligns=["center", "left", "center"],
    )
    total_row(table, "Tổng số điểm", "{{ group.rows|sum(attribute='max_points') }}", 2)
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    tag(doc, "{%p endfor %}")
    heading(doc, "IV. HÌNH THỨC VÀ SỐ LƯỢNG KHEN THƯỞNG")
    blocks(doc, "award_forms")
    # No quotas, no table: a header row over nothing was printed.
    tag(doc, "{%p if quotas %}")
    data_table(
        doc,
        ["STT", "Hình thức khen thưởng", "Đối tượng", "Số lượng tối đa", "Trong đó dành riêng"],
        [
            "{{ loop.index }}",
            "{{ q.award }}",
            "{{ q.subject }}",
            "{{ q.max }}",
            "{% for r in q.reserved %}{{ r.max }} cho {{ r.sector }}"
            "{% if not loop.last %}; {% endif %}{% else %}Không{% endfor %}",
        ],
        [12, 50, 25, 25, 53],
        "q in quotas",
        aligns=["center", "left", "left", "center", "left"],
    )
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    tag(doc, "{%p endif %}")
    blocks(doc, "quota_notes")
    heading(doc, "V. TỔ CHỨC THỰC HIỆN")
    blocks(doc, "implementation")
    closing_words(doc)
    closing_table(doc)
    return doc


def quyet_dinh_khen_thuong() -> DocumentObject:
    """Quyết định khen thưởng with its appendix: the list of awardees and prize money."""
    doc = new_document("Quyết định khen thưởng")
    header_table(doc)
    type_and_title(doc, "QUYẾT ĐỊNH")
    add_paragraph(doc, "{{ authority|upper }}", layout.BODY_SIZE, bold=True, align="center",
                  after=12, keep_next=True)
    basis(doc)
    add_paragraph(doc, "QUYẾT ĐỊNH:", layout.BODY_SIZE, bold=True, align="center", before=6,
                  after=12, keep_next=True)
    tag(doc, "{%p set total = awardees|sum(attribute='amount') %}")
    body(doc, [("Điều 1.", {"bold": True}), (" {{ award_text|clause }}.", {})])
    body(doc, [
        ("Điều 2.", {"bold": True}),
        (" Tiền thưởng kèm theo thực hiện theo {{ money_basis|clause }}. Tổng số tiền thưởng là "
         "{{ total|money }} đồng (Bằng chữ: {{ total|amount_words }}), chi từ "
         "{{ fund_source|clause }}.", {}),
    ])
    body(doc, [("Điều 3.", {"bold": True}), (" {{ enforcement_text|clause }}./.", {})],
         keep_next=True, widow_control=False)
    closing_table(doc)

    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    sect_pr = appendix._sectPr
    _set(sect_pr, "w:pgNumType", SECTPR_ORDER, start="1")
    add_paragraph(doc, "Phụ lục", layout.BODY_SIZE, bold=True, align="center", keep_next=True)
    add_paragraph(doc, "{{ appendix_title|upper }}", layout.BODY_SIZE, bold=True,
                  align="center", keep_next=True)
    add_paragraph(
        doc,
        "(Kèm theo Quyết định số {{ number }} {{ issued_on|date_words }} của "
        "{{ appendix_issuer }})",
        layout.BODY_SIZE,
        italic=True,
        align="center",
        keep_next=True,
    )
    text_twips = layout.mm_to_twips(layout.TEXT_WIDTH_MM)
    rule(doc, round(text_twips * layout.RULE_RATIO / 2), text_twips)
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    table = data_table(
        doc,
        ["STT", "{{ subjects_header }}", "Đơn vị", "Hình thức khen thưởng", "Số tiền (đồng)"],
        ["{{ loop.index }}", "{{ a.name }}", "{{ a.unit }}", "{{ a.award }}",
         "{{ a.amount|money }}"],
        [12, 45, 50, 33, 25],
        "a in awardees",
        size=12,
        aligns=["center", "left", "left", "left", "right"],
    )
    total_row(table, "Tổng cộng", "{{ total|money }}", 4, size=12, align="right")
    add_paragraph(doc, "Tổng số tiền thưởng (bằng chữ): {{ total|amount_words }}./.",
                  layout.BODY_SIZE, italic=True, align="left", before=6)
    return doc


def to_trinh() -> DocumentObject:
    """Tờ trình đề nghị khen thưởng, with the list of nominees."""
    doc = new_document("Tờ trình")
    header_table(doc)
    type_and_title(doc, "TỜ TRÌNH")
    add_paragraph(doc, "Kính gửi: {{ addressee|clause }}.", layout.BODY_SIZE, align="center",
                  after=12)
    basis(doc)
    blocks(doc, "intro")
    data_table(
        doc,
        ["STT", "{{ subjects_header }}", "Đơn vị", "Hình thức đề nghị", "Tóm tắt thành tích"],
        ["{{ loop.index }}", "{{ n.name }}", "{{ n.unit }}", "{{ n.award }}", "{{ n.summary }}"],
        [11, 36, 34, 36, 48],
        "n in nominees",
        size=12,
        aligns=["center", "left", "left", "left", "left"],
    )
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    closing_words(doc)
    closing_table(doc)
    return doc


def bien_ban_hop_hoi_dong() -> DocumentObject:
    """Biên bản họp Hội đồng Thi đua - Khen thưởng: attendance, votes, result, signatures."""
    doc = new_document("Biên bản họp Hội đồng Thi đua - Khen thưởng")
    header_table(doc, date_line=False)
    type_and_title(doc, "BIÊN BẢN")
    body(doc, [("Thời gian:", {"bold": True}),
               (" Vào hồi {{ meeting.start|time_words }}, {{ meeting.start|date_words }}.", {})])
    body(doc, [("Địa điểm:", {"bold": True}), (" {{ meeting.place|clause }}.", {})])
    body(doc, [("Chủ trì:", {"bold": True}),
               (" {{ chair.name }}, {{ chair.position|clause }}.", {})])
    body(doc, [("Thư ký:", {"bold": True}),
               (" {{ secretary.name }}, {{ secretary.position|clause }}.", {})])
    body(doc, [("Thành phần:", {"bold": True}), (" {{ attendance_text|clause }}.", {})])
    blocks(doc, "attendees")
    body(doc, "Nội dung:", bold=True, keep_next=True)
    blocks(doc, "content")
    body(doc, "Hình thức biểu quyết và tỷ lệ phiếu áp dụng:", bold=True, keep_next=True)
    blocks(doc, "vote_rules")
    body(doc, "Kết quả {{ vote_method }} (tỷ lệ tính trên tổng số {{ attendance.total }} "
              "thành viên Hội đồng):", bold=True, keep_next=True)
    data_table(
        doc,
        ["STT", "Tập thể, cá nhân được đề nghị", "Hình thức đề nghị", "Đồng ý",
         "Không đồng ý", "Tỷ lệ đồng ý", "Kết quả"],
        ["{{ loop.index }}", "{{ v.name }}", "{{ v.award }}", "{{ v.yes }}", "{{ v.no }}",
         "{{ v.percent }}", "{{ v.result }}"],
        [12, 42, 30, 16, 18, 20, 27],
        "v in votes",
        size=12,
        aligns=["center", "left", "left", "center", "center", "center", "center"],
    )
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    body(doc, "Kết luận:", bold=True, keep_next=True)
    blocks(doc, "conclusion")
    body(doc, "Biên bản đã được đọc lại cho các thành viên dự họp nghe và nhất trí thông qua.")
    # NĐ 30's Biên bản ends "Cuộc họp kết thúc vào … giờ …/.": one line kept with the
    # signatures, so that what moves to a new page with them stays under a quarter page.
    body(doc, "Cuộc họp kết thúc vào hồi {{ meeting.end|time_words }} cùng ngày./.",
         keep_next=True, widow_control=False)
    spacer(doc)
    table = doc.add_table(rows=1, cols=2)
    # The left column holds the Nơi nhận too: wide enough for "- Lãnh đạo <unit>;" on a line.
    layout_table(table, [MINUTES_LEFT_MM, layout.TEXT_WIDTH_MM - MINUTES_LEFT_MM],
                 borders=False)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    signature_cell(table.cell(0, 0), "{{ secretary.name }}", "THƯ KÝ")
    signature_cell(table.cell(0, 1), "{{ chair.name }}", "CHỦ TRÌ")
    # Nơi nhận under the secretary's signature, at the left as NĐ 30's Biên bản has it, in
    # the same row that may not split: it never lands alone on the next page (LibreOffice
    # let a table kept "with next" go on without the paragraphs after it).
    left = table.cell(0, 0)
    add_paragraph(left, "Nơi nhận:", layout.RECIPIENTS_HEADING_SIZE, bold=True, italic=True,
                  align="left", before=12)
    tag(left, "{%p for r in recipients %}")
    add_paragraph(left, "- {{ r|clause }};", layout.RECIPIENTS_SIZE, align="left")
    tag(left, "{%p endfor %}")
    add_paragraph(left, "- Lưu: {{ archive|clause }}.", layout.RECIPIENTS_SIZE, align="left")
    return doc


def bao_cao_dien_hinh() -> DocumentObject:
    """Monthly report listing exemplars (điển hình tiên tiến), as seed 000 asks of units."""
    doc = new_document("Báo cáo điển hình tiên tiến")
    header_table(doc)
    type_and_title(doc, "BÁO CÁO")
    basis(doc)
    blocks(doc, "intro")
    data_table(
        doc,
        ["STT", "{{ subjects_header }}", "Đơn vị", "Thành tích tiêu biểu"],
        ["{{ loop.index }}", "{{ e.name }}", "{{ e.unit }}", "{{ e.achievement }}"],
        [12, 40, 45, 68],
        "e in exemplars",
        size=12,
        aligns=["center", "left", "left", "left"],
    )
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    blocks(doc, "proposals")
    closing_words(doc)
    closing_table(doc)
    return doc


def bao_cao_tong_ket() -> DocumentObject:
    """Báo cáo tổng kết công tác thi đua, khen thưởng of a year (NĐ 30 Phụ lục III, BC):
    the figures from the store in tables, the narrative sections as the clerk wrote them."""
    doc = new_document("Báo cáo tổng kết công tác thi đua, khen thưởng")
    header_table(doc)
    type_and_title(doc, "BÁO CÁO")
    blocks(doc, "intro")
    heading(doc, "I. ĐẶC ĐIỂM TÌNH HÌNH")
    blocks(doc, "situation")
    heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA")
    blocks(doc, "campaign_results")
    data_table(
        doc,
        ["STT", "Phong trào thi đua", "Kế hoạch", "Tập thể đăng ký", "Cá nhân đăng ký"],
        ["{{ loop.index }}", "{{ c.movement }}", "{{ c.number }}", "{{ c.collectives }}",
         "{{ c.individuals }}"],
        [12, 70, 35, 24, 24],
        "c in campaigns",
        size=12,
        aligns=["center", "both", "center", "center", "center"],
    )
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    blocks(doc, "leaders_intro")
    data_table(
        doc,
        ["STT", "Tập thể, cá nhân dẫn đầu", "Đơn vị", "Phong trào", "Điểm", "Xếp loại"],
        ["{{ loop.index }}", "{{ e.name }}", "{{ e.unit }}", "{{ e.campaign }}",
         "{{ e.score }}", "{{ e.classification }}"],
        [11, 40, 38, 36, 16, 24],
        "e in leaders",
        size=12,
        aligns=["center", "left", "left", "left", "center", "center"],
    )
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    blocks(doc, "emulation")
    heading(doc, "III. CÔNG TÁC KHEN THƯỞNG")
    blocks(doc, "award_results")
    table = data_table(
        doc,
        ["STT", "Quyết định", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
        ["{{ loop.index }}", "{{ d.number }}", "{{ d.award }}", "{{ d.collectives }}",
         "{{ d.individuals }}"],
        [12, 45, 70, 19, 19],
        "d in decisions",
        size=12,
        aligns=["center", "left", "left", "center", "center"],
    )
    total_row(table, "Tổng cộng", "{{ totals.collectives }}", 3, size=12)
    cell_text(table.rows[-1].cells[4], "{{ totals.individuals }}", 12, bold=True,
              align="center")
    add_paragraph(doc, "", layout.BODY_SIZE, after=6)
    blocks(doc, "commendation")
    heading(doc, "IV. ĐÁNH GIÁ CHUNG")
    blocks(doc, "assessment")
    heading(doc, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}")
    blocks(doc, "directions")
    closing_words(doc)
    closing_table(doc)
    return doc


TEMPLATES: dict[str, Callable[[], DocumentObject]] = {
    "ke_hoach": ke_hoach,
    "quyet_dinh_khen_thuong": quyet_dinh_khen_thuong,
    "to_trinh": to_trinh,
    "bien_ban_hop_hoi_dong": bien_ban_hop_hoi_dong,
    "bao_cao_dien_hinh": bao_cao_dien_hinh,
    "bao_cao_tong_ket": bao_cao_tong_ket,
}


def build(name: str) -> bytes:
    """Build the template ``name`` and return its normalised .docx bytes."""
    doc = TEMPLATES[name]()
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_package(buffer.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    """Write every template (or the named ones) to templates_docx/; --check compares only."""
    parser = argparse.ArgumentParser(description="Build the .docx templates of templates_docx/.")
    parser.add_argument("names", nargs="*",
                        help=f"templates to build (default: all of {', '.join(TEMPLATES)})")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a committed template differs from what the script builds")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(TEMPLATES))
    if unknown:
        parser.error(f"unknown templates: {', '.join(unknown)}")
    stale = []
    for name in args.names or TEMPLATES:
        path = TEMPLATES_DIR / f"{name}.docx"
        data = build(name)
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
            continue
        TEMPLATES_DIR.mkdir(exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(TEMPLATES_DIR.parent)}")
    for name in stale:
        print(f"out of date: templates_docx/{name}.docx (run python -m docgen.build_templates)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
