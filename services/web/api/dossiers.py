"""Dossiers up the tiers: draft, submit, forward, return, accept, withdraw; a tier's
specialist assigned, verdicts per nominee; attachments checked from their content."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, request
from flask.views import MethodView
from marshmallow import Schema, fields

from events.dossier import MAX_NOMINEES, STATUSES
from events.errors import InvalidInputError
from events.rules import ROUTES
from services.usecases.dossier_import import template
from services.web.api.common import Plain, UploadIn, award_form_field, subject_kind_field
from services.web.api.fields import code_field, count, one_of, text_field, username_field, whole
from services.web.api.nominations import ReasonIn, summary_field
from services.web.http import (
    XLSX,
    actor,
    documented_errors,
    idempotency_key,
    protected,
    read_upload,
    requires,
    send_bytes,
    thidua,
)


class NomineeIn(Schema):
    subject_kind = subject_kind_field(required=True)
    subject_id = fields.UUID(required=True, metadata={
        "description": "Mã cá nhân (GET /people) hoặc đơn vị (GET /units)"})
    summary = summary_field(required=True)


class DossierIn(Schema):
    campaign_id = fields.UUID(required=True)
    award = award_form_field(required=True)
    unit_code = code_field(load_default=None, allow_none=True, metadata={
        "description": "Đơn vị gửi hồ sơ (mặc định: đơn vị của tài khoản)"})
    nominees = count(1, MAX_NOMINEES, fields.Nested(NomineeIn), required=True)
    year = whole(2000, 2100, load_default=None, allow_none=True, metadata={
        "description": "Năm xét khen thưởng (mặc định: năm nay, trong thời gian phong trào)"})
    # ``route`` of a nomination: here the route is the chain of units, so the name differs.
    basis = one_of(ROUTES, load_default="hang_nam", metadata={
        "description": "Căn cứ đề nghị: " + "; ".join(f"{k}: {v}" for k, v in ROUTES.items())})


class AssignIn(Schema):
    specialist = username_field(required=True, metadata={
        "description": "Tài khoản chuyên viên thi đua, khen thưởng của cấp đang giữ hồ sơ"})


class VerdictIn(Schema):
    subject_id = fields.UUID(required=True)
    eligible = fields.Boolean(required=True, metadata={
        "description": "true: đủ điều kiện; false: không đủ điều kiện (cần lý do)"})
    reason = text_field(2000, multiline=True, blank=True, load_default="")


class DossierQuery(Schema):
    tier_unit_code = code_field(metadata={"description": "Hồ sơ đang chờ ở đơn vị này"})
    status = one_of(STATUSES, metadata={"description": ", ".join(STATUSES)})
    campaign_id = fields.UUID()


class DossierOut(Schema):
    id = fields.String()
    campaign_id = fields.String()
    award = fields.String()
    award_name = fields.String()
    category = fields.String()
    year = fields.Integer()
    basis = fields.String()
    basis_name = fields.String()
    submitting_unit_id = fields.String()
    submitting_unit_code = fields.String()
    submitting_unit_name = fields.String()
    issuer_unit_code = fields.String()
    issuer_unit_name = fields.String()
    route = fields.List(fields.String())
    route_units = Plain(metadata={"description": "Tuyến trình: [{id, code, name}] từ đơn vị "
                                                 "gửi lên đơn vị ban hành"})
    tier = fields.Integer(metadata={"description": "Vị trí trên tuyến (0: đơn vị gửi)"})
    tier_unit_id = fields.String()
    tier_unit_code = fields.String()
    tier_unit_name = fields.String()
    status = fields.String(metadata={"description": ", ".join(STATUSES)})
    status_name = fields.String()
    reason = fields.String()
    nominees = Plain(metadata={"description": "Cá nhân, tập thể được đề nghị, mỗi người với "
                                              "kết luận (verdict) và đề nghị đã lập"})
    attachments = Plain(metadata={"description": "[{sha256, name, type, size, unit_id, by}]"})
    returns = Plain(metadata={"description": "Các lần trả lại, với lý do"})
    specialists = fields.Dict(keys=fields.String(), values=fields.String())
    specialist = fields.String(allow_none=True)
    verdicts = Plain()
    nominations = fields.Dict(keys=fields.String(), values=fields.String())
    actions = fields.List(fields.String(), metadata={
        "description": "Thao tác tài khoản này làm được lúc này"})
    arrived_on = fields.String(allow_none=True, metadata={
        "description": "Ngày hồ sơ đến cấp đang giữ (YYYY-MM-DD)"})
    created_by = fields.String()
    version = fields.Integer()


blp = protected("dossiers", "Hồ sơ đề nghị khen thưởng theo tuyến: đơn vị → cấp xét → "
                            "cấp ban hành")


@blp.route("/dossiers")
class DossiersView(MethodView):
    @blp.arguments(DossierQuery, location="query")
    @blp.response(200, DossierOut(many=True))
    @documented_errors(blp, 400, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Dossiers the account may read, newest first (of one tier, one status)."""
        return thidua().dossiers.list_dossiers(actor=actor(), **query)

    @requires("dossiers.submit")
    @blp.arguments(DossierIn)
    @blp.response(201, DossierOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Draft a dossier of a unit: its route runs up to the award form's issuer."""
        return thidua().dossiers.create_dossier(**body, actor=actor(),
                                                idempotency_key=idempotency_key())


@blp.route("/dossiers/<uuid:dossier_id>")
class DossierView(MethodView):
    @blp.response(200, DossierOut)
    @documented_errors(blp, 401, 404)
    def get(self, dossier_id: UUID) -> dict[str, Any]:
        """Show a dossier (only to the units on its route and roles not tied to a unit)."""
        return thidua().dossiers.get_dossier(dossier_id, actor=actor())


class Empty(Schema):
    pass


def _action(path: str, permission: str, schema: type[Schema], method: str,
            summary: str) -> None:
    @requires(permission)
    @blp.arguments(schema)
    @blp.response(200, DossierOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def view(body: dict[str, Any], dossier_id: UUID) -> dict[str, Any]:
        return getattr(thidua().dossiers, method)(dossier_id, **body, actor=actor(),
                                                  idempotency_key=idempotency_key())

    view.__doc__ = summary
    view.__name__ = f"dossier_{path}"
    blp.route(f"/dossiers/<uuid:dossier_id>/{path}", methods=["POST"])(view)


_action("submit", "dossiers.submit", Empty, "submit_dossier",
        "Send the dossier to the tier above (again, after a return).")
_action("forward", "dossiers.review", Empty, "forward_dossier",
        "The tier holding the dossier sends it up.")
_action("return", "dossiers.review", ReasonIn, "return_dossier",
        "The tier holding the dossier sends it one tier down, with the reason.")
_action("accept", "dossiers.accept", Empty, "accept_dossier",
        "The issuing tier accepts: the eligible nominees go to the council's board.")
_action("withdraw", "dossiers.submit", ReasonIn, "withdraw_dossier",
        "The submitting unit withdraws the dossier.")
_action("assign", "dossiers.assign", AssignIn, "assign_specialist",
        "Assign a specialist of the tier holding the dossier.")
_action("verdicts", "dossiers.verdict", VerdictIn, "record_verdict",
        "The assigned specialist's verdict on one nominee, beside the eligibility checks.")


class DossierImportFields(Schema):
    # Multipart fields carry no null: an absent field takes its default.
    campaign_id = fields.UUID(required=True)
    award = award_form_field(required=True)
    unit_code = code_field(metadata={
        "description": "Đơn vị gửi hồ sơ (mặc định: đơn vị của tài khoản)"})
    year = whole(2000, 2100, strict=False, metadata={
        "description": "Năm xét khen thưởng (mặc định: năm nay, trong thời gian phong trào)"})
    basis = one_of(ROUTES, load_default="hang_nam")
    # Read from the request's files by the route (the form location holds the fields).
    file = fields.Raw(metadata={
        "type": "string", "format": "binary",
        "description": "Bắt buộc: danh sách .xlsx theo bảng mẫu (GET "
                       "/dossiers/import-template.xlsx)"})


class DossierImportOut(Schema):
    dossier = fields.Nested(DossierOut, allow_none=True, metadata={
        "description": "Hồ sơ dự thảo lập từ các dòng hợp lệ (không có dòng nào: null)"})
    imported = fields.Integer()
    nominees = Plain(metadata={"description": "[{row, subject_name}] các dòng đã nhận"})
    rejected = Plain(metadata={"description": "[{row, field, message}] các dòng bị từ chối"})


@blp.route("/dossiers/import", methods=["POST"])
@requires("dossiers.submit")
@blp.arguments(DossierImportFields, location="form", content_type="multipart/form-data")
@blp.response(200, DossierImportOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def import_dossier(body: dict[str, Any]) -> dict[str, Any]:
    """Draft a dossier from a nominee list in .xlsx (multipart ``file`` and the dossier's
    fields): valid rows become its nominees, the others are listed with the reason."""
    body.pop("file", None)
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInputError("Chọn tệp danh sách .xlsx (trường «file»).", "file")
    data = read_upload(upload, "tệp danh sách")
    return thidua().dossier_import.import_dossier(data, **body, actor=actor(),
                                                  idempotency_key=idempotency_key())


@blp.route("/dossiers/import-template.xlsx")
@blp.response(200, description="Bảng mẫu danh sách đề nghị (.xlsx)", content_type=XLSX)
@documented_errors(blp, 401)
def import_template() -> Response:
    """The workbook a unit fills in: the headings the import reads and two examples."""
    return send_bytes(template(), XLSX, "mau-danh-sach-de-nghi.xlsx")


@blp.route("/dossiers/<uuid:dossier_id>/attachments", methods=["POST"])
@requires("dossiers.attach")
@blp.arguments(UploadIn, location="files")
@blp.response(201, DossierOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def attach(upload: dict[str, Any], dossier_id: UUID) -> dict[str, Any]:
    """Attach a file (PDF, DOCX, XLSX, JPG, PNG; at most 10 MB; its type read from the
    content) at the tier holding the dossier."""
    storage = upload["file"]
    return thidua().dossiers.attach_file(
        dossier_id, data=read_upload(storage, "tệp đính kèm"),
        name=getattr(storage, "filename", None) or "", actor=actor(),
        idempotency_key=idempotency_key())


@blp.route("/dossiers/<uuid:dossier_id>/attachments/<sha256:sha256>")
@blp.response(200, description="Tệp đính kèm (PDF, DOCX, XLSX, JPG, PNG)",
              content_type="application/octet-stream")
@documented_errors(blp, 401, 404)
def attachment(dossier_id: UUID, sha256: str) -> Response:
    """An attached file, byte for byte (its SHA-256 in ``X-Content-SHA256``)."""
    found, name = thidua().dossiers.attachment(dossier_id, sha256, actor=actor())
    response = send_bytes(found.data, found.media_type, name)
    response.headers["X-Content-SHA256"] = found.sha256
    return response


BLUEPRINTS = (blp,)
