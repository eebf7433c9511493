"""The organisation's award catalogue: GET|POST /award-forms, GET /award-forms/{code}."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from events.award_form import MAX_COEFFICIENT, SUBJECT_KINDS
from events.rules import AWARD_CODES, CATEGORIES, SYSTEMS
from services.web.api.common import Plain
from services.web.api.fields import Day, PointsIn, code_field, count, one_of, text_field
from services.web.http import actor, documented_errors, idempotency_key, protected, requires, thidua


class CoefficientsIn(Schema):
    """The organisation's own prize coefficients, per kind of subject the award is for."""

    collective = PointsIn(maximum=int(MAX_COEFFICIENT))
    individual = PointsIn(maximum=int(MAX_COEFFICIENT))


class AwardFormIn(Schema):
    code = code_field(required=True, metadata={
        "example": "bk_ldld_tinh", "description": "Mã riêng (không trùng mã loại khen thưởng "
                                                   "theo quy định)"})
    name = text_field(300, required=True, metadata={
        "example": "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu",
        "description": "Tên in trên quyết định, đúng như in"})
    kind = one_of(CATEGORIES, required=True, metadata={
        "description": "danh_hieu (danh hiệu thi đua) | hinh_thuc (hình thức khen thưởng)"})
    subject_kinds = count(1, len(SUBJECT_KINDS), one_of(SUBJECT_KINDS), required=True,
                          metadata={"example": ["collective", "individual"]})
    category = one_of(AWARD_CODES, required=True, metadata={
        "description": "Loại khen thưởng theo quy định mà các quy tắc, thống kê dùng",
        "example": "bang_khen_tinh"})
    system = one_of(SYSTEMS, required=True, metadata={
        "description": "nha_nuoc | cong_doan | khac: căn cứ pháp lý, quỹ và mức tiền thưởng"})
    issuer_unit_code = code_field(load_default=None, allow_none=True, metadata={
        "description": "Đơn vị ban hành (quyết định của đơn vị khác bị từ chối)"})
    effective_from = Day(load_default=None, allow_none=True)
    effective_to = Day(load_default=None, allow_none=True, metadata={
        "description": "Không trước effective_from"})
    prize_coefficients = fields.Nested(CoefficientsIn, load_default=dict, metadata={
        "description": "Hệ số tiền thưởng riêng theo đối tượng (thay cho mức chưa xác nhận)",
        "example": {"collective": 1.2, "individual": 0.6}})


class AwardFormOut(Schema):
    id = fields.String()
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    kind_name = fields.String()
    subject_kinds = fields.List(fields.String())
    category = fields.String()
    category_name = fields.String()
    system = fields.String()
    system_name = fields.String()
    issuer_unit_id = fields.String(allow_none=True)
    issuer_unit_code = fields.String(allow_none=True)
    issuer_unit_name = fields.String(allow_none=True)
    effective_from = fields.Date()
    effective_to = fields.Date(allow_none=True)
    prize_coefficients = Plain()
    default = fields.Boolean(metadata={
        "description": "mục mặc định: loại khen thưởng theo quy định, tên theo luật"})


class AwardFormQuery(Schema):
    subject_kind = one_of(SUBJECT_KINDS)
    on = Day(metadata={"description": "Chỉ các mục áp dụng ngày này"})
    defaults = fields.Boolean(load_default=True, metadata={
        "description": "Kèm các mục mặc định (loại khen thưởng theo quy định)"})


blp = protected("award_forms", "Danh mục danh hiệu, hình thức khen thưởng")


@blp.route("/award-forms")
class AwardFormsView(MethodView):
    @blp.arguments(AwardFormQuery, location="query")
    @blp.response(200, AwardFormOut(many=True))
    @documented_errors(blp, 400, 401)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """List the catalogue: the organisation's awards, then the default entries."""
        return thidua().award_forms.list_forms(**query)

    @requires("award_forms.manage")
    @blp.arguments(AwardFormIn)
    @blp.response(201, AwardFormOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Define an award of the catalogue, or change one by giving its code again."""
        return thidua().award_forms.define_form(**body, actor=actor(),
                                                idempotency_key=idempotency_key())


@blp.route("/award-forms/<code:code>")
class AwardFormView(MethodView):
    @blp.response(200, AwardFormOut)
    @documented_errors(blp, 401, 404)
    def get(self, code: str) -> dict[str, Any]:
        """One award of the catalogue."""
        return thidua().award_forms.get_form(code)


BLUEPRINTS = (blp,)
