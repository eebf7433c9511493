"""Field types and schemas shared by the API's resources."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields, validate

from events.campaign import SUBJECT_KINDS
from events.rules import AWARD_CODES
from services.audit.history import plain
from services.web.api.fields import END, INT64, code_field, one_of, text_field, whole


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
    return one_of(SUBJECT_KINDS, **kwargs)


def award_field(**kwargs: Any) -> fields.String:
    kwargs["metadata"] = {"example": "bang_khen_tinh", **kwargs.get("metadata", {})}
    return one_of(AWARD_CODES, **kwargs)


def award_form_field(**kwargs: Any) -> fields.String:
    """A code of the organisation's award catalogue (GET /award-forms): its own awards or
    a legal category (the default entries)."""
    kwargs["metadata"] = {"example": "bk_ldld_tinh", "description": "mã trong danh mục khen "
                          "thưởng (GET /award-forms)", **kwargs.get("metadata", {})}
    return code_field(**kwargs)


def position_field(description: str) -> fields.Integer:
    """A position of the event log (0: none yet), in a query."""
    return whole(0, INT64, strict=False, metadata={"description": description})


class WaitQuery(Schema):
    wait_for = position_field("Chờ tối đa 2 giây cho đến khi bảng đã xử lý vị trí này")


# docgen/vietnamese.py AUTHORITY_PREFIXES, then the collective or the head signed for.
AUTHORITY = (r"^(?:(?:TM|KT|Q|TL|TUQ)\. +[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*)?"
             + END)
# The second authority line of a deputy signing for a collective.
DEPUTY = r"^(?:KT\. +[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*)?" + END


class SignerIn(Schema):
    name = text_field(200, required=True)
    position = text_field(200, required=True)
    authority = fields.String(load_default="", validate=[
        validate.Length(max=200, error="Trường «{{field}}» dài quá {max} ký tự."),
        validate.Regexp(AUTHORITY, error=(
            "Thẩm quyền ký ở trường «{{field}}» phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. "
            "rồi tên tập thể hoặc người đứng đầu (ví dụ «TM. Ban Thường vụ»)."))], metadata={
        "example": "TM. Ban Thường vụ",
        "description": "TM., KT., Q., TL., TUQ. rồi tập thể hoặc người đứng đầu"})
    deputy = fields.String(load_default="", validate=[
        validate.Length(max=200, error="Trường «{{field}}» dài quá {max} ký tự."),
        validate.Regexp(DEPUTY, error=(
            "Dòng ký thay ở trường «{{field}}» là «KT. <người đứng đầu>» (ví dụ «KT. Chủ "
            "tịch»), dưới dòng «TM. …» khi cấp phó ký thay mặt tập thể."))], metadata={
        "example": "KT. Chủ tịch",
        "description": "Cấp phó ký thay mặt tập thể: «KT. <người đứng đầu>», in dưới dòng "
                       "«TM. <tập thể>» của trường authority («TM. BAN THƯỜNG VỤ / KT. CHỦ "
                       "TỊCH / PHÓ CHỦ TỊCH»)"})


class UploadIn(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
