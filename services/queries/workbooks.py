"""Standings and award lists as .xlsx workbooks, the form clerks share (openpyxl)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from events.campaign import CLASSIFICATIONS, SUBJECT_KINDS
from events.text import printable
from services.formatting import XLSX_MONEY, day, period, period_short

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# A text beginning with one of these is read as a formula by a spreadsheet (by openpyxl
# itself for "="), at once or when a clerk edits the cell: a unit named
# =HYPERLINK("http://…","bấm vào") would be a live link in the file we hand out.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def keep_text(cell: Cell) -> None:
    """Write a text cell as a string no spreadsheet evaluates; numbers stay numbers.

    A string cell (openpyxl made "=…" a formula) holds the text, and the quote prefix
    keeps Excel and LibreOffice from making it a formula if a clerk edits the cell.
    """
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def table_workbook(sheet_title: str, heading: list[str], headers: list[str],
                   rows: list[list[Any]], widths: dict[int, int], freeze_column: int,
                   number_formats: dict[int, str] | None = None) -> bytes:
    """One bordered table under a few bold heading lines, in Times New Roman; the cells of
    a column in ``number_formats`` (1-based) show numbers in that format."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = printable(sheet_title)[:31]
    heading, headers = [printable(line) for line in heading], [printable(h) for h in headers]
    rows = [[printable(v) if isinstance(v, str) else v for v in row] for row in rows]
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    for line in heading:
        sheet.append([line])
    sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows():  # every text we write: headings, headers and rows
        for cell in line:
            keep_text(cell)
    for line in sheet.iter_rows(min_row=1, max_row=len(heading)):
        line[0].font = bold
    header_row = len(heading) + 2
    for line in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row):
        for cell in line:
            cell.font = bold if cell.row == header_row else font
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if cell.row > header_row and cell.column in (number_formats or {}):
                cell.number_format = (number_formats or {})[cell.column]
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column, 12)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=freeze_column)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def standings_workbook(result: dict[str, Any], campaign: dict[str, Any]) -> bytes:
    """Render one standings table; same input → same cells (the file itself has dates)."""
    kind = SUBJECT_KINDS[result["subject_kind"]]
    criteria = sorted({code for row in result["rows"] for code in row["criteria"]})
    headers = ["Hạng", "Tên " + kind, "Đơn vị", "Khối thi đua", *criteria, "Tổng điểm",
               "Điểm bình quân", "Số kỳ đã chấm", "Xếp loại", "Hạng trong đơn vị",
               "Hạng trong khối"]
    heading = [
        f"BẢNG XẾP HẠNG THI ĐUA — {kind.upper()} — {period(result['period']).upper()}",
        f"Phong trào: {campaign['title']} (Kế hoạch số {campaign['number']})",
        f"Từ ngày {day(result['period_start'])} đến ngày "
        f"{day(result['period_end'])}; vị trí sổ sự kiện: {result['position']}"]
    rows = [[
        row["rank"] if row["rank"] is not None else "Chờ duyệt",
        row["subject_name"], row["unit_name"] or row["unit_code"], row["bloc_name"],
        *[_number(row["criteria"].get(code)) for code in criteria],
        _number(row["total"]), _number(row["average"]), row["periods_counted"],
        CLASSIFICATIONS.get(row["classification"], "") if row["classification"] else "",
        row["unit_rank"], row["bloc_rank"],
    ] for row in result["rows"]]
    # A sheet's name may not hold "/" (nor be longer than 31 characters).
    sheet_title = f"Xếp hạng {period_short(result['period']).replace('/', '-')}"
    return table_workbook(sheet_title, heading, headers, rows,
                          {1: 10, 2: 34, 3: 34, 4: 22}, freeze_column=3)


def award_history_workbook(rows: list[dict[str, Any]], whose: str,
                           position: int) -> bytes:
    """Tra cứu khen thưởng as a table: the awards of a unit (and its people) or of one
    subject, revoked ones marked, the prize money summed over the awards in force."""
    heading = [f"DANH SÁCH KHEN THƯỞNG — {whose.upper()}",
               f"Vị trí sổ sự kiện: {position}"]
    headers = ["STT", "Năm", "Tập thể, cá nhân", "Danh hiệu, hình thức", "Số quyết định",
               "Ngày quyết định", "Tiền thưởng (đồng)", "Ghi chú"]
    table: list[list[Any]] = []
    for index, row in enumerate(rows, start=1):
        revoked = row["status"] == "revoked"
        note = f"Đã hủy: {row['revoked_reason']}" if revoked else (row["note"] or "")
        if row["under_discipline"] and not revoked:
            note = "; ".join(filter(None, [note, "đang bị kỷ luật"]))
        table.append([
            index, row["year"], row["subject_name"], row["award_name"], row["number"] or "",
            day(row["decided_on"]), _number(row["prize"]), note])
    total = sum((r["prize"] for r in rows if r["prize"] is not None and r["status"] != "revoked"),
                Decimal(0))
    table.append(["", "", "Tổng cộng (không kể quyết định đã hủy)", "", "", "",
                  _number(total), ""])
    return table_workbook("Khen thưởng", heading, headers, table,
                          {1: 6, 2: 8, 3: 34, 4: 34, 5: 18, 6: 14, 7: 16, 8: 34},
                          freeze_column=3, number_formats={7: XLSX_MONEY})
