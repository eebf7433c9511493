"""The sectors, the unit tree and the people of the units (one by one or from .xlsx)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.errors import DomainError
from events.person import SEXES
from services.usecases import people_import
from services.web.http import XLSX, read_upload, send_bytes
from services.web.pages.common import (
    actor,
    attempt,
    bp,
    form_key,
    may,
    require,
    thidua,
)


@bp.route("/sectors", methods=["GET", "POST"])
@login_required
def sectors() -> Any:
    app = thidua()
    values = {k: request.form.get(k, "") for k in ("code", "name")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        require("sectors.manage")
        done: dict[str, Any] = {}
        if attempt(errors, lambda: done.update(app.organisation.define_sector(
                values["code"], values["name"], actor(), idempotency_key=form_key()))):
            flash(f"Đã ghi ngành «{done['name']}» (mã {done['code']}).", "ok")
            return redirect(url_for("pages.sectors"))
    return render_template("sectors.html", sectors=app.organisation.list_sectors(),
                           values=values, errors=errors,
                           may_manage=may("sectors.manage")), 400 if errors else 200


@bp.route("/units", methods=["GET", "POST"])
@login_required
def units() -> Any:
    app = thidua()
    values = {k: request.form.get(k, "") for k in ("code", "name", "parent_code", "sector")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        require("units.create")
        if attempt(errors, lambda: app.organisation.create_unit(
                code=values["code"], name=values["name"],
                parent_code=values["parent_code"] or None, sector=values["sector"] or None,
                actor=actor(), idempotency_key=form_key())):
            flash(f"Đã thêm đơn vị {values['code']}.", "ok")
            return redirect(url_for("pages.units"))
    listed = app.organisation.list_units()
    children: dict[str | None, list[dict[str, Any]]] = {}
    for unit in listed:
        children.setdefault(unit["parent_id"], []).append(unit)
    for unit in listed:
        unit["children"] = children.get(unit["id"], [])
    known = {u["id"] for u in listed}
    roots = [u for u in listed if u["parent_id"] not in known]
    return render_template("units.html", units=roots, values=values,
                           sectors=app.organisation.sector_names(),
                           errors=errors, may_create=may("units.create")), \
        400 if errors else 200


COLUMNS = {"full_name": "Họ và tên", "unit_code": "Mã đơn vị", "position": "Chức vụ",
           "is_leader": "Lãnh đạo", "sex": "Giới tính", "birth_date": "Ngày sinh"}
PERSON_FIELDS = ("full_name", "unit_code", "position", "is_leader", "sex", "birth_date")


def _people_page(result: dict[str, Any] | None = None, error: DomainError | None = None,
                 status: int = 200) -> Any:
    app = thidua()
    people = [{**p, "birth_date": date.fromisoformat(p["birth_date"]) if p["birth_date"]
               else None} for p in app.organisation.list_people()
              if app.organisation.in_scope(actor(), uuid.UUID(p["unit_id"]))]
    return render_template("people.html", people=people, may_import=may("people.create"),
                           result=result, error=error, columns=COLUMNS, sexes=SEXES), status


@bp.get("/people")
@login_required
def people() -> Any:
    return _people_page()


@bp.post("/people/import")
@login_required
def import_people() -> Any:
    require("people.create")
    try:
        data = read_upload(request.files.get("file"), "tệp danh sách")
        result = thidua().people_import.import_people(data, actor(), form_key())
    except DomainError as exc:
        return _people_page(error=exc, status=400)
    return _people_page(result=result)


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
def new_person() -> Any:
    """One person: name, unit, position, leader or not, sex and date of birth (optional)."""
    require("people.create")
    app = thidua()
    units = [u for u in app.organisation.list_units()
             if app.organisation.in_scope(actor(), uuid.UUID(u["id"]))]
    values = {k: request.form.get(k, "") for k in PERSON_FIELDS}
    if request.method == "GET" and len(units) == 1:
        values["unit_code"] = units[0]["code"]
    errors: dict[str, str] = {}
    if request.method == "POST":
        added: dict[str, Any] = {}
        if attempt(errors, lambda: added.update(app.organisation.create_person(
                full_name=values["full_name"], unit_code=values["unit_code"],
                position=values["position"], is_leader=bool(values["is_leader"]),
                sex=values["sex"] or None, birth_date=values["birth_date"] or None,
                actor=actor(), idempotency_key=form_key()))):
            flash(f"Đã thêm {added['full_name']} vào {added['unit_name']}.", "ok")
            return redirect(url_for("pages.people"))
    return render_template("person_new.html", values=values, errors=errors, units=units,
                           sexes=SEXES, today=app.store.clock().isoformat()), \
        400 if errors else 200


@bp.get("/people/template.xlsx")
@login_required
def people_template() -> Any:
    """The import workbook to fill in: the headings the import reads and an example row."""
    return send_bytes(people_import.template(), XLSX, "mau-danh-sach-ca-nhan.xlsx")
