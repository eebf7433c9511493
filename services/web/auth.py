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


def issue_token(user_id: UUID) -> str:
    return _serializer().dumps({"uid": str(user_id)})


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
    return current_app.extensions["thidua"].accounts.actor_for(UUID(payload["uid"]))
