"""Audit: history of an aggregate, its state at a version, the event browser and
verification of the hash chain. Auditors and admins only; nothing here writes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from services.audit.service import MAX_LIMIT
from services.web.api.common import position_field
from services.web.api.fields import (
    END,
    INT64,
    code_field,
    moment_field,
    one_of,
    username_field,
    whole,
)
from services.web.http import actor, documented_errors, protected, thidua

EVENT_TYPE = r"^[A-Za-z][A-Za-z0-9_]{0,99}(?:\.[A-Za-z][A-Za-z0-9_]{0,99})?" + END

blp = protected("audit", "Kiểm toán: lịch sử, duyệt sự kiện, kiểm tra chuỗi băm")


class EventQueryIn(Schema):
    start = moment_field(data_key="from", metadata={
        "description": "Từ thời điểm (YYYY-MM-DD theo giờ Việt Nam, hoặc ISO 8601)",
        "example": "2020-01-01"})
    end = moment_field(data_key="to", metadata={
        "description": "Đến thời điểm (ngày YYYY-MM-DD được tính trọn ngày), sau «from»"})
    actor = username_field(metadata={"description": "Tên đăng nhập"})
    unit_code = code_field()
    campaign_id = fields.UUID()
    event_type = fields.String(validate=validate.Regexp(EVENT_TYPE, error=(
        "Loại sự kiện ở trường «{{field}}» không hợp lệ (ví dụ Scorecard.Corrected).")),
        metadata={"example": "Scorecard.Corrected"})
    aggregate_id = fields.UUID()
    cursor = position_field("Giá trị next_cursor của trang trước")
    order = one_of(("desc", "asc"), load_default="desc", metadata={
        "description": "desc (mới trước) | asc"})
    limit = whole(1, MAX_LIMIT, strict=False, load_default=50)


class EventOut(Schema):
    position = fields.Integer(allow_none=True,
                              metadata={"description": "Số thứ tự trong sổ sự kiện"})
    aggregate_id = fields.String()
    aggregate_kind = fields.String()
    version = fields.Integer()
    event_type = fields.String()
    event_name = fields.String()
    occurred_at = fields.DateTime()
    local_time = fields.String()
    actor = fields.String(allow_none=True)
    summary = fields.String(metadata={"description": "Nội dung thay đổi bằng lời"})
    data = fields.Dict()


class EventsPageOut(Schema):
    events = fields.List(fields.Nested(EventOut))
    next_cursor = fields.Integer(allow_none=True)
    indexed_to = fields.Integer()
    last_position = fields.Integer()


class HistoryOut(Schema):
    id = fields.String()
    kind = fields.String()
    kind_name = fields.String()
    title = fields.String()
    version = fields.Integer()
    events = fields.List(fields.Nested(EventOut))


class StateQueryIn(Schema):
    version = whole(1, INT64, strict=False, metadata={
        "description": "Mặc định: phiên bản hiện tại"})


class StateOut(Schema):
    id = fields.String()
    kind = fields.String()
    kind_name = fields.String()
    version = fields.Integer()
    current_version = fields.Integer()
    modified_on = fields.DateTime()
    state = fields.Dict()


class ProblemOut(Schema):
    position = fields.Integer()
    kind = fields.String(metadata={
        "description": "modified | moved | deleted | inserted | broken | truncated | seal"})
    message = fields.String()


class VerifyOut(Schema):
    ok = fields.Boolean()
    summary = fields.String()
    backend = fields.String()
    checked = fields.Integer()
    chain_head = fields.Integer()
    last_position = fields.Integer()
    head_link = fields.String()
    unchained = fields.Integer()
    seals = fields.Integer()
    problem_count = fields.Integer()
    first_problem = fields.Nested(ProblemOut, allow_none=True)
    problems = fields.List(fields.Nested(ProblemOut))


@blp.route("/audit/events")
class EventsView(MethodView):
    @blp.arguments(EventQueryIn, location="query")
    @blp.response(200, EventsPageOut)
    @documented_errors(blp, 400, 401, 403, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Browse every event (newest first), filtered by time, actor, unit, type, campaign."""
        audit = thidua().audit
        texts = {k: str(query[k]) for k in ("campaign_id", "aggregate_id") if k in query}
        q = audit.query(start=query.get("start"), end=query.get("end"),
                        actor_name=query.get("actor"), unit_code=query.get("unit_code"),
                        campaign_id=texts.get("campaign_id"), event_type=query.get("event_type"),
                        aggregate_id=texts.get("aggregate_id"), cursor=query.get("cursor"),
                        order=query["order"], limit=query["limit"])
        return audit.events(actor(), q)


@blp.route("/audit/aggregates/<uuid:aggregate_id>/history")
class HistoryView(MethodView):
    @blp.response(200, HistoryOut)
    @documented_errors(blp, 401, 403, 404)
    def get(self, aggregate_id: UUID) -> dict[str, Any]:
        """Every event of one aggregate with version, time, actor and the change in words."""
        return thidua().audit.history(actor(), aggregate_id)


@blp.route("/audit/aggregates/<uuid:aggregate_id>/state")
class StateView(MethodView):
    @blp.arguments(StateQueryIn, location="query")
    @blp.response(200, StateOut)
    @documented_errors(blp, 400, 401, 403, 404, 422)
    def get(self, query: dict[str, Any], aggregate_id: UUID) -> dict[str, Any]:
        """The aggregate as it was right after a version (default: now)."""
        return thidua().audit.state(actor(), aggregate_id, query.get("version"))


@blp.route("/audit/verify")
class VerifyView(MethodView):
    @blp.response(200, VerifyOut)
    @documented_errors(blp, 401, 403)
    def get(self) -> dict[str, Any]:
        """Recompute the hash chain; name the first event that does not match (ok=false)."""
        return thidua().audit.verify(actor()).as_dict()


BLUEPRINTS = (blp,)
