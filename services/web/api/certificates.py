"""Certificates on pre-printed blanks: each award form's layout (GET|PUT
/award-forms/{code}/certificate-layout), its calibration sheet and a sample, and the
certificates of an issued decision (GET /decisions/{id}/certificates.pdf)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Response, current_app, jsonify
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from events.certificate import (
    ALIGNS,
    FIELDS,
    MAX_FONT_SIZE,
    MAX_LINES,
    MIN_FONT_SIZE,
    ORIENTATIONS,
    PAGE_SIZES,
    STYLES,
)
from services.usecases.certificates import CertificateFile, FontUnavailable
from services.web.api.fields import one_of, whole
from services.web.errors import error_body
from services.web.http import (
    actor,
    documented_errors,
    idempotency_key,
    protected,
    requires,
    send_bytes,
    thidua,
)

PDF = "application/pdf"
LONGEST_SIDE = max(max(size) for size in PAGE_SIZES.values())  # mm


def millimetres(minimum: float, **kwargs: Any) -> fields.Float:
    return fields.Float(validate=validate.Range(
        min=minimum, max=LONGEST_SIDE,
        error="Giá trị của trường «{{field}}» phải từ {min} đến {max} mm."), **kwargs)


class BoxIn(Schema):
    x = millimetres(0, required=True, metadata={"description": "mm từ mép trái trang"})
    y = millimetres(0, required=True, metadata={
        "description": "mm từ mép trên trang tới dòng chữ nằm trên (dòng đầu)"})
    width = millimetres(0.1, required=True, metadata={
        "description": "Chiều rộng ô (mm): chữ dài hơn được thu nhỏ cho vừa"})
    font_size = fields.Float(required=True, validate=validate.Range(
        min=MIN_FONT_SIZE, max=MAX_FONT_SIZE,
        error="Cỡ chữ ở trường «{{field}}» phải từ {min} đến {max} pt."), metadata={
        "description": "Cỡ chữ (pt)"})
    style = one_of(STYLES, load_default="regular")
    align = one_of(ALIGNS, load_default="center")
    lines = whole(1, MAX_LINES, load_default=1, metadata={
        "description": "Số dòng tối đa (xuống dòng theo từ)"})


BoxesIn = Schema.from_dict({name: fields.Nested(BoxIn, required=True,
                                                metadata={"description": label})
                            for name, label in FIELDS.items()}, name="BoxesIn")


class LayoutIn(Schema):
    page_size = one_of(PAGE_SIZES, required=True, metadata={"example": "A4"})
    orientation = one_of(ORIENTATIONS, required=True, metadata={"example": "landscape"})
    fields = fields.Nested(BoxesIn, required=True)


class LayoutOut(Schema):
    award_form = fields.String()
    award_form_name = fields.String()
    default = fields.Boolean(metadata={"description": "Mẫu mặc định (chưa cấu hình riêng)"})
    updated_by = fields.String(allow_none=True)
    page_size = fields.String()
    orientation = fields.String()
    page_width = fields.Float()
    page_height = fields.Float()
    fields = fields.Dict(keys=fields.String(), values=fields.Dict())


def send_pdf(make: Callable[[], CertificateFile]) -> Response:
    """The PDF ``make`` draws; 503 naming what to install when the font is missing."""
    try:
        found = make()
    except FontUnavailable as exc:
        current_app.logger.error("certificate font missing: %s", exc)
        response = jsonify(error_body("unavailable", str(exc), None))
        response.status_code = 503
        return response
    return send_bytes(found.data, found.mimetype, found.filename)


blp = protected("certificates", "In bằng khen, giấy khen trên phôi in sẵn")


@blp.route("/award-forms/<code:code>/certificate-layout")
class LayoutView(MethodView):
    @blp.response(200, LayoutOut)
    @documented_errors(blp, 401, 404)
    def get(self, code: str) -> dict[str, Any]:
        """Where each text of this award form's certificate prints on the blank."""
        return thidua().certificates.get_layout(code)

    @requires("certificates.layout")
    @blp.arguments(LayoutIn)
    @blp.response(200, LayoutOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def put(self, body: dict[str, Any], code: str) -> dict[str, Any]:
        """Set the layout: page, and each text's box in mm from the top-left corner."""
        return thidua().certificates.set_layout(code, **body, actor=actor(),
                                                idempotency_key=idempotency_key())


@blp.route("/award-forms/<code:code>/certificate-layout/calibration.pdf")
@blp.response(200, description="Tờ căn chỉnh: lưới milimét và các ô của mẫu in",
              content_type=PDF)
@documented_errors(blp, 401, 404, 503)
def calibration(code: str) -> Any:
    """A millimetre grid of the page with the layout's boxes, to lay over a blank."""
    return send_pdf(lambda: thidua().certificates.calibration(code))


@blp.route("/award-forms/<code:code>/certificate-layout/sample.pdf")
@blp.response(200, description="Một trang in thử với nội dung mẫu", content_type=PDF)
@documented_errors(blp, 401, 404, 503)
def sample(code: str) -> Any:
    """One certificate with sample texts on the stored layout."""
    return send_pdf(lambda: thidua().certificates.sample(code))


@blp.route("/decisions/<uuid:decision_id>/certificates.pdf")
@blp.response(200, description="Bằng khen, giấy khen: mỗi người, tập thể một trang",
              content_type=PDF)
@documented_errors(blp, 401, 404, 409, 503)
def decision_certificates(decision_id: UUID) -> Any:
    """The certificates of an issued decision, one page per recipient (revoked awards
    left out), placed for the form's pre-printed blank."""
    return send_pdf(lambda: thidua().certificates.decision_certificates(decision_id))


BLUEPRINTS = (blp,)
