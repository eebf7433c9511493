"""Báo cáo tổng kết công tác thi đua, khen thưởng năm … (issue 16): POST /reports/summary
drafts a unit's summary of a year, PUT /reports/summary/{id} edits its sections, POST
/reports/summary/{id}/issue numbers it; the paper then downloads as every paper does
(GET /papers/{paper_id}/document.docx or .pdf) and verifies."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from events.year_summary import MAX_PARAGRAPH, MAX_PARAGRAPHS, SECTIONS
from services.web.api.common import Plain, SignerIn, WaitQuery
from services.web.api.decisions import symbol_field
from services.web.api.fields import Day, code_field, count, text_field, whole
from services.web.api.papers import PaperOut, backdating_reason
from services.web.api.statistics import YEARS
from services.web.http import (
    actor,
    documented_errors,
    idempotency_key,
    protected,
    requires,
    thidua,
)

blp = protected("summaries", "Báo cáo tổng kết công tác thi đua, khen thưởng năm")


def _paragraphs(name: str) -> fields.List:
    heading, needed = SECTIONS[name]
    return count(0, MAX_PARAGRAPHS, text_field(MAX_PARAGRAPH, blank=True),
                 metadata={"description": heading + (" (bắt buộc trước khi ban hành)"
                                                     if needed else " (để trống: câu lấy từ "
                                                     "số liệu)")})


SectionsIn = Schema.from_dict({name: _paragraphs(name) for name in SECTIONS},
                              name="SummarySectionsIn")


class SummaryIn(Schema):
    year = whole(*YEARS, required=True, metadata={"example": 2025})
    unit_code = code_field(required=True, metadata={
        "description": "Đơn vị báo cáo (số liệu gồm cả các đơn vị trực thuộc)"})
    sections = fields.Nested(SectionsIn, load_default=dict)


class SummaryUpdateIn(Schema):
    sections = fields.Nested(SectionsIn, required=True, metadata={
        "description": "Các mục gửi lên thay mục cũ; mục không gửi giữ nguyên"})


class SummaryIssueIn(Schema):
    signer = fields.Nested(SignerIn, required=True)
    issued_on = Day(load_default=None, allow_none=True, metadata={
        "description": "Không trước năm báo cáo (mặc định: hôm nay)"})
    symbol = symbol_field(load_default=None, allow_none=True, metadata={"example": "LĐLĐ"})
    reason = backdating_reason()


class SummaryOut(Schema):
    id = fields.String()
    unit_id = fields.String()
    unit_code = fields.String()
    unit_name = fields.String()
    year = fields.Integer()
    sections = Plain()
    status = fields.String(validate=validate.OneOf(["draft", "issued"]))
    status_name = fields.String()
    missing = fields.List(fields.String(), metadata={
        "description": "Các mục còn phải viết trước khi ban hành"})
    paper_id = fields.String(allow_none=True, metadata={
        "description": "Văn bản đã ban hành (tải tại /papers/{paper_id}/document.docx)"})
    figures = Plain(metadata={"description": "Số liệu của năm trong kho dữ liệu (phong trào, "
                                             "dẫn đầu, điển hình, hồ sơ, quyết định)"})
    created_by = fields.String()
    updated_by = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


@blp.route("/reports/summary", methods=["POST"])
@requires("papers.issue")
@blp.arguments(SummaryIn)
@blp.response(201, SummaryOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def draft(body: dict[str, Any]) -> dict[str, Any]:
    """Lập dự thảo báo cáo tổng kết năm of a unit, with the sections written so far."""
    return thidua().summaries.draft(**body, actor=actor(), idempotency_key=idempotency_key())


@blp.route("/reports/summary/<uuid:summary_id>")
class SummaryView(MethodView):
    @requires("papers.issue", "reports.read")
    @blp.arguments(WaitQuery, location="query")
    @blp.response(200, SummaryOut)
    @documented_errors(blp, 400, 401, 403, 404)
    def get(self, query: dict[str, Any], summary_id: UUID) -> dict[str, Any]:
        """The summary with the figures the views hold now (``stale``: still behind
        ``wait_for`` after waiting for it)."""
        return thidua().summaries.get_summary(summary_id, actor(), **query)

    @requires("papers.issue")
    @blp.arguments(SummaryUpdateIn)
    @blp.response(200, SummaryOut)
    @documented_errors(blp, 400, 401, 403, 404, 409, 422)
    def put(self, body: dict[str, Any], summary_id: UUID) -> dict[str, Any]:
        """Sửa các mục của dự thảo (not once issued: 409)."""
        return thidua().summaries.update(summary_id, **body, actor=actor(),
                                         idempotency_key=idempotency_key())


@blp.route("/reports/summary/<uuid:summary_id>/issue", methods=["POST"])
@requires("papers.issue")
@blp.arguments(SummaryIssueIn)
@blp.response(201, PaperOut)
@documented_errors(blp, 400, 401, 403, 404, 409, 422)
def issue(body: dict[str, Any], summary_id: UUID) -> dict[str, Any]:
    """Ban hành: number the summary from the unit's register and freeze it as a paper."""
    return thidua().summaries.issue(summary_id, **body, actor=actor(),
                                    idempotency_key=idempotency_key())


BLUEPRINTS = (blp,)
