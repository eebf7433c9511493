"""The organisation's award catalogue: its own names, the law's rules through the category,
the award system's basis and money, and events stored before the catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from events.award_form import AwardFormEntry, entry_of_snapshot
from events.errors import ConflictError, InvalidInputError
from events.nomination import Nomination
from events.rules import STATE, TRADE_UNION, award_money, legal_basis
from services.actors import SYSTEM
from services.app import ThiduaApplication
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNER,
    STATE_BANG_KHEN,
    UNION_BANG_KHEN,
    World,
    approve,
    build_world,
    decide,
    define_form,
    nominate,
    refused,
)

QUOTA = [{"award_form": "bk_ldld_tinh", "subject_kind": "collective", "max": 1,
          "reserved": []}]


@pytest.fixture
def world(memory_app: ThiduaApplication) -> World:
    memory_app.store.clock = lambda: AWARDS_TODAY
    return build_world(memory_app, members=3, forms=[UNION_BANG_KHEN, STATE_BANG_KHEN])


def test_a_union_award_is_nominated_voted_and_decided_under_its_own_name(
        world: World) -> None:
    # Construct and evolve: the union's Bằng khen for a school union.
    nomination = nominate(world, "collective", "GD1", "bk_ldld_tinh")
    assert nomination["award_name"] == UNION_BANG_KHEN["name"]
    assert nomination["category"] == "bang_khen_tinh" and nomination["system"] == TRADE_UNION
    approve(world, [nomination["id"]])
    decision = decide(world, "bk_ldld_tinh", [nomination["id"]], issued_on=date(2026, 8, 1))
    # Query: the name as printed, the law's coefficient of the category, marked unconfirmed.
    assert decision["award_name"] == UNION_BANG_KHEN["name"]
    assert decision["title"].startswith(f"Về việc tặng {UNION_BANG_KHEN['name']} cho tập thể ")
    (recipient,) = decision["recipients"]
    assert recipient["coefficient"] == Decimal("3.0")  # Bằng khen tỉnh, collective
    assert recipient["coefficient_confidence"] == "U"
    assert "Tổng Liên đoàn" in recipient["coefficient_source"]
    assert recipient["prize"] == Decimal(7_590_000)
    history = world.app.nominations.history(UUID(world.units["GD1"]))
    assert history is not None
    (award,) = history.as_dict()["awards"]
    assert (award["award"], award["award_name"], award["category"], award["system"]) == (
        "bk_ldld_tinh", UNION_BANG_KHEN["name"], "bang_khen_tinh", TRADE_UNION)


def test_a_forms_own_coefficient_sets_its_prize(world: World) -> None:
    define_form(world, UNION_BANG_KHEN, prize_coefficients={"collective": "1.2"})
    nomination = nominate(world, "collective", "GD1", "bk_ldld_tinh")["id"]
    approve(world, [nomination])
    (recipient,) = decide(world, "bk_ldld_tinh", [nomination],
                          issued_on=date(2026, 8, 1))["recipients"]
    # 1,2 × 2.530.000 = 3.036.000, rounded up to 10.000 đ.
    assert recipient["coefficient"] == Decimal("1.2") and recipient["prize"] == 3_040_000


def test_history_prerequisites_count_the_category_whatever_the_code(world: World) -> None:
    """Bằng khen tỉnh on the annual route needs 2 years of CSTĐCS (LEGAL.md): a Sở's own
    CSTĐCS form counts as CSTĐCS."""
    define_form(world, {"code": "cstdcs_so", "name": "Chiến sĩ thi đua cơ sở (Sở Nội vụ)",
                        "kind": "danh_hieu", "subject_kinds": ["individual"],
                        "category": "cstdcs", "system": STATE})
    refused(world, InvalidInputError, "award", "còn thiếu năm 2023, 2024", lambda: nominate(
        world, "individual", "huong", "bk_ubnd_tinh", route="hang_nam"))
    for year in (2023, 2024):
        world.app.records.record_past_award(
            subject_kind="individual", subject_id=world.people["huong"], award="cstdcs_so",
            year=year, number=f"1{year % 10}/QĐ-SNV", decided_on=date(year, 12, 20),
            actor=SYSTEM)
    assert nominate(world, "individual", "huong", "bk_ubnd_tinh",
                    route="hang_nam")["status"] == "submitted"


def test_the_same_category_twice_in_a_year_is_refused_within_a_system_only(
        world: World) -> None:
    first = nominate(world, "collective", "GD1", "bk_ldld_tinh")["id"]
    approve(world, [first])
    decided = decide(world, "bk_ldld_tinh", [first], issued_on=date(2026, 8, 1))
    # The state's Bằng khen of the province is another award system: it may follow.
    state = nominate(world, "collective", "GD1", "bk_ubnd_tinh")["id"]
    # The default entry of the category is the state system too.
    default = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    approve(world, [state, default])
    draft = world.app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="bk_ubnd_tinh", nomination_ids=[state], signer=SIGNER, actor=SECRETARY)
    world.app.decisions.issue_decision(draft["id"], issued_on=date(2026, 8, 2), actor=SECRETARY)
    again = world.app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="bang_khen_tinh", nomination_ids=[default], signer=SIGNER, actor=SECRETARY)
    error = refused(world, ConflictError, "nomination_ids[0]", "đã được tặng",
                    lambda: world.app.decisions.issue_decision(
                        again["id"], issued_on=date(2026, 8, 3), actor=SECRETARY))
    assert "Quyết định số 02/QĐ-LĐLĐ" in error.message and decided["number"] == "01/QĐ-LĐLĐ"


def test_a_form_given_by_one_unit_is_not_decided_by_another(world: World) -> None:
    nomination = nominate(world, "collective", "GD1", "bk_ldld_tinh")["id"]
    approve(world, [nomination])
    refused(world, InvalidInputError, "issuer_unit_code", "do Liên đoàn Lao động tỉnh Lai Châu "
            "ban hành", lambda: world.app.decisions.draft_decision(
                issuer_unit_code="CDN-GD", issuer_symbol="CĐN", campaign_id=world.campaign,
                award="bk_ldld_tinh", nomination_ids=[nomination], signer=SIGNER,
                actor=SECRETARY))


def test_a_quota_of_a_catalogue_code_names_the_form(memory_app: ThiduaApplication) -> None:
    memory_app.store.clock = lambda: AWARDS_TODAY
    world = build_world(memory_app, members=3, forms=[UNION_BANG_KHEN], quotas=QUOTA)
    nominations = [nominate(world, "collective", key, "bk_ldld_tinh")["id"]
                   for key in ("HC1", "HC2")]
    approve(world, nominations[:1])
    decide(world, "bk_ldld_tinh", nominations[:1])
    approve(world, nominations[1:])  # the ranking already leaves it out of the quota
    assert world.app.nominations.get_nomination(nominations[1])["status"] == "not_selected"


def test_a_quota_names_a_code_of_the_catalogue(memory_app: ThiduaApplication) -> None:
    memory_app.store.clock = lambda: AWARDS_TODAY
    world = build_world(memory_app, members=3)
    from tests.support.scenarios import campaign_data

    refused(world, InvalidInputError, "quotas[0].award_form", "không có trong danh mục",
            lambda: world.app.campaigns.create_campaign(
                campaign_data(code="KHAC", quotas=QUOTA), actor=SYSTEM))


def test_a_codes_category_kind_and_system_stay_as_first_defined(world: World) -> None:
    renamed = define_form(world, UNION_BANG_KHEN, name="Bằng khen của Ban Chấp hành Liên đoàn "
                          "Lao động tỉnh", effective_to="2030-12-31")
    assert renamed["name"].endswith("tỉnh") and renamed["effective_to"] == date(2030, 12, 31)
    before = world.app.store.event_count()
    define_form(world, UNION_BANG_KHEN, name=renamed["name"], effective_to="2030-12-31")
    assert world.app.store.event_count() == before  # nothing changed, nothing recorded
    refused(world, ConflictError, "category", "không đổi được",
            lambda: define_form(world, UNION_BANG_KHEN, category="giay_khen"))
    refused(world, ConflictError, "system", "không đổi được",
            lambda: define_form(world, UNION_BANG_KHEN, system=STATE))


@pytest.mark.parametrize(("changes", "field", "text"), [
    ({"code": "bang_khen_tinh"}, "code", "mục mặc định"),
    ({"kind": "danh_hieu"}, "kind", "là hình thức khen thưởng"),
    ({"category": "huan_chuong"}, "category", "không có"),
    ({"subject_kinds": []}, "subject_kinds", "danh sách đối tượng"),
    ({"category": "ldtt", "kind": "danh_hieu"}, "subject_kinds", "«Lao động tiên tiến» không"),
    ({"system": "dang"}, "system", "không hợp lệ"),
    ({"effective_from": "2026-01-01", "effective_to": "2025-01-01"}, "effective_to", "sau"),
    ({"prize_coefficients": {"collective": "-1"}}, "prize_coefficients.collective", "từ 0"),
    ({"issuer_unit_code": "KHONG-CO"}, "issuer_unit_code", "Không có đơn vị"),
])
def test_a_bad_catalogue_entry_names_the_field_and_stores_nothing(
        world: World, changes: dict[str, object], field: str, text: str) -> None:
    refused(world, InvalidInputError if field != "issuer_unit_code" else Exception, field,
            text, lambda: define_form(world, {**UNION_BANG_KHEN, "code": "moi"}, **changes))


def test_an_award_outside_its_dates_is_not_nominated(world: World) -> None:
    define_form(world, UNION_BANG_KHEN, effective_to="2025-06-30")
    refused(world, InvalidInputError, "award", "chỉ áp dụng từ",
            lambda: nominate(world, "collective", "GD1", "bk_ldld_tinh"))


def test_a_nomination_stored_before_the_catalogue_stands_for_the_categorys_default_entry(
        world: World) -> None:
    # An older Submitted event names the category and carries no entry.
    old = Nomination(
        campaign_id=uuid4(), subject_kind="collective", subject_id=uuid4(),
        subject_name="Công đoàn cũ", unit_id=uuid4(), sector=None, submitting_unit_id=uuid4(),
        award="bang_khen_tinh", year=2024, route="phong_trao", summary="Cũ", actor="system")
    world.app.store.save(old)
    replayed = world.app.store.load(Nomination, old.id, "", None)
    assert replayed.form is None and replayed.category == "bang_khen_tinh"
    assert replayed.award_name == "Bằng khen cấp bộ, ngành, tỉnh"
    assert replayed.entry == entry_of_snapshot("bang_khen_tinh", None)
    assert isinstance(replayed.entry, AwardFormEntry) and replayed.entry.system == STATE


@pytest.mark.parametrize(("system", "on", "expected"), [
    (STATE, date(2025, 6, 30), ["Luật Thi đua, khen thưởng", "Nghị định số 98/2023/NĐ-CP"]),
    (STATE, date(2025, 7, 1), ["Luật Thi đua, khen thưởng", "Nghị định số 152/2025/NĐ-CP"]),
    (TRADE_UNION, date(2025, 6, 30), ["Luật Công đoàn ngày 20 tháng 6 năm 2012",
                                      "Điều lệ Công đoàn Việt Nam", "Quy chế khen thưởng"]),
    (TRADE_UNION, date(2025, 7, 1), ["Luật Công đoàn ngày 27 tháng 11 năm 2024",
                                     "Điều lệ Công đoàn Việt Nam", "Quy chế khen thưởng"]),
])
def test_the_legal_basis_is_the_systems_in_force_on_the_day(
        system: str, on: date, expected: list[str]) -> None:
    rows = legal_basis(system, on)
    assert [any(e in row.text for row in rows) for e in expected] == [True] * len(expected)
    assert len(rows) == len(expected)
    assert "Nghị định số 98/2023" not in " ".join(r.text for r in rows) or on < date(2025, 7, 1)


def test_each_system_pays_from_its_own_fund() -> None:
    assert award_money(STATE, date(2026, 1, 1)).fund == "quỹ thi đua, khen thưởng"
    union = award_money(TRADE_UNION, date(2026, 1, 1))
    assert union.fund == "nguồn tài chính công đoàn" and union.confidence == "U"
