"""Awards over HTTP: nominations, council sessions and ballots, decisions, tra cứu.

Views only translate HTTP ↔ use cases (``services/awards.py``). Permission is checked
before the body is read. A secret ballot is never answered with a member's choice.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g
from flask.views import MethodView
from marshmallow import Schema

from services.awards import AwardsReader, AwardsService
from services.web import award_schemas as s
from services.web.api import documented_errors, protected, requires, thidua
from services.web.downloads import XLSX, award_history_download


def awards() -> AwardsService:
    return AwardsService(thidua(), current_app.config["SECRET_KEY"])


def reader() -> AwardsReader:
    return AwardsReader(thidua())


nominations_blp = protected("nominations", "Đề nghị khen thưởng")
council_blp = protected("council", "Hội đồng Thi đua – Khen thưởng: phiên họp, bỏ phiếu")
decisions_blp = protected("decisions", "Quyết định khen thưởng")
records_blp = protected("award_records", "Tra cứu khen thưởng, kỷ luật, chỉ tiêu, quy định")


# --- nominations ------------------------------------------------------------------------

@nominations_blp.route("/campaigns/<campaign_id>/nominations")
class NominationsView(MethodView):
    @nominations_blp.arguments(s.BoardQuery, location="query")
    @nominations_blp.response(200, s.BoardOut)
    @documented_errors(nominations_blp, 400, 401, 404)
    def get(self, query: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Nomination board of a campaign, optionally of one status."""
        return reader().nominations(campaign_id, **query)

    @requires("nominations.submit")
    @nominations_blp.arguments(s.NominationIn)
    @nominations_blp.response(201, s.NominationOut)
    @documented_errors(nominations_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Nominate a subject for a title or award form (eligibility checked from history)."""
        return awards().submit_nomination(campaign_id=campaign_id, **body, actor=g.actor)


@nominations_blp.route("/nominations/<nomination_id>")
class NominationView(MethodView):
    @nominations_blp.response(200, s.NominationOut)
    @documented_errors(nominations_blp, 400, 401, 404)
    def get(self, nomination_id: str) -> dict[str, Any]:
        """Show one nomination."""
        return awards().get_nomination(nomination_id)


def _nomination_action(path: str, action: str, schema: type[Schema], method: str,
                       summary: str) -> None:
    @requires(action)
    @nominations_blp.arguments(schema)
    @nominations_blp.response(200, s.NominationOut)
    @documented_errors(nominations_blp, 400, 401, 403, 404, 409)
    def view(body: dict[str, Any], nomination_id: str) -> dict[str, Any]:
        return getattr(awards(), method)(nomination_id, **body, actor=g.actor)

    view.__doc__ = summary
    view.__name__ = f"nomination_{method}"
    nominations_blp.route(f"/nominations/<nomination_id>/{path}", methods=["POST"])(view)


_nomination_action("return", "nominations.review", s.ReasonIn, "return_nomination",
                   "Return a dossier to its unit with the reason.")
_nomination_action("resubmit", "nominations.submit", s.ResubmitIn, "resubmit_nomination",
                   "Send a returned dossier again.")
_nomination_action("amend", "nominations.submit", s.AmendIn, "amend_nomination",
                   "Amend the achievements summary.")
_nomination_action("withdraw", "nominations.submit", s.ReasonIn, "withdraw_nomination",
                   "Withdraw a nomination.")


# --- council ------------------------------------------------------------------------------

@council_blp.route("/councils/sessions")
class SessionsView(MethodView):
    @requires("council.manage")
    @council_blp.arguments(s.SessionIn)
    @council_blp.response(201, s.SessionOut)
    @documented_errors(council_blp, 400, 401, 403, 404)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Convene a council session with its members and chair."""
        return awards().convene_session(**body, actor=g.actor)


@council_blp.route("/councils/sessions/<session_id>")
class SessionView(MethodView):
    @council_blp.response(200, s.SessionOut)
    @documented_errors(council_blp, 400, 401, 404)
    def get(self, session_id: str) -> dict[str, Any]:
        """Show a session: members, attendance, quorum, ballots, conclusion."""
        return awards().get_session(session_id)


@council_blp.route("/councils/sessions/<session_id>/attendance", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(s.AttendanceIn)
@council_blp.response(200, s.SessionOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409)
def record_attendance(body: dict[str, Any], session_id: str) -> dict[str, Any]:
    """Record who is present."""
    return awards().record_attendance(session_id, **body, actor=g.actor)


@council_blp.route("/councils/sessions/<session_id>/ballots", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(s.BallotIn)
@council_blp.response(201, s.BallotOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409)
def open_ballot(body: dict[str, Any], session_id: str) -> dict[str, Any]:
    """Put a nomination to the vote (secret where its title needs one)."""
    return awards().open_ballot(session_id, **body, actor=g.actor)


@council_blp.route("/councils/sessions/<session_id>/conclude", methods=["POST"])
@requires("council.manage")
@council_blp.arguments(s.ConcludeIn)
@council_blp.response(200, s.SessionOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409)
def conclude(body: dict[str, Any], session_id: str) -> dict[str, Any]:
    """Rank the nominations that passed against the quotas; ties go to the chair."""
    return awards().conclude_session(
        session_id, chair_choice=[str(c) for c in body["chair_choice"]], actor=g.actor)


@council_blp.route("/ballots/<ballot_id>")
class BallotView(MethodView):
    @council_blp.response(200, s.BallotOut)
    @documented_errors(council_blp, 400, 401, 404)
    def get(self, ballot_id: str) -> dict[str, Any]:
        """Show a ballot (a secret one: who voted and the counts, never a choice)."""
        return awards().get_ballot(ballot_id)


@council_blp.route("/ballots/<ballot_id>/votes", methods=["POST"])
@requires("council.vote")
@council_blp.arguments(s.VoteIn)
@council_blp.response(201, s.VoteOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409)
def vote(body: dict[str, Any], ballot_id: str) -> dict[str, Any]:
    """Vote (a member), or record an absent member's written opinion (the secretary)."""
    return awards().cast_vote(ballot_id, **body, actor=g.actor)


@council_blp.route("/ballots/<ballot_id>/close", methods=["POST"])
@requires("council.manage")
@council_blp.response(200, s.BallotOut)
@documented_errors(council_blp, 400, 401, 403, 404, 409)
def close(ballot_id: str) -> dict[str, Any]:
    """Count the votes against the title's threshold (share of all members)."""
    return awards().close_ballot(ballot_id, actor=g.actor)


# --- decisions ----------------------------------------------------------------------------

@decisions_blp.route("/decisions")
class DecisionsView(MethodView):
    @decisions_blp.arguments(s.DecisionQuery, location="query")
    @decisions_blp.response(200, s.DecisionOut(many=True))
    @documented_errors(decisions_blp, 400, 401)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """List decisions, optionally of one campaign."""
        return awards().list_decisions(query["campaign_id"])

    @requires("decisions.draft")
    @decisions_blp.arguments(s.DecisionIn)
    @decisions_blp.response(201, s.DecisionOut)
    @documented_errors(decisions_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Draft a decision from approved nominations."""
        return awards().draft_decision(**body, actor=g.actor)


@decisions_blp.route("/decisions/<decision_id>")
class DecisionView(MethodView):
    @decisions_blp.response(200, s.DecisionOut)
    @documented_errors(decisions_blp, 400, 401, 404)
    def get(self, decision_id: str) -> dict[str, Any]:
        """Show a decision with its recipients and prize money."""
        return awards().get_decision(decision_id)


@decisions_blp.route("/decisions/<decision_id>/issue", methods=["POST"])
@requires("decisions.issue")
@decisions_blp.arguments(s.IssueIn)
@decisions_blp.response(200, s.DecisionOut)
@documented_errors(decisions_blp, 400, 401, 403, 404, 409)
def issue(body: dict[str, Any], decision_id: str) -> dict[str, Any]:
    """Issue: next number of the register, quotas, prize money, award history."""
    return awards().issue_decision(decision_id, **body, actor=g.actor)


@decisions_blp.route("/decisions/<decision_id>/revoke", methods=["POST"])
@requires("decisions.revoke")
@decisions_blp.arguments(s.RevokeIn)
@decisions_blp.response(200, s.DecisionOut)
@documented_errors(decisions_blp, 400, 401, 403, 404, 409)
def revoke(body: dict[str, Any], decision_id: str) -> dict[str, Any]:
    """Revoke an issued decision (its number stays used)."""
    return awards().revoke_decision(decision_id, **body, actor=g.actor)


# --- history, discipline, quotas, settings, rules ----------------------------------------------

@records_blp.route("/awards/history")
@records_blp.arguments(s.AwardHistoryQuery, location="query")
@records_blp.response(200, s.AwardHistoryOut)
@documented_errors(records_blp, 400, 401, 404)
def history(query: dict[str, Any]) -> dict[str, Any]:
    """Tra cứu: awards of a person or unit (subject_id), or of a unit and its people."""
    return reader().history(**query)


@records_blp.route("/awards/history.xlsx")
@records_blp.arguments(s.AwardHistoryQuery, location="query")
@records_blp.response(200, description="Danh sách khen thưởng dạng .xlsx", content_type=XLSX)
@documented_errors(records_blp, 400, 401, 404)
def history_xlsx(query: dict[str, Any]) -> Any:
    """Tra cứu as an .xlsx workbook (revoked awards marked, prize money totalled)."""
    return award_history_download(thidua(), query)


@records_blp.route("/awards/past", methods=["POST"])
@requires("awards.records")
@records_blp.arguments(s.PastAwardIn)
@records_blp.response(201, s.SubjectHistoryOut)
@documented_errors(records_blp, 400, 401, 403, 404, 409)
def past_award(body: dict[str, Any]) -> dict[str, Any]:
    """Enter an award given before the system, from the archive."""
    return awards().record_past_award(**body, actor=g.actor)


@records_blp.route("/awards/discipline", methods=["POST"])
@requires("awards.records")
@records_blp.arguments(s.DisciplineIn)
@records_blp.response(200, s.SubjectHistoryOut)
@documented_errors(records_blp, 400, 401, 403, 404, 409)
def discipline(body: dict[str, Any]) -> dict[str, Any]:
    """Record a discipline (no nomination or award meanwhile), or its end."""
    service, action, on = awards(), body.pop("action"), body.pop("on")
    if action == "impose":
        return service.impose_discipline(**body, since=on, actor=g.actor)
    return service.lift_discipline(**body, on=on, actor=g.actor)


@records_blp.route("/campaigns/<campaign_id>/quota-usage")
@records_blp.arguments(s.WaitQuery, location="query")
@records_blp.response(200, s.QuotaUsageOut)
@documented_errors(records_blp, 400, 401, 404)
def quota_usage(query: dict[str, Any], campaign_id: str) -> dict[str, Any]:
    """Places of each quota of a campaign used by issued decisions."""
    return reader().quota_usage(campaign_id, **query)


@records_blp.route("/award-settings")
class SettingsView(MethodView):
    @records_blp.arguments(s.SettingsQuery, location="query")
    @records_blp.response(200, s.SettingsOut)
    @documented_errors(records_blp, 400, 401, 404)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """An organisation's quorum and award caps."""
        return awards().settings_of(query["unit_code"])

    @requires("awards.settings")
    @records_blp.arguments(s.SettingsIn)
    @records_blp.response(200, s.SettingsOut)
    @documented_errors(records_blp, 400, 401, 403, 404)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Set an organisation's quorum and caps (e.g. CSTĐCS ≤ 15 % of LĐTT)."""
        return awards().configure(**body, actor=g.actor)


@records_blp.route("/award-rules")
@records_blp.arguments(s.RulesQuery, location="query")
@records_blp.response(200, s.RulesOut)
@documented_errors(records_blp, 400, 401)
def rules(query: dict[str, Any]) -> dict[str, Any]:
    """The rule tables in force on a day, each row with its legal source and confidence."""
    return awards().rules(query["on"])


BLUEPRINTS = (nominations_blp, council_blp, decisions_blp, records_blp)
