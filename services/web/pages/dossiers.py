"""Dossiers up the tiers: the list waiting at my tier, a unit's new dossier, a dossier's page
(route, nominees and verdicts, attachments, returns with reasons, the actions of my tier)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.dossier import STATUSES
from events.rules import ROUTES
from services.usecases.dossier_import import template
from services.web.http import XLSX, send_bytes
from services.web.pages.common import actor, attempt, bp, form_key, may, new_key, require, thidua

NOMINEE_ROWS = 5  # empty rows of the new-dossier form
DONE = {
    "submit": "Đã gửi hồ sơ lên cấp trên.", "forward": "Đã chuyển hồ sơ lên cấp trên.",
    "return": "Đã trả lại hồ sơ cho cấp dưới.", "accept": "Đã tiếp nhận hồ sơ; các cá nhân, "
    "tập thể đủ điều kiện đã vào danh sách xét của Hội đồng.",
    "withdraw": "Đã rút hồ sơ.", "assign": "Đã phân công chuyên viên.",
    "verdict": "Đã ghi kết luận.", "attach": "Đã đính kèm tệp.",
}


def _my_tier() -> str:
    """The code of the actor's own unit (the tier whose waiting dossiers it sees first)."""
    unit_id = actor().unit_id
    return thidua().organisation.get_unit(unit_id).code if unit_id else ""


@bp.route("/dossiers", methods=["GET", "POST"])
@login_required
def dossiers() -> Any:
    return _dossiers()


@bp.post("/dossiers/import")
@login_required
def import_dossier() -> Any:
    """A draft dossier from a nominee list in .xlsx; rejected rows listed on the page."""
    require("dossiers.submit")
    form = request.form
    year = form.get("year", "").strip()
    result: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if attempt(errors, lambda: result.update(thidua().dossier_import.import_dossier(
            _upload(), campaign_id=form.get("campaign_id", ""), award=form.get("award", ""),
            unit_code=form.get("unit_code") or None,
            year=int(year) if year.isdigit() else None, basis=form.get("basis", "hang_nam"),
            actor=actor(), idempotency_key=form_key()))):
        if result["dossier"] is not None and not result["rejected"]:
            flash(f"Đã lập hồ sơ từ tệp: {result['imported']} cá nhân, tập thể.", "ok")
            return redirect(url_for("pages.dossier", dossier_id=result["dossier"]["id"]))
        return _dossiers(imported=result, code=200 if result["dossier"] else 422)
    return _dossiers(import_errors=errors, code=400)


@bp.get("/dossiers/template.xlsx")
@login_required
def dossier_template() -> Any:
    """The nominee list a unit fills in for the import."""
    return send_bytes(template(), XLSX, "mau-danh-sach-de-nghi.xlsx")


def _dossiers(imported: dict[str, Any] | None = None,
              import_errors: dict[str, str] | None = None, code: int = 200) -> Any:
    app = thidua()
    tier = request.args.get("tier_unit_code", _my_tier())
    status = request.args.get("status") or None
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST" and request.endpoint == "pages.dossiers":
        require("dossiers.submit")
        chosen = [(i, form.get(f"subject-{i}", "").partition(":"))
                  for i in range(NOMINEE_ROWS) if form.get(f"subject-{i}")]
        nominees = [{"subject_kind": kind, "subject_id": subject_id,
                     "summary": form.get(f"summary-{i}", "")}
                    for i, (kind, _, subject_id) in chosen]
        year = form.get("year", "").strip()
        made: dict[str, Any] = {}
        if attempt(errors, lambda: made.update(app.dossiers.create_dossier(
                campaign_id=form.get("campaign_id", ""), award=form.get("award", ""),
                unit_code=form.get("unit_code") or None, nominees=nominees,
                year=int(year) if year.isdigit() else None,
                basis=form.get("basis", "hang_nam"), actor=actor(),
                idempotency_key=form_key()))):
            flash("Đã lập hồ sơ. Kiểm tra, đính kèm tệp rồi gửi lên cấp trên.", "ok")
            return redirect(url_for("pages.dossier", dossier_id=made["id"]))
        code = 400
    rows = app.dossiers.list_dossiers(actor=actor(), tier_unit_code=tier or None,
                                      status=status if status in STATUSES else None)
    may_create = may("dossiers.submit")
    return render_template(
        "dossiers.html", rows=rows, tier=tier, status=status, statuses=STATUSES,
        units=app.organisation.list_units(), may_create=may_create,
        campaigns=app.campaigns.list_campaigns() if may_create else [],
        awards=app.award_forms.entries() if may_create else [],
        people=app.organisation.subjects_in_scope(actor(), "individual") if may_create else [],
        collectives=app.organisation.subjects_in_scope(actor(), "collective")
        if may_create else [],
        rows_count=NOMINEE_ROWS, routes=ROUTES, form=form, errors=errors,
        imported=imported, import_errors=import_errors or {}, key=new_key()), code


@bp.route("/dossiers/<uuid:dossier_id>", methods=["GET", "POST"])
@login_required
def dossier(dossier_id: Any) -> Any:
    service = thidua().dossiers
    errors: dict[str, str] = {}
    code = 200
    action = request.form.get("action", "")
    if request.method == "POST":
        if not any(may(a) for a in ("dossiers.submit", "dossiers.review", "dossiers.verdict")):
            require("dossiers.review")
        text, key = request.form.get("text", ""), form_key()
        commands = {
            "submit": lambda: service.submit_dossier(dossier_id, actor=actor(),
                                                     idempotency_key=key),
            "forward": lambda: service.forward_dossier(dossier_id, actor=actor(),
                                                       idempotency_key=key),
            "return": lambda: service.return_dossier(dossier_id, reason=text, actor=actor(),
                                                     idempotency_key=key),
            "accept": lambda: service.accept_dossier(dossier_id, actor=actor(),
                                                     idempotency_key=key),
            "withdraw": lambda: service.withdraw_dossier(dossier_id, reason=text,
                                                         actor=actor(), idempotency_key=key),
            "assign": lambda: service.assign_specialist(
                dossier_id, specialist=request.form.get("specialist", ""), actor=actor(),
                idempotency_key=key),
            "verdict": lambda: service.record_verdict(
                dossier_id, subject_id=request.form.get("subject_id", ""),
                eligible=request.form.get("eligible") == "yes", reason=text, actor=actor(),
                idempotency_key=key),
            "attach": lambda: service.attach_file(
                dossier_id, data=_upload(), name=_upload_name(), actor=actor(),
                idempotency_key=key),
        }
        if action not in commands:
            errors["action"] = "Thao tác không hợp lệ."
        elif attempt(errors, commands[action]):
            flash(DONE[action], "ok")
            return redirect(url_for("pages.dossier", dossier_id=dossier_id))
        code = 400
    found = service.get_dossier(dossier_id, actor=actor())
    specialists = service.specialists(dossier_id, actor=actor()) \
        if "assign" in found["actions"] else []
    return render_template("dossier.html", d=found, errors=errors, action=action,
                           text=request.form.get("text", ""), specialists=specialists,
                           key=new_key()), code


def _upload() -> bytes:
    upload = request.files.get("file")
    return upload.read(20 * 1024 * 1024 + 1) if upload else b""


def _upload_name() -> str:
    upload = request.files.get("file")
    return (upload.filename or "") if upload else ""


@bp.get("/dossiers/<uuid:dossier_id>/attachments/<sha256:sha256>")
@login_required
def dossier_attachment(dossier_id: Any, sha256: str) -> Any:
    found, name = thidua().dossiers.attachment(dossier_id, sha256, actor=actor())
    response = send_bytes(found.data, found.media_type, name)
    response.headers["X-Content-SHA256"] = found.sha256
    return response
