"""The demo data set: Kế hoạch 117/KH-LĐLĐ loaded through the use cases."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from events import ids
from events.errors import ConflictError
from events.nomination import women_first
from events.rules import women_first_rule
from services.actors import SYSTEM
from services.demo import (
    AUTHORITY_BASIS,
    BANG_KHEN,
    CAMPAIGN,
    CAMPAIGN_CODE,
    DEMO_USERS,
    MONTHS,
    NOMINATED,
    NOMINATED_ON,
    NOMINATION_YEAR,
    WEEKS,
    load_demo,
)
from services.thidua import Thidua
from tests.support.documents import text_of
from tests.support.stores import memory_thidua


def make_app() -> Thidua:
    return memory_thidua()


@pytest.fixture(scope="module")
def loaded() -> tuple[Thidua, dict[str, int], list[str]]:
    app = make_app()
    messages: list[str] = []
    counts = load_demo(app, progress=messages.append)
    return app, counts, messages


def campaign_of(app: Thidua) -> dict[str, Any]:
    (campaign,) = [c for c in app.campaigns.list_campaigns() if c["code"] == CAMPAIGN_CODE]
    return campaign


def all_cards(app: Thidua) -> list[dict[str, Any]]:
    campaign_id = campaign_of(app)["id"]
    cards = []
    for registration in app.campaigns.list_registrations(campaign_id):
        periods = WEEKS if registration["subject_kind"] == "individual" else MONTHS
        for period in periods:
            cards.append(app.campaigns.get_scorecard(campaign_id, registration["subject_id"],
                                                     period))
    return cards


def test_counts_match_the_store(loaded: tuple[Thidua, dict[str, int], list[str]]):
    app, counts, messages = loaded
    registrations = app.campaigns.list_registrations(campaign_of(app)["id"])
    assert counts["units"] == len(app.organisation.list_units()) >= 25
    assert counts["people"] == len(app.organisation.list_people()) >= 35
    assert counts["registrations"] == len(registrations)
    assert counts["users"] == len(DEMO_USERS) == 8
    assert {u["role"] for u in DEMO_USERS} >= {"secretary", "council_member"}
    assert counts["nominations"] == len(NOMINATED) == 5
    assert counts["scorecards"] == len(all_cards(app))
    individuals = [r for r in registrations if r["subject_kind"] == "individual"]
    assert 30 <= len(individuals) < counts["people"]
    assert messages and messages[-1] == "Demo data loaded"


def test_unit_tree_and_text(loaded: tuple[Thidua, dict[str, int], list[str]]):
    app, _, _ = loaded
    units = {u["code"]: u for u in app.organisation.list_units()}
    assert units["LDLD"]["name"] == "Liên đoàn Lao động tỉnh Lai Châu"
    assert units["LDLD"]["parent_code"] is None
    assert units["CDN-GD"]["sector"] == "giao_duc"
    assert units["CDCS-THPT-LQD"]["parent_code"] == "CDN-GD"
    assert sum(1 for u in units.values() if u["parent_code"] == "LDLD") == 11
    texts = [u["name"] for u in units.values()]
    texts += [p["full_name"] for p in app.organisation.list_people()]
    assert all(unicodedata.normalize("NFC", t) == t for t in texts)
    assert sum(1 for p in app.organisation.list_people() if p["is_leader"]) >= 3


def test_campaign_follows_the_plan(loaded: tuple[Thidua, dict[str, int], list[str]]):
    app, _, _ = loaded
    campaign = campaign_of(app)
    assert campaign["number"] == "117/KH-LĐLĐ"
    assert campaign["issuer_unit_code"] == "LDLD"
    assert str(campaign["registration_deadline"]) == "2020-02-10"
    quotas = {q["subject_kind"]: q for q in campaign["quotas"]}
    assert quotas["collective"]["max"] == 10
    assert quotas["collective"]["reserved"] == [{"sector": "giao_duc", "max": 4}]
    assert quotas["individual"]["max"] == 15
    assert quotas["individual"]["reserved"] == [{"sector": "giao_duc", "max": 6}]
    tracks = {t["subject_kind"]: t for t in campaign["tracks"]}
    assert tracks["collective"]["cadence"] == "monthly"
    assert tracks["individual"]["cadence"] == "weekly"
    for track in tracks.values():
        assert sum(c["max_points"] for c in track["criteria"]) == 100
    assert [c["code"] for c in tracks["individual"]["criteria"]] == [
        f"CN{i}" for i in range(1, 8)
    ]


def test_education_collectives_are_registered(
    loaded: tuple[Thidua, dict[str, int], list[str]],
):
    app, _, _ = loaded
    sector_of = {u["id"]: u["sector"] for u in app.organisation.list_units()}
    collectives = [
        r for r in app.campaigns.list_registrations(campaign_of(app)["id"])
        if r["subject_kind"] == "collective"
    ]
    assert sum(1 for r in collectives if sector_of[str(r["subject_id"])] == "giao_duc") >= 6
    assert {sector_of[str(r["subject_id"])] for r in collectives} >= {
        "giao_duc", "y_te", "hanh_chinh", "doanh_nghiep"
    }


def test_scorecards_mix_pending_reviewed_and_corrected(
    loaded: tuple[Thidua, dict[str, int], list[str]],
):
    app, counts, _ = loaded
    cards = all_cards(app)
    pending = [c for c in cards if c["status"] == "pending"]
    reviewed = [c for c in cards if c["status"] == "reviewed"]
    corrected = [c for c in cards if c["corrections"]]
    assert pending and reviewed
    assert 0.75 <= len(reviewed) / len(cards) <= 0.95
    assert len(reviewed) == counts["reviews"]
    assert 3 <= len(corrected) <= 5
    assert all(c["corrections"][0]["reason"] for c in corrected)
    campaign = campaign_of(app)
    for card in cards:
        track = next(t for t in campaign["tracks"] if t["subject_kind"] == card["subject_kind"])
        for criterion in track["criteria"]:
            points = card["self_scores"][criterion["code"]]
            assert Decimal("0.6") * criterion["max_points"] - 1 <= points
            assert points <= criterion["max_points"]


def test_loading_twice_is_a_conflict(
    loaded: tuple[Thidua, dict[str, int], list[str]],
):
    app, _, _ = loaded
    before = app.store.event_count()
    with pytest.raises(ConflictError, match="Dữ liệu mẫu đã được nạp"):
        load_demo(app)
    assert app.store.event_count() == before


def test_demo_users_can_sign_in(loaded: tuple[Thidua, dict[str, int], list[str]]):
    app, _, _ = loaded
    for user in DEMO_USERS:
        actor = app.sign_ins.authenticate(str(user["username"]), str(user["password"]))
        assert actor.role == user["role"]
        if user["unit_code"]:
            assert actor.unit_id == app.organisation.get_unit_by_code(str(user["unit_code"])).id


def test_load_is_deterministic(loaded: tuple[Thidua, dict[str, int], list[str]]):
    app, counts, _ = loaded
    other = make_app()
    assert load_demo(other) == counts

    def summary(application: Thidua) -> list[tuple[Any, ...]]:
        campaign_id = campaign_of(application)["id"]
        rows = [
            (r["subject_kind"], r["registered_on"], r["pledge"])
            for r in application.campaigns.list_registrations(campaign_id)
        ]
        rows += [(c["period"], c["status"], c["total"]) for c in all_cards(application)]
        return rows

    assert summary(other) == summary(app)


def test_demo_dossiers_declare_members_and_women(
        loaded: tuple[Thidua, dict[str, int], list[str]]) -> None:
    """Each dossier declares its members and women; two of the five reach the 70 % of the
    women-first rule at a tie."""
    app, _, _ = loaded
    campaign = campaign_of(app)["id"]
    first = []
    for code in NOMINATED:
        unit = app.organisation.get_unit_by_code(code)
        nomination = app.nominations.get_nomination(ids.nomination_id(
            UUID(campaign), unit.id, BANG_KHEN, NOMINATION_YEAR))
        assert nomination["women_text"].endswith("thành viên là nữ")
        if women_first(nomination["women"], women_first_rule(NOMINATED_ON)):
            first.append(code)
    assert first == ["CDCS-PTDTNT", "CDCS-BVDK"]


def test_a_store_with_an_admin_account_refuses_the_demo_and_stores_nothing() -> None:
    """All or nothing: the demo's own ``admin`` would clash after units, people, the campaign
    and thousands of scores were written; every conflict is checked before any write."""
    app = make_app()
    app.accounts.create_user(username="admin", password="mat-khau-rieng", role="admin",
                             actor=SYSTEM)
    before = app.store.event_count()
    with pytest.raises(ConflictError) as info:
        load_demo(app)
    assert app.store.event_count() == before
    assert "tài khoản «admin»" in info.value.message
    assert "Chưa ghi dữ liệu nào" in info.value.message
    assert unicodedata.normalize("NFC", info.value.message) == info.value.message
    assert app.organisation.list_units() == [] and app.campaigns.list_campaigns() == []


def _other_unit(app: Thidua, code: str = "KHAC") -> None:
    app.organisation.create_unit(code=code, name="Đơn vị khác", actor=SYSTEM)


@pytest.mark.parametrize("setup, named", [
    (lambda app: _other_unit(app, "CDN-GD"), "đơn vị mã «CDN-GD»"),
    (lambda app: (_other_unit(app), app.campaigns.create_campaign(
        {**CAMPAIGN, "issuer_unit_code": "KHAC", "quotas": []}, actor=SYSTEM)),
     "phong trào mã «VHCS-2019»"),
    (lambda app: app.award_forms.define_form(
        code=BANG_KHEN, name="Bằng khen khác", kind="hinh_thuc", subject_kinds=["collective"],
        category="bang_khen_tinh", system="nha_nuoc", actor=SYSTEM),
     f"hình thức khen thưởng mã «{BANG_KHEN}»"),
    (lambda app: [app.accounts.create_user(username=name, password="mat-khau-rieng",
                                           role="auditor", actor=SYSTEM)
                  for name in ("thuky", "hoidong2")], "tài khoản «thuky», «hoidong2»"),
], ids=["unit", "campaign", "award_form", "users"])
def test_any_conflict_is_named_before_anything_is_written(setup: Any, named: str) -> None:
    app = make_app()
    setup(app)
    before = app.store.event_count()
    with pytest.raises(ConflictError) as info:
        load_demo(app)
    assert app.store.event_count() == before
    assert named in info.value.message, info.value.message


def test_the_demo_uses_the_trade_union_system_and_its_own_award_names(
        loaded: tuple[Thidua, dict[str, int], list[str]]) -> None:
    """Issue 13: the demo's catalogue is the union's own (trade-union system, names printed
    as its decisions print them), its dossiers and quotas take those codes, and the union's
    authority basis is set; its Kế hoạch names the union's Bằng khen, never the legal
    category."""
    app, _, _ = loaded
    own = app.award_forms.list_forms(defaults=False)
    assert {form["system"] for form in own} == {"cong_doan"}
    assert {form["code"] for form in own} >= {BANG_KHEN, "co_ldld_tinh"}
    union_bk = app.award_forms.get_form(BANG_KHEN)
    assert union_bk["name"] == "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu"
    assert union_bk["category"] == "bang_khen_tinh"
    campaign = campaign_of(app)["id"]
    assert {q["award_form"] for q in app.campaigns.get_campaign(campaign).quotas} <= {
        form["code"] for form in own}
    for code in NOMINATED:
        unit = app.organisation.get_unit_by_code(code)
        nomination = app.nominations.get_nomination(ids.nomination_id(
            UUID(campaign), unit.id, BANG_KHEN, NOMINATION_YEAR))
        assert nomination["award"] == BANG_KHEN
    root = app.organisation.get_unit_by_code("LDLD")
    assert app.settings.of_unit(root.id).authority_basis == AUTHORITY_BASIS
    # The root's papers open with the body that governs it (NĐ 30 Phụ lục I).
    assert app.organisation.governing_name(root) == "Tổng Liên đoàn Lao động Việt Nam"
    plan = text_of(app.documents.campaign_plan(campaign, SYSTEM).data)
    assert "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai Châu" in plan
    assert "cấp bộ, ngành, tỉnh" not in plan
