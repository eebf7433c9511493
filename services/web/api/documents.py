"""Documents: the Kế hoạch of a campaign (each download recorded) and verification of a
file we issued."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields

from services.usecases.documents import DOCX, PDF
from services.web.api.common import UploadIn
from services.web.http import (
    actor,
    documented_errors,
    protected,
    read_upload,
    send_document,
    thidua,
)

blp = protected("documents", "Văn bản: tải về, xác minh")


class DocumentOut(Schema):
    issued = fields.Boolean()
    id = fields.String()
    kind = fields.String()
    kind_name = fields.String()
    reference_id = fields.String()
    number = fields.String()
    title = fields.String()
    template = fields.String()
    template_hash = fields.String(metadata={"description": "SHA-256 của mẫu .docx"})
    sha256 = fields.String(metadata={"description": "SHA-256 của tệp"})
    size = fields.Integer()
    issued_at = fields.DateTime()
    issued_by = fields.String()
    downloads = fields.Integer()
    last_download_at = fields.DateTime()
    made_from = fields.String(allow_none=True, metadata={
        "description": "Với bản PDF: SHA-256 của tệp .docx gốc"})
    pdf_sha256 = fields.String(allow_none=True, metadata={
        "description": "Với tệp .docx: SHA-256 của bản PDF đã xuất (xuất một lần)"})


@blp.route("/campaigns/<uuid:campaign_id>/plan.docx")
@blp.response(200, description="Kế hoạch phát động phong trào (.docx)", content_type=DOCX)
@documented_errors(blp, 401, 404, 422)
def plan_docx(campaign_id: UUID) -> Any:
    """The campaign's Kế hoạch as .docx; each download is recorded with its SHA-256."""
    return send_document(thidua().documents.campaign_plan(campaign_id, actor()))


@blp.route("/campaigns/<uuid:campaign_id>/plan.pdf")
@blp.response(200, description="Kế hoạch (.pdf, qua LibreOffice)", content_type=PDF)
@documented_errors(blp, 401, 404, 422, 502, 503)
def plan_pdf(campaign_id: UUID) -> Any:
    """The campaign's Kế hoạch as PDF (503 when LibreOffice is not installed)."""
    return send_document(thidua().documents.campaign_plan(campaign_id, actor(), "pdf"),
                         pdf=True)


@blp.route("/documents")
class DocumentsView(MethodView):
    @blp.response(200, DocumentOut(many=True))
    @documented_errors(blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List the documents we issued and how often each was downloaded."""
        return thidua().documents.list_documents()


@blp.route("/documents/verify")
class VerifyView(MethodView):
    @blp.arguments(UploadIn, location="files")
    @blp.response(200, DocumentOut)
    @documented_errors(blp, 400, 401, 422)
    def post(self, upload: dict[str, Any]) -> dict[str, Any]:
        """Say whether an uploaded file is one we issued: when, what and by whom."""
        return thidua().documents.verify(read_upload(upload["file"]))


BLUEPRINTS = (blp,)
