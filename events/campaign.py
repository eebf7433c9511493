"""Phong trào thi đua: a campaign with its tracks (criteria, cadence, thresholds) and quotas."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import InvalidInputError
from events.periods import CADENCES, Period
from events.sector import check_sector
from events.text import clean_code, clean_text
from events.values import format_points, parse_date, parse_points

COLLECTIVE = "collective"
INDIVIDUAL = "individual"
SUBJECT_KINDS = {COLLECTIVE: "tập thể", INDIVIDUAL: "cá nhân"}

# Classifications from best to worst; KHT (Không hoàn thành) is whatever falls below HT.
CLASSIFICATIONS = {
    "HTXS": "Hoàn thành xuất sắc",
    "HTT": "Hoàn thành tốt",
    "HT": "Hoàn thành",
    "KHT": "Không hoàn thành",
}
THRESHOLD_KEYS = ("HTXS", "HTT", "HT")

# "117/KH-LĐLĐ": number, "/", type code, "-", issuer abbreviation (NĐ 30/2020, Phụ lục III).
_DOCUMENT_NUMBER = re.compile(r"^\d{1,4}/[A-Za-zĐđ]{1,6}(-[0-9A-Za-zĐđ]{1,20})+$")


def _as_list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInputError(f"Trường «{field}» phải là một danh sách.", field)
    return value


def _as_dict(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInputError(f"Trường «{field}» phải là một đối tượng.", field)
    return value


def _subject_kind(value: object, field: str) -> str:
    if value not in SUBJECT_KINDS:
        raise InvalidInputError(
            f"Đối tượng «{value}» ở trường «{field}» không hợp lệ: dùng "
            "«collective» (tập thể) hoặc «individual» (cá nhân).",
            field,
        )
    return str(value)


def _positive_int(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(f"Trường «{field}» phải là số nguyên không âm.", field)
    return value


def check_track(raw: object, index: int) -> dict[str, Any]:
    """Validate one track (criteria, cadence, thresholds) and return its stored form."""
    where = f"tracks[{index}]"
    data = _as_dict(raw, where)
    kind = _subject_kind(data.get("subject_kind"), f"{where}.subject_kind")
    cadence = data.get("cadence")
    if cadence not in CADENCES:
        raise InvalidInputError(
            f"Chu kỳ chấm «{cadence}» không hợp lệ: dùng «weekly» (hằng tuần) "
            "hoặc «monthly» (hằng tháng).",
            f"{where}.cadence",
        )
    criteria: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, raw_criterion in enumerate(_as_list(data.get("criteria"), f"{where}.criteria")):
        at = f"{where}.criteria[{i}]"
        criterion = _as_dict(raw_criterion, at)
        code = clean_code(criterion.get("code"), f"{at}.code")
        if code in seen:
            raise InvalidInputError(f"Mã tiêu chí «{code}» bị trùng.", f"{at}.code")
        seen.add(code)
        max_points = parse_points(criterion.get("max_points"), f"{at}.max_points")
        if max_points <= 0:
            raise InvalidInputError("Điểm tối đa phải lớn hơn 0.", f"{at}.max_points")
        criteria.append(
            {
                "code": code,
                "name": clean_text(criterion.get("name"), f"{at}.name"),
                "max_points": max_points,
            }
        )
    total = sum((c["max_points"] for c in criteria), Decimal(0))
    raw_thresholds = _as_dict(data.get("thresholds") or {}, f"{where}.thresholds")
    unknown = set(raw_thresholds) - set(THRESHOLD_KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise InvalidInputError(
            f"Mức xếp loại «{key}» không có: chỉ dùng HTXS, HTT, HT.", f"{where}.thresholds.{key}"
        )
    thresholds: dict[str, Decimal] = {}
    if raw_thresholds:
        previous: Decimal | None = None
        for key in THRESHOLD_KEYS:
            at = f"{where}.thresholds.{key}"
            if key not in raw_thresholds:
                raise InvalidInputError(f"Thiếu ngưỡng điểm cho mức {key}.", at)
            value = parse_points(raw_thresholds[key], at)
            if value < 0 or value > total:
                raise InvalidInputError(
                    f"Ngưỡng {key} phải nằm trong khoảng 0 đến tổng điểm tối đa "
                    f"{format_points(total)}.",
                    at,
                )
            if previous is not None and value >= previous:
                raise InvalidInputError(
                    "Ngưỡng phải giảm dần: HTXS > HTT > HT.", at
                )
            thresholds[key] = value
            previous = value
    return {"subject_kind": kind, "cadence": cadence, "criteria": criteria,
            "thresholds": thresholds}


def check_quota(raw: object, index: int, sectors: Collection[str]) -> dict[str, Any]:
    """Validate one award quota (with sector reservations) and return its stored form.

    ``sectors``: the codes of the organisation's sectors, which a share may be reserved for.
    """
    where = f"quotas[{index}]"
    data = _as_dict(raw, where)
    award_form = clean_code(data.get("award_form"), f"{where}.award_form").lower()
    kind = _subject_kind(data.get("subject_kind"), f"{where}.subject_kind")
    maximum = _positive_int(data.get("max"), f"{where}.max")
    reserved: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, raw_reserved in enumerate(_as_list(data.get("reserved"), f"{where}.reserved")):
        at = f"{where}.reserved[{i}]"
        item = _as_dict(raw_reserved, at)
        sector = check_sector(item.get("sector"), sectors, f"{at}.sector")
        if sector in seen:
            raise InvalidInputError(f"Ngành «{sector}» được dành chỉ tiêu hai lần.", f"{at}.sector")
        seen.add(sector)
        reserved.append({"sector": sector, "max": _positive_int(item.get("max"), f"{at}.max")})
    if sum(r["max"] for r in reserved) > maximum:
        raise InvalidInputError(
            "Tổng số dành riêng cho các ngành vượt quá chỉ tiêu chung.", f"{where}.reserved"
        )
    return {"award_form": award_form, "subject_kind": kind, "max": maximum, "reserved": reserved}


_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")


def movement_of(title: str) -> str:
    """The movement's own name from a plan title that quotes it: "Thực hiện phong trào
    thi đua “Cán bộ … văn hóa công sở” giai đoạn 2019-2025" → "Cán bộ … văn hóa công sở";
    a title that quotes nothing is the movement's name itself."""
    match = _QUOTED.search(title)
    return match.group(1).strip() if match else title


def lower_first(text: str) -> str:
    """``text`` as it reads inside a sentence: "Thực hiện …" → "thực hiện …"."""
    return text[:1].lower() + text[1:]


PLAN_SECTIONS = ("basis", "intro", "purpose", "scope", "criteria_intro", "award_forms",
                 "quota_notes", "implementation", "closing", "recipients")
PLAN_TEXTS = ("parent_agency", "place", "title", "archive")


def _paragraph(raw: object, field: str) -> str | dict[str, str]:
    """A paragraph of the plan: text, or {"text", "style": bold|italic}, or {"label", "text"}."""
    if isinstance(raw, str):
        return clean_text(raw, field, max_length=4000, multiline=True)
    item = _as_dict(raw, field)
    unknown = set(item) - {"text", "style", "label"}
    if unknown:
        raise InvalidInputError(f"Khóa «{sorted(unknown)[0]}» không được hỗ trợ.", field)
    paragraph = {"text": clean_text(item.get("text"), f"{field}.text", max_length=4000,
                                    multiline=True)}
    if "style" in item:
        if item["style"] not in ("bold", "italic"):
            raise InvalidInputError("Kiểu chữ chỉ là bold hoặc italic.", f"{field}.style")
        paragraph["style"] = item["style"]
    if "label" in item:
        paragraph["label"] = clean_text(item["label"], f"{field}.label", max_length=200)
    return paragraph


def check_plan(raw: object) -> dict[str, Any]:
    """The narrative of the Kế hoạch (all optional; missing parts are generated)."""
    if raw is None:
        return {}
    data = _as_dict(raw, "plan")
    known = {*PLAN_SECTIONS, *PLAN_TEXTS, "signer"}
    unknown = set(data) - known
    if unknown:
        key = sorted(unknown)[0]
        raise InvalidInputError(f"Phần «{key}» không có trong kế hoạch.", f"plan.{key}")
    plan: dict[str, Any] = {}
    for key in PLAN_TEXTS:
        if data.get(key):
            plan[key] = clean_text(data[key], f"plan.{key}", max_length=1000)
    for key in PLAN_SECTIONS:
        if key in data:
            plan[key] = [_paragraph(item, f"plan.{key}[{i}]")
                         for i, item in enumerate(_as_list(data[key], f"plan.{key}"))]
    if data.get("signer") is not None:
        signer = _as_dict(data["signer"], "plan.signer")
        plan["signer"] = {
            "name": clean_text(signer.get("name"), "plan.signer.name", max_length=200),
            "position": clean_text(signer.get("position"), "plan.signer.position",
                                   max_length=200),
            "authority": clean_text(signer.get("authority"), "plan.signer.authority",
                                    required=False, max_length=200),
        }
        if signer.get("deputy"):  # "KT. Chủ tịch" under "TM. …": a deputy for a collective
            plan["signer"]["deputy"] = clean_text(signer["deputy"], "plan.signer.deputy",
                                                  max_length=200)
    return plan


def check_campaign_definition(raw: dict[str, Any], *,
                              sectors: Collection[str]) -> dict[str, Any]:
    """Validate a posted campaign and return the fields of ``Campaign.__init__`` (no ids).

    ``sectors``: the codes of the organisation's sectors (quota shares are reserved for them).
    """
    code = clean_code(raw.get("code"), "code")
    number = clean_text(raw.get("number"), "number", max_length=60)
    if not _DOCUMENT_NUMBER.match(number):
        raise InvalidInputError(
            f"Số, ký hiệu «{number}» không đúng thể thức (ví dụ 117/KH-LĐLĐ).", "number"
        )
    start = parse_date(raw.get("start"), "start")
    end = parse_date(raw.get("end"), "end")
    if end < start:
        raise InvalidInputError("Ngày kết thúc phải sau ngày bắt đầu.", "end")
    deadline = parse_date(raw.get("registration_deadline"), "registration_deadline")
    if deadline > end:
        raise InvalidInputError(
            "Hạn đăng ký phải trước ngày kết thúc phong trào.", "registration_deadline"
        )
    tracks = [check_track(t, i) for i, t in enumerate(_as_list(raw.get("tracks"), "tracks"))]
    if not tracks:
        raise InvalidInputError("Phong trào phải có ít nhất một đối tượng thi đua.", "tracks")
    kinds = [t["subject_kind"] for t in tracks]
    if len(set(kinds)) != len(kinds):
        raise InvalidInputError("Mỗi đối tượng (tập thể, cá nhân) chỉ có một bảng tiêu chí.",
                                "tracks")
    quotas = [check_quota(q, i, sectors)
              for i, q in enumerate(_as_list(raw.get("quotas"), "quotas"))]
    title = clean_text(raw.get("title"), "title", max_length=1000)
    movement = clean_text(raw.get("movement"), "movement", required=False, max_length=500)
    if movement and movement_of(movement) != movement:
        raise InvalidInputError(
            "Tên phong trào ghi không kèm dấu ngoặc kép (giấy tờ tự đặt trong “ ”).",
            "movement")
    return {
        "code": code,
        "number": number,
        "title": title,
        "movement": movement or movement_of(title),
        "start": start,
        "end": end,
        "registration_deadline": deadline,
        "tracks": tracks,
        "quotas": quotas,
        "plan": check_plan(raw.get("plan")),
    }


class Campaign(Aggregate):
    """A campaign (phong trào thi đua) as launched by its Kế hoạch."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.campaign_id(code)

    @event("Launched")
    def __init__(
        self,
        code: str,
        number: str,
        title: str,
        issuer_unit_id: UUID,
        start: date,
        end: date,
        registration_deadline: date,
        tracks: list[dict[str, Any]],
        quotas: list[dict[str, Any]],
        actor: str,
        plan: dict[str, Any] | None = None,
        movement: str | None = None,
    ) -> None:
        self.code = code
        # The movement's own name, apart from the plan's title (campaigns launched before
        # it was asked take it from the title).
        self._hold_plan(number, title, movement or movement_of(title), issuer_unit_id, start,
                        end, registration_deadline, tracks, quotas, plan or {})
        self.created_by = actor

    @event("Revised")
    def revise(
        self,
        number: str,
        title: str,
        movement: str,
        issuer_unit_id: UUID,
        start: date,
        end: date,
        registration_deadline: date,
        tracks: list[dict[str, Any]],
        quotas: list[dict[str, Any]],
        plan: dict[str, Any],
        actor: str,
    ) -> None:
        """The Kế hoạch changed before anyone registered (its code, hence its id, stays)."""
        self._hold_plan(number, title, movement, issuer_unit_id, start, end,
                        registration_deadline, tracks, quotas, plan)
        self.revised_by = actor

    def _hold_plan(self, number: str, title: str, movement: str, issuer_unit_id: UUID,
                   start: date, end: date, registration_deadline: date,
                   tracks: list[dict[str, Any]], quotas: list[dict[str, Any]],
                   plan: dict[str, Any]) -> None:
        """The Kế hoạch's fields, as launched or revised."""
        self.number = number
        self.title = title
        self.movement = movement
        self.issuer_unit_id = issuer_unit_id
        self.start = start
        self.end = end
        self.registration_deadline = registration_deadline
        self.tracks = tracks
        self.quotas = quotas
        self.plan = plan

    def plan_about(self) -> str:
        """What the plan is about, after "Kế hoạch số … của … về": its title when it names
        the movement, else the movement quoted once."""
        if "phong trào" in self.title.lower():
            return lower_first(self.title)
        return f"phong trào thi đua “{self.movement}”"

    def track(self, subject_kind: str, field: str = "subject_kind") -> dict[str, Any]:
        for track in self.tracks:
            if track["subject_kind"] == subject_kind:
                return track
        kind = SUBJECT_KINDS.get(subject_kind, subject_kind)
        raise InvalidInputError(f"Phong trào «{self.code}» không có đối tượng {kind}.", field)

    def check_registration_open(self, on: date) -> None:
        if on > self.registration_deadline:
            raise InvalidInputError(
                f"Đã quá hạn đăng ký thi đua (hạn cuối {self.registration_deadline:%d/%m/%Y}).",
                "registration_deadline",
            )

    def check_period_within(self, period: Period, field: str = "period") -> None:
        if not period.overlaps(self.start, self.end):
            raise InvalidInputError(
                f"Kỳ {period} nằm ngoài thời gian phong trào "
                f"({self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}).",
                field,
            )

    def criterion_max(self, subject_kind: str) -> dict[str, Decimal]:
        return {c["code"]: c["max_points"] for c in self.track(subject_kind)["criteria"]}

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "code": self.code,
            "number": self.number,
            "title": self.title,
            "movement": self.movement,
            "issuer_unit_id": str(self.issuer_unit_id),
            "start": self.start,
            "end": self.end,
            "registration_deadline": self.registration_deadline,
            "tracks": self.tracks,
            "quotas": self.quotas,
            "plan": self.plan,
        }


def classify(total: Decimal, thresholds: dict[str, Decimal]) -> str | None:
    """Return HTXS/HTT/HT/KHT for ``total``, or None when the track has no thresholds."""
    if not thresholds:
        return None
    for key in THRESHOLD_KEYS:
        if total >= thresholds[key]:
            return key
    return "KHT"
