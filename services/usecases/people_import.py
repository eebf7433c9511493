"""Import a list of people from .xlsx (openpyxl): valid rows are added, the rest reported.

Columns, by their Vietnamese headings in the first row (order free): "Họ và tên",
"Mã đơn vị", "Chức vụ" (optional), "Lãnh đạo" (optional: có/không), "Giới tính" (optional:
Nam/Nữ), "Ngày sinh" (optional: a date cell or dd/mm/yyyy). ``template()`` is the
workbook a clerk fills in: exactly these headings and an example row. Each row is saved
under an idempotency key made of the file's SHA-256 and the row number, so importing
the same file twice adds nobody twice.

An upload is a zip of XML parts, and a small one can unpack to a huge sheet (an ".xlsx
bomb": 147 KB holding 74 MB of XML kept a web worker busy past gunicorn's timeout). So,
before any XML is parsed, the archive's own directory is checked (sizes, compression
ratios); then the sheet's declared dimension; then the rows are read in read-only mode,
only the needed columns, within a time budget. Every refusal is a 400 on the field
"file" that names the limit, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from time import monotonic
from typing import Any
from uuid import UUID

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from events.errors import ConflictError, DomainError, InvalidInputError
from services.actors import Actor, check_allowed
from services.commands import KEY_FIELD
from services.usecases.organisation import Organisation

MAX_ROWS = 5000
# The import reads 4 columns; a list with notes beside it stays well under 30, and a
# row of 16,384 cells (the bomb's) is refused from its declared dimension alone.
MAX_COLUMNS = 30
MB = 1024 * 1024
# A full list (5,000 rows × 5 columns) is 1.5 MB of sheet XML, 4.4 MB with 30 columns of
# bordered empty cells; 10 MB for one part and 20 MB for the archive leave room for
# styles, shared strings, a theme and a logo, and bound what openpyxl may be asked to
# parse (the 74 MB bomb took a minute; 10 MB of tiny cells takes some seconds).
MAX_PART_BYTES = 10 * MB
MAX_UNPACKED_BYTES = 20 * MB
# Sheet XML compresses 10-15 times (rows of names, or of empty bordered cells); 100 times
# and more is a part of repeated filler (the 147 KB bomb: 500 times). Parts under 1 MB are
# harmless whatever their ratio, so small repetitive parts (styles) are not judged.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MB
# gunicorn kills a worker after 30 s; reading a full legitimate list takes 1-2 s, so 5 s
# leaves room for a slower machine and stops what passed the other checks but is slow.
TIME_BUDGET_SECONDS = 5.0
HEADINGS = {
    "họ và tên": "full_name", "họ tên": "full_name",
    "mã đơn vị": "unit_code",
    "chức vụ": "position",
    "lãnh đạo": "is_leader",
    "giới tính": "sex",
    "ngày sinh": "birth_date",
}
# The template's heading row: the first spelling of each column the reader accepts.
TEMPLATE_HEADINGS = ("Họ và tên", "Mã đơn vị", "Chức vụ", "Lãnh đạo", "Giới tính", "Ngày sinh")
SEX_WORDS = {"nam": "male", "nữ": "female", "nu": "female"}
YES = {"có", "x", "1", "yes", "true", "lãnh đạo"}
NO = {"", "không", "0", "no", "false"}
UNREADABLE = "Tệp không phải là bảng tính .xlsx đọc được."


def _heading(value: object) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip().lower()


def _refuse(message: str) -> InvalidInputError:
    return InvalidInputError(message, "file")


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


def _check_archive(data: bytes) -> None:
    """Refuse, from the zip directory alone, an archive that unpacks too big.

    The sizes are those of the central directory, the ones Python's zipfile trusts: it
    never hands out more bytes than a part declares (a part that holds more fails its
    CRC check), so a lying directory cannot smuggle a bigger sheet past these checks.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = archive.infolist()
    except Exception:  # not a zip at all: the user's file, not our fault
        raise _refuse(UNREADABLE) from None
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise _refuse(
                f"Thành phần «{part.filename}» của tệp giải nén ra "
                f"{_megabytes(part.file_size)}, vượt giới hạn {MAX_PART_BYTES // MB} MB "
                "cho mỗi thành phần của tệp .xlsx.")
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise _refuse(
                f"Thành phần «{part.filename}» của tệp bị nén {ratio:.0f} lần, vượt giới "
                f"hạn {MAX_RATIO} lần: tệp chứa dữ liệu lặp bất thường, không nhập được.")
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(f"Tệp giải nén ra {_megabytes(total)}, vượt giới hạn "
                      f"{MAX_UNPACKED_BYTES // MB} MB cho một tệp .xlsx.")


def _check_dimension(sheet: Any, needed: int = len(TEMPLATE_HEADINGS)) -> None:
    """Refuse a sheet whose declared used range is too large, then stop trusting it.

    In read-only mode openpyxl takes the range from the sheet's ``<dimension
    ref="A1:P300">``, read from the head of the sheet XML (it stops at that element,
    which comes before the rows). A sheet may declare a small range and hold more: the
    range is then forgotten, so the rows are read as they are, under the other limits.
    (A sheet without one is read to its end by openpyxl to find none, within the size
    limits; the dimension is optional, and the rows are then limited as they come.)
    """
    rows, columns = sheet.max_row, sheet.max_column  # both None without a dimension
    if rows is not None and rows > MAX_ROWS + 1:
        raise _refuse(
            f"Trang tính «{sheet.title}» khai báo vùng dữ liệu "
            f"{sheet.calculate_dimension()} gồm {rows} dòng, vượt giới hạn "
            f"{MAX_ROWS} dòng mỗi lần nhập (không kể dòng tiêu đề; ô trống có định dạng "
            "cũng được tính).")
    if columns is not None and columns > MAX_COLUMNS:
        raise _refuse(
            f"Trang tính «{sheet.title}» khai báo vùng dữ liệu "
            f"{sheet.calculate_dimension()} gồm {columns} cột, vượt giới hạn "
            f"{MAX_COLUMNS} cột (bảng nhập chỉ cần {needed} cột).")
    sheet.reset_dimensions()


def _check_time(deadline: float) -> None:
    if monotonic() > deadline:
        raise _refuse(
            f"Đọc tệp quá {TIME_BUDGET_SECONDS:g} giây mà chưa xong nên đã dừng; hãy chia "
            f"thành các tệp nhỏ hơn (tối đa {MAX_ROWS} dòng, {MAX_COLUMNS} cột).")


@dataclass(frozen=True)
class Table:
    """What a list's heading row may hold: each heading (lower case, NFC) → field name;
    the fields it must have, and what to say when it has not."""

    headings: dict[str, str]
    required: frozenset[str]
    missing: str
    columns: int  # how many columns the template has


PEOPLE = Table(HEADINGS, frozenset({"full_name", "unit_code"}),
               "Dòng đầu của bảng phải có các cột «Họ và tên» và «Mã đơn vị» (tùy chọn: «Chức "
               "vụ», «Lãnh đạo», «Giới tính», «Ngày sinh»); tải bảng mẫu ở trang Cá nhân.",
               len(TEMPLATE_HEADINGS))


def _rows_of(sheet: Any, deadline: float,
             table: Table = PEOPLE) -> list[tuple[int, dict[str, Any]]]:
    header = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    _check_time(deadline)
    columns = {i: table.headings[_heading(v)] for i, v in enumerate(header)
               if _heading(v) in table.headings}
    if table.required - set(columns.values()):
        raise _refuse(table.missing)
    width = max(columns) + 1
    result = []
    rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    for number, values in enumerate(rows, start=2):
        _check_time(deadline)
        fields = {name: values[i] if i < len(values) else None for i, name in columns.items()}
        if all(v in (None, "") for v in fields.values()):
            continue  # empty (perhaps only formatted) rows cost nothing but time
        if number - 1 > MAX_ROWS:
            raise _refuse(f"Mỗi lần nhập tối đa {MAX_ROWS} dòng.")
        result.append((number, fields))
    return result


def read_rows(data: bytes, table: Table = PEOPLE) -> list[tuple[int, dict[str, Any]]]:
    """(row number, fields) for every non-empty row under the heading row (the people's
    list unless another ``table`` is named)."""
    deadline = monotonic() + TIME_BUDGET_SECONDS
    _check_archive(data)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any unreadable upload is the user's file, not our fault
        raise _refuse(UNREADABLE) from None
    try:
        sheet = workbook.active
        if not hasattr(sheet, "iter_rows"):  # no sheet, or a chart sheet
            raise _refuse(UNREADABLE)
        _check_dimension(sheet, table.columns)
        _check_time(deadline)
        return _rows_of(sheet, deadline, table)
    except InvalidInputError:
        raise
    except Exception:  # malformed sheet XML: the user's file too
        raise _refuse(UNREADABLE) from None
    finally:
        workbook.close()


def _sex(value: object) -> str | None:
    word = _heading(value)
    if not word:
        return None
    if word not in SEX_WORDS:
        raise InvalidInputError("Cột «Giới tính» chỉ ghi «Nam», «Nữ» hoặc để trống.", "sex")
    return SEX_WORDS[word]


def _day(value: object) -> date | None:
    """A date cell, or a date typed as dd/mm/yyyy (or yyyy-mm-dd)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidInputError(f"Ngày sinh «{text}» không hợp lệ: ghi dạng ngày/tháng/năm, ví dụ "
                            "05/03/1985.", "birth_date")


def template() -> bytes:
    """The workbook a clerk fills in: the heading row the reader accepts and one example."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách cá nhân"
    sheet.append(TEMPLATE_HEADINGS)
    sheet.append(("Nguyễn Thị Mẫu", "MA-DON-VI", "Chuyên viên", "", "Nữ",
                  date(1985, 3, 5)))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet["F2"].number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEF", (28, 16, 24, 10, 10, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


class PeopleImport:
    """People from a workbook, each valid row added once."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.runner = organisation.runner

    def import_people(self, data: bytes, actor: Actor,
                      idempotency_key: str | None = None) -> dict[str, Any]:
        """Add the valid rows; return how many were added and why the others were not.

        With an idempotency key, the same key and another file is refused: the key's
        first answer (that file's rows) would not answer this one.
        """
        check_allowed(actor, "people.create")
        digest = hashlib.sha256(data).hexdigest()[:32]
        done = self.runner.earlier(actor, idempotency_key, "people.import")
        if done is not None and done != UUID(digest):
            raise ConflictError("Mã chống gửi trùng này đã được dùng cho một tệp khác; tạo mã "
                                "mới cho mỗi lần gửi.", KEY_FIELD)
        added: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        for number, fields in read_rows(data):
            leader = _heading(fields.get("is_leader"))
            try:
                if leader not in YES | NO:
                    raise InvalidInputError("Cột «Lãnh đạo» chỉ ghi «có» hoặc để trống.",
                                            "is_leader")
                person = self.organisation.create_person(
                    full_name=str(fields.get("full_name") or ""),
                    unit_code=str(fields.get("unit_code") or ""),
                    position=str(fields.get("position") or ""), is_leader=leader in YES,
                    sex=_sex(fields.get("sex")), birth_date=_day(fields.get("birth_date")),
                    actor=actor, idempotency_key=f"xlsx-{digest}-{number}")
            except DomainError as exc:
                rejected.append({"row": number, "field": exc.field, "message": exc.message})
            else:
                added.append({"row": number, **person})
        if done is None:
            # Each row was saved under its own key; the key of the upload only remembers
            # which file it carried (a repeat answers by importing it again: nothing new).
            self.runner.remember(actor, idempotency_key, "people.import", UUID(digest))
        return {"imported": len(added), "people": added, "rejected": rejected}
