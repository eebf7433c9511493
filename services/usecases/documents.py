"""Official documents: building contexts from the store, rendering, recording, verifying."""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any
from uuid import UUID

from docgen.pdf import PdfExportError, available, to_pdf
from docgen.render import render, template_hash
from docgen.vietnamese import (
    document_reference,
    format_number,
    signature_block,
)
from events import ids
from events.campaign import CLASSIFICATIONS, SUBJECT_KINDS, Campaign
from events.document import KINDS, IssuedDocument
from events.errors import InvalidInputError
from events.periods import CADENCE_NAMES
from services.actors import Actor
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.files import FileStore
from services.usecases.campaigns import Campaigns
from services.usecases.organisation import Organisation
from services.usecases.signatures import block_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
# Display names of award forms used in plans; the awards rule tables name the rest.
AWARD_FORMS = {
    "bang_khen_tinh": "Bằng khen",
    "bang_khen_bo": "Bằng khen",
    "bang_khen_thu_tuong": "Bằng khen của Thủ tướng Chính phủ",
    "giay_khen": "Giấy khen",
}
LAW_2022_IN_FORCE = date(2024, 1, 1)
_NUMBER = re.compile(r"^(\d{1,4})/([^-]+)-(.+)$")
_PLACE = re.compile(r"(?:tỉnh|thành phố|huyện|quận|thị xã)\s+(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedDocument:
    data: bytes
    filename: str
    sha256: str
    record: dict[str, Any]
    mimetype: str = DOCX


def pdf_available() -> bool:
    """Whether this server can turn documents into PDF (LibreOffice is installed)."""
    return available()


class ConverterBusy(Exception):
    """Every PDF converter of this process is busy: try again in a moment."""


# LibreOffice takes 1–1.5 s and a few hundred MB per conversion: one at a time per process
# (so at most one per gunicorn worker), and a PDF is made once per document (then kept).
CONVERTERS = threading.BoundedSemaphore(1)
CONVERTER_WAIT_SECONDS = 30.0


def place_of(issuer_name: str) -> str:
    """The place of the date line: "Lai Châu" for "Liên đoàn Lao động tỉnh Lai Châu"."""
    match = _PLACE.search(issuer_name)
    return match.group(1) if match else issuer_name


def _reference(number: str) -> str:
    match = _NUMBER.match(number)
    if not match:
        return number
    return document_reference(int(match.group(1)), match.group(2), match.group(3))


@dataclass
class Documents:
    """Render official documents and keep the record of every issued file."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns

    @cached_property
    def files(self) -> FileStore:
        return FileStore(self.app)

    # --- the Kế hoạch of a campaign ------------------------------------------------------

    def plan_context(self, campaign: Campaign) -> dict[str, Any]:
        """The ke_hoach template's context: the campaign's own text, generated where absent."""
        plan = campaign.plan
        issuer = self.organisation.get_unit(campaign.issuer_unit_id)
        parent = self.organisation.governing_name(issuer)
        # The plan's title names the movement once: "Thực hiện phong trào thi đua “…”".
        title = plan.get("title") or (
            campaign.title if "phong trào" in campaign.title.lower()
            else f"Phát động phong trào thi đua “{campaign.movement}”")
        forms = self.campaigns.award_forms.names(q["award_form"] for q in campaign.quotas)
        kinds = [track["subject_kind"] for track in campaign.tracks]
        basis = plan.get("basis") or (
            ["Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"]
            if campaign.start >= LAW_2022_IN_FORCE else [])
        return {
            "parent_agency": plan.get("parent_agency", parent),
            "issuer": issuer.name,
            "number": _reference(campaign.number),
            "place": plan.get("place") or place_of(issuer.name),
            "issued_on": campaign.start,
            "title": title,
            "basis": basis,
            "intro": plan.get("intro") or [
                f"Để tổ chức thực hiện phong trào thi đua “{campaign.movement}”, {issuer.name} "
                "ban hành Kế hoạch với những nội dung chủ yếu như sau:"],
            "purpose": plan.get("purpose") or [
                "- Động viên, khích lệ các tập thể, cá nhân thi đua hoàn thành tốt nhiệm vụ "
                "được giao.",
                "- Phát hiện, biểu dương, khen thưởng kịp thời các tập thể, cá nhân có thành "
                "tích tiêu biểu để nhân rộng."],
            "scope": plan.get("scope") or [
                {"label": f"- {SUBJECT_KINDS[kind].capitalize()}:",
                 "text": "các đối tượng đăng ký thi đua trước ngày "
                         f"{campaign.registration_deadline:%d/%m/%Y}."}
                for kind in kinds],
            "criteria_intro": plan.get("criteria_intro") or [
                self._criteria_intro(track) for track in campaign.tracks],
            "criteria": [
                {"subject": f"{i}. Đối với {SUBJECT_KINDS[track['subject_kind']]}",
                 "rows": [{"name": c["name"], "max_points": c["max_points"]}
                          for c in track["criteria"]]}
                for i, track in enumerate(campaign.tracks, start=1) if track["criteria"]],
            "award_forms": plan.get("award_forms") or [
                f"- {issuer.name} xét tặng {self._form_name(q['award_form'], forms)} "
                f"cho các {SUBJECT_KINDS[q['subject_kind']]} có thành tích tiêu biểu."
                for q in campaign.quotas] or [
                f"- Căn cứ kết quả thi đua, {issuer.name} xét khen thưởng hoặc đề nghị cấp "
                "trên khen thưởng các tập thể, cá nhân có thành tích tiêu biểu theo quy định "
                "hiện hành."],
            "quotas": [
                {"award": self._form_name(q["award_form"], forms),
                 "subject": SUBJECT_KINDS[q["subject_kind"]].capitalize(), "max": q["max"],
                 "reserved": [{"sector": f"ngành {self.organisation.sector_name(r['sector'])}",
                               "max": r["max"]}
                              for r in q["reserved"]]}
                for q in campaign.quotas],
            "quota_notes": plan.get("quota_notes") or [],
            "implementation": plan.get("implementation") or [
                "1. Các đơn vị căn cứ Kế hoạch này xây dựng kế hoạch và tổ chức thực hiện, "
                "chấm điểm đúng kỳ trên hệ thống.",
                "2. Định kỳ 6 tháng, 1 năm báo cáo kết quả thực hiện về cơ quan thường trực."],
            "closing": plan.get("closing") or [
                "Trên đây là Kế hoạch tổ chức phong trào thi đua; đề nghị các đơn vị nghiêm "
                "túc triển khai thực hiện./."],
            "recipients": plan.get("recipients") or ["Các đơn vị trực thuộc"],
            "archive": plan.get("archive") or "VT",
            "signature": self._signature(campaign, issuer.id),
        }

    @staticmethod
    def _form_name(code: str, names: dict[str, str]) -> str:
        """The plan's name of an award: the organisation's own, else the short one of a
        legal category ("Bằng khen")."""
        return AWARD_FORMS.get(code) or names.get(code, code)

    @staticmethod
    def _criteria_intro(track: dict[str, Any]) -> str:
        total = sum((c["max_points"] for c in track["criteria"]), 0)
        kind = SUBJECT_KINDS[track["subject_kind"]].capitalize()
        cadence = CADENCE_NAMES[track["cadence"]]
        # A track without criteria has no scale ("theo thang điểm 0" was printed).
        text = (f"{kind} được chấm {cadence} theo thang điểm {format_number(total)}"
                if track["criteria"] else f"{kind} được theo dõi, đánh giá {cadence}")
        thresholds = track["thresholds"]
        if thresholds:
            levels = ", ".join(f"{CLASSIFICATIONS[key]} từ {format_number(value)} điểm"
                               for key, value in thresholds.items())
            text += f"; xếp loại {levels}"
        return text + "."

    def _signature(self, campaign: Campaign, issuer_id: UUID) -> dict[str, Any]:
        signer = campaign.plan.get("signer")
        if signer:
            return block_of(signer)
        for person in self.organisation.list_people():
            if person["unit_id"] == str(issuer_id) and person["is_leader"]:
                return signature_block(person["full_name"], person["position"] or "Thủ trưởng")
        raise InvalidInputError(
            "Kế hoạch chưa có người ký nên chưa tạo được văn bản: khai báo người ký của Kế "
            "hoạch ở trang sửa phong trào, hoặc đánh dấu lãnh đạo của đơn vị ban hành ở danh "
            "sách cá nhân.", "plan.signer")

    def campaign_plan(self, campaign_id: UUID | str, actor: Actor,
                      file_format: str = "docx") -> RenderedDocument:
        campaign = self.campaigns.get_campaign(campaign_id)
        data = render("ke_hoach", self.plan_context(campaign))
        record = self.record_download(
            data, kind="ke_hoach", reference_id=str(campaign.id), number=campaign.number,
            title=campaign.title, template="ke_hoach", file_format=file_format, actor=actor)
        return RenderedDocument(data, f"ke-hoach-{campaign.code}.docx", record["sha256"],
                                record)

    # --- the record of issued files ---------------------------------------------------

    def record_download(self, data: bytes, *, kind: str, reference_id: str, number: str,
                        title: str, template: str, file_format: str, actor: Actor,
                        made_from: str | None = None) -> dict[str, Any]:
        """Record that ``data`` was handed out (creating the document's record once)."""
        sha256 = hashlib.sha256(data).hexdigest()
        document_id = ids.document_id(sha256)

        def attempt(_: int) -> tuple[list[IssuedDocument], IssuedDocument]:
            document = self.app.find(IssuedDocument, document_id) or IssuedDocument(
                kind=kind, reference_id=reference_id, number=number, title=title,
                template=template, template_hash=template_hash(template), sha256=sha256,
                size=len(data), actor=actor.username, made_from=made_from)
            document.record_download(file_format=file_format, actor=actor.username)
            return [document], document

        # Two downloads of the same file at the same moment: the second is retried.
        return self.runner.run(attempt, actor=actor, command="documents.download",
                               busy="Không ghi được lượt tải văn bản; vui lòng thử lại."
                               ).as_dict()

    def pdf_of(self, document: RenderedDocument, actor: Actor) -> RenderedDocument:
        """The PDF of an issued .docx: made once through LibreOffice, kept in the file
        store, recorded as a document of its own (so that ``verify`` knows the PDF a clerk
        holds) and served as the same bytes every time after."""
        docx = self.app.load(IssuedDocument, ids.document_id(document.sha256),
                             "Không tìm thấy văn bản.", "document")
        name = document.filename.removesuffix(".docx") + ".pdf"
        kept = self.files.get(docx.pdf_sha256) if docx.pdf_sha256 else None
        if kept is None:
            if not CONVERTERS.acquire(timeout=CONVERTER_WAIT_SECONDS):
                raise ConverterBusy()
            try:
                data = to_pdf(document.data)
            finally:
                CONVERTERS.release()
            made = self.files.put(data, PDF)
            kept = self.files.get(self._first_pdf(docx.id, made, actor)) \
                or self.files.get(made)
        assert kept is not None
        record = self.record_download(
            kept.data, kind=docx.kind, reference_id=docx.reference_id, number=docx.number,
            title=docx.title, template=docx.template, file_format="pdf", actor=actor,
            made_from=docx.sha256)
        return RenderedDocument(kept.data, name, kept.sha256, record, PDF)

    def _first_pdf(self, docx_id: UUID, made: str, actor: Actor) -> str:
        """Record ``made`` as the document's PDF, unless another request recorded one
        first (two conversions at once): the first one is the document's PDF."""
        def attempt(_: int) -> tuple[list[IssuedDocument], IssuedDocument]:
            docx = self.app.load(IssuedDocument, docx_id, "Không tìm thấy văn bản.", None)
            if docx.pdf_sha256 is None:
                docx.produce_pdf(pdf_sha256=made, actor=actor.username)
            return [docx], docx

        return self.runner.run(attempt, actor=actor, command="documents.pdf").pdf_sha256 \
            or made

    def verify(self, data: bytes) -> dict[str, Any]:
        """Say whether we issued this exact file, when, what and by whom."""
        sha256 = hashlib.sha256(data).hexdigest()
        document = self.app.find(IssuedDocument, ids.document_id(sha256))
        if document is None:
            return {"issued": False, "sha256": sha256}
        return {"issued": True, **document.as_dict()}

    def list_documents(self) -> list[dict[str, Any]]:
        return [d.as_dict() for d in self.app.all_of(IssuedDocument, "Issued")]


__all__ = ["DOCX", "KINDS", "PDF", "ConverterBusy", "Documents", "PdfExportError",
           "RenderedDocument"]
