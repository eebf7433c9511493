"""Every error leaves in Vietnamese: under ``/api/`` as ``{"error": {"code", "message",
"field"}}``, elsewhere as a page in the site's frame with a way back (``message.html``).

Under ``/api/``: a request off its schema is a 400 (webargs, named field), one that fits
its schema but breaks a rule only the domain judges (``InvalidInputError``) a 422."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from events.errors import (
    AuthenticationError,
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)
from services.commands import KEY_FIELD

IDEMPOTENCY_HEADER = "Idempotency-Key"
STATUS = {
    InvalidInputError: 400,  # pages; the API answers 422 (API_STATUS)
    AuthenticationError: 401,
    PermissionDeniedError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    ThrottledError: 429,
}
API_STATUS = {InvalidInputError: 422}

# marshmallow/webargs messages → Vietnamese; {field} is filled in.
_TRANSLATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing data for required field\.$"), "Thiếu trường bắt buộc «{field}»."),
    (re.compile(r"^Field may not be null\.$"), "Trường «{field}» không được để trống."),
    (re.compile(r"^Unknown field\.$"), "Trường «{field}» không được hỗ trợ."),
    (re.compile(r"^Not a valid string\.$"), "Trường «{field}» phải là chuỗi ký tự."),
    (re.compile(r"^Not a valid integer\.$"), "Trường «{field}» phải là số nguyên."),
    (re.compile(r"^Not a valid (number|decimal)\.?$"), "Trường «{field}» phải là một số."),
    (re.compile(r"^Not a valid date\.$"),
     "Ngày ở trường «{field}» không hợp lệ (dạng YYYY-MM-DD, ví dụ 2025-02-10)."),
    (re.compile(r"^Not a valid UUID\.$"), "Mã định danh ở trường «{field}» không hợp lệ."),
    (re.compile(r"^Not a valid boolean\.$"), "Trường «{field}» phải là true hoặc false."),
    (re.compile(r"^Not a valid list\.$"), "Trường «{field}» phải là một danh sách."),
    (re.compile(r"^Not a valid mapping type\.$"), "Trường «{field}» phải là một đối tượng."),
    (re.compile(r"^Invalid input type\.$"), "Trường «{field}» sai kiểu dữ liệu."),
    (re.compile(r"^Must be one of: (.*)\.$"),
     "Giá trị của trường «{field}» phải là một trong: {0}."),
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"),
     "Độ dài của trường «{field}» phải từ {0} đến {1} ký tự."),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"),
     "Trường «{field}» phải có ít nhất {0} ký tự."),
    (re.compile(r"^Longer than maximum length (\d+)\.$"),
     "Trường «{field}» dài quá {0} ký tự."),
    (re.compile(r"^Invalid JSON body\.$"),
     "Nội dung gửi lên không phải là JSON hợp lệ."),
    (re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
     "Giá trị của trường «{field}» phải từ {0} đến {1}."),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"),
     "Giá trị của trường «{field}» phải từ {0} trở lên."),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"),
     "Giá trị của trường «{field}» không được lớn hơn {0}."),
    (re.compile(r"^String does not match expected pattern\.$"),
     "Giá trị của trường «{field}» không đúng dạng."),
    (re.compile(r"^Not a valid datetime\.$"),
     "Thời điểm ở trường «{field}» không hợp lệ (dạng YYYY-MM-DDTHH:MM)."),
]


def translate(message: str, field: str) -> str:
    if "«{field}»" in message:  # ours (services/web/api/fields.py): Vietnamese already
        return message.replace("{field}", field)
    for pattern, template in _TRANSLATIONS:
        match = pattern.match(message)
        if match:
            return template.format(*match.groups(), field=field)
    return f"Giá trị của trường «{field}» không hợp lệ."


def _first_error(messages: Any, path: str = "") -> tuple[str, str]:
    """Walk webargs' nested messages to the first leaf: (field path, message)."""
    if isinstance(messages, dict):
        key = sorted(messages, key=str)[0]
        if isinstance(key, int):
            child = f"{path}[{key}]"
        elif key == "_schema" or (key in ("key", "value") and set(messages) <= {"key", "value"}
                                  and path):
            child = path  # a mapping's entry: {"TT1": {"value": [...]}} names scores.TT1
        else:
            child = f"{path}.{key}" if path else str(key)
        return _first_error(messages[key], child)
    if isinstance(messages, list) and messages:
        return _first_error(messages[0], path)
    return path, str(messages)


def error_body(code: str, message: str, field: str | None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


# What a page says when it cannot be shown: (title, message) by status.
PAGE_TEXTS = {
    400: ("Yêu cầu không hợp lệ", "Địa chỉ hoặc dữ liệu gửi lên không đúng dạng."),
    401: ("Cần đăng nhập", "Hãy đăng nhập để xem trang này."),
    403: ("Không có quyền", "Tài khoản của bạn không có quyền xem trang hoặc thực hiện thao "
                            "tác này."),
    404: ("Không tìm thấy trang", "Không có trang nào ở địa chỉ này: có thể đường dẫn đã cũ "
                                  "hoặc gõ nhầm."),
    405: ("Thao tác không được hỗ trợ", "Trang này không nhận thao tác vừa gửi. Hãy mở lại "
                                        "trang rồi dùng các nút trên trang."),
    409: ("Không thực hiện được", "Thao tác trái với dữ liệu đã ghi."),
    413: ("Tệp quá lớn", "Nội dung gửi lên quá lớn (tối đa 16 MB)."),
    414: ("Địa chỉ quá dài", "Địa chỉ (URL) yêu cầu quá dài."),
    429: ("Thử lại quá nhiều lần", "Hãy chờ ít phút rồi thử lại."),
    500: ("Đã có lỗi xảy ra", "Hệ thống gặp lỗi khi xử lý yêu cầu; dữ liệu chưa được ghi "
                              "thêm gì. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị viên."),
}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def back_href() -> str | None:
    """The page the user came from on this site (its path), to offer as the way back."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/") \
            or referrer.path == request.path:
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def error_page(status: int, message: str | None = None, title: str | None = None) -> Response:
    """An error as a page of the site: what happened, in Vietnamese, and a way back."""
    default_title, default_message = PAGE_TEXTS.get(status, PAGE_TEXTS[500])
    response = Response(render_template(
        "message.html", title=title or default_title, message=message or default_message),
        status=status, mimetype="text/html")
    return response


def domain_status(exc: DomainError, api: bool) -> int:
    statuses = {**STATUS, **API_STATUS} if api else STATUS
    return next((s for cls, s in statuses.items() if isinstance(exc, cls)), 400)


def http_exception_body(exc: HTTPException) -> tuple[dict[str, Any], int]:
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    if messages:
        # Location (json, query, headers) is the first key; the field path follows.
        location = sorted(messages)[0]
        field, message = _first_error(messages[location])
        if not field:
            field = "body" if location == "json" else location
        return error_body("invalid", translate(message, field), field), 400
    texts = {
        400: ("bad_request", "Yêu cầu không hợp lệ."),
        401: ("unauthenticated", "Cần đăng nhập."),
        403: ("forbidden", "Không có quyền thực hiện thao tác này."),
        404: ("not_found", "Không tìm thấy địa chỉ được yêu cầu."),
        405: ("method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này."),
        413: ("too_large", "Nội dung gửi lên quá lớn (tối đa 16 MB)."),
        414: ("uri_too_long", "Địa chỉ (URL) yêu cầu quá dài."),
        415: ("unsupported_media_type", "Kiểu nội dung không được hỗ trợ; hãy gửi JSON."),
    }
    code, message = texts.get(status, ("error", "Đã có lỗi xảy ra."))
    return error_body(code, message, None), status


def register_error_handlers(app: Flask) -> None:
    app.jinja_env.globals["back_href"] = back_href  # message.html's way back

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):  # type: ignore[no-untyped-def]
        api = is_api_request()
        status = domain_status(exc, api)
        if not api:  # a page's error no page handled: said on a page, not as JSON
            response = error_page(status, exc.message)
            if isinstance(exc, ThrottledError):
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
        body = exc.as_dict()
        if body["field"] in (KEY_FIELD, IDEMPOTENCY_HEADER) and api:
            body["field"] = IDEMPOTENCY_HEADER  # the API takes the key as a header
            status = STATUS.get(type(exc), status)  # a malformed key is a 400, as documented
        response = jsonify({"error": body})
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="thidua"'
        if isinstance(exc, ThrottledError):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
