"""Công khai: the proposed list published before a decision, and the comments the public
sent about it through /cong-khai (read by the secretary)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields

from events.notice import MAX_ENTRIES
from services.web.api.common import Plain
from services.web.api.fields import code_field, count
from services.web.http import (
    actor,
    documented_errors,
    idempotency_key,
    protected,
    requires,
    thidua,
)


class NoticeIn(Schema):
    campaign_id = fields.UUID(required=True)
    unit_code = code_field(required=True, metadata={
        "description": "Đơn vị công khai (đơn vị có Hội đồng, ban hành quyết định); số ngày "
                       "công khai theo quy định riêng của đơn vị (notice_days)"})
    nomination_ids = count(1, MAX_ENTRIES, fields.UUID(), required=True, metadata={
        "description": "Các hồ sơ đề nghị đưa ra công khai"})


class NoticeQuery(Schema):
    campaign_id = fields.UUID()


class NoticeOut(Schema):
    id = fields.String()
    campaign_id = fields.String()
    unit_id = fields.String()
    unit_name = fields.String()
    entries = Plain(metadata={"description": "[{nomination_id, subject_kind, subject_name, "
                                             "unit_name, award, award_name, year}]"})
    published_on = fields.Date()
    closes_on = fields.Date(metadata={
        "description": "Ngày làm việc cuối cùng công khai; quyết định từ ngày hôm sau"})
    days = fields.Integer(metadata={"description": "Số ngày làm việc công khai"})
    source = fields.String()
    confidence = fields.String()
    open = fields.Boolean()
    comments = Plain(metadata={"description": "Ý kiến của công chúng: [{text, nomination_id, "
                                              "received_at}]"})
    created_by = fields.String()


blp = protected("notices", "Công khai danh sách đề nghị khen thưởng trước khi quyết định")


@blp.route("/notices")
class NoticesView(MethodView):
    @requires("notices.read")
    @blp.arguments(NoticeQuery, location="query")
    @blp.response(200, NoticeOut(many=True))
    @documented_errors(blp, 400, 401, 403, 422)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Every published list with the public's comments, newest first."""
        return thidua().notices.list_notices(actor=actor(), **query)

    @requires("notices.publish")
    @blp.arguments(NoticeIn)
    @blp.response(201, NoticeOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Publish the proposed list for the unit's notice period (working days)."""
        return thidua().notices.publish(**body, actor=actor(),
                                        idempotency_key=idempotency_key())


@blp.route("/notices/<uuid:notice_id>")
@requires("notices.read")
@blp.response(200, NoticeOut)
@documented_errors(blp, 401, 403, 404)
def notice(notice_id: UUID) -> dict[str, Any]:
    """One published list with its comments."""
    return thidua().notices.get_notice(notice_id, actor=actor())


BLUEPRINTS = (blp,)
