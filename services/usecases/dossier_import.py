"""A draft dossier from a list of nominees in .xlsx: each row a person or a collective of
the submitting unit's tree, with the summary of its achievements. The rows that pass the
same checks as a dossier drafted on the page make the dossier; the others are listed with
their row number and why (as the people import does). The workbook is read by
``people_import.read_rows`` with the same limits (size, ratio, rows, columns, time).

Columns, by their Vietnamese headings in the first row (order free): "Loại" (Cá nhân /
Tập thể; empty: cá nhân), "Họ và tên, tên tập thể", "Mã đơn vị" (a person's unit, to
tell apart people of the same name; a collective's own code), "Tóm tắt thành tích".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any
from uuid import UUID

from openpyxl import Workbook
from openpyxl.styles import Font

from events.dossier import MAX_NOMINEES
from events.errors import DomainError, InvalidInputError
from events.rules import ANNUAL
from services.actors import Actor, check_allowed
from services.usecases.dossiers import Dossiers
from services.usecases.organisation import Organisation
from services.usecases.people_import import Table, read_rows

TEMPLATE_HEADINGS = ("Loại", "Họ và tên, tên tập thể", "Mã đơn vị", "Tóm tắt thành tích")
NOMINEES = Table(
    {"loại": "kind", "đối tượng": "kind",
     "họ và tên, tên tập thể": "name", "họ và tên": "name", "họ tên": "name",
     "tên tập thể": "name", "tên": "name",
     "mã đơn vị": "unit_code",
     "tóm tắt thành tích": "summary", "thành tích": "summary"},
    frozenset({"name", "summary"}),
    "Dòng đầu của bảng phải có các cột «Họ và tên, tên tập thể» và «Tóm tắt thành tích» "
    "(tùy chọn: «Loại», «Mã đơn vị»); tải bảng mẫu ở trang Hồ sơ đề nghị.",
    len(TEMPLATE_HEADINGS))
KINDS = {"": "individual", "cá nhân": "individual", "ca nhan": "individual",
         "tập thể": "collective", "tap the": "collective"}


def _words(value: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split()).lower()


def template() -> bytes:
    """The workbook a unit fills in: the heading row the reader accepts, two examples."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đề nghị"
    sheet.append(TEMPLATE_HEADINGS)
    sheet.append(("Cá nhân", "Nguyễn Thị Mẫu", "MA-DON-VI",
                  "Hoàn thành xuất sắc nhiệm vụ; có sáng kiến được áp dụng."))
    sheet.append(("Tập thể", "", "MA-DON-VI-TRUC-THUOC",
                  "Tập thể lao động xuất sắc hai năm liền."))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (10, 30, 22, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class DossierImport:
    """A unit's nominee list from .xlsx into a draft dossier."""

    dossiers: Dossiers
    organisation: Organisation

    def import_dossier(self, data: bytes, *, campaign_id: object, award: object,
                       unit_code: str | None = None, year: object = None,
                       basis: str = ANNUAL, actor: Actor, on: date | None = None,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """Draft a dossier of the valid rows; list the others. No valid row: no dossier."""
        check_allowed(actor, "dossiers.submit")
        submitter = self.dossiers.submitting_unit(actor, unit_code)
        day = on or self.dossiers.app.clock()
        # The award is checked once for the whole file, not on every row.
        self.dossiers.award_forms.entry(award)
        rows = read_rows(data, NOMINEES)
        if len(rows) > MAX_NOMINEES:
            raise InvalidInputError(
                f"Một hồ sơ có tối đa {MAX_NOMINEES} cá nhân, tập thể được đề nghị; tệp có "
                f"{len(rows)} dòng.", "file")
        people = self.organisation.list_people()
        accepted: list[tuple[int, dict[str, Any]]] = []
        rejected: list[dict[str, Any]] = []
        seen: dict[UUID, int] = {}
        for number, fields in rows:
            try:
                raw = self._nominee(fields, submitter, people)
                checked = self.dossiers.nominee_rows([raw], submitter, award, day)[0]
                if checked["subject_id"] in seen:
                    raise InvalidInputError(
                        f"«{checked['subject_name']}» đã có ở dòng {seen[checked['subject_id']]}.",
                        "name")
            except DomainError as exc:
                field = (exc.field or "").rpartition(".")[2] or None
                rejected.append({"row": number, "field": field, "message": exc.message})
                continue
            seen[checked["subject_id"]] = number
            accepted.append((number, {**raw, "subject_name": checked["subject_name"]}))
        if not accepted:
            return {"dossier": None, "imported": 0, "nominees": [], "rejected": rejected}
        dossier = self.dossiers.create_dossier(
            campaign_id=campaign_id, award=award, unit_code=unit_code, year=year, basis=basis,
            nominees=[{k: v for k, v in n.items() if k != "subject_name"}
                      for _, n in accepted],
            actor=actor, on=day, idempotency_key=idempotency_key)
        return {"dossier": dossier, "imported": len(accepted),
                "nominees": [{"row": number, "subject_name": n["subject_name"]}
                             for number, n in accepted],
                "rejected": rejected}

    def _nominee(self, fields: dict[str, Any], submitter: UUID,
                 people: list[dict[str, Any]]) -> dict[str, Any]:
        """The row as a dossier's nominee: the subject found by kind, name and unit."""
        kind_word = _words(fields.get("kind"))
        if kind_word not in KINDS:
            raise InvalidInputError("Cột «Loại» chỉ ghi «Cá nhân» hoặc «Tập thể».", "kind")
        kind, name = KINDS[kind_word], _words(fields.get("name"))
        code = str(fields.get("unit_code") or "").strip()
        summary = fields.get("summary")
        summary = summary if isinstance(summary, str) else str(summary or "")
        if kind == "collective":
            if not code:
                raise InvalidInputError("Tập thể được đề nghị cần ghi «Mã đơn vị».", "unit_code")
            unit = self.organisation.get_unit_by_code(code, "unit_code")
            return {"subject_kind": kind, "subject_id": str(unit.id), "summary": summary}
        if not name:
            raise InvalidInputError("Cột «Họ và tên, tên tập thể» không được để trống.", "name")
        found = [p for p in people if _words(p["full_name"]) == name
                 and (not code or p["unit_code"] == code.upper())]
        if len(found) > 1:
            inside = [p for p in found if submitter in self.organisation.unit_ancestry(
                UUID(p["unit_id"]))]
            found = inside or found
        if not found:
            where = f" ở đơn vị «{code}»" if code else ""
            raise InvalidInputError(
                f"Không có cá nhân «{fields.get('name')}»{where} trong danh sách cá nhân.",
                "name")
        if len(found) > 1:
            raise InvalidInputError(
                f"Có {len(found)} người tên «{fields.get('name')}»: ghi «Mã đơn vị» để chọn "
                "đúng người.", "unit_code")
        return {"subject_kind": kind, "subject_id": found[0]["id"], "summary": summary}
