"""Quy định riêng của đơn vị: the council's quorum and caps such as "CSTĐCS ≤ 15 % of LĐTT".

The national CSTĐCS cap expired; each organisation sets its own (NĐ 152 Đ6), so these are
per-organisation settings, not rule-table rows. Without settings an organisation uses
the default quorum of the rule tables and no caps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import InvalidInputError
from events.rules import (
    AWARD_CODES,
    RECUSAL_MODES,
    CouncilRule,
    NoticeRule,
    RecusalRule,
    award_name,
    council_rule,
    notice_rule,
    recusal_rule,
)
from events.text import clean_text
from events.values import format_points, parse_points

MAX_BASIS_LINES = 20
BASIS_OPENINGS = ("Căn cứ ", "Xét ", "Theo ", "Thực hiện ")


def check_quorum(numerator: object, denominator: object) -> dict[str, int]:
    for value, field in ((numerator, "quorum_numerator"), (denominator, "quorum_denominator")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"Trường «{field}» phải là số nguyên dương.", field)
    assert isinstance(numerator, int) and isinstance(denominator, int)
    if numerator > denominator:
        raise InvalidInputError("Tỷ lệ dự họp không được lớn hơn 1.", "quorum_numerator")
    return {"numerator": numerator, "denominator": denominator}


def _rows(raw: object, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each object of the list ``name`` with its field path ("caps[0]")."""
    if raw is None:
        return
    if not isinstance(raw, list):
        raise InvalidInputError(f"Trường «{name}» phải là một danh sách.", name)
    for index, item in enumerate(raw):
        at = f"{name}[{index}]"
        if not isinstance(item, dict):
            raise InvalidInputError(f"Trường «{at}» phải là một đối tượng.", at)
        yield at, item


def _award_code(item: dict[str, Any], key: str, at: str) -> str:
    code = item.get(key)
    if code not in AWARD_CODES:
        raise InvalidInputError(f"Danh hiệu «{code}» không có trong danh mục.", f"{at}.{key}")
    return str(code)


def check_caps(raw: object) -> list[dict[str, Any]]:
    """``[{"award": "cstdcs", "of_award": "ldtt", "percent": 15}]``."""
    caps: list[dict[str, Any]] = []
    for at, item in _rows(raw, "caps"):
        award, of_award = _award_code(item, "award", at), _award_code(item, "of_award", at)
        if award == of_award:
            raise InvalidInputError("Giới hạn phải so với một danh hiệu khác.", f"{at}.of_award")
        percent = _percent(item.get("percent"), f"{at}.percent")
        caps.append({"award": award, "of_award": of_award, "percent": percent})
    return caps


def check_council_rules(raw: object) -> list[dict[str, Any]]:
    """``[{"award": "cstdcs", "percent": 75, "secret": true}]``: the organisation's own share
    of the whole council that must agree on a title, and whether its ballot is secret.

    The law table's rows since NĐ 152 are reported, not confirmed (U); an organisation that
    has its own Quy chế records it here and its ballots follow it instead."""
    rules: list[dict[str, Any]] = []
    for at, item in _rows(raw, "council"):
        award = _award_code(item, "award", at)
        if any(r["award"] == award for r in rules):
            raise InvalidInputError(
                f"Danh hiệu «{award_name(award)}» đã có một dòng quy định.", f"{at}.award")
        percent = _percent(item.get("percent"), f"{at}.percent")
        secret = item.get("secret", False)
        if not isinstance(secret, bool):
            raise InvalidInputError(f"Trường «{at}.secret» phải là true hoặc false.",
                                    f"{at}.secret")
        rules.append({"award": award, "percent": percent, "secret": secret})
    return rules


def _percent(value: object, field: str) -> Decimal:
    try:
        percent = parse_points(value, field)
    except InvalidInputError:
        raise InvalidInputError(
            f"Trường «{field}» phải là một tỷ lệ phần trăm, tối đa hai chữ số thập phân "
            "(ví dụ 15 hoặc 12,5).", field) from None
    if not Decimal(0) < percent <= Decimal(100):
        raise InvalidInputError(f"Trường «{field}» phải trong khoảng (0, 100] %.", field)
    return percent


def check_authority_basis(raw: object) -> list[str]:
    """The căn cứ lines on the issuer's own power (the decision that set it up and its
    duties, the trade union's charter…), printed first in each of its decisions. A line
    without an opening word gets "Căn cứ"; the final ";" or "." is the template's."""
    if not isinstance(raw, list):
        raise InvalidInputError("Trường «authority_basis» phải là danh sách các dòng căn cứ.",
                                "authority_basis")
    if len(raw) > MAX_BASIS_LINES:
        raise InvalidInputError(f"Tối đa {MAX_BASIS_LINES} dòng căn cứ.", "authority_basis")
    lines: list[str] = []
    for index, item in enumerate(raw):
        at = f"authority_basis[{index}]"
        text = clean_text(item, at, max_length=1000).rstrip(";.,").rstrip()
        if not text:
            raise InvalidInputError(f"Trường «{at}» không được để trống.", at)
        if not text.startswith(BASIS_OPENINGS):
            text = f"Căn cứ {text}"
        lines.append(text)
    return lines


MAX_GOVERNING_BODY = 200


def check_governing_body(raw: object) -> str:
    """The name of the body that governs a root unit (NĐ 30/2020 Phụ lục I: the cơ quan,
    tổ chức chủ quản trực tiếp, e.g. "Tổng Liên đoàn Lao động Việt Nam" above a provincial
    union), printed in capitals above the unit's name on its papers. Empty clears it: a
    state agency such as an Ủy ban nhân dân tỉnh has none."""
    return clean_text(raw, "governing_body", required=False, max_length=MAX_GOVERNING_BODY)


MAX_NOTICE_DAYS = 60


def check_notice(days: object, required: object, current: dict[str, Any] | None,
                 on: date) -> dict[str, Any] | None:
    """The organisation's public notice: ``days`` working days (1–60), and whether a
    decision needs one. What is not given stays as set (the first time: the rule table's
    figure); neither given: nothing of its own."""
    if days is None and required is None:
        return current
    law = notice_rule(on)
    base = current or {"days": law.days, "required": law.required}
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)
                             or not 1 <= days <= MAX_NOTICE_DAYS):
        raise InvalidInputError(
            f"Trường «notice_days» phải là số ngày làm việc từ 1 đến {MAX_NOTICE_DAYS}.",
            "notice_days")
    if required is not None and not isinstance(required, bool):
        raise InvalidInputError("Trường «notice_required» phải là true hoặc false.",
                                "notice_required")
    return {"days": base["days"] if days is None else days,
            "required": base["required"] if required is None else required}


def check_recusal(mode: object) -> str:
    if mode not in RECUSAL_MODES:
        raise InvalidInputError(
            f"Trường «recusal_count» phải là một trong: {', '.join(RECUSAL_MODES)}.",
            "recusal_count")
    return str(mode)


def council_rule_text(rule: dict[str, Any]) -> str:
    return (f"{award_name(rule['award'])}: từ {format_points(rule['percent'])} % tổng số thành "
            f"viên Hội đồng đồng ý, {'bỏ phiếu kín' if rule['secret'] else 'biểu quyết'}")


def cap_text(cap: dict[str, Any]) -> str:
    return (f"{award_name(cap['award'])} không quá {format_points(cap['percent'])} % số "
            f"{award_name(cap['of_award'])}")


class AwardSettings(Aggregate):
    """An organisation's own settings for its council and its award caps."""

    @staticmethod
    def create_id(unit_id: UUID) -> UUID:
        return ids.award_settings_id(unit_id)

    # ``council``, ``authority_basis``, ``notice``, ``recusal`` and ``governing_body``
    # came later: events recorded before them have none (the law's rows apply; no line on
    # the issuer's own power; the rule tables' notice and recusal rows; no governing body).
    @event("Configured")
    def __init__(self, unit_id: UUID, quorum: dict[str, int], caps: list[dict[str, Any]],
                 actor: str, council: list[dict[str, Any]] | None = None,
                 authority_basis: list[str] | None = None,
                 notice: dict[str, Any] | None = None, recusal: str | None = None,
                 governing_body: str | None = None) -> None:
        self.unit_id = unit_id
        self.quorum = dict(quorum)
        self.caps = list(caps)
        self.council = list(council or [])
        self.authority_basis = list(authority_basis or [])
        self.notice = dict(notice) if notice else None
        self.recusal = recusal
        self.governing_body = governing_body or ""
        self.created_by = actor

    @event("Reconfigured")
    def reconfigure(self, quorum: dict[str, int], caps: list[dict[str, Any]],
                    actor: str, council: list[dict[str, Any]] | None = None,
                    authority_basis: list[str] | None = None,
                    notice: dict[str, Any] | None = None, recusal: str | None = None,
                    governing_body: str | None = None) -> None:
        self.quorum = dict(quorum)
        self.caps = list(caps)
        self.council = list(council or [])
        if authority_basis is not None:
            self.authority_basis = list(authority_basis)
        if notice is not None:
            self.notice = dict(notice)
        if recusal is not None:
            self.recusal = recusal
        if governing_body is not None:
            self.governing_body = governing_body

    def council_rule(self, award: str) -> dict[str, Any] | None:
        """The organisation's own vote share and secrecy for ``award``, if it set one."""
        return next((r for r in self.council if r["award"] == award), None)

    def as_dict(self) -> dict[str, Any]:
        return {"unit_id": str(self.unit_id), "quorum": self.quorum,
                "caps": [{**c, "text": cap_text(c)} for c in self.caps],
                "council": [{**r, "text": council_rule_text(r)} for r in self.council],
                "authority_basis": list(self.authority_basis),
                "notice": self.notice, "recusal": self.recusal,
                "governing_body": getattr(self, "governing_body", "")}


def notice_of(settings: AwardSettings | None, on: date, organisation: str) -> NoticeRule:
    """The public notice an organisation follows: its own days and requirement if it set
    them, else the rule table's row."""
    law = notice_rule(on)
    own = getattr(settings, "notice", None) if settings is not None else None
    if not own:
        return law
    return NoticeRule(own["days"], own["required"], on, None,
                      f"Quy định riêng của {organisation}", "H")


def recusal_of(settings: AwardSettings | None, on: date, organisation: str) -> RecusalRule:
    """How an organisation's ballots count a recused member: its own choice, else the
    rule table's row (U)."""
    law = recusal_rule(on)
    own = getattr(settings, "recusal", None) if settings is not None else None
    if not own:
        return law
    return RecusalRule(own, on, None, f"Quy định riêng của {organisation}", "H")


def vote_rule(award: str, on: date, settings: AwardSettings | None,
              organisation: str) -> CouncilRule:
    """The share and secrecy of a title's ballot held ``on`` a day.

    The law table's row in force that day; where that row is unconfirmed (U), the
    organisation's own rule for the title if it set one (its Quy chế). A confirmed row
    always prevails: an organisation cannot lower what the law is known to require.
    """
    law = council_rule(award, on)
    own = settings.council_rule(award) if settings is not None else None
    if own is None or law.confidence != "U":
        return law
    return CouncilRule(award, own["percent"], False, own["secret"], on, None,
                       f"Quy định riêng của {organisation} (thay cho: {law.source})", "H")
