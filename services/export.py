"""Standings as an .xlsx workbook, the form clerks share (openpyxl)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from events.campaign import CLASSIFICATIONS, SUBJECT_KINDS

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def standings_workbook(result: dict[str, Any], campaign: dict[str, Any]) -> bytes:
    """Render one standings table; same input → same cells (the file itself has dates)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Xếp hạng {result['period']}"[:31]
    kind = SUBJECT_KINDS[result["subject_kind"]]
    criteria = sorted({code for row in result["rows"] for code in row["criteria"]})
    headers = ["Hạng", "Tên " + kind, "Đơn vị", "Khối thi đua", *criteria, "Tổng điểm",
               "Điểm bình quân", "Số kỳ đã chấm", "Xếp loại", "Hạng trong đơn vị",
               "Hạng trong khối"]
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    sheet.append([f"BẢNG XẾP HẠNG THI ĐUA — {kind.upper()} — KỲ {result['period']}"])
    sheet.append([f"Phong trào: {campaign['title']} (Kế hoạch số {campaign['number']})"])
    sheet.append([f"Từ ngày {result['period_start']:%d/%m/%Y} đến ngày "
                  f"{result['period_end']:%d/%m/%Y}; vị trí sổ sự kiện: {result['position']}"])
    sheet.append([])
    sheet.append(headers)
    for row in result["rows"]:
        classification = row["classification"]
        sheet.append([
            row["rank"] if row["rank"] is not None else "Chờ duyệt",
            row["subject_name"], row["unit_name"] or row["unit_code"], row["bloc_name"],
            *[_number(row["criteria"].get(code)) for code in criteria],
            _number(row["total"]), _number(row["average"]), row["periods_counted"],
            CLASSIFICATIONS.get(classification, "") if classification else "",
            row["unit_rank"], row["bloc_rank"],
        ])
    for line in sheet.iter_rows(min_row=1, max_row=3):
        line[0].font = bold
    header_row = 5
    for line in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row):
        for cell in line:
            cell.font = bold if cell.row == header_row else font
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = {1: 10, 2: 34, 3: 34, 4: 22}
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column, 12)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
