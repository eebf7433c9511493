"""Campaigns, registrations, scorecards and standings."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from events.campaign import SUBJECT_KINDS
from events.periods import CADENCES
from events.scorecard import STAGES
from services.web.api.common import Points, PointsMap
from services.web.http import (
    XLSX,
    actor,
    documented_errors,
    idempotency_key,
    protected,
    requires,
    send_bytes,
    thidua,
)


class CriterionSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    max_points = fields.Raw(required=True, metadata={"type": "number", "example": 30})


class CriterionOut(CriterionSchema):
    max_points = Points()


class TrackIn(Schema):
    subject_kind = fields.String(required=True, validate=validate.OneOf(list(SUBJECT_KINDS)))
    cadence = fields.String(required=True, validate=validate.OneOf(list(CADENCES)))
    criteria = fields.List(fields.Nested(CriterionSchema), load_default=list)
    thresholds = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict)


class TrackOut(Schema):
    subject_kind = fields.String()
    cadence = fields.String()
    criteria = fields.List(fields.Nested(CriterionOut))
    thresholds = PointsMap()


class ReservedSchema(Schema):
    sector = fields.String(required=True, metadata={
        "description": "mã một ngành của danh mục (GET /sectors)", "example": "giao_duc"})
    max = fields.Integer(required=True, strict=True)


class QuotaSchema(Schema):
    award_form = fields.String(required=True, metadata={"example": "bang_khen_tinh"})
    subject_kind = fields.String(required=True, validate=validate.OneOf(list(SUBJECT_KINDS)))
    max = fields.Integer(required=True, strict=True)
    reserved = fields.List(fields.Nested(ReservedSchema), load_default=list)


class CampaignIn(Schema):
    code = fields.String(required=True, metadata={"example": "VHCS-2019"})
    number = fields.String(required=True, metadata={"example": "117/KH-LĐLĐ"})
    title = fields.String(required=True)
    movement = fields.String(load_default=None, allow_none=True, metadata={
        "description": "Tên phong trào thi đua (không kèm ngoặc kép); mặc định: phần trong "
                       "ngoặc kép của title, hoặc title",
        "example": "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở"})
    issuer_unit_code = fields.String(required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    registration_deadline = fields.Date(required=True)
    tracks = fields.List(fields.Nested(TrackIn), required=True)
    quotas = fields.List(fields.Nested(QuotaSchema), load_default=list)
    plan = fields.Dict(load_default=None, allow_none=True, metadata={
        "description": "Nội dung Kế hoạch (mục đích, nội dung, tổ chức thực hiện, người ký…); "
                       "phần nào thiếu được soạn tự động"})


class CampaignOut(Schema):
    id = fields.String()
    code = fields.String()
    number = fields.String()
    title = fields.String()
    movement = fields.String()
    issuer_unit_id = fields.String()
    issuer_unit_code = fields.String()
    start = fields.Date()
    end = fields.Date()
    registration_deadline = fields.Date()
    tracks = fields.List(fields.Nested(TrackOut))
    quotas = fields.List(fields.Nested(QuotaSchema))
    plan = fields.Dict()


class RegistrationIn(Schema):
    subject_kind = fields.String(required=True, validate=validate.OneOf(list(SUBJECT_KINDS)))
    subject_id = fields.UUID(required=True)
    pledge = fields.String(load_default="")


class RegistrationOut(Schema):
    id = fields.String()
    campaign_id = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    unit_id = fields.String()
    pledge = fields.String()
    registered_on = fields.Date()


class ScoresIn(Schema):
    subject_id = fields.UUID(required=True)
    period = fields.String(required=True, metadata={"example": "2025-W07"})
    stage = fields.String(required=True, validate=validate.OneOf(list(STAGES)))
    scores = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True,
                         metadata={"example": {"TT1": 27}})
    reason = fields.String(load_default=None, allow_none=True)


class ScorecardQuery(Schema):
    subject_id = fields.UUID(required=True)
    period = fields.String(required=True)


class CorrectionOut(Schema):
    before = PointsMap()
    scores = PointsMap()
    reason = fields.String()
    actor = fields.String()


class ScorecardOut(Schema):
    id = fields.String()
    campaign_id = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    unit_id = fields.String()
    period = fields.String()
    status = fields.String(metadata={"description": "pending (chỉ có tự chấm) | reviewed"})
    self_scores = PointsMap(allow_none=True)
    reviewed_scores = PointsMap(allow_none=True)
    corrections = fields.List(fields.Nested(CorrectionOut))
    scores = PointsMap()
    total = Points()
    version = fields.Integer()


class StandingsQueryIn(Schema):
    period = fields.String(required=True, metadata={
        "description": "Kỳ: tuần 2020-W07, tháng 2020-02, quý 2020-Q1, nửa năm 2020-H1, năm 2020"})
    subject_kind = fields.String(load_default=None,
                                 validate=validate.OneOf(list(SUBJECT_KINDS)))
    as_of = fields.String(load_default=None, metadata={
        "description": "Xem lại như tại thời điểm này (2020-06-30 = hết ngày 30/6 giờ Việt Nam)"})
    position = fields.Integer(load_default=None, metadata={
        "description": "Xem lại như tại vị trí này của sổ sự kiện"})
    wait_for = fields.Integer(load_default=None, metadata={
        "description": "Chờ tối đa 2 giây cho đến khi bảng đã xử lý vị trí này"})
    limit = fields.Integer(load_default=None, metadata={
        "description": "Số dòng mỗi trang (mặc định: tất cả)"})
    offset = fields.Integer(load_default=0)


class StandingsRowOut(Schema):
    subject_id = fields.String()
    subject_name = fields.String(allow_none=True)
    unit_id = fields.String(allow_none=True)
    unit_code = fields.String(allow_none=True)
    unit_name = fields.String(allow_none=True)
    bloc_code = fields.String(allow_none=True)
    bloc_name = fields.String(allow_none=True)
    total = Points()
    average = Points(allow_none=True)
    criteria = PointsMap()
    periods_counted = fields.Integer()
    periods_pending = fields.Integer()
    classification = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "ranked | pending (chỉ có tự chấm)"})
    rank = fields.Integer(allow_none=True)
    unit_rank = fields.Integer(allow_none=True)
    bloc_rank = fields.Integer(allow_none=True)


class StandingsOut(Schema):
    campaign_id = fields.String()
    subject_kind = fields.String()
    period = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    as_of = fields.DateTime(allow_none=True)
    position = fields.Integer()
    replayed = fields.Boolean()
    stale = fields.Boolean()
    total_rows = fields.Integer()
    offset = fields.Integer()
    rows = fields.List(fields.Nested(StandingsRowOut))
    bloc_leaders = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


campaigns_blp = protected("campaigns", "Phong trào thi đua, đăng ký, chấm điểm")


@campaigns_blp.route("/campaigns")
class CampaignsView(MethodView):
    @campaigns_blp.response(200, CampaignOut(many=True))
    @documented_errors(campaigns_blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List campaigns."""
        return thidua().campaigns.list_campaigns()

    @requires("campaigns.create")
    @campaigns_blp.arguments(CampaignIn)
    @campaigns_blp.response(201, CampaignOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Launch a campaign with its tracks, criteria, thresholds and quotas."""
        return thidua().campaigns.create_campaign(body, actor=actor(),
                                                  idempotency_key=idempotency_key())


@campaigns_blp.route("/campaigns/<campaign_id>")
class CampaignView(MethodView):
    @campaigns_blp.response(200, CampaignOut)
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, campaign_id: str) -> dict[str, Any]:
        """Show one campaign."""
        return thidua().campaigns.campaign_details(campaign_id)


@campaigns_blp.route("/campaigns/<campaign_id>/registrations")
class RegistrationsView(MethodView):
    @campaigns_blp.response(200, RegistrationOut(many=True))
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, campaign_id: str) -> list[dict[str, Any]]:
        """List the registrations of a campaign."""
        return thidua().campaigns.list_registrations(campaign_id)

    @requires("registrations.create")
    @campaigns_blp.arguments(RegistrationIn)
    @campaigns_blp.response(201, RegistrationOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Register a subject (a unit or a person) for a campaign."""
        return thidua().campaigns.register(campaign_id=campaign_id, **body, actor=actor(),
                                           idempotency_key=idempotency_key())


@campaigns_blp.route("/campaigns/<campaign_id>/scores")
class ScoresView(MethodView):
    @campaigns_blp.arguments(ScorecardQuery, location="query")
    @campaigns_blp.response(200, ScorecardOut)
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, query: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Show a subject's scorecard for a period."""
        return thidua().campaigns.get_scorecard(campaign_id, query["subject_id"], query["period"])

    @requires("scores.self", "scores.review", "scores.correction")
    @campaigns_blp.arguments(ScoresIn)
    @campaigns_blp.response(201, ScorecardOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Post a self-assessment, a review or a correction (with a reason)."""
        return thidua().campaigns.post_scores(campaign_id=campaign_id, **body, actor=actor(),
                                              idempotency_key=idempotency_key())


@campaigns_blp.route("/campaigns/<campaign_id>/standings")
class StandingsView(MethodView):
    @campaigns_blp.arguments(StandingsQueryIn, location="query")
    @campaigns_blp.response(200, StandingsOut)
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, query: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Standings of a period or roll-up; as_of/position replay the past."""
        return thidua().standings.get(campaign_id, **query)


@campaigns_blp.route("/campaigns/<campaign_id>/standings.xlsx")
@campaigns_blp.arguments(StandingsQueryIn, location="query")
@campaigns_blp.response(200, description="Bảng xếp hạng dạng .xlsx",
                        content_type=XLSX)
@documented_errors(campaigns_blp, 400, 401, 404)
def standings_xlsx(query: dict[str, Any], campaign_id: str) -> Any:
    """Standings as an .xlsx workbook."""
    data, name = thidua().standings.workbook(campaign_id, query)
    return send_bytes(data, XLSX, name)


BLUEPRINTS = (campaigns_blp,)
