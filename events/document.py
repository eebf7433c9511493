"""Văn bản đã phát hành: a generated file we issued, known by its SHA-256.

Rendering is deterministic, so the same document downloaded twice is the same file: one
aggregate per file, with an event for every download. A clerk's copy can then be checked
against the log (``verify``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids

KINDS = {
    "ke_hoach": "Kế hoạch",
    "quyet_dinh_khen_thuong": "Quyết định khen thưởng",
    "to_trinh": "Tờ trình",
    "bien_ban_hop_hoi_dong": "Biên bản họp Hội đồng",
    "bao_cao_dien_hinh": "Báo cáo điển hình tiên tiến",
}


class IssuedDocument(Aggregate):
    """A file issued by thidua and every download of it."""

    @staticmethod
    def create_id(sha256: str) -> UUID:
        return ids.document_id(sha256)

    @event("Issued")
    def __init__(
        self, kind: str, reference_id: str, number: str, title: str, template: str,
        template_hash: str, sha256: str, size: int, actor: str,
        made_from: str | None = None,  # a PDF: the SHA-256 of the .docx it was made from
    ) -> None:
        self.kind = kind
        self.reference_id = reference_id
        self.number = number
        self.title = title
        self.template = template
        self.template_hash = template_hash
        self.sha256 = sha256
        self.size = size
        self.issued_by = actor
        self.made_from = made_from
        self.pdf_sha256: str | None = None  # its PDF, made once (LibreOffice is not
        self.downloads: list[dict[str, Any]] = []  # byte-for-byte deterministic)

    @event("Downloaded")
    def record_download(self, file_format: str, actor: str) -> None:
        self.downloads.append({"format": file_format, "by": actor})

    @event("PdfProduced")
    def produce_pdf(self, pdf_sha256: str, actor: str) -> None:
        """The PDF of this document was made (once); every later PDF download is it."""
        self.pdf_sha256 = pdf_sha256

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "kind": self.kind, "kind_name": KINDS.get(self.kind, self.kind),
            "reference_id": self.reference_id, "number": self.number, "title": self.title,
            "template": self.template, "template_hash": self.template_hash,
            "sha256": self.sha256, "size": self.size, "issued_at": self.created_on,
            "issued_by": self.issued_by, "downloads": len(self.downloads),
            "last_download_at": self.modified_on, "made_from": self.made_from,
            "pdf_sha256": self.pdf_sha256,
        }
