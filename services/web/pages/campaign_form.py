"""The campaign form's fields and the campaign definition the use case takes, both ways, and
where on the form a domain error about a field of the definition belongs.

Criteria are typed one per line ("Mã | Tên tiêu chí | Điểm tối đa", or only "Tên | Điểm"):
a clerk copies them from the Kế hoạch's table in Word or Excel, whose rows paste as lines
of tab-separated cells, which are read as they are. Quotas and the shares reserved for
sectors are rows of choices (award, subject, sector come from lists), a few blank rows
more on request ("Thêm dòng") without any script."""

from __future__ import annotations

import re
from typing import Any

from events.campaign import SUBJECT_KINDS, THRESHOLD_KEYS
from events.errors import InvalidInputError
from events.values import format_points

KINDS = tuple(SUBJECT_KINDS)
CODE_PREFIX = {"collective": "TT", "individual": "CN"}
BLANK_ROWS = 3
MAX_ROWS = 60
# The narrative of the Kế hoạch on the form: one paragraph per line.
PLAN_SECTIONS = {
    "basis": "Căn cứ ban hành",
    "purpose": "I. Mục đích, yêu cầu",
    "scope": "Đối tượng, phạm vi",
    "award_forms": "Hình thức khen thưởng",
    "implementation": "Tổ chức thực hiện",
    "recipients": "Nơi nhận (dòng cuối «Lưu: VT, …» nếu cần)",
}
PLAN_TEXTS = {"parent_agency": "Cơ quan chủ quản", "place": "Địa danh ghi ngày ban hành"}
SIGNER = {"name": "Người ký: họ và tên", "position": "Người ký: chức vụ",
          "authority": "Thẩm quyền ký (ví dụ TM. BAN THƯỜNG VỤ)",
          "deputy": "Ký thay (ví dụ KT. CHỦ TỊCH), nếu có"}
LABELS = {
    "code": "Mã phong trào", "number": "Số, ký hiệu", "title": "Tên Kế hoạch (trích yếu)",
    "movement": "Tên phong trào", "issuer_unit_code": "Cơ quan ban hành",
    "start": "Bắt đầu", "end": "Kết thúc", "registration_deadline": "Hạn đăng ký",
    "tracks": "Đối tượng thi đua", "quotas": "Số lượng khen thưởng",
    **{f"{kind}-{part}": f"{label} ({SUBJECT_KINDS[kind]})" for kind in KINDS
       for part, label in (("cadence", "Chu kỳ chấm"), ("criteria", "Tiêu chí"),
                           *((key, f"Ngưỡng {key}") for key in THRESHOLD_KEYS))},
    **PLAN_SECTIONS, **PLAN_TEXTS, **{f"signer_{k}": v for k, v in SIGNER.items()},
}
_SEPARATORS = ("\t", "|", ";")


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the non-blank lines."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip()]


def criteria_text(criteria: list[dict[str, Any]]) -> str:
    return "\n".join(f"{c['code']} | {c['name']} | {format_points(c['max_points'])}"
                     for c in criteria)


def parse_criteria(text: str, kind: str) -> tuple[list[dict[str, str]], list[int]]:
    """The criteria typed for ``kind`` and the line of each (for errors)."""
    criteria, lines = [], []
    for number, line in _lines(text):
        separator = next((s for s in _SEPARATORS if s in line), None)
        cells = [c.strip() for c in line.split(separator)] if separator else [line]
        if len(cells) == 2:
            cells = [f"{CODE_PREFIX[kind]}{len(criteria) + 1}", *cells]
        if len(cells) != 3 or not all(cells):
            raise InvalidInputError(
                f"Dòng {number}: ghi «Mã | Tên tiêu chí | Điểm tối đa» (hoặc «Tên tiêu chí | "
                "Điểm tối đa»), mỗi tiêu chí một dòng.", f"{kind}-criteria")
        criteria.append({"code": cells[0], "name": cells[1], "max_points": cells[2]})
        lines.append(number)
    return criteria, lines


def blank_values(rows: int = BLANK_ROWS) -> dict[str, Any]:
    return {"code": "", "number": "", "title": "", "movement": "", "issuer_unit_code": "",
            "start": "", "end": "", "registration_deadline": "",
            "kinds": {kind: {"on": "", "cadence": "monthly", "criteria": "",
                             **dict.fromkeys(THRESHOLD_KEYS, "")} for kind in KINDS},
            "quotas": [{"award": "", "kind": "", "max": ""} for _ in range(rows)],
            "reserved": [{"award": "", "kind": "", "sector": "", "max": ""}
                         for _ in range(rows)],
            **dict.fromkeys(PLAN_SECTIONS, ""), **dict.fromkeys(PLAN_TEXTS, ""),
            **{f"signer_{k}": "" for k in SIGNER}}


def values_of(campaign: dict[str, Any], issuer_code: str) -> dict[str, Any]:
    """The form filled in with a stored campaign."""
    values = blank_values(0)
    values.update({k: str(campaign[k] or "") for k in ("code", "number", "title", "movement")})
    values["issuer_unit_code"] = issuer_code
    for key in ("start", "end", "registration_deadline"):
        values[key] = campaign[key].isoformat()
    for track in campaign["tracks"]:
        values["kinds"][track["subject_kind"]] = {
            "on": "co", "cadence": track["cadence"],
            "criteria": criteria_text(track["criteria"]),
            **{k: format_points(v) for k, v in track["thresholds"].items()}}
        for key in THRESHOLD_KEYS:
            values["kinds"][track["subject_kind"]].setdefault(key, "")
    for quota in campaign["quotas"]:
        values["quotas"].append({"award": quota["award_form"], "kind": quota["subject_kind"],
                                 "max": str(quota["max"])})
        values["reserved"] += [{"award": quota["award_form"], "kind": quota["subject_kind"],
                                "sector": r["sector"], "max": str(r["max"])}
                               for r in quota["reserved"]]
    plan = campaign["plan"]
    for key in PLAN_SECTIONS:
        values[key] = "\n".join(p if isinstance(p, str) else p["text"]
                                for p in plan.get(key, []))
    if plan.get("archive"):
        values["recipients"] += f"\nLưu: {plan['archive']}."
    for key in PLAN_TEXTS:
        values[key] = plan.get(key, "")
    for key in SIGNER:
        values[f"signer_{key}"] = (plan.get("signer") or {}).get(key, "")
    return with_blank_rows(values)


def with_blank_rows(values: dict[str, Any], rows: int = BLANK_ROWS) -> dict[str, Any]:
    for name, keys in (("quotas", ("award", "kind", "max")),
                       ("reserved", ("award", "kind", "sector", "max"))):
        values[name] = values[name][:MAX_ROWS - rows] + [dict.fromkeys(keys, "")
                                                         for _ in range(rows)]
    return values


def _rows(form: Any, name: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for index in range(MAX_ROWS):
        if f"{name}-{index}-{keys[0]}" not in form:
            break
        rows.append({key: form.get(f"{name}-{index}-{key}", "").strip() for key in keys})
    return rows


def posted_values(form: Any) -> dict[str, Any]:
    """The form as typed (kept when it is shown again with its errors)."""
    values = blank_values(0)
    for key in ("code", "number", "title", "movement", "issuer_unit_code", "start", "end",
                "registration_deadline", *PLAN_SECTIONS, *PLAN_TEXTS,
                *(f"signer_{k}" for k in SIGNER)):
        values[key] = form.get(key, "")
    for kind in KINDS:
        values["kinds"][kind] = {
            "on": form.get(f"{kind}-on", ""), "cadence": form.get(f"{kind}-cadence", ""),
            "criteria": form.get(f"{kind}-criteria", ""),
            **{k: form.get(f"{kind}-{k}", "").strip() for k in THRESHOLD_KEYS}}
    values["quotas"] = _rows(form, "quota", ("award", "kind", "max"))
    values["reserved"] = _rows(form, "reserved", ("award", "kind", "sector", "max"))
    return values


class Definition:
    """The definition the use case takes, built from the form's values, and the way back
    from a field of the definition to the form's field (and line) an error belongs to."""

    def __init__(self, values: dict[str, Any], plan: dict[str, Any]) -> None:
        self.kinds: list[str] = []
        self.criterion_lines: dict[str, list[int]] = {}
        self.quota_rows: list[int] = []
        self.reserved_rows: list[list[int]] = []
        data: dict[str, Any] = {k: values[k].strip() for k in (
            "code", "number", "title", "movement", "issuer_unit_code", "start", "end",
            "registration_deadline")}
        data["tracks"] = []
        for kind in KINDS:
            typed = values["kinds"][kind]
            if not typed["on"]:
                continue
            criteria, lines = parse_criteria(typed["criteria"], kind)
            self.kinds.append(kind)
            self.criterion_lines[kind] = lines
            thresholds = {k: typed[k] for k in THRESHOLD_KEYS if typed[k]}
            data["tracks"].append({"subject_kind": kind, "cadence": typed["cadence"],
                                   "criteria": criteria, "thresholds": thresholds})
        data["quotas"] = []
        for row, quota in enumerate(values["quotas"]):
            if not any(quota.values()):
                continue
            self.quota_rows.append(row)
            self.reserved_rows.append([])
            data["quotas"].append({"award_form": quota["award"], "subject_kind": quota["kind"],
                                   "max": _whole(quota["max"], f"quota-{row}-max"),
                                   "reserved": []})
        for row, share in enumerate(values["reserved"]):
            if not any(share.values()):
                continue
            index = next((i for i, q in enumerate(data["quotas"])
                          if (q["award_form"], q["subject_kind"])
                          == (share["award"], share["kind"])), None)
            if index is None:
                raise InvalidInputError(
                    "Chưa có dòng số lượng khen thưởng cùng hình thức và đối tượng này ở bảng "
                    "trên.", f"reserved-{row}-award")
            self.reserved_rows[index].append(row)
            data["quotas"][index]["reserved"].append(
                {"sector": share["sector"], "max": _whole(share["max"], f"reserved-{row}-max")})
        data["plan"] = self._plan(values, plan)
        self.data = data

    @staticmethod
    def _plan(values: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
        """The stored plan with the parts the form shows replaced by what was typed."""
        result = {k: v for k, v in plan.items() if k not in PLAN_SECTIONS
                  and k not in PLAN_TEXTS and k not in ("signer", "archive")}
        archive = re.compile(r"^[-–•\s]*Lưu\s*:\s*(.*?)[.;]?$", re.IGNORECASE)
        for key in PLAN_SECTIONS:
            # A paragraph kept as it was keeps its style (bold, a label) from the API.
            kept = {p if isinstance(p, str) else p["text"]: p for p in plan.get(key, [])}
            typed = [kept.get(line, line) for _, line in _lines(values[key])]
            if key == "recipients":  # "Lưu: VT, CTCS" typed last is the archive line
                stored = [line for line in typed if isinstance(line, str)
                          and archive.match(line)]
                typed = [line for line in typed if line not in stored]
                if stored:
                    result["archive"] = archive.match(stored[-1])[1]  # type: ignore[index]
            if typed:
                result[key] = typed
        for key in PLAN_TEXTS:
            if values[key].strip():
                result[key] = values[key].strip()
        signer = {k: values[f"signer_{k}"].strip() for k in SIGNER
                  if values[f"signer_{k}"].strip()}
        if signer:
            result["signer"] = signer
        return result

    def form_field(self, field: str) -> tuple[str, str]:
        """(the form's field, a prefix naming the line or row) for a definition's field."""
        if match := re.match(r"^tracks\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?(?:\.(\w+))?", field):
            kind = self.kinds[int(match[1])] if int(match[1]) < len(self.kinds) else KINDS[0]
            part, index, key = match[2], match[3], match[4]
            if part == "cadence":
                return f"{kind}-cadence", ""
            if part == "thresholds" and key:
                return f"{kind}-{key}", ""
            if part == "criteria" and index is not None:
                return f"{kind}-criteria", f"Dòng {self.criterion_lines[kind][int(index)]}: "
            return f"{kind}-criteria", ""
        if match := re.match(r"^quotas\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?(?:\.(\w+))?", field):
            quota, part, index, key = int(match[1]), match[2], match[3], match[4]
            if part == "reserved" and index is not None:
                row = self.reserved_rows[quota][int(index)]
                return f"reserved-{row}-{'sector' if key == 'sector' else 'max'}", ""
            if part == "reserved":
                return f"reserved-{self.reserved_rows[quota][0]}-max", ""
            name = {"award_form": "award", "subject_kind": "kind"}.get(part or "", "max")
            return f"quota-{self.quota_rows[quota]}-{name}", ""
        if match := re.match(r"^plan\.signer(?:\.(\w+))?", field):
            return f"signer_{match[1] or 'name'}", ""
        if match := re.match(r"^plan\.(\w+)(?:\[(\d+)\])?", field):
            line = f"Dòng {int(match[2]) + 1}: " if match[2] is not None else ""
            return (match[1] if match[1] in LABELS else "form"), line
        return (field if field in LABELS else "form"), ""


def _whole(text: str, field: str) -> int:
    if not re.fullmatch(r"\d{1,6}", text):
        raise InvalidInputError("Ghi một số nguyên không âm.", field)
    return int(text)


def form_error(error: InvalidInputError | Any, definition: Definition | None) -> tuple[str, str]:
    """Where on the form ``error`` belongs and what it says there."""
    field = error.field or "form"
    if definition is None or field in LABELS or re.match(r"^(quota|reserved)-\d+-", field) \
            or field.endswith("-criteria"):
        where, prefix = field if field in LABELS or "-" in field else "form", ""
    else:
        where, prefix = definition.form_field(field)
    label = LABELS.get(where)
    message = error.message.replace(f"«{error.field}»", f"«{label}»") if label else \
        re.sub(r"«[a-z_]+(\[\d+\])?(\.[a-z_A-Z]+(\[\d+\])?)+»", "này", error.message)
    return where, prefix + message
