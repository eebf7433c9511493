"""Signing in: a bearer token for a username and password."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from marshmallow import Schema, fields

from events.login import API
from services.web.auth import TOKEN_MAX_AGE, issue_token
from services.web.http import PREFIX, documented_errors, thidua
from services.web.parsing import ApiBlueprint


class TokenRequest(Schema):
    username = fields.String(required=True)
    password = fields.String(required=True)


class TokenResponse(Schema):
    token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = fields.Integer(required=True)
    username = fields.String()
    role = fields.String()


auth_blp = ApiBlueprint("auth", __name__, url_prefix=PREFIX,
                        description="Đăng nhập lấy mã truy cập")


@auth_blp.route("/auth/token")
class TokenView(MethodView):
    @auth_blp.doc(security=[])  # the one route without a bearer token
    @auth_blp.arguments(TokenRequest)
    @auth_blp.response(200, TokenResponse)
    @documented_errors(auth_blp, 400, 401, 429)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Exchange a username and password for a bearer token."""
        signed_in = thidua().sign_ins.sign_in(body["username"], body["password"],
                                              request.remote_addr or "", kind=API)
        actor = signed_in.actor
        return {
            "token": issue_token(signed_in.sign_in_id),
            "token_type": "Bearer",
            "expires_in": TOKEN_MAX_AGE,
            "username": actor.username,
            "role": actor.role,
        }


BLUEPRINTS = (auth_blp,)
