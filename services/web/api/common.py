"""Field types and schemas shared by the API's resources."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields, validate

from events.campaign import SUBJECT_KINDS
from events.rules import AWARD_CODES
from services.audit.history import plain


class Points(fields.Field):
    """Points go out as JSON numbers (stored exactly as Decimal)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral() else float(value)


class PointsMap(fields.Dict):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(keys=fields.String(), values=Points(), **kwargs)


class Plain(fields.Raw):
    """Free-form data made JSON-ready (Decimal → number, date → ISO text, UUID → text)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return plain(value)


def subject_kind_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(list(SUBJECT_KINDS)), **kwargs)


def award_field(**kwargs: Any) -> fields.String:
    return fields.String(metadata={"example": "bang_khen_tinh",
                                   "description": ", ".join(AWARD_CODES)}, **kwargs)


class WaitQuery(Schema):
    wait_for = fields.Integer(load_default=None, metadata={
        "description": "Chờ tối đa 2 giây cho đến khi bảng đã xử lý vị trí này"})


class SignerIn(Schema):
    name = fields.String(required=True)
    position = fields.String(required=True)
    authority = fields.String(load_default="", metadata={
        "example": "TM. Ban Thường vụ",
        "description": "TM., KT., Q., TL., TUQ. rồi tập thể hoặc người đứng đầu"})


class UploadIn(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
