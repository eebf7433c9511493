"""Sectors, units, people (one by one or from .xlsx) and blocs."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from events.person import SEXES
from services.web.api.common import UploadIn
from services.web.api.fields import code_field, count, one_of, text_field
from services.web.http import (
    actor,
    documented_errors,
    idempotency_key,
    protected,
    read_upload,
    requires,
    thidua,
)


class SectorIn(Schema):
    code = code_field(required=True, metadata={"example": "van_hoa"})
    name = text_field(200, required=True, metadata={"example": "Văn hóa"})


class SectorOut(Schema):
    id = fields.String()
    code = fields.String()
    name = fields.String()
    default = fields.Boolean(metadata={"description": "một trong sáu ngành mặc định"})
    defined = fields.Boolean(metadata={"description": "tổ chức đã định nghĩa hoặc đổi tên"})


class UnitIn(Schema):
    code = code_field(required=True, metadata={"example": "CDGD"})
    name = text_field(500, required=True)
    parent_code = code_field(load_default=None, allow_none=True)
    sector = code_field(load_default=None, allow_none=True, metadata={
        "description": "mã một ngành của danh mục (GET /sectors)", "example": "giao_duc"})


class UnitOut(Schema):
    id = fields.String()
    code = fields.String()
    name = fields.String()
    parent_id = fields.String(allow_none=True)
    parent_code = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)


class PersonIn(Schema):
    full_name = text_field(200, required=True)
    unit_code = code_field(required=True)
    position = text_field(200, blank=True, load_default="")
    is_leader = fields.Boolean(load_default=False)
    sex = one_of(SEXES, load_default=None, allow_none=True,
                 metadata={"description": "male (nam) hoặc female (nữ); không bắt buộc"})
    birth_date = fields.Date(load_default=None, allow_none=True, metadata={
        "description": "Ngày sinh (từ 01/01/1900, không sau hôm nay); không bắt buộc"})


class PersonQuery(Schema):
    unit_code = code_field(metadata={"description": "Chỉ những người của đơn vị này"})


class PersonOut(Schema):
    id = fields.String()
    full_name = fields.String()
    unit_id = fields.String()
    unit_code = fields.String()
    unit_name = fields.String()
    position = fields.String()
    is_leader = fields.Boolean()
    sex = fields.String(allow_none=True)
    birth_date = fields.String(allow_none=True)


class BlocIn(Schema):
    code = code_field(required=True, metadata={"example": "KHOI-GD"})
    name = text_field(500, required=True)
    unit_codes = count(0, 1000, code_field(), load_default=list)


class BlocOut(Schema):
    id = fields.String()
    code = fields.String()
    name = fields.String()
    unit_codes = fields.List(fields.String())


sectors_blp = protected("sectors", "Ngành")


@sectors_blp.route("/sectors")
class SectorsView(MethodView):
    @sectors_blp.response(200, SectorOut(many=True))
    @documented_errors(sectors_blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List the sectors: the defaults and those the organisation defined."""
        return thidua().organisation.list_sectors()

    @requires("sectors.manage")
    @sectors_blp.arguments(SectorIn)
    @sectors_blp.response(201, SectorOut)
    @documented_errors(sectors_blp, 400, 401, 403, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Define a sector, or rename one (a default too) by giving its code again."""
        return thidua().organisation.define_sector(**body, actor=actor(),
                                                   idempotency_key=idempotency_key())


units_blp = protected("units", "Đơn vị")


@units_blp.route("/units")
class UnitsView(MethodView):
    @units_blp.response(200, UnitOut(many=True))
    @documented_errors(units_blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List units."""
        return thidua().organisation.list_units()

    @requires("units.create")
    @units_blp.arguments(UnitIn)
    @units_blp.response(201, UnitOut)
    @documented_errors(units_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a unit."""
        return thidua().organisation.create_unit(**body, actor=actor(),
                                                 idempotency_key=idempotency_key())


people_blp = protected("people", "Cá nhân")


@people_blp.route("/people")
class PeopleView(MethodView):
    @people_blp.arguments(PersonQuery, location="query")
    @people_blp.response(200, PersonOut(many=True))
    @documented_errors(people_blp, 400, 401, 404)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """List people, optionally of one unit."""
        return thidua().organisation.list_people(query.get("unit_code"))

    @requires("people.create")
    @people_blp.arguments(PersonIn)
    @people_blp.response(201, PersonOut)
    @documented_errors(people_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add a person to a unit."""
        return thidua().organisation.create_person(**body, actor=actor(),
                                                   idempotency_key=idempotency_key())


class ImportOut(Schema):
    imported = fields.Integer()
    people = fields.List(fields.Nested(PersonOut))
    rejected = fields.List(fields.Dict())


@people_blp.route("/people/import")
class PeopleImportView(MethodView):
    @requires("people.create")
    @people_blp.arguments(UploadIn, location="files")
    @people_blp.response(200, ImportOut)
    @documented_errors(people_blp, 400, 401, 403, 409, 422)
    def post(self, upload: dict[str, Any]) -> dict[str, Any]:
        """Import people from .xlsx; valid rows are added, the others reported."""
        data = read_upload(upload["file"], "tệp danh sách")
        return thidua().people_import.import_people(data, actor(), idempotency_key())


blocs_blp = protected("blocs", "Khối thi đua")


@blocs_blp.route("/blocs")
class BlocsView(MethodView):
    @blocs_blp.response(200, BlocOut(many=True))
    @documented_errors(blocs_blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List blocs (khối thi đua) and their units."""
        return thidua().organisation.list_blocs()

    @requires("blocs.manage")
    @blocs_blp.arguments(BlocIn)
    @blocs_blp.response(201, BlocOut)
    @documented_errors(blocs_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Form a bloc of units that are ranked against each other."""
        return thidua().organisation.create_bloc(**body, actor=actor(),
                                                 idempotency_key=idempotency_key())


BLUEPRINTS = (sectors_blp, units_blp, people_blp, blocs_blp,)
