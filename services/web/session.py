"""Browser sessions: log in and out (Flask-Login), CSRF on every form, security headers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlparse
from uuid import UUID

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from events.errors import AuthenticationError, DomainError, ThrottledError
from events.user import ROLES
from services.actors import Actor

bp = Blueprint("account", __name__)
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "account.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."


class WebUser(UserMixin):
    """The signed-in user of a browser session (its id: the sign-in's, not the account's,
    so that signing out, a password change or disabling the account ends the session even
    when its cookie is replayed)."""

    def __init__(self, sign_in_id: UUID, actor: Actor) -> None:
        self.id = str(sign_in_id)
        self.actor = actor

    @property
    def role_name(self) -> str:
        return ROLES[self.actor.role]


@login_manager.user_loader
def load_user(sign_in_id: str) -> WebUser | None:
    try:
        actor = current_app.extensions["thidua"].sign_ins.actor_of_sign_in(UUID(sign_in_id))
    except (DomainError, ValueError):
        return None  # ended, or an account changed since: the session ends
    return WebUser(UUID(sign_in_id), actor)


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect a login to another site."""
    if target and urlparse(target).netloc == "" and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("pages.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    error, username, status = None, "", 200
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        try:
            signed_in = current_app.extensions["thidua"].sign_ins.sign_in(
                username, request.form.get("password") or "", request.remote_addr or "")
        except DomainError as exc:
            error, status = exc, 429 if isinstance(exc, ThrottledError) else 401
        else:
            login_user(WebUser(signed_in.sign_in_id, signed_in.actor))
            return redirect(_safe_next(request.args.get("next")))
    response = current_app.make_response(
        (render_template("login.html", error=error, username=username), status))
    if isinstance(error, ThrottledError):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


@bp.post("/logout")
def logout() -> Any:
    if current_user.is_authenticated:
        current_app.extensions["thidua"].sign_ins.sign_out(UUID(current_user.id),
                                                           current_user.actor)
    logout_user()
    return redirect(url_for("account.login"))


def current_actor() -> Actor:
    if not current_user.is_authenticated:
        raise AuthenticationError("Cần đăng nhập.", None)
    return current_user.actor


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"),
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def init_app(app: Flask, *, https: bool) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=https,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=8 * 3600,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    app.register_blueprint(bp)

    @app.errorhandler(CSRFError)
    def _csrf_failed(error: CSRFError) -> Any:
        return render_template(
            "message.html", title="Biểu mẫu không hợp lệ",
            message="Phiên làm việc đã hết hạn hoặc biểu mẫu không được gửi từ trang của hệ "
                    "thống. Hãy tải lại trang rồi gửi lại."), 400

    @app.after_request
    def _headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if https:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        return response
