"""Forms for clerks and reviewers: register for a campaign, post and review scores."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from events.campaign import SUBJECT_KINDS, Campaign
from events.errors import DomainError, InvalidInputError, PermissionDeniedError
from events.values import format_points
from services.actors import ALLOWED, Actor
from services.application import ThiduaApplication

bp = Blueprint("forms", __name__)


def _app() -> ThiduaApplication:
    return current_app.extensions["thidua"]


def _actor() -> Actor:
    return current_user.actor


def _may(action: str) -> bool:
    return _actor().role in ALLOWED[action]


def _require(action: str) -> None:
    if not _may(action):
        raise PermissionDeniedError("Tài khoản không có quyền thực hiện thao tác này.", None)


def _in_scope(app: ThiduaApplication, actor: Actor, unit_id: Any) -> bool:
    return app.in_scope(actor, unit_id)


def subjects_in_scope(app: ThiduaApplication, campaign: Campaign,
                      kind: str) -> list[dict[str, Any]]:
    """The units or people the signed-in user may act for, as (id, label) choices."""
    actor = _actor()
    if kind == "collective":
        units = app.list_units()
        return [{"id": u["id"], "label": f"{u['name']} ({u['code']})"} for u in units
                if _in_scope(app, actor, uuid.UUID(u["id"]))]
    people = app.list_people()
    return [{"id": p["id"], "label": f"{p['full_name']} — {p['unit_name']}"} for p in people
            if _in_scope(app, actor, uuid.UUID(p["unit_id"]))]


# What the forms call the fields the use cases name (the API keeps the names themselves).
FIELD_LABELS = {
    "addressee": "Kính gửi", "award": "Danh hiệu, hình thức", "chair": "Chủ tịch Hội đồng",
    "chair.name": "Chủ trì: họ và tên", "chair.position": "Chủ trì: chức vụ",
    "code": "Mã", "ended_at": "Kết thúc", "full_name": "Họ và tên", "held_on": "Ngày họp",
    "issued_on": "Ngày ký", "issuer_unit_code": "Cơ quan ban hành", "name": "Tên",
    "password": "Mật khẩu", "period": "Kỳ", "place": "Địa điểm", "pledge": "Nội dung đăng ký",
    "position": "Chức vụ", "reason": "Lý do", "route": "Căn cứ đề nghị",
    "secretary.name": "Thư ký: họ và tên", "secretary.position": "Thư ký: chức vụ",
    "signer.authority": "Thẩm quyền ký", "signer.name": "Người ký",
    "signer.position": "Chức vụ người ký", "started_at": "Bắt đầu",
    "subject_id": "Đối tượng", "summary": "Tóm tắt thành tích", "title": "Nội dung, trích yếu",
    "unit_code": "Đơn vị", "username": "Tên đăng nhập", "year": "Năm thành tích",
    "quorum_numerator": "Tỷ lệ dự họp tối thiểu (tử số)",
    "quorum_denominator": "Tỷ lệ dự họp tối thiểu (mẫu số)",
    "caps.award": "Giới hạn: danh hiệu", "caps.of_award": "Giới hạn: so với danh hiệu",
    "caps.percent": "Giới hạn: tỷ lệ (%)",
    "council.award": "Quy định bỏ phiếu: danh hiệu",
    "council.percent": "Quy định bỏ phiếu: tỷ lệ đồng ý (%)",
    "council.secret": "Quy định bỏ phiếu: bỏ phiếu kín",
    "female": "Cá nhân nữ", "staff_total": "Tổng số thành viên", "staff_women": "Trong đó nữ",
}
# A field of one row of a list: "caps[0].percent" is called as "caps.percent", row 1.
ROW_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


def field_label(field: str) -> str | None:
    """How the form calls ``field``, if we know."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    row = ROW_FIELD.match(field)
    label = FIELD_LABELS.get(f"{row[1]}.{row[3]}") if row else None
    return f"{label}, dòng {int(row[2]) + 1}" if row and label else None


def form_message(error: DomainError) -> str:
    """The error's message with the field called as the form calls it."""
    label = field_label(error.field or "")
    return error.message.replace(f"«{error.field}»", f"«{label}»") if label else error.message


def attempt(errors: dict[str, str], command: Any) -> bool:
    """Run a use case; a domain error goes beside its field (permission errors propagate)."""
    try:
        command()
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        errors[exc.field or "form"] = form_message(exc)
        return False
    return True


@bp.errorhandler(PermissionDeniedError)
def _denied(error: PermissionDeniedError) -> Any:
    return render_template("message.html", title="Không có quyền",
                           message=error.message), 403


@bp.route("/campaigns/<campaign_id>/register", methods=["GET", "POST"])
@login_required
def register(campaign_id: str) -> Any:
    _require("registrations.create")
    app = _app()
    campaign = app.get_campaign(campaign_id)
    kinds = [t["subject_kind"] for t in campaign.tracks]
    values = {"subject_kind": request.values.get("subject_kind") or kinds[0],
              "subject_id": request.form.get("subject_id", ""),
              "pledge": request.form.get("pledge", "")}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if attempt(errors, lambda: app.register(
                campaign_id=campaign_id, subject_kind=values["subject_kind"],
                subject_id=values["subject_id"], pledge=values["pledge"], actor=_actor(),
                idempotency_key=request.form.get("idempotency_key"))):
            flash("Đã ghi nhận đăng ký thi đua.", "ok")
            return redirect(url_for("pages.index"))
        status = 400
    choices = subjects_in_scope(app, campaign, values["subject_kind"]) \
        if values["subject_kind"] in kinds else []
    return render_template(
        "register.html", campaign=campaign, kinds={k: SUBJECT_KINDS[k] for k in kinds},
        choices=choices, values=values, errors=errors, key=uuid.uuid4().hex), status


def _score_stage(card: dict[str, Any] | None) -> str:
    """What the signed-in user does next to this scorecard."""
    reviewed = card is not None and card["status"] == "reviewed"
    if _may("scores.review") and card is not None:
        return "correction" if reviewed else "review"
    return "self"


@bp.route("/campaigns/<campaign_id>/score", methods=["GET", "POST"])
@login_required
def score(campaign_id: str) -> Any:
    if not (_may("scores.self") or _may("scores.review")):
        _require("scores.self")
    app = _app()
    campaign = app.get_campaign(campaign_id)
    subject_id = request.values.get("subject_id", "")
    period = (request.values.get("period") or "").strip()
    registrations = [r for r in app.list_registrations(campaign_id)
                     if _in_scope(app, _actor(), uuid.UUID(r["unit_id"]))]
    names = {s["id"]: s["label"] for kind in SUBJECT_KINDS if kind in
             [t["subject_kind"] for t in campaign.tracks]
             for s in subjects_in_scope(app, campaign, kind)}
    subjects = [{"id": r["subject_id"], "label": names.get(r["subject_id"], r["subject_id"]),
                 "kind": r["subject_kind"]} for r in registrations]
    errors: dict[str, str] = {}
    status = 200
    card: dict[str, Any] | None = None
    track: dict[str, Any] | None = None
    chosen = next((s for s in subjects if s["id"] == subject_id), None)
    if chosen and period:
        track = campaign.track(chosen["kind"])
        try:
            card = app.get_scorecard(campaign_id, subject_id, period)
        except DomainError:
            card = None
    stage = _score_stage(card)
    entered = {c["code"]: request.form.get(f"score_{c['code']}", "")
               for c in (track or {}).get("criteria", [])}
    if request.method == "POST" and chosen and track:
        stage = request.form.get("stage", stage)
        if stage in ("self", "review", "correction"):
            _require(f"scores.{stage}")
        scores = {code: value for code, value in entered.items()
                  if value.strip() or stage != "correction"}
        if attempt(errors, lambda: app.post_scores(
                campaign_id=campaign_id, subject_id=subject_id, period=period, stage=stage,
                scores=scores, reason=request.form.get("reason"), actor=_actor(),
                idempotency_key=request.form.get("idempotency_key"))):
            flash("Đã ghi nhận điểm.", "ok")
            # The standings page waits (bounded) until the worker has our write (consistency).
            return redirect(url_for("pages.standings", campaign_id=campaign_id, period=period,
                                    subject_kind=chosen["kind"]))
        status = 400
    elif request.method == "POST":
        errors["subject_id" if not chosen else "period"] = (
            "Chọn đối tượng đã đăng ký." if not chosen else "Nhập kỳ chấm điểm.")
        status = 400
    shown = card["scores"] if card else {}
    rows = [{"code": c["code"], "name": c["name"], "max": format_points(c["max_points"]),
             "value": entered.get(c["code"]) or (
                 format_points(shown[c["code"]]).replace(",", ".") if c["code"] in shown
                 else "")}
            for c in (track or {}).get("criteria", [])]
    return render_template(
        "score.html", campaign=campaign, subjects=subjects, subject_id=subject_id,
        period=period, card=card, rows=rows, stage=stage, errors=errors,
        reason=request.form.get("reason", ""), key=uuid.uuid4().hex,
        total=sum((Decimal(v) for v in shown.values()), Decimal(0)) if shown else None,
    ), status


COLUMNS = {"full_name": "Họ và tên", "unit_code": "Mã đơn vị", "position": "Chức vụ",
           "is_leader": "Lãnh đạo"}


def _people_page(result: dict[str, Any] | None = None, error: DomainError | None = None,
                 status: int = 200) -> Any:
    app = _app()
    people = [p for p in app.list_people()
              if _in_scope(app, _actor(), uuid.UUID(p["unit_id"]))]
    return render_template("people.html", people=people, may_import=_may("people.create"),
                           result=result, error=error, columns=COLUMNS), status


@bp.get("/people")
@login_required
def people() -> Any:
    return _people_page()


@bp.post("/people/import")
@login_required
def import_people() -> Any:
    from services.people_import import import_people as run_import

    _require("people.create")
    upload = request.files.get("file")
    try:
        data = upload.read() if upload else b""
        if not data:
            raise InvalidInputError("Chưa chọn tệp danh sách.", "file")
        result = run_import(_app(), data, _actor())
    except DomainError as exc:
        return _people_page(error=exc, status=400)
    return _people_page(result=result)


def _users_page(values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                error: DomainError | None = None, status: int = 200) -> Any:
    from events.user import ROLES

    return render_template("users.html", users=_app().list_users(), roles=ROLES,
                           values=values or {"username": "", "full_name": "",
                                             "role": "unit_clerk", "unit_code": ""},
                           errors=errors or {}, error=error), status


@bp.get("/users")
@login_required
def users() -> Any:
    _require("users.create")
    return _users_page()


@bp.post("/users")
@login_required
def create_user() -> Any:
    _require("users.create")
    values = {k: request.form.get(k, "") for k in ("username", "full_name", "role",
                                                    "unit_code")}
    try:
        _app().create_user(username=values["username"], password=request.form.get("password", ""),
                           role=values["role"], unit_code=values["unit_code"] or None,
                           full_name=values["full_name"], actor=_actor())
    except DomainError as exc:
        return _users_page(values=values, errors={exc.field or "username": form_message(exc)},
                           status=400)
    flash(f"Đã tạo tài khoản {values['username']}.", "ok")
    return redirect(url_for("forms.users"))


@bp.post("/users/<username>")
@login_required
def user_action(username: str) -> Any:
    _require("users.create")
    app, action = _app(), request.form.get("action")
    try:
        if action == "grant":
            app.grant_role(username=username, role=request.form.get("role", ""),
                           unit_code=request.form.get("unit_code") or None, actor=_actor())
        elif action in ("disable", "enable"):
            app.set_enabled(username=username, enabled=action == "enable", actor=_actor())
        elif action == "password":
            app.reset_password(username=username, password=request.form.get("password", ""),
                               actor=_actor())
        else:
            raise InvalidInputError("Thao tác không hợp lệ.", "action")
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        return _users_page(error=exc, status=400)
    flash(f"Đã cập nhật tài khoản {username}.", "ok")
    return redirect(url_for("forms.users"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    errors: dict[str, str] = {}
    if request.method == "POST" and attempt(errors, lambda: _app().change_own_password(
            current=request.form.get("current", ""), new=request.form.get("password", ""),
            actor=_actor())):
        flash("Đã đổi mật khẩu.", "ok")
        return redirect(url_for("pages.index"))
    return render_template("password.html", errors=errors), 400 if errors else 200


@bp.route("/units", methods=["GET", "POST"])
@login_required
def units() -> Any:
    from events.unit import SECTORS

    app = _app()
    values = {k: request.form.get(k, "") for k in ("code", "name", "parent_code", "sector")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        _require("units.create")
        if attempt(errors, lambda: app.create_unit(
                code=values["code"], name=values["name"],
                parent_code=values["parent_code"] or None, sector=values["sector"] or None,
                actor=_actor())):
            flash(f"Đã thêm đơn vị {values['code']}.", "ok")
            return redirect(url_for("forms.units"))
    listed = app.list_units()
    children: dict[str | None, list[dict[str, Any]]] = {}
    for unit in listed:
        children.setdefault(unit["parent_id"], []).append(unit)
    for unit in listed:
        unit["children"] = children.get(unit["id"], [])
    known = {u["id"] for u in listed}
    roots = [u for u in listed if u["parent_id"] not in known]
    return render_template("units.html", units=roots, sectors=SECTORS, values=values,
                           errors=errors, may_create=_may("units.create")), \
        400 if errors else 200


@bp.get("/campaigns/<campaign_id>")
@login_required
def campaign(campaign_id: str) -> Any:
    from events.campaign import CLASSIFICATIONS
    from events.periods import CADENCE_NAMES
    from events.unit import SECTORS

    app = _app()
    details = app.campaign_details(campaign_id)
    names = {u["id"]: u["name"] for u in app.list_units()}
    names.update({p["id"]: p["full_name"] for p in app.list_people()})
    return render_template(
        "campaign.html", campaign=details, registrations=app.list_registrations(campaign_id),
        names=names, kinds=SUBJECT_KINDS, cadences=CADENCE_NAMES, sectors=SECTORS,
        classifications=CLASSIFICATIONS, points=format_points,
        issuer=app.get_unit(uuid.UUID(details["issuer_unit_id"])).name)
