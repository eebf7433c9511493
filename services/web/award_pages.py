"""Pages of the award work: nominations, the council (sessions, ballots, votes), decisions
and their documents. Every form carries an idempotency key and a CSRF token; errors are
shown beside their field with the input kept.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.campaign import SUBJECT_KINDS
from events.council import CHOICES, Ballot, CouncilSession
from events.decision import STATUSES as DECISION_STATUSES
from events.errors import DomainError, NotFoundError, PermissionDeniedError
from events.nomination import STATUSES, WITHDRAWABLE
from events.rules import AWARDS, ROUTES, award_name, unreflected_texts
from events.user import User
from events.values import format_points
from services.awards import AwardsReader, AwardsService
from services.papers import PaperService
from services.web.consistency import read_position
from services.web.documents_api import send_document
from services.web.downloads import award_history_download
from services.web.forms import (
    ROW_FIELD,
    _actor,
    _app,
    _may,
    _require,
    attempt,
    subjects_in_scope,
)

bp = Blueprint("awards", __name__)
VOTERS = ("council_member", "secretary", "admin")


def _service() -> AwardsService:
    return AwardsService(_app(), current_app.config["SECRET_KEY"])


def _papers() -> PaperService:
    return PaperService(_app(), current_app.config["SECRET_KEY"])


def _key() -> str | None:
    return request.form.get("idempotency_key") or None


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError) -> Any:
    status = 403 if isinstance(error, PermissionDeniedError) else \
        404 if isinstance(error, NotFoundError) else 409
    title = {403: "Không có quyền", 404: "Không tìm thấy"}.get(status, "Không thực hiện được")
    return render_template("message.html", title=title, message=error.message), status


def _fail(errors: dict[str, str]) -> None:
    """Show a form's errors as a flash when the page it returns to has no field for them."""
    for message in errors.values():
        flash(message, "error")


# --- pending work for the home page --------------------------------------------------------

def sessions() -> list[CouncilSession]:
    app = _app()
    return [app._load(CouncilSession, i, "", "session_id")
            for i in app._ids_of(CouncilSession, "Convened")]


def ballots_to_vote(username: str) -> list[dict[str, Any]]:
    """Open ballots of unconcluded sessions on which ``username`` has not voted yet."""
    app = _app()
    found = []
    for session in sessions():
        if session.results is not None or username not in session.members:
            continue
        for ballot_id in session.ballots.values():
            ballot = app._load(Ballot, ballot_id, "", "ballot_id")
            if ballot.result is None and username not in ballot.voters \
                    and username in ballot.present:
                found.append({"id": str(ballot.id), "subject_name": ballot.subject_name,
                              "award_name": award_name(ballot.award),
                              "session": session.title, "secret": ballot.secret})
    return found


def pending_work() -> dict[str, Any]:
    """What the signed-in user's role has waiting, for the home page."""
    actor = _actor()
    work: dict[str, Any] = {"ballots": [], "sessions": [], "drafts": []}
    if _may("council.vote"):
        work["ballots"] = ballots_to_vote(actor.username)
    if _may("council.manage"):
        work["sessions"] = [s.as_dict() for s in sessions() if s.results is None]
    if _may("decisions.issue"):
        work["drafts"] = [d for d in _service().list_decisions() if d["status"] == "draft"]
    return work


# --- nominations ---------------------------------------------------------------------------

WOMEN_FIELDS = ("female", "staff_total", "staff_women")


def _women_facts(form: Any, kind: str) -> dict[str, object]:
    """The women-first facts typed in a form, as the use cases take them: a ticked box, or
    two counts (an unticked box or two blank counts declare nothing)."""
    if kind == "individual":
        return {"female": True} if form.get("female") else {}
    typed = {field: form.get(field, "").strip() for field in ("staff_total", "staff_women")}
    if not any(typed.values()):
        return {}
    return {field: _whole(text) if text else None for field, text in typed.items()}


def _women_values(women: dict[str, Any] | None) -> dict[str, Any]:
    """Declared facts as the form shows them."""
    women = women or {}
    return {"female": women.get("female", False), "staff_total": women.get("total", ""),
            "staff_women": women.get("women", "")}

@bp.route("/campaigns/<campaign_id>/nominations", methods=["GET", "POST"])
@login_required
def nominations(campaign_id: str) -> Any:
    app = _app()
    campaign = app.get_campaign(campaign_id)
    kinds = [t["subject_kind"] for t in campaign.tracks]
    values = {"subject_kind": request.values.get("subject_kind") or kinds[0],
              "subject_id": request.form.get("subject_id", ""),
              "award": request.form.get("award", ""),
              "year": request.form.get("year", str(min(campaign.end.year, app.clock().year))),
              "route": request.form.get("route", "phong_trao"),
              "summary": request.form.get("summary", ""),
              **{field: request.form.get(field, "") for field in WOMEN_FIELDS}}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        _require("nominations.submit")
        year = int(values["year"]) if values["year"].strip().isdigit() else values["year"]
        if attempt(errors, lambda: _service().submit_nomination(
                campaign_id=campaign_id, subject_kind=values["subject_kind"],
                subject_id=values["subject_id"], award=values["award"], year=year,
                route=values["route"], summary=values["summary"],
                **_women_facts(request.form, values["subject_kind"]), actor=_actor(),
                idempotency_key=_key())):
            flash("Đã gửi hồ sơ đề nghị khen thưởng.", "ok")
            return redirect(url_for("awards.nominations", campaign_id=campaign_id))
        status = 400
    reader = AwardsReader(app)
    board = reader.nominations(campaign_id, wait_for=read_position())
    may_submit = _may("nominations.submit")
    choices = subjects_in_scope(app, campaign, values["subject_kind"]) \
        if may_submit and values["subject_kind"] in kinds else []
    awards = [a for a in AWARDS if a.subject_kind == values["subject_kind"]]
    quotas = reader.quota_usage(campaign_id, wait_for=read_position())["quotas"]
    return render_template(
        "nominations.html", campaign=campaign, board=board, quotas=quotas,
        kinds={k: SUBJECT_KINDS[k] for k in kinds},
        values=values, errors=errors, choices=choices, awards=awards, routes=ROUTES,
        may_submit=may_submit, key=uuid.uuid4().hex), status


@bp.route("/nominations/<nomination_id>", methods=["GET", "POST"])
@login_required
def nomination(nomination_id: str) -> Any:
    service = _service()
    errors: dict[str, str] = {}
    action = request.form.get("action", "")
    status = 200
    if request.method == "POST":
        if not _may("nominations.review"):
            _require("nominations.submit")
        text = request.form.get("text", "")

        def amend() -> dict[str, Any]:
            declared = service.get_nomination(nomination_id)
            women: dict[str, object] = _women_facts(request.form, declared["subject_kind"])
            if not women and declared["women"]:
                women = {"clear_women": True}  # box unticked, counts emptied: none declared
            return service.amend_nomination(nomination_id, summary=text, **women,
                                            actor=_actor(), idempotency_key=_key())

        commands = {
            "return": ("nominations.review", lambda: service.return_nomination(
                nomination_id, reason=text, actor=_actor(), idempotency_key=_key())),
            "resubmit": ("nominations.submit", lambda: service.resubmit_nomination(
                nomination_id, summary=text or None, actor=_actor(), idempotency_key=_key())),
            "amend": ("nominations.submit", amend),
            "withdraw": ("nominations.submit", lambda: service.withdraw_nomination(
                nomination_id, reason=text, actor=_actor(), idempotency_key=_key())),
        }
        if action not in commands:
            errors["action"] = "Thao tác không hợp lệ."
        else:
            permission, command = commands[action]
            _require(permission)
            if attempt(errors, command):
                flash("Đã cập nhật hồ sơ.", "ok")
                return redirect(url_for("awards.nomination", nomination_id=nomination_id))
        status = 400
    found = service.get_nomination(nomination_id)
    shown = {f: request.form.get(f, "") for f in WOMEN_FIELDS} if action == "amend" \
        else _women_values(found["women"])
    return render_template(
        "nomination.html", n=found, statuses=STATUSES, kinds=SUBJECT_KINDS, routes=ROUTES,
        errors=errors, action=action, text=request.form.get("text", ""), women=shown,
        may_review=_may("nominations.review"),
        may_submit=_may("nominations.submit") and _app().in_scope(
            _actor(), UUID(found["unit_id"])),
        withdrawable=found["status"] in WITHDRAWABLE, key=uuid.uuid4().hex), status


@bp.get("/awards/history")
@login_required
def history() -> Any:
    """Tra cứu khen thưởng: the awards of a unit (and its people) or of one subject."""
    app = _app()
    unit_code = request.args.get("unit_code") or None
    subject_id = request.args.get("subject_id") or None
    rows: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    if unit_code or subject_id:
        def look_up() -> None:
            rows.extend(AwardsReader(app).history(
                subject_id=subject_id, unit_code=None if subject_id else unit_code,
                wait_for=read_position())["rows"])

        attempt(errors, look_up)
    return render_template("history.html", units=app.list_units(), unit_code=unit_code,
                           rows=rows, errors=errors, kinds=SUBJECT_KINDS), \
        400 if errors else 200


@bp.get("/awards/history.xlsx")
@login_required
def history_xlsx() -> Any:
    """The tra cứu of a unit (and its people) as .xlsx."""
    unit_code = request.args.get("unit_code") or ""
    if not unit_code:
        return redirect(url_for("awards.history"))
    return award_history_download(_app(), {"unit_code": unit_code,
                                           "wait_for": read_position()})


# --- an organisation's own settings ------------------------------------------------------------

BLANK_ROWS = 2  # empty rows offered below those already set (no script needed)
# The lists of the settings form: each row's fields, as the domain names them.
SETTING_ROWS = {"caps": ("award", "of_award", "percent"),
                "council": ("award", "percent", "secret")}


def _posted_rows(form: Any, name: str) -> tuple[list[dict[str, str]], list[int]]:
    """The rows of list ``name`` as typed, and the form row of each one that is not blank
    (an unticked box is blank; a ticked one alone does not fill a row)."""
    rows: list[dict[str, str]] = []
    for index in range(50):
        if f"{name}-{index}-award" not in form:
            break
        rows.append({key: form.get(f"{name}-{index}-{key}", "").strip()
                     for key in SETTING_ROWS[name]})
    filled = [i for i, row in enumerate(rows)
              if any(v for k, v in row.items() if k != "secret")]
    return rows, filled


def _council_row(row: dict[str, str]) -> dict[str, Any]:
    return {**row, "secret": bool(row.get("secret"))}


def _whole(text: str | None) -> object:
    """A whole number typed in a form, or the text itself (the domain names what is wrong)."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else text


def _shown_settings(current: dict[str, Any] | None) -> dict[str, Any]:
    """The settings form's values for what is set now."""
    if current is None:
        return {"quorum_numerator": "", "quorum_denominator": "", "caps": [], "council": []}
    return {"quorum_numerator": str(current["quorum"]["numerator"]),
            "quorum_denominator": str(current["quorum"]["denominator"]),
            "caps": [{"award": c["award"], "of_award": c["of_award"],
                      "percent": format_points(c["percent"])} for c in current["caps"]],
            "council": [{"award": r["award"], "percent": format_points(r["percent"]),
                         "secret": "on" if r["secret"] else ""} for r in current["council"]]}


@bp.route("/awards/settings", methods=["GET", "POST"])
@login_required
def award_settings() -> Any:
    """Quy định riêng của đơn vị: the council's quorum, caps such as CSTĐCS ≤ 15 % of LĐTT
    and the organisation's own vote rules (everyone signed in reads; an admin changes)."""
    from events.rules import ANY_AWARD, AWARD_CODES, COUNCIL_RULES, default_quorum, in_force

    app = _app()
    service = _service()
    units = app.list_units()
    unit_code = request.values.get("unit_code") or (units[0]["code"] if units else "")
    errors: dict[str, str] = {}
    status = 200
    current = service.settings_of(unit_code) if unit_code else None
    values = _shown_settings(current)
    if request.method == "POST":
        _require("awards.settings")
        form = request.form
        posted = {name: _posted_rows(form, name) for name in SETTING_ROWS}
        values = {"quorum_numerator": form.get("quorum_numerator", ""),
                  "quorum_denominator": form.get("quorum_denominator", ""),
                  **{name: rows for name, (rows, _) in posted.items()}}
        caps, council = ([rows[i] for i in filled] for rows, filled in posted.values())

        def save() -> None:
            try:
                service.configure(
                    unit_code=unit_code, quorum_numerator=_whole(values["quorum_numerator"]),
                    quorum_denominator=_whole(values["quorum_denominator"]), caps=caps,
                    council=[_council_row(r) for r in council], actor=_actor(),
                    idempotency_key=_key())
            except DomainError as exc:
                # The domain counts the rows it was given; the page names the row as typed.
                row = ROW_FIELD.match(exc.field or "")
                if row is None or row[1] not in posted:
                    raise
                field = f"{row[1]}[{posted[row[1]][1][int(row[2])]}].{row[3]}"
                raise type(exc)(exc.message.replace(f"«{exc.field}»", f"«{field}»"),
                                field, exc.code) from None

        if attempt(errors, save):
            flash("Đã lưu quy định riêng của đơn vị.", "ok")
            return redirect(url_for("awards.award_settings", unit_code=unit_code))
        status = 400
    for name, keys in SETTING_ROWS.items():
        values[name] = values[name] + [dict.fromkeys(keys, "") for _ in range(BLANK_ROWS)]
    law = [{"award_name": "Các danh hiệu, hình thức khác" if rule.award == ANY_AWARD
            else award_name(rule.award), "text": rule.describe(), "secret": rule.secret,
            "source": rule.source, "unconfirmed": rule.confidence == "U"}
           for rule in in_force(COUNCIL_RULES, app.clock())]
    return render_template(
        "award_settings.html", units=units, unit_code=unit_code, current=current,
        values=values, errors=errors, default=default_quorum(app.clock()), law=law,
        unreflected=unreflected_texts(app.clock()),
        awards=[{"code": code, "name": award_name(code)} for code in AWARD_CODES],
        may_change=_may("awards.settings"), key=uuid.uuid4().hex), status


# --- the council ---------------------------------------------------------------------------

def _council_users() -> list[dict[str, Any]]:
    app = _app()
    users = [app._load(User, i, "", "username") for i in app._ids_of(User, "Created")]
    return [{"username": u.username, "role": u.role, "name": u.display_name} for u in users
            if u.role in VOTERS and not u.disabled]


@bp.route("/councils", methods=["GET", "POST"])
@login_required
def councils() -> Any:
    errors: dict[str, str] = {}
    form = request.form
    values = {"unit_code": form.get("unit_code", ""), "title": form.get("title", ""),
              "held_on": form.get("held_on", _app().clock().isoformat()),
              "members": form.getlist("members"), "chair": form.get("chair", "")}
    status = 200
    if request.method == "POST":
        _require("council.manage")
        result: dict[str, Any] = {}

        def convene() -> None:
            result.update(_service().convene_session(
                unit_code=values["unit_code"], title=values["title"],
                held_on=values["held_on"], members=values["members"], chair=values["chair"],
                actor=_actor(), idempotency_key=_key()))

        if attempt(errors, convene):
            flash("Đã triệu tập phiên họp Hội đồng.", "ok")
            return redirect(url_for("awards.council", session_id=result["id"]))
        status = 400
    listed = sorted((s.as_dict() for s in sessions()), key=lambda s: s["held_on"],
                    reverse=True)
    return render_template(
        "councils.html", sessions=listed, units=_app().list_units(), users=_council_users(),
        values=values, errors=errors, may_manage=_may("council.manage"),
        key=uuid.uuid4().hex), status


@bp.get("/councils/<session_id>")
@login_required
def council(session_id: str, errors: dict[str, str] | None = None, status: int = 200) -> Any:
    service = _service()
    session = service.get_session(session_id)
    ballots = [service.get_ballot(b) for b in session["ballots"].values()]
    open_for = {b["nomination_id"] for b in ballots}
    candidates: list[dict[str, Any]] = []
    if _may("council.manage") and not session["concluded"]:
        app = _app()
        reader = AwardsReader(app)
        for campaign in app.list_campaigns():
            board = reader.nominations(campaign["id"], status="submitted",
                                       wait_for=read_position())
            candidates += [n for n in board["rows"] if n["id"] not in open_for]
    papers = _papers().list_papers(session_id)
    return render_template(
        "council.html", s=session, ballots=ballots, candidates=candidates, papers=papers,
        errors=errors or {}, may_manage=_may("council.manage"), today=_app().clock(),
        may_propose=_may("papers.issue"), form=request.form, key=uuid.uuid4().hex), status


@bp.post("/councils/<session_id>/<action>")
@login_required
def council_action(session_id: str, action: str) -> Any:
    service, form, errors = _service(), request.form, {}
    if action == "proposals":
        _require("papers.issue")
    else:
        _require("council.manage")
    signer = {"name": form.get("signer_name", ""), "position": form.get("signer_position", ""),
              "authority": form.get("signer_authority", "")}
    commands = {
        "attendance": lambda: service.record_attendance(
            session_id, present=form.getlist("present"), actor=_actor(),
            idempotency_key=_key()),
        "ballots": lambda: service.open_ballot(
            session_id, nomination_id=form.get("nomination_id", ""), actor=_actor(),
            idempotency_key=_key()),
        "conclude": lambda: service.conclude_session(
            session_id, chair_choice=form.getlist("chair_choice") or None, actor=_actor(),
            idempotency_key=_key()),
        "minutes": lambda: _papers().issue_minutes(
            session_id, started_at=form.get("started_at", ""),
            ended_at=form.get("ended_at", ""), place=form.get("place", ""),
            chair={"name": form.get("chair_name", ""),
                   "position": form.get("chair_position", "")},
            secretary={"name": form.get("secretary_name", ""),
                       "position": form.get("secretary_position", "")},
            actor=_actor()),
        "proposals": lambda: _papers().issue_proposal(
            session_id, addressee=form.get("addressee", ""), signer=signer,
            issued_on=form.get("issued_on") or None, actor=_actor()),
    }
    if action not in commands:
        return council(session_id, {"form": "Thao tác không hợp lệ."}, 404)
    if attempt(errors, commands[action]):
        flash({"attendance": "Đã ghi danh sách có mặt.", "ballots": "Đã mở phiếu biểu quyết.",
               "conclude": "Đã kết luận phiên họp.", "minutes": "Đã lập Biên bản.",
               "proposals": "Đã lập Tờ trình."}[action], "ok")
        return redirect(url_for("awards.council", session_id=session_id))
    return council(session_id, errors, 400)


@bp.route("/ballots/<ballot_id>", methods=["GET", "POST"])
@login_required
def ballot(ballot_id: str) -> Any:
    service = _service()
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        _require("council.vote")
        member = request.form.get("member") or None
        if attempt(errors, lambda: service.cast_vote(
                ballot_id, choice=request.form.get("choice", ""), member=member,
                actor=_actor(), idempotency_key=_key())):
            flash("Đã ghi nhận ý kiến văn bản." if member else "Đã ghi nhận phiếu của bạn.",
                  "ok")
            return redirect(url_for("awards.ballot", ballot_id=ballot_id))
        status = 400
    found = service.get_ballot(ballot_id)
    session = service.get_session(found["session_id"])
    absent = [m for m in session["members"]
              if m not in session["present"] and m not in found["voted"]]
    return render_template(
        "ballot.html", b=found, s=session, choices=CHOICES, errors=errors, absent=absent,
        unreflected=unreflected_texts(found["held_on"]),
        voted=_actor().username in found["voted"], may_manage=_may("council.manage"),
        may_vote=_may("council.vote") and _actor().username in session["present"],
        key=uuid.uuid4().hex), status


@bp.post("/ballots/<ballot_id>/close")
@login_required
def close_ballot(ballot_id: str) -> Any:
    _require("council.manage")
    service = _service()
    errors: dict[str, str] = {}
    if attempt(errors, lambda: service.close_ballot(ballot_id, actor=_actor(),
                                                    idempotency_key=_key())):
        flash("Đã kết thúc bỏ phiếu và kiểm phiếu.", "ok")
    else:
        _fail(errors)
    return redirect(url_for("awards.ballot", ballot_id=ballot_id))


# --- decisions -----------------------------------------------------------------------------

@bp.route("/decisions", methods=["GET", "POST"])
@login_required
def decisions() -> Any:
    app = _app()
    service = _service()
    form = request.form
    campaigns = app.list_campaigns()
    campaign_id = request.values.get("campaign_id") or (campaigns[0]["id"] if campaigns
                                                        else "")
    values = {"campaign_id": campaign_id, "award": form.get("award", ""),
              "nomination_ids": form.getlist("nomination_ids"), "title": form.get("title", ""),
              "issuer_unit_code": form.get("issuer_unit_code", ""),
              "signer_name": form.get("signer_name", ""),
              "signer_position": form.get("signer_position", ""),
              "signer_authority": form.get("signer_authority", "")}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        _require("decisions.draft")
        chosen = [n for n in AwardsReader(app).nominations(
            campaign_id, status="approved", wait_for=read_position())["rows"]
            if n["id"] in values["nomination_ids"]]
        award = values["award"] or (chosen[0]["award"] if chosen else "")
        result: dict[str, Any] = {}

        def draft() -> None:
            result.update(service.draft_decision(
                issuer_unit_code=values["issuer_unit_code"], campaign_id=campaign_id,
                award=award, nomination_ids=values["nomination_ids"],
                title=values["title"] or None,
                signer={"name": values["signer_name"], "position": values["signer_position"],
                        "authority": values["signer_authority"]},
                actor=_actor(), idempotency_key=_key()))

        if attempt(errors, draft):
            flash("Đã lập dự thảo quyết định.", "ok")
            return redirect(url_for("awards.decision", decision_id=result["id"]))
        status = 400
    approved = AwardsReader(app).nominations(
        campaign_id, status="approved", wait_for=read_position())["rows"] \
        if campaign_id and _may("decisions.draft") else []
    return render_template(
        "decisions.html", decisions=service.list_decisions(), campaigns=campaigns,
        approved=approved, units=app.list_units(), values=values, errors=errors,
        statuses=DECISION_STATUSES, may_draft=_may("decisions.draft"),
        key=uuid.uuid4().hex), status


@bp.get("/decisions/<decision_id>")
@login_required
def decision(decision_id: str, errors: dict[str, str] | None = None,
             status: int = 200) -> Any:
    found = _service().get_decision(decision_id)
    today = _app().clock()
    return render_template(
        "decision.html", d=found, errors=errors or {}, form=request.form,
        may_issue=_may("decisions.issue"), may_revoke=_may("decisions.revoke"),
        unreflected=unreflected_texts(found["issued_on"] or today),
        today=today, key=uuid.uuid4().hex), status


@bp.post("/decisions/<decision_id>/<action>")
@login_required
def decision_action(decision_id: str, action: str) -> Any:
    service, form, errors = _service(), request.form, {}
    if not _may("decisions.revoke"):
        _require("decisions.issue")
    if action == "issue":
        _require("decisions.issue")
        command = lambda: service.issue_decision(  # noqa: E731
            decision_id, issued_on=form.get("issued_on") or None, actor=_actor(),
            idempotency_key=_key())
    elif action == "revoke":
        _require("decisions.revoke")
        command = lambda: service.revoke_decision(  # noqa: E731
            decision_id, reason=form.get("reason", ""), actor=_actor(),
            idempotency_key=_key())
    else:
        return decision(decision_id, {"form": "Thao tác không hợp lệ."}, 404)
    if attempt(errors, command):
        flash("Đã ban hành quyết định." if action == "issue" else "Đã hủy quyết định.", "ok")
        return redirect(url_for("awards.decision", decision_id=decision_id))
    return decision(decision_id, errors, 400)


@bp.get("/decisions/<decision_id>/document.docx")
@login_required
def decision_docx(decision_id: str) -> Any:
    return send_document(_papers().decision_document(decision_id, _actor()))


@bp.get("/papers/<paper_id>/document.docx")
@login_required
def paper_docx(paper_id: str) -> Any:
    return send_document(_papers().paper_document(paper_id, _actor()))


__all__ = ["bp", "pending_work"]
