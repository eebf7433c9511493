"""Documents over HTTP: downloads (each recorded) and verification of a file we issued."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Response, current_app, g, send_file
from flask.views import MethodView
from marshmallow import Schema, fields

from events.errors import InvalidInputError
from services.actors import Actor
from services.documents import DOCX, DocumentService, RenderedDocument
from services.web.api import PREFIX, documented_errors, protected
from services.web.schemas import UploadIn

blp = protected("documents", "Văn bản: tải về, xác minh")
PDF = "application/pdf"


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


def send_document(document: RenderedDocument, pdf: bool = False) -> Response:
    data, mimetype, name = document.data, DOCX, document.filename
    if pdf:
        from docgen.pdf import PdfExportError, available, to_pdf

        if not available():
            return Response(
                '{"error": {"code": "unavailable", "message": "Máy chủ chưa cài LibreOffice '
                'nên chưa xuất được PDF; hãy tải bản .docx.", "field": null}}',
                503, mimetype="application/json")
        try:
            data = to_pdf(document.data)
        except PdfExportError as exc:
            current_app.logger.error("PDF export failed: %s", exc)
            return Response('{"error": {"code": "pdf_failed", "message": "Xuất PDF không '
                            'thành công.", "field": null}}', 502, mimetype="application/json")
        mimetype, name = PDF, name.removesuffix(".docx") + ".pdf"
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True,
                         download_name=name)
    response.headers["X-Document-SHA256"] = document.sha256
    return response


def plan(campaign_id: str, actor: Actor, pdf: bool = False) -> Response:
    service = DocumentService(current_app.extensions["thidua"])
    document = service.campaign_plan(campaign_id, actor,
                                     file_format="pdf" if pdf else "docx")
    return send_document(document, pdf)


@blp.route("/campaigns/<campaign_id>/plan.docx")
@blp.response(200, description="Kế hoạch phát động phong trào (.docx)", content_type=DOCX)
@documented_errors(blp, 400, 401, 404)
def plan_docx(campaign_id: str) -> Any:
    """The campaign's Kế hoạch as .docx; each download is recorded with its SHA-256."""
    return plan(campaign_id, g.actor)


@blp.route("/campaigns/<campaign_id>/plan.pdf")
@blp.response(200, description="Kế hoạch (.pdf, qua LibreOffice)", content_type=PDF)
@documented_errors(blp, 400, 401, 404)
def plan_pdf(campaign_id: str) -> Any:
    """The campaign's Kế hoạch as PDF (503 when LibreOffice is not installed)."""
    return plan(campaign_id, g.actor, pdf=True)


@blp.route("/documents")
class DocumentsView(MethodView):
    @blp.response(200, DocumentOut(many=True))
    @documented_errors(blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List the documents we issued and how often each was downloaded."""
        return DocumentService(current_app.extensions["thidua"]).list_documents()


@blp.route("/documents/verify")
class VerifyView(MethodView):
    @blp.arguments(UploadIn, location="files")
    @blp.response(200, DocumentOut)
    @documented_errors(blp, 400, 401)
    def post(self, upload: dict[str, Any]) -> dict[str, Any]:
        """Say whether an uploaded file is one we issued: when, what and by whom."""
        return verify_upload(upload["file"])


MAX_VERIFY_BYTES = 20 * 1024 * 1024


def verify_upload(storage: Any) -> dict[str, Any]:
    data = storage.read(MAX_VERIFY_BYTES + 1) if hasattr(storage, "read") else b""
    if not data:
        raise InvalidInputError("Chưa chọn tệp cần xác minh (hoặc tệp rỗng).", "file")
    if len(data) > MAX_VERIFY_BYTES:
        raise InvalidInputError("Tệp lớn quá 20 MB.", "file")
    return DocumentService(current_app.extensions["thidua"]).verify(data)


__all__ = ["PREFIX", "blp", "plan", "send_document", "verify_upload"]
