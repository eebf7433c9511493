"""marshmallow schemas of the awards API: nominations, council, decisions, tra cứu."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from events.campaign import SUBJECT_KINDS
from events.council import CHOICES
from events.nomination import STATUSES
from events.rules import AWARD_CODES, ROUTES
from services.audit.history import plain
from services.web.schemas import Points


class Plain(fields.Raw):
    """Free-form data made JSON-ready (Decimal → number, date → ISO text, UUID → text)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return plain(value)


def _kind(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(list(SUBJECT_KINDS)), **kwargs)


def _award(**kwargs: Any) -> fields.String:
    return fields.String(metadata={"example": "bang_khen_tinh",
                                   "description": ", ".join(AWARD_CODES)}, **kwargs)


class WaitQuery(Schema):
    wait_for = fields.Integer(load_default=None, metadata={
        "description": "Chờ tối đa 2 giây cho đến khi bảng đã xử lý vị trí này"})


# --- nominations ------------------------------------------------------------------------

class WomenFactsIn(Schema):
    """What the dossier declares for the women-first rule at a tie (all optional)."""

    female = fields.Boolean(load_default=None, allow_none=True, metadata={
        "description": "Cá nhân: là nữ (ưu tiên khi bằng phiếu)"})
    staff_total = fields.Integer(load_default=None, allow_none=True, strict=True, metadata={
        "description": "Tập thể: tổng số thành viên"})
    staff_women = fields.Integer(load_default=None, allow_none=True, strict=True, metadata={
        "description": "Tập thể: số nữ (từ 70 % trở lên được ưu tiên khi bằng phiếu)"})


class NominationIn(WomenFactsIn):
    subject_kind = _kind(required=True)
    subject_id = fields.UUID(required=True)
    award = _award(required=True)
    year = fields.Integer(required=True, strict=True, metadata={
        "description": "Năm xét khen thưởng", "example": 2025})
    summary = fields.String(required=True, metadata={"description": "Tóm tắt thành tích"})
    route = fields.String(load_default="hang_nam", validate=validate.OneOf(list(ROUTES)),
                          metadata={"description": "; ".join(f"{k}: {v}"
                                                             for k, v in ROUTES.items())})
    submitting_unit_code = fields.String(load_default=None, allow_none=True)


class ReasonIn(Schema):
    reason = fields.String(required=True)


class ResubmitIn(Schema):
    summary = fields.String(load_default=None, allow_none=True)


class AmendIn(WomenFactsIn):
    summary = fields.String(required=True)
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
    version = fields.Integer()


class BoardQuery(WaitQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(list(STATUSES)))


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


# --- council ------------------------------------------------------------------------------

class SessionIn(Schema):
    unit_code = fields.String(required=True, metadata={"example": "LDLD"})
    title = fields.String(required=True)
    held_on = fields.Date(required=True)
    members = fields.List(fields.String(), required=True, metadata={
        "description": "Tên đăng nhập của các thành viên Hội đồng"})
    chair = fields.String(required=True, metadata={"description": "Chủ tịch Hội đồng"})


class AttendanceIn(Schema):
    present = fields.List(fields.String(), required=True)


class BallotIn(Schema):
    nomination_id = fields.UUID(required=True)


class ConcludeIn(Schema):
    chair_choice = fields.List(fields.UUID(), load_default=list, metadata={
        "description": "Khi bằng phiếu ở suất cuối: các hồ sơ Chủ tịch Hội đồng chọn"})


class SessionOut(Schema):
    id = fields.String()
    unit_id = fields.String()
    title = fields.String()
    held_on = fields.Date()
    members = fields.List(fields.String())
    chair = fields.String()
    quorum = fields.Dict()
    quorum_needed = fields.Integer()
    present = fields.List(fields.String())
    has_quorum = fields.Boolean()
    ballots = fields.Dict(keys=fields.String(), values=fields.String())
    concluded = fields.Boolean()
    results = Plain()


class BallotOut(Schema):
    id = fields.String()
    session_id = fields.String()
    nomination_id = fields.String()
    campaign_id = fields.String()
    award = fields.String()
    award_name = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    subject_name = fields.String()
    held_on = fields.Date()
    secret = fields.Boolean()
    threshold = Plain()
    priority = fields.String(allow_none=True, metadata={
        "description": "Vì sao được ưu tiên khi bằng phiếu (cá nhân nữ, tập thể ≥ 70 % nữ)"})
    members = fields.Integer()
    present = fields.Integer()
    quorum_needed = fields.Integer()
    votes_cast = fields.Integer()
    written_opinions = fields.Integer()
    voted = fields.List(fields.String(), metadata={"description": "Ai đã bỏ phiếu (không có "
                                                                  "nội dung phiếu)"})
    status = fields.String()
    result = Plain(allow_none=True, metadata={"description": "Chỉ số đếm"})
    choices = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "Chỉ với biểu quyết công khai; phiếu kín không bao giờ có trường này"})


class VoteIn(Schema):
    choice = fields.String(required=True, validate=validate.OneOf(list(CHOICES)))
    member = fields.String(load_default=None, allow_none=True, metadata={
        "description": "Thư ký ghi ý kiến bằng văn bản của thành viên vắng mặt"})


class VoteOut(Schema):
    ballot_id = fields.String()
    member = fields.String()
    written = fields.Boolean()
    secret = fields.Boolean()
    votes_cast = fields.Integer()
    members = fields.Integer()
    choice = fields.String(metadata={"description": "Chỉ với biểu quyết công khai"})


# --- decisions ----------------------------------------------------------------------------

class SignerIn(Schema):
    name = fields.String(required=True)
    position = fields.String(required=True)
    authority = fields.String(load_default="", metadata={
        "example": "TM. Ban Thường vụ",
        "description": "TM., KT., Q., TL., TUQ. rồi tập thể hoặc người đứng đầu"})


class DecisionIn(Schema):
    issuer_unit_code = fields.String(required=True, metadata={"example": "LDLD"})
    issuer_symbol = fields.String(load_default=None, allow_none=True, metadata={
        "example": "LĐLĐ", "description": "Chữ viết tắt sau loại văn bản: 07/QĐ-LĐLĐ"})
    campaign_id = fields.UUID(required=True)
    award = _award(required=True)
    nomination_ids = fields.List(fields.String(), required=True)
    title = fields.String(load_default=None, allow_none=True)
    signer = fields.Nested(SignerIn, required=True)


class IssueIn(Schema):
    issued_on = fields.Date(load_default=None, allow_none=True, metadata={
        "description": "Ngày ký (mặc định: hôm nay); mức lương cơ sở theo ngày này"})


class RevokeIn(Schema):
    reason = fields.String(required=True)
    revoked_on = fields.Date(load_default=None, allow_none=True)


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
    campaign_id = fields.UUID(load_default=None)


# --- history, discipline, quotas, settings, rules ----------------------------------------------

class PastAwardIn(Schema):
    subject_kind = _kind(required=True)
    subject_id = fields.UUID(required=True)
    award = _award(required=True)
    year = fields.Integer(required=True, strict=True)
    number = fields.String(required=True, metadata={"example": "125/QĐ-UBND"})
    decided_on = fields.Date(required=True)
    prize = fields.Integer(load_default=None, allow_none=True, strict=True)


class DisciplineIn(Schema):
    subject_kind = _kind(required=True)
    subject_id = fields.UUID(required=True)
    action = fields.String(required=True, validate=validate.OneOf(["impose", "lift"]),
                           metadata={"description": "impose: bị kỷ luật; lift: hết kỷ luật"})
    reason = fields.String(required=True)
    on = fields.Date(load_default=None, allow_none=True)


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
    subject_id = fields.UUID(load_default=None)
    unit_code = fields.String(load_default=None)


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


class SettingsIn(Schema):
    unit_code = fields.String(required=True)
    # Omitted: left as set (the first time: quorum 2/3, no caps, no own rules).
    quorum_numerator = fields.Integer(load_default=None, allow_none=True, strict=True)
    quorum_denominator = fields.Integer(load_default=None, allow_none=True, strict=True)
    caps = fields.List(fields.Dict(), load_default=None, allow_none=True, metadata={
        "example": [{"award": "cstdcs", "of_award": "ldtt", "percent": 15}]})
    council = fields.List(fields.Dict(), load_default=None, allow_none=True, metadata={
        "description": "Tỷ lệ đồng ý (trên tổng số thành viên) và hình thức bỏ phiếu riêng của "
                       "đơn vị cho từng danh hiệu; thay cho quy định chưa được xác nhận.",
        "example": [{"award": "cstdcs", "percent": 75, "secret": True}]})


class SettingsQuery(Schema):
    unit_code = fields.String(required=True)


class SettingsOut(Schema):
    unit_id = fields.String()
    unit_code = fields.String()
    quorum = fields.Dict()
    caps = Plain()
    council = Plain()


class RulesQuery(Schema):
    on = fields.Date(load_default=None, metadata={"description": "Ngày áp dụng (mặc định: "
                                                                 "hôm nay)"})


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
    legal_texts = Plain(metadata={
        "description": "Văn bản đang áp dụng; reflected = false: chưa được phản ánh trong các "
                       "bảng (chưa xác nhận)"})
