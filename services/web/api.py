"""JSON API under /api/v1 (DESIGN.md section 7). Views only translate HTTP ↔ use cases."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import current_app, g
from flask.views import MethodView
from flask_smorest import Blueprint

from events.errors import InvalidInputError
from services.actors import ALLOWED, check_allowed
from services.application import ThiduaApplication
from services.standings import StandingsReader
from services.web import schemas
from services.web.auth import TOKEN_MAX_AGE, actor_from_request, issue_token
from services.web.downloads import XLSX, standings_download

PREFIX = "/api/v1"


def thidua() -> ThiduaApplication:
    return current_app.extensions["thidua"]


def protected(name: str, description: str) -> Blueprint:
    """A blueprint of /api/v1 whose every route needs a bearer token."""
    blp = Blueprint(name, __name__, url_prefix=PREFIX, description=description)

    @blp.before_request
    def _require_token() -> None:
        g.actor = actor_from_request()

    return blp


_protected = protected  # the name other blueprints were written against


def requires(*actions: str):  # type: ignore[no-untyped-def]
    """Refuse (403) before the body is even read unless the role may do one of these."""

    def decorator(func):  # type: ignore[no-untyped-def]
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not any(g.actor.role in ALLOWED[action] for action in actions):
                check_allowed(g.actor, actions[0])
            return func(*args, **kwargs)

        return wrapper

    return decorator


ERRORS = {
    400: "Dữ liệu không hợp lệ (trường lỗi ghi trong error.field)",
    401: "Thiếu hoặc sai mã truy cập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    409: "Xung đột với dữ liệu đã ghi (trùng lặp, ghi đồng thời)",
}


def documented_errors(blp: Blueprint, *statuses: int):  # type: ignore[no-untyped-def]
    def decorator(func):  # type: ignore[no-untyped-def]
        for status in statuses:
            func = blp.alt_response(status, schema=schemas.Error, description=ERRORS[status])(func)
        return func

    return decorator


auth_blp = Blueprint("auth", __name__, url_prefix=PREFIX, description="Đăng nhập lấy mã truy cập")


@auth_blp.route("/auth/token")
class TokenView(MethodView):
    @auth_blp.arguments(schemas.TokenRequest)
    @auth_blp.response(200, schemas.TokenResponse)
    @documented_errors(auth_blp, 400, 401)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Exchange a username and password for a bearer token."""
        actor = thidua().authenticate(body["username"], body["password"])
        from events.ids import user_id

        return {
            "token": issue_token(user_id(actor.username)),
            "token_type": "Bearer",
            "expires_in": TOKEN_MAX_AGE,
            "username": actor.username,
            "role": actor.role,
        }


units_blp = protected("units", "Đơn vị")


@units_blp.route("/units")
class UnitsView(MethodView):
    @units_blp.response(200, schemas.UnitOut(many=True))
    @documented_errors(units_blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List units."""
        return thidua().list_units()

    @requires("units.create")
    @units_blp.arguments(schemas.UnitIn)
    @units_blp.response(201, schemas.UnitOut)
    @documented_errors(units_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a unit."""
        return thidua().create_unit(**body, actor=g.actor)


people_blp = protected("people", "Cá nhân")


@people_blp.route("/people")
class PeopleView(MethodView):
    @people_blp.arguments(schemas.PersonQuery, location="query")
    @people_blp.response(200, schemas.PersonOut(many=True))
    @documented_errors(people_blp, 401, 404)
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """List people, optionally of one unit."""
        return thidua().list_people(query.get("unit_code"))

    @requires("people.create")
    @people_blp.arguments(schemas.PersonIn)
    @people_blp.response(201, schemas.PersonOut)
    @documented_errors(people_blp, 400, 401, 403, 404)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add a person to a unit."""
        return thidua().create_person(**body, actor=g.actor)


class ImportOut(schemas.Schema):
    imported = schemas.fields.Integer()
    people = schemas.fields.List(schemas.fields.Nested(schemas.PersonOut))
    rejected = schemas.fields.List(schemas.fields.Dict())


@people_blp.route("/people/import")
class PeopleImportView(MethodView):
    @requires("people.create")
    @people_blp.arguments(schemas.UploadIn, location="files")
    @people_blp.response(200, ImportOut)
    @documented_errors(people_blp, 400, 401, 403)
    def post(self, upload: dict[str, Any]) -> dict[str, Any]:
        """Import people from .xlsx; valid rows are added, the others reported."""
        from services.people_import import import_people

        data = upload["file"].read()
        if not data:
            raise InvalidInputError("Chưa chọn tệp danh sách.", "file")
        return import_people(thidua(), data, g.actor)


campaigns_blp = protected("campaigns", "Phong trào thi đua, đăng ký, chấm điểm")


@campaigns_blp.route("/campaigns")
class CampaignsView(MethodView):
    @campaigns_blp.response(200, schemas.CampaignOut(many=True))
    @documented_errors(campaigns_blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List campaigns."""
        return thidua().list_campaigns()

    @requires("campaigns.create")
    @campaigns_blp.arguments(schemas.CampaignIn)
    @campaigns_blp.response(201, schemas.CampaignOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Launch a campaign with its tracks, criteria, thresholds and quotas."""
        return thidua().create_campaign(body, actor=g.actor)


@campaigns_blp.route("/campaigns/<campaign_id>")
class CampaignView(MethodView):
    @campaigns_blp.response(200, schemas.CampaignOut)
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, campaign_id: str) -> dict[str, Any]:
        """Show one campaign."""
        return thidua().campaign_details(campaign_id)


@campaigns_blp.route("/campaigns/<campaign_id>/registrations")
class RegistrationsView(MethodView):
    @campaigns_blp.response(200, schemas.RegistrationOut(many=True))
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, campaign_id: str) -> list[dict[str, Any]]:
        """List the registrations of a campaign."""
        return thidua().list_registrations(campaign_id)

    @requires("registrations.create")
    @campaigns_blp.arguments(schemas.RegistrationIn)
    @campaigns_blp.response(201, schemas.RegistrationOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Register a subject (a unit or a person) for a campaign."""
        return thidua().register(campaign_id=campaign_id, **body, actor=g.actor)


@campaigns_blp.route("/campaigns/<campaign_id>/scores")
class ScoresView(MethodView):
    @campaigns_blp.arguments(schemas.ScorecardQuery, location="query")
    @campaigns_blp.response(200, schemas.ScorecardOut)
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, query: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Show a subject's scorecard for a period."""
        return thidua().get_scorecard(campaign_id, query["subject_id"], query["period"])

    @requires("scores.self", "scores.review", "scores.correction")
    @campaigns_blp.arguments(schemas.ScoresIn)
    @campaigns_blp.response(201, schemas.ScorecardOut)
    @documented_errors(campaigns_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Post a self-assessment, a review or a correction (with a reason)."""
        return thidua().post_scores(campaign_id=campaign_id, **body, actor=g.actor)


blocs_blp = protected("blocs", "Khối thi đua")


@blocs_blp.route("/blocs")
class BlocsView(MethodView):
    @blocs_blp.response(200, schemas.BlocOut(many=True))
    @documented_errors(blocs_blp, 401)
    def get(self) -> list[dict[str, Any]]:
        """List blocs (khối thi đua) and their units."""
        return thidua().list_blocs()

    @requires("blocs.manage")
    @blocs_blp.arguments(schemas.BlocIn)
    @blocs_blp.response(201, schemas.BlocOut)
    @documented_errors(blocs_blp, 400, 401, 403, 404, 409)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Form a bloc of units that are ranked against each other."""
        return thidua().create_bloc(**body, actor=g.actor)


@campaigns_blp.route("/campaigns/<campaign_id>/standings")
class StandingsView(MethodView):
    @campaigns_blp.arguments(schemas.StandingsQueryIn, location="query")
    @campaigns_blp.response(200, schemas.StandingsOut)
    @documented_errors(campaigns_blp, 400, 401, 404)
    def get(self, query: dict[str, Any], campaign_id: str) -> dict[str, Any]:
        """Standings of a period or roll-up; as_of/position replay the past."""
        return StandingsReader(thidua()).get(campaign_id, **query)


@campaigns_blp.route("/campaigns/<campaign_id>/standings.xlsx")
@campaigns_blp.arguments(schemas.StandingsQueryIn, location="query")
@campaigns_blp.response(200, description="Bảng xếp hạng dạng .xlsx",
                        content_type=XLSX)
@documented_errors(campaigns_blp, 400, 401, 404)
def standings_xlsx(query: dict[str, Any], campaign_id: str) -> Any:
    """Standings as an .xlsx workbook."""
    return standings_download(thidua(), campaign_id, query)


# Last: the awards blueprints are built with the helpers above.
from services.web import awards_api  # noqa: E402

BLUEPRINTS = (auth_blp, units_blp, people_blp, campaigns_blp, blocs_blp, *awards_api.BLUEPRINTS)
