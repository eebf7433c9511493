"""Award decisions: register numbers, quotas and sector shares, prize money, caps, revocation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from events.errors import ConflictError, DomainError, InvalidInputError
from services.actors import SYSTEM, Actor
from services.app import ThiduaApplication
from services.projections.awards import AwardsProjection
from services.projections.runner import catch_up, open_view
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNER,
    World,
    approve,
    build_world,
    nominate,
    refused,
)

ADMIN = Actor(username="quantri", role="admin")


@pytest.fixture
def world(memory_app: ThiduaApplication) -> World:
    memory_app.store.clock = lambda: AWARDS_TODAY
    return build_world(memory_app, members=3)




def add_people(world: World, count: int, unit_code: str = "CDCS-HC2") -> list[str]:
    keys = []
    for i in range(count):
        key = f"{unit_code}-{i}"
        world.people[key] = world.app.organisation.create_person(
            full_name=f"Cán bộ {unit_code} số {i + 1}", unit_code=unit_code,
            actor=SYSTEM)["id"]
        keys.append(key)
    return keys


def approved(world: World, subject_kind: str, subjects: list[str], award: str,
             **kwargs: Any) -> list[str]:
    ids = [nominate(world, subject_kind, s, award, **kwargs)["id"] for s in subjects]
    approve(world, ids)
    return ids


def draft(world: World, award: str, nominations: list[str], issuer: str = "LDLD",
          symbol: str = "LĐLĐ") -> str:
    return world.app.decisions.draft_decision(
        issuer_unit_code=issuer, issuer_symbol=symbol, campaign_id=world.campaign,
        award=award, nomination_ids=nominations, signer=SIGNER, actor=SECRETARY)["id"]


def issue(world: World, decision: str, on: date = date(2026, 8, 1)) -> dict[str, Any]:
    return world.app.decisions.issue_decision(decision, issued_on=on, actor=SECRETARY)


def test_issuing_takes_the_next_number_of_the_issuers_register_for_the_year(
        world: World) -> None:
    """NĐ 30/2020: numbers per issuer from 01 each year, leading zero: «Số: 07/QĐ-LĐLĐ»."""
    nominations = approved(world, "individual", add_people(world, 9), "ldtt")
    numbers = [issue(world, draft(world, "ldtt", [n]), date(2026, 1, 5 + i))["number"]
               for i, n in enumerate(nominations[:7])]
    assert numbers == [f"0{i}/QĐ-LĐLĐ" for i in range(1, 8)]
    assert issue(world, draft(world, "ldtt", [nominations[7]]),
                 date(2027, 1, 4))["number"] == "01/QĐ-LĐLĐ"
    other = issue(world, draft(world, "ldtt", [nominations[8]], issuer="CDN-GD",
                               symbol="CĐGD"), date(2026, 3, 1))
    assert other["number"] == "01/QĐ-CĐGD"


def test_a_refused_issue_uses_up_no_number(world: World) -> None:
    first, second, third = approved(world, "individual", add_people(world, 3), "ldtt")
    assert issue(world, draft(world, "ldtt", [first]))["number"] == "01/QĐ-LĐLĐ"
    blocked = draft(world, "ldtt", [second])
    person = world.app.nominations.get_nomination(second)["subject_id"]
    world.app.records.impose_discipline(subject_kind="individual", subject_id=person,
                                    reason="Đang bị thanh tra", actor=SECRETARY)
    refused(world, InvalidInputError, "subject_id", "đang trong thời gian bị kỷ luật",
            lambda: issue(world, blocked))
    assert issue(world, draft(world, "ldtt", [third]))["number"] == "02/QĐ-LĐLĐ"
    world.app.records.lift_discipline(subject_kind="individual", subject_id=person,
                                  reason="Kết luận không vi phạm", actor=SECRETARY)
    assert issue(world, blocked)["number"] == "03/QĐ-LĐLĐ"


def test_prize_money_uses_the_base_salary_in_force_on_the_decision_date_rounded_up(
        world: World) -> None:
    """NĐ 152/2025 Đ49–54: LĐTT 0,3 × 2.530.000 = 759.000 → 760.000 đ after 2026-07-01."""
    after, before = approved(world, "individual", ["huong", "pao"], "ldtt")
    decision = issue(world, draft(world, "ldtt", [after]), date(2026, 8, 1))
    (recipient,) = decision["recipients"]
    assert (recipient["coefficient"], recipient["prize"]) == (Decimal("0.3"), 760_000)
    assert recipient["coefficient_source"] == "Nghị định 152/2025/NĐ-CP Đ49–54"
    assert decision["base_salary"]["amount"] == 2_530_000
    assert "161/2026" in decision["base_salary"]["source"]
    earlier = issue(world, draft(world, "ldtt", [before]), date(2026, 6, 30))
    assert earlier["recipients"][0]["prize"] == 710_000  # 0,3 × 2.340.000 = 702.000 → up
    assert earlier["total"] == 710_000


def test_only_the_highest_title_of_a_year_is_paid_nd152(world: World) -> None:
    """NĐ 152/2025: several titles for one period, the highest prize only."""
    ldtt = approved(world, "individual", ["huong", "pao"], "ldtt", route="hang_nam")
    cstdcs = approved(world, "individual", ["huong", "pao"], "cstdcs", route="hang_nam")
    # Hương: LĐTT first (760.000), then CSTĐCS: only the difference up to 2.530.000.
    assert issue(world, draft(world, "ldtt", [ldtt[0]]))["recipients"][0]["prize"] == 760_000
    higher = issue(world, draft(world, "cstdcs", [cstdcs[0]]))["recipients"][0]
    assert (higher["amount"], higher["prize"]) == (2_530_000, 1_770_000)
    assert "chênh lệch" in higher["note"]
    # Páo: CSTĐCS first, then LĐTT is recorded with no money and a note.
    assert issue(world, draft(world, "cstdcs", [cstdcs[1]]))["recipients"][0]["prize"] == \
        2_530_000
    lower = issue(world, draft(world, "ldtt", [ldtt[1]]))["recipients"][0]
    assert (lower["amount"], lower["prize"]) == (760_000, 0)
    assert "chỉ nhận mức cao nhất" in lower["note"]
    # A form of commendation is not a title: paid in full (Bằng khen tỉnh cá nhân 1,5).
    (form,) = approved(world, "individual", ["pao"], "bang_khen_tinh")
    assert issue(world, draft(world, "bang_khen_tinh", [form]))["recipients"][0]["prize"] == \
        3_800_000  # 1,5 × 2.530.000 = 3.795.000 → up


def test_seed_004_quota_10_bang_khen_for_collectives_of_which_4_for_education(
        world: World) -> None:
    """Kế hoạch 117/KH-LĐLĐ (seed 004): education takes at most 4, all others at most 6."""
    schools = [f"GD{i}" for i in range(1, 6)]
    offices = [f"HC{i}" for i in range(1, 8)]
    first = approved(world, "collective", schools[:4] + offices[:6], "bang_khen_tinh")
    # A second session before any decision: its places still look free to the council.
    fifth_school, seventh_office, hospital = approved(
        world, "collective", [schools[4], offices[6], "YT"], "bang_khen_tinh")

    assert issue(world, draft(world, "bang_khen_tinh", first[:4]))["number"] == "01/QĐ-LĐLĐ"
    # The 5th education collective, while the other sectors still have all 6 places.
    school_decision = draft(world, "bang_khen_tinh", [fifth_school])
    refused(world, ConflictError, "nomination_ids",
            "ngành Giáo dục: tối đa 4, đã dùng 4, quyết định này thêm 1 (chỉ tiêu tại Kế "
            "hoạch số 117/KH-LĐLĐ)", lambda: issue(world, school_decision))
    offices_decision = draft(world, "bang_khen_tinh", first[4:])
    assert issue(world, offices_decision)["number"] == "02/QĐ-LĐLĐ"
    # The 7th other collective.
    office_decision = draft(world, "bang_khen_tinh", [seventh_office])
    refused(world, ConflictError, "nomination_ids",
            "các đơn vị ngoài ngành Giáo dục: tối đa 6, đã dùng 6, quyết định này thêm 1",
            lambda: issue(world, office_decision))
    # The 11th collective (a hospital union, y tế): no place left anywhere.
    eleventh = draft(world, "bang_khen_tinh", [hospital])
    refused(world, ConflictError, "nomination_ids", "tối đa 6, đã dùng 6",
            lambda: issue(world, eleventh))
    both = draft(world, "bang_khen_tinh", [seventh_office, fifth_school])
    refused(world, ConflictError, "nomination_ids", "Giáo dục: tối đa 4",
            lambda: issue(world, both))
    projection = AwardsProjection()
    catch_up(world.app.store, projection, open_view(world.app.store, projection, create=True))
    (collective, individual) = world.app.awards.quota_usage(world.campaign)["quotas"]
    assert (collective["used"], collective["remaining"]) == (10, 0)
    assert collective["reserved"] == [{"sector": "giao_duc", "sector_name": "Giáo dục",
                                       "max": 4, "used": 4, "remaining": 0}]
    assert collective["others"] == {"max": 6, "used": 6, "remaining": 0}
    assert individual["used"] == 0

    # Revocation is an event; the places come back and the number stays used.
    revoked = world.app.decisions.revoke_decision(offices_decision, reason="Sai đối tượng",
                                            actor=SECRETARY)
    assert revoked["status"] == "revoked" and revoked["number"] == "02/QĐ-LĐLĐ"
    assert issue(world, eleventh)["number"] == "03/QĐ-LĐLĐ"
    catch_up(world.app.store, projection, open_view(world.app.store, projection))
    usage = world.app.awards.quota_usage(world.campaign)["quotas"][0]
    assert usage["others"] == {"max": 6, "used": 1, "remaining": 5}


def test_bad_decisions_are_refused_naming_the_field_and_nothing_is_stored(
        world: World) -> None:
    service = world.app
    (approved_one,) = approved(world, "individual", ["huong"], "ldtt")
    pending = nominate(world, "individual", "pao", "ldtt")["id"]

    def drafting(ids: list[str], **changes: Any) -> Any:
        command = {"issuer_unit_code": "LDLD", "campaign_id": world.campaign,
                   "award": "ldtt", "nomination_ids": ids, "signer": SIGNER, **changes}
        return lambda: service.decisions.draft_decision(**command, actor=SECRETARY)

    refused(world, InvalidInputError, "nomination_ids", "ít nhất một tập thể hoặc cá nhân",
            drafting([]))
    refused(world, ConflictError, "nomination_ids[1]", "chỉ hồ sơ được Hội đồng đề nghị",
            drafting([approved_one, pending]))
    refused(world, InvalidInputError, "nomination_ids[0]", "không phải «Chiến sĩ thi đua",
            drafting([approved_one], award="cstdcs"))
    refused(world, InvalidInputError, "nomination_ids[1]", "bị lặp",
            drafting([approved_one, approved_one]))
    refused(world, InvalidInputError, "issuer_symbol", "không hợp lệ",
            drafting([approved_one], issuer_symbol="LĐ LĐ"))
    refused(world, InvalidInputError, "signer.name", "không được để trống",
            drafting([approved_one], signer={"position": "Chủ tịch"}))
    refused(world, DomainError, "nomination_ids[0]", "Không tìm thấy hồ sơ",
            drafting(["6f1c2d52-6a43-5b0e-9c1e-7d1a0b3c9e10"]))
    decision = draft(world, "ldtt", [approved_one])
    refused(world, InvalidInputError, "issued_on", "Chưa có mức lương cơ sở",
            lambda: issue(world, decision, date(2019, 1, 2)))
    refused(world, ConflictError, "decision_id", "chỉ hủy được quyết định đã ban hành",
            lambda: service.decisions.revoke_decision(decision, reason="Nhầm", actor=SECRETARY))
    issue(world, decision)
    refused(world, ConflictError, "decision_id", "không ban hành lại",
            lambda: issue(world, decision))
    refused(world, DomainError, None, "không có quyền",
            lambda: service.decisions.issue_decision(decision, actor=Actor(username="u",
                                                                 role="council_member")))


def test_an_organisations_cap_cstdcs_at_15_percent_of_ldtt(world: World) -> None:
    """Per-organisation cap (NĐ 152 Đ6: caps are set by each organisation)."""
    world.app.settings.configure(unit_code="LDLD", actor=ADMIN,
                            caps=[{"award": "cstdcs", "of_award": "ldtt", "percent": 15}])
    staff = add_people(world, 7)
    issue(world, draft(world, "ldtt", approved(world, "individual", staff, "ldtt")))
    two = approved(world, "individual", staff[:2], "cstdcs", route="hang_nam")
    over = draft(world, "cstdcs", two)
    error = refused(world, ConflictError, "nomination_ids", "năm 2025 có 7 Lao động tiên tiến "
                    "nên tối đa 1 Chiến sĩ thi đua cơ sở", lambda: issue(world, over))
    assert "không quá 15 %" in error.message
    assert issue(world, draft(world, "cstdcs", two[:1]))["status"] == "issued"


def test_views_show_the_board_by_status_and_the_award_history_of_people_and_units(
        world: World) -> None:
    service = world.app
    service.records.record_past_award(subject_kind="individual", subject_id=world.people["huong"],
                                      award="cstdcs", year=2021, number="88/QĐ-UBND",
                                      decided_on=date(2021, 12, 30), actor=SECRETARY)
    (awarded,) = approved(world, "individual", ["huong"], "ldtt")
    (school,) = approved(world, "collective", ["GD1"], "bang_khen_tinh")
    returned = nominate(world, "individual", "pao", "ldtt")["id"]
    service.nominations.return_nomination(returned, reason="Thiếu biên bản bình xét",
                                          actor=SECRETARY)
    issue(world, draft(world, "ldtt", [awarded]))
    issue(world, draft(world, "bang_khen_tinh", [school]))
    projection = AwardsProjection()
    catch_up(world.app.store, projection, open_view(world.app.store, projection, create=True))
    reader = world.app.awards

    board = reader.nominations(world.campaign)
    assert board["counts"] == {"awarded": 2, "returned": 1}
    (row,) = reader.nominations(world.campaign, status="returned")["rows"]
    assert (row["subject_name"], row["reason"]) == ("Giàng A Páo", "Thiếu biên bản bình xét")
    awarded_row = reader.nominations(world.campaign, status="awarded")["rows"][1]
    assert awarded_row["decision_number"] == "01/QĐ-LĐLĐ" and awarded_row["yes_votes"] == 3

    person = reader.history(subject_id=world.people["huong"])["rows"]
    assert [(r["award"], r["year"], r["number"], r["prize"]) for r in person] == [
        ("ldtt", 2025, "01/QĐ-LĐLĐ", 760_000), ("cstdcs", 2021, "88/QĐ-UBND", None)]
    unit = reader.history(unit_code="CDCS-GD1")["rows"]
    assert {(r["subject_name"], r["award"]) for r in unit} == {
        ("Lò Thị Hương", "ldtt"), ("Lò Thị Hương", "cstdcs"),
        ("Công đoàn Trường số 1", "bang_khen_tinh")}
    with pytest.raises(InvalidInputError):
        reader.history()
