"""Campaigns, registrations, scorecards and standings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validate

from events.campaign import SUBJECT_KINDS
from events.periods import CADENCES
from events.scorecard import STAGES
from services.web.api.common import Points, PointsMap, SignerIn, position_field
from services.web.api.fields import (
    END,
    INT64,
    Day,
    PointsIn,
    PointsMapIn,
    TextRule,
    code_field,
    count,
    moment_field,
    one_of,
    period_field,
    text_field,
    whole,
)
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

MAX_PLACES = 1_000_000  # a quota's places: far above any campaign's
MAX_ROWS = 100_000  # services/queries/standings.py MAX_LIMIT


class CriterionIn(Schema):
    code = code_field(required=True)
    name = text_field(500, required=True)
    max_points = PointsIn(required=True, exclusive_minimum=True, metadata={"example": 30})


class CriterionOut(Schema):
    code = fields.String()
    name = fields.String()
    max_points = Points()


class ThresholdsIn(Schema):
    """The lowest total of each classification; HTXS > HTT > HT (checked by the domain)."""

    HTXS = PointsIn(required=True)
    HTT = PointsIn(required=True)
    HT = PointsIn(required=True)



class TrackIn(Schema):
    subject_kind = one_of(SUBJECT_KINDS, required=True)
    cadence = one_of(CADENCES, required=True)
    criteria = count(0, 100, fields.Nested(CriterionIn), load_default=list)
    thresholds = fields.Nested(ThresholdsIn, load_default=dict, metadata={
        "description": "Điểm tối thiểu của từng mức xếp loại (không có: không xếp loại)"})


class TrackOut(Schema):
    subject_kind = fields.String()
    cadence = fields.String()
    criteria = fields.List(fields.Nested(CriterionOut))
    thresholds = PointsMap()


class ReservedIn(Schema):
    sector = code_field(required=True, metadata={
        "description": "mã một ngành của danh mục (GET /sectors)", "example": "giao_duc"})
    max = whole(0, MAX_PLACES, required=True)


class QuotaIn(Schema):
    award_form = code_field(required=True, metadata={
        "example": "bk_ldld_tinh", "description": "mã trong danh mục khen thưởng (GET "
                                                  "/award-forms)"})
    subject_kind = one_of(SUBJECT_KINDS, required=True)
    max = whole(0, MAX_PLACES, required=True)
    reserved = count(0, 100, fields.Nested(ReservedIn), load_default=list)


class ReservedOut(Schema):
    sector = fields.String()
    max = fields.Integer()


class QuotaOut(Schema):
    award_form = fields.String()
    subject_kind = fields.String()
    max = fields.Integer()
    reserved = fields.List(fields.Nested(ReservedOut))


_PARAGRAPH = TextRule(multiline=True, required=True)
_LABEL = TextRule(multiline=False, required=True)
_STYLES = ("bold", "italic")


class Paragraph(fields.Field):
    """A paragraph of the plan (events/campaign.py ``_paragraph``): its text, or
    ``{text, style?, label?}``."""

    def __init__(self, **kwargs: Any) -> None:
        text = {"type": "string", "minLength": 1, "maxLength": 4000,
                "pattern": _PARAGRAPH.regex.pattern}
        super().__init__(metadata={"oneOf": [text, {
            "type": "object", "required": ["text"], "additionalProperties": False,
            "properties": {"text": text, "style": {"type": "string", "enum": list(_STYLES)},
                           "label": {"type": "string", "minLength": 1, "maxLength": 200,
                                     "pattern": _LABEL.regex.pattern}}}]}, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            return self._text(value, _PARAGRAPH, 4000)
        if not isinstance(value, dict):
            raise ValidationError("Trường «{field}» phải là một đoạn văn hoặc một đối tượng "
                                  "text, style (bold, italic), label.")
        unknown = sorted(set(value) - {"text", "style", "label"}, key=str)
        if unknown:
            raise ValidationError({unknown[0]: ["Unknown field."]})
        if "text" not in value:
            raise ValidationError({"text": ["Missing data for required field."]})
        if "style" in value and value["style"] not in _STYLES:
            raise ValidationError({"style": ["Kiểu chữ ở trường «{field}» chỉ là bold hoặc "
                                             "italic."]})
        paragraph = {key: self._text(value[key], rule, length, key)
                     for key, rule, length in (("text", _PARAGRAPH, 4000), ("label", _LABEL, 200))
                     if key in value}
        return {**value, **paragraph}

    @staticmethod
    def _text(value: Any, rule: TextRule, max_length: int, key: str | None = None) -> str:
        """The text of a paragraph (or of its ``key``) as ``rule`` and its length allow."""
        try:
            if not isinstance(value, str):
                raise ValidationError("Trường «{field}» phải là chuỗi ký tự.")
            rule(value)
            if len(value) > max_length:
                raise ValidationError(f"Trường «{{field}}» dài quá {max_length} ký tự.")
        except ValidationError as error:
            raise ValidationError({key: error.messages} if key else error.messages) from None
        return value


class PlanIn(Schema):
    """The narrative of the Kế hoạch (all optional; what is missing is generated)."""

    parent_agency = text_field(1000, empty=True)
    place = text_field(1000, empty=True)
    title = text_field(1000, empty=True)
    archive = text_field(1000, empty=True)
    basis = count(0, 200, Paragraph())
    intro = count(0, 200, Paragraph())
    purpose = count(0, 200, Paragraph())
    scope = count(0, 200, Paragraph())
    criteria_intro = count(0, 200, Paragraph())
    award_forms = count(0, 200, Paragraph())
    quota_notes = count(0, 200, Paragraph())
    implementation = count(0, 200, Paragraph())
    closing = count(0, 200, Paragraph())
    recipients = count(0, 200, Paragraph())
    signer = fields.Nested(SignerIn)


# "117/KH-LĐLĐ": number, "/", type code, "-", issuer (events/campaign.py _DOCUMENT_NUMBER).
DOCUMENT_NUMBER = r"^[0-9]{1,4}/[A-Za-zĐđ]{1,6}(?:-[0-9A-Za-zĐđ]{1,20})+" + END


class CampaignIn(Schema):
    code = code_field(required=True, metadata={"example": "VHCS-2019"})
    number = fields.String(required=True, validate=[
        validate.Length(max=60), validate.Regexp(DOCUMENT_NUMBER, error=(
            "Số, ký hiệu ở trường «{{field}}» không đúng thể thức (ví dụ 117/KH-LĐLĐ)."))],
        metadata={"example": "117/KH-LĐLĐ"})
    title = text_field(1000, required=True)
    movement = text_field(500, blank=True, load_default=None, allow_none=True, metadata={
        "description": "Tên phong trào thi đua (không kèm ngoặc kép); mặc định: phần trong "
                       "ngoặc kép của title, hoặc title",
        "example": "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở"})
    issuer_unit_code = code_field(required=True)
    start = Day(required=True)
    end = Day(required=True)
    registration_deadline = Day(required=True)
    tracks = count(1, len(SUBJECT_KINDS), fields.Nested(TrackIn), required=True, metadata={
        "description": "Một bảng tiêu chí cho mỗi đối tượng (tập thể, cá nhân)"})
    quotas = count(0, 100, fields.Nested(QuotaIn), load_default=list)
    plan = fields.Nested(PlanIn, load_default=dict, metadata={
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
    quotas = fields.List(fields.Nested(QuotaOut))
    plan = fields.Dict()


class RegistrationIn(Schema):
    subject_kind = one_of(SUBJECT_KINDS, required=True)
    subject_id = fields.UUID(required=True)
    pledge = text_field(4000, multiline=True, blank=True, load_default="")


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
    period = period_field(scoring=True, required=True, metadata={
        "example": "2025-W07", "description": "Tuần 2025-W07 hoặc tháng 2025-02 (theo chu kỳ)"})
    stage = one_of(STAGES, required=True)
    scores = PointsMapIn(required=True, metadata={"example": {"TT1": 27}})
    reason = text_field(2000, multiline=True, blank=True, load_default=None, allow_none=True,
                        metadata={"description": "Bắt buộc khi đính chính (correction)"})


class ScorecardQuery(Schema):
    subject_id = fields.UUID(required=True)
    period = period_field(scoring=True, required=True)


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
    period = period_field(required=True, metadata={
        "description": "Kỳ: tuần 2020-W07, tháng 2020-02, quý 2020-Q1, nửa năm 2020-H1, năm 2020"})
    subject_kind = one_of(SUBJECT_KINDS)
    as_of = moment_field(metadata={
        "description": "Xem lại như tại thời điểm này (2020-06-30 = hết ngày 30/6 giờ Việt Nam)"})
    position = position_field("Xem lại như tại vị trí này của sổ sự kiện")
    wait_for = position_field("Chờ tối đa 2 giây cho đến khi bảng đã xử lý vị trí này")
    limit = whole(1, MAX_ROWS, strict=False, metadata={
        "description": "Số dòng mỗi trang (mặc định: tất cả)"})
    offset = whole(0, INT64, strict=False, load_default=0)


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
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Launch a campaign with its tracks, criteria, thresholds and quotas."""
        return thidua().campaigns.create_campaign(body, actor=actor(),
                                                  idempotency_key=idempotency_key())


@campaigns_blp.route("/campaigns/<uuid:campaign_id>")
class CampaignView(MethodView):
    @campaigns_blp.response(200, CampaignOut)
    @documented_errors(campaigns_blp, 401, 404)
    def get(self, campaign_id: UUID) -> dict[str, Any]:
        """Show one campaign."""
        return thidua().campaigns.campaign_details(campaign_id)


@campaigns_blp.route("/campaigns/<uuid:campaign_id>/registrations")
class RegistrationsView(MethodView):
    @campaigns_blp.response(200, RegistrationOut(many=True))
    @documented_errors(campaigns_blp, 401, 404)
    def get(self, campaign_id: UUID) -> list[dict[str, Any]]:
        """List the registrations of a campaign."""
        return thidua().campaigns.list_registrations(campaign_id)

    @requires("registrations.create")
    @campaigns_blp.arguments(RegistrationIn)
    @campaigns_blp.response(201, RegistrationOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Register a subject (a unit or a person) for a campaign."""
        return thidua().campaigns.register(campaign_id=campaign_id, **body, actor=actor(),
                                           idempotency_key=idempotency_key())


@campaigns_blp.route("/campaigns/<uuid:campaign_id>/scores")
class ScoresView(MethodView):
    @campaigns_blp.arguments(ScorecardQuery, location="query")
    @campaigns_blp.response(200, ScorecardOut)
    @documented_errors(campaigns_blp, 400, 401, 404, 422)
    def get(self, query: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Show a subject's scorecard for a period."""
        return thidua().campaigns.get_scorecard(campaign_id, query["subject_id"], query["period"])

    @requires("scores.self", "scores.review", "scores.correction")
    @campaigns_blp.arguments(ScoresIn)
    @campaigns_blp.response(201, ScorecardOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Post a self-assessment, a review or a correction (with a reason)."""
        return thidua().campaigns.post_scores(campaign_id=campaign_id, **body, actor=actor(),
                                              idempotency_key=idempotency_key())


@campaigns_blp.route("/campaigns/<uuid:campaign_id>/standings")
class StandingsView(MethodView):
    @campaigns_blp.arguments(StandingsQueryIn, location="query")
    @campaigns_blp.response(200, StandingsOut)
    @documented_errors(campaigns_blp, 400, 401, 404, 422)
    def get(self, query: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Standings of a period or roll-up; as_of/position replay the past."""
        return thidua().standings.get(campaign_id, **query)


@campaigns_blp.route("/campaigns/<uuid:campaign_id>/standings.xlsx")
@campaigns_blp.arguments(StandingsQueryIn, location="query")
@campaigns_blp.response(200, description="Bảng xếp hạng dạng .xlsx",
                        content_type=XLSX)
@documented_errors(campaigns_blp, 400, 401, 404, 422)
def standings_xlsx(query: dict[str, Any], campaign_id: UUID) -> Any:
    """Standings as an .xlsx workbook."""
    data, name = thidua().standings.workbook(campaign_id, query)
    return send_bytes(data, XLSX, name)


BLUEPRINTS = (campaigns_blp,)
