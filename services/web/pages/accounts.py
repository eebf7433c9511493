"""Accounts (admins) and one's own password."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.errors import DomainError, InvalidInputError, PermissionDeniedError
from events.user import ROLES
from services.web.pages.common import (
    actor,
    attempt,
    bp,
    form_key,
    form_message,
    require,
    thidua,
)


def _users_page(values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                error: DomainError | None = None, status: int = 200) -> Any:
    return render_template("users.html", users=thidua().accounts.list_users(), roles=ROLES,
                           values=values or {"username": "", "full_name": "",
                                             "role": "unit_clerk", "unit_code": ""},
                           errors=errors or {}, error=error), status


@bp.get("/users")
@login_required
def users() -> Any:
    require("users.create")
    return _users_page()


@bp.post("/users")
@login_required
def create_user() -> Any:
    require("users.create")
    values = {k: request.form.get(k, "") for k in ("username", "full_name", "role",
                                                    "unit_code")}
    try:
        thidua().accounts.create_user(
            username=values["username"], password=request.form.get("password", ""),
            role=values["role"], unit_code=values["unit_code"] or None,
            full_name=values["full_name"], actor=actor(), idempotency_key=form_key())
    except DomainError as exc:
        return _users_page(values=values, errors={exc.field or "username": form_message(exc)},
                           status=400)
    flash(f"Đã tạo tài khoản {values['username']}.", "ok")
    return redirect(url_for("pages.users"))


@bp.post("/users/<username>")
@login_required
def user_action(username: str) -> Any:
    require("users.create")
    accounts, action = thidua().accounts, request.form.get("action")
    try:
        if action == "grant":
            accounts.grant_role(username=username, role=request.form.get("role", ""),
                                unit_code=request.form.get("unit_code") or None,
                                actor=actor(), idempotency_key=form_key())
        elif action in ("disable", "enable"):
            accounts.set_enabled(username=username, enabled=action == "enable", actor=actor(),
                                 idempotency_key=form_key())
        elif action == "password":
            accounts.reset_password(username=username,
                                    password=request.form.get("password", ""), actor=actor(),
                                    idempotency_key=form_key())
        else:
            raise InvalidInputError("Thao tác không hợp lệ.", "action")
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        return _users_page(error=exc, status=400)
    flash(f"Đã cập nhật tài khoản {username}.", "ok")
    return redirect(url_for("pages.users"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    errors: dict[str, str] = {}
    if request.method == "POST" and attempt(errors, lambda: thidua().accounts.change_own_password(
            current=request.form.get("current", ""), new=request.form.get("password", ""),
            actor=actor(), idempotency_key=form_key())):
        flash("Đã đổi mật khẩu.", "ok")
        return redirect(url_for("pages.index"))
    return render_template("password.html", errors=errors), 400 if errors else 200
