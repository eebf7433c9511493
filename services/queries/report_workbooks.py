"""A statistical form and the award fund ledger as .xlsx (openpyxl): the form's header
block, its rows and columns as the circular lays them out, A4 landscape on one page wide."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from events.rules import CONFIDENCE
from events.text import printable
from services.formatting import XLSX_COUNT, XLSX_DATE, XLSX_MONEY, day
from services.queries.workbooks import BOX, keep_text

FONT = "Times New Roman"
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
LABEL_LINE = 52  # characters of a row's label on one line of column A


# A number's format (services/formatting.py) → a letter of its named style's name.
FORMATS = {XLSX_COUNT: "n", XLSX_MONEY: "m", XLSX_DATE: "d"}


def _put(sheet: Worksheet, row: int, column: int, value: Any, *, bold: bool = False,
         italic: bool = False, size: int = 11, align: Alignment = LEFT,
         box: bool = False, fmt: str | None = None) -> None:
    """A cell in a named style; a number or a date stays one, shown in ``fmt``."""
    cell = sheet.cell(row=row, column=column,
                      value=printable(value) if isinstance(value, str) else value)
    keep_text(cell)
    cell.style = _style(sheet.parent, size, bold, italic, align, box,
                        fmt if value is not None and not isinstance(value, str) else None)


def _style(workbook: Workbook, size: int, bold: bool, italic: bool, align: Alignment,
           box: bool, fmt: str | None = None) -> str:
    """A named style of the workbook (set once, then named by each cell: styling 16,000
    cells one attribute at a time took seconds)."""
    name = f"r{size}{'b' if bold else ''}{'i' if italic else ''}{align.horizontal[0]}" \
        f"{'x' if box else ''}{FORMATS[fmt] if fmt else ''}"
    if name not in workbook.named_styles:
        style = NamedStyle(name=name, font=Font(name=FONT, size=size, bold=bold, italic=italic),
                           alignment=align)
        if fmt:
            style.number_format = fmt
        if box:
            style.border = BOX
        workbook.add_named_style(style)
    return name


def _landscape(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statistics_workbook(report: dict[str, Any]) -> bytes:
    """One statistical form as its sheet: "Biểu số …", "Ban hành theo …", "Ngày nhận báo
    cáo" at the left, "Đơn vị báo cáo", "Đơn vị nhận báo cáo" at the right, the title and
    year, the table (A, B, C then the numbered columns), the notes with their marks."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Biểu {report['form']}"
    columns = report["columns"]
    width = 4 + len(columns)  # label, Mã số, Đơn vị tính, Tổng số, the figures
    half = max(3, width // 2)
    _put(sheet, 1, 1, f"Biểu số: {report['number']}", bold=True)
    _put(sheet, 2, 1, report["issued_under"], italic=True)
    _put(sheet, 3, 1, f"Ngày nhận báo cáo: {report['receiving_date']}")
    _put(sheet, 1, half + 1, f"Đơn vị báo cáo: {report['unit_name']}", bold=True)
    _put(sheet, 2, half + 1, f"Đơn vị nhận báo cáo: {report['receiver']}", bold=True)
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=half)
        sheet.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=width)
        sheet.row_dimensions[row].height = 30
    _put(sheet, 5, 1, report["title"], bold=True, size=13, align=CENTRE)
    _put(sheet, 6, 1, f"Năm {report['year']} (từ ngày {day(report['period_from'])} đến ngày "
                      f"{day(report['period_to'])})", italic=True, align=CENTRE)
    for row in (5, 6):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[5].height = 34
    top = 8
    if not report["computed"]:
        _put(sheet, top, 1, "Hệ thống chưa lưu dữ liệu của biểu này: cán bộ điền tay theo mẫu "
                            "của thông tư.", italic=True)
        sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=width)
        return _finish(workbook, sheet, report, top + 2, width)
    split = any(c["kind"] for c in columns)
    header_rows = 2 if split else 1
    for offset, title in enumerate(("", "Mã số", "Đơn vị tính", "Tổng số")):
        _put(sheet, top, 1 + offset, title, bold=True, align=CENTRE, box=True)
        if split:
            _put(sheet, top + 1, 1 + offset, None, box=True)
            sheet.merge_cells(start_row=top, start_column=1 + offset, end_row=top + 1,
                              end_column=1 + offset)
    index = 0
    while index < len(columns):
        column = columns[index]
        span = sum(1 for c in columns[index:] if c["key"] == column["key"])
        first = 5 + index
        _put(sheet, top, first, column["name"], bold=True, align=CENTRE, box=True)
        for extra in range(1, span):
            _put(sheet, top, first + extra, None, box=True)
        if span > 1:
            sheet.merge_cells(start_row=top, start_column=first, end_row=top,
                              end_column=first + span - 1)
        if split:
            for extra in range(span):
                kind = columns[index + extra]["kind_name"]
                _put(sheet, top + 1, first + extra, kind, bold=True, align=CENTRE, box=True)
                if not kind:
                    sheet.merge_cells(start_row=top, start_column=first, end_row=top + 1,
                                      end_column=first)
        index += span
    longest = max((len(c["name"]) for c in columns), default=0)
    sheet.row_dimensions[top].height = max(45, 14 * (2 + longest // 12))
    letters = top + header_rows
    numbers = ["A", "B", "C", "1"] + [c["number"] for c in columns]
    for offset, value in enumerate(numbers):
        same = offset > 4 and value == numbers[offset - 1]
        _put(sheet, letters, 1 + offset, None if same else value, bold=True, align=CENTRE,
             box=True)
    for offset in range(5, len(numbers)):  # a split column keeps one number (two kinds)
        if numbers[offset] == numbers[offset - 1]:
            sheet.merge_cells(start_row=letters, start_column=offset, end_row=letters,
                              end_column=offset + 1)
    line = letters + 1
    for row in report["table"]:
        # LibreOffice keeps a row one line high: give a long label the lines it wraps to.
        sheet.row_dimensions[line].height = 15 * (1 + len(row["label"]) // LABEL_LINE)
        _put(sheet, line, 1, row["label"], bold=row["heading"] or row["number"] in ("1", "01"),
             box=True)
        _put(sheet, line, 2, row["number"], align=CENTRE, box=True)
        _put(sheet, line, 3, row["unit"], align=CENTRE, box=True)
        _put(sheet, line, 4, row["total"], align=CENTRE, box=True, fmt=XLSX_COUNT)
        for offset, value in enumerate(row["cells"]):
            _put(sheet, line, 5 + offset, value, align=CENTRE, box=True, fmt=XLSX_COUNT)
        line += 1
    sheet.column_dimensions["A"].width = 46
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12 if column < 5 else 13
    return _finish(workbook, sheet, report, line + 1, width)


def _finish(workbook: Workbook, sheet: Worksheet, report: dict[str, Any], line: int,
            width: int) -> bytes:
    """The notes under the table (each with its mark), the source, the view's position."""
    _put(sheet, line, 1, "Ghi chú:", bold=True, italic=True)
    notes = [f"- {n['text']} ({n['confidence']}: {CONFIDENCE[n['confidence']]})"
             for n in report["notes"]]
    notes.append(f"- Nguồn: {report['source']} ({report['confidence']}: "
                 f"{CONFIDENCE[report['confidence']]}); vị trí sổ sự kiện {report['position']}.")
    for offset, text in enumerate(notes, start=1):
        _put(sheet, line + offset, 1, text, italic=True, size=10)
        sheet.merge_cells(start_row=line + offset, start_column=1, end_row=line + offset,
                          end_column=width)
        sheet.row_dimensions[line + offset].height = 28
    _landscape(sheet)
    return _save(workbook)


def fund_workbook(ledger: dict[str, Any]) -> bytes:
    """Sổ theo dõi chi tiền thưởng of a year: a line per decision issued, a negative one
    per decision revoked (on the day it was revoked), then the totals per paying unit and
    fund; A4 landscape, one page wide."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Quỹ khen thưởng {ledger['year']}"
    headers = ["STT", "Ngày", "Nội dung", "Số quyết định", "Danh hiệu, hình thức",
               "Đơn vị chi", "Nguồn chi", "Số tiền (đồng)"]
    widths = (6, 12, 26, 16, 36, 30, 28, 16)
    _put(sheet, 1, 1, f"SỔ THEO DÕI CHI TIỀN THƯỞNG THI ĐUA, KHEN THƯỞNG NĂM {ledger['year']}",
         bold=True, size=13, align=CENTRE)
    _put(sheet, 2, 1, f"Đơn vị: {ledger['unit_name']} (gồm các đơn vị trực thuộc)",
         italic=True, align=CENTRE)
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
    for column, title in enumerate(headers, start=1):
        _put(sheet, 4, column, title, bold=True, align=CENTRE, box=True)
    rows: list[tuple[list[Any], bool]] = []
    for index, line in enumerate(ledger["lines"], start=1):
        what = "Khen thưởng" if line["kind"] == "issued" else "Thu hồi (quyết định bị hủy)"
        rows.append(([index, line["date"], what, line["number"] or "",
                      line["award_name"], line["issuer_unit_name"], line["fund"],
                      line["amount"]], False))
    for total in ledger["totals"]:
        rows.append((["", "", f"Cộng: {total['unit_name']}", "", "", "", total["fund"],
                      total["net"]], True))
    rows.append((["", "", "Tổng cộng", "", "", "", "", ledger["total"]], True))
    for number, (values, bold) in enumerate(rows, start=5):
        longest = max(len(str(v)) / widths[i] for i, v in enumerate(values))
        sheet.row_dimensions[number].height = 15 * (1 + int(longest))
        for column, value in enumerate(values, start=1):
            _put(sheet, number, column, value, bold=bold, box=True,
                 align=CENTRE if column in (1, 2, 4) else RIGHT if column == len(values)
                 else LEFT,
                 fmt={2: XLSX_DATE, len(values): XLSX_MONEY}.get(column))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = 6 + len(rows)
    _put(sheet, last, 1, f"Vị trí sổ sự kiện: {ledger['position']}. Nguồn chi theo "
                         + "; ".join(f"{m['fund']} ({m['source']}, {m['confidence']})"
                                     for m in ledger["sources"]) + ".", italic=True, size=10)
    sheet.merge_cells(start_row=last, start_column=1, end_row=last, end_column=len(headers))
    sheet.row_dimensions[last].height = 45
    sheet.freeze_panes = "A5"
    _landscape(sheet)
    return _save(workbook)
