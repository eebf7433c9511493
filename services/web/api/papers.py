"""Official papers: the Quyết định of a decision; Biên bản, Tờ trình, Báo cáo.

Issuing a paper (POST) takes its number; downloading (GET …/document.docx) renders the
frozen context and records the file's SHA-256, so ``POST /documents/verify`` knows it."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from services.usecases.documents import DOCX, PDF
from services.web.api.common import SignerIn
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
    name = fields.String(required=True, metadata={"example": "Nguyễn Thị Thiện"})
    position = fields.String(required=True, metadata={"example": "Chủ tịch Hội đồng"})


class MinutesIn(Schema):
    started_at = fields.String(required=True, metadata={"example": "08:30"})
    ended_at = fields.String(required=True, metadata={"example": "11:00"})
    place = fields.String(required=True, metadata={"example": "Phòng họp tầng 2"})
    chair = fields.Nested(MemberIn, required=True)
    secretary = fields.Nested(MemberIn, required=True)
    content = fields.List(fields.String(), load_default=None, allow_none=True)
    conclusion = fields.List(fields.String(), load_default=None, allow_none=True)
    symbol = fields.String(load_default=None, allow_none=True, metadata={"example": "HĐTĐKT"})


class ProposalIn(Schema):
    addressee = fields.String(required=True, metadata={
        "example": "Ủy ban nhân dân tỉnh Lai Châu"})
    signer = fields.Nested(SignerIn, required=True)
    award = fields.String(load_default=None, allow_none=True)
    issued_on = fields.Date(load_default=None, allow_none=True)
    symbol = fields.String(load_default=None, allow_none=True, metadata={"example": "LĐLĐ"})
    intro = fields.List(fields.String(), load_default=None, allow_none=True)


class ExemplarReportIn(Schema):
    period = fields.String(required=True, metadata={"example": "2020-01"})
    signer = fields.Nested(SignerIn, required=True)
    top = fields.Integer(load_default=3, metadata={"description": "Số điển hình mỗi loại"})
    issued_on = fields.Date(load_default=None, allow_none=True)
    symbol = fields.String(load_default=None, allow_none=True, metadata={"example": "LĐLĐ"})


class PaperQuery(Schema):
    reference_id = fields.String(load_default=None, metadata={
        "description": "Phiên họp hoặc phong trào"})


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


@blp.route("/decisions/<decision_id>/document.docx")
@blp.response(200, description="Quyết định khen thưởng (.docx)", content_type=DOCX)
@documented_errors(blp, 400, 401, 404, 409)
def decision_docx(decision_id: str) -> Any:
    """The issued decision as .docx, with its appendix; each download is recorded."""
    return send_document(thidua().papers.decision_document(decision_id, actor()))


@blp.route("/decisions/<decision_id>/document.pdf")
@blp.response(200, description="Quyết định khen thưởng (.pdf)", content_type=PDF)
@documented_errors(blp, 400, 401, 404, 409)
def decision_pdf(decision_id: str) -> Any:
    """The issued decision as PDF (503 when LibreOffice is not installed)."""
    return send_document(thidua().papers.decision_document(decision_id, actor(), "pdf"), pdf=True)


@blp.route("/councils/sessions/<session_id>/minutes", methods=["POST"])
@requires("council.manage")
@blp.arguments(MinutesIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409)
def minutes(body: dict[str, Any], session_id: str) -> dict[str, Any]:
    """Lập Biên bản of a concluded session (numbered from the register, issued once)."""
    return thidua().papers.issue_minutes(session_id, **body, actor=actor(),
                                         idempotency_key=idempotency_key())


@blp.route("/councils/sessions/<session_id>/proposals", methods=["POST"])
@requires("papers.issue")
@blp.arguments(ProposalIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409)
def proposal(body: dict[str, Any], session_id: str) -> dict[str, Any]:
    """Lập Tờ trình to a higher level for the nominations the council chose."""
    return thidua().papers.issue_proposal(session_id, **body, actor=actor(),
                                          idempotency_key=idempotency_key())


@blp.route("/campaigns/<campaign_id>/exemplar-reports", methods=["POST"])
@requires("papers.issue")
@blp.arguments(ExemplarReportIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409)
def exemplar_report(body: dict[str, Any], campaign_id: str) -> dict[str, Any]:
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
        return thidua().papers.list_papers(query["reference_id"])


@blp.route("/papers/<paper_id>")
class PaperView(MethodView):
    @blp.response(200, PaperOut)
    @documented_errors(blp, 400, 401, 404)
    def get(self, paper_id: str) -> dict[str, Any]:
        """Show one issued paper."""
        return thidua().papers.get_paper(paper_id)


@blp.route("/papers/<paper_id>/document.docx")
@blp.response(200, description="Văn bản (.docx)", content_type=DOCX)
@documented_errors(blp, 400, 401, 404)
def paper_docx(paper_id: str) -> Any:
    """The paper as .docx; each download is recorded."""
    return send_document(thidua().papers.paper_document(paper_id, actor()))


@blp.route("/papers/<paper_id>/document.pdf")
@blp.response(200, description="Văn bản (.pdf)", content_type=PDF)
@documented_errors(blp, 400, 401, 404)
def paper_pdf(paper_id: str) -> Any:
    """The paper as PDF (503 when LibreOffice is not installed)."""
    return send_document(thidua().papers.paper_document(paper_id, actor(), "pdf"), pdf=True)


BLUEPRINTS = (blp,)
