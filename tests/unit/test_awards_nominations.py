"""Nominations: submitted, returned, resubmitted, amended, withdrawn; eligibility from history."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from events.errors import ConflictError, DomainError, InvalidInputError, PermissionDeniedError
from services.actors import SYSTEM, Actor
from services.app import ThiduaApplication
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    World,
    build_world,
    nominate,
    refused,
)


@pytest.fixture
def world(memory_app: ThiduaApplication) -> World:
    memory_app.store.clock = lambda: AWARDS_TODAY
    return build_world(memory_app)




def past(world: World, person: str, award: str, *years: int) -> None:
    for year in years:
        world.app.records.record_past_award(
            subject_kind="individual", subject_id=world.people[person], award=award,
            year=year, number=f"{year - 2000}/QĐ-UBND", decided_on=date(year, 12, 20),
            actor=SECRETARY)


def test_a_unit_clerk_nominates_within_its_own_units_only(world: World) -> None:
    school = UUID(world.units["GD1"])
    clerk = Actor(username="vanthu-gd1", role="unit_clerk", unit_id=school)
    nomination = world.app.nominations.submit_nomination(
        campaign_id=world.campaign, subject_kind="collective", subject_id=school,
        award="bang_khen_tinh", year=2025, route="phong_trao",
        summary="  Tiêu biểu   trong phong trào văn hóa công sở ", actor=clerk)
    assert nomination["status"] == "submitted"
    assert nomination["sector"] == "giao_duc"  # from Công đoàn ngành Giáo dục above it
    assert nomination["submitting_unit_id"] == str(school)
    assert nomination["summary"] == "Tiêu biểu trong phong trào văn hóa công sở"
    refused(world, PermissionDeniedError, None, "đơn vị của mình",
            lambda: world.app.nominations.submit_nomination(
                campaign_id=world.campaign, subject_kind="collective",
                subject_id=world.units["HC1"], award="bang_khen_tinh", year=2025,
                route="phong_trao", summary="Thành tích", actor=clerk))
    refused(world, PermissionDeniedError, None, "không có quyền",
            lambda: world.app.nominations.submit_nomination(
                campaign_id=world.campaign, subject_kind="collective", subject_id=school,
                award="giay_khen", year=2025, summary="x", actor=SECRETARY))


def test_returned_nomination_is_resubmitted_amended_then_withdrawn(world: World) -> None:
    service = world.app
    nomination = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    returned = service.nominations.return_nomination(nomination, reason="Thiếu báo cáo thành tích",
                                                     actor=SECRETARY)
    assert (returned["status"], returned["reason"]) == ("returned", "Thiếu báo cáo thành tích")
    resent = service.nominations.resubmit_nomination(nomination,
                                                     summary="Bổ sung báo cáo thành tích",
                                                     actor=SYSTEM)
    assert (resent["status"], resent["summary"]) == ("submitted", "Bổ sung báo cáo thành tích")
    assert resent["returns"] == [{"reason": "Thiếu báo cáo thành tích", "by": "thuky"}]
    amended = service.nominations.amend_nomination(nomination, summary="Báo cáo đã ký",
                                                   actor=SYSTEM)
    assert amended["summary"] == "Báo cáo đã ký" and amended["status"] == "submitted"
    refused(world, ConflictError, "nomination_id", "chỉ gửi lại hồ sơ đã bị trả lại",
            lambda: service.nominations.resubmit_nomination(nomination, actor=SYSTEM))
    withdrawn = service.nominations.withdraw_nomination(nomination, reason="Đơn vị rút",
                                                        actor=SYSTEM)
    assert withdrawn["status"] == "withdrawn"
    refused(world, ConflictError, "nomination_id", "Đơn vị đã rút",
            lambda: service.nominations.amend_nomination(nomination, summary="x", actor=SYSTEM))
    refused(world, InvalidInputError, "reason", "không được để trống",
            lambda: service.nominations.return_nomination(nomination, reason=" ", actor=SECRETARY))


def test_cstd_tinh_needs_cstdcs_in_each_of_the_three_years_before_luat_tdkt_2022(
        world: World) -> None:
    """Luật Thi đua, khen thưởng 2022: CSTĐ cấp tỉnh needs 3 consecutive years of CSTĐCS."""
    past(world, "huong", "cstdcs", 2022, 2024)
    error = refused(world, InvalidInputError, "award", "còn thiếu năm 2023",
                    lambda: nominate(world, "individual", "huong", "cstd_tinh"))
    assert "06/2022/QH15" in error.message and "2022, 2023, 2024" in error.message
    past(world, "huong", "cstdcs", 2023)
    assert nominate(world, "individual", "huong", "cstd_tinh")["status"] == "submitted"


def test_bang_khen_tinh_on_the_annual_route_needs_two_cstdcs_years(world: World) -> None:
    """One route of Bằng khen cấp tỉnh (M): CSTĐCS in the 2 consecutive years before."""
    past(world, "pao", "cstdcs", 2024)
    error = refused(world, InvalidInputError, "award", "còn thiếu năm 2023",
                    lambda: nominate(world, "individual", "pao", "bang_khen_tinh",
                                     route="hang_nam"))
    assert "Bằng khen cấp bộ, ngành, tỉnh cần đạt Chiến sĩ thi đua cơ sở 2 năm" in error.message
    # The campaign route (seed 004: Bằng khen of a thematic campaign) has no such rule.
    assert nominate(world, "individual", "pao", "bang_khen_tinh", route="phong_trao")
    past(world, "lan", "cstdcs", 2023, 2024)
    assert nominate(world, "individual", "lan", "bang_khen_tinh", route="hang_nam")


def test_no_nomination_while_under_discipline_nd152_d4(world: World) -> None:
    """NĐ 152/2025 Đ4: no award to a person under discipline; allowed again once it ends."""
    service = world.app
    history = service.records.impose_discipline(subject_kind="individual",
                                                subject_id=world.people["pao"],
                                                reason="Khiển trách", since=date(2025, 9, 1),
                                                actor=SECRETARY)
    assert history["under_discipline"] is True
    error = refused(world, InvalidInputError, "subject_id", "đang trong thời gian bị kỷ luật",
                    lambda: nominate(world, "individual", "pao", "ldtt"))
    assert "152/2025/NĐ-CP Đ4" in error.message and "01/09/2025" in error.message
    refused(world, ConflictError, "subject_id", "đang trong thời gian bị kỷ luật",
            lambda: service.records.impose_discipline(subject_kind="individual",
                                                      subject_id=world.people["pao"], reason="x",
                                                      actor=SECRETARY))
    service.records.lift_discipline(subject_kind="individual", subject_id=world.people["pao"],
                                    reason="Hết thời hạn", on=date(2025, 9, 30), actor=SECRETARY)
    assert nominate(world, "individual", "pao", "ldtt")["status"] == "submitted"


@pytest.mark.parametrize(("changes", "error", "field", "text"), [
    ({"award": "huan_chuong"}, InvalidInputError, "award", "không có trong danh mục"),
    ({"subject_kind": "collective", "award": "ldtt"}, InvalidInputError, "award",
     "không có cho đối tượng này"),
    ({"year": 2027}, InvalidInputError, "year", "ngoài thời gian phong trào"),
    ({"year": "2025"}, InvalidInputError, "year", "phải là năm"),
    ({"route": "le_tet"}, InvalidInputError, "route", "không hợp lệ"),
    ({"summary": "   "}, InvalidInputError, "summary", "không được để trống"),
    ({"subject_id": "khong-phai-ma"}, InvalidInputError, "subject_id", "không hợp lệ"),
    ({"subject_id": str(uuid4())}, DomainError, "subject_id", "Không tìm thấy cá nhân"),
    ({"subject_kind": "ho_gia_dinh"}, InvalidInputError, "subject_kind", "không hợp lệ"),
    ({"campaign_id": str(uuid4())}, DomainError, "campaign_id", "Không tìm thấy phong trào"),
])
def test_bad_nomination_input_names_the_field_and_stores_nothing(
        world: World, changes: dict[str, Any], error: type[DomainError], field: str,
        text: str) -> None:
    command: dict[str, Any] = {
        "campaign_id": world.campaign, "subject_kind": "individual",
        "subject_id": world.people["huong"], "award": "ldtt", "year": 2025,
        "summary": "Hoàn thành tốt nhiệm vụ", "route": "hang_nam", "actor": SYSTEM, **changes}
    if command["subject_kind"] == "collective":
        command["subject_id"] = world.units["GD1"]
    refused(world, error, field, text, lambda: world.app.nominations.submit_nomination(**command))


def test_a_second_nomination_of_the_same_subject_award_and_year_is_a_conflict(
        world: World) -> None:
    nominate(world, "individual", "huong", "ldtt")
    refused(world, ConflictError, "subject_id", "đã có hồ sơ đề nghị «Lao động tiên tiến» năm "
            "2025", lambda: nominate(world, "individual", "huong", "ldtt"))
    assert nominate(world, "individual", "huong", "ldtt", year=2024)["year"] == 2024


def test_a_title_not_yet_in_the_tables_on_the_day_is_refused(world: World) -> None:
    refused(world, InvalidInputError, "award", "chưa có trong bảng quy định",
            lambda: nominate(world, "individual", "huong", "ldtt", on=date(2023, 6, 1)))
