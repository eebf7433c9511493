"""The events of a dossier (events/dossier.py) in Vietnamese words, for the audit history.

Each sentence names the units by name (the route is read from the dossier as it stood
right after the event) and keeps the reasons and verdicts as written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from events.dossier import ELIGIBLE_WORDS
from events.rules import ROUTES


class Context(Protocol):
    """What services/audit/history.py passes: names of aggregates, the dossier after."""

    names: Callable[[Any], str]
    after: Callable[[], Any]


NAMES = {
    "Dossier.Created": "Lập hồ sơ đề nghị",
    "Dossier.Submitted": "Gửi hồ sơ lên cấp trên",
    "Dossier.Forwarded": "Chuyển hồ sơ lên cấp trên",
    "Dossier.Returned": "Trả lại hồ sơ",
    "Dossier.FileAttached": "Đính kèm tệp",
    "Dossier.SpecialistAssigned": "Phân công chuyên viên",
    "Dossier.VerdictRecorded": "Ghi kết luận",
    "Dossier.Accepted": "Tiếp nhận hồ sơ",
    "Dossier.Withdrawn": "Rút hồ sơ",
}
KIND_NAMES = {"Dossier": "Hồ sơ đề nghị"}


def _on(d: dict[str, Any]) -> str:
    """" ngày 03/10/2025" for a move that carries its day (moves recorded before: none)."""
    day = d.get("on")
    return f" ngày {day:%d/%m/%Y}" if isinstance(day, date) else ""


def _tier(c: Context, tier: int) -> str:
    return c.names(c.after().route[tier])


def _created(d: dict[str, Any], c: Context) -> str:
    form = d.get("form") or {}
    people = ", ".join(n["subject_name"] for n in d["nominees"])
    route = " → ".join(c.names(u) for u in d["route"])
    return (f"Lập hồ sơ đề nghị «{form.get('name', d['award'])}» năm {d['year']} "
            f"({ROUTES.get(d['basis'], d['basis']).lower()}) của {c.names(d['submitting_unit_id'])}"
            f" cho {len(d['nominees'])} cá nhân, tập thể: {people}; tuyến trình: {route}")


def _returned(d: dict[str, Any], c: Context) -> str:
    return (f"{_tier(c, d['from_tier'])} trả hồ sơ về {_tier(c, d['to_tier'])}{_on(d)}, lý "
            f"do: {d['reason']}")


def _verdict(d: dict[str, Any], c: Context) -> str:
    nominee = c.after().nominee(d["subject_id"])
    text = (f"Kết luận tại {c.names(d['unit_id'])}: {nominee['subject_name']}: "
            f"{ELIGIBLE_WORDS[bool(d['eligible'])]}")
    if d.get("reason"):
        text += f", lý do: {d['reason']}"
    if d.get("findings"):
        text += "; kết quả kiểm tra: " + " ".join(d["findings"])
    return text


def _accepted(d: dict[str, Any], c: Context) -> str:
    dossier = c.after()
    names = [dossier.nominee(n["subject_id"])["subject_name"] for n in dossier.nominees
             if str(n["subject_id"]) in d["nominations"]]
    return (f"{c.names(dossier.issuer_id)} tiếp nhận hồ sơ, đưa {len(names)} cá nhân, tập "
            f"thể ra Hội đồng: {', '.join(names)}")


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB".replace(".", ",") if size >= 2**20 else \
        f"{max(1, round(size / 1024))} KB"


DESCRIBE: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "Dossier.Created": _created,
    "Dossier.Submitted": lambda d, c: f"Gửi hồ sơ lên {_tier(c, d['to_tier'])}{_on(d)}",
    "Dossier.Forwarded": lambda d, c: (f"{_tier(c, d['from_tier'])} chuyển hồ sơ lên "
                                       f"{_tier(c, d['to_tier'])}{_on(d)}"),
    "Dossier.Returned": _returned,
    "Dossier.FileAttached": lambda d, c: (
        f"{c.names(d['unit_id'])} đính kèm tệp «{d['name']}» ({_size(d['size'])}, "
        f"SHA-256 {d['sha256'][:16]}…)"),
    "Dossier.SpecialistAssigned": lambda d, c: (
        f"Giao hồ sơ cho chuyên viên «{d['specialist']}» của {c.names(d['unit_id'])}"),
    "Dossier.VerdictRecorded": _verdict,
    "Dossier.Accepted": _accepted,
    "Dossier.Withdrawn": lambda d, c: f"Đơn vị rút hồ sơ, lý do: {d['reason']}",
}
