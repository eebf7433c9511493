"""Check a .docx against the format of Nghị định 30/2020/NĐ-CP, Phụ lục I (see LEGAL.md).

``check_docx(path_or_bytes)`` reads the document back with python-docx and returns one
``Violation`` per broken rule and place, in document order. ``RULES`` lists every rule id
with what it asks and where that comes from (Phụ lục I, the mẫu of Phụ lục III, Điều 13 on
signing, or our own convention); ``python -m docgen.checker --rules`` prints it.

The checker reads the parts in order (header table, type name and trích yếu, body, closing,
appendix), checking each as it goes, and records them in ``Parts``; the rules that look at a
part as a whole or across parts are one function each (``PAGE_RULES``, ``PART_RULES``).

A Biên bản has no place-and-date line in its header and signs with two blocks
(thư ký, chủ trì), its Nơi nhận under the secretary's signature in the same row; the checker
knows these exceptions from the type name.
Rule lengths are compared with an estimate of the text width (docgen.metrics), with a margin.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from lxml import etree

from docgen import layout
from docgen.metrics import TWIPS_PER_MM, text_width_twips
from docgen.vietnamese import AUTHORITY_PREFIXES, TYPE_CODES, signature_problem

W = layout.W
NS = layout.NS
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

TYPE_NAMES = {name.upper(): code for code, name in TYPE_CODES.items()}
MINUTES = "BIÊN BẢN"
DECISION = "QUYẾT ĐỊNH"
PROPOSAL = "TỜ TRÌNH"
OPERATIVE = "QUYẾT ĐỊNH:"
# An issuer that decides as a body signs "TM." (Điều 13 NĐ 30/2020).
COLLECTIVE_WORDS = ("BAN ", "ỦY BAN ", "UỶ BAN ", "HỘI ĐỒNG ", "ĐOÀN CHỦ TỊCH", "THƯỜNG TRỰC ",
                    "TẬP THỂ ")
# A numbered heading: "Chương II", "Điều 3.", "II.", "1.2.", "a)".
HEADING_RE = re.compile(
    r"^(?:(?:Phần|Chương|Mục|Điều)\s+\S+|[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s")
# A numbered item of a plan ("a) Đối với tập thể: “…”."), which the seed plans set in italics.
ITEM_RE = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s")
MINUTES_TIME_RE = re.compile(r"^(?:Thời gian|Vào (?:hồi|lúc)|Hôm nay)", re.IGNORECASE)
MINUTES_ATTENDANCE_RE = re.compile(r"^Thành phần", re.IGNORECASE)
MINUTES_QUORUM_RE = re.compile(r"có mặt:?\s*\d+", re.IGNORECASE)
MINUTES_CONCLUSION_RE = re.compile(r"^Kết luận", re.IGNORECASE)
MINUTES_SIGNERS = (("thư ký", ("THƯ KÝ", "NGƯỜI GHI BIÊN BẢN")),
                   ("chủ trì", ("CHỦ TRÌ", "CHỦ TỌA", "CHỦ TOẠ", "CHỦ TỊCH")))
MIN_TABLE_SIZE = 12
BASIS_WORDS = ("Căn cứ", "Thực hiện", "Theo đề nghị", "Xét đề nghị", "Theo ", "Xét ")
NUMBER_RE = re.compile(r"^Số: (?P<number>\d+)/(?P<symbol>[^\s/]+)$")
DRAFT_NUMBER_RE = re.compile(r"^Số:\s+/(?P<symbol>[^\s/]+)$")
SYMBOL_RE = re.compile(r"^[^\s/-]+(?:-[^\s/-]+)+$")
DATE_LINE_RE = re.compile(
    r"^(?P<place>[^,]+), ngày (?P<day>\d+) tháng (?P<month>\d+) năm (?P<year>\d{4})$"
)
DRAFT_DATE_LINE_RE = re.compile(r"^[^,]+, ngày\s+tháng\s+năm \d{4}$")
ARTICLE_RE = re.compile(r"^Điều \d+\.")
REFERENCE_RE = re.compile(
    r"^\(Kèm theo (?P<kind>[^()]+?) số (?P<ref>\S+) ngày (?P<day>\d+) tháng (?P<month>\d+) "
    r"năm (?P<year>\d{4}) của [^()]+\)$"
)
DRAFT_REFERENCE_RE = re.compile(
    r"^\(Kèm theo [^()]+? số\s+/\S+ ngày\s+tháng\s+năm \d{4} của [^()]+\)$"
)
PAGE_FIELD_RE = re.compile(r"(^|\s)PAGE(\s|\\|$)")
BLACK = {None, "auto", "000000"}
BLACK_THEME = {None, "text1", "dark1"}
TOLERANCE_MM = 0.5
MAX_REPORTS_PER_RULE = 10


# --- the rules and where they come from --------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """What a rule asks (in Vietnamese, as the clerk reads it) and where that comes from."""

    what: str
    source: str


PL1 = "NĐ 30/2020/NĐ-CP, Phụ lục I"
PL3 = "NĐ 30/2020/NĐ-CP, Phụ lục III"
OURS = "quy ước của thidua (NĐ 30 không quy định riêng)"
RULES: dict[str, Rule] = {
    "ND30.page.size": Rule("Khổ giấy A4", f"{PL1}: khổ giấy"),
    "ND30.page.orientation": Rule("Trang đứng (theo chiều dài khổ A4)", f"{PL1}: kiểu trình bày"),
    **{f"ND30.margins.{side}": Rule(f"Lề {name} {low}-{high} mm", f"{PL1}: định lề trang")
       for side, name, (low, high) in (
           ("top", "trên", layout.MARGIN_RANGE_MM["top"]),
           ("bottom", "dưới", layout.MARGIN_RANGE_MM["bottom"]),
           ("left", "trái", layout.MARGIN_RANGE_MM["left"]),
           ("right", "phải", layout.MARGIN_RANGE_MM["right"]))},
    "ND30.font.family": Rule("Phông Times New Roman", f"{PL1}: phông chữ"),
    "ND30.font.color": Rule("Chữ màu đen", f"{PL1}: phông chữ"),
    "ND30.font.unicode": Rule("Unicode dựng sẵn (TCVN 6909:2001)", f"{PL1}: phông chữ"),
    "ND30.font.hidden": Rule("Không có chữ ẩn", f"{PL1}: phông chữ, cỡ chữ (chữ in ra là chữ "
                             "của văn bản)"),
    "ND30.font.scale": Rule("Chữ không co giãn, không giãn/nén khoảng cách",
                            f"{PL1}: cỡ chữ và kiểu chữ (chữ co giãn không còn đúng cỡ)"),
    "ND30.page_number.field": Rule("Có số trang ở phần lề trên", f"{PL1}: số trang văn bản"),
    "ND30.page_number.first_page": Rule("Không hiện số trang thứ nhất",
                                        f"{PL1}: số trang văn bản"),
    "ND30.page_number.alignment": Rule("Số trang căn giữa", f"{PL1}: số trang văn bản"),
    "ND30.page_number.style": Rule("Số trang chữ số Ả Rập, cỡ 13-14, đứng",
                                   f"{PL1}: số trang văn bản"),
    "ND30.page_number.position": Rule("Số trang trong phần lề trên, giữa chiều ngang",
                                      f"{PL1}: số trang văn bản"),
    "ND30.header.table": Rule("Phần đầu là bảng hai cột không viền",
                              f"{PL1}: vị trí trình bày các thành phần thể thức"),
    "ND30.header.parent_agency": Rule("Cơ quan chủ quản in hoa, cỡ 12-13, không đậm",
                                      f"{PL1}: tên cơ quan, tổ chức ban hành văn bản"),
    "ND30.header.issuer": Rule("Cơ quan ban hành in hoa, cỡ 12-13, đậm",
                               f"{PL1}: tên cơ quan, tổ chức ban hành văn bản"),
    "ND30.header.issuer_rule": Rule("Đường kẻ dưới cơ quan ban hành dài 1/3-1/2 dòng chữ",
                                    f"{PL1}: tên cơ quan, tổ chức ban hành văn bản"),
    "ND30.header.national_title": Rule("Quốc hiệu in hoa, cỡ 12-13, đậm",
                                       f"{PL1}: Quốc hiệu và Tiêu ngữ"),
    "ND30.header.motto": Rule("Tiêu ngữ cỡ 13-14, đậm", f"{PL1}: Quốc hiệu và Tiêu ngữ"),
    "ND30.header.motto_rule": Rule("Đường kẻ dưới Tiêu ngữ dài bằng dòng chữ",
                                   f"{PL1}: Quốc hiệu và Tiêu ngữ"),
    "ND30.header.alignment": Rule("Các dòng phần đầu canh giữa trong cột",
                                  f"{PL1}: Quốc hiệu và Tiêu ngữ; tên cơ quan; địa danh và "
                                  "thời gian (canh giữa)"),
    "ND30.number": Rule("“Số: 05/QĐ-UBND”, cỡ 13", f"{PL1}: số, ký hiệu của văn bản"),
    "ND30.number.position": Rule("Số, ký hiệu canh giữa dưới cơ quan ban hành, ngang hàng "
                                 "địa danh và thời gian", f"{PL1}: số, ký hiệu của văn bản"),
    "ND30.number.type_code": Rule("Ký hiệu bắt đầu bằng chữ viết tắt tên loại",
                                  f"{PL3}: chữ viết tắt tên loại văn bản"),
    "ND30.date_line.format": Rule("“Lai Châu, ngày 05 tháng 01 năm 2020”",
                                  f"{PL1}: địa danh và thời gian ban hành văn bản"),
    "ND30.date_line.style": Rule("Địa danh và thời gian cỡ 13-14, nghiêng",
                                 f"{PL1}: địa danh và thời gian ban hành văn bản"),
    "ND30.type_name": Rule("Tên loại in hoa, cỡ 13-14, đậm, căn giữa",
                           f"{PL1}: tên loại và trích yếu nội dung văn bản"),
    "ND30.summary": Rule("Trích yếu cỡ 13-14, đậm, căn giữa",
                         f"{PL1}: tên loại và trích yếu nội dung văn bản"),
    "ND30.summary.rule": Rule("Đường kẻ dưới trích yếu dài 1/3-1/2 dòng chữ",
                              f"{PL1}: tên loại và trích yếu nội dung văn bản"),
    "ND30.upright": Rule("Quốc hiệu, Tiêu ngữ, cơ quan, số, tên loại, trích yếu, thẩm quyền "
                         "ban hành, chức vụ và họ tên người ký: chữ đứng",
                         f"{PL1}: cỡ chữ và kiểu chữ; từng thành phần thể thức"),
    "ND30.basis.style": Rule("Căn cứ in nghiêng, cỡ 13-14", f"{PL1}: nội dung văn bản"),
    "ND30.basis.punctuation": Rule("Căn cứ kết thúc “;”, căn cứ cuối “.”",
                                   f"{PL1}: nội dung văn bản"),
    "ND30.body.alignment": Rule("Nội dung căn đều hai lề", f"{PL1}: nội dung văn bản"),
    "ND30.body.indent": Rule("Lùi đầu dòng 1-1,27 cm", f"{PL1}: nội dung văn bản"),
    "ND30.body.spacing": Rule("Cách đoạn tối thiểu 6 pt", f"{PL1}: nội dung văn bản"),
    "ND30.body.line_spacing": Rule("Cách dòng từ đơn đến 1,5 dòng", f"{PL1}: nội dung văn bản"),
    "ND30.body.size": Rule("Nội dung cỡ 13-14", f"{PL1}: nội dung văn bản"),
    "ND30.body.one_size": Rule("Nội dung một cỡ chữ thống nhất (13 hoặc 14)",
                               f"{PL1}: nội dung văn bản (cỡ chữ từ 13 đến 14)"),
    "ND30.body.emphasis": Rule("Nội dung chữ đứng, không đậm cả đoạn (trừ đề mục), không "
                               "nghiêng cả đoạn (trừ căn cứ, đề mục)",
                               f"{PL1}: nội dung văn bản (kiểu chữ đứng)"),
    "ND30.article": Rule("“Điều …” in đậm", f"{PL1}: nội dung văn bản"),
    "ND30.table.size": Rule("Chữ trong bảng cỡ từ 12", OURS),
    "ND30.empty_paragraphs": Rule("Không dùng nhiều dòng trống liên tiếp",
                                  f"{PL1}: nội dung văn bản (khoảng cách giữa các đoạn)"),
    "ND30.decision.authority": Rule("Quyết định có dòng thẩm quyền ban hành",
                                    f"{PL3}: mẫu Quyết định (cá biệt)"),
    "ND30.decision.operative": Rule("Quyết định có dòng “QUYẾT ĐỊNH:” trước Điều 1",
                                    f"{PL3}: mẫu Quyết định (cá biệt)"),
    "ND30.recipients": Rule("“Nơi nhận:” cỡ 12, nghiêng, đậm", f"{PL1}: nơi nhận"),
    "ND30.recipients.items": Rule("Mỗi nơi nhận một dòng “- …;”, cỡ 11", f"{PL1}: nơi nhận"),
    "ND30.recipients.archive": Rule("Dòng cuối “- Lưu: VT, …”", f"{PL1}: nơi nhận"),
    "ND30.recipients.position": Rule("“Nơi nhận:” bên trái, ngang hàng chức vụ người ký "
                                     "(biên bản: dưới chữ ký thư ký, cùng hàng ký)",
                                     f"{PL1}: nơi nhận; {PL3}: mẫu Biên bản"),
    "ND30.proposal.addressee": Rule("Tờ trình có “Kính gửi: …”",
                                    f"{PL1}: nơi nhận (tờ trình, báo cáo gửi cấp trên)"),
    "ND30.signature.authority": Rule("Quyền hạn, chức vụ in hoa, cỡ 13-14, đậm; TM., KT., Q., "
                                     "TL., TUQ.",
                                     f"{PL1}: chức vụ, họ tên và chữ ký của người có thẩm "
                                     "quyền"),
    "ND30.signature.name": Rule("Họ tên người ký chữ in thường, cỡ 13-14, đậm",
                                f"{PL1}: chức vụ, họ tên và chữ ký của người có thẩm quyền"),
    "ND30.signature.collective": Rule("Tập thể ban hành ký “TM. <tên tập thể>”",
                                      f"NĐ 30/2020/NĐ-CP, Điều 13; {PL1}: chức vụ, họ tên và "
                                      "chữ ký"),
    "ND30.signature.deputy": Rule("Thẩm quyền ký: “TM. …” cho tập thể, “KT. …” trên chức vụ "
                                  "cấp phó, cả hai khi cấp phó ký thay mặt tập thể",
                                  f"NĐ 30/2020/NĐ-CP, Điều 13; {PL1}: chức vụ, họ tên và chữ "
                                  "ký"),
    "ND30.appendix.page_break": Rule("Phụ lục bắt đầu từ trang mới", f"{PL1}: phụ lục"),
    "ND30.appendix.heading": Rule("“Phụ lục” căn giữa, đậm", f"{PL1}: phụ lục"),
    "ND30.appendix.title": Rule("Tên phụ lục in hoa, đậm, căn giữa", f"{PL1}: phụ lục"),
    "ND30.appendix.reference": Rule("“(Kèm theo … số … ngày … của …)” nghiêng, căn giữa",
                                    f"{PL1}: phụ lục"),
    "ND30.appendix.date": Rule("Phụ lục ghi đúng ngày của văn bản", f"{PL1}: phụ lục"),
    "ND30.minutes.time": Rule("Biên bản ghi thời gian bắt đầu", f"{PL3}: mẫu Biên bản"),
    "ND30.minutes.attendance": Rule("Biên bản ghi thành phần tham dự", f"{PL3}: mẫu Biên bản"),
    "ND30.minutes.quorum": Rule("Biên bản họp Hội đồng ghi số có mặt trên tổng số thành viên",
                                "quy chế Hội đồng Thi đua - Khen thưởng (tối thiểu 2/3 có mặt; "
                                "LEGAL.md, Hội đồng)"),
    "ND30.minutes.conclusion": Rule("Biên bản có kết luận", f"{PL3}: mẫu Biên bản"),
    "ND30.minutes.signatures": Rule("Biên bản có chữ ký thư ký và chủ trì",
                                    f"{PL3}: mẫu Biên bản"),
}


@dataclass(frozen=True)
class Violation:
    """One broken rule: its id, a message in Vietnamese and where it was found."""

    rule: str
    message: str
    location: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message} [{self.location}]"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _on(element: etree._Element | None) -> bool | None:
    """Read a toggle property (w:b, w:i, w:caps): None when absent."""
    if element is None:
        return None
    return element.get(_w("val"), "true").lower() not in ("0", "false", "off", "none")


def mm_text(value: float) -> str:
    """Write millimetres with a decimal comma: "31,8"."""
    return f"{value:.1f}".replace(".", ",")


def snippet(text: str, length: int = 50) -> str:
    """Quote the start of ``text`` for a location."""
    text = " ".join(text.split())
    return f"“{text[:length]}…”" if len(text) > length else f"“{text}”"


def text_of(p: etree._Element) -> str:
    """Return the text of a paragraph."""
    return layout.paragraph_text(p)


# --- effective formatting --------------------------------------------------------------


@dataclass(frozen=True)
class RunFormat:
    """The formatting a run is displayed with, after styles and defaults."""

    ascii_font: str | None
    hansi_font: str | None
    size: float | None
    bold: bool
    italic: bool
    caps: bool
    color: str | None
    theme_color: str | None
    hidden: bool = False
    scale: int = 100
    spacing: int = 0


@dataclass(frozen=True)
class ParagraphFormat:
    """The layout a paragraph is displayed with, after styles and defaults (twips)."""

    align: str
    first_line: int
    left: int
    right: int
    before: int
    after: int
    line: int
    line_rule: str


class Formatting:
    """Resolve run and paragraph properties through styles and document defaults."""

    def __init__(self, document: DocumentObject) -> None:
        styles = document.styles.element
        self.styles = {s.get(_w("styleId")): s for s in styles.iterfind("w:style", NS)}
        self.default_paragraph_style = next(
            (sid for sid, s in self.styles.items()
             if s.get(_w("type")) == "paragraph"
             and s.get(_w("default")) in ("1", "true", "on")),
            None,
        )
        self.default_rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
        self.default_ppr = styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
        self.theme_fonts = _theme_fonts(document)
        # Rules read the same runs many times: resolve each run and paragraph once.
        self._runs: dict[etree._Element, list[tuple[str, RunFormat]]] = {}
        self._layouts: dict[etree._Element, ParagraphFormat] = {}

    def _style_chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            based = style.find("w:basedOn", NS)
            style_id = based.get(_w("val")) if based is not None else None
        return chain

    def _paragraph_style(self, p: etree._Element) -> str | None:
        ps = p.find("w:pPr/w:pStyle", NS)
        return ps.get(_w("val")) if ps is not None else self.default_paragraph_style

    def _rpr_chain(self, r: etree._Element, p: etree._Element) -> list[etree._Element]:
        chain = []
        direct = r.find("w:rPr", NS)
        if direct is not None:
            chain.append(direct)
            rstyle = direct.find("w:rStyle", NS)
            if rstyle is not None:
                chain += [s.find("w:rPr", NS) for s in self._style_chain(rstyle.get(_w("val")))]
        chain += [s.find("w:rPr", NS) for s in self._style_chain(self._paragraph_style(p))]
        chain.append(self.default_rpr)
        return [rpr for rpr in chain if rpr is not None]

    def run(self, r: etree._Element, p: etree._Element) -> RunFormat:
        """Return the effective formatting of the run ``r`` in the paragraph ``p``."""
        chain = self._rpr_chain(r, p)

        def first(tag: str) -> etree._Element | None:
            for rpr in chain:
                found = rpr.find(_w(tag))
                if found is not None:
                    return found
            return None

        def font(slot: str) -> str | None:
            for rpr in chain:
                fonts = rpr.find(_w("rFonts"))
                if fonts is None:
                    continue
                theme = fonts.get(_w(f"{slot}Theme"))
                if theme is not None:
                    return self.theme_fonts.get(theme, theme)
                name = fonts.get(_w(slot))
                if name is not None:
                    return name
            return None

        size = first("sz")
        color = first("color")
        scale = first("w")
        spacing = first("spacing")
        return RunFormat(
            ascii_font=font("ascii"),
            hansi_font=font("hAnsi"),
            size=int(size.get(_w("val"))) / 2 if size is not None else None,
            bold=bool(_on(first("b"))),
            italic=bool(_on(first("i"))),
            caps=bool(_on(first("caps"))),
            color=color.get(_w("val")) if color is not None else None,
            theme_color=color.get(_w("themeColor")) if color is not None else None,
            hidden=bool(_on(first("vanish"))),
            scale=int(scale.get(_w("val"), "100").rstrip("%")) if scale is not None else 100,
            spacing=int(spacing.get(_w("val"), "0")) if spacing is not None else 0,
        )

    def text_runs(self, p: etree._Element) -> list[tuple[str, RunFormat]]:
        """Return (text, formatting) of the runs of ``p`` that show non-blank text."""
        if p not in self._runs:
            result = []
            for r in p.iter(_w("r")):
                text = "".join(r.itertext(_w("t")))
                if text.strip():
                    result.append((text, self.run(r, p)))
            self._runs[p] = result
        return self._runs[p]

    def paragraph(self, p: etree._Element) -> ParagraphFormat:
        """Return the effective layout of the paragraph ``p``."""
        if p not in self._layouts:
            self._layouts[p] = self._paragraph(p)
        return self._layouts[p]

    def _paragraph(self, p: etree._Element) -> ParagraphFormat:
        chain = [p.find("w:pPr", NS)]
        chain += [s.find("w:pPr", NS) for s in self._style_chain(self._paragraph_style(p))]
        chain.append(self.default_ppr)
        chain = [ppr for ppr in chain if ppr is not None]

        def attr(tag: str, *names: str) -> str | None:
            for ppr in chain:
                found = ppr.find(_w(tag))
                if found is None:
                    continue
                for name in names:
                    value = found.get(_w(name))
                    if value is not None:
                        return value
            return None

        hanging = attr("ind", "hanging")
        first_line = -int(hanging) if hanging is not None else int(attr("ind", "firstLine") or 0)
        return ParagraphFormat(
            align=attr("jc", "val") or "left",
            first_line=first_line,
            left=int(attr("ind", "left", "start") or 0),
            right=int(attr("ind", "right", "end") or 0),
            before=int(attr("spacing", "before") or 0),
            after=int(attr("spacing", "after") or 0),
            line=int(attr("spacing", "line") or 240),
            line_rule=attr("spacing", "lineRule") or "auto",
        )


def _theme_fonts(document: DocumentObject) -> dict[str, str]:
    """Map theme font slots (minorHAnsi…) to typefaces, from the theme part if any."""
    fonts: dict[str, str] = {}
    for rel in document.part.rels.values():
        if not rel.reltype.endswith("/theme"):
            continue
        theme = etree.fromstring(rel.target_part.blob)
        a = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
        for kind in ("major", "minor"):
            latin = theme.find(f".//a:{kind}Font/a:latin", a)
            if latin is not None:
                for slot in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                    fonts[f"{kind}{slot}"] = latin.get("typeface")
    return fonts


# --- reading the document --------------------------------------------------------------


@dataclass
class Para:
    """A paragraph with its effective formatting and where it is."""

    element: etree._Element
    where: str
    fmt: Formatting

    @property
    def text(self) -> str:
        return text_of(self.element)

    def runs(self) -> list[tuple[str, RunFormat]]:
        """Return (text, formatting) of the runs that show non-blank text."""
        return self.fmt.text_runs(self.element)

    def layout(self) -> ParagraphFormat:
        return self.fmt.paragraph(self.element)

    def sizes(self) -> set[float | None]:
        return {run.size for _, run in self.runs()}

    def all_bold(self) -> bool:
        runs = self.runs()
        return bool(runs) and all(run.bold for _, run in runs)

    def all_italic(self) -> bool:
        runs = self.runs()
        return bool(runs) and all(run.italic for _, run in runs)

    def any_bold(self) -> bool:
        return any(run.bold for _, run in self.runs())

    def shown_text(self) -> str:
        """Return the text as displayed (runs with w:caps shown in capitals)."""
        return "".join(text.upper() if run.caps else text for text, run in self.runs())

    def is_caps(self) -> bool:
        shown = self.shown_text()
        return shown == shown.upper()

    def location(self) -> str:
        return f"{self.where}: {snippet(self.text)}"


def sizes_within(para: Para, low: float, high: float) -> bool:
    """Tell whether every text run of ``para`` has a size in [low, high]."""
    sizes = para.sizes()
    return bool(sizes) and all(size is not None and low <= size <= high for size in sizes)


def pt_text(size: float) -> str:
    """Write a font size with a decimal comma: "11,5"."""
    return f"{size:g}".replace(".", ",")


def size_text(para: Para) -> str:
    sizes = sorted(size for size in para.sizes() if size is not None)
    return ", ".join(pt_text(size) for size in sizes) or "không rõ"


def cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    return list(tc.iterfind("w:p", NS))


def signature_paragraphs(tc: etree._Element) -> list[etree._Element]:
    """The paragraphs of a cell above its "Nơi nhận:", if any (a Biên bản puts its Nơi nhận
    under the secretary's signature, in the same cell)."""
    paras = cell_paragraphs(tc)
    head = next((i for i, p in enumerate(paras) if text_of(p).strip().startswith("Nơi nhận")),
                len(paras))
    return paras[:head]


def table_cells(tbl: etree._Element) -> list[list[etree._Element]]:
    return [list(tr.iterfind("w:tc", NS)) for tr in tbl.iterfind("w:tr", NS)]


def table_has_borders(tbl: etree._Element, styles: dict[str, etree._Element]) -> bool:
    """Tell whether a table draws any line (its own borders, its cells' or its style's)."""
    candidates = list(tbl.iterfind("w:tblPr/w:tblBorders/*", NS))
    candidates += list(tbl.iterfind("w:tr/w:tc/w:tcPr/w:tcBorders/*", NS))
    style = tbl.find("w:tblPr/w:tblStyle", NS)
    if style is not None and style.get(_w("val")) in styles:
        own = tbl.find("w:tblPr/w:tblBorders", NS)
        if own is None:
            candidates += list(styles[style.get(_w("val"))].iterfind(".//w:tblBorders/*", NS))
    return any(edge.get(_w("val")) not in ("nil", "none") for edge in candidates)


@dataclass
class Parts:
    """The parts of the document found while reading its structure, for the rules that
    look at them (see PART_RULES)."""

    agency: list[Para] = field(default_factory=list)
    number: Para | None = None
    number_cell: etree._Element | None = None
    national_title: Para | None = None
    motto: Para | None = None
    date_line: Para | None = None
    date_cell: etree._Element | None = None
    issued_on: date | None = None
    summary: list[Para] = field(default_factory=list)
    body: list[etree._Element] = field(default_factory=list)
    paragraphs: list[Para] = field(default_factory=list)
    basis: list[Para] = field(default_factory=list)
    signatures: list[etree._Element] = field(default_factory=list)
    appendix: list[etree._Element] = field(default_factory=list)
    reference: Para | None = None
    reference_date: date | None = None


class Checker:
    """Collect the violations of one document."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self.fmt = Formatting(document)
        self.body = document.element.body
        self.violations: list[Violation] = []
        self.counts: dict[str, int] = {}
        self.suppressed: dict[str, int] = {}
        self.kind: str | None = None
        self.type_para: Para | None = None
        self.number: str | None = None
        self.symbol: str | None = None
        self.parts = Parts()
        section = document.sections[0]
        self.text_width = (section.page_width.twips - section.left_margin.twips
                           - section.right_margin.twips)

    def report(self, rule: str, message: str, location: str) -> None:
        count = self.counts.get(rule, 0)
        self.counts[rule] = count + 1
        if count >= MAX_REPORTS_PER_RULE and rule.startswith("ND30.font"):
            self.suppressed[rule] = self.suppressed.get(rule, 0) + 1
            return
        self.violations.append(Violation(rule, message, location))

    def para(self, element: etree._Element, where: str) -> Para:
        return Para(element, where, self.fmt)

    # --- run -----------------------------------------------------------------------------

    def check(self) -> list[Violation]:
        self.check_pages()
        self.check_page_numbers()
        self.check_fonts()
        for rule in PAGE_RULES:
            rule(self)
        if self.check_structure():
            for rule in PART_RULES:
                rule(self)
        for rule, count in self.suppressed.items():
            self.violations.append(
                Violation(rule, f"và {count} chỗ khác cùng lỗi", "toàn văn bản"))
        return self.violations

    # --- page ----------------------------------------------------------------------------

    def check_pages(self) -> None:
        for index, section in enumerate(self.document.sections, start=1):
            where = f"phần (section) {index}"
            width = section.page_width.mm if section.page_width is not None else 0
            height = section.page_height.mm if section.page_height is not None else 0
            short, long_ = sorted((width, height))
            if abs(short - layout.PAGE_WIDTH_MM) > TOLERANCE_MM or abs(
                long_ - layout.PAGE_HEIGHT_MM
            ) > TOLERANCE_MM:
                self.report("ND30.page.size",
                            f"Khổ giấy phải là A4 (210 × 297 mm), đang là {mm_text(width)} × "
                            f"{mm_text(height)} mm", where)
            # A wide table in an appendix may be laid out landscape; the text itself may not.
            if index == 1 and width > height:
                self.report("ND30.page.orientation",
                            "Văn bản phải trình bày theo chiều dài của khổ A4 (trang đứng)", where)
            for side, (low, high) in layout.MARGIN_RANGE_MM.items():
                value = getattr(section, f"{side}_margin")
                mm = value.mm if value is not None else 0
                if not low - TOLERANCE_MM <= mm <= high + TOLERANCE_MM:
                    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
                    self.report(f"ND30.margins.{side}",
                                f"Lề {names[side]} phải từ {low} đến {high} mm, đang là "
                                f"{mm_text(mm)} mm", where)

    # --- page numbers --------------------------------------------------------------------

    def section_properties(self) -> list[etree._Element]:
        """Return every section's w:sectPr, in order."""
        return self.body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")

    def _header(self, sections: list[etree._Element], index: int, kind: str):
        """Return the header part of type ``kind`` that section ``index`` shows, or None."""
        for sect in reversed(sections[: index + 1]):
            for ref in sect.iterfind("w:headerReference", NS):
                if ref.get(_w("type")) == kind:
                    return self.document.part.related_parts[ref.get(R_ID)]
        return None

    def check_page_numbers(self) -> None:
        sections = self.section_properties()
        if not sections:
            return
        if _on(sections[0].find("w:titlePg", NS)) is not True:
            self.report("ND30.page_number.first_page",
                        "Trang đầu không đánh số: cần đặt “trang đầu khác” (different first "
                        "page) cho phần đầu tiên", "phần (section) 1")
        else:
            first = self._header(sections, 0, "first")
            if first is not None and self.page_fields(first.element):
                self.report("ND30.page_number.first_page",
                            "Trang đầu không được đánh số trang", "đầu trang (header) trang 1")
        seen = set()
        for index in range(len(sections)):
            header = self._header(sections, index, "default")
            if header is not None and id(header) in seen:
                continue
            where = f"đầu trang (header) phần {index + 1}"
            fields = self.page_fields(header.element) if header is not None else []
            if not fields:
                self.report("ND30.page_number.field",
                            "Số trang phải đặt ở giữa phần lề trên (trường PAGE trong đầu trang)",
                            where)
                continue
            seen.add(id(header))
            for p in fields:
                if self.fmt.paragraph(p).align != "center":
                    self.report("ND30.page_number.alignment",
                                "Số trang phải căn giữa trong phần lề trên", where)

    @staticmethod
    def page_fields(root: etree._Element) -> list[etree._Element]:
        """Return the paragraphs of ``root`` that hold a PAGE field."""
        found = []
        for p in root.iter(_w("p")):
            instructions = [f.get(_w("instr"), "") for f in p.iter(_w("fldSimple"))]
            instructions += ["".join(t.itertext()) for t in p.iter(_w("instrText"))]
            if any(PAGE_FIELD_RE.search(text.strip()) for text in instructions):
                found.append(p)
        return found

    # --- fonts ---------------------------------------------------------------------------

    def all_paragraphs(self) -> Iterator[Para]:
        """Yield every paragraph: the body's, tables included, then headers' and footers'."""
        for index, p in enumerate(self.body.iter(_w("p")), start=1):
            yield self.para(p, f"đoạn {index}")
        for rel in self.document.part.rels.values():
            if rel.reltype.endswith(("/header", "/footer")):
                name = "đầu trang" if rel.reltype.endswith("/header") else "chân trang"
                for p in rel.target_part.element.iter(_w("p")):
                    yield self.para(p, name)

    def check_fonts(self) -> None:
        for para in self.all_paragraphs():
            runs = para.runs()
            fonts = {f for _, run in runs for f in (run.ascii_font, run.hansi_font)}
            if runs and fonts != {layout.FONT}:
                shown = ", ".join(sorted(f or "không xác định" for f in fonts if f != layout.FONT))
                self.report("ND30.font.family",
                            f"Phông chữ phải là {layout.FONT}, đang có: {shown}",
                            para.location())
            colors = {(run.color, run.theme_color) for _, run in runs}
            if any(c not in BLACK or t not in BLACK_THEME for c, t in colors):
                self.report("ND30.font.color", "Chữ phải màu đen", para.location())
            text = "".join(text for text, _ in runs)
            if text != unicodedata.normalize("NFC", text):
                self.report("ND30.font.unicode",
                            "Chữ phải dựng sẵn theo TCVN 6909:2001 (Unicode NFC)",
                            para.location())

    # --- structure -----------------------------------------------------------------------

    def check_structure(self) -> bool:
        """Read the parts in order and check each; return False without a header table."""
        blocks = [child for child in self.body if child.tag in (_w("p"), _w("tbl"))]
        index = 0
        while index < len(blocks) and blocks[index].tag == _w("p") and not text_of(
            blocks[index]
        ).strip():
            index += 1
        if index == len(blocks) or blocks[index].tag != _w("tbl"):
            self.report("ND30.header.table",
                        "Phần đầu văn bản (tên cơ quan, Quốc hiệu, Tiêu ngữ) phải là bảng hai "
                        "cột không viền", "đầu văn bản")
            return False
        header = blocks[index]
        rest = blocks[index + 1:]
        # The type name tells which header rules apply (a Biên bản has no date line).
        position = self.check_type_and_summary(rest)
        self.check_header(header)
        self.check_type_code()
        if position is None:
            return True
        closing_start, closing_end = self.find_closing(rest, position)
        self.check_body(rest[position:closing_start])
        self.check_closing(rest[closing_start:closing_end])
        self.check_appendix(rest[closing_start:closing_end], rest[closing_end:])
        return True

    # header

    def check_header(self, tbl: etree._Element) -> None:
        rows = table_cells(tbl)
        columns = max((len(row) for row in rows), default=0)
        if columns < 2:
            self.report("ND30.header.table",
                        "Phần đầu văn bản phải có hai cột: cơ quan bên trái, Quốc hiệu và Tiêu "
                        "ngữ bên phải", "bảng đầu trang")
            return
        if table_has_borders(tbl, self.fmt.styles):
            self.report("ND30.header.table", "Bảng phần đầu văn bản không được có đường viền",
                        "bảng đầu trang")
        left = [(p, tc) for row in rows if row for tc in row[:1] for p in cell_paragraphs(tc)]
        right = [(p, tc) for row in rows if len(row) > 1 for tc in row[1:2]
                 for p in cell_paragraphs(tc)]
        self.check_agency(left)
        self.check_nation(right)

    def check_agency(self, cells: list[tuple[etree._Element, etree._Element]]) -> None:
        where = "bảng đầu trang, cột trái"
        number_at = next((i for i, (p, _) in enumerate(cells)
                          if text_of(p).strip().startswith("Số")), None)
        agency_part = cells if number_at is None else cells[:number_at]
        agency = [(p, tc) for p, tc in agency_part if text_of(p).strip()]
        if number_at is None:
            self.report("ND30.number", "Thiếu số, ký hiệu văn bản (“Số: …”) dưới tên cơ quan",
                        where)
        else:
            self.parts.number = self.para(cells[number_at][0], where)
            self.parts.number_cell = cells[number_at][1]
            self.check_number(self.parts.number)
        if not agency:
            self.report("ND30.header.issuer", "Thiếu tên cơ quan, tổ chức ban hành văn bản",
                        where)
            return
        paras = [self.para(p, where) for p, _ in agency]
        self.parts.agency = paras
        bold = [i for i, para in enumerate(paras) if para.any_bold()]
        issuer_from = bold[0] if bold else len(paras) - 1
        for para in paras[:issuer_from]:
            if para.any_bold() or not para.is_caps() or not sizes_within(para, 12, 13):
                self.report("ND30.header.parent_agency",
                            "Tên cơ quan chủ quản: chữ in hoa, cỡ 12-13, đứng, không đậm "
                            f"(cỡ đang là {size_text(para)})", para.location())
        issuer = paras[issuer_from:]
        for para in issuer:
            if not para.all_bold() or not para.is_caps() or not sizes_within(para, 12, 13):
                self.report("ND30.header.issuer",
                            "Tên cơ quan ban hành: chữ in hoa, cỡ 12-13, đứng, đậm "
                            f"(cỡ đang là {size_text(para)})", para.location())
        last_p, last_tc = agency[-1]
        siblings = cell_paragraphs(last_tc)
        after = siblings[siblings.index(last_p) + 1:]
        rule = after[0] if after and layout.is_rule(after[0]) else None
        if rule is None and not self._bordered(last_p):
            self.report("ND30.header.issuer_rule",
                        "Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền, dài 1/3 đến "
                        "1/2 dòng chữ, đặt cân đối", issuer[-1].location())
            return
        self.check_rule(rule if rule is not None else last_p, issuer[-1],
                        layout.cell_width(last_tc), "ND30.header.issuer_rule", exact=False)

    @staticmethod
    def _bordered(p: etree._Element) -> bool:
        bottom = p.find("w:pPr/w:pBdr/w:bottom", NS)
        return bottom is not None and bottom.get(_w("val")) not in ("nil", "none")

    def check_rule(self, rule: etree._Element, line: Para, container: int | None,
                   rule_id: str, exact: bool) -> None:
        """Check that a rule is centred and as long as NĐ 30 asks for the line above it."""
        fmt = self.fmt.paragraph(rule)
        if abs(fmt.left - fmt.right) > TWIPS_PER_MM:
            self.report(rule_id, "Đường kẻ phải đặt cân đối (căn giữa) so với dòng chữ",
                        line.location())
        if container is None:
            return
        width = container - fmt.left - fmt.right
        runs = line.runs()
        size = next((run.size for _, run in runs if run.size), layout.BODY_SIZE)
        bold = all(run.bold for _, run in runs) if runs else False
        text_width = text_width_twips(line.text.strip(), size, bold)
        if exact:
            if not 0.9 * text_width <= width <= 1.1 * text_width:
                self.report(rule_id,
                            f"Đường kẻ phải dài bằng dòng chữ (≈ {text_width / TWIPS_PER_MM:.0f} "
                            f"mm), đang dài {width / TWIPS_PER_MM:.0f} mm", line.location())
            return
        line_width = min(text_width, container)
        if not 0.3 * line_width <= width <= 0.55 * line_width:
            self.report(rule_id,
                        f"Đường kẻ phải dài từ 1/3 đến 1/2 dòng chữ (≈ "
                        f"{line_width / TWIPS_PER_MM:.0f} mm), đang dài "
                        f"{width / TWIPS_PER_MM:.0f} mm", line.location())

    def check_number(self, para: Para) -> None:
        text = para.text.strip()
        match = NUMBER_RE.match(text)
        draft = DRAFT_NUMBER_RE.match(para.text.strip())
        if match:
            number = match.group("number")
            symbol = match.group("symbol")
            if number != f"{int(number):02d}" or int(number) < 1:
                self.report("ND30.number",
                            "Số văn bản viết bằng chữ số Ả Rập, thêm số 0 phía trước nếu nhỏ hơn "
                            f"10 (ví dụ “Số: 05/QĐ-UBND”), đang là “{text}”", para.location())
            self.number = f"{number}/{symbol}"
        elif draft:
            symbol = draft.group("symbol")
        else:
            self.report("ND30.number",
                        "Số, ký hiệu phải có dạng “Số: 05/QĐ-UBND” (giữa số và ký hiệu có “/”, "
                        f"giữa các nhóm chữ có “-”, không có dấu cách), đang là “{text}”",
                        para.location())
            return
        if not SYMBOL_RE.match(symbol):
            self.report("ND30.number",
                        f"Ký hiệu “{symbol}” phải gồm chữ viết tắt tên loại và tên cơ quan nối "
                        "bằng “-”", para.location())
        if not sizes_within(para, 13, 13):
            self.report("ND30.number", f"Số, ký hiệu văn bản cỡ chữ 13 (đang là "
                        f"{size_text(para)})", para.location())
        self.symbol = symbol

    def check_nation(self, cells: list[tuple[etree._Element, etree._Element]]) -> None:
        where = "bảng đầu trang, cột phải"
        paras = [(self.para(p, where), tc) for p, tc in cells]
        title = next(((para, tc) for para, tc in paras
                      if "CỘNG HÒA" in para.text.upper() or "CỘNG HOÀ" in para.text.upper()), None)
        if title is None:
            self.report("ND30.header.national_title",
                        f"Thiếu Quốc hiệu “{layout.NATIONAL_TITLE}”", where)
        else:
            para = self.parts.national_title = title[0]
            if " ".join(para.text.split()) != layout.NATIONAL_TITLE:
                self.report("ND30.header.national_title",
                            f"Quốc hiệu phải là “{layout.NATIONAL_TITLE}”", para.location())
            if not para.all_bold() or not para.is_caps() or not sizes_within(para, 12, 13):
                self.report("ND30.header.national_title",
                            "Quốc hiệu: chữ in hoa, cỡ 12-13, đứng, đậm (cỡ đang là "
                            f"{size_text(para)})", para.location())
        motto = next(((para, tc) for para, tc in paras if "Độc lập" in para.text), None)
        if motto is None:
            self.report("ND30.header.motto", f"Thiếu Tiêu ngữ “{layout.MOTTO}”", where)
        else:
            para, tc = motto
            self.parts.motto = para
            if " ".join(para.text.split()) != layout.MOTTO:
                self.report("ND30.header.motto",
                            f"Tiêu ngữ phải là “{layout.MOTTO}” (gạch nối có cách chữ)",
                            para.location())
            # An italic Tiêu ngữ is ND30.upright's, with the other upright lines.
            if not para.all_bold() or not sizes_within(para, 13, 14):
                self.report("ND30.header.motto",
                            "Tiêu ngữ: chữ in thường, cỡ 13-14, đứng, đậm (cỡ đang là "
                            f"{size_text(para)})", para.location())
            siblings = cell_paragraphs(tc)
            after = siblings[siblings.index(para.element) + 1:]
            rule = after[0] if after and layout.is_rule(after[0]) else None
            if rule is None and self._bordered(para.element):
                rule = para.element
            if rule is None:
                self.report("ND30.header.motto_rule",
                            "Dưới Tiêu ngữ phải có đường kẻ ngang, nét liền, dài bằng dòng chữ",
                            para.location())
            else:
                self.check_rule(rule, para, layout.cell_width(tc), "ND30.header.motto_rule",
                                exact=True)
        self.check_date_line([para for para, _ in paras])
        self.parts.date_cell = next((tc for para, tc in paras
                                     if para is self.parts.date_line), None)

    def check_date_line(self, paras: list[Para]) -> None:
        candidates = [para for para in paras if ", ngày" in para.text or "ngày " in para.text]
        if not candidates:
            if self.kind != MINUTES:
                self.report("ND30.date_line.format",
                            "Thiếu địa danh và thời gian ban hành (ví dụ “Lai Châu, ngày 05 "
                            "tháng 01 năm 2020”) dưới Tiêu ngữ", "bảng đầu trang, cột phải")
            return
        para = self.parts.date_line = candidates[0]
        text = para.text.strip()
        match = DATE_LINE_RE.match(text)
        if match is None and not DRAFT_DATE_LINE_RE.match(text):
            self.report("ND30.date_line.format",
                        "Địa danh và thời gian phải có dạng “Lai Châu, ngày 05 tháng 01 năm "
                        f"2020”, đang là “{text}”", para.location())
        elif match is not None:
            problem = date_problem(match.group("day"), match.group("month"),
                                   match.group("year"))
            if problem:
                self.report("ND30.date_line.format", f"{problem}, đang là “{text}”",
                            para.location())
            else:
                self.parts.issued_on = date(int(match.group("year")), int(match.group("month")),
                                            int(match.group("day")))
        if not para.all_italic() or not sizes_within(para, 13, 14):
            self.report("ND30.date_line.style",
                        "Địa danh và thời gian: chữ in thường, cỡ 13-14, nghiêng (cỡ đang là "
                        f"{size_text(para)})", para.location())

    # type name and trích yếu

    def check_type_and_summary(self, blocks: list[etree._Element]) -> int | None:
        """Check the type name and trích yếu; return the index of the first body block."""
        index = 0
        while index < len(blocks) and blocks[index].tag == _w("p") and not text_of(
            blocks[index]
        ).strip():
            index += 1
        if index == len(blocks) or blocks[index].tag != _w("p"):
            self.report("ND30.type_name", "Thiếu tên loại văn bản sau phần đầu", "sau bảng đầu")
            return None
        para = self.para(blocks[index], "tên loại văn bản")
        name = " ".join(para.shown_text().split())
        self.kind = name
        self.type_para = para
        if name not in TYPE_NAMES:
            self.report("ND30.type_name",
                        "Tên loại văn bản phải viết in hoa, là một loại văn bản hành chính "
                        "(QUYẾT ĐỊNH, KẾ HOẠCH, TỜ TRÌNH, BÁO CÁO, BIÊN BẢN…)", para.location())
        if (not para.all_bold() or para.layout().align != "center"
                or not sizes_within(para, 13, 14)):
            self.report("ND30.type_name",
                        "Tên loại văn bản: chữ in hoa, cỡ 13-14, đứng, đậm, căn giữa (cỡ đang là "
                        f"{size_text(para)})", para.location())
        index += 1
        summary: list[Para] = []
        while index < len(blocks) and blocks[index].tag == _w("p"):
            element = blocks[index]
            if layout.is_rule(element) or not text_of(element).strip():
                break
            summary.append(self.para(element, "trích yếu"))
            index += 1
        self.parts.summary = summary
        if not summary:
            self.report("ND30.summary", "Thiếu trích yếu nội dung dưới tên loại văn bản",
                        para.location())
            return index
        for line in summary:
            if (not line.all_bold() or line.layout().align != "center"
                    or not sizes_within(line, 13, 14)):
                self.report("ND30.summary",
                            "Trích yếu nội dung: chữ in thường, cỡ 13-14, đứng, đậm, căn giữa "
                            f"(cỡ đang là {size_text(line)})", line.location())
        if index < len(blocks) and layout.is_rule(blocks[index]):
            longest = max(summary, key=lambda p: len(p.text))
            self.check_rule(blocks[index], longest, self.text_width, "ND30.summary.rule",
                            exact=False)
            index += 1
        else:
            self.report("ND30.summary.rule",
                        "Dưới trích yếu phải có đường kẻ ngang, nét liền, dài 1/3 đến 1/2 dòng "
                        "chữ, đặt cân đối", summary[-1].location())
        return index

    def check_type_code(self) -> None:
        symbol = self.symbol
        if not symbol or self.kind not in TYPE_NAMES or self.type_para is None:
            return
        code = symbol.split("-")[0]
        expected = TYPE_NAMES[self.kind]
        if code != expected:
            self.report("ND30.number.type_code",
                        f"Ký hiệu của {self.kind.lower()} phải bắt đầu bằng “{expected}” (Phụ lục "
                        f"III), đang là “{code}”", self.type_para.location())

    # closing: Nơi nhận and signature

    def _is_signature_cell(self, tc: etree._Element) -> bool:
        """A position in bold capitals, then the signer's name: after the blank lines left
        for the signature, or at least not in capitals."""
        paras = signature_paragraphs(tc)
        filled = [i for i, p in enumerate(paras) if text_of(p).strip()]
        if len(filled) < 2:
            return False
        first = self.para(paras[filled[0]], "")
        if not first.any_bold() or not first.is_caps():
            return False
        signing_space = filled[-1] - filled[-2] > 1
        return signing_space or not self.para(paras[filled[-1]], "").is_caps()

    def find_closing(self, blocks: list[etree._Element], start: int) -> tuple[int, int]:
        """Return the [start, end) indexes of the closing blocks (signature, Nơi nhận)."""
        begin = None
        for index in range(start, len(blocks)):
            block = blocks[index]
            if block.tag == _w("tbl"):
                texts = [text_of(p).strip() for p in block.iter(_w("p"))]
                signature = not table_has_borders(block, self.fmt.styles) and any(
                    self._is_signature_cell(tc) for row in table_cells(block) for tc in row)
                if any(t.startswith("Nơi nhận") for t in texts) or signature:
                    begin = index
                    break
            elif text_of(block).strip().startswith("Nơi nhận"):
                begin = index
                break
        if begin is None:
            return len(blocks), len(blocks)
        end = begin + 1
        # Nơi nhận may follow the signature table as paragraphs (Biên bản).
        while end < len(blocks):
            block = blocks[end]
            text = text_of(block).strip() if block.tag == _w("p") else None
            if text is None or self.starts_new_page(block):
                break
            if text and not (text.startswith("Nơi nhận") or text.startswith("-")):
                break
            end += 1
        return begin, end

    @staticmethod
    def _section_break(p: etree._Element) -> bool:
        sect = p.find("w:pPr/w:sectPr", NS)
        if sect is None:
            return False
        kind = sect.find("w:type", NS)
        return kind is None or kind.get(_w("val")) in ("nextPage", "oddPage", "evenPage")

    @staticmethod
    def starts_new_page(p: etree._Element) -> bool:
        if _on(p.find("w:pPr/w:pageBreakBefore", NS)):
            return True
        return any(br.get(_w("type")) == "page" for br in p.iter(_w("br")))

    def check_closing(self, blocks: list[etree._Element]) -> None:
        recipients: list[Para] = []
        heading: Para | None = None
        heading_cell = None
        signature_cells: list[etree._Element] = []
        for block in blocks:
            if block.tag == _w("tbl"):
                for row in table_cells(block):
                    for tc in row:
                        paras = cell_paragraphs(tc)
                        head = next((p for p in paras
                                     if text_of(p).strip().startswith("Nơi nhận")), None)
                        if head is not None:
                            heading = self.para(head, "Nơi nhận")
                            heading_cell = (tc, row)
                            after = paras[paras.index(head) + 1:]
                            recipients = [self.para(p, "Nơi nhận") for p in after
                                          if text_of(p).strip()]
                        if self._is_signature_cell(tc):
                            signature_cells.append(tc)
            else:
                text = text_of(block).strip()
                if text.startswith("Nơi nhận"):
                    heading = self.para(block, "Nơi nhận")
                elif heading is not None and text:
                    recipients.append(self.para(block, "Nơi nhận"))
        if not signature_cells:
            self.report("ND30.signature.authority",
                        "Thiếu phần ký: quyền hạn, chức vụ (in hoa, đậm) và họ tên người ký (đậm)",
                        "cuối văn bản")
        self.parts.signatures = signature_cells
        for tc in signature_cells:
            self.check_signature(tc)
        if heading is None:
            self.report("ND30.recipients", "Thiếu phần “Nơi nhận:”", "cuối văn bản")
            return
        self.check_recipients(heading, recipients)
        if self.kind == MINUTES:
            # Below the secretary's signature, in the row of the signatures (which may not
            # split): a Nơi nhận after the table can land alone on the next page.
            in_row = heading_cell is not None and any(
                tc in heading_cell[1] for tc in signature_cells)
            if not in_row:
                self.report("ND30.recipients.position",
                            "“Nơi nhận:” của biên bản ở bên trái, ngay dưới chữ ký của thư ký "
                            "(cùng hàng ký, để không tách sang trang sau)", heading.location())
        else:
            level = heading_cell is not None and any(
                tc in heading_cell[1] for tc in signature_cells)
            first = heading_cell is not None and next(
                (p for p in cell_paragraphs(heading_cell[0]) if text_of(p).strip()), None
            ) is heading.element
            if not level or not first:
                self.report("ND30.recipients.position",
                            "“Nơi nhận:” phải ở bên trái, ngang hàng với quyền hạn, chức vụ của "
                            "người ký", heading.location())

    def check_recipients(self, heading: Para, items: list[Para]) -> None:
        if heading.text.strip() != "Nơi nhận:":
            self.report("ND30.recipients", "Từ “Nơi nhận” viết đúng là “Nơi nhận:”",
                        heading.location())
        if (not heading.all_bold() or not heading.all_italic()
                or not sizes_within(heading, 12, 12)
                or heading.layout().align not in ("left", "start", "both")):
            self.report("ND30.recipients",
                        "“Nơi nhận:” cỡ 12, nghiêng, đậm, ở bên trái (cỡ đang là "
                        f"{size_text(heading)})", heading.location())
        if not items:
            self.report("ND30.recipients.items", "“Nơi nhận:” không có danh sách nơi nhận",
                        heading.location())
        for index, item in enumerate(items):
            text = item.text.strip()
            last = index == len(items) - 1
            if not text.startswith("- "):
                self.report("ND30.recipients.items",
                            "Mỗi nơi nhận một dòng, bắt đầu bằng gạch đầu dòng “- ”",
                            item.location())
            if not sizes_within(item, 11, 11) or item.any_bold():
                self.report("ND30.recipients.items",
                            f"Danh sách nơi nhận cỡ 11, đứng (cỡ đang là {size_text(item)})",
                            item.location())
            if not last and not text.endswith(";"):
                self.report("ND30.recipients.items", "Mỗi nơi nhận kết thúc bằng dấu “;”",
                            item.location())
            if text.startswith("- Lưu") and not last:
                self.report("ND30.recipients.archive",
                            "“- Lưu: …” phải là dòng cuối của nơi nhận", item.location())
        last_text = items[-1].text.strip() if items else ""
        if not re.match(r"^- Lưu: .+\.$", last_text):
            location = items[-1].location() if items else heading.location()
            self.report("ND30.recipients.archive",
                        "Dòng cuối của nơi nhận phải là “- Lưu: VT, …” (tên viết tắt bộ phận "
                        "soạn thảo), kết thúc bằng dấu chấm", location)

    def check_signature(self, tc: etree._Element) -> None:
        paras = [self.para(p, "phần ký") for p in signature_paragraphs(tc)
                 if text_of(p).strip()]
        *lines, name = paras
        for line in lines:
            if (not line.all_bold() or not line.is_caps() or not sizes_within(line, 13, 14)
                    or line.layout().align != "center"):
                self.report("ND30.signature.authority",
                            "Quyền hạn, chức vụ người ký: chữ in hoa, cỡ 13-14, đứng, đậm, căn "
                            f"giữa (cỡ đang là {size_text(line)})", line.location())
        prefix = re.match(r"^([A-ZĐ]{1,4}\.)\s", lines[0].text.strip()) if lines else None
        if prefix and prefix.group(1) not in AUTHORITY_PREFIXES:
            allowed = ", ".join(AUTHORITY_PREFIXES)
            self.report("ND30.signature.authority",
                        f"Chữ viết tắt thẩm quyền ký phải là một trong {allowed}, đang là "
                        f"“{prefix.group(1)}”", lines[0].location())
        if (not name.all_bold() or not sizes_within(name, 13, 14)
                or name.layout().align != "center"):
            self.report("ND30.signature.name",
                        "Họ tên người ký: chữ in thường, cỡ 13-14, đứng, đậm, căn giữa (cỡ đang "
                        f"là {size_text(name)})", name.location())

    # body

    def check_body(self, blocks: list[etree._Element]) -> None:
        paras = [self.para(p, f"nội dung, đoạn {i + 1}") for i, p in enumerate(blocks)
                 if p.tag == _w("p") and text_of(p).strip()]
        self.parts.body = blocks
        self.parts.paragraphs = paras
        # The căn cứ come first, after the authority line or "Kính gửi" if any.
        start = 0
        while start < len(paras) and self._is_heading(paras[start]):
            start += 1
        basis: list[Para] = []
        for para in paras[start:]:
            text = para.text.strip()
            formal = self.kind in ("QUYẾT ĐỊNH", "NGHỊ QUYẾT") or any(
                run.italic for _, run in para.runs())
            if text.startswith(BASIS_WORDS) and formal:
                basis.append(para)
            else:
                break
        self.parts.basis = basis
        self.check_basis(basis)
        for para in paras:
            if para in basis:
                continue
            self.check_body_paragraph(para)

    def _is_heading(self, para: Para) -> bool:
        """Centred lines of the body: the authority line, "QUYẾT ĐỊNH:", "Kính gửi: …"."""
        if para.layout().align != "center":
            return False
        return para.all_bold() or para.text.strip().startswith("Kính gửi")

    def check_basis(self, basis: list[Para]) -> None:
        for index, para in enumerate(basis):
            if not para.all_italic() or not sizes_within(para, 13, 14):
                self.report("ND30.basis.style",
                            "Căn cứ ban hành văn bản: chữ in thường, cỡ 13-14, nghiêng (cỡ đang "
                            f"là {size_text(para)})", para.location())
            text = para.text.rstrip()
            last = index == len(basis) - 1
            if not last and not text.endswith(";"):
                self.report("ND30.basis.punctuation", "Mỗi căn cứ kết thúc bằng dấu “;”",
                            para.location())
            if last and (not text.endswith(".") or text.endswith("./.")):
                self.report("ND30.basis.punctuation", "Căn cứ cuối cùng kết thúc bằng dấu “.”",
                            para.location())

    def check_body_paragraph(self, para: Para) -> None:
        fmt = para.layout()
        if not sizes_within(para, 13, 14):
            self.report("ND30.body.size",
                        f"Nội dung văn bản cỡ chữ 13-14 (cỡ đang là {size_text(para)})",
                        para.location())
        if self._is_heading(para):
            return
        if fmt.align not in ("both", "distribute"):
            self.report("ND30.body.alignment", "Nội dung văn bản phải căn đều hai lề",
                        para.location())
        if not 0.95 * 567 <= fmt.first_line <= 1.3 * 567:
            self.report("ND30.body.indent",
                        "Đầu dòng lùi vào 1 cm đến 1,27 cm, đang là "
                        f"{fmt.first_line / 567:.2f} cm", para.location())
        if fmt.before + fmt.after < 120:
            self.report("ND30.body.spacing", "Khoảng cách giữa các đoạn tối thiểu 6 pt",
                        para.location())
        if fmt.line_rule == "auto":
            good = 240 <= fmt.line <= 360
        else:
            good = 300 <= fmt.line <= 510
        if not good:
            self.report("ND30.body.line_spacing",
                        "Cách dòng từ đơn (hoặc 15 pt) đến 1,5 dòng", para.location())
        if ARTICLE_RE.match(para.text.strip()):
            self.check_article(para)

    def check_article(self, para: Para) -> None:
        prefix = ARTICLE_RE.match(para.text.strip()).group(0)
        leading = len(para.text) - len(para.text.lstrip())
        end = leading + len(prefix)
        position = 0
        for r in para.element.iter(_w("r")):
            text = "".join(r.itertext(_w("t")))
            if not text:
                continue
            start, position = position, position + len(text)
            if position <= leading or start >= end:
                continue
            visible = text[max(leading - start, 0): end - start]
            if visible.strip() and not self.fmt.run(r, para.element).bold:
                self.report("ND30.article", f"“{prefix}” phải in đậm", para.location())
                return

    # appendix

    def check_appendix(self, closing: list[etree._Element],
                       blocks: list[etree._Element]) -> None:
        self.parts.appendix = blocks
        paras = [b for b in blocks if b.tag == _w("p") and text_of(b).strip()]
        if not paras:
            return
        first = paras[0]
        # A new page comes from a section break (next page) or a page break before the text.
        leading = closing + blocks[: blocks.index(first) + 1]
        breaks = any(
            b.tag == _w("p") and (self.starts_new_page(b) or self._section_break(b))
            for b in leading
        )
        heading = self.para(first, "phụ lục")
        if not breaks:
            self.report("ND30.appendix.page_break", "Phụ lục phải bắt đầu từ trang mới",
                        heading.location())
        if not heading.text.strip().lower().startswith("phụ lục"):
            self.report("ND30.appendix.heading",
                        "Phụ lục bắt đầu bằng từ “Phụ lục” (căn giữa, đậm)", heading.location())
        elif not heading.all_bold() or heading.layout().align != "center":
            self.report("ND30.appendix.heading", "Từ “Phụ lục” phải căn giữa, in đậm",
                        heading.location())
        rest = [self.para(p, "phụ lục") for p in paras[1:]]
        reference_at = next((i for i, p in enumerate(rest)
                             if p.text.strip().startswith("(Kèm theo")), None)
        titles = rest[:reference_at] if reference_at is not None else rest[:1]
        if not titles:
            self.report("ND30.appendix.title", "Thiếu tên phụ lục (chữ in hoa, đậm)",
                        heading.location())
        for title in titles:
            if (not title.all_bold() or not title.is_caps()
                    or title.layout().align != "center"):
                self.report("ND30.appendix.title",
                            "Tên phụ lục: chữ in hoa, đậm, căn giữa", title.location())
        if reference_at is None:
            self.report("ND30.appendix.reference",
                        "Dưới tên phụ lục phải ghi “(Kèm theo … số … ngày … tháng … năm … của "
                        "…)”", heading.location())
            return
        reference = self.parts.reference = rest[reference_at]
        text = " ".join(reference.text.split())
        match = REFERENCE_RE.match(text)
        if match is None and not DRAFT_REFERENCE_RE.match(reference.text.strip()):
            self.report("ND30.appendix.reference",
                        "Phải có dạng “(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm "
                        "2020 của …)”", reference.location())
        elif match is not None:
            problem = date_problem(match.group("day"), match.group("month"),
                                   match.group("year"))
            if problem:
                self.report("ND30.appendix.reference", problem, reference.location())
            else:
                self.parts.reference_date = date(int(match.group("year")),
                                                 int(match.group("month")),
                                                 int(match.group("day")))
            if self.number and match.group("ref") != self.number:
                self.report("ND30.appendix.reference",
                            f"Số văn bản trong phụ lục ({match.group('ref')}) khác số của văn "
                            f"bản ({self.number})", reference.location())
        if not reference.all_italic() or reference.layout().align != "center":
            self.report("ND30.appendix.reference",
                        "Dòng “(Kèm theo …)” phải căn giữa, in nghiêng", reference.location())


# --- rules over the parts found -----------------------------------------------------------
# One function per rule. Each reads what Checker found (``c.parts``, ``c.kind``) and reports
# through ``c.report``; RULES, at the top, says where each rule comes from.


def centred(para: Para) -> bool:
    """Tell whether ``para`` is centred in its column: centred, equal indents, no first-line
    indent."""
    fmt = para.layout()
    return (fmt.align == "center" and abs(fmt.left - fmt.right) <= TWIPS_PER_MM
            and fmt.first_line == 0)


def signature_lines(c: Checker, tc: etree._Element) -> tuple[list[Para], Para]:
    """Return the position lines and the name line of a signature cell."""
    *lines, name = [c.para(p, "phần ký") for p in signature_paragraphs(tc)
                    if text_of(p).strip()]
    return lines, name


def authority_line(c: Checker) -> Para | None:
    """Return the issuing-authority line of a Quyết định ("BAN THƯỜNG VỤ …"), if any."""
    paras = c.parts.paragraphs
    if c.kind != DECISION or not paras:
        return None
    first = paras[0]
    text = " ".join(first.shown_text().split())
    if (centred(first) and first.all_bold() and first.is_caps()
            and not text.startswith(BASIS_WORDS) and text != OPERATIVE):
        return first
    return None


def page_number_paragraphs(c: Checker) -> list[tuple[str, etree._Element]]:
    """Return (where, paragraph) of every PAGE field in the pages' headers."""
    found = []
    for rel in c.document.part.rels.values():
        if rel.reltype.endswith("/header"):
            found += [("đầu trang (header)", p) for p in c.page_fields(rel.target_part.element)]
    return found


def check_page_number_style(c: Checker) -> None:
    """ND30.page_number.style: the page number is in Arabic figures, 13-14 pt, upright."""
    formats = {kind.get(_w("fmt"), "decimal") for kind in c.body.iter(_w("pgNumType"))}
    if formats - {"decimal"}:
        c.report("ND30.page_number.style",
                 f"Số trang đánh bằng chữ số Ả Rập (đang là {', '.join(sorted(formats))})",
                 "đầu trang (header)")
    for where, p in page_number_paragraphs(c):
        runs = [c.fmt.run(r, p) for r in p.iter(_w("r"))]
        sizes = {run.size for run in runs}
        if any(size is None or not 13 <= size <= 14 for size in sizes):
            shown = ", ".join(pt_text(size) for size in sorted(s for s in sizes if s))
            c.report("ND30.page_number.style",
                     f"Số trang cỡ 13-14 (cỡ đang là {shown or 'không rõ'})", where)
        if any(run.italic for run in runs):
            c.report("ND30.page_number.style", "Số trang kiểu chữ đứng, không in nghiêng",
                     where)


def check_page_number_position(c: Checker) -> None:
    """ND30.page_number.position: in the top margin, centred — not in a footer, not in a
    frame, not pushed aside by indents, the header inside the top margin."""
    for rel in c.document.part.rels.values():
        if rel.reltype.endswith("/footer") and c.page_fields(rel.target_part.element):
            c.report("ND30.page_number.position",
                     "Số trang đặt ở giữa phần lề trên, không đặt ở chân trang (footer)",
                     "chân trang (footer)")
    for where, p in page_number_paragraphs(c):
        fmt = c.fmt.paragraph(p)
        if p.find("w:pPr/w:framePr", NS) is not None or abs(fmt.left - fmt.right) > TWIPS_PER_MM:
            c.report("ND30.page_number.position",
                     "Số trang phải canh giữa theo chiều ngang trong phần lề trên (không đặt "
                     "trong khung, không lùi lề)", where)
    for index, sect in enumerate(c.section_properties(), start=1):
        margin = sect.find("w:pgMar", NS)
        if margin is None:
            continue
        top, header = int(margin.get(_w("top"), "0")), int(margin.get(_w("header"), "0"))
        if header >= abs(top):
            c.report("ND30.page_number.position",
                     f"Đầu trang (số trang) phải nằm trong phần lề trên: cách mép trên "
                     f"{mm_text(header / TWIPS_PER_MM)} mm, lề trên "
                     f"{mm_text(abs(top) / TWIPS_PER_MM)} mm", f"phần (section) {index}")


def check_hidden_text(c: Checker) -> None:
    """ND30.font.hidden: no hidden text — what is printed is what was signed."""
    for para in c.all_paragraphs():
        if any(run.hidden for _, run in para.runs()):
            c.report("ND30.font.hidden",
                     "Văn bản không được có chữ ẩn (hidden text): nội dung in ra phải đúng nội "
                     "dung đã ký", para.location())


def check_character_scaling(c: Checker) -> None:
    """ND30.font.scale: letters at their own width and spacing (no scaling, no condensing)."""
    for para in c.all_paragraphs():
        runs = [run for _, run in para.runs()]
        scaled = next((run.scale for run in runs if run.scale != 100), None)
        spaced = next((run.spacing for run in runs if run.spacing != 0), None)
        if scaled is not None:
            c.report("ND30.font.scale",
                     f"Chữ giữ nguyên độ rộng, không co giãn (đang co giãn {scaled} %)",
                     para.location())
        if spaced is not None:
            c.report("ND30.font.scale",
                     "Chữ giữ nguyên khoảng cách, không giãn hay nén (đang "
                     f"{'giãn' if spaced > 0 else 'nén'} {pt_text(abs(spaced) / 20)} pt)",
                     para.location())


def check_upright(c: Checker) -> None:
    """ND30.upright: Quốc hiệu, Tiêu ngữ, the agency, the number, the type name, the trích
    yếu, the authority line and the signature are upright (kiểu chữ đứng)."""
    lines: list[tuple[str, Para | None]] = [
        ("Tên cơ quan", para) for para in c.parts.agency]
    lines += [("Số, ký hiệu", c.parts.number), ("Quốc hiệu", c.parts.national_title),
              ("Tiêu ngữ", c.parts.motto), ("Tên loại văn bản", c.type_para)]
    lines += [("Trích yếu", para) for para in c.parts.summary]
    lines.append(("Thẩm quyền ban hành", authority_line(c)))
    for tc in c.parts.signatures:
        positions, name = signature_lines(c, tc)
        lines += [("Quyền hạn, chức vụ người ký", para) for para in positions]
        lines.append(("Họ tên người ký", name))
    for label, para in lines:
        if para is not None and any(run.italic for _, run in para.runs()):
            c.report("ND30.upright", f"{label}: kiểu chữ đứng, không in nghiêng",
                     para.location())


def check_header_alignment(c: Checker) -> None:
    """ND30.header.alignment: each header line is centred in its column."""
    lines = [("Tên cơ quan", para) for para in c.parts.agency]
    lines += [("Quốc hiệu", c.parts.national_title), ("Tiêu ngữ", c.parts.motto),
              ("Địa danh và thời gian", c.parts.date_line)]
    for label, para in lines:
        if para is not None and not centred(para):
            c.report("ND30.header.alignment",
                     f"{label} phải đặt canh giữa trong cột của mình (căn giữa, không lùi lề)",
                     para.location())


def check_number_position(c: Checker) -> None:
    """ND30.number.position: "Số: …" centred under the agency, level with the date line."""
    number = c.parts.number
    if number is None:
        return
    if not centred(number):
        c.report("ND30.number.position",
                 "Số, ký hiệu văn bản phải canh giữa dưới tên cơ quan ban hành",
                 number.location())
    cell, date_cell = c.parts.number_cell, c.parts.date_cell
    if cell is not None and date_cell is not None and cell.getparent() is not date_cell.getparent():
        c.report("ND30.number.position",
                 "Số, ký hiệu văn bản và địa danh, thời gian ban hành phải trên cùng một hàng",
                 number.location())


def check_body_one_size(c: Checker) -> None:
    """ND30.body.one_size: the body is set in one size (13 or 14), not both."""
    sizes = Counter(size for para in c.parts.paragraphs for size in para.sizes()
                    if size is not None)
    if len(sizes) < 2:
        return
    main_size = sizes.most_common(1)[0][0]
    for para in c.parts.paragraphs:
        if para.sizes() - {main_size}:
            c.report("ND30.body.one_size",
                     "Nội dung văn bản dùng một cỡ chữ thống nhất (cỡ "
                     f"{pt_text(main_size)}), đoạn này cỡ {size_text(para)}", para.location())


def is_heading(para: Para) -> bool:
    """Tell whether a body paragraph is a heading or a label, which may be all bold."""
    text = para.text.strip()
    if centred(para) or para.layout().align == "center":
        return True
    if len(text) > 200 or text.endswith((".", ";", ",")):
        return False
    return text.endswith(":") or bool(HEADING_RE.match(text)) or para.is_caps()


def check_body_emphasis(c: Checker) -> None:
    """ND30.body.emphasis: body text is upright and regular; only headings are all bold; only
    headings, the căn cứ and numbered items (a slogan quoted in a plan) all italic."""
    for para in c.parts.paragraphs:
        if para in c.parts.basis or is_heading(para):
            continue
        if para.all_bold():
            c.report("ND30.body.emphasis",
                     "Nội dung văn bản: chữ in thường, kiểu chữ đứng; cả đoạn không in đậm",
                     para.location())
        if para.all_italic() and not ITEM_RE.match(para.text.strip()):
            c.report("ND30.body.emphasis",
                     "Nội dung văn bản: kiểu chữ đứng; cả đoạn không in nghiêng (chỉ căn cứ in "
                     "nghiêng)", para.location())


def check_table_size(c: Checker) -> None:
    """ND30.table.size: text in the tables of the body and the appendix is at least 12 pt."""
    for where, blocks in (("nội dung", c.parts.body), ("phụ lục", c.parts.appendix)):
        tables = [block for block in blocks if block.tag == _w("tbl")]
        for number, tbl in enumerate(tables, start=1):
            small = [para for para in (c.para(p, f"{where}, bảng {number}")
                                       for p in tbl.iter(_w("p")))
                     if any(size is None or size < MIN_TABLE_SIZE for size in para.sizes())]
            if small:
                c.report("ND30.table.size",
                         f"Chữ trong bảng cỡ từ {MIN_TABLE_SIZE} trở lên (cỡ đang là "
                         f"{size_text(small[0])})", small[0].location())


def is_blank(p: etree._Element) -> bool:
    """An empty paragraph that only makes space (not a rule, a break or a picture)."""
    if p.tag != _w("p") or text_of(p).strip() or layout.is_rule(p):
        return False
    if p.find("w:pPr/w:sectPr", NS) is not None or Checker.starts_new_page(p):
        return False
    return not any(True for tag in ("drawing", "pict", "object") for _ in p.iter(_w(tag)))


def check_empty_paragraphs(c: Checker) -> None:
    """ND30.empty_paragraphs: space comes from paragraph spacing, not runs of empty lines."""
    run, above = 0, "đầu văn bản"
    for block in c.body:
        if is_blank(block):
            run += 1
            if run == 2:
                c.report("ND30.empty_paragraphs",
                         "Không dùng nhiều dòng trống liên tiếp để tạo khoảng cách; dùng "
                         "khoảng cách đoạn (spacing)", above)
            continue
        run = 0
        if block.tag == _w("p") and text_of(block).strip():
            above = f"sau đoạn {snippet(text_of(block))}"
        elif block.tag == _w("tbl"):
            above = "sau bảng"


def check_decision_authority(c: Checker) -> None:
    """ND30.decision.authority: a Quyết định names its issuing authority (in bold capitals,
    centred) above the căn cứ."""
    if c.kind == DECISION and authority_line(c) is None:
        where = c.parts.paragraphs[0].location() if c.parts.paragraphs else "nội dung"
        c.report("ND30.decision.authority",
                 "Quyết định phải có dòng thẩm quyền ban hành (ví dụ “CHỦ TỊCH ỦY BAN NHÂN DÂN "
                 "TỈNH …”, “BAN THƯỜNG VỤ …”) ngay trên phần căn cứ: chữ in hoa, đậm, căn giữa",
                 where)


def check_decision_operative(c: Checker) -> None:
    """ND30.decision.operative: "QUYẾT ĐỊNH:" stands alone, bold and centred, between the
    căn cứ and Điều 1."""
    if c.kind != DECISION:
        return
    paras = c.parts.paragraphs
    at = next((i for i, para in enumerate(paras)
               if " ".join(para.shown_text().split()) == OPERATIVE), None)
    first_article = next((i for i, para in enumerate(paras)
                          if ARTICLE_RE.match(para.text.strip())), len(paras))
    if at is None or at > first_article:
        where = paras[first_article].location() if first_article < len(paras) else "nội dung"
        c.report("ND30.decision.operative",
                 f"Thiếu dòng “{OPERATIVE}” (in hoa, đậm, căn giữa) giữa phần căn cứ và Điều 1",
                 where)
    elif not paras[at].all_bold() or paras[at].layout().align != "center":
        c.report("ND30.decision.operative", f"Dòng “{OPERATIVE}” phải in đậm, căn giữa",
                 paras[at].location())


def check_collective_signature(c: Checker) -> None:
    """ND30.signature.collective: a collective issuer signs "TM." before its own name."""
    authority = authority_line(c)
    if authority is None:
        return
    issuer = " ".join(authority.shown_text().split())
    if not issuer.startswith(COLLECTIVE_WORDS):
        return
    for tc in c.parts.signatures:
        lines, name = signature_lines(c, tc)
        first = " ".join(lines[0].shown_text().split()) if lines else ""
        if not first.startswith("TM. "):
            c.report("ND30.signature.collective",
                     f"Quyết định của tập thể “{issuer}” phải ký thay mặt tập thể: dòng đầu "
                     f"phần ký là “TM. …” trước tên tập thể (đang là “{first}”)",
                     (lines[0] if lines else name).location())
        elif not issuer.startswith(first[len("TM. "):]):
            c.report("ND30.signature.collective",
                     f"“{first}” phải ghi tên tập thể ban hành “{issuer}”", lines[0].location())


def check_deputy_signature(c: Checker) -> None:
    """ND30.signature.deputy: the authority lines are a legal shape (``signature_problem``):
    "TM. …" for a collective, "KT. …" over a deputy's title, both for a deputy signing for
    a collective — never "TM. …" straight over "PHÓ …", nor "KT. …" over the head's title."""
    for tc in c.parts.signatures:
        lines, _ = signature_lines(c, tc)
        problem = signature_problem([line.shown_text() for line in lines])
        if problem is not None:
            at, message = problem
            c.report("ND30.signature.deputy", message, lines[min(at, len(lines) - 1)].location())


def check_signer_name_case(c: Checker) -> None:
    """ND30.signature.name: the signer's name in lower case with capital initials."""
    for tc in c.parts.signatures:
        _, name = signature_lines(c, tc)
        if name.is_caps() and any(ch.isalpha() for ch in name.text):
            c.report("ND30.signature.name",
                     "Họ tên người ký viết chữ in thường (hoa chữ cái đầu mỗi tiếng), không "
                     f"viết in hoa cả tên: “{name.text.strip()}”", name.location())


def check_appendix_date(c: Checker) -> None:
    """ND30.appendix.date: the appendix cites the date the document itself bears."""
    issued, cited = c.parts.issued_on, c.parts.reference_date
    if issued and cited and issued != cited and c.parts.reference is not None:
        c.report("ND30.appendix.date",
                 f"Ngày trong dòng “(Kèm theo …)” ({cited:%d/%m/%Y}) khác ngày ban hành văn bản "
                 f"({issued:%d/%m/%Y})", c.parts.reference.location())


def minutes_paragraph(c: Checker, pattern: re.Pattern[str]) -> Para | None:
    return next((para for para in c.parts.paragraphs if pattern.search(para.text.strip())), None)


def check_minutes_time(c: Checker) -> None:
    """ND30.minutes.time: a Biên bản says when the meeting began."""
    if c.kind == MINUTES and minutes_paragraph(c, MINUTES_TIME_RE) is None:
        c.report("ND30.minutes.time",
                 "Biên bản phải ghi thời gian bắt đầu (“Thời gian: Vào hồi … giờ … phút, ngày "
                 "… tháng … năm …”)", "nội dung biên bản")


def check_minutes_attendance(c: Checker) -> None:
    """ND30.minutes.attendance: a Biên bản lists who took part (thành phần)."""
    if c.kind == MINUTES and minutes_paragraph(c, MINUTES_ATTENDANCE_RE) is None:
        c.report("ND30.minutes.attendance",
                 "Biên bản phải ghi thành phần tham dự (“Thành phần: …”)", "nội dung biên bản")


def check_minutes_quorum(c: Checker) -> None:
    """ND30.minutes.quorum: a Biên bản of a council states how many members were present out
    of how many (the quorum the votes rest on)."""
    if c.kind == MINUTES and minutes_paragraph(c, MINUTES_QUORUM_RE) is None:
        c.report("ND30.minutes.quorum",
                 "Biên bản phải ghi số thành viên có mặt trên tổng số thành viên (ví dụ “có mặt "
                 "08/10 thành viên”), căn cứ để xác định đủ điều kiện họp", "nội dung biên bản")


def check_minutes_conclusion(c: Checker) -> None:
    """ND30.minutes.conclusion: a Biên bản records what the meeting concluded."""
    if c.kind == MINUTES and minutes_paragraph(c, MINUTES_CONCLUSION_RE) is None:
        c.report("ND30.minutes.conclusion", "Biên bản phải có phần “Kết luận: …” của cuộc họp",
                 "nội dung biên bản")


def check_minutes_signatures(c: Checker) -> None:
    """ND30.minutes.signatures: a Biên bản is signed by its secretary and its chair."""
    if c.kind != MINUTES:
        return
    roles = [" ".join(" ".join(line.shown_text().split()) for line in signature_lines(c, tc)[0])
             for tc in c.parts.signatures]
    missing = [label for label, words in MINUTES_SIGNERS
               if not any(word in role for role in roles for word in words)]
    if missing:
        c.report("ND30.minutes.signatures",
                 "Biên bản phải có hai chữ ký: thư ký (người ghi biên bản) và chủ trì (chủ tọa); "
                 f"thiếu chữ ký của {' và '.join(missing)}", "cuối biên bản")


def check_proposal_addressee(c: Checker) -> None:
    """ND30.proposal.addressee: a Tờ trình names whom it is addressed to ("Kính gửi: …")."""
    if c.kind == PROPOSAL and not any(para.text.strip().startswith("Kính gửi")
                                      for para in c.parts.paragraphs):
        where = c.parts.summary[-1].location() if c.parts.summary else "dưới trích yếu"
        c.report("ND30.proposal.addressee",
                 "Tờ trình phải có phần “Kính gửi: …” (nơi nhận tờ trình) dưới trích yếu",
                 where)


PAGE_RULES: tuple[Callable[[Checker], None], ...] = (
    check_page_number_style, check_page_number_position, check_hidden_text,
    check_character_scaling,
)
PART_RULES: tuple[Callable[[Checker], None], ...] = (
    check_upright, check_header_alignment, check_number_position, check_body_one_size,
    check_body_emphasis, check_table_size, check_empty_paragraphs, check_decision_authority,
    check_decision_operative, check_collective_signature, check_deputy_signature,
    check_signer_name_case, check_appendix_date, check_minutes_time, check_minutes_attendance,
    check_minutes_quorum, check_minutes_conclusion, check_minutes_signatures,
    check_proposal_addressee,
)


def date_problem(day: str, month: str, year: str) -> str | None:
    """Explain what breaks the NĐ 30 leading-zero rule or the calendar, or return None."""
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return f"Ngày {day}/{month}/{year} không có thật"
    if day != f"{int(day):02d}":
        return "Ngày nhỏ hơn 10 phải có số 0 phía trước (ngày 05), không có số 0 thừa"
    expected_month = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
    if month != expected_month:
        return ("Tháng 1, 2 phải có số 0 phía trước (tháng 01, 02); các tháng khác không có số "
                "0 (tháng 6)")
    return None


def open_document(source: str | Path | bytes) -> DocumentObject:
    """Open a .docx from a path or from bytes; raise ValueError if it is not one."""
    data = source if isinstance(source, bytes | bytearray) else Path(source).read_bytes()
    try:
        return docx.Document(io.BytesIO(bytes(data)))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"không đọc được tệp .docx: {exc}") from exc


def check_docx(source: str | Path | bytes) -> list[Violation]:
    """Return every violation of the NĐ 30/2020 format in the .docx at ``source``."""
    return Checker(open_document(source)).check()


def rule_ids(violations: Iterable[Violation]) -> set[str]:
    """Return the rule ids of ``violations``."""
    return {violation.rule for violation in violations}


def main(argv: Sequence[str] | None = None) -> int:
    """Check .docx files; print one line per violation; exit 1 if any, 2 if unreadable."""
    parser = argparse.ArgumentParser(
        prog="thidua check-docx",
        description="Kiểm tra thể thức văn bản theo Nghị định 30/2020/NĐ-CP, Phụ lục I.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="tệp .docx cần kiểm tra")
    parser.add_argument("--rules", action="store_true",
                        help="liệt kê các quy tắc kiểm tra và nguồn của từng quy tắc")
    args = parser.parse_args(argv)
    if args.rules:
        for rule, about in RULES.items():
            print(f"{rule}: {about.what} — {about.source}")
        return 0
    if not args.files:
        parser.error("cần ít nhất một tệp .docx (hoặc --rules)")
    status = 0
    for name in args.files:
        try:
            violations = check_docx(name)
        except (OSError, ValueError) as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            status = 2
            continue
        for violation in violations:
            print(f"{name}: {violation}")
        if violations and status == 0:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
