"""What every route shares: the use cases of the app, the acting user, permission checks
made before a body is read, documented error answers, idempotency keys, file downloads."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from io import BytesIO
from typing import Any

from flask import Response, current_app, g, jsonify, request, send_file
from marshmallow import Schema, fields

from events.errors import InvalidInputError, PermissionDeniedError
from services.actors import ALLOWED, Actor, check_allowed
from services.commands import check_key
from services.thidua import Thidua
from services.usecases.documents import (
    ConverterBusy,
    PdfExportError,
    RenderedDocument,
    pdf_available,
)
from services.web.auth import actor_from_request
from services.web.errors import IDEMPOTENCY_HEADER, error_body
from services.web.parsing import ApiBlueprint

PREFIX = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS = {
    400: "Dữ liệu không đúng dạng theo lược đồ (trường lỗi ghi trong error.field)",
    401: "Thiếu hoặc sai mã truy cập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    409: "Xung đột với dữ liệu đã ghi (trùng lặp, ghi đồng thời)",
    422: "Dữ liệu đúng dạng nhưng trái quy định (trường lỗi ghi trong error.field)",
    429: "Thử lại quá nhiều lần: chờ số giây ghi trong Retry-After",
    502: "Xuất PDF không thành công",
    503: "Chưa xuất được PDF: máy chủ chưa cài LibreOffice hoặc đang bận (Retry-After)",
}


def thidua() -> Thidua:
    """The use cases and readers of this app's store."""
    return current_app.extensions["thidua"]


def actor() -> Actor:
    """The signed-in user of this request (bearer token or browser session)."""
    return g.actor


def protected(name: str, description: str) -> ApiBlueprint:
    """A blueprint of /api/v1 whose every route needs a bearer token."""
    blp = ApiBlueprint(name, __name__, url_prefix=PREFIX, description=description)

    @blp.before_request
    def _require_token() -> None:
        g.actor = actor_from_request()

    return blp


def requires(*actions: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse (403) before the body is even read unless the role may do one of these."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not any(g.actor.role in ALLOWED[action] for action in actions):
                check_allowed(g.actor, actions[0])
            return func(*args, **kwargs)

        return wrapper

    return decorator


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"example": "invalid"})
    message = fields.String(required=True)
    field = fields.String(allow_none=True)


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


def documented_errors(blp: ApiBlueprint, *statuses: int) -> Callable[[Any], Any]:
    """The error answers of a route, in the OpenAPI document."""

    def decorator(func: Any) -> Any:
        for status in statuses:
            func = blp.alt_response(status, schema=Error, description=ERRORS[status])(func)
        return func

    return decorator


def idempotency_key() -> str | None:
    """The request's ``Idempotency-Key`` header (checked: 8–100 of A–Z a–z 0–9 _ -)."""
    return check_key(request.headers.get(IDEMPOTENCY_HEADER), IDEMPOTENCY_HEADER)


def send_bytes(data: bytes, mimetype: str, name: str) -> Response:
    return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


def send_document(document: RenderedDocument, pdf: bool = False) -> Response:
    """A rendered paper as a download, with the SHA-256 that ``/documents/verify`` knows;
    as PDF through LibreOffice when asked (503 where it is not installed)."""
    if pdf:
        if not pdf_available():
            return _unavailable(503, "unavailable", "Máy chủ chưa cài LibreOffice nên chưa "
                                "xuất được PDF; hãy tải bản .docx.")
        try:
            document = thidua().documents.pdf_of(document, actor())
        except ConverterBusy:
            response = _unavailable(503, "busy", "Máy chủ đang bận xuất PDF khác; hãy thử "
                                    "lại sau ít phút hoặc tải bản .docx.")
            response.headers["Retry-After"] = "30"
            return response
        except PdfExportError as exc:
            current_app.logger.error("PDF export failed: %s", exc)
            return _unavailable(502, "pdf_failed", "Xuất PDF không thành công.")
    response = send_bytes(document.data, document.mimetype, document.filename)
    response.headers["X-Document-SHA256"] = document.sha256
    return response


def _unavailable(status: int, code: str, message: str) -> Response:
    response = jsonify(error_body(code, message, None))
    response.status_code = status
    return response


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def read_upload(storage: Any, what: str = "tệp cần xác minh") -> bytes:
    """The bytes of an uploaded file (``file``): refused when missing, empty or too big."""
    data = storage.read(MAX_UPLOAD_BYTES + 1) if hasattr(storage, "read") else b""
    if not data:
        raise InvalidInputError(f"Chưa chọn {what} (hoặc tệp rỗng).", "file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInputError("Tệp lớn quá 20 MB.", "file")
    return data


def require(action: str) -> None:
    """Refuse the signed-in user unless the role may do ``action`` (pages)."""
    if g.actor.role not in ALLOWED[action]:
        raise PermissionDeniedError("Tài khoản không có quyền thực hiện thao tác này.", None)
