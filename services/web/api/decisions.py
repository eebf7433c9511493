"""Award decisions: drafted from approved nominations, issued, revoked."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from services.web.api.common import Plain, Points, SignerIn, award_form_field
from services.web.api.fields import END, Day, code_field, count, text_field
from services.web.http import actor, documented_errors, idempotency_key, protected, requires, thidua

# events/decision.py _SYMBOL (after upper()): "LĐLĐ", "UBND", "HĐTĐKT-LĐLĐ".
SYMBOL = r"^[0-9A-Za-zĐđ]{1,12}(?:-[0-9A-Za-zĐđ]{1,12})*" + END


def symbol_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Regexp(SYMBOL, error=(
        "Chữ viết tắt ở trường «{{field}}» không hợp lệ (chữ cái không dấu, chữ số, Đ, nối "
        "bằng dấu -; ví dụ LĐLĐ, UBND).")), **kwargs)


class DecisionIn(Schema):
    issuer_unit_code = code_field(required=True, metadata={"example": "LDLD"})
    issuer_symbol = symbol_field(load_default=None, allow_none=True, metadata={
        "example": "LĐLĐ", "description": "Chữ viết tắt sau loại văn bản: 07/QĐ-LĐLĐ"})
    campaign_id = fields.UUID(required=True)
    award = award_form_field(required=True)
    nomination_ids = count(1, 1000, fields.UUID(), required=True, error=(
        "Quyết định phải có ít nhất một tập thể hoặc cá nhân được khen thưởng (trường "
        "«{field}»: từ {min} đến {max} hồ sơ)."))
    title = text_field(500, empty=True, load_default=None, allow_none=True, metadata={
        "description": "Trích yếu (mặc định: Về việc tặng …)"})
    signer = fields.Nested(SignerIn, required=True)


class IssueIn(Schema):
    issued_on = Day(load_default=None, allow_none=True, metadata={
        "description": "Ngày ký (mặc định: hôm nay); mức lương cơ sở theo ngày này"})


class RevokeIn(Schema):
    reason = text_field(2000, multiline=True, required=True)
    revoked_on = Day(load_default=None, allow_none=True)


class RecipientOut(Schema):
    nomination_id = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    subject_name = fields.String()
    unit_id = fields.String()
    sector = fields.String(allow_none=True)
    year = fields.Integer()
    coefficient = Points()
    coefficient_source = fields.String()
    coefficient_confidence = fields.String()
    amount = Points(metadata={"description": "Hệ số × mức lương cơ sở, làm tròn lên 10.000 đ"})
    prize = Points(metadata={"description": "Số tiền chi (chỉ mức cao nhất trong năm)"})
    note = fields.String()


class DecisionOut(Schema):
    id = fields.String()
    issuer_unit_id = fields.String()
    issuer_symbol = fields.String()
    campaign_id = fields.String()
    award = fields.String()
    award_name = fields.String()
    title = fields.String()
    signer = fields.Dict()
    status = fields.String()
    status_name = fields.String()
    number = fields.String(allow_none=True, metadata={"example": "07/QĐ-LĐLĐ"})
    issued_on = fields.Date(allow_none=True)
    base_salary = Plain(allow_none=True)
    total = Points()
    recipients = fields.List(fields.Nested(RecipientOut))
    revocation = Plain(allow_none=True)
    created_by = fields.String()


class DecisionQuery(Schema):
    campaign_id = fields.UUID()


decisions_blp = protected("decisions", "Quyết định khen thưởng")


@decisions_blp.route("/decisions")
class DecisionsView(MethodView):
    @decisions_blp.arguments(DecisionQuery, location="query")
    @decisions_blp.response(200, DecisionOut(many=True))
    @documented_errors(decisions_blp, 400, 401)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """List decisions, optionally of one campaign."""
        return thidua().decisions.list_decisions(query.get("campaign_id"))

    @requires("decisions.draft")
    @decisions_blp.arguments(DecisionIn)
    @decisions_blp.response(201, DecisionOut)
    @documented_errors(decisions_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Draft a decision from approved nominations."""
        return thidua().decisions.draft_decision(**body, actor=actor(),
                                                 idempotency_key=idempotency_key())


@decisions_blp.route("/decisions/<uuid:decision_id>")
class DecisionView(MethodView):
    @decisions_blp.response(200, DecisionOut)
    @documented_errors(decisions_blp, 401, 404)
    def get(self, decision_id: UUID) -> dict[str, Any]:
        """Show a decision with its recipients and prize money."""
        return thidua().decisions.get_decision(decision_id)


@decisions_blp.route("/decisions/<uuid:decision_id>/issue", methods=["POST"])
@requires("decisions.issue")
@decisions_blp.arguments(IssueIn)
@decisions_blp.response(200, DecisionOut)
@documented_errors(decisions_blp, 400, 401, 403, 404, 409, 422)
def issue(body: dict[str, Any], decision_id: UUID) -> dict[str, Any]:
    """Issue: next number of the register, quotas, prize money, award history."""
    return thidua().decisions.issue_decision(decision_id, **body, actor=actor(),
                                             idempotency_key=idempotency_key())


@decisions_blp.route("/decisions/<uuid:decision_id>/revoke", methods=["POST"])
@requires("decisions.revoke")
@decisions_blp.arguments(RevokeIn)
@decisions_blp.response(200, DecisionOut)
@documented_errors(decisions_blp, 400, 401, 403, 404, 409, 422)
def revoke(body: dict[str, Any], decision_id: UUID) -> dict[str, Any]:
    """Revoke an issued decision (its number stays used)."""
    return thidua().decisions.revoke_decision(decision_id, **body, actor=actor(),
                                              idempotency_key=idempotency_key())


BLUEPRINTS = (decisions_blp,)
