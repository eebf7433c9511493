"""The thidua application: use cases over the event store, shared by the CLI and HTTP."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Transcoder
from eventsourcing.utils import get_topic

from events import ids
from events.bloc import Bloc
from events.campaign import SUBJECT_KINDS, Campaign, check_campaign_definition
from events.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)
from events.periods import parse_scoring_period
from events.person import Person
from events.registration import Registration
from events.scorecard import CORRECTION, REVIEW, SELF, STAGES, Scorecard, check_scores
from events.submission import Submission
from events.text import clean_code, clean_text
from events.unit import SECTORS, Unit
from events.user import ROLES, User
from services.actors import UNIT_SCOPED, Actor, check_allowed, is_unit_scoped
from services.transcoding import construct_transcoder

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
A = TypeVar("A", bound=Aggregate)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD_LENGTH = 8
CONFLICT_RETRIES = 5
LOGIN_LIMIT = 5  # failed logins in a row…
LOGIN_WINDOW = timedelta(minutes=15)  # …within this window lock the account for as long
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")


def today_in_vietnam() -> date:
    return datetime.now(VIETNAM).date()


def parse_uuid(value: object, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInputError(f"Mã định danh «{value}» ở trường «{field}» không hợp lệ.",
                                field) from None


class _ImmutableCache:
    """A bounded cache for aggregates that never change after creation."""

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self.items: OrderedDict[UUID, Aggregate] = OrderedDict()

    def get(self, key: UUID) -> Aggregate | None:
        return self.items.get(key)

    def put(self, key: UUID, value: Aggregate) -> None:
        self.items[key] = value
        if len(self.items) > self.maxsize:
            self.items.popitem(last=False)


class ThiduaApplication(Application[UUID]):
    """Use cases of thidua. Each one reads get → act → save and returns plain values."""

    name = "Thidua"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        clock: Callable[[], date] = today_in_vietnam,
        password_hasher: PasswordHasher | None = None,
    ) -> None:
        super().__init__(env)
        self.clock = clock
        self.password_hasher = password_hasher or PasswordHasher()
        # Campaigns and registrations have no event after their first one, so a copy
        # held in memory can never go stale. Revisit if they gain amendments.
        self._immutable = _ImmutableCache()

    def construct_transcoder(self) -> Transcoder:
        return construct_transcoder()

    # --- store helpers ------------------------------------------------------------------

    def last_position(self) -> int:
        """Return the notification id of the last recorded event (0 for an empty store).

        Not a count: on PostgreSQL an insert that fails a uniqueness check still uses
        up a sequence value, so positions can have gaps.
        """
        return self.recorder.max_notification_id() or 0

    def event_count(self) -> int:
        """Count the recorded events by reading the notification log."""
        count, start = 0, 1
        while True:
            page = self.recorder.select_notifications(start, 1000)
            if not page:
                return count
            count += len(page)
            start = page[-1].id + 1

    def _load(self, cls: type[A], aggregate_id: UUID, message: str, field: str) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(message, field) from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(message, field)
        return aggregate

    def _load_immutable(self, cls: type[A], aggregate_id: UUID, message: str, field: str) -> A:
        cached = self._immutable.get(aggregate_id)
        if isinstance(cached, cls):
            return cached
        aggregate = self._load(cls, aggregate_id, message, field)
        self._immutable.put(aggregate_id, aggregate)
        return aggregate

    def _exists(self, aggregate_id: UUID) -> bool:
        return any(True for _ in self.events.get(aggregate_id, lte=1))

    def _save_new(self, aggregate: Aggregate, message: str, field: str) -> None:
        """Save a new aggregate whose id is its natural key: a clash is a duplicate."""
        try:
            self.save(aggregate)
        except IntegrityError:
            raise ConflictError(message, field) from None

    # --- idempotency ------------------------------------------------------------------

    @staticmethod
    def _submission_key(actor: Actor, key: str | None) -> str | None:
        if key is None:
            return None
        if not _IDEMPOTENCY_KEY.match(key):
            raise InvalidInputError(
                "Mã chống gửi trùng (idempotency key) phải gồm 8–100 ký tự chữ, số, - _ . :",
                "idempotency_key")
        return f"{actor.username}:{key}"

    def _earlier_submission(self, key: str | None) -> Submission | None:
        """The command already carried out under this key, if any."""
        if key is None:
            return None
        try:
            found = self.repository.get(ids.submission_id(key))
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Submission) else None

    def _with_submission(self, key: str | None, command: str, result_id: UUID,
                         actor: Actor, *aggregates: Aggregate) -> tuple[Aggregate, ...]:
        """The aggregates to save, plus the submission record when a key was given."""
        if key is None:
            return aggregates
        return (*aggregates, Submission(key=key, command=command, result_id=str(result_id),
                                        actor=actor.username))

    def _ids_of(self, cls: type[Aggregate], event_name: str) -> Iterator[UUID]:
        """Ids of every aggregate of ``cls``, in the order they were created."""
        topic = get_topic(getattr(cls, event_name))
        start = 1
        while True:
            page = self.recorder.select_notifications(start, 500, topics=[topic])
            if not page:
                return
            for notification in page:
                yield UUID(str(notification.originator_id))
            start = page[-1].id + 1

    # --- units --------------------------------------------------------------------------

    def get_unit(self, unit_id: UUID, field: str = "unit_id") -> Unit:
        return self._load(Unit, unit_id, "Không tìm thấy đơn vị.", field)

    def get_unit_by_code(self, code: str, field: str = "unit_code") -> Unit:
        clean = clean_code(code, field)
        return self._load(Unit, ids.unit_id(clean), f"Không có đơn vị mã «{clean}».", field)

    def create_unit(
        self, *, code: str, name: str, parent_code: str | None = None,
        sector: str | None = None, actor: Actor,
    ) -> dict[str, Any]:
        check_allowed(actor, "units.create")
        clean = clean_code(code, "code")
        parent_id = self.get_unit_by_code(parent_code, "parent_code").id if parent_code else None
        if sector is not None and sector != "" and sector not in SECTORS:
            raise InvalidInputError(
                f"Ngành «{sector}» không có trong danh mục ({', '.join(SECTORS)}).", "sector"
            )
        unit = Unit(
            code=clean, name=clean_text(name, "name"), parent_id=parent_id,
            sector=sector or None, actor=actor.username,
        )
        duplicate = f"Mã đơn vị «{clean}» đã tồn tại."
        if self._exists(unit.id):
            raise ConflictError(duplicate, "code")
        self._save_new(unit, duplicate, "code")
        return self._unit_dict(unit)

    def list_units(self) -> list[dict[str, Any]]:
        return [self._unit_dict(self.get_unit(i)) for i in self._ids_of(Unit, "Registered")]

    def _unit_dict(self, unit: Unit) -> dict[str, Any]:
        data = unit.as_dict()
        data["parent_code"] = self.get_unit(unit.parent_id).code if unit.parent_id else None
        return data

    def unit_ancestry(self, unit_id: UUID) -> list[UUID]:
        """Return ``unit_id`` and the ids of all units above it."""
        chain: list[UUID] = []
        current: UUID | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.get_unit(current).parent_id
        return chain

    def in_scope(self, actor: Actor, unit_id: UUID) -> bool:
        """Whether the actor may act for this unit (its own unit or one under it)."""
        return not is_unit_scoped(actor) or (
            actor.unit_id is not None and actor.unit_id in self.unit_ancestry(unit_id))

    def _check_unit_scope(self, actor: Actor, unit_id: UUID) -> None:
        if not self.in_scope(actor, unit_id):
            raise PermissionDeniedError(
                "Tài khoản chỉ được thao tác cho đơn vị của mình và các đơn vị trực thuộc.",
                None,
            )

    # --- blocs --------------------------------------------------------------------------

    def create_bloc(
        self, *, code: str, name: str, unit_codes: list[str], actor: Actor
    ) -> dict[str, Any]:
        check_allowed(actor, "blocs.manage")
        clean = clean_code(code, "code")
        unit_ids: list[UUID] = []
        for index, unit_code in enumerate(unit_codes):
            unit_id = self.get_unit_by_code(unit_code, f"unit_codes[{index}]").id
            if unit_id in unit_ids:
                raise InvalidInputError("Đơn vị bị lặp trong danh sách.", f"unit_codes[{index}]")
            unit_ids.append(unit_id)
        bloc = Bloc(code=clean, name=clean_text(name, "name"), unit_ids=unit_ids,
                    actor=actor.username)
        duplicate = f"Mã khối thi đua «{clean}» đã tồn tại."
        if self._exists(bloc.id):
            raise ConflictError(duplicate, "code")
        self._save_new(bloc, duplicate, "code")
        return self._bloc_dict(bloc)

    def add_unit_to_bloc(self, *, bloc_code: str, unit_code: str, actor: Actor) -> dict[str, Any]:
        check_allowed(actor, "blocs.manage")
        bloc = self._load(Bloc, ids.bloc_id(clean_code(bloc_code, "bloc_code")),
                          "Không tìm thấy khối thi đua.", "bloc_code")
        bloc.add_unit(self.get_unit_by_code(unit_code, "unit_code").id, actor=actor.username)
        self.save(bloc)
        return self._bloc_dict(bloc)

    def list_blocs(self) -> list[dict[str, Any]]:
        return [
            self._bloc_dict(self._load(Bloc, i, "Không tìm thấy khối thi đua.", "code"))
            for i in self._ids_of(Bloc, "Formed")
        ]

    def _bloc_dict(self, bloc: Bloc) -> dict[str, Any]:
        return {**bloc.as_dict(),
                "unit_codes": [self.get_unit(u).code for u in bloc.unit_ids]}

    # --- people -------------------------------------------------------------------------

    def create_person(
        self, *, full_name: str, unit_code: str, position: str = "",
        is_leader: bool = False, actor: Actor, idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        check_allowed(actor, "people.create")
        key = self._submission_key(actor, idempotency_key)
        earlier = self._earlier_submission(key)
        if earlier is not None:
            person = self.get_person(UUID(earlier.result_id))
            return self._person_dict(person, self.get_unit(person.unit_id))
        unit = self.get_unit_by_code(unit_code, "unit_code")
        self._check_unit_scope(actor, unit.id)
        person = Person(
            full_name=clean_text(full_name, "full_name", max_length=200),
            unit_id=unit.id,
            position=clean_text(position, "position", required=False, max_length=200),
            is_leader=bool(is_leader),
            actor=actor.username,
        )
        try:
            self.save(*self._with_submission(key, "people.create", person.id, actor, person))
        except IntegrityError:
            earlier = self._earlier_submission(key)
            if earlier is None:
                raise
            person = self.get_person(UUID(earlier.result_id))
        return self._person_dict(person, unit)

    def get_person(self, person_id: UUID, field: str = "person_id") -> Person:
        return self._load(Person, person_id, "Không tìm thấy cá nhân.", field)

    def list_people(self, unit_code: str | None = None) -> list[dict[str, Any]]:
        unit_id = self.get_unit_by_code(unit_code, "unit_code").id if unit_code else None
        people = [self.get_person(i) for i in self._ids_of(Person, "Registered")]
        return [
            self._person_dict(p, self.get_unit(p.unit_id))
            for p in people
            if unit_id is None or p.unit_id == unit_id
        ]

    @staticmethod
    def _person_dict(person: Person, unit: Unit) -> dict[str, Any]:
        return {**person.as_dict(), "unit_code": unit.code, "unit_name": unit.name}

    # --- campaigns ----------------------------------------------------------------------

    def create_campaign(self, data: dict[str, Any], *, actor: Actor) -> dict[str, Any]:
        check_allowed(actor, "campaigns.create")
        definition = check_campaign_definition(data)
        issuer = self.get_unit_by_code(data.get("issuer_unit_code") or "", "issuer_unit_code")
        campaign = Campaign(**definition, issuer_unit_id=issuer.id, actor=actor.username)
        duplicate = f"Mã phong trào «{definition['code']}» đã tồn tại."
        if self._exists(campaign.id):
            raise ConflictError(duplicate, "code")
        self._save_new(campaign, duplicate, "code")
        return self._campaign_dict(campaign)

    def get_campaign(self, campaign_id: UUID | str, field: str = "campaign_id") -> Campaign:
        return self._load_immutable(
            Campaign, parse_uuid(campaign_id, field), "Không tìm thấy phong trào thi đua.", field
        )

    def campaign_details(self, campaign_id: UUID | str) -> dict[str, Any]:
        return self._campaign_dict(self.get_campaign(campaign_id))

    def list_campaigns(self) -> list[dict[str, Any]]:
        return [
            self._campaign_dict(self.get_campaign(i)) for i in self._ids_of(Campaign, "Launched")
        ]

    def _campaign_dict(self, campaign: Campaign) -> dict[str, Any]:
        issuer = self.get_unit(campaign.issuer_unit_id)
        return {**campaign.as_dict(), "issuer_unit_code": issuer.code}

    # --- registrations ------------------------------------------------------------------

    def register(
        self, *, campaign_id: UUID | str, subject_kind: str, subject_id: UUID | str,
        pledge: str = "", actor: Actor, on: date | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        check_allowed(actor, "registrations.create")
        key = self._submission_key(actor, idempotency_key)
        earlier = self._earlier_submission(key)
        if earlier is not None:
            return self._load(Registration, UUID(earlier.result_id), "", "id").as_dict()
        campaign = self.get_campaign(campaign_id)
        if subject_kind not in SUBJECT_KINDS:
            raise InvalidInputError(
                f"Đối tượng «{subject_kind}» không hợp lệ: dùng «collective» hoặc «individual».",
                "subject_kind",
            )
        campaign.track(subject_kind)
        subject = parse_uuid(subject_id, "subject_id")
        if subject_kind == "individual":
            unit_id = self.get_person(subject, "subject_id").unit_id
        else:
            unit_id = self.get_unit(subject, "subject_id").id
        self._check_unit_scope(actor, unit_id)
        campaign.check_registration_open(on or self.clock())
        registration = Registration(
            campaign_id=campaign.id, subject_kind=subject_kind, subject_id=subject,
            unit_id=unit_id, pledge=clean_text(pledge, "pledge", required=False, max_length=4000),
            registered_on=on or self.clock(), actor=actor.username,
        )
        duplicate = "Đối tượng này đã đăng ký thi đua trong phong trào."
        if self._exists(registration.id):
            raise ConflictError(duplicate, "subject_id")
        try:
            self.save(*self._with_submission(key, "registrations.create", registration.id,
                                             actor, registration))
        except IntegrityError:
            if self._earlier_submission(key) is None:
                raise ConflictError(duplicate, "subject_id") from None
        return registration.as_dict()

    def get_registration(self, campaign_id: UUID, subject_id: UUID) -> Registration:
        return self._load_immutable(
            Registration, ids.registration_id(campaign_id, subject_id),
            "Đối tượng chưa đăng ký thi đua trong phong trào này.", "subject_id",
        )

    def list_registrations(self, campaign_id: UUID | str) -> list[dict[str, Any]]:
        campaign = self.get_campaign(campaign_id)
        registrations = (
            self._load(Registration, i, "", "id")
            for i in self._ids_of(Registration, "Registered")
        )
        return [r.as_dict() for r in registrations if r.campaign_id == campaign.id]

    # --- scores -------------------------------------------------------------------------

    def post_scores(
        self, *, campaign_id: UUID | str, subject_id: UUID | str, period: str, stage: str,
        scores: dict[str, Any], reason: str | None = None, actor: Actor,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        key = self._submission_key(actor, idempotency_key)
        earlier = self._earlier_submission(key)
        if earlier is not None:
            return self._load(Scorecard, UUID(earlier.result_id), "", "period").as_dict()
        if stage not in STAGES:
            raise InvalidInputError(
                f"Bước chấm «{stage}» không hợp lệ: dùng self (tự chấm), review (chấm duyệt) "
                "hoặc correction (đính chính).",
                "stage",
            )
        check_allowed(actor, f"scores.{stage}")
        campaign = self.get_campaign(campaign_id)
        registration = self.get_registration(campaign.id, parse_uuid(subject_id, "subject_id"))
        self._check_unit_scope(actor, registration.unit_id)
        track = campaign.track(registration.subject_kind)
        scoring_period = parse_scoring_period(period, track["cadence"])
        campaign.check_period_within(scoring_period)
        checked = check_scores(
            scores, campaign.criterion_max(registration.subject_kind), complete=stage != CORRECTION
        )
        clean_reason = clean_text(reason, "reason", max_length=2000) if stage == CORRECTION else ""
        card_id = ids.scorecard_id(campaign.id, registration.subject_id, scoring_period.label)

        if stage == SELF:
            # Insert first: most self-assessments open a new scorecard, and the store's
            # uniqueness of (id, version 1) tells us, without a read, when it exists.
            card = self._new_scorecard(registration, scoring_period.label, actor)
            card.self_assess(checked, actor=actor.username)
            try:
                self.save(*self._with_submission(key, f"scores.{stage}", card_id, actor, card))
            except IntegrityError:
                if self._earlier_submission(key) is not None:
                    return self._load(Scorecard, card_id, "", "period").as_dict()
            else:
                return card.as_dict()

        for attempt in range(CONFLICT_RETRIES):
            try:
                card = self.repository.get(card_id)
            except AggregateNotFoundError:
                card = self._new_scorecard(registration, scoring_period.label, actor)
            if stage == SELF:
                card.self_assess(checked, actor=actor.username)
            elif stage == REVIEW:
                card.review(checked, actor=actor.username)
            else:
                card.correct(checked, reason=clean_reason, actor=actor.username)
            try:
                self.save(*self._with_submission(key, f"scores.{stage}", card_id, actor, card))
            except IntegrityError:
                if self._earlier_submission(key) is not None:
                    return self._load(Scorecard, card_id, "", "period").as_dict()
                if attempt == CONFLICT_RETRIES - 1:
                    raise ConflictError(
                        "Phiếu điểm đang được người khác cập nhật; vui lòng thử lại.", "period"
                    ) from None
                continue
            return card.as_dict()
        raise AssertionError("unreachable")

    @staticmethod
    def _new_scorecard(registration: Registration, period: str, actor: Actor) -> Scorecard:
        return Scorecard(
            campaign_id=registration.campaign_id, subject_kind=registration.subject_kind,
            subject_id=registration.subject_id, unit_id=registration.unit_id,
            period=period, actor=actor.username,
        )

    def get_scorecard(
        self, campaign_id: UUID | str, subject_id: UUID | str, period: str
    ) -> dict[str, Any]:
        campaign = self.get_campaign(campaign_id)
        card_id = ids.scorecard_id(campaign.id, parse_uuid(subject_id, "subject_id"), period)
        return self._load(Scorecard, card_id, "Chưa có phiếu điểm cho kỳ này.", "period").as_dict()

    # --- users --------------------------------------------------------------------------

    def create_user(
        self, *, username: str, password: str, role: str, unit_code: str | None = None,
        full_name: str | None = None, actor: Actor,
    ) -> dict[str, Any]:
        check_allowed(actor, "users.create")
        person_name = clean_text(full_name, "full_name", required=False, max_length=200)
        name = clean_text(username, "username", max_length=40).lower()
        if not _USERNAME.match(name):
            raise InvalidInputError(
                "Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu . _ -",
                "username",
            )
        if role not in ROLES:
            raise InvalidInputError(
                f"Vai trò «{role}» không có (dùng: {', '.join(ROLES)}).", "role"
            )
        self._check_password(password)
        unit_id = self.get_unit_by_code(unit_code, "unit_code").id if unit_code else None
        if role in UNIT_SCOPED and unit_id is None:
            raise InvalidInputError("Vai trò này phải gắn với một đơn vị.", "unit_code")
        user = User(
            username=name, password_hash=self.password_hasher.hash(password), role=role,
            unit_id=unit_id, actor=actor.username, full_name=person_name,
        )
        duplicate = f"Tên đăng nhập «{name}» đã được dùng."
        if self._exists(user.id):
            raise ConflictError(duplicate, "username")
        self._save_new(user, duplicate, "username")
        return user.as_dict()

    def _user(self, username: str, field: str = "username") -> User:
        name = clean_text(username, field, max_length=40).lower()
        return self._load(User, ids.user_id(name), f"Không có tài khoản «{name}».", field)

    def _check_password(self, password: object) -> str:
        if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInputError(
                f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.", "password")
        return password

    def list_users(self) -> list[dict[str, Any]]:
        users = [self._load(User, i, "", "id") for i in self._ids_of(User, "Created")]
        return [{**u.as_dict(), "unit_code": self.get_unit(u.unit_id).code if u.unit_id else None}
                for u in users]

    def grant_role(self, *, username: str, role: str, unit_code: str | None = None,
                   actor: Actor) -> dict[str, Any]:
        check_allowed(actor, "users.create")
        user = self._user(username)
        if role not in ROLES:
            raise InvalidInputError(f"Vai trò «{role}» không có (dùng: {', '.join(ROLES)}).",
                                    "role")
        unit_id = self.get_unit_by_code(unit_code, "unit_code").id if unit_code else None
        if role in UNIT_SCOPED and unit_id is None:
            raise InvalidInputError("Vai trò này phải gắn với một đơn vị.", "unit_code")
        if user.username == actor.username and role != "admin":
            raise InvalidInputError("Không tự bỏ quyền quản trị của chính mình.", "role")
        user.grant_role(role=role, unit_id=unit_id, actor=actor.username)
        self.save(user)
        return user.as_dict()

    def set_enabled(self, *, username: str, enabled: bool, actor: Actor) -> dict[str, Any]:
        check_allowed(actor, "users.create")
        user = self._user(username)
        if user.username == actor.username and not enabled:
            raise InvalidInputError("Không tự khóa tài khoản của chính mình.", "username")
        if enabled == (not user.disabled):
            return user.as_dict()
        (user.enable if enabled else user.disable)(actor=actor.username)
        self.save(user)
        return user.as_dict()

    def reset_password(self, *, username: str, password: str, actor: Actor) -> dict[str, Any]:
        """An administrator sets a new password for an account."""
        check_allowed(actor, "users.create")
        user = self._user(username)
        user.change_password(password_hash=self.password_hasher.hash(
            self._check_password(password)), actor=actor.username)
        self.save(user)
        return user.as_dict()

    def change_own_password(self, *, current: str, new: str, actor: Actor) -> None:
        user = self._user(actor.username)
        try:
            self.password_hasher.verify(user.password_hash, current or "")
        except (VerificationError, InvalidHashError):
            raise InvalidInputError("Mật khẩu hiện tại không đúng.", "current") from None
        if current == new:
            raise InvalidInputError("Mật khẩu mới phải khác mật khẩu cũ.", "password")
        user.change_password(password_hash=self.password_hasher.hash(self._check_password(new)),
                             actor=actor.username)
        self.save(user)

    def authenticate(self, username: str, password: str, address: str = "") -> Actor:
        """Return the actor for valid credentials; one message for every failure.

        Failed logins and logins are events of the user, so the audit trail shows them;
        after LOGIN_LIMIT failures in a row within LOGIN_WINDOW the account is locked
        for the rest of that window.
        """
        failure = AuthenticationError("Tên đăng nhập hoặc mật khẩu không đúng.", "password")
        name = (username or "").strip().lower()
        if not name or not password:
            raise failure
        try:
            user = self.repository.get(ids.user_id(name))
        except AggregateNotFoundError:
            self.password_hasher.hash(password)  # same cost as a real check: no user probing
            raise failure from None
        if not isinstance(user, User) or user.disabled:
            raise failure
        locked = user.locked_until(LOGIN_LIMIT, LOGIN_WINDOW)
        if locked is not None and locked > datetime.now(locked.tzinfo):
            raise ThrottledError(
                "Tài khoản tạm khóa vì đăng nhập sai nhiều lần; thử lại sau "
                f"{locked.astimezone(VIETNAM):%H:%M ngày %d/%m/%Y}.", "password")
        try:
            self.password_hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            user.record_failed_login(address=address, actor=name)
            self._save_quietly(user)
            raise failure from None
        user.record_login(address=address, actor=name)
        self._save_quietly(user)
        return self.actor_of(user)

    def _save_quietly(self, user: User) -> None:
        """Record a login outcome; a concurrent login of the same user may win the race."""
        try:
            self.save(user)
        except IntegrityError:
            pass

    def actor_for(self, user_id: UUID) -> Actor:
        """Return the actor of an active user (used when a token is presented)."""
        try:
            user = self.repository.get(user_id)
        except AggregateNotFoundError:
            user = None
        if not isinstance(user, User) or user.disabled:
            raise AuthenticationError("Phiên đăng nhập không còn hiệu lực.", "Authorization")
        return self.actor_of(user)

    @staticmethod
    def actor_of(user: User) -> Actor:
        return Actor(username=user.username, role=user.role, unit_id=user.unit_id)
