"""Tra cứu khen thưởng, past awards and discipline, quota usage, an organisation's own
settings and the law's rule tables."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields

from events.award_settings import MAX_BASIS_LINES, MAX_GOVERNING_BODY, MAX_NOTICE_DAYS
from events.rules import AWARD_CODES, RECUSAL_MODES
from services.web.api.common import (
    Plain,
    Points,
    WaitQuery,
    award_field,
    award_form_field,
    subject_kind_field,
)
from services.web.api.fields import (
    PAST_AWARDS_FROM,
    Day,
    PointsIn,
    code_field,
    count,
    one_of,
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

MAX_PRIZE = 1_000_000_000_000  # đồng
MAX_QUORUM = 1000


class PastAwardIn(Schema):
    subject_kind = subject_kind_field(required=True)
    subject_id = fields.UUID(required=True)
    award = award_form_field(required=True)
    year = whole(PAST_AWARDS_FROM.year, 2100, required=True, metadata={
        "description": "Năm của thành tích (không sau năm quyết định)"})
    number = text_field(60, required=True, metadata={"example": "125/QĐ-UBND"})
    decided_on = Day(PAST_AWARDS_FROM, required=True)
    prize = whole(0, MAX_PRIZE, load_default=None, allow_none=True, metadata={
        "description": "Tiền thưởng (đồng)"})


class DisciplineIn(Schema):
    subject_kind = subject_kind_field(required=True)
    subject_id = fields.UUID(required=True)
    action = one_of(("impose", "lift"), required=True, metadata={
        "description": "impose: bị kỷ luật; lift: hết kỷ luật"})
    reason = text_field(2000, multiline=True, required=True)
    on = Day(load_default=None, allow_none=True, metadata={"description": "Mặc định: hôm nay"})


class SubjectHistoryOut(Schema):
    id = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    subject_name = fields.String()
    unit_id = fields.String()
    awards = Plain()
    under_discipline = fields.Boolean()
    discipline = Plain(allow_none=True)


class AwardHistoryQuery(WaitQuery):
    """One of the two: a person or unit (subject_id), or a unit and its people."""

    subject_id = fields.UUID()
    unit_code = code_field()


class AwardHistoryRowOut(Schema):
    subject_id = fields.String()
    subject_kind = fields.String()
    subject_name = fields.String()
    unit_id = fields.String()
    award = fields.String()
    award_name = fields.String()
    year = fields.Integer()
    decision_id = fields.String(allow_none=True)
    number = fields.String()
    decided_on = fields.Date(allow_none=True)
    prize = Points(allow_none=True)
    note = fields.String()
    source = fields.String(metadata={"description": "decision | past (nhập từ lưu trữ)"})
    status = fields.String(metadata={"description": "active | revoked"})
    revoked_reason = fields.String(allow_none=True)
    under_discipline = fields.Boolean()


class AwardHistoryOut(Schema):
    rows = fields.List(fields.Nested(AwardHistoryRowOut))
    position = fields.Integer()
    stale = fields.Boolean()


class QuotaUsageOut(Schema):
    campaign_id = fields.String()
    plan = fields.String()
    quotas = Plain()
    position = fields.Integer()
    stale = fields.Boolean()


def percent_field(**kwargs: Any) -> PointsIn:
    """A share in (0, 100] %, at most two decimals."""
    return PointsIn(exclusive_minimum=True, maximum=100, **kwargs)


class CapIn(Schema):
    award = award_field(required=True)
    of_award = award_field(required=True, metadata={"description": "Một danh hiệu khác"})
    percent = percent_field(required=True)


class CouncilRuleIn(Schema):
    award = award_field(required=True)
    percent = percent_field(required=True, metadata={
        "description": "Tỷ lệ đồng ý trên tổng số thành viên Hội đồng"})
    secret = fields.Boolean(load_default=False)


class SettingsIn(Schema):
    unit_code = code_field(required=True)
    # Omitted: left as set (the first time: quorum 2/3, no caps, no own rules).
    quorum_numerator = whole(1, MAX_QUORUM, load_default=None, allow_none=True, metadata={
        "description": "Khai cùng quorum_denominator; không lớn hơn nó"})
    quorum_denominator = whole(1, MAX_QUORUM, load_default=None, allow_none=True)
    caps = count(0, 100, fields.Nested(CapIn), load_default=None, allow_none=True, metadata={
        "example": [{"award": "cstdcs", "of_award": "ldtt", "percent": 15}]})
    council = count(0, len(AWARD_CODES), fields.Nested(CouncilRuleIn), load_default=None,
                    allow_none=True, metadata={
        "description": "Tỷ lệ đồng ý (trên tổng số thành viên) và hình thức bỏ phiếu riêng của "
                       "đơn vị cho từng danh hiệu; thay cho quy định chưa được xác nhận.",
        "example": [{"award": "cstdcs", "percent": 75, "secret": True}]})
    authority_basis = count(0, MAX_BASIS_LINES, text_field(1000), load_default=None,
                            allow_none=True, metadata={
        "description": "Các dòng căn cứ về thẩm quyền của chính đơn vị (quyết định thành lập, "
                       "chức năng, nhiệm vụ; điều lệ), in đầu phần căn cứ của mỗi quyết định",
        "example": ["Căn cứ Điều lệ Công đoàn Việt Nam"]})
    governing_body = text_field(MAX_GOVERNING_BODY, empty=True, load_default=None,
                                allow_none=True, metadata={
        "description": "Chỉ cho đơn vị cấp cao nhất: tên cơ quan, tổ chức chủ quản trực tiếp "
                       "(NĐ 30/2020 Phụ lục I), in hoa ở dòng đầu tiêu đề mọi văn bản của đơn "
                       "vị; chuỗi rỗng: không có (như Ủy ban nhân dân tỉnh)",
        "example": "Tổng Liên đoàn Lao động Việt Nam"})
    notice_days = whole(1, MAX_NOTICE_DAYS, load_default=None, allow_none=True, metadata={
        "description": "Số ngày làm việc công khai danh sách đề nghị trước khi quyết định "
                       "(mặc định theo bảng quy định: 5, chưa xác nhận)"})
    notice_required = fields.Boolean(load_default=None, allow_none=True, metadata={
        "description": "true: không ban hành quyết định cho hồ sơ chưa công khai đủ thời gian"})
    recusal_count = one_of(RECUSAL_MODES, load_default=None, allow_none=True, metadata={
        "description": "Cách tính thành viên không tham gia biểu quyết: " + "; ".join(
            f"{k}: {v}" for k, v in RECUSAL_MODES.items())})


class SettingsQuery(Schema):
    unit_code = code_field(required=True)


class SettingsOut(Schema):
    unit_id = fields.String()
    unit_code = fields.String()
    quorum = fields.Dict()
    caps = Plain()
    council = Plain()
    authority_basis = fields.List(fields.String())
    governing_body = fields.String()
    notice_days = fields.Integer()
    notice_required = fields.Boolean()
    notice_source = fields.String()
    notice_confidence = fields.String()
    recusal_count = fields.String()
    recusal_text = fields.String()
    recusal_source = fields.String()
    recusal_confidence = fields.String()


class RulesQuery(Schema):
    on = Day(metadata={"description": "Ngày áp dụng (mặc định: hôm nay), 2000–2100"})


class RulesOut(Schema):
    on = fields.Date()
    awards = Plain()
    council_rules = Plain()
    quorum_rules = Plain()
    women_first_rules = Plain()
    prerequisites = Plain()
    discipline_rules = Plain()
    prize_coefficients = Plain()
    base_salaries = Plain()
    notice_rules = Plain(metadata={"description": "Số ngày làm việc công khai trước quyết định"})
    days_off = Plain(metadata={"description": "Ngày nghỉ lễ, Tết (không phải ngày làm việc)"})
    recusal_rules = Plain(metadata={
        "description": "Cách tính thành viên Hội đồng không tham gia biểu quyết"})
    legal_texts = Plain(metadata={
        "description": "Văn bản đang áp dụng; reflected = false: chưa được phản ánh trong các "
                       "bảng (chưa xác nhận)"})


records_blp = protected("award_records", "Tra cứu khen thưởng, kỷ luật, chỉ tiêu, quy định")


@records_blp.route("/awards/history")
@records_blp.arguments(AwardHistoryQuery, location="query")
@records_blp.response(200, AwardHistoryOut)
@documented_errors(records_blp, 400, 401, 404, 422)
def history(query: dict[str, Any]) -> dict[str, Any]:
    """Tra cứu: awards of a person or unit (subject_id), or of a unit and its people."""
    return thidua().awards.history(**query)


@records_blp.route("/awards/history.xlsx")
@records_blp.arguments(AwardHistoryQuery, location="query")
@records_blp.response(200, description="Danh sách khen thưởng dạng .xlsx", content_type=XLSX)
@documented_errors(records_blp, 400, 401, 404, 422)
def history_xlsx(query: dict[str, Any]) -> Any:
    """Tra cứu as an .xlsx workbook (revoked awards marked, prize money totalled)."""
    data, name = thidua().awards.history_workbook(query)
    return send_bytes(data, XLSX, name)


@records_blp.route("/awards/past", methods=["POST"])
@requires("awards.records")
@records_blp.arguments(PastAwardIn)
@records_blp.response(201, SubjectHistoryOut)
@documented_errors(records_blp, 400, 401, 403, 404, 409, 422)
def past_award(body: dict[str, Any]) -> dict[str, Any]:
    """Enter an award given before the system, from the archive."""
    return thidua().records.record_past_award(**body, actor=actor(),
                                              idempotency_key=idempotency_key())


@records_blp.route("/awards/discipline", methods=["POST"])
@requires("awards.records")
@records_blp.arguments(DisciplineIn)
@records_blp.response(200, SubjectHistoryOut)
@documented_errors(records_blp, 400, 401, 403, 404, 409, 422)
def discipline(body: dict[str, Any]) -> dict[str, Any]:
    """Record a discipline (no nomination or award meanwhile), or its end."""
    records, action, on, key = thidua().records, body.pop("action"), body.pop("on"), \
        idempotency_key()
    if action == "impose":
        return records.impose_discipline(**body, since=on, actor=actor(), idempotency_key=key)
    return records.lift_discipline(**body, on=on, actor=actor(), idempotency_key=key)


@records_blp.route("/campaigns/<uuid:campaign_id>/quota-usage")
@records_blp.arguments(WaitQuery, location="query")
@records_blp.response(200, QuotaUsageOut)
@documented_errors(records_blp, 400, 401, 404)
def quota_usage(query: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
    """Places of each quota of a campaign used by issued decisions."""
    return thidua().awards.quota_usage(campaign_id, **query)


@records_blp.route("/award-settings")
class SettingsView(MethodView):
    @records_blp.arguments(SettingsQuery, location="query")
    @records_blp.response(200, SettingsOut)
    @documented_errors(records_blp, 400, 401, 404)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """An organisation's quorum and award caps."""
        return thidua().settings.settings_of(query["unit_code"])

    @requires("awards.settings")
    @records_blp.arguments(SettingsIn)
    @records_blp.response(200, SettingsOut)
    @documented_errors(records_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Set an organisation's quorum and caps (e.g. CSTĐCS ≤ 15 % of LĐTT)."""
        return thidua().settings.configure(**body, actor=actor(), idempotency_key=idempotency_key())


@records_blp.route("/award-rules")
@records_blp.arguments(RulesQuery, location="query")
@records_blp.response(200, RulesOut)
@documented_errors(records_blp, 400, 401)
def rules(query: dict[str, Any]) -> dict[str, Any]:
    """The rule tables in force on a day, each row with its legal source and confidence."""
    return thidua().settings.rules(query.get("on"))


BLUEPRINTS = (records_blp,)
