"""Request fields that state in the OpenAPI document the limits the domain enforces.

A request the schema allows is one the domain can read: text without control characters
and within the domain's lengths (``events/text.py``), codes of ``clean_code``, dates within
``events/values.py`` EARLIEST–LATEST, points of ``parse_points``, known kinds and stages.
Such a request may still break a rule only the domain can judge (an end before the start,
a code already used): that answers 422; a request off its schema answers 400.

Patterns are read alike by ECMA-262 (the OpenAPI dialect) and Python: no ``\\d`` (Python
matches any script's digits) and ``END`` instead of ``$`` (Python's ``$`` lets a final line
break by). Messages carry ``{field}``, filled in by ``services/web/errors.py``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields, validate
from werkzeug.routing import BaseConverter

from events.text import forbidden_character
from events.values import EARLIEST, LATEST, MAX_POINTS

END = r"(?![\s\S])"  # the end of the text
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # events.text.FORBIDDEN (lone surrogates: below)
LINE_BREAKS = r"\t\n\r"
# events/text.py clean_code: letters without marks, Đ, digits and _ . - (at most 40).
CODE_PATTERN = r"^[0-9A-Za-zĐđ][0-9A-Za-zĐđ_.\-]{0,39}" + END
INT64 = 2**63 - 1  # positions and offsets reach SQL as 64-bit integers

BLANK = "Trường «{field}» không được để trống."
CONTROL_CHARACTER = ("Trường «{field}» chứa ký tự điều khiển không được phép ({bad}); hãy gõ "
                     "lại hoặc dán dạng văn bản thuần.")
CODE = ("Mã ở trường «{field}» chỉ được gồm chữ cái không dấu, chữ Đ, chữ số và các dấu _ . - "
        "(tối đa 40 ký tự).")


def _kept(message: str) -> str:
    """A message marshmallow formats (``{min}``, ``{max}``…) that keeps ``{field}``."""
    return message.replace("{field}", "{{field}}")


class TextRule(validate.Validator):
    """What ``events.text.clean_text`` accepts: no control character (tab and line breaks
    only in multi-line text) and, when required, something besides spaces (``empty``: or
    nothing at all, for what the domain skips when empty)."""

    def __init__(self, *, multiline: bool, required: bool, empty: bool = False) -> None:
        bad = CONTROL + ("" if multiline else LINE_BREAKS)
        blank = (rf"(?!\s+{END})" if empty else rf"(?!\s*{END})") if required else ""
        self.multiline = multiline
        self.regex = re.compile(f"^{blank}[^{bad}]*{END}")  # apispec: the field's pattern

    def __call__(self, value: Any) -> Any:
        bad = forbidden_character(value, multiline=self.multiline)
        if bad is not None:
            raise ValidationError(CONTROL_CHARACTER.replace("{bad}", bad))
        if not self.regex.match(value):
            raise ValidationError(BLANK)
        return value


def text_field(max_length: int, *, multiline: bool = False, blank: bool = False,
               empty: bool = False, **kwargs: Any) -> fields.String:
    """A text of at most ``max_length`` characters (``clean_text``'s limit); ``blank``: the
    domain takes one of spaces or nothing (``clean_text(required=False)``); ``empty``: it
    takes "" (skipped) but not spaces."""
    return fields.String(validate=[
        TextRule(multiline=multiline, required=not blank, empty=empty),
        validate.Length(min=0 if blank or empty else 1, max=max_length,
                        error=_kept("Trường «{field}» dài quá {max} ký tự.")),
    ], **kwargs)


def code_field(**kwargs: Any) -> fields.String:
    """A code of units, blocs, campaigns, criteria, sectors (``clean_code``)."""
    return fields.String(validate=[validate.Length(min=1, max=40, error=_kept(CODE)),
                                   validate.Regexp(CODE_PATTERN, error=_kept(CODE))], **kwargs)


# services/usecases/accounts.py _USERNAME (kept in lower case; the domain lowers it).
USERNAME = r"[A-Za-z0-9][A-Za-z0-9._-]{2,39}"


def username_field(**kwargs: Any) -> fields.String:
    """The user name of an account: 3–40 letters, digits and . _ -."""
    return fields.String(validate=validate.Regexp(f"^{USERNAME}{END}", error=_kept(
        "Tên đăng nhập ở trường «{field}» chỉ gồm 3–40 chữ cái không dấu, chữ số và . _ -.")),
        **kwargs)


class CodeConverter(BaseConverter):
    """A code in a path (``<code:code>``): any other is a 404 from routing."""

    regex = CODE_PATTERN[1:-len(END)]


class UsernameConverter(BaseConverter):
    """A user name in a path (``<username:member>``): any other is a 404 from routing."""

    regex = USERNAME


class FormCodeConverter(BaseConverter):
    """A statistical form's code in a path (``<form:form>``, "0602"): four digits."""

    regex = "[0-9]{4}"


class Sha256Converter(BaseConverter):
    """A file's SHA-256 in a path (``<sha256:sha256>``): 64 hexadecimal digits."""

    regex = "[0-9a-fA-F]{64}"


def one_of(choices: Any, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(list(choices)), **kwargs)


def whole(minimum: int, maximum: int, *, strict: bool = True, **kwargs: Any) -> fields.Integer:
    """A whole number within the bounds: in a body a JSON integer (not 1.0 nor "1"); in a
    query (``strict=False``) its digits."""
    return fields.Integer(strict=strict, validate=validate.Range(
        min=minimum, max=maximum,
        error=_kept("Giá trị của trường «{field}» phải từ {min} đến {max}.")), **kwargs)


def count(minimum: int, maximum: int, of: fields.Field, *,
          error: str = "Trường «{field}» phải có từ {min} đến {max} phần tử.",
          **kwargs: Any) -> fields.List:
    """A list of ``minimum``–``maximum`` items."""
    return fields.List(of, validate=validate.Length(min=minimum, max=maximum,
                                                    error=_kept(error)), **kwargs)


# --- periods ------------------------------------------------------------------------------

_PERIOD_YEAR = r"(?:19[0-9]{2}|2[0-9]{3})"  # events/periods.py: 1900–2999
_WEEK, _MONTH = r"W(?:0[1-9]|[1-4][0-9]|5[0-3])", r"(?:0[1-9]|1[0-2])"
SCORING_PERIOD = f"^{_PERIOD_YEAR}-(?:{_WEEK}|{_MONTH}){END}"  # a week or a month
PERIOD = f"^{_PERIOD_YEAR}(?:-(?:{_WEEK}|{_MONTH}|Q[1-4]|H[12]))?{END}"  # or a roll-up
_PERIOD_ERROR = ("Kỳ ở trường «{{field}}» không đúng định dạng: dùng tuần 2025-W07, tháng "
                 "2025-02{more}.")


def period_field(*, scoring: bool = False, **kwargs: Any) -> fields.String:
    """A period label: a week or a month (scoring), or any roll-up too."""
    error = _PERIOD_ERROR.replace(
        "{more}", "" if scoring else ", quý 2025-Q1, nửa năm 2025-H1 hoặc năm 2025")
    return fields.String(validate=validate.Regexp(SCORING_PERIOD if scoring else PERIOD,
                                                  error=error), **kwargs)


# --- dates --------------------------------------------------------------------------------

_MONTH_DAYS = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
               r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
               r"|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_YEARS_2000 = r"(?:20[0-9]{2}|2100)", r"20(?:0[048]|[2468][048]|[13579][26])"  # 2100: no 29/2
_YEARS_1946 = r"19(?:4[6-9]|[5-9][0-9])", r"19(?:48|[68][048]|[579][26])"
_FROM_1945_09_02 = (r"1945-(?:09-(?:0[2-9]|[12][0-9]|30)|1[02]-(?:0[1-9]|[12][0-9]|3[01])"
                    r"|11-(?:0[1-9]|[12][0-9]|30))")
PAST_AWARDS_FROM = date(1945, 9, 2)  # services/usecases/records.py: the Republic's first day


def _days(years: tuple[str, str]) -> str:
    every, leap = years
    return f"{every}-{_MONTH_DAYS}|{leap}-02-29"


DATES = {  # every day from the key to LATEST, as YYYY-MM-DD
    EARLIEST: f"(?:{_days(_YEARS_2000)})",
    PAST_AWARDS_FROM: f"(?:{_FROM_1945_09_02}|{_days(_YEARS_1946)}|{_days(_YEARS_2000)})",
}
_TIME = (r"(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?"
         r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?)?")
MOMENT_PATTERN = f"^{DATES[EARLIEST]}{_TIME}{END}"


class Day(fields.Date):
    """A day ``YYYY-MM-DD`` from ``earliest`` to 2100-12-31 (``events.values.parse_date``)."""

    def __init__(self, earliest: date = EARLIEST, **kwargs: Any) -> None:
        self.earliest = earliest
        self.pattern = re.compile(f"^{DATES[earliest]}{END}")
        metadata = {"pattern": self.pattern.pattern, **kwargs.pop("metadata", {})}
        metadata.setdefault("description", f"Từ {earliest:%d/%m/%Y} đến {LATEST:%d/%m/%Y}")
        super().__init__(metadata=metadata, validate=self._within, **kwargs)

    def _within(self, day: date) -> None:
        if not self.earliest <= day <= LATEST:
            raise ValidationError(
                f"Ngày {day.day:02d}/{day.month:02d}/{day.year:04d} ở trường «{{field}}» nằm "
                f"ngoài khoảng {self.earliest:%d/%m/%Y}–{LATEST:%d/%m/%Y}.")

    def deserialize(self, value: Any, attr: Any = None, data: Any = None,
                    **kwargs: Any) -> Any:
        day = super().deserialize(value, attr, data, **kwargs)
        if isinstance(value, str) and not self.pattern.match(value):  # 2025-2-1, 20250201
            raise self.make_error("invalid")
        return day


def moment_field(**kwargs: Any) -> fields.String:
    """A day (Vietnam's) or an ISO 8601 date-time, from 2000 to 2100."""
    return fields.String(validate=validate.Regexp(MOMENT_PATTERN, error=_kept(
        "Thời điểm ở trường «{field}» không hợp lệ (dạng YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM, "
        "từ năm 2000 đến 2100).")), **kwargs)


# --- numbers ------------------------------------------------------------------------------


def _decimal_text(maximum: int, *, positive: bool) -> str:
    """A decimal written as text ("27", "27,5", "27.25") from 0 (or above it) to
    ``maximum`` (a power of ten), with at most two decimals."""
    digits = len(str(maximum)) - 1
    assert maximum == 10**digits, maximum
    above_zero = rf"(?!0+(?:[.,]0{{1,2}})?{END})" if positive else ""
    return (rf"^{above_zero}(?:{maximum}(?:[.,]0{{1,2}})?|[0-9]{{1,{digits}}}"
            rf"(?:[.,][0-9]{{1,2}})?){END}")


class PointsIn(fields.Field):
    """Points from ``minimum`` (or above it) to 100 000 with at most two decimals
    (``events.values.parse_points``): a JSON number, kept exact (JSON fractions are read as
    Decimal), or its digits as text ("27,5")."""

    def __init__(self, *, exclusive_minimum: bool = False, maximum: int = int(MAX_POINTS),
                 **kwargs: Any) -> None:
        self.exclusive_minimum, self.maximum = exclusive_minimum, maximum
        self.text = re.compile(_decimal_text(maximum, positive=exclusive_minimum))
        number = {"type": "number", "minimum": 0, "maximum": maximum, "multipleOf": 0.01}
        if exclusive_minimum:
            number["exclusiveMinimum"] = True
        metadata = {"oneOf": [number, {"type": "string", "pattern": self.text.pattern}],
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and self.text.match(value):
            return Decimal(value.replace(",", "."))
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            raise ValidationError("Trường «{field}» phải là một số.")
        try:
            number = Decimal(str(value)) if isinstance(value, float | str) else Decimal(value)
        except InvalidOperation:
            raise ValidationError("Trường «{field}» phải là một số.") from None
        if not number.is_finite():
            raise ValidationError("Trường «{field}» phải là một số.")
        if number > self.maximum:
            raise ValidationError(f"Giá trị ở trường «{{field}}» quá lớn (tối đa {self.maximum}).")
        if number < 0 or (self.exclusive_minimum and number == 0):
            raise ValidationError("Giá trị ở trường «{field}» phải "
                                  f"{'lớn hơn' if self.exclusive_minimum else 'từ'} 0.")
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError("Trường «{field}» chỉ được có tối đa hai chữ số thập phân.")
        if isinstance(value, str):  # "+27", " 27", "2.7e1": the schema writes 27 or "27"
            raise ValidationError("Điểm ở trường «{field}» phải là số (27) hoặc chữ số (\"27,5\").")
        return value if isinstance(value, int) else number


def _some_points(scores: dict[str, Any]) -> None:
    if not scores:
        raise ValidationError("Cần nhập điểm cho ít nhất một tiêu chí (trường «{field}»).")


class PointsMapIn(fields.Dict):
    """``{criterion code: points}``, at least one."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"minProperties": 1, **kwargs.pop("metadata", {})}
        super().__init__(keys=fields.String(), values=PointsIn(), metadata=metadata,
                         validate=_some_points, **kwargs)
