"""Issue 15, recurring exemplar lists (seed 000: each department sends its good examples,
with what each did, "trước ngày 20 hàng tháng"; the office compiles them for the monthly,
quarterly and yearly briefings): the monthly day per campaign, the late list per month,
and the compiled list issued as a numbered Báo cáo that passes check-docx. On SQLite and
PostgreSQL, the days given."""

from __future__ import annotations

from datetime import date

import pytest

from docgen.checker import check_docx
from events.errors import InvalidInputError, PermissionDeniedError
from services.actors import SYSTEM, Actor
from services.config import Settings
from tests.support.awards_world import SECRETARY, SIGNER, refused
from tests.support.documents import text_of
from tests.support.stores import AppFactory
from tests.support.tiers import Calendar, Tiers, build_tiers

AUDITOR = Actor(username="kiemtoan", role="auditor")


@pytest.fixture
def calendar() -> Calendar:
    return Calendar(date(2025, 10, 1))


@pytest.fixture
def tiers(store_settings: Settings, open_app: AppFactory, calendar: Calendar) -> Tiers:
    return build_tiers(open_app(store_settings, clock=calendar))


def send(tiers: Tiers, clerk: str, month: str, *people: tuple[str, str]) -> dict:
    return tiers.app.exemplar_lists.send_list(
        campaign_id=tiers.world.campaign, month=month, actor=tiers.actor(clerk),
        entries=[{"subject_kind": "individual", "subject_id": p, "deed": deed}
                 for p, deed in people])


def test_monthly_lists_late_list_and_the_compiled_report(tiers: Tiers,
                                                         calendar: Calendar) -> None:
    app, act, world = tiers.app, tiers.actor, tiers.world
    campaign = world.campaign
    # The province (the campaign's issuer) sets "before the 20th of every month".
    refused(world, PermissionDeniedError, None, "đơn vị của mình",
            lambda: app.deadlines.set_monthly_day(campaign_id=campaign, day=20,
                                                  actor=act("vanthu-nganh")))
    refused(world, InvalidInputError, "day", "từ 2 đến 28",
            lambda: app.deadlines.set_monthly_day(campaign_id=campaign, day=31,
                                                  actor=act("vanthu-tinh")))
    app.deadlines.set_monthly_day(campaign_id=campaign, day=20, actor=act("vanthu-tinh"))

    calendar.day = date(2025, 10, 15)
    send(tiers, "vanthu-nganh", "2025-10",
         (tiers.minh, "Dạy thay đồng nghiệp ốm suốt ba tuần, không để lớp nào nghỉ học."))
    calendar.day = date(2025, 10, 22)
    send(tiers, "vanthu-so1", "2025-10",
         (world.people["pao"], "Hướng dẫn người dân làm thủ tục trực tuyến ngoài giờ."))
    # A school is not right below the province: its list goes through the sector union.
    refused(world, InvalidInputError, "unit_code", "không trực thuộc",
            lambda: send(tiers, "vanthu-truong1", "2025-10", (tiers.minh, "Tốt.")))
    refused(world, InvalidInputError, "entries[0].subject_id", "không thuộc đơn vị gửi",
            lambda: send(tiers, "vanthu-so1", "2025-10", (tiers.minh, "Tốt.")))
    refused(world, InvalidInputError, "month", "chưa bắt đầu",
            lambda: send(tiers, "vanthu-so1", "2025-11", (world.people["pao"], "Tốt.")))

    monthly = app.deadlines.board(campaign, actor=act("vanthu-tinh"), month="2025-10",
                                  on=date(2025, 10, 23))["monthly"]
    assert monthly["due"] == "2025-10-19"
    words = {u["unit_code"]: u["words"] for u in monthly["units"]}
    assert words["CDN-GD"] == "Đã gửi đúng hạn"
    assert words["CDCS-HC1"] == "Gửi muộn 3 ngày"
    assert words["CDCS-YT"] == "Quá hạn 4 ngày, chưa gửi"
    november = app.deadlines.board(campaign, actor=act("vanthu-tinh"), month="2025-11",
                                   on=date(2025, 11, 3))["monthly"]
    assert {u["words"] for u in november["units"]} == {"Chưa gửi, còn 16 ngày"}

    # The office compiles October's lists into a numbered Báo cáo, naming who sent none.
    refused(world, InvalidInputError, "issued_on", "chưa hết",
            lambda: app.exemplar_lists.issue_report(campaign, period="2025-10",
                                                    signer=SIGNER, issued_on="2025-10-19",
                                                    actor=SECRETARY))
    report = app.exemplar_lists.issue_report(campaign, period="2025-10", signer=SIGNER,
                                             issued_on="2025-10-25", actor=SECRETARY)
    assert report["kind_name"] == "Báo cáo tổng hợp điển hình tiên tiến"
    assert "/BC-" in report["number"]
    data = app.papers.paper_document(report["id"], SYSTEM).data
    assert check_docx(data) == []
    text = text_of(data)
    assert "Tổng hợp danh sách điển hình tiên tiến tháng 10 năm 2025" in text
    assert "Dạy thay đồng nghiệp ốm suốt ba tuần" in text
    assert "Giàng A Páo" in text and "Lò Văn Minh" in text
    assert "Các đơn vị chưa gửi danh sách tháng 10 năm 2025: Công đoàn Bệnh viện tỉnh" in text
    # The quarter's report waits for December's lists.
    refused(world, InvalidInputError, "issued_on", "20/12/2025",
            lambda: app.exemplar_lists.issue_report(campaign, period="2025-Q4",
                                                    signer=SIGNER, issued_on="2025-11-30",
                                                    actor=SECRETARY))

    # Sent again: the list is replaced, the first day kept for the late list; both in the
    # audit history in words.
    calendar.day = date(2025, 10, 24)
    again = send(tiers, "vanthu-nganh", "2025-10",
                 (tiers.minh, "Dạy thay đồng nghiệp ốm suốt ba tuần."),
                 (world.people["huong"], "Nhận kèm học sinh yếu không lấy tiền."))
    assert (again["first_sent_on"], again["sent_on"]) == ("2025-10-15", "2025-10-24")
    history = app.audit.history(AUDITOR, again["id"])["events"]
    assert [e["event_name"] for e in history] == ["Gửi danh sách điển hình",
                                                  "Gửi lại danh sách điển hình"]
    assert history[1]["summary"].startswith(
        "Công đoàn ngành Giáo dục (CDN-GD) gửi lại danh sách điển hình tháng 10/2025 ngày "
        "24/10/2025 gồm 2 cá nhân, tập thể: Lò Văn Minh, Lò Thị Hương")
