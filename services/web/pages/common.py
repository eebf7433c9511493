"""What every page shares: the blueprint, the signed-in user, form errors beside their
field in the page's own words, idempotency keys of forms, error pages."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, g, request
from flask_login import current_user

from events.errors import DomainError, NotFoundError, PermissionDeniedError
from services.actors import Actor, allowed
from services.web.errors import error_page
from services.web.http import require, thidua

bp = Blueprint("pages", __name__)

__all__ = ["actor", "attempt", "bp", "fail", "field_label", "form_key", "form_message",
           "may", "new_key", "require", "thidua"]


@bp.before_request
def _actor() -> None:
    if current_user.is_authenticated:
        g.actor = current_user.actor


@bp.app_context_processor
def _form_helpers() -> dict[str, Any]:
    return {"new_key": new_key}  # every form of a page carries its own idempotency key


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError) -> Any:
    """A domain error no page handled beside a field: a page saying why, with a way back."""
    status = 403 if isinstance(error, PermissionDeniedError) else \
        404 if isinstance(error, NotFoundError) else 409
    title = {403: "Không có quyền", 404: "Không tìm thấy"}.get(status, "Không thực hiện được")
    return error_page(status, form_message(error), title)


def actor() -> Actor:
    return g.actor


def may(action: str) -> bool:
    return allowed(g.actor, action)


def form_key() -> str | None:
    """The idempotency key the form carries (a resubmitted page records once)."""
    return request.form.get("idempotency_key") or None


def new_key() -> str:
    """A fresh idempotency key for the form a page shows."""
    return uuid.uuid4().hex


# What the forms call the fields the use cases name (the API keeps the names themselves).
FIELD_LABELS = {
    "addressee": "Kính gửi", "award": "Danh hiệu, hình thức", "chair": "Chủ tịch Hội đồng",
    "chair.name": "Chủ trì: họ và tên", "chair.position": "Chủ trì: chức vụ",
    "code": "Mã", "ended_at": "Kết thúc", "full_name": "Họ và tên", "held_on": "Ngày họp",
    "issued_on": "Ngày ký", "issuer_unit_code": "Cơ quan ban hành", "name": "Tên",
    "password": "Mật khẩu", "period": "Kỳ", "place": "Địa điểm", "pledge": "Nội dung đăng ký",
    "position": "Chức vụ", "reason": "Lý do", "route": "Căn cứ đề nghị",
    "secretary.name": "Thư ký: họ và tên", "secretary.position": "Thư ký: chức vụ",
    "signer.authority": "Thẩm quyền ký", "signer.name": "Người ký",
    "signer.position": "Chức vụ người ký", "started_at": "Bắt đầu",
    "subject_id": "Đối tượng", "summary": "Tóm tắt thành tích", "title": "Nội dung, trích yếu",
    "unit_code": "Đơn vị", "username": "Tên đăng nhập", "year": "Năm thành tích",
    "sector": "Ngành",
    "due": "Hạn cuối", "day": "Gửi trước ngày (hằng tháng)", "month": "Tháng",
    "tier_unit_code": "Cấp nhận hồ sơ", "entries.subject_id": "Điển hình",
    "entries.deed": "Việc làm tiêu biểu",
    "authority_basis": "Căn cứ về thẩm quyền", "governing_body": "Tên cơ quan chủ quản",
    "quorum_numerator": "Tỷ lệ dự họp tối thiểu (tử số)",
    "quorum_denominator": "Tỷ lệ dự họp tối thiểu (mẫu số)",
    "caps.award": "Giới hạn: danh hiệu", "caps.of_award": "Giới hạn: so với danh hiệu",
    "caps.percent": "Giới hạn: tỷ lệ (%)",
    "council.award": "Quy định bỏ phiếu: danh hiệu",
    "council.percent": "Quy định bỏ phiếu: tỷ lệ đồng ý (%)",
    "council.secret": "Quy định bỏ phiếu: bỏ phiếu kín",
    "female": "Cá nhân nữ", "sex": "Giới tính", "birth_date": "Ngày sinh",
    "is_leader": "Lãnh đạo", "staff_total": "Tổng số thành viên", "staff_women": "Trong đó nữ",
}
# A field of one row of a list: "caps[0].percent" is called as "caps.percent", row 1.
ROW_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


def field_label(field: str) -> str | None:
    """How the form calls ``field``, if we know."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    row = ROW_FIELD.match(field)
    label = FIELD_LABELS.get(f"{row[1]}.{row[3]}") if row else None
    return f"{label}, dòng {int(row[2]) + 1}" if row and label else None


def form_message(error: DomainError) -> str:
    """The error's message with the field called as the form calls it."""
    label = field_label(error.field or "")
    return error.message.replace(f"«{error.field}»", f"«{label}»") if label else error.message


def attempt(errors: dict[str, str], command: Callable[[], object]) -> bool:
    """Run a use case; a domain error goes beside its field (permission errors propagate)."""
    try:
        command()
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        errors[exc.field or "form"] = form_message(exc)
        return False
    return True


def fail(errors: dict[str, str]) -> None:
    """Show a form's errors as a flash when the page it returns to has no field for them."""
    for message in errors.values():
        flash(message, "error")
