"""Sectors are the organisation's data: a culture department's ``van_hoa`` is defined, its
units belong to it, a quota reserves a share for it, and the council and the decisions
keep that share — while a store that defined nothing knows the six default sectors."""

from __future__ import annotations

from typing import Any

import pytest

from events.errors import ConflictError, InvalidInputError, PermissionDeniedError
from events.quota import pools
from events.sector import DEFAULT_SECTORS
from services.actors import SYSTEM, Actor
from services.audit.history import history
from services.projections.awards import AwardsProjection
from services.projections.runner import catch_up, open_view
from services.thidua import Thidua
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNER,
    World,
    approve,
    build_world,
    convene,
    nominate,
    refused,
)
from tests.support.scenarios import campaign_data

ADMIN = Actor(username="quantri", role="admin")
CLERK = Actor(username="vanthu", role="unit_clerk")
CULTURE = {"code": "van_hoa", "name": "Văn hóa"}
# Seed 004's quota with a share for the culture sector beside education's.
CULTURE_QUOTAS = [{"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 10,
                   "reserved": [{"sector": "giao_duc", "max": 4},
                                {"sector": "van_hoa", "max": 2}]}]


def test_a_store_that_defined_no_sector_knows_the_six_defaults(memory_app: Thidua) -> None:
    organisation = memory_app.organisation
    assert [(s["code"], s["name"], s["default"], s["defined"])
            for s in organisation.list_sectors()] == [
        (code, name, True, False) for code, name in DEFAULT_SECTORS.items()]
    assert organisation.sector_name("giao_duc") == "Giáo dục"
    assert organisation.sector_name("khong_co") == "khong_co"
    assert organisation.sector_names() == dict(DEFAULT_SECTORS)
    assert memory_app.store.event_count() == 0


def test_an_undefined_sector_is_refused_naming_the_field_and_listing_the_catalogue(
        memory_app: Thidua) -> None:
    organisation = memory_app.organisation
    with pytest.raises(InvalidInputError) as unit_error:
        organisation.create_unit(code="SVH", name="Sở Văn hóa", sector="van_hoa", actor=SYSTEM)
    assert unit_error.value.field == "sector"
    assert "«van_hoa»" in unit_error.value.message
    assert "không có trong danh mục ngành" in unit_error.value.message
    assert "giao_duc, y_te, hanh_chinh, doanh_nghiep, luc_luong_vu_trang, khac" in \
        unit_error.value.message
    organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh", actor=SYSTEM)
    before = memory_app.store.event_count()
    with pytest.raises(InvalidInputError) as quota_error:
        memory_app.campaigns.create_campaign(campaign_data(quotas=CULTURE_QUOTAS), actor=SYSTEM)
    assert quota_error.value.field == "quotas[0].reserved[1].sector"
    assert "«van_hoa»" in quota_error.value.message
    assert memory_app.store.event_count() == before, "nothing may be stored"


def test_an_admin_defines_the_culture_sector_and_a_unit_belongs_to_it(
        memory_app: Thidua) -> None:
    organisation = memory_app.organisation
    defined = organisation.define_sector("VAN_HOA", " Văn  hóa ", ADMIN)
    assert {k: defined[k] for k in ("code", "name", "default", "defined")} == {
        "code": "van_hoa", "name": "Văn hóa", "default": False, "defined": True}
    assert [s["code"] for s in organisation.list_sectors()] == [*DEFAULT_SECTORS, "van_hoa"]
    assert organisation.sector_name("van_hoa") == "Văn hóa"
    assert organisation.check_sector("Van_Hoa") == "van_hoa"

    department = organisation.create_unit(code="SVH", name="Sở Văn hóa, Thể thao và Du lịch",
                                           sector="van_hoa", actor=SYSTEM)
    assert department["sector"] == "van_hoa"
    library = organisation.create_unit(code="TV", name="Thư viện tỉnh", parent_code="SVH",
                                       actor=SYSTEM)
    assert organisation.subject("collective", library["id"]).sector == "van_hoa"

    # The event says who defined it; the audit history names the unit's sector.
    (entry,) = history(memory_app.store, defined["id"])["events"]
    assert (entry["event_type"], entry["actor"]) == ("Sector.Defined", "quantri")
    assert entry["summary"] == "Định nghĩa ngành «Văn hóa» (mã van_hoa)"
    registered = history(memory_app.store, department["id"])["events"][0]["summary"]
    assert registered.endswith(", ngành Văn hóa")


def test_defining_a_code_again_renames_it_a_default_too_and_the_same_name_records_nothing(
        memory_app: Thidua) -> None:
    organisation = memory_app.organisation
    organisation.define_sector(**CULTURE, actor=ADMIN)
    renamed = organisation.define_sector("van_hoa", "Văn hóa, Thể thao và Du lịch", ADMIN)
    assert renamed["name"] == "Văn hóa, Thể thao và Du lịch"
    events = history(memory_app.store, renamed["id"])["events"]
    assert [e["event_type"] for e in events] == ["Sector.Defined", "Sector.Renamed"]
    before = memory_app.store.event_count()
    organisation.define_sector("van_hoa", "Văn hóa, Thể thao và Du lịch", ADMIN)
    assert memory_app.store.event_count() == before

    # A default renamed: recorded as the definition of that code.
    health = organisation.define_sector("y_te", "Y tế và Dân số", ADMIN)
    assert (health["default"], health["defined"]) == (True, True)
    assert history(memory_app.store, health["id"])["events"][0]["event_type"] == \
        "Sector.Defined"
    row = next(s for s in organisation.list_sectors() if s["code"] == "y_te")
    assert (row["name"], row["default"], row["defined"]) == ("Y tế và Dân số", True, True)
    assert [s["code"] for s in organisation.list_sectors()] == [*DEFAULT_SECTORS, "van_hoa"]


def test_sector_input_is_checked_and_only_an_admin_manages_sectors(memory_app: Thidua) -> None:
    organisation = memory_app.organisation
    for code, name, field in (("văn hóa", "Văn hóa", "code"), ("", "Văn hóa", "code"),
                              ("van_hoa", "  ", "name")):
        with pytest.raises(InvalidInputError) as error:
            organisation.define_sector(code, name, ADMIN)
        assert error.value.field == field
    with pytest.raises(PermissionDeniedError):
        organisation.define_sector(**CULTURE, actor=CLERK)
    assert memory_app.store.event_count() == 0


def test_a_resubmitted_definition_records_once(memory_app: Thidua) -> None:
    organisation = memory_app.organisation
    first = organisation.define_sector(**CULTURE, actor=ADMIN, idempotency_key="khoa-nganh-1")
    count = memory_app.store.event_count()
    again = organisation.define_sector(**CULTURE, actor=ADMIN, idempotency_key="khoa-nganh-1")
    assert again == first and memory_app.store.event_count() == count
    with pytest.raises(ConflictError):  # the key of another kind of command
        organisation.create_unit(code="X", name="X", actor=ADMIN,
                                 idempotency_key="khoa-nganh-1")


def test_quota_pools_name_a_sector_as_the_organisation_does() -> None:
    quota = CULTURE_QUOTAS[0]
    education, culture, rest = pools(quota, {"van_hoa": 1})
    assert (culture.sector, culture.places, culture.used) == ("van_hoa", 2, 1)
    assert culture.scope() == "ngành van_hoa"  # no name given: the code
    _, culture, rest = pools(quota, {}, {"van_hoa": "Văn hóa"})
    assert culture.scope() == "ngành Văn hóa"
    assert rest.scope() == "các đơn vị ngoài ngành Giáo dục, ngành Văn hóa"


# --- the culture sector's share through the council and the decisions ----------------------

@pytest.fixture
def culture(memory_app: Thidua) -> World:
    memory_app.store.clock = lambda: AWARDS_TODAY
    memory_app.organisation.define_sector(**CULTURE, actor=ADMIN)
    world = build_world(memory_app, members=3, quotas=CULTURE_QUOTAS)
    unit = memory_app.organisation.create_unit
    unit(code="SVH", name="Công đoàn Sở Văn hóa", parent_code="LDLD", sector="van_hoa",
         actor=SYSTEM)
    for i in range(1, 4):  # no sector of their own: the culture sector of their parent
        world.units[f"VH{i}"] = unit(code=f"CDCS-VH{i}", name=f"Công đoàn Nhà văn hóa số {i}",
                                     parent_code="SVH", actor=SYSTEM)["id"]
    return world


def test_a_campaign_reserves_a_share_for_the_culture_sector(culture: World) -> None:
    campaign = culture.app.campaigns.campaign_details(culture.campaign)
    assert campaign["quotas"][0]["reserved"] == [{"sector": "giao_duc", "max": 4},
                                                 {"sector": "van_hoa", "max": 2}]
    signed = culture.app.campaigns.create_campaign(campaign_data(
        code="VH-2025", quotas=CULTURE_QUOTAS,
        plan={"signer": {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch"}}), actor=SYSTEM)
    plan = culture.app.documents.plan_context(culture.app.campaigns.get_campaign(signed["id"]))
    assert plan["quotas"][0]["reserved"] == [{"sector": "ngành Giáo dục", "max": 4},
                                             {"sector": "ngành Văn hóa", "max": 2}]
    nomination = nominate(culture, "collective", "VH1", "bang_khen_tinh")
    assert nomination["sector"] == "van_hoa"


def _vote(world: World, session: str, nomination: str, agreeing: list[str]) -> None:
    council = world.app.council
    ballot = council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)["id"]
    for member in world.members:
        council.cast_vote(ballot, choice="dong_y" if member in agreeing else "khong_dong_y",
                          actor=world.actor(member))
    council.close_ballot(ballot, actor=SECRETARY)


def test_the_council_ranks_the_culture_sector_within_its_share(culture: World) -> None:
    chair, m1, m2 = culture.members
    nominations = [nominate(culture, "collective", key, "bang_khen_tinh")["id"]
                   for key in ("VH1", "VH2", "VH3", "HC1")]
    session = convene(culture)
    for nomination, agreeing in zip(nominations, [[chair, m1, m2], [chair, m1], [chair, m1, m2],
                                                  [chair, m1]], strict=True):
        _vote(culture, session, nomination, agreeing)
    results = culture.app.council.conclude_session(session, actor=SECRETARY)["results"]
    # Three culture collectives pass for two places: the one with fewer votes is left out;
    # the office union competes for the places outside the reserved shares.
    assert [r["selected"] for r in results] == [True, False, True, True]
    left = culture.app.nominations.get_nomination(nominations[1])
    assert left["status"] == "not_selected"


def _decide(world: World, nominations: list[str]) -> Any:
    draft = world.app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="bang_khen_tinh", nomination_ids=nominations, signer=SIGNER, actor=SECRETARY)
    return lambda: world.app.decisions.issue_decision(draft["id"], actor=SECRETARY)


def test_decisions_keep_the_culture_share_and_the_view_names_it(culture: World) -> None:
    first = [nominate(culture, "collective", key, "bang_khen_tinh")["id"]
             for key in ("VH1", "VH2")]
    approve(culture, first)
    third = nominate(culture, "collective", "VH3", "bang_khen_tinh")["id"]
    approve(culture, [third])
    assert _decide(culture, first)()["number"] == "01/QĐ-LĐLĐ"
    refused(culture, ConflictError, "nomination_ids",
            "Vượt chỉ tiêu Bằng khen cấp bộ, ngành, tỉnh cho tập thể ngành Văn hóa: tối đa "
            "2, đã dùng 2, quyết định này thêm 1", _decide(culture, [third]))
    projection = AwardsProjection()
    catch_up(culture.app.store, projection,
             open_view(culture.app.store, projection, create=True))
    (collective,) = culture.app.awards.quota_usage(culture.campaign)["quotas"]
    assert collective["reserved"] == [
        {"sector": "giao_duc", "sector_name": "Giáo dục", "max": 4, "used": 0, "remaining": 4},
        {"sector": "van_hoa", "sector_name": "Văn hóa", "max": 2, "used": 2, "remaining": 0}]
    assert collective["others"] == {"max": 4, "used": 0, "remaining": 4}
