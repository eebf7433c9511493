"""The .xlsx exports write dates and money in the style of services.formatting."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from services.queries.workbooks import award_history_workbook


def test_award_history_reads_dates_as_pages_do_and_money_grouped() -> None:
    row = {"status": "issued", "revoked_reason": None, "note": None, "under_discipline": False,
           "year": 2020, "subject_name": "Trường THCS Lê Quý Đôn",
           "award_name": "Tập thể lao động xuất sắc", "number": "12/QĐ-UBND",
           "decided_on": date(2020, 12, 30), "prize": Decimal(2_530_000)}
    sheet = load_workbook(io.BytesIO(award_history_workbook([row], "một trường", 7))).active
    cells = {cell.value: cell for line in sheet.iter_rows() for cell in line}
    assert "30/12/2020" in cells
    assert cells[2_530_000].number_format == "[$-42A]#,##0"  # grouped as vi-VN: 2.530.000
