"""A small world for the award tests: the seed-004 union, its campaign, a council.

Units follow seed 004 (Liên đoàn Lao động tỉnh Lai Châu): Công đoàn ngành Giáo dục with
school unions under it (sector ``giao_duc``), other grassroots unions, a health one.
The campaign is the seed's: at most 10 Bằng khen for collectives and 15 for individuals,
of which 4 and 6 are reserved for the education sector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from events.errors import DomainError
from services.actors import SYSTEM, Actor
from services.thidua import Thidua
from tests.support.scenarios import campaign_data
from tests.support.stores import BALLOT_KEY

SECRET = BALLOT_KEY
# The clock of award tests: NĐ 152/2025 in force, the seed campaign (2019–2025) still on.
AWARDS_TODAY = date(2025, 10, 1)
SESSION_DAY = date(2025, 11, 20)
SECRETARY = Actor(username="thuky", role="secretary")
CLERK_SCHOOL = "vanthu-lqd"
SIGNER = {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch", "authority": "TM. Ban Thường vụ"}
# The scanned signed form of a written opinion: a (tiny) PDF, as the type is read from it.
SIGNED_FORM = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
               b"trailer << /Root 1 0 R >>\n%%EOF\n")
# The same as a JPEG (a scanner's photo of the form): what the content starts with counts.
SIGNED_FORM_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" \
    b"\xff\xd9"


def signed_form(member: str) -> bytes:
    """The signed form of one member's written opinion (each member's scan differs)."""
    return SIGNED_FORM + f"% Phiếu ý kiến của {member}\n".encode()


@dataclass
class World:
    app: Thidua
    campaign: str
    units: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)

    @property
    def chair(self) -> str:
        return self.members[0]

    def actor(self, username: str) -> Actor:
        return Actor(username=username, role="council_member")


def refused(world: World, error: type[DomainError], field: str | None, text: str,
            command: Callable[[], object]) -> DomainError:
    """Run ``command``; it must raise ``error`` naming ``field`` and store nothing."""
    before = world.app.store.event_count()
    with pytest.raises(error) as info:
        command()
    assert info.value.field == field, info.value.as_dict()
    assert text in info.value.message, info.value.message
    assert world.app.store.event_count() == before, "nothing may be stored"
    return info.value


def write_opinion(world: World, ballot: str, member: str, choice: str,
                  **kwargs: Any) -> dict[str, Any]:
    """The secretary records an absent member's written opinion with its signed form."""
    return world.app.council.cast_vote(ballot, choice=choice, member=member,
                                       proof=signed_form(member), actor=SECRETARY, **kwargs)


def build_world(app: Thidua, *, members: int = 5, schools: int = 5,
                others: int = 7, quotas: list[dict[str, Any]] | None = None,
                forms: list[dict[str, Any]] | None = None) -> World:
    """Units, people, council members (user accounts), the awards of ``forms`` in the
    catalogue and the seed-004 campaign."""
    world = World(app=app, campaign="")
    unit = app.organisation.create_unit
    unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu", actor=SYSTEM)
    unit(code="CDN-GD", name="Công đoàn ngành Giáo dục", parent_code="LDLD",
         sector="giao_duc", actor=SYSTEM)
    for i in range(1, schools + 1):
        # No sector of their own: they take the education sector of their parent.
        world.units[f"GD{i}"] = unit(code=f"CDCS-GD{i}", name=f"Công đoàn Trường số {i}",
                                     parent_code="CDN-GD", actor=SYSTEM)["id"]
    for i in range(1, others + 1):
        world.units[f"HC{i}"] = unit(code=f"CDCS-HC{i}", name=f"Công đoàn Sở số {i}",
                                     parent_code="LDLD", sector="hanh_chinh",
                                     actor=SYSTEM)["id"]
    world.units["YT"] = unit(code="CDCS-YT", name="Công đoàn Bệnh viện tỉnh",
                             parent_code="LDLD", sector="y_te", actor=SYSTEM)["id"]
    for key, name, unit_code in (("huong", "Lò Thị Hương", "CDCS-GD1"),
                                 ("pao", "Giàng A Páo", "CDCS-HC1"),
                                 ("lan", "Tao Thị Lan", "CDCS-GD2")):
        world.people[key] = app.organisation.create_person(full_name=name, unit_code=unit_code,
                                                           position="Chuyên viên",
                                                           actor=SYSTEM)["id"]
    for i in range(members):
        name = f"hoidong{i:02d}"
        app.accounts.create_user(username=name, password="mat-khau-dai", role="council_member",
                                 full_name=f"Thành viên số {i}", actor=SYSTEM)
        world.members.append(name)
    for form in forms or []:
        app.award_forms.define_form(**form, actor=SYSTEM)
    extra = {} if quotas is None else {"quotas": quotas}
    world.campaign = app.campaigns.create_campaign(campaign_data(**extra), actor=SYSTEM)["id"]
    return world


def nominate(world: World, subject_kind: str, subject: str, award: str, *,
             year: int = 2025, route: str = "phong_trao", **kwargs: Any) -> dict[str, Any]:
    """Submit a nomination as the system (subject: a key of ``units`` or ``people``)."""
    ids = world.units if subject_kind == "collective" else world.people
    return world.app.nominations.submit_nomination(
        campaign_id=world.campaign, subject_kind=subject_kind,
        subject_id=ids.get(subject, subject), award=award, year=year, route=route,
        summary="Hoàn thành xuất sắc nhiệm vụ; tiêu biểu trong phong trào văn hóa công sở.",
        actor=SYSTEM, **kwargs)


def convene(world: World, *, present: list[str] | None = None,
            held_on: date = SESSION_DAY) -> str:
    thidua = world.app
    session = thidua.council.convene_session(unit_code="LDLD", title="Phiên họp xét khen thưởng",
                                      held_on=held_on, members=world.members,
                                      chair=world.chair, actor=SECRETARY)
    thidua.council.record_attendance(session["id"], actor=SECRETARY,
                              present=world.members if present is None else present)
    return session["id"]


def approve(world: World, nomination_ids: list[str], *, held_on: date = SESSION_DAY) -> str:
    """A session where every member agrees to every nomination; returns the session id."""
    thidua = world.app
    session = convene(world, held_on=held_on)
    for nomination_id in nomination_ids:
        ballot = thidua.council.open_ballot(session, nomination_id=nomination_id, actor=SECRETARY)
        for member in world.members:
            thidua.council.cast_vote(ballot["id"], choice="dong_y", actor=world.actor(member))
        thidua.council.close_ballot(ballot["id"], actor=SECRETARY)
    thidua.council.conclude_session(session, actor=SECRETARY)
    return session


def decide(world: World, award: str, nomination_ids: list[str], *,
           issued_on: date | None = None, **kwargs: Any) -> dict[str, Any]:
    """Draft and issue a decision of LĐLĐ tỉnh."""
    thidua = world.app
    draft = thidua.decisions.draft_decision(issuer_unit_code="LDLD", issuer_symbol="LĐLĐ",
                                   campaign_id=world.campaign, award=award,
                                   nomination_ids=nomination_ids, signer=SIGNER,
                                   actor=SECRETARY, **kwargs)
    return thidua.decisions.issue_decision(draft["id"], issued_on=issued_on or date(2026, 8, 1),
                                  actor=SECRETARY)


# The union's own Bằng khen (trade-union system, seeds 002 and 004) and a state form.
UNION_BANG_KHEN = {
    "code": "bk_ldld_tinh",
    "name": "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu",
    "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
    "category": "bang_khen_tinh", "system": "cong_doan", "issuer_unit_code": "LDLD"}
STATE_BANG_KHEN = {
    "code": "bk_ubnd_tinh", "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
    "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
    "category": "bang_khen_tinh", "system": "nha_nuoc"}


def define_form(world: World, form: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Add an award to the organisation's catalogue (as the system)."""
    return world.app.award_forms.define_form(**{**form, **changes}, actor=SYSTEM)
