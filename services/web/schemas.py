"""marshmallow schemas of the JSON API (shape only; the domain checks meaning)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields, validate

from events.campaign import SUBJECT_KINDS
from events.periods import CADENCES
from events.scorecard import STAGES
from events.unit import SECTORS
from events.user import ROLES


class Points(fields.Field):
    """Points go out as JSON numbers (stored exactly as Decimal)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral() else float(value)


class PointsMap(fields.Dict):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(keys=fields.String(), values=Points(), **kwargs)


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"example": "invalid"})
    message = fields.String(required=True)
    field = fields.String(allow_none=True)


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


class TokenRequest(Schema):
    username = fields.String(required=True)
    password = fields.String(required=True)


class TokenResponse(Schema):
    token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = fields.Integer(required=True)
    username = fields.String()
    role = fields.String()


class UnitIn(Schema):
    code = fields.String(required=True, metadata={"example": "CDGD"})
    name = fields.String(required=True)
    parent_code = fields.String(load_default=None, allow_none=True)
    sector = fields.String(load_default=None, allow_none=True,
                           validate=validate.OneOf(list(SECTORS)))


class UnitOut(Schema):
    id = fields.String()
    code = fields.String()
    name = fields.String()
    parent_id = fields.String(allow_none=True)
    parent_code = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)


class PersonIn(Schema):
    full_name = fields.String(required=True)
    unit_code = fields.String(required=True)
    position = fields.String(load_default="")
    is_leader = fields.Boolean(load_default=False)


class PersonQuery(Schema):
    unit_code = fields.String(load_default=None)


class PersonOut(Schema):
    id = fields.String()
    full_name = fields.String()
    unit_id = fields.String()
    unit_code = fields.String()
    unit_name = fields.String()
    position = fields.String()
    is_leader = fields.Boolean()


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
    sector = fields.String(required=True, validate=validate.OneOf(list(SECTORS)))
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


class UserOut(Schema):
    id = fields.String()
    username = fields.String()
    role = fields.String(validate=validate.OneOf(list(ROLES)))
    unit_id = fields.String(allow_none=True)
    disabled = fields.Boolean()


class BlocIn(Schema):
    code = fields.String(required=True, metadata={"example": "KHOI-GD"})
    name = fields.String(required=True)
    unit_codes = fields.List(fields.String(), load_default=list)


class BlocOut(Schema):
    id = fields.String()
    code = fields.String()
    name = fields.String()
    unit_codes = fields.List(fields.String())


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


class UploadIn(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
