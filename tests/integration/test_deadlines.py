"""Issue 15, deadlines: per campaign and tier the day dossiers are due; the board of the
units late or still due and of the dossiers waiting at each tier, for how long. On SQLite
and PostgreSQL, with the days given (the app's clock and the board's "today" fixed)."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import ConflictError, InvalidInputError, PermissionDeniedError
from services.actors import Actor
from services.config import Settings
from tests.support.awards_world import refused
from tests.support.stores import AppFactory
from tests.support.tiers import Calendar, Tiers, build_tiers

AUDITOR = Actor(username="kiemtoan", role="auditor")


@pytest.fixture
def calendar() -> Calendar:
    return Calendar(date(2025, 10, 1))


@pytest.fixture
def tiers(store_settings: Settings, open_app: AppFactory, calendar: Calendar) -> Tiers:
    return build_tiers(open_app(store_settings, clock=calendar))


def rows(tier: dict, field: str = "units") -> dict[str, str]:
    return {u["unit_code"]: u["words"] for u in tier[field]}


def by_code(board: dict) -> dict[str, dict]:
    return {t["tier_unit_code"]: t for t in board["tiers"]}


def test_the_board_names_late_units_and_how_long_dossiers_wait(tiers: Tiers,
                                                               calendar: Calendar) -> None:
    app, act = tiers.app, tiers.actor
    school, sector, province = act("vanthu-truong1"), act("vanthu-nganh"), act("vanthu-tinh")
    campaign = tiers.world.campaign
    # The sector union sets its own due date; the province sets the one at the province.
    app.deadlines.set_deadline(campaign_id=campaign, tier_unit_code="CDN-GD", due="2025-10-10",
                               actor=sector)
    app.deadlines.set_deadline(campaign_id=campaign, tier_unit_code="LDLD", due="2025-10-20",
                               actor=province)
    dossier = tiers.draft()["id"]
    calendar.day = date(2025, 10, 3)
    app.dossiers.submit_dossier(dossier, actor=school)

    board = app.deadlines.board(campaign, actor=province, on=date(2025, 10, 12))
    at = by_code(board)
    assert rows(at["CDN-GD"]) == {"CDCS-GD1": "Đã gửi đúng hạn",
                                  "CDCS-GD2": "Quá hạn 2 ngày, chưa gửi"}
    assert [(w["submitting_unit_name"], w["arrived_on"], w["days"])
            for w in at["CDN-GD"]["waiting"]] == [("Công đoàn Trường số 1", "2025-10-03", 9)]
    assert rows(at["LDLD"])["CDN-GD"] == "Chưa gửi, còn 8 ngày"
    assert rows(at["LDLD"])["CDCS-YT"] == "Chưa gửi, còn 8 ngày"
    assert at["LDLD"]["waiting"] == []

    # Returned below the tier, the school must send it again: then it is late.
    calendar.day = date(2025, 10, 13)
    app.dossiers.return_dossier(dossier, reason="Thiếu biên bản họp.", actor=sector)
    at = by_code(app.deadlines.board(campaign, actor=province, on=date(2025, 10, 14)))
    assert rows(at["CDN-GD"])["CDCS-GD1"] == "Quá hạn 4 ngày, chưa gửi"
    assert [(w["arrived_on"], w["days"]) for w in at["CDCS-GD1"]["waiting"]] == [
        ("2025-10-13", 1)]
    calendar.day = date(2025, 10, 15)
    app.dossiers.submit_dossier(dossier, actor=school)
    calendar.day = date(2025, 10, 16)
    app.dossiers.forward_dossier(dossier, actor=sector)
    at = by_code(app.deadlines.board(campaign, actor=province, on=date(2025, 10, 21)))
    assert rows(at["CDN-GD"])["CDCS-GD1"] == "Gửi muộn 5 ngày"
    assert rows(at["LDLD"])["CDN-GD"] == "Đã gửi đúng hạn"
    assert rows(at["LDLD"])["CDCS-HC1"] == "Quá hạn 1 ngày, chưa gửi"
    assert at["LDLD"]["late"] == len(at["LDLD"]["units"]) - 1
    assert [(w["arrived_on"], w["days"]) for w in at["LDLD"]["waiting"]] == [
        ("2025-10-16", 5)]

    # A clerk of another branch sees its own branch only: no dossier, no sector tier.
    other = app.deadlines.board(campaign, actor=act("vanthu-so1"), on=date(2025, 10, 21))
    assert [t["tier_unit_code"] for t in other["tiers"]] == ["LDLD"]
    assert rows(other["tiers"][0]) == {"CDCS-HC1": "Quá hạn 1 ngày, chưa gửi"}
    assert other["tiers"][0]["waiting"] == []

    # Every change in the audit history, in words, with its day.
    schedule = app.deadlines.schedule(app.campaigns.get_campaign(campaign))
    words = [e["summary"] for e in app.audit.history(AUDITOR, str(schedule.id))["events"]]
    plan = app.campaigns.get_campaign(campaign)
    assert words[0] == ("Lập lịch hạn gửi hồ sơ của phong trào theo Kế hoạch số "
                        f"{plan.number}: {plan.title}")
    assert words[1:] == [
        "Ngày 01/10/2025 đặt hạn các đơn vị cấp dưới gửi hồ sơ đến Công đoàn ngành Giáo dục "
        "(CDN-GD): hết ngày 10/10/2025",
        "Ngày 01/10/2025 đặt hạn các đơn vị cấp dưới gửi hồ sơ đến Liên đoàn Lao động tỉnh "
        "Lai Châu (LDLD): hết ngày 20/10/2025"]
    moves = [e["summary"] for e in app.audit.history(AUDITOR, dossier)["events"]][1:]
    assert moves == [
        "Gửi hồ sơ lên Công đoàn ngành Giáo dục (CDN-GD) ngày 03/10/2025",
        "Công đoàn ngành Giáo dục (CDN-GD) trả hồ sơ về Công đoàn Trường số 1 (CDCS-GD1) ngày "
        "13/10/2025, lý do: Thiếu biên bản họp.",
        "Gửi hồ sơ lên Công đoàn ngành Giáo dục (CDN-GD) ngày 15/10/2025",
        "Công đoàn ngành Giáo dục (CDN-GD) chuyển hồ sơ lên Liên đoàn Lao động tỉnh Lai Châu "
        "(LDLD) ngày 16/10/2025"]
    assert app.dossiers.get_dossier(dossier, actor=province)["arrived_on"] == "2025-10-16"


def test_who_may_set_a_due_date_and_what_is_refused(tiers: Tiers) -> None:
    app, act, world = tiers.app, tiers.actor, tiers.world
    campaign = world.campaign

    def set_(actor: str, tier: str = "CDN-GD", due: str = "2025-10-10") -> object:
        return lambda: app.deadlines.set_deadline(campaign_id=campaign, tier_unit_code=tier,
                                                  due=due, actor=act(actor))

    # The school's clerk is below the tier; a clerk of another branch is beside it.
    refused(world, PermissionDeniedError, None, "đơn vị của mình", set_("vanthu-truong1"))
    refused(world, PermissionDeniedError, None, "đơn vị của mình", set_("vanthu-so1"))
    refused(world, PermissionDeniedError, None, "không có quyền", set_("chuyenvien-nganh"))
    refused(world, InvalidInputError, "due", "", set_("vanthu-tinh", due="10/10/2025"))
    refused(world, InvalidInputError, "due", "", set_("vanthu-tinh", due="2030-01-01"))
    refused(world, InvalidInputError, "tier_unit_code", "không có đơn vị cấp dưới",
            set_("vanthu-tinh", tier="CDCS-GD1"))
    # The province (the campaign's issuer) sets the sector's date; the same date again is
    # refused, a new one recorded.
    set_("vanthu-tinh")()
    refused(world, ConflictError, "due", "đã là 10/10/2025", set_("vanthu-nganh"))
    changed = set_("vanthu-nganh", due="2025-10-12")()
    assert changed["deadlines"] == [{"tier_unit_code": "CDN-GD",
                                     "tier_unit_name": "Công đoàn ngành Giáo dục",
                                     "due": "2025-10-12"}]
