"""Báo cáo thống kê (the forms of Thông tư 02/2023/TT-BNV) and the award fund ledger:
GET /reports/{code}, /reports/{code}.xlsx, /reports/fund, /reports/fund.xlsx."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from events.statistics_forms import DEFAULT_PERIOD, REPORT_PERIODS
from services.web.api.common import Plain, WaitQuery
from services.web.api.fields import code_field, one_of, whole
from services.web.http import (
    XLSX,
    actor,
    documented_errors,
    protected,
    requires,
    send_bytes,
    thidua,
)

YEARS = (2000, 2100)


class ReportQuery(WaitQuery):
    year = whole(*YEARS, strict=False, required=True, metadata={
        "description": "Năm báo cáo, theo ngày ký quyết định (quỹ: năm dương lịch; biểu "
                       "thống kê: theo kỳ báo cáo «period»)", "example": 2025})
    unit_code = code_field(metadata={
        "description": "Đơn vị báo cáo, gồm cả các đơn vị trực thuộc (mặc định: toàn bộ tổ "
                       "chức; tài khoản thư ký, người duyệt của một đơn vị: đơn vị đó)"})


class StatisticsQuery(ReportQuery):
    period = one_of(dict.fromkeys(p.key for p in REPORT_PERIODS), load_default=None,
                    metadata={"description": "Kỳ báo cáo: " + "; ".join(
                        f"{p.key} = {p.name} ({p.source})" for p in REPORT_PERIODS)
                        + f" (mặc định: {DEFAULT_PERIOD})"})


class FormRowOut(Schema):
    award = fields.String(metadata={"description": "cột của biểu (hình thức khen thưởng)"})
    name = fields.String()
    collective = fields.Integer(allow_none=True, metadata={
        "description": "null: biểu không có cột này, hoặc hệ thống không lưu loại này"})
    individual = fields.Integer(allow_none=True)
    total = fields.Integer(allow_none=True)
    confidence = fields.String(metadata={"description": "H | M | U (LEGAL.md)"})


class StatisticsOut(Schema):
    form = fields.String(metadata={"example": "0602"})
    number = fields.String(metadata={"example": "0602.N/BNV-TĐKT"})
    title = fields.String()
    issued_under = fields.String()
    receiving_date = fields.String()
    year = fields.Integer()
    period = fields.String(metadata={"example": DEFAULT_PERIOD})
    period_name = fields.String()
    period_source = fields.String()
    period_confidence = fields.String()
    period_from = fields.Date()
    period_to = fields.Date()
    unit_code = fields.String(allow_none=True)
    unit_name = fields.String()
    receiver = fields.String()
    computed = fields.Boolean(metadata={
        "description": "false: hệ thống chưa lưu dữ liệu của biểu (chỉ có phần đầu)"})
    columns = Plain()
    rows = fields.List(fields.Nested(FormRowOut))
    table = Plain(metadata={"description": "Các dòng của biểu, mỗi dòng một ô cho mỗi cột"})
    source = fields.String()
    confidence = fields.String()
    notes = Plain()
    position = fields.Integer()
    stale = fields.Boolean()


class FundOut(Schema):
    year = fields.Integer()
    unit_code = fields.String(allow_none=True)
    unit_name = fields.String()
    lines = Plain(metadata={"description": "Một dòng cho mỗi quyết định ban hành; quyết định bị "
                                           "hủy: một dòng số âm ở ngày hủy"})
    totals = Plain()
    total = fields.Integer()
    sources = Plain()
    position = fields.Integer()
    stale = fields.Boolean()


blp = protected("reports", "Báo cáo thống kê thi đua, khen thưởng và sổ quỹ khen thưởng")


@blp.route("/reports/fund")
@requires("reports.read")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, FundOut)
@documented_errors(blp, 400, 401, 403, 404)
def fund(query: dict[str, Any]) -> dict[str, Any]:
    """Sổ quỹ khen thưởng: prize money of a year per fund and paying unit."""
    return thidua().reports.fund(**query, actor=actor())


@blp.route("/reports/fund.xlsx")
@requires("reports.read")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, description="Sổ quỹ khen thưởng dạng .xlsx", content_type=XLSX)
@documented_errors(blp, 400, 401, 403, 404)
def fund_xlsx(query: dict[str, Any]) -> Any:
    """The fund ledger as an .xlsx workbook."""
    return send_bytes(*_named(thidua().reports.fund_workbook(**query, actor=actor())))


@blp.route("/reports/<form:form>")
@requires("reports.read")
@blp.arguments(StatisticsQuery, location="query")
@blp.response(200, StatisticsOut)
@documented_errors(blp, 400, 401, 403, 404, 422)
def statistics(query: dict[str, Any], form: str) -> dict[str, Any]:
    """A statistical form (0601, 0602, 0603; 0604, 0605 only their header) of a year for a
    unit and every unit under it."""
    return thidua().reports.statistics(form, **query, actor=actor())


@blp.route("/reports/<form:form>.xlsx")
@requires("reports.read")
@blp.arguments(StatisticsQuery, location="query")
@blp.response(200, description="Biểu thống kê dạng .xlsx", content_type=XLSX)
@documented_errors(blp, 400, 401, 403, 404, 422)
def statistics_xlsx(query: dict[str, Any], form: str) -> Any:
    """A statistical form (0601–0605) as an .xlsx workbook, with its header block."""
    return send_bytes(*_named(thidua().reports.statistics_workbook(form, **query,
                                                                   actor=actor())))


def _named(found: tuple[bytes, str]) -> tuple[bytes, str, str]:
    data, name = found
    return data, XLSX, name

BLUEPRINTS = (blp,)
