"""Danh mục hình thức khen thưởng: the awards an organisation gives, as it prints them.

The law's tables (``events/rules.py``) know legal categories: ``bang_khen_tinh`` is
"Bằng khen cấp bộ, ngành, tỉnh". A real decision names the issuer's own form: "Bằng khen
của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu", "Giấy khen của Giám đốc Sở …". An
organisation's catalogue maps its codes to such names, each with the legal ``category``
the rules, quotas and statistics use, the award ``system`` that decides the legal basis,
the fund and the money (``events/rules.py`` LEGAL_BASES, AWARD_MONEY), the issuer and the
dates it is given between.

Every legal category is also a catalogue entry of its own (the *default entry*: code and
category alike, the law's name, the state system), so that nominations, quotas and
decisions stored before the catalogue existed, which name a category directly, replay
and print as they did.

Nominations, ballots, decisions and award histories record a snapshot of the entry they
were made with (``AwardFormEntry.snapshot``): a later change of name never changes a
paper already issued.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import ConflictError, InvalidInputError
from events.rules import (
    AWARD_CODES,
    AWARDS,
    CATEGORIES,
    COLLECTIVE,
    INDIVIDUAL,
    STATE,
    SYSTEMS,
    award_in_force,
    award_name,
)
from events.text import clean_code, clean_text
from events.values import EARLIEST, format_points, parse_date, parse_points

SUBJECT_KINDS = {COLLECTIVE: "tập thể", INDIVIDUAL: "cá nhân"}
MAX_COEFFICIENT = Decimal(100)


@dataclass(frozen=True)
class AwardFormEntry:
    """One award of the catalogue, as rules and papers need it."""

    code: str
    name: str
    kind: str  # TITLE (danh hiệu) or FORM (hình thức khen thưởng)
    subject_kinds: tuple[str, ...]
    category: str  # the legal category of events/rules.py AWARDS
    system: str
    issuer_unit_id: UUID | None
    effective_from: date
    effective_to: date | None
    # The organisation's own coefficients per subject kind (trade-union rates, U figures).
    prize_coefficients: Mapping[str, Decimal] = field(default_factory=dict)
    default: bool = False

    def snapshot(self) -> dict[str, Any]:
        """What a nomination, ballot, decision or history records of the entry."""
        return {"code": self.code, "name": self.name, "kind": self.kind,
                "category": self.category, "system": self.system,
                "issuer_unit_id": self.issuer_unit_id,
                "prize_coefficients": dict(self.prize_coefficients)}

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None
                                              or on <= self.effective_to)

    def check_for(self, subject_kind: str, on: date, field: str = "award") -> None:
        """Refuse giving the entry to a kind of subject it is not for, or on a day outside
        its dates or the law's table for its category."""
        if subject_kind not in self.subject_kinds:
            raise InvalidInputError(
                f"«{self.name}» không có cho đối tượng này "
                f"({SUBJECT_KINDS.get(subject_kind, subject_kind)}).", field)
        if not self.in_force_on(on):
            until = f" đến {self.effective_to:%d/%m/%Y}" if self.effective_to else ""
            raise InvalidInputError(
                f"«{self.name}» chỉ áp dụng từ {self.effective_from:%d/%m/%Y}{until}; ngày "
                f"{on:%d/%m/%Y} nằm ngoài thời gian này.", field)
        award_in_force(self.category, subject_kind, on, field)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(ids.award_form_id(self.code)), "code": self.code, "name": self.name,
            "kind": self.kind, "kind_name": CATEGORIES[self.kind],
            "subject_kinds": list(self.subject_kinds), "category": self.category,
            "category_name": award_name(self.category), "system": self.system,
            "system_name": SYSTEMS[self.system],
            "issuer_unit_id": str(self.issuer_unit_id) if self.issuer_unit_id else None,
            "effective_from": self.effective_from, "effective_to": self.effective_to,
            "prize_coefficients": {k: v for k, v in self.prize_coefficients.items()},
            "default": self.default,
        }


def _default_entry(code: str) -> AwardFormEntry:
    rows = [a for a in AWARDS if a.code == code]
    return AwardFormEntry(
        code=code, name=rows[0].name, kind=rows[0].category,
        subject_kinds=tuple(k for k in SUBJECT_KINDS if any(a.subject_kind == k for a in rows)),
        category=code, system=STATE, issuer_unit_id=None, effective_from=EARLIEST,
        effective_to=None, default=True)


# The entry of every legal category: what a bare category of older events stands for.
DEFAULT_ENTRIES: Mapping[str, AwardFormEntry] = {code: _default_entry(code)
                                                 for code in AWARD_CODES}


def default_entry(code: str) -> AwardFormEntry | None:
    return DEFAULT_ENTRIES.get(code)


def entry_of_snapshot(award: str, form: Mapping[str, Any] | None) -> AwardFormEntry:
    """The entry an event recorded (``form``), or the default entry of a bare category."""
    if form:
        return AwardFormEntry(
            code=form["code"], name=form["name"], kind=form["kind"],
            subject_kinds=tuple(SUBJECT_KINDS), category=form["category"],
            system=form["system"], issuer_unit_id=form.get("issuer_unit_id"),
            effective_from=EARLIEST, effective_to=None,
            prize_coefficients={k: Decimal(v) for k, v in
                                (form.get("prize_coefficients") or {}).items()})
    found = DEFAULT_ENTRIES.get(award)
    if found is not None:
        return found
    return AwardFormEntry(code=award, name=award_name(award), kind="hinh_thuc",
                          subject_kinds=tuple(SUBJECT_KINDS), category=award, system=STATE,
                          issuer_unit_id=None, effective_from=EARLIEST, effective_to=None)


def category_of(award: str, form: Mapping[str, Any] | None) -> str:
    """The legal category of an award as an event recorded it."""
    return form["category"] if form else award


def award_form_code(value: object, field: str = "code") -> str:
    """A catalogue code as stored: the rule of other codes, in lower case."""
    return clean_code(value, field).lower()


def _subject_kinds(raw: object) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidInputError(
            "Trường «subject_kinds» phải là danh sách đối tượng: «collective» (tập thể), "
            "«individual» (cá nhân).", "subject_kinds")
    kinds: list[str] = []
    for index, kind in enumerate(raw):
        if kind not in SUBJECT_KINDS:
            raise InvalidInputError(
                f"Đối tượng «{kind}» không hợp lệ: dùng «collective» hoặc «individual».",
                f"subject_kinds[{index}]")
        if kind in kinds:
            raise InvalidInputError(f"Đối tượng «{kind}» bị lặp.", f"subject_kinds[{index}]")
        kinds.append(str(kind))
    return tuple(k for k in SUBJECT_KINDS if k in kinds)


def _coefficients(raw: object, kinds: tuple[str, ...]) -> dict[str, Decimal]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InvalidInputError(
            "Trường «prize_coefficients» phải là đối tượng {\"individual\": 0.3, "
            "\"collective\": 0.6}.", "prize_coefficients")
    result: dict[str, Decimal] = {}
    for kind, value in raw.items():
        at = f"prize_coefficients.{kind}"
        if kind not in kinds:
            raise InvalidInputError(
                f"Hệ số cho «{kind}» nhưng hình thức này không dành cho đối tượng đó.", at)
        coefficient = parse_points(value, at)
        if not Decimal(0) <= coefficient <= MAX_COEFFICIENT:
            raise InvalidInputError(
                f"Hệ số ở trường «{at}» phải từ 0 đến {format_points(MAX_COEFFICIENT)}.", at)
        result[kind] = coefficient
    return result


def check_award_form(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a posted catalogue entry; return the fields of ``AwardForm`` (the use case
    resolves ``issuer_unit_code`` to an id)."""
    code = award_form_code(raw.get("code"))
    if code in DEFAULT_ENTRIES:
        raise InvalidInputError(
            f"Mã «{code}» là mã của một loại khen thưởng theo quy định (mục mặc định của danh "
            "mục); hãy đặt mã riêng, ví dụ «bk_ldld_tinh».", "code")
    kind = raw.get("kind")
    if kind not in CATEGORIES:
        raise InvalidInputError(
            f"Loại «{kind}» không hợp lệ: dùng «danh_hieu» (danh hiệu thi đua) hoặc "
            "«hinh_thuc» (hình thức khen thưởng).", "kind")
    kinds = _subject_kinds(raw.get("subject_kinds"))
    category = raw.get("category")
    if category not in AWARD_CODES:
        raise InvalidInputError(
            f"Loại khen thưởng theo quy định «{category}» không có (dùng: "
            f"{', '.join(AWARD_CODES)}).", "category")
    for subject_kind in kinds:
        rows = [a for a in AWARDS if a.code == category and a.subject_kind == subject_kind]
        if not rows:
            raise InvalidInputError(
                f"«{award_name(str(category))}» không dành cho {SUBJECT_KINDS[subject_kind]}.",
                "subject_kinds")
        if rows[0].category != kind:
            raise InvalidInputError(
                f"«{award_name(str(category))}» là {CATEGORIES[rows[0].category].lower()}, "
                f"không phải {CATEGORIES[str(kind)].lower()}.", "kind")
    system = raw.get("system")
    if system not in SYSTEMS:
        raise InvalidInputError(
            f"Hệ thống khen thưởng «{system}» không hợp lệ: dùng «nha_nuoc» (Nhà nước), "
            "«cong_doan» (Công đoàn) hoặc «khac».", "system")
    start = parse_date(raw["effective_from"], "effective_from") \
        if raw.get("effective_from") is not None else EARLIEST
    end = parse_date(raw["effective_to"], "effective_to") \
        if raw.get("effective_to") is not None else None
    if end is not None and end < start:
        raise InvalidInputError("Ngày hết hiệu lực phải sau ngày bắt đầu.", "effective_to")
    return {"code": code, "name": clean_text(raw.get("name"), "name", max_length=300),
            "kind": str(kind), "subject_kinds": list(kinds), "category": str(category),
            "system": str(system), "effective_from": start, "effective_to": end,
            "prize_coefficients": _coefficients(raw.get("prize_coefficients"), kinds)}


class AwardForm(Aggregate):
    """An award of the organisation's catalogue (danh hiệu or hình thức khen thưởng)."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.award_form_id(code)

    @event("Defined")
    def __init__(self, code: str, name: str, kind: str, subject_kinds: list[str],
                 category: str, system: str, issuer_unit_id: UUID | None,
                 effective_from: date, effective_to: date | None,
                 prize_coefficients: dict[str, Decimal], actor: str) -> None:
        self.code = code
        self.name = name
        self.kind = kind
        self.subject_kinds = list(subject_kinds)
        self.category = category
        self.system = system
        self.issuer_unit_id = issuer_unit_id
        self.effective_from = effective_from
        self.effective_to = effective_to
        self.prize_coefficients = dict(prize_coefficients)
        self.created_by = actor

    def redefine(self, *, name: str, kind: str, subject_kinds: list[str], category: str,
                 system: str, issuer_unit_id: UUID | None, effective_from: date,
                 effective_to: date | None, prize_coefficients: dict[str, Decimal],
                 actor: str) -> bool:
        """Change the name, subjects, issuer, dates or coefficients; False (nothing
        recorded) when nothing changes. What rules and statistics read (the legal category,
        the kind and the system) is the code's for good: another one is another code."""
        for given, held, name_of in ((category, self.category, "category"),
                                     (kind, self.kind, "kind"), (system, self.system, "system")):
            if given != held:
                raise ConflictError(
                    f"Mã «{self.code}» đã được khai báo với {name_of} «{held}»: không đổi được "
                    "(hồ sơ, quyết định đã ghi theo đó); hãy khai báo một mã mới.", name_of)
        changes = {"name": name, "subject_kinds": list(subject_kinds),
                   "issuer_unit_id": issuer_unit_id, "effective_from": effective_from,
                   "effective_to": effective_to, "prize_coefficients": dict(prize_coefficients)}
        if all(getattr(self, key) == value for key, value in changes.items()):
            return False
        self._redefine(**changes, actor=actor)
        return True

    @event("Redefined")
    def _redefine(self, name: str, subject_kinds: list[str], issuer_unit_id: UUID | None,
                  effective_from: date, effective_to: date | None,
                  prize_coefficients: dict[str, Decimal], actor: str) -> None:
        self.name = name
        self.subject_kinds = list(subject_kinds)
        self.issuer_unit_id = issuer_unit_id
        self.effective_from = effective_from
        self.effective_to = effective_to
        self.prize_coefficients = dict(prize_coefficients)

    def entry(self) -> AwardFormEntry:
        return AwardFormEntry(
            code=self.code, name=self.name, kind=self.kind,
            subject_kinds=tuple(self.subject_kinds), category=self.category,
            system=self.system, issuer_unit_id=self.issuer_unit_id,
            effective_from=self.effective_from, effective_to=self.effective_to,
            prize_coefficients=dict(self.prize_coefficients))


def catalogue_names(entries: Iterable[AwardFormEntry]) -> dict[str, str]:
    """Names by code: the default entries, then these."""
    return {**{code: e.name for code, e in DEFAULT_ENTRIES.items()},
            **{e.code: e.name for e in entries}}
