"""Official papers: the Quyết định of a decision; Biên bản, Tờ trình, Báo cáo.

Issuing a paper (POST) takes its number; downloading (GET …/document.docx) renders the
frozen context and records the file's SHA-256, so ``POST /documents/verify`` knows it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from services.usecases.documents import DOCX, PDF
from services.usecases.papers import MAX_TOP
from services.web.api.common import SignerIn, award_form_field
from services.web.api.decisions import symbol_field
from services.web.api.fields import END, Day, count, period_field, text_field, whole
from services.web.http import (
    actor,
    documented_errors,
    idempotency_key,
    protected,
    requires,
    send_document,
    thidua,
)

blp = protected("papers", "Văn bản khen thưởng: Quyết định, Biên bản, Tờ trình, Báo cáo")


class MemberIn(Schema):
    name = text_field(200, required=True, metadata={"example": "Nguyễn Thị Thiện"})
    position = text_field(300, required=True, metadata={"example": "Chủ tịch Hội đồng"})


# services/usecases/paper_texts.py clock_time: "8:30" or "08:30".
CLOCK = r"^(?:[01]?[0-9]|2[0-3]):[0-5][0-9]" + END


def clock_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Regexp(CLOCK, error=(
        "Giờ ở trường «{{field}}» không hợp lệ (ví dụ 08:30).")), **kwargs)


def paragraphs_field(**kwargs: Any) -> fields.List:
    """Paragraphs a clerk writes (``paper_texts.lines``)."""
    return count(0, 200, text_field(4000, multiline=True), load_default=None, allow_none=True,
                 **kwargs)


class MinutesIn(Schema):
    started_at = clock_field(required=True, metadata={"example": "08:30"})
    ended_at = clock_field(required=True, metadata={"example": "11:00",
                                                    "description": "Sau giờ bắt đầu"})
    place = text_field(300, required=True, metadata={"example": "Phòng họp tầng 2"})
    chair = fields.Nested(MemberIn, required=True)
    secretary = fields.Nested(MemberIn, required=True)
    content = paragraphs_field()
    conclusion = paragraphs_field()
    symbol = symbol_field(load_default=None, allow_none=True, metadata={"example": "HĐTĐKT"})


def backdating_reason() -> Any:
    return text_field(1000, multiline=True, blank=True, load_default=None, allow_none=True,
                      metadata={"description": "Lý do ghi ngày lùi: bắt buộc khi văn bản ghi "
                                "ngày trước ngày ghi nhận số liệu được báo cáo, hoặc lùi quá "
                                "30 ngày so với hôm nay"})


class ProposalIn(Schema):
    addressee = text_field(300, required=True, metadata={
        "example": "Ủy ban nhân dân tỉnh Lai Châu"})
    signer = fields.Nested(SignerIn, required=True)
    award = award_form_field(load_default=None, allow_none=True, metadata={
        "description": "Chỉ các hồ sơ đề nghị danh hiệu này (mặc định: tất cả)"})
    issued_on = Day(load_default=None, allow_none=True)
    symbol = symbol_field(load_default=None, allow_none=True, metadata={"example": "LĐLĐ"})
    intro = paragraphs_field()
    reason = backdating_reason()


class ExemplarReportIn(Schema):
    period = period_field(required=True, metadata={"example": "2020-01"})
    signer = fields.Nested(SignerIn, required=True)
    top = whole(1, MAX_TOP, load_default=3, metadata={"description": "Số điển hình mỗi loại"})
    issued_on = Day(load_default=None, allow_none=True, metadata={
        "description": "Sau khi kỳ kết thúc (mặc định: hôm nay)"})
    symbol = symbol_field(load_default=None, allow_none=True, metadata={"example": "LĐLĐ"})
    reason = backdating_reason()


class PaperQuery(Schema):
    reference_id = fields.UUID(metadata={"description": "Phiên họp hoặc phong trào"})


class PaperOut(Schema):
    id = fields.String()
    kind = fields.String()
    kind_name = fields.String()
    reference_id = fields.String()
    key = fields.String()
    issuer_unit_id = fields.String()
    number = fields.String(metadata={"example": "02/BB-HĐTĐKT"})
    issued_on = fields.Date()
    title = fields.String()
    issued_by = fields.String()
    issued_at = fields.DateTime()
    reason = fields.String(allow_none=True, metadata={
        "description": "Lý do ghi ngày lùi (văn bản ghi ngày trước số liệu, lùi quá 30 ngày)"})


@blp.route("/decisions/<uuid:decision_id>/document.docx")
@blp.response(200, description="Quyết định khen thưởng (.docx)", content_type=DOCX)
@documented_errors(blp, 401, 404, 409)
def decision_docx(decision_id: UUID) -> Any:
    """The issued decision as .docx, with its appendix; each download is recorded."""
    return send_document(thidua().papers.decision_document(decision_id, actor()))


@blp.route("/decisions/<uuid:decision_id>/document.pdf")
@blp.response(200, description="Quyết định khen thưởng (.pdf)", content_type=PDF)
@documented_errors(blp, 401, 404, 409, 502, 503)
def decision_pdf(decision_id: UUID) -> Any:
    """The issued decision as PDF (503 when LibreOffice is not installed)."""
    return send_document(thidua().papers.decision_document(decision_id, actor(), "pdf"), pdf=True)


@blp.route("/councils/sessions/<uuid:session_id>/minutes", methods=["POST"])
@requires("council.manage")
@blp.arguments(MinutesIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def minutes(body: dict[str, Any], session_id: UUID) -> dict[str, Any]:
    """Lập Biên bản of a concluded session (numbered from the register, issued once)."""
    return thidua().papers.issue_minutes(session_id, **body, actor=actor(),
                                         idempotency_key=idempotency_key())


@blp.route("/councils/sessions/<uuid:session_id>/proposals", methods=["POST"])
@requires("papers.issue")
@blp.arguments(ProposalIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def proposal(body: dict[str, Any], session_id: UUID) -> dict[str, Any]:
    """Lập Tờ trình to a higher level for the nominations the council chose."""
    return thidua().papers.issue_proposal(session_id, **body, actor=actor(),
                                          idempotency_key=idempotency_key())


@blp.route("/campaigns/<uuid:campaign_id>/exemplar-reports", methods=["POST"])
@requires("papers.issue")
@blp.arguments(ExemplarReportIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def exemplar_report(body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
    """Lập Báo cáo điển hình tiên tiến of a period from the standings."""
    return thidua().papers.issue_exemplar_report(campaign_id, **body, actor=actor(),
                                                 idempotency_key=idempotency_key())


@blp.route("/papers")
class PapersView(MethodView):
    @blp.arguments(PaperQuery, location="query")
    @blp.response(200, PaperOut(many=True))
    @documented_errors(blp, 400, 401)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """List issued papers, optionally of one session or campaign."""
        return thidua().papers.list_papers(query.get("reference_id"))


@blp.route("/papers/<uuid:paper_id>")
class PaperView(MethodView):
    @blp.response(200, PaperOut)
    @documented_errors(blp, 401, 404)
    def get(self, paper_id: UUID) -> dict[str, Any]:
        """Show one issued paper."""
        return thidua().papers.get_paper(paper_id)


@blp.route("/papers/<uuid:paper_id>/document.docx")
@blp.response(200, description="Văn bản (.docx)", content_type=DOCX)
@documented_errors(blp, 401, 404)
def paper_docx(paper_id: UUID) -> Any:
    """The paper as .docx; each download is recorded."""
    return send_document(thidua().papers.paper_document(paper_id, actor()))


@blp.route("/papers/<uuid:paper_id>/document.pdf")
@blp.response(200, description="Văn bản (.pdf)", content_type=PDF)
@documented_errors(blp, 401, 404, 502, 503)
def paper_pdf(paper_id: UUID) -> Any:
    """The paper as PDF (503 when LibreOffice is not installed)."""
    return send_document(thidua().papers.paper_document(paper_id, actor(), "pdf"), pdf=True)


BLUEPRINTS = (blp,)
