"""The council: sessions (attendance, ballots, conclusion, Biên bản, Tờ trình) and the
ballot page of members."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.council import CHOICES
from events.rules import unreflected_texts
from services.usecases.council import scan_filename
from services.web.consistency import read_position
from services.web.http import read_upload, send_bytes
from services.web.pages.common import (
    actor,
    attempt,
    bp,
    fail,
    form_key,
    may,
    new_key,
    require,
    thidua,
)
from services.web.pages.public import comment_counts

VOTERS = ("council_member", "secretary", "admin")


@bp.route("/councils", methods=["GET", "POST"])
@login_required
def councils() -> Any:
    errors: dict[str, str] = {}
    form = request.form
    values = {"unit_code": form.get("unit_code", ""), "title": form.get("title", ""),
              "held_on": form.get("held_on", thidua().store.clock().isoformat()),
              "members": form.getlist("members"), "chair": form.get("chair", "")}
    status = 200
    if request.method == "POST":
        require("council.manage")
        result: dict[str, Any] = {}

        def convene() -> None:
            result.update(thidua().council.convene_session(
                unit_code=values["unit_code"], title=values["title"],
                held_on=values["held_on"], members=values["members"], chair=values["chair"],
                actor=actor(), idempotency_key=form_key()))

        if attempt(errors, convene):
            flash("Đã triệu tập phiên họp Hội đồng.", "ok")
            return redirect(url_for("pages.council", session_id=result["id"]))
        status = 400
    app = thidua()
    listed = sorted(app.council.list_sessions(), key=lambda s: s["held_on"], reverse=True)
    return render_template(
        "councils.html", sessions=listed, units=app.organisation.list_units(),
        users=app.accounts.council_users(VOTERS), values=values, errors=errors,
        may_manage=may("council.manage"), key=new_key()), status


@bp.get("/councils/<session_id>")
@login_required
def council(session_id: str, errors: dict[str, str] | None = None, status: int = 200) -> Any:
    app = thidua()
    session = app.council.get_session(session_id)
    ballots = app.council.ballots_of(session_id)
    open_for = {b["nomination_id"] for b in ballots}
    candidates: list[dict[str, Any]] = []
    # Absent members whose written opinion each open ballot still awaits (the secretary
    # enters them on the ballot's page).
    awaiting = {b["id"]: app.council.awaiting_written(b["id"]) for b in ballots
                if b["status"] == "open"} if may("council.written") else {}
    if may("council.manage") and session["status"] == "open":
        for campaign in app.campaigns.list_campaigns():
            board = app.awards.nominations(campaign["id"], status="submitted",
                                           wait_for=read_position())
            candidates += [n for n in board["rows"] if n["id"] not in open_for]
    return render_template(
        "council.html", s=session, ballots=ballots, candidates=candidates, awaiting=awaiting,
        papers=app.papers.list_papers(session_id), errors=errors or {},
        comments=comment_counts() if ballots else {},
        may_manage=may("council.manage"), today=app.store.clock(),
        may_propose=may("papers.issue"), form=request.form, key=new_key()), status


@bp.post("/councils/<session_id>/<action>")
@login_required
def council_action(session_id: str, action: str) -> Any:
    app, form, errors = thidua(), request.form, {}
    if action == "proposals":
        require("papers.issue")
    else:
        require("council.manage")
    signer = {"name": form.get("signer_name", ""), "position": form.get("signer_position", ""),
              "authority": form.get("signer_authority", ""),
              "deputy": form.get("signer_deputy", "")}
    commands = {
        "attendance": lambda: app.council.record_attendance(
            session_id, present=form.getlist("present"), actor=actor(),
            idempotency_key=form_key()),
        "ballots": lambda: app.council.open_ballot(
            session_id, nomination_id=form.get("nomination_id", ""), actor=actor(),
            idempotency_key=form_key()),
        "conclude": lambda: app.council.conclude_session(
            session_id, chair_choice=form.getlist("chair_choice") or None, actor=actor(),
            idempotency_key=form_key()),
        "cancel": lambda: app.council.cancel_session(
            session_id, reason=form.get("reason", ""), actor=actor(),
            idempotency_key=form_key()),
        "minutes": lambda: app.papers.issue_minutes(
            session_id, started_at=form.get("started_at", ""),
            ended_at=form.get("ended_at", ""), place=form.get("place", ""),
            chair={"name": form.get("chair_name", ""),
                   "position": form.get("chair_position", "")},
            secretary={"name": form.get("secretary_name", ""),
                       "position": form.get("secretary_position", "")},
            actor=actor(), idempotency_key=form_key()),
        "proposals": lambda: app.papers.issue_proposal(
            session_id, addressee=form.get("addressee", ""), signer=signer,
            issued_on=form.get("issued_on") or None, reason=form.get("reason") or None,
            actor=actor(), idempotency_key=form_key()),
    }
    if action not in commands:
        return council(session_id, {"form": "Thao tác không hợp lệ."}, 404)
    if attempt(errors, commands[action]):
        flash({"attendance": "Đã ghi danh sách có mặt.", "ballots": "Đã mở phiếu biểu quyết.",
               "conclude": "Đã kết luận phiên họp.",
               "cancel": "Đã hủy phiên họp; các hồ sơ chưa có kết luận trở lại danh sách "
                         "chờ xét.", "minutes": "Đã lập Biên bản.",
               "proposals": "Đã lập Tờ trình."}[action], "ok")
        return redirect(url_for("pages.council", session_id=session_id))
    return council(session_id, errors, 400)


@bp.route("/ballots/<ballot_id>", methods=["GET", "POST"])
@login_required
def ballot(ballot_id: str) -> Any:
    council = thidua().council
    errors: dict[str, str] = {}
    status, posted = 200, None
    if request.method == "POST":
        require("council.vote")
        member = request.form.get("member") or None
        posted = "written" if member else "vote"
        upload = request.files.get("file")  # an empty file input is no upload

        def vote() -> None:
            council.cast_vote(
                ballot_id, choice=request.form.get("choice", ""), member=member,
                proof=read_upload(upload, "bản quét phiếu ý kiến có chữ ký")
                if member and upload else None,
                actor=actor(), idempotency_key=form_key())

        if attempt(errors, vote):
            flash("Đã ghi nhận ý kiến văn bản kèm phiếu có chữ ký." if member
                  else "Đã ghi nhận phiếu của bạn.", "ok")
            return redirect(url_for("pages.ballot", ballot_id=ballot_id))
        status = 400
    found = council.get_ballot(ballot_id)
    session = council.get_session(found["session_id"])
    # A secret ballot's answer does not say who voted: the council is asked instead.
    absent = council.awaiting_written(ballot_id) if may("council.written") else []
    written = (council.written_opinions(ballot_id, actor=actor())
               if may("council.evidence") else [])
    return render_template(
        "ballot.html", b=found, s=session, choices=CHOICES, errors=errors, absent=absent,
        written=written, posted=posted, form=request.form,
        unreflected=unreflected_texts(found["held_on"]),
        voted=council.has_voted(ballot_id, actor().username), may_manage=may("council.manage"),
        may_vote=may("council.vote") and actor().username in session["present"],
        recused={r["member"]: r for r in found["recused"]}, me=actor().username,
        may_recuse=may("council.manage") and found["status"] == "open",
        key=new_key()), status


@bp.get("/ballots/<ballot_id>/written/<member>/scan")
@login_required
def written_scan(ballot_id: str, member: str) -> Any:
    """The scanned signed form of a written opinion (council managers and auditors)."""
    require("council.evidence")
    scan = thidua().council.written_proof(ballot_id, member, actor=actor())
    response = send_bytes(scan.data, scan.media_type,
                          scan_filename(ballot_id, member, scan.media_type))
    response.headers["X-Content-SHA256"] = scan.sha256
    return response


@bp.post("/ballots/<ballot_id>/recusal")
@login_required
def record_recusal(ballot_id: str) -> Any:
    """The secretary records that a member does not vote on this ballot, and why."""
    require("council.manage")
    errors: dict[str, str] = {}
    if attempt(errors, lambda: thidua().council.record_recusal(
            ballot_id, member=request.form.get("member", ""),
            reason=request.form.get("reason", ""), actor=actor(),
            idempotency_key=form_key())):
        flash("Đã ghi nhận thành viên không tham gia biểu quyết hồ sơ này.", "ok")
    else:
        fail(errors)
    return redirect(url_for("pages.ballot", ballot_id=ballot_id))


@bp.post("/ballots/<ballot_id>/close")
@login_required
def close_ballot(ballot_id: str) -> Any:
    require("council.manage")
    errors: dict[str, str] = {}
    if attempt(errors, lambda: thidua().council.close_ballot(ballot_id, actor=actor(),
                                                             idempotency_key=form_key())):
        flash("Đã kết thúc bỏ phiếu và kiểm phiếu.", "ok")
    else:
        fail(errors)
    return redirect(url_for("pages.ballot", ballot_id=ballot_id))
