"""The organisation: its sectors, units (the tree), blocs of units, and people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from events import ids
from events.award_settings import AwardSettings
from events.bloc import Bloc
from events.campaign import INDIVIDUAL, SUBJECT_KINDS
from events.errors import InvalidInputError, PermissionDeniedError
from events.person import Person, check_birth_date, check_sex
from events.sector import (
    DEFAULT_SECTORS,
    Sector,
    check_sector_name,
    sector_code,
    sector_name,
)
from events.sector import check_sector as check_in_catalogue
from events.text import clean_code, clean_text
from events.unit import Unit
from events.values import parse_uuid
from services.actors import Actor, check_allowed, is_unit_scoped
from services.app import ThiduaApplication
from services.commands import CommandRunner


@dataclass(frozen=True)
class Subject:
    """A person or a unit as a nomination or an award sees it."""

    kind: str
    id: UUID
    name: str
    unit_id: UUID
    sector: str | None


@dataclass
class Organisation:
    """Units, blocs and people: who the other use cases act for."""

    app: ThiduaApplication
    runner: CommandRunner

    # --- sectors ------------------------------------------------------------------------

    def define_sector(self, code: str, name: str, actor: Actor,
                      idempotency_key: str | None = None) -> dict[str, Any]:
        """Define a sector (ngành) or give one another name.

        Defining a code of the default catalogue again with another name renames the
        default; a sector that already has that name records nothing.
        """
        check_allowed(actor, "sectors.manage")
        clean = sector_code(code, "code")
        title = check_sector_name(name, "name")

        def attempt(_: int) -> tuple[list[Sector], Sector]:
            sector = self._find_sector(clean)
            if sector is None:
                sector = Sector(code=clean, name=title, actor=actor.username)
                return [sector], sector
            return ([sector] if sector.rename(title, actor.username) else []), sector

        saved = self.runner.run(attempt, actor=actor, command="sectors.define",
                                key=idempotency_key, earlier=self._sector, field="code")
        return self._sector_row(saved.code, saved.name, defined=True)

    def list_sectors(self) -> list[dict[str, Any]]:
        """The catalogue: the six defaults (as the organisation may have renamed them), then
        the sectors it defined, in the order it defined them."""
        defined = {s.code: s.name for s in self.app.all_of(Sector, "Defined")}
        rows = [self._sector_row(code, defined.get(code, name), defined=code in defined)
                for code, name in DEFAULT_SECTORS.items()]
        return rows + [self._sector_row(code, name, defined=True)
                       for code, name in defined.items() if code not in DEFAULT_SECTORS]

    def sector_codes(self) -> list[str]:
        return [row["code"] for row in self.list_sectors()]

    def sector_name(self, code: str) -> str:
        """A sector's Vietnamese name: the organisation's, else the default, else the code."""
        sector = self._find_sector(code)
        return sector.name if sector is not None else sector_name(code)

    def sector_names(self, codes: Iterable[str | None] | None = None) -> dict[str, str]:
        """Names of these sectors (default: of the whole catalogue), by code."""
        if codes is None:
            return {row["code"]: row["name"] for row in self.list_sectors()}
        return {code: self.sector_name(code) for code in set(codes) if code}

    def check_sector(self, code: object, field: str = "sector") -> str:
        """The code of a defined sector; another is refused naming ``field``."""
        clean = sector_code(code, field)
        if clean in DEFAULT_SECTORS or self._find_sector(clean) is not None:
            return clean
        return check_in_catalogue(clean, self.sector_codes(), field)  # refuses, listing them

    def _find_sector(self, code: str) -> Sector | None:
        return self.app.find(Sector, ids.sector_id(code))

    def _sector(self, sector_id: UUID) -> Sector:
        return self.app.load(Sector, sector_id, "Không tìm thấy ngành.", "code")

    @staticmethod
    def _sector_row(code: str, name: str, *, defined: bool) -> dict[str, Any]:
        return {"id": str(ids.sector_id(code)), "code": code, "name": name,
                "default": code in DEFAULT_SECTORS, "defined": defined}

    # --- units --------------------------------------------------------------------------

    def get_unit(self, unit_id: UUID, field: str = "unit_id") -> Unit:
        return self.app.load(Unit, unit_id, "Không tìm thấy đơn vị.", field)

    def get_unit_by_code(self, code: str | None, field: str = "unit_code") -> Unit:
        clean = clean_code(code, field)
        return self.app.load(Unit, ids.unit_id(clean), f"Không có đơn vị mã «{clean}».", field)

    def create_unit(self, *, code: str, name: str, parent_code: str | None = None,
                    sector: str | None = None, actor: Actor,
                    idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "units.create")
        clean = clean_code(code, "code")
        parent_id = self.get_unit_by_code(parent_code, "parent_code").id if parent_code else None
        unit = Unit(code=clean, name=clean_text(name, "name"), parent_id=parent_id,
                    sector=self.check_sector(sector, "sector") if sector else None,
                    actor=actor.username)
        saved = self.runner.create(unit, actor=actor, command="units.create",
                                   duplicate=f"Mã đơn vị «{clean}» đã tồn tại.", field="code",
                                   key=idempotency_key, earlier=self.get_unit)
        return self.unit_dict(saved)

    def list_units(self) -> list[dict[str, Any]]:
        return [self.unit_dict(u) for u in self.app.all_of(Unit, "Registered")]

    def unit_dict(self, unit: Unit) -> dict[str, Any]:
        data = unit.as_dict()
        data["parent_code"] = self.get_unit(unit.parent_id).code if unit.parent_id else None
        return data

    def parent_name(self, unit: Unit) -> str:
        return self.get_unit(unit.parent_id).name if unit.parent_id else ""

    def governing_name(self, unit: Unit) -> str:
        """The cơ quan, tổ chức chủ quản trực tiếp printed above a unit's name on its papers
        (NĐ 30/2020 Phụ lục I): its parent in the unit tree, else, for a root unit, the
        governing body its settings name (a provincial union: the Tổng Liên đoàn), else
        none (an Ủy ban nhân dân tỉnh)."""
        if unit.parent_id:
            return self.parent_name(unit)
        settings = self.app.find(AwardSettings, ids.award_settings_id(unit.id))
        return getattr(settings, "governing_body", "") if settings is not None else ""

    def unit_ancestry(self, unit_id: UUID) -> list[UUID]:
        """Return ``unit_id`` and the ids of all units above it."""
        chain: list[UUID] = []
        current: UUID | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.get_unit(current).parent_id
        return chain

    def sector_of(self, unit_id: UUID) -> str | None:
        """A unit's sector, or the nearest one above it (a CĐCS under Công đoàn ngành GD)."""
        for ancestor in self.unit_ancestry(unit_id):
            sector = self.get_unit(ancestor).sector
            if sector:
                return sector
        return None

    def in_scope(self, actor: Actor, unit_id: UUID) -> bool:
        """Whether the actor may act for this unit (its own unit or one under it)."""
        return not is_unit_scoped(actor) or (
            actor.unit_id is not None and actor.unit_id in self.unit_ancestry(unit_id))

    def check_scope(self, actor: Actor, unit_id: UUID) -> None:
        if not self.in_scope(actor, unit_id):
            raise PermissionDeniedError(
                "Tài khoản chỉ được thao tác cho đơn vị của mình và các đơn vị trực thuộc.",
                None)

    # --- blocs --------------------------------------------------------------------------

    def create_bloc(self, *, code: str, name: str, unit_codes: list[str], actor: Actor,
                    idempotency_key: str | None = None) -> dict[str, Any]:
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
        saved = self.runner.create(bloc, actor=actor, command="blocs.create",
                                   duplicate=f"Mã khối thi đua «{clean}» đã tồn tại.",
                                   field="code", key=idempotency_key, earlier=self._bloc)
        return self.bloc_dict(saved)

    def add_unit_to_bloc(self, *, bloc_code: str, unit_code: str, actor: Actor,
                         idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "blocs.manage")
        bloc_id = ids.bloc_id(clean_code(bloc_code, "bloc_code"))
        unit_id = self.get_unit_by_code(unit_code, "unit_code").id

        def attempt(_: int) -> tuple[list[Bloc], Bloc]:
            bloc = self._bloc(bloc_id)
            bloc.add_unit(unit_id, actor=actor.username)
            return [bloc], bloc

        saved = self.runner.run(attempt, actor=actor, command="blocs.add_unit",
                                key=idempotency_key, earlier=self._bloc, field="bloc_code")
        return self.bloc_dict(saved)

    def _bloc(self, bloc_id: UUID) -> Bloc:
        return self.app.load(Bloc, bloc_id, "Không tìm thấy khối thi đua.", "bloc_code")

    def list_blocs(self) -> list[dict[str, Any]]:
        return [self.bloc_dict(b) for b in self.app.all_of(Bloc, "Formed")]

    def bloc_dict(self, bloc: Bloc) -> dict[str, Any]:
        return {**bloc.as_dict(), "unit_codes": [self.get_unit(u).code for u in bloc.unit_ids]}

    # --- people -------------------------------------------------------------------------

    def create_person(self, *, full_name: str, unit_code: str, position: str = "",
                      is_leader: bool = False, sex: str | None = None,
                      birth_date: object = None, actor: Actor,
                      idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "people.create")
        earlier = self.runner.earlier(actor, idempotency_key, "people.create")
        if earlier is not None:  # answered before the input is checked again
            return self.person_dict(self.get_person(earlier))
        unit = self.get_unit_by_code(unit_code, "unit_code")
        self.check_scope(actor, unit.id)
        person = Person(
            full_name=clean_text(full_name, "full_name", max_length=200), unit_id=unit.id,
            position=clean_text(position, "position", required=False, max_length=200),
            is_leader=bool(is_leader), actor=actor.username, sex=check_sex(sex),
            birth_date=check_birth_date(birth_date, self.app.clock()))
        saved = self.runner.run(lambda _: ([person], person), actor=actor,
                                command="people.create", key=idempotency_key,
                                earlier=self.get_person)
        return self.person_dict(saved)

    def get_person(self, person_id: UUID, field: str = "person_id") -> Person:
        return self.app.load(Person, person_id, "Không tìm thấy cá nhân.", field)

    def list_people(self, unit_code: str | None = None) -> list[dict[str, Any]]:
        unit_id = self.get_unit_by_code(unit_code, "unit_code").id if unit_code else None
        return [self.person_dict(p) for p in self.app.all_of(Person, "Registered")
                if unit_id is None or p.unit_id == unit_id]

    def person_dict(self, person: Person) -> dict[str, Any]:
        unit = self.get_unit(person.unit_id)
        return {**person.as_dict(), "unit_code": unit.code, "unit_name": unit.name}

    # --- subjects of campaigns and awards -------------------------------------------------

    def subject(self, kind: object, subject_id: object, field: str = "subject_id") -> Subject:
        """The person or unit a nomination or an award is about."""
        if kind not in SUBJECT_KINDS:
            raise InvalidInputError(
                f"Đối tượng «{kind}» không hợp lệ: dùng «collective» (tập thể) hoặc "
                "«individual» (cá nhân).", "subject_kind")
        uid = parse_uuid(subject_id, field)
        if kind == INDIVIDUAL:
            person = self.get_person(uid, field)
            return Subject(INDIVIDUAL, person.id, person.full_name, person.unit_id,
                           self.sector_of(person.unit_id))
        unit = self.get_unit(uid, field)
        return Subject(str(kind), unit.id, unit.name, unit.id, self.sector_of(unit.id))

    def subjects_in_scope(self, actor: Actor, kind: str) -> list[dict[str, str]]:
        """The units or people the actor may act for, as (id, label) choices."""
        if kind == INDIVIDUAL:
            return [{"id": p["id"], "label": f"{p['full_name']} — {p['unit_name']}"}
                    for p in self.list_people() if self.in_scope(actor, UUID(p["unit_id"]))]
        return [{"id": u["id"], "label": f"{u['name']} ({u['code']})"}
                for u in self.list_units() if self.in_scope(actor, UUID(u["id"]))]
