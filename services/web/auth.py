"""Bearer tokens for the JSON API: signed, shared by every worker through SECRET_KEY."""

from __future__ import annotations

from uuid import UUID

from flask import current_app, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from events.errors import AuthenticationError
from services.actors import Actor

TOKEN_MAX_AGE = 12 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="thidua-api-token")


def issue_token(sign_in_id: UUID) -> str:
    """A bearer token naming its sign-in (which a password change, a new role or disabling
    the account ends)."""
    return _serializer().dumps({"sid": str(sign_in_id)})


def actor_from_request() -> Actor:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(
            "Thiếu mã truy cập: gửi tiêu đề «Authorization: Bearer <mã>» lấy từ "
            "POST /api/v1/auth/token.",
            "Authorization",
        )
    try:
        payload = _serializer().loads(token.strip(), max_age=TOKEN_MAX_AGE)
    except SignatureExpired:
        raise AuthenticationError("Mã truy cập đã hết hạn; hãy đăng nhập lại.",
                                  "Authorization") from None
    except BadSignature:
        raise AuthenticationError("Mã truy cập không hợp lệ.", "Authorization") from None
    try:
        sign_in = UUID(payload["sid"])
    except (KeyError, TypeError, ValueError):  # a token of an older version
        raise AuthenticationError("Mã truy cập không còn hiệu lực; hãy đăng nhập lại.",
                                  "Authorization") from None
    return current_app.extensions["thidua"].sign_ins.actor_of_sign_in(sign_in)
