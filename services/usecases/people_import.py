"""Import a list of people from .xlsx (openpyxl): valid rows are added, the rest reported.

Columns, by their Vietnamese headings in the first row (order free): "Họ và tên",
"Mã đơn vị", "Chức vụ" (optional), "Lãnh đạo" (optional: có/không). Each row is saved
under an idempotency key made of the file's SHA-256 and the row number, so importing
the same file twice adds nobody twice.
"""

from __future__ import annotations

import hashlib
import unicodedata
from io import BytesIO
from typing import Any
from uuid import UUID

from openpyxl import load_workbook

from events.errors import ConflictError, DomainError, InvalidInputError
from services.actors import Actor, check_allowed
from services.commands import KEY_FIELD
from services.usecases.organisation import Organisation

MAX_ROWS = 5000
HEADINGS = {
    "họ và tên": "full_name", "họ tên": "full_name",
    "mã đơn vị": "unit_code",
    "chức vụ": "position",
    "lãnh đạo": "is_leader",
}
YES = {"có", "x", "1", "yes", "true", "lãnh đạo"}
NO = {"", "không", "0", "no", "false"}


def _heading(value: object) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip().lower()


def read_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, fields) for every non-empty row under the heading row."""
    try:
        sheet = load_workbook(BytesIO(data), read_only=True, data_only=True).active
    except Exception:  # any unreadable upload is the user's file, not our fault
        raise InvalidInputError("Tệp không phải là bảng tính .xlsx đọc được.", "file") from None
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    columns = {i: HEADINGS[_heading(v)] for i, v in enumerate(header) if _heading(v) in HEADINGS}
    missing = {"full_name", "unit_code"} - set(columns.values())
    if missing:
        raise InvalidInputError(
            "Dòng đầu của bảng phải có các cột «Họ và tên» và «Mã đơn vị» "
            "(tùy chọn: «Chức vụ», «Lãnh đạo»).", "file")
    result = []
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidInputError(f"Mỗi lần nhập tối đa {MAX_ROWS} dòng.", "file")
        fields = {name: values[i] if i < len(values) else None for i, name in columns.items()}
        if all(v in (None, "") for v in fields.values()):
            continue
        result.append((number, fields))
    return result


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
