"""Nominations: the board of a campaign, submitting, returning, resubmitting, amending
and withdrawing a dossier."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields

from events.nomination import STATUSES
from events.rules import ROUTES
from services.web.api.common import (
    Plain,
    Points,
    WaitQuery,
    award_form_field,
    subject_kind_field,
)
from services.web.api.fields import code_field, one_of, text_field, whole
from services.web.http import actor, documented_errors, idempotency_key, protected, requires, thidua

MAX_STAFF = 10_000_000


def summary_field(**kwargs: Any) -> fields.String:
    kwargs["metadata"] = {"description": "Tóm tắt thành tích", **kwargs.get("metadata", {})}
    return text_field(4000, multiline=True, **kwargs)


class WomenFactsIn(Schema):
    """What the dossier declares for the women-first rule at a tie (all optional)."""

    female = fields.Boolean(load_default=None, allow_none=True, metadata={
        "description": "Cá nhân: là nữ (ưu tiên khi bằng phiếu)"})
    staff_total = whole(1, MAX_STAFF, load_default=None, allow_none=True, metadata={
        "description": "Tập thể: tổng số thành viên (khai cùng staff_women)"})
    staff_women = whole(0, MAX_STAFF, load_default=None, allow_none=True, metadata={
        "description": "Tập thể: số nữ, không quá staff_total (từ 70 % trở lên được ưu tiên "
                       "khi bằng phiếu)"})


class NominationIn(WomenFactsIn):
    subject_kind = subject_kind_field(required=True)
    subject_id = fields.UUID(required=True)
    award = award_form_field(required=True)
    year = whole(2000, 2100, required=True, metadata={
        "description": "Năm xét khen thưởng (trong thời gian phong trào)", "example": 2025})
    summary = summary_field(required=True)
    route = one_of(ROUTES, load_default="hang_nam", metadata={
        "description": "; ".join(f"{k}: {v}" for k, v in ROUTES.items())})
    submitting_unit_code = code_field(load_default=None, allow_none=True)


class ReasonIn(Schema):
    reason = text_field(2000, multiline=True, required=True)


class ResubmitIn(Schema):
    summary = summary_field(load_default=None, allow_none=True)


class AmendIn(WomenFactsIn):
    summary = summary_field(required=True)
    clear_women = fields.Boolean(load_default=False, metadata={
        "description": "Xóa thông tin ưu tiên nữ đã khai"})


class NominationOut(Schema):
    id = fields.String()
    campaign_id = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    subject_name = fields.String()
    unit_id = fields.String()
    sector = fields.String(allow_none=True)
    submitting_unit_id = fields.String()
    award = fields.String()
    award_name = fields.String()
    year = fields.Integer()
    route = fields.String()
    route_name = fields.String()
    summary = fields.String()
    women = Plain(allow_none=True, metadata={
        "description": "Đã khai: {\"female\": true} hoặc {\"total\": 40, \"women\": 30}"})
    women_text = fields.String()
    status = fields.String(metadata={"description": ", ".join(STATUSES)})
    status_name = fields.String()
    reason = fields.String()
    returns = fields.List(fields.Dict())
    ballot_id = fields.String(allow_none=True)
    votes = Plain(allow_none=True, metadata={
        "description": "Kết quả bỏ phiếu: số phiếu đồng ý, không đồng ý, tỷ lệ (chỉ số đếm)"})
    rank = fields.Integer(allow_none=True)
    decision_id = fields.String(allow_none=True)
    decision_number = fields.String(allow_none=True)
    submitted_by = fields.String()
    dossier_id = fields.String(allow_none=True, metadata={
        "description": "Hồ sơ theo tuyến (POST /dossiers) đã đưa đề nghị này lên"})
    version = fields.Integer()


class BoardQuery(WaitQuery):
    status = one_of(STATUSES)


class BoardRowOut(Schema):
    id = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    subject_name = fields.String()
    unit_id = fields.String()
    sector = fields.String(allow_none=True)
    award = fields.String()
    award_name = fields.String()
    year = fields.Integer()
    route = fields.String()
    status = fields.String()
    status_name = fields.String()
    summary = fields.String()
    submitted_by = fields.String()
    submitted_at = fields.String()
    reason = fields.String(allow_none=True)
    yes_votes = fields.Integer(allow_none=True)
    members = fields.Integer(allow_none=True)
    percent = Points(allow_none=True)
    rank = fields.Integer(allow_none=True)
    decision_id = fields.String(allow_none=True)
    decision_number = fields.String(allow_none=True)


class BoardOut(Schema):
    campaign_id = fields.String()
    status = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    rows = fields.List(fields.Nested(BoardRowOut))
    position = fields.Integer()
    stale = fields.Boolean()


nominations_blp = protected("nominations", "Đề nghị khen thưởng")


@nominations_blp.route("/campaigns/<uuid:campaign_id>/nominations")
class NominationsView(MethodView):
    @nominations_blp.arguments(BoardQuery, location="query")
    @nominations_blp.response(200, BoardOut)
    @documented_errors(nominations_blp, 400, 401, 404, 422)
    def get(self, query: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Nomination board of a campaign, optionally of one status."""
        return thidua().awards.nominations(campaign_id, **query)

    @requires("nominations.submit")
    @nominations_blp.arguments(NominationIn)
    @nominations_blp.response(201, NominationOut)
    @documented_errors(nominations_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Nominate a subject for a title or award form (eligibility checked from history)."""
        return thidua().nominations.submit_nomination(
            campaign_id=campaign_id, **body, actor=actor(), idempotency_key=idempotency_key())


@nominations_blp.route("/nominations/<uuid:nomination_id>")
class NominationView(MethodView):
    @nominations_blp.response(200, NominationOut)
    @documented_errors(nominations_blp, 401, 404)
    def get(self, nomination_id: UUID) -> dict[str, Any]:
        """Show one nomination."""
        return thidua().nominations.get_nomination(nomination_id)


def _nomination_action(path: str, action: str, schema: type[Schema], method: str,
                       summary: str) -> None:
    @requires(action)
    @nominations_blp.arguments(schema)
    @nominations_blp.response(200, NominationOut)
    @documented_errors(nominations_blp, 400, 401, 403, 404, 409, 422)
    def view(body: dict[str, Any], nomination_id: UUID) -> dict[str, Any]:
        return getattr(thidua().nominations, method)(nomination_id, **body, actor=actor(),
                                                     idempotency_key=idempotency_key())

    view.__doc__ = summary
    view.__name__ = f"nomination_{method}"
    nominations_blp.route(f"/nominations/<uuid:nomination_id>/{path}", methods=["POST"])(view)


_nomination_action("return", "nominations.review", ReasonIn, "return_nomination",
                   "Return a dossier to its unit with the reason.")

_nomination_action("resubmit", "nominations.submit", ResubmitIn, "resubmit_nomination",
                   "Send a returned dossier again.")

_nomination_action("amend", "nominations.submit", AmendIn, "amend_nomination",
                   "Amend the achievements summary.")

_nomination_action("withdraw", "nominations.submit", ReasonIn, "withdraw_nomination",
                   "Withdraw a nomination.")


BLUEPRINTS = (nominations_blp,)
