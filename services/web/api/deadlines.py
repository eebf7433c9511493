"""Due dates of dossiers per campaign and tier, the board of who is late and what waits
where; the units' monthly exemplar lists and their compiled Báo cáo (issue 15)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields

from events.dossier_schedule import FIRST_DAY, LAST_DAY
from events.exemplar_list import MAX_ENTRIES
from services.web.api.common import Plain, SignerIn, subject_kind_field
from services.web.api.decisions import symbol_field
from services.web.api.fields import Day, code_field, count, period_field, text_field, whole
from services.web.api.papers import PaperOut, backdating_reason
from services.web.http import (
    actor,
    documented_errors,
    idempotency_key,
    protected,
    requires,
    thidua,
)

blp = protected("deadlines", "Hạn gửi hồ sơ theo cấp, đơn vị chậm gửi, hồ sơ chờ xử lý; danh "
                             "sách điển hình hằng tháng và báo cáo tổng hợp")


class DeadlineIn(Schema):
    tier_unit_code = code_field(required=True, metadata={
        "description": "Cấp nhận hồ sơ: các đơn vị ngay dưới cấp này gửi hồ sơ đến hạn"})
    due = Day(required=True, metadata={"description": "Hạn cuối (hết ngày này)"})


class MonthlyDayIn(Schema):
    day = whole(FIRST_DAY, LAST_DAY, required=True, metadata={
        "description": "Các đơn vị gửi danh sách điển hình trước ngày này hằng tháng",
        "example": 20})


class ScheduleOut(Schema):
    campaign_id = fields.String()
    deadlines = Plain(metadata={"description": "[{tier_unit_code, tier_unit_name, due}]"})
    monthly_day = fields.Integer(allow_none=True)


class DeadlineBoardQuery(Schema):
    tier_unit_code = code_field(metadata={"description": "Chỉ cấp này"})
    month = period_field(metadata={"description": "Tháng của danh sách điển hình (mặc định: "
                                                  "tháng này)", "example": "2025-10"})


class DeadlineBoardOut(Schema):
    campaign_id = fields.String()
    campaign_number = fields.String()
    campaign_title = fields.String()
    today = fields.String()
    tiers = Plain(metadata={"description": "Mỗi cấp: hạn (due), các đơn vị ngay dưới với "
                                           "trạng thái (state: sent, sent_late, late, due; "
                                           "words; days), hồ sơ đang chờ (waiting: "
                                           "arrived_on, days)"})
    monthly = Plain(allow_none=True, metadata={
        "description": "Danh sách điển hình của tháng: hạn và trạng thái từng đơn vị"})


class EntryIn(Schema):
    subject_kind = subject_kind_field(required=True)
    subject_id = fields.UUID(required=True)
    deed = text_field(2000, multiline=True, required=True, metadata={
        "description": "Việc làm, thành tích tiêu biểu"})


class ExemplarListIn(Schema):
    month = period_field(required=True, metadata={"example": "2025-10"})
    unit_code = code_field(load_default=None, allow_none=True, metadata={
        "description": "Đơn vị gửi (mặc định: đơn vị của tài khoản)"})
    entries = count(1, MAX_ENTRIES, fields.Nested(EntryIn), required=True)


class ExemplarListQuery(Schema):
    period = period_field(metadata={"description": "Tháng, quý, sáu tháng hoặc năm"})


class ExemplarListOut(Schema):
    id = fields.String()
    campaign_id = fields.String()
    unit_id = fields.String()
    unit_code = fields.String()
    unit_name = fields.String()
    month = fields.String()
    entries = Plain()
    sent_on = fields.String()
    first_sent_on = fields.String()
    sent_by = fields.String()
    version = fields.Integer()


class ExemplarListsReportIn(Schema):
    period = period_field(required=True, metadata={"example": "2025-Q4"})
    signer = fields.Nested(SignerIn, required=True)
    issued_on = Day(load_default=None, allow_none=True, metadata={
        "description": "Sau hạn gửi danh sách của tháng cuối kỳ (mặc định: hôm nay)"})
    symbol = symbol_field(load_default=None, allow_none=True, metadata={"example": "LĐLĐ"})
    reason = backdating_reason()


@blp.route("/campaigns/<uuid:campaign_id>/deadlines")
class DeadlinesView(MethodView):
    @blp.arguments(DeadlineBoardQuery, location="query")
    @blp.response(200, DeadlineBoardOut)
    @documented_errors(blp, 400, 401, 404, 422)
    def get(self, query: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Units late or still due at each tier, the month's exemplar lists, and the
        dossiers waiting at each tier with the days since they came (as of today)."""
        return thidua().deadlines.board(campaign_id, actor=actor(), **query)

    @requires("dossiers.submit")
    @blp.arguments(DeadlineIn)
    @blp.response(200, ScheduleOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """Set the day dossiers are due at a tier (its clerk, a clerk above it, an admin)."""
        return thidua().deadlines.set_deadline(campaign_id=campaign_id, **body, actor=actor(),
                                               idempotency_key=idempotency_key())


@blp.route("/campaigns/<uuid:campaign_id>/exemplar-day", methods=["POST"])
@requires("dossiers.submit")
@blp.arguments(MonthlyDayIn)
@blp.response(200, ScheduleOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def exemplar_day(body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
    """Set the day of the month before which units send their exemplar lists."""
    return thidua().deadlines.set_monthly_day(campaign_id=campaign_id, **body, actor=actor(),
                                              idempotency_key=idempotency_key())


@blp.route("/campaigns/<uuid:campaign_id>/exemplar-lists")
class ExemplarListsView(MethodView):
    @blp.arguments(ExemplarListQuery, location="query")
    @blp.response(200, ExemplarListOut(many=True))
    @documented_errors(blp, 400, 401, 404, 422)
    def get(self, query: dict[str, Any], campaign_id: UUID) -> list[dict[str, Any]]:
        """The units' lists (of one period), by month and unit."""
        return thidua().exemplar_lists.lists(campaign_id, actor=actor(), **query)

    @requires("dossiers.submit")
    @blp.arguments(ExemplarListIn)
    @blp.response(201, ExemplarListOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
        """A unit's list of the month (sent again: replaces it)."""
        return thidua().exemplar_lists.send_list(campaign_id=campaign_id, **body,
                                                 actor=actor(),
                                                 idempotency_key=idempotency_key())


@blp.route("/campaigns/<uuid:campaign_id>/exemplar-lists/report", methods=["POST"])
@requires("papers.issue")
@blp.arguments(ExemplarListsReportIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def exemplar_lists_report(body: dict[str, Any], campaign_id: UUID) -> dict[str, Any]:
    """The lists of a month, quarter, half or year compiled into a numbered Báo cáo."""
    return thidua().exemplar_lists.issue_report(campaign_id, **body, actor=actor(),
                                                idempotency_key=idempotency_key())


BLUEPRINTS = (blp,)
