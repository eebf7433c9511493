"""History of an aggregate: every event with version, time, actor and the change in words.

The words are Vietnamese, one sentence per event ("Tự chấm điểm: TT1 28, TT2 35,5 (tổng
63,5)"); an event type without a sentence of its own falls back to its name and fields,
so new aggregates show up before anyone writes their sentences. Secrets (password hashes)
never leave this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from events import ids
from events.audit import REASONS
from events.campaign import SUBJECT_KINDS
from events.document import KINDS
from events.errors import InvalidInputError, NotFoundError
from events.sector import Sector, sector_name
from events.user import ROLES, User
from events.values import VIETNAM, format_points, parse_uuid
from services import formatting
from services.actors import SYSTEM
from services.app import ThiduaApplication
from services.audit import (
    award_words,
    dossier_words,
    notice_words,
    recusal_words,
    schedule_words,
)

_day = formatting.day_or_text  # a date in event data as the pages write it

SYSTEM_NAME = "Hệ thống (tự động)"
HIDDEN = frozenset({"password_hash"})  # never shown, not even to auditors
_META = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})

EVENT_NAMES = {
    "Unit.Registered": "Đăng ký đơn vị",
    "Unit.Renamed": "Đổi tên đơn vị",
    "Sector.Defined": "Định nghĩa ngành",
    "Sector.Renamed": "Đổi tên ngành",
    "Person.Registered": "Thêm cá nhân",
    "Person.Moved": "Chuyển đơn vị công tác",
    "Bloc.Formed": "Lập khối thi đua",
    "Bloc.UnitAdded": "Thêm đơn vị vào khối",
    "Bloc.UnitRemoved": "Đưa đơn vị ra khỏi khối",
    "Campaign.Launched": "Phát động phong trào",
    "Campaign.Revised": "Sửa Kế hoạch phong trào",
    "Registration.Registered": "Đăng ký thi đua",
    "Scorecard.Opened": "Mở phiếu điểm",
    "Scorecard.SelfAssessed": "Tự chấm điểm",
    "Scorecard.Reviewed": "Chấm duyệt",
    "Scorecard.Corrected": "Đính chính điểm",
    "User.Created": "Tạo tài khoản",
    "User.PasswordChanged": "Đổi mật khẩu",
    "User.Disabled": "Khoá tài khoản",
    "User.LoginFailed": "Đăng nhập không thành công",
    "User.LoggedIn": "Đăng nhập",
    "LoginAttempts.Opened": "Bắt đầu ghi lượt đăng nhập trong ngày",
    "LoginAttempts.Failed": "Đăng nhập không thành công",
    "LoginAttempts.Succeeded": "Đăng nhập thành công",
    "SignIn.Started": "Bắt đầu phiên đăng nhập",
    "SignIn.Ended": "Kết thúc phiên đăng nhập",
    "IssuedDocument.Issued": "Phát hành văn bản",
    "IssuedDocument.Downloaded": "Tải văn bản",
    "Submission.Recorded": "Ghi nhận lần gửi biểu mẫu",
    "AuditSeal.Sealed": "Niêm phong chuỗi băm",
    **dossier_words.NAMES,
    **notice_words.NAMES,
    **schedule_words.NAMES,
    **recusal_words.NAMES,
    **award_words.NAMES,
}
KIND_NAMES = {
    "Unit": "Đơn vị", "Sector": "Ngành", "Person": "Cá nhân", "Bloc": "Khối thi đua",
    "Campaign": "Phong trào",
    "Registration": "Đăng ký thi đua", "Scorecard": "Phiếu điểm", "User": "Tài khoản",
    "IssuedDocument": "Văn bản", "Submission": "Lần gửi biểu mẫu", "AuditSeal": "Niêm phong",
    "LoginAttempts": "Lượt đăng nhập", "SignIn": "Phiên đăng nhập",
    **dossier_words.KIND_NAMES,
    **notice_words.KIND_NAMES,
    **schedule_words.KIND_NAMES,
    **recusal_words.KIND_NAMES,
    **award_words.KIND_NAMES,
}


def event_type_of(topic: str) -> str:
    """``events.scorecard:Scorecard.Reviewed`` → ``Scorecard.Reviewed``."""
    return topic.rpartition(":")[2]


def plain(value: Any) -> Any:
    """A JSON-ready copy: numbers for points, ISO text for dates, strings for ids."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if k not in HIDDEN}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return value


def event_data(event: Any) -> dict[str, Any]:
    """The event's own fields (no ids, version, time or secrets)."""
    return {k: v for k, v in vars(event).items() if k not in _META and k not in HIDDEN}


def local_time(moment: datetime) -> str:
    """06/12/2026 04:07:20: the pages' style of a time (services/formatting.py), to the
    second as an audit needs."""
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S")


class Names:
    """Display names of referenced aggregates, looked up once per request."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app
        self._cache: dict[str, str] = {}

    def __call__(self, value: Any) -> str:
        if value is None:
            return "—"
        key = str(value)
        if key not in self._cache:
            self._cache[key] = self._lookup(key)
        return self._cache[key]

    def user(self, username: Any) -> str:
        """An account by its person's name, the username beside it when they differ."""
        if not username:
            return "—"
        key = f"user:{username}"
        if key not in self._cache:
            found = self.app.find(User, ids.user_id(str(username)))
            name = found.display_name if found is not None else str(username)
            if found is None and username == SYSTEM.username:
                # the demo, imports and the command line, not a person
                self._cache[key] = SYSTEM_NAME
            else:
                self._cache[key] = name if name == username else f"{name} ({username})"
        return self._cache[key]

    def sector(self, code: str) -> str:
        """A sector's name as the organisation calls it now (else the default, the code)."""
        key = f"sector:{code}"
        if key not in self._cache:
            found = self.app.find(Sector, ids.sector_id(code))
            self._cache[key] = found.name if found is not None else sector_name(code)
        return self._cache[key]

    def _lookup(self, key: str) -> str:
        try:
            aggregate = self.app.repository.get(UUID(key))
        except (AggregateNotFoundError, ValueError):
            return f"(mã {key[:8]}…)"
        name = type(aggregate).__name__
        if name == "Unit":
            return f"{aggregate.name} ({aggregate.code})"
        if name == "Sector":
            return f"ngành {aggregate.name} ({aggregate.code})"
        if name == "Person":
            return aggregate.full_name
        if name == "Campaign":
            # as people name a campaign: by its Kế hoạch, not by its code
            number = getattr(aggregate, "number", "")
            return f"Kế hoạch số {number}: {aggregate.title}" if number else aggregate.title
        if name == "User":
            return self.user(aggregate.username)
        if name == "Scorecard":
            return f"kỳ {period_words(aggregate.period)} của {self(aggregate.subject_id)}"
        if name == "Registration":
            return (f"của {self(aggregate.subject_id)} vào phong trào theo "
                    f"{self(aggregate.campaign_id)}")
        for label in ("subject_name", "title", "number"):
            value = getattr(aggregate, label, None)
            if isinstance(value, str) and value:
                return f"{KIND_NAMES.get(name, name).lower()} «{value}»"
        return f"{KIND_NAMES.get(name, name).lower()} {key[:8]}…"


class Context:
    """What a sentence may need beyond the event: names, and the aggregate after it."""

    def __init__(self, names: Names, after: Callable[[], Aggregate | None]) -> None:
        self.names = names
        self.after = after


def period_words(label: str) -> str:
    """A period inside a sentence: "tháng 01/2020", "tuần 49 (30/11–06/12/2026)"."""
    text = formatting.period(label)
    return text[:1].lower() + text[1:]


def _natural(code: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code))


def _points(value: Any) -> str:
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return format_points(number)


def _score_list(scores: dict[str, Any]) -> str:
    return ", ".join(f"{code} {_points(scores[code])}" for code in sorted(scores, key=_natural))


def _total(scores: dict[str, Any]) -> str:
    return _points(sum((Decimal(v) for v in scores.values()), Decimal(0)))


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _corrected(d: dict[str, Any], c: Context) -> str:
    scores, changed = d["scores"], d.get("changed") or sorted(d["scores"])
    after = c.after()
    corrections = getattr(after, "corrections", None) or []
    before = corrections[-1]["before"] if corrections else {}
    parts = []
    # A correction form posts every criterion: name only those whose points changed.
    moved = [code for code in changed if code not in before or before[code] != scores[code]]
    for code in sorted(moved or changed, key=_natural):
        old = f"{_points(before[code])} → " if code in before else ""
        parts.append(f"{code} {old}{_points(scores[code])}")
    totals = f" (tổng {_total(before)} → {_total(scores)})" if before else ""
    return f"Đính chính: {', '.join(parts)}{totals}, lý do: {d.get('reason') or '—'}"


def _unit_registered(d: dict[str, Any], c: Context) -> str:
    text = f"Đăng ký đơn vị «{d['name']}» (mã {d['code']})"
    if d.get("parent_id"):
        text += f", trực thuộc {c.names(d['parent_id'])}"
    if d.get("sector"):
        text += f", ngành {c.names.sector(d['sector'])}"
    return text


def _person_registered(d: dict[str, Any], c: Context) -> str:
    text = f"Thêm cá nhân {d['full_name']}"
    if d.get("position"):
        text += f" ({d['position']})"
    text += f" vào {c.names(d['unit_id'])}"
    return text + (", là lãnh đạo" if d.get("is_leader") else "")


def _registered(d: dict[str, Any], c: Context) -> str:
    kind = SUBJECT_KINDS.get(d["subject_kind"], d["subject_kind"])
    text = (f"Đăng ký thi đua ({kind}) cho {c.names(d['subject_id'])} vào phong trào "
            f"theo {c.names(d['campaign_id'])}, ngày {_day(d['registered_on'])}")
    if d.get("pledge"):
        text += f"; cam kết: «{_short(d['pledge'])}»"
    return text


def _user_created(d: dict[str, Any], c: Context) -> str:
    text = f"Tạo tài khoản «{d['username']}», vai trò {ROLES.get(d['role'], d['role'])}"
    return text + (f", đơn vị {c.names(d['unit_id'])}" if d.get("unit_id") else "")


def _from(d: dict[str, Any]) -> str:
    return f" từ địa chỉ {d['address']}" if d.get("address") else ""


DESCRIBE: dict[str, Callable[[dict[str, Any], Context], str]] = {
    "Unit.Registered": _unit_registered,
    "Unit.Renamed": lambda d, c: f"Đổi tên đơn vị thành «{d['name']}»",
    "Sector.Defined": lambda d, c: f"Định nghĩa ngành «{d['name']}» (mã {d['code']})",
    "Sector.Renamed": lambda d, c: f"Đổi tên ngành thành «{d['name']}»",
    "Person.Registered": _person_registered,
    "Person.Moved": lambda d, c: (f"Chuyển sang {c.names(d['unit_id'])}"
                                  + (f", chức vụ {d['position']}" if d.get("position") else "")),
    "Bloc.Formed": lambda d, c: (f"Lập khối thi đua «{d['name']}» (mã {d['code']}) gồm "
                                 f"{len(d['unit_ids'])} đơn vị: "
                                 + ", ".join(c.names(u) for u in d["unit_ids"])),
    "Bloc.UnitAdded": lambda d, c: f"Thêm {c.names(d['unit_id'])} vào khối",
    "Bloc.UnitRemoved": lambda d, c: f"Đưa {c.names(d['unit_id'])} ra khỏi khối",
    "Campaign.Launched": lambda d, c: (
        f"Phát động phong trào «{d['title']}» (mã {d['code']}, Kế hoạch số {d['number']}), "
        f"từ {_day(d['start'])} đến {_day(d['end'])}, hạn đăng ký "
        f"{_day(d['registration_deadline'])}"),
    "Campaign.Revised": lambda d, c: (
        f"Sửa Kế hoạch số {d['number']} «{d['title']}»: từ {_day(d['start'])} đến "
        f"{_day(d['end'])}, hạn đăng ký {_day(d['registration_deadline'])}"),
    "Registration.Registered": _registered,
    "Scorecard.Opened": lambda d, c: (
        f"Mở phiếu điểm kỳ {period_words(d['period'])} cho "
        f"{SUBJECT_KINDS.get(d['subject_kind'], d['subject_kind'])} {c.names(d['subject_id'])}"),
    "Scorecard.SelfAssessed": lambda d, c: (
        f"Tự chấm điểm: {_score_list(d['scores'])} (tổng {_total(d['scores'])})"),
    "Scorecard.Reviewed": lambda d, c: (
        f"Chấm duyệt: {_score_list(d['scores'])} (tổng {_total(d['scores'])})"),
    "Scorecard.Corrected": _corrected,
    "User.Created": _user_created,
    "User.PasswordChanged": lambda d, c: "Đổi mật khẩu",
    "User.Disabled": lambda d, c: "Khoá tài khoản",
    "User.LoginFailed": lambda d, c: "Đăng nhập không thành công" + _from(d),
    "User.LoggedIn": lambda d, c: "Đăng nhập" + _from(d),
    "LoginAttempts.Opened": lambda d, c: f"Tài khoản «{d['username']}»" + _from(d),
    "LoginAttempts.Failed": lambda d, c: "Đăng nhập không thành công (" + {
        "unknown": "không có tài khoản này", "disabled": "tài khoản đang bị khóa",
        "password": "sai mật khẩu"}.get(d.get("reason", ""), "không rõ lý do") + ")",
    "LoginAttempts.Succeeded": lambda d, c: "Đăng nhập thành công",
    "SignIn.Started": lambda d, c: ("Đăng nhập qua giao diện web" if d.get("kind") == "web"
                                    else "Cấp mã truy cập API") + _from(d),
    "SignIn.Ended": lambda d, c: "Đăng xuất" if d.get("reason") == "signed_out"
    else "Kết thúc phiên đăng nhập",
    "IssuedDocument.Issued": lambda d, c: (
        f"Phát hành {KINDS.get(d['kind'], d['kind'])} số {d['number']}: {_short(d['title'])} "
        f"(SHA-256 {d['sha256'][:16]}…)"),
    "IssuedDocument.Downloaded": lambda d, c: f"Tải văn bản (định dạng {d['file_format']})",
    "Submission.Recorded": lambda d, c: (
        f"Ghi nhận lần gửi «{d['command']}» (kết quả {str(d['result_id'])[:8]}…)"),
    "AuditSeal.Sealed": lambda d, c: (
        f"Niêm phong chuỗi băm ({REASONS.get(d['reason'], d['reason'])}) tại sự kiện số "
        f"{d['position']}: {d['link'][:16]}…"),
    **dossier_words.DESCRIBE,
    **notice_words.DESCRIBE,
    **schedule_words.DESCRIBE,
    **recusal_words.DESCRIBE,
    **award_words.DESCRIBE,
}


def describe(event_type: str, data: dict[str, Any], context: Context) -> str:
    """The change in words; unknown or odd events fall back to their name and fields."""
    describer = DESCRIBE.get(event_type)
    if describer is not None:
        try:
            return describer(data, context)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
            pass  # an older or hand-made event: show its fields instead
    name = EVENT_NAMES.get(event_type, event_type)
    fields = ", ".join(f"{k}: {_short(str(plain(v)), 60)}" for k, v in data.items()
                       if k != "actor")
    return f"{name}: {fields}" if fields else name


def entry(event: Any, position: int | None, context: Context) -> dict[str, Any]:
    """One event as history and the event browser show it."""
    kind_event = type(event).__qualname__
    data = event_data(event)
    return {
        "position": position,
        "aggregate_id": str(event.originator_id),
        "aggregate_kind": kind_event.partition(".")[0],
        "version": event.originator_version,
        "event_type": kind_event,
        "event_name": EVENT_NAMES.get(kind_event, kind_event),
        "occurred_at": event.timestamp,
        "local_time": local_time(event.timestamp),
        "actor": data.get("actor") if isinstance(data.get("actor"), str) else None,
        "actor_name": context.names.user(data["actor"])
        if isinstance(data.get("actor"), str) else None,
        "kind_name": KIND_NAMES.get(kind_event.partition(".")[0], kind_event.partition(".")[0]),
        "summary": describe(kind_event, data, context),
        "data": plain(data),
    }


def _load(app: ThiduaApplication, aggregate_id: UUID) -> Aggregate:
    try:
        return app.repository.get(aggregate_id)
    except AggregateNotFoundError:
        raise NotFoundError(f"Không có đối tượng nào mang mã {aggregate_id}.", "id") from None


def history(app: ThiduaApplication, aggregate_id: UUID | str,
            positions: dict[int, int] | None = None) -> dict[str, Any]:
    """Every event of one aggregate, oldest first, each with the change in words."""
    uuid = parse_uuid(aggregate_id, "id")
    names = Names(app)
    aggregate: Any = None
    entries = []
    for event in app.events.get(uuid):
        aggregate = event.mutate(aggregate)
        context = Context(names, lambda current=aggregate: current)
        entries.append(entry(event, (positions or {}).get(event.originator_version), context))
    if aggregate is None:
        raise NotFoundError(f"Không có đối tượng nào mang mã {uuid}.", "id")
    kind = type(aggregate).__name__
    return {"id": str(uuid), "kind": kind, "kind_name": KIND_NAMES.get(kind, kind),
            "title": names(uuid), "version": aggregate.version, "events": entries}


def state_of(aggregate: Aggregate) -> dict[str, Any]:
    as_dict = getattr(aggregate, "as_dict", None)
    if callable(as_dict):
        return plain(as_dict())
    data = {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}
    return plain({"id": aggregate.id, **data})


def state_at(app: ThiduaApplication, aggregate_id: UUID | str,
             version: int | None = None) -> dict[str, Any]:
    """The aggregate as it was right after ``version`` (default: now)."""
    uuid = parse_uuid(aggregate_id, "id")
    current = _load(app, uuid)
    if version is None:
        version = current.version
    if isinstance(version, bool) or not isinstance(version, int) \
            or not 1 <= version <= current.version:
        raise InvalidInputError(
            f"Phiên bản phải là số nguyên từ 1 đến {current.version}.", "version")
    then = current if version == current.version else app.repository.get(uuid, version=version)
    kind = type(then).__name__
    return {"id": str(uuid), "kind": kind, "kind_name": KIND_NAMES.get(kind, kind),
            "version": version, "current_version": current.version,
            "modified_on": then.modified_on, "state": state_of(then)}
