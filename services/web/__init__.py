"""Flask app factory: ``gunicorn 'services.web:create_app()'``."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template_string
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from services.application import ThiduaApplication
from services.config import Settings, load_settings
from services.store import open_application
from services.web import api, health
from services.web.errors import http_exception_body, register_error_handlers


class ThiduaApi(Api):
    """flask-smorest with our error shape for every HTTP error."""

    ERROR_SCHEMA = api.schemas.Error

    def handle_http_exception(self, error: HTTPException) -> Any:
        body, status = http_exception_body(error)
        return body, status


INDEX = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>thidua — Thi đua, khen thưởng</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: 'Times New Roman', serif; max-width: 48rem; margin: 2rem auto;">
<h1>Hệ thống quản lý thi đua, khen thưởng</h1>
<p>Giao diện lập trình (JSON API) tại <code>/api/v1</code>; tài liệu OpenAPI tại
<a href="/api/openapi.json">/api/openapi.json</a>.</p>
<h2>Phong trào thi đua đang quản lý</h2>
<ul>{% for c in campaigns %}<li><strong>{{ c.number }}</strong> — {{ c.title }}
({{ c.start.strftime('%d/%m/%Y') }} – {{ c.end.strftime('%d/%m/%Y') }})</li>
{% else %}<li>Chưa có phong trào nào.</li>{% endfor %}</ul>
</body></html>"""


def create_app(
    settings: Settings | None = None,
    application: ThiduaApplication | None = None,
    test_config: dict[str, Any] | None = None,
) -> Flask:
    """Build the web app; nothing touches the store before this is called."""
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.resolve_secret_key(),
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
    app.extensions["thidua"] = application or open_application(settings)

    smorest = ThiduaApi(app)
    smorest.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "Mã lấy từ POST /api/v1/auth/token"}
    )
    for blueprint in api.BLUEPRINTS:
        smorest.register_blueprint(blueprint)
    app.register_blueprint(health.bp)
    register_error_handlers(app)

    @app.get("/")
    def index():  # type: ignore[no-untyped-def]
        campaigns = app.extensions["thidua"].list_campaigns()
        return render_template_string(INDEX, campaigns=campaigns)

    return app
