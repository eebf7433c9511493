"""The council: sessions, attendance, ballots, votes (secret ones sealed), conclusion.

A secret ballot is never answered with a member's choice. An absent member's written
opinion comes with its scanned signed form (multipart, ``/written-opinions``); the form is
evidence the council's managers and auditors download."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, request
from flask.views import MethodView
from marshmallow import Schema, fields

from events.council import CHOICES
from events.errors import InvalidInputError
from services.usecases.council import scan_filename
from services.web.api.common import Plain
from services.web.api.fields import Day, code_field, count, one_of, text_field, username_field
from services.web.http import (
    actor,
    documented_errors,
    idempotency_key,
    protected,
    read_upload,
    requires,
    send_bytes,
    thidua,
)

MAX_MEMBERS = 200

class SessionIn(Schema):
    unit_code = code_field(required=True, metadata={"example": "LDLD"})
    title = text_field(500, required=True)
    held_on = Day(required=True)
    members = count(1, MAX_MEMBERS, username_field(), required=True, metadata={
        "description": "Tên đăng nhập của các thành viên Hội đồng (không lặp)"})
    chair = username_field(required=True, metadata={
        "description": "Chủ tịch Hội đồng: một thành viên"})


class AttendanceIn(Schema):
    present = count(0, MAX_MEMBERS, username_field(), required=True, metadata={
        "description": "Các thành viên có mặt"})


class BallotIn(Schema):
    nomination_id = fields.UUID(required=True)


class ConcludeIn(Schema):
    chair_choice = count(0, 1000, fields.UUID(), load_default=list, metadata={
        "description": "Khi bằng phiếu ở suất cuối: các hồ sơ Chủ tịch Hội đồng chọn"})


class CancelIn(Schema):
    reason = text_field(1000, multiline=True, required=True, metadata={
        "description": "Lý do hủy phiên họp"})


class SessionOut(Schema):
    id = fields.String()
    unit_id = fields.String()
    title = fields.String()
    held_on = fields.Date()
    members = fields.List(fields.String())
    chair = fields.String()
    quorum = fields.Dict()
    quorum_needed = fields.Integer()
    present = fields.List(fields.String())
    has_quorum = fields.Boolean()
    ballots = fields.Dict(keys=fields.String(), values=fields.String())
    concluded = fields.Boolean()
    results = Plain()
    status = one_of(("open", "concluded", "cancelled"), metadata={
        "description": "open: đang họp; concluded: đã kết luận; cancelled: đã hủy"})
    cancelled = fields.Boolean()
    cancel_reason = fields.String(allow_none=True)


class BallotOut(Schema):
    id = fields.String()
    session_id = fields.String()
    nomination_id = fields.String()
    campaign_id = fields.String()
    award = fields.String()
    award_name = fields.String()
    subject_kind = fields.String()
    subject_id = fields.String()
    subject_name = fields.String()
    held_on = fields.Date()
    secret = fields.Boolean()
    threshold = Plain()
    priority = fields.String(allow_none=True, metadata={
        "description": "Vì sao được ưu tiên khi bằng phiếu (cá nhân nữ, tập thể ≥ 70 % nữ)"})
    members = fields.Integer()
    present = fields.Integer()
    quorum_needed = fields.Integer()
    votes_cast = fields.Integer()
    written_opinions = fields.Integer()
    voted = fields.List(fields.String(), metadata={
        "description": "Chỉ với biểu quyết công khai: ai đã bỏ phiếu. Phiếu kín chỉ có số "
                       "phiếu (votes_cast, written_opinions), không nêu tên người bỏ phiếu"})
    status = fields.String(metadata={
        "description": "open: đang bỏ phiếu; closed: đã kiểm phiếu; cancelled: đã hủy (phiên "
                       "họp hủy hoặc kết luận khi chưa kiểm phiếu; hồ sơ trở lại danh sách "
                       "chờ xét)"})
    cancel_reason = fields.String(allow_none=True)
    recused = Plain(metadata={
        "description": "Thành viên không tham gia biểu quyết hồ sơ này: [{member, reason, "
                       "automatic}] (automatic: là người được đề nghị hoặc đứng đầu tập thể "
                       "được đề nghị)"})
    recusal_count = fields.String(metadata={
        "description": "excluded: tỷ lệ tính trên số thành viên trừ người không tham gia; "
                       "counted: vẫn tính trên tổng số thành viên (quy định riêng, recusal_count)"})
    base = fields.Integer(metadata={"description": "Số thành viên làm căn cứ tính tỷ lệ"})
    result = Plain(allow_none=True, metadata={"description": "Chỉ số đếm"})
    choices = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "Chỉ với biểu quyết công khai; phiếu kín không bao giờ có trường này"})


class VoteIn(Schema):
    choice = one_of(CHOICES, required=True)
    member = username_field(load_default=None, allow_none=True, metadata={
        "description": "Chỉ để trống hoặc là chính mình: ý kiến bằng văn bản của thành viên "
                       "vắng mặt gửi qua /ballots/{ballot_id}/written-opinions, kèm phiếu có "
                       "chữ ký"})


class WrittenOpinionIn(Schema):
    member = username_field(required=True, metadata={
        "description": "Tên đăng nhập của thành viên vắng mặt"})
    choice = one_of(CHOICES, required=True)
    # Read from the request's files by the route (the form location holds the fields).
    file = fields.Raw(load_default=None, metadata={
        "type": "string", "format": "binary",
        "description": "Bắt buộc: bản quét phiếu ý kiến có chữ ký (PDF, JPG, PNG; tối đa "
                       "10 MB, loại tệp xét theo nội dung)"})


class VoteOut(Schema):
    ballot_id = fields.String()
    member = fields.String()
    written = fields.Boolean()
    secret = fields.Boolean()
    votes_cast = fields.Integer()
    members = fields.Integer()
    choice = fields.String(metadata={"description": "Chỉ với biểu quyết công khai"})
    proof_sha256 = fields.String(allow_none=True, metadata={
        "description": "Ý kiến bằng văn bản: SHA-256 của bản quét phiếu có chữ ký"})


council_blp = protected("council", "Hội đồng Thi đua – Khen thưởng: phiên họp, bỏ phiếu")


@council_blp.route("/councils/sessions")
class SessionsView(MethodView):
    @requires("council.manage")
    @council_blp.arguments(SessionIn)
    @council_blp.response(201, SessionOut)
    @documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Convene a council session with its members and chair."""
        return thidua().council.convene_session(**body, actor=actor(),
                                                idempotency_key=idempotency_key())


@council_blp.route("/councils/sessions/<uuid:session_id>")
class SessionView(MethodView):
    @council_blp.response(200, SessionOut)
    @documented_errors(council_blp, 401, 404)
    def get(self, session_id: UUID) -> dict[str, Any]:
        """Show a session: members, attendance, quorum, ballots, conclusion."""
        return thidua().council.get_session(session_id)


@council_blp.route("/councils/sessions/<uuid:session_id>/attendance", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(AttendanceIn)
@council_blp.response(200, SessionOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
def record_attendance(body: dict[str, Any], session_id: UUID) -> dict[str, Any]:
    """Record who is present."""
    return thidua().council.record_attendance(session_id, **body, actor=actor(),
                                              idempotency_key=idempotency_key())


@council_blp.route("/councils/sessions/<uuid:session_id>/ballots", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(BallotIn)
@council_blp.response(201, BallotOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
def open_ballot(body: dict[str, Any], session_id: UUID) -> dict[str, Any]:
    """Put a nomination to the vote (secret where its title needs one)."""
    return thidua().council.open_ballot(session_id, **body, actor=actor(),
                                        idempotency_key=idempotency_key())


@council_blp.route("/councils/sessions/<uuid:session_id>/conclude", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(ConcludeIn)
@council_blp.response(200, SessionOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
def conclude(body: dict[str, Any], session_id: UUID) -> dict[str, Any]:
    """Rank the nominations that passed against the quotas; ties go to the chair."""
    return thidua().council.conclude_session(
        session_id, chair_choice=[str(c) for c in body["chair_choice"]], actor=actor(),
            idempotency_key=idempotency_key())


@council_blp.route("/councils/sessions/<uuid:session_id>/cancel", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(CancelIn)
@council_blp.response(200, SessionOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
def cancel(body: dict[str, Any], session_id: UUID) -> dict[str, Any]:
    """Cancel a session with a reason: its open ballots are cancelled and every
    nomination it put to the vote goes back to the board, for a later session."""
    return thidua().council.cancel_session(session_id, reason=body["reason"], actor=actor(),
                                           idempotency_key=idempotency_key())


@council_blp.route("/ballots/<uuid:ballot_id>")
class BallotView(MethodView):
    @council_blp.response(200, BallotOut)
    @documented_errors(council_blp, 401, 404)
    def get(self, ballot_id: UUID) -> dict[str, Any]:
        """Show a ballot (a secret one: the counts only, never who voted nor a choice)."""
        return thidua().council.get_ballot(ballot_id)


@council_blp.route("/ballots/<uuid:ballot_id>/votes", methods=["POST"])
@requires("council.vote")
@council_blp.arguments(VoteIn)
@council_blp.response(201, VoteOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
def vote(body: dict[str, Any], ballot_id: UUID) -> dict[str, Any]:
    """A member's own vote (an absent member's written opinion: /written-opinions)."""
    try:
        return thidua().council.cast_vote(ballot_id, **body, actor=actor(),
                                          idempotency_key=idempotency_key())
    except InvalidInputError as error:
        if error.field != "file":
            raise
        raise InvalidInputError(
            f"{error.message} Thư ký gửi ý kiến bằng văn bản qua POST /api/v1/ballots/"
            f"{ballot_id}/written-opinions (multipart/form-data: member, choice, file).",
            "file") from None


@council_blp.route("/ballots/<uuid:ballot_id>/written-opinions", methods=["POST"])
@requires("council.written")
@council_blp.arguments(WrittenOpinionIn, location="form", content_type="multipart/form-data")
@council_blp.response(201, VoteOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
def written_opinion(body: dict[str, Any], ballot_id: UUID) -> dict[str, Any]:
    """The secretary records an absent member's written opinion with its scanned signed form
    (its SHA-256 is recorded with the vote, the file kept as evidence)."""
    upload = request.files.get("file")
    return thidua().council.cast_vote(
        ballot_id, choice=body["choice"], member=body["member"],
        proof=read_upload(upload, "bản quét phiếu ý kiến có chữ ký") if upload else None,
        actor=actor(), idempotency_key=idempotency_key())


@council_blp.route("/ballots/<uuid:ballot_id>/written-opinions/<username:member>/scan")
@requires("council.evidence")
@council_blp.response(200, description="Bản quét phiếu ý kiến có chữ ký (PDF, JPG, PNG)",
                      content_type="application/octet-stream")
@documented_errors(council_blp, 401, 403, 404)
def written_opinion_scan(ballot_id: UUID, member: str) -> Response:
    """The scanned signed form of a member's written opinion, as recorded (its SHA-256 in
    ``X-Content-SHA256``)."""
    scan = thidua().council.written_proof(ballot_id, member, actor=actor())
    response = send_bytes(scan.data, scan.media_type,
                          scan_filename(ballot_id, member, scan.media_type))
    response.headers["X-Content-SHA256"] = scan.sha256
    return response


class RecusalIn(Schema):
    member = username_field(required=True, metadata={
        "description": "Thành viên Hội đồng không tham gia biểu quyết hồ sơ này"})
    reason = text_field(1000, multiline=True, required=True)


@council_blp.route("/ballots/<uuid:ballot_id>/recusals", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(RecusalIn)
@council_blp.response(200, BallotOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409, 422)
def recusal(body: dict[str, Any], ballot_id: UUID) -> dict[str, Any]:
    """Record that a member does not vote on this ballot, with the reason (a nominee's
    own account and the head of a nominated collective are recused when it opens)."""
    return thidua().council.record_recusal(ballot_id, **body, actor=actor(),
                                           idempotency_key=idempotency_key())


@council_blp.route("/ballots/<uuid:ballot_id>/close", methods=["POST"])
@requires("council.manage")
@council_blp.response(200, BallotOut)
@documented_errors(council_blp, 401, 403, 404, 409, 422)
def close(ballot_id: UUID) -> dict[str, Any]:
    """Count the votes against the title's threshold (share of all members)."""
    return thidua().council.close_ballot(ballot_id, actor=actor(),
                                         idempotency_key=idempotency_key())


BLUEPRINTS = (council_blp,)
