"""Flask app factory: ``gunicorn 'services.web:create_app()'``."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from services.config import Settings, load_settings
from services.store import open_thidua
from services.thidua import Thidua
from services.web import api, consistency, health, observability, pages, session
from services.web.api.fields import (
    END,
    CodeConverter,
    FormCodeConverter,
    Sha256Converter,
    UsernameConverter,
)
from services.web.errors import (
    error_page,
    http_exception_body,
    is_api_request,
    register_error_handlers,
)
from services.web.http import Error


class ThiduaApi(Api):
    """flask-smorest with our error shape for every HTTP error."""

    ERROR_SCHEMA = Error

    def handle_http_exception(self, error: HTTPException) -> Any:
        # Keep what the error says about the request (a 405's Allow: RFC 9110).
        headers = {k: v for k, v in error.get_headers() if k.lower() in ("allow",)}
        if not is_api_request():  # pages (and anything else a browser opens): a page
            response = error_page(error.code or 500)
            response.headers.update(headers)
            return response
        body, status = http_exception_body(error)
        return body, status, headers


def create_app(
    settings: Settings | None = None,
    thidua: Thidua | None = None,
    test_config: dict[str, Any] | None = None,
) -> Flask:
    """Build the web app; nothing touches the store before this is called."""
    settings = settings or load_settings()
    settings.check_environment()  # production: refuse to start without the keys
    secret_key = settings.resolve_secret_key()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key,
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        API_TITLE="thidua",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "Quản lý thi đua, khen thưởng: đơn vị, cá nhân, phong "
                                    "trào thi đua, đăng ký và chấm điểm."},
            "security": [{"bearerAuth": []}],
        },
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if test_config:
        app.config.update(test_config)
    app.extensions["thidua"] = thidua or open_thidua(settings,
                                                     ballot_key=settings.resolve_ballot_key())

    smorest = ThiduaApi(app)
    for name, converter in (("code", CodeConverter), ("username", UsernameConverter),
                            ("sha256", Sha256Converter), ("form", FormCodeConverter)):
        app.url_map.converters[name] = converter  # a path of another shape: 404
        smorest.register_converter(converter, lambda c: {
            "type": "string", "pattern": f"^{c.regex}{END}"})
    smorest.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "Mã lấy từ POST /api/v1/auth/token"}
    )
    session.init_app(app, https=settings.https)
    consistency.init_app(app)
    observability.init_app(app, settings)
    for blueprint in api.BLUEPRINTS:
        smorest.register_blueprint(blueprint)
        session.csrf.exempt(blueprint)  # bearer tokens, not cookies: no CSRF to forge
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    register_error_handlers(app)
    return app
