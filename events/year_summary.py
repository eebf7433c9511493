"""Báo cáo tổng kết công tác thi đua, khen thưởng năm …: the clerk's draft of a unit's
yearly summary.

The figures (campaigns, leaders, exemplars, dossiers, decisions) are read from the store
when the summary is issued; what the draft holds is what only the clerk can write: the
narrative sections, each a list of paragraphs. Issuing numbers the paper from the unit's
register (``events/paper.py``, kind ``bao_cao_tong_ket``) and freezes its context there;
the draft then records which paper it became and takes no more changes.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import ConflictError, InvalidInputError
from events.text import clean_text

DRAFT = "draft"
ISSUED = "issued"
STATUSES = {DRAFT: "Dự thảo", ISSUED: "Đã ban hành"}

# section → (heading of the paper it is printed under, whether issuing needs it). The
# sections the figures can speak for have a default text; the others the clerk writes.
SECTIONS: dict[str, tuple[str, bool]] = {
    "intro": ("Mở đầu", False),
    "situation": ("I. Đặc điểm tình hình", True),
    "campaign_results": ("II. Kết quả thực hiện các phong trào thi đua (mở đầu)", False),
    "emulation": ("II. Nhận xét về các phong trào thi đua", False),
    "award_results": ("III. Công tác khen thưởng (mở đầu)", False),
    "commendation": ("III. Nhận xét về công tác khen thưởng", False),
    "assessment": ("IV. Đánh giá chung (ưu điểm, hạn chế, nguyên nhân)", True),
    "directions": ("V. Phương hướng, nhiệm vụ năm sau", True),
    "closing": ("Kết thúc", False),
}
MAX_PARAGRAPHS = 100
MAX_PARAGRAPH = 4000


def check_sections(raw: object, field: str = "sections") -> dict[str, list[str]]:
    """The sections a clerk sent: each known name with a list of paragraphs (blank ones
    dropped). Unknown names and texts that are not lists of strings are refused."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InvalidInputError(f"Trường «{field}» phải là một đối tượng: mỗi mục một danh "
                                "sách đoạn văn.", field)
    found: dict[str, list[str]] = {}
    for name, value in raw.items():
        where = f"{field}.{name}"
        if name not in SECTIONS:
            raise InvalidInputError(
                f"Không có mục «{name}» trong báo cáo tổng kết (dùng: "
                f"{', '.join(SECTIONS)}).", where)
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").split("\n")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInputError(f"Mục «{name}» phải là danh sách các đoạn văn.", where)
        paragraphs = [clean_text(v, f"{where}[{i}]", required=False, max_length=MAX_PARAGRAPH)
                      for i, v in enumerate(value)]
        kept = [p for p in paragraphs if p]
        if len(kept) > MAX_PARAGRAPHS:
            raise InvalidInputError(f"Mục «{name}» có quá {MAX_PARAGRAPHS} đoạn văn.", where)
        found[name] = kept
    return found


def missing_sections(sections: dict[str, list[str]]) -> list[str]:
    """The sections the clerk must still write before issuing."""
    return [name for name, (_, needed) in SECTIONS.items() if needed and not sections.get(name)]


class YearSummary(Aggregate):
    """A unit's yearly summary: the clerk's sections, then the paper it was issued as."""

    @staticmethod
    def create_id(unit_id: UUID, year: int) -> UUID:
        return ids.year_summary_id(unit_id, year)

    @event("Drafted")
    def __init__(self, unit_id: UUID, year: int, sections: dict[str, list[str]],
                 actor: str) -> None:
        self.unit_id = unit_id
        self.year = year
        self.sections = {k: list(v) for k, v in sections.items()}
        self.status = DRAFT
        self.paper_id: UUID | None = None
        self.created_by = actor
        self.updated_by = actor

    def check_draft(self) -> None:
        if self.status != DRAFT:
            raise ConflictError("Báo cáo tổng kết đã ban hành: không sửa, không ban hành lại "
                                "(tải văn bản đã có).", "summary_id")

    def change(self, sections: dict[str, list[str]], actor: str) -> bool:
        """Replace the sections given (the others stay); False when nothing changes."""
        self.check_draft()
        merged = {**self.sections, **sections}
        if merged == self.sections:
            return False
        self._change(sections=merged, actor=actor)
        return True

    @event("Changed")
    def _change(self, sections: dict[str, list[str]], actor: str) -> None:
        self.sections = {k: list(v) for k, v in sections.items()}
        self.updated_by = actor

    def issued_as(self, paper_id: UUID, actor: str) -> None:
        self.check_draft()
        self._issued(paper_id=paper_id, actor=actor)

    @event("Issued")
    def _issued(self, paper_id: UUID, actor: str) -> None:
        self.status = ISSUED
        self.paper_id = paper_id
        self.updated_by = actor

    def as_dict(self) -> dict[str, Any]:
        return {"id": str(self.id), "unit_id": str(self.unit_id), "year": self.year,
                "sections": {k: list(v) for k, v in self.sections.items()},
                "status": self.status, "status_name": STATUSES[self.status],
                "missing": missing_sections(self.sections),
                "paper_id": str(self.paper_id) if self.paper_id else None,
                "created_by": self.created_by, "updated_by": self.updated_by,
                "created_at": self.created_on, "updated_at": self.modified_on}
