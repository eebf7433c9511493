"""History in words, state at a version and the event browser, on the in-memory store."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Any

import pytest

from events import ids
from events.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from services.actors import SYSTEM
from services.app import ThiduaApplication
from services.audit.history import DESCRIBE, EVENT_NAMES
from tests.support.scenarios import AUDITOR, CLERK, REVIEWER, seed


@pytest.fixture
def story(memory_app: ThiduaApplication) -> dict[str, Any]:
    # Construct application object, and evolve its state: a scorecard's whole life.
    data = seed(memory_app)
    memory_app.campaigns.register(campaign_id=data["campaign"], subject_kind="collective",
                                  subject_id=data["school"], actor=SYSTEM)
    card = memory_app.campaigns.post_scores(
        campaign_id=data["campaign"], subject_id=data["school"], period="2020-01",
        stage="self", scores={"TT1": 28, "TT2": "35,5", "TT3": 20}, actor=SYSTEM)
    memory_app.campaigns.post_scores(
        campaign_id=data["campaign"], subject_id=data["school"], period="2020-01",
        stage="review", scores={"TT1": 27, "TT2": 35, "TT3": 20}, actor=REVIEWER)
    memory_app.campaigns.post_scores(
        campaign_id=data["campaign"], subject_id=data["school"], period="2020-01",
        stage="correction", scores={"TT2": 5}, reason="Sai số liệu cải cách hành chính",
        actor=REVIEWER)
    return {**data, "card": card["id"]}


def test_history_tells_each_change_of_a_scorecard_in_words(memory_app, story) -> None:
    history = memory_app.audit.history(AUDITOR, story["card"])
    assert history["kind"] == "Scorecard" and history["version"] == 4
    # The period in words, not its code (issue 14).
    assert history["title"].startswith(
        "kỳ tháng 01/2020 của Công đoàn Trường THPT chuyên Lê Quý Đôn")
    summaries = [e["summary"] for e in history["events"]]
    assert summaries == [
        "Mở phiếu điểm kỳ tháng 01/2020 cho tập thể Công đoàn Trường THPT chuyên Lê Quý Đôn "
        "(CDCS-LQD)",
        "Tự chấm điểm: TT1 28, TT2 35,5, TT3 20 (tổng 83,5)",
        "Chấm duyệt: TT1 27, TT2 35, TT3 20 (tổng 82)",
        "Đính chính: TT2 35 → 5 (tổng 82 → 52), lý do: Sai số liệu cải cách hành chính",
    ]
    assert [e["version"] for e in history["events"]] == [1, 2, 3, 4]
    assert [e["actor"] for e in history["events"]] == ["system", "system", "chamdiem",
                                                       "chamdiem"]
    # The system's own steps read in words, not as the code "system" (issue 14).
    assert history["events"][0]["actor_name"] == "Hệ thống (tự động)"
    assert all(unicodedata.is_normalized("NFC", s) for s in summaries)
    times = [e["occurred_at"] for e in history["events"]]
    assert times == sorted(times)


def test_state_at_each_version_is_the_scorecard_as_it_was(memory_app, story) -> None:
    audit = memory_app.audit
    reviewed = audit.state(AUDITOR, story["card"], 3)
    assert reviewed["version"] == 3 and reviewed["current_version"] == 4
    assert reviewed["state"]["reviewed_scores"] == {"TT1": 27, "TT2": 35, "TT3": 20}
    assert reviewed["state"]["total"] == 82
    now = audit.state(AUDITOR, story["card"])
    assert now["version"] == 4 and now["state"]["total"] == 52
    self_assessed = audit.state(AUDITOR, story["card"], 2)["state"]
    assert self_assessed["status"] == "pending" and self_assessed["total"] == 83.5
    with pytest.raises(InvalidInputError) as error:
        audit.state(AUDITOR, story["card"], 5)
    assert error.value.field == "version" and "từ 1 đến 4" in error.value.message


def test_unknown_or_malformed_ids_are_refused_naming_the_field(memory_app, story) -> None:
    audit = memory_app.audit
    with pytest.raises(NotFoundError):
        audit.history(AUDITOR, "00000000-0000-4000-8000-000000000000")
    with pytest.raises(InvalidInputError) as error:
        audit.state(AUDITOR, "khong-phai-ma", 1)
    assert error.value.field == "id"


def test_users_history_never_shows_password_hashes(memory_app) -> None:
    memory_app.accounts.create_user(username="thanhtra", password="mat-khau-thanh-tra",
                                    role="auditor",
                                    actor=SYSTEM)
    audit = memory_app.audit
    history = audit.history(AUDITOR, ids.user_id("thanhtra"))
    assert history["events"][0]["summary"] == (
        "Tạo tài khoản «thanhtra», vai trò Thanh tra, kiểm toán")
    assert "password_hash" not in history["events"][0]["data"]
    assert "argon2" not in str(history)
    assert "password_hash" not in audit.state(AUDITOR, ids.user_id("thanhtra"))["state"]


def test_only_auditors_and_admins_read_the_audit(memory_app, story) -> None:
    audit = memory_app.audit
    for action in (lambda: audit.history(CLERK, story["card"]),
                   lambda: audit.events(REVIEWER, audit.query()),
                   lambda: audit.verify(CLERK)):
        with pytest.raises(PermissionDeniedError):
            action()
    assert audit.history(SYSTEM, story["card"])["version"] == 4


def test_every_known_event_type_has_a_name_and_a_sentence() -> None:
    assert set(DESCRIBE) == set(EVENT_NAMES)


def test_event_browser_filters_by_type_actor_unit_campaign_and_pages(memory_app, story) -> None:
    audit = memory_app.audit
    everything = audit.events(AUDITOR, audit.query(limit=200))["events"]
    positions = [e["position"] for e in everything]
    assert positions == sorted(positions, reverse=True) and len(positions) == len(set(positions))

    corrected = audit.events(AUDITOR, audit.query(event_type="Scorecard.Corrected"))["events"]
    assert [e["summary"][:20] for e in corrected] == ["Đính chính: TT2 35 →"]
    by_reviewer = audit.events(AUDITOR, audit.query(actor_name="chamdiem"))["events"]
    assert {e["event_type"] for e in by_reviewer} == {"Scorecard.Reviewed", "Scorecard.Corrected"}
    school = audit.events(AUDITOR, audit.query(unit_code="cdcs-lqd", order="asc"))["events"]
    assert [e["event_type"] for e in school] == [
        "Unit.Registered", "Person.Registered", "Registration.Registered", "Scorecard.Opened",
        "Scorecard.SelfAssessed", "Scorecard.Reviewed", "Scorecard.Corrected"]
    in_campaign = audit.events(AUDITOR, audit.query(campaign_id=story["campaign"]))["events"]
    assert {e["aggregate_kind"] for e in in_campaign} == {"Campaign", "Registration",
                                                          "Scorecard"}

    # Pages of two, newest first, follow one another without gaps or repeats.
    seen, cursor = [], None
    while True:
        page = audit.events(AUDITOR, audit.query(limit=2, cursor=cursor))
        seen += [e["position"] for e in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == positions


def test_event_browser_time_range_and_bad_filters(memory_app, story) -> None:
    audit = memory_app.audit
    everything = audit.events(AUDITOR, audit.query(limit=200))["events"]
    assert audit.events(AUDITOR, audit.query(start="2000-01-01", end="2000-01-31"))[
        "events"] == []
    assert len(audit.events(AUDITOR, audit.query(start="2000-01-01", limit=200))[
        "events"]) == len(everything)
    moment = everything[-1]["occurred_at"]  # the oldest event
    exact = audit.events(AUDITOR, audit.query(
        start=moment.isoformat(), end=(moment + timedelta(microseconds=1)).isoformat()))
    assert everything[-1]["position"] in [e["position"] for e in exact["events"]]
    assert {e["occurred_at"] for e in exact["events"]} == {moment}
    for kwargs, field in [({"start": "31/12/2020"}, "from"), ({"limit": 0}, "limit"),
                          ({"limit": 201}, "limit"), ({"order": "random"}, "order"),
                          ({"campaign_id": "xyz"}, "campaign_id"),
                          ({"start": "2020-02-01", "end": "2020-01-01"}, "to"),
                          ({"unit_code": "không hợp lệ"}, "unit_code")]:
        with pytest.raises(InvalidInputError) as error:
            audit.query(**kwargs)
        assert error.value.field == field, kwargs


def test_an_event_type_without_a_sentence_shows_its_fields(memory_app) -> None:
    from services.audit.history import Context, Names, describe

    text = describe("Thing.Happened", {"title": "CSTĐCS", "actor": "x"},
                    Context(Names(memory_app), lambda: None))
    assert text == "Thing.Happened: title: CSTĐCS"
    # A known type whose data does not fit its sentence still says its name in Vietnamese.
    text = describe("Nomination.Submitted", {"title": "CSTĐCS", "actor": "x"},
                    Context(Names(memory_app), lambda: None))
    assert text == "Gửi hồ sơ đề nghị khen thưởng: title: CSTĐCS"


def emitted_event_types() -> set[str]:
    """Every event type an aggregate of events/ records ("Aggregate.Event" and the unused
    default "Created" classes left out)."""
    import importlib
    import inspect
    import pkgutil

    from eventsourcing.domain import Aggregate

    import events

    found = set()
    for module_info in pkgutil.iter_modules(events.__path__):
        module = importlib.import_module(f"events.{module_info.name}")
        for aggregate in vars(module).values():
            if not (inspect.isclass(aggregate) and issubclass(aggregate, Aggregate)
                    and aggregate.__module__ == module.__name__):
                continue
            found |= {f"{aggregate.__name__}.{name}" for name, kind in vars(aggregate).items()
                      if inspect.isclass(kind) and issubclass(kind, Aggregate.Event)
                      and name not in ("Event", "Created")}
    return found


def test_every_event_type_recorded_has_a_vietnamese_name_for_the_filter() -> None:
    """Issue 14: the audit filter lists every event type, each in Vietnamese (seen
    "Nomination.Awarded", "AwardHistory.AwardRecorded" on the event browser)."""
    from services.audit.history import KIND_NAMES

    types = emitted_event_types()
    assert "Nomination.Awarded" in types and "Ballot.Voted" in types
    assert sorted(types - set(EVENT_NAMES)) == []
    assert sorted(types - set(DESCRIBE)) == []
    assert sorted({t.partition(".")[0] for t in types} - set(KIND_NAMES)) == []


def test_council_and_award_events_read_as_sentences_with_names(memory_app) -> None:
    """Ballot choices, award forms and accounts in words (seen "AwardHistory.AwardRecorded:
    entry: 0, award: bang_khen_tinh" and usernames)."""
    from datetime import date

    from services.audit.history import Context, Names, describe
    from tests.support.page_checks import code_words

    memory_app.accounts.create_user(username="hoidong1", password="mat-khau-dai-du",
                                    role="council_member", full_name="Nguyễn Thị Thiện",
                                    actor=SYSTEM)
    context = Context(Names(memory_app.store), lambda: None)
    voted = describe("Ballot.Voted", {"member": "hoidong1", "choice": "dong_y",
                                      "written": True, "actor": "thuky"}, context)
    assert voted == "Nguyễn Thị Thiện (hoidong1) bỏ phiếu bằng văn bản: Đồng ý"
    recorded = describe("AwardHistory.AwardRecorded", {
        "entry": 0, "award": "bang_khen_tinh", "year": 2025, "decision_id": None,
        "number": "12/QĐ-LĐLĐ", "decided_on": date(2026, 1, 5), "prize": None, "note": "",
        "source": "decision", "unit_id": None, "actor": "thuky", "form": None}, context)
    assert recorded == ("Ghi «Bằng khen cấp bộ, ngành, tỉnh» năm 2025, quyết định số "
                        "12/QĐ-LĐLĐ ngày 05/01/2026")
    closed = describe("Ballot.Closed", {"yes": 2, "no": 1, "cast": 3, "written": 1,
                                        "members": 3, "percent": "66.67", "passed": True},
                      context)
    assert "(66,67\u00a0%): đạt" in closed
    for text in (voted, recorded, closed):
        assert code_words(text) == [], text


def test_a_correction_names_only_the_criteria_whose_points_changed(memory_app) -> None:
    """The reviewer's correction form posts every criterion; the audit read "CN1 40 → 40,
    CN2 48 → 55" (issue 14 journey 8)."""
    from types import SimpleNamespace

    from services.audit.history import Context, Names, describe

    card = SimpleNamespace(corrections=[{"before": {"CN1": 40, "CN2": 48}}])
    text = describe("Scorecard.Corrected", {
        "scores": {"CN1": 40, "CN2": 55}, "changed": ["CN1", "CN2"],
        "reason": "Bổ sung điểm dự giờ", "actor": "chamdiem"},
        Context(Names(memory_app.store), lambda: card))
    assert text == "Đính chính: CN2 48 → 55 (tổng 88 → 95), lý do: Bổ sung điểm dự giờ"
