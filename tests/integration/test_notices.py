"""Công khai before a decision (issue 15): the secretary publishes the proposed list for
the organisation's number of working days; a decision inside the window, or without a
notice where one is required, is refused naming the nomination; the public comments
(NFC, limited in length, no control characters, a few an hour from one address); the
audit history says it all in Vietnamese. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import ConflictError, InvalidInputError, PermissionDeniedError, ThrottledError
from events.notice import PER_WINDOW
from services.actors import SYSTEM, Actor
from services.config import Settings
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
from tests.support.stores import AppFactory

CLERK = Actor(username="vanthu", role="unit_clerk")
AUDITOR = Actor(username="kiemtoan", role="auditor")


@pytest.fixture
def world(store_settings: Settings, open_app: AppFactory) -> World:
    return build_world(open_app(store_settings, clock=lambda: AWARDS_TODAY), members=3,
                       schools=2, others=1)


def approved(world: World, *people: str) -> list[str]:
    ids = [nominate(world, "individual", p, "ldtt")["id"] for p in people]
    approve(world, ids)
    return ids


def draft(world: World, nomination_ids: list[str]) -> str:
    return world.app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="ldtt", nomination_ids=nomination_ids, signer=SIGNER,
        actor=SECRETARY)["id"]


def test_a_decision_waits_for_the_notice_window(world: World) -> None:
    app = world.app
    huong, pao = approved(world, "huong", "pao")
    app.settings.configure(unit_code="LDLD", notice_required=True, notice_days=5, actor=SYSTEM)
    settings = app.settings.settings_of("LDLD")
    assert (settings["notice_days"], settings["notice_required"]) == (5, True)
    assert settings["recusal_confidence"] == "U"
    decision = draft(world, [huong])

    # Required and not yet published: refused, naming the nomination.
    refused(world, ConflictError, "nomination_ids[0]", "chưa được công khai",
            lambda: app.decisions.issue_decision(decision, issued_on=date(2025, 10, 20),
                                                 actor=SECRETARY))

    # Only the council's side publishes; an empty list or a stranger's id names its field.
    refused(world, PermissionDeniedError, None, "không có quyền", lambda: app.notices.publish(
        campaign_id=world.campaign, unit_code="LDLD", nomination_ids=[huong], actor=CLERK))
    refused(world, InvalidInputError, "nomination_ids", "ít nhất một",
            lambda: app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                        nomination_ids=[], actor=SECRETARY))

    # Published on Wednesday 1/10/2025: five working days are 2, 3, 6, 7 and 8 October.
    notice = app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                 nomination_ids=[huong, pao], actor=SECRETARY)
    assert (notice["published_on"], notice["closes_on"], notice["days"]) == (
        AWARDS_TODAY, date(2025, 10, 8), 5)
    assert notice["open"] is True and notice["source"].startswith("Quy định riêng")
    assert [e["subject_name"] for e in notice["entries"]] == ["Lò Thị Hương", "Giàng A Páo"]
    refused(world, ConflictError, "nomination_ids[0]", "đang trong một danh sách công khai",
            lambda: app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                        nomination_ids=[huong], actor=SECRETARY))

    # Inside the window (its last day included) the decision is refused; the day after, not.
    refused(world, ConflictError, "nomination_ids[0]", "đến hết ngày 08/10/2025",
            lambda: app.decisions.issue_decision(decision, issued_on=date(2025, 10, 8),
                                                 actor=SECRETARY))
    issued = app.decisions.issue_decision(decision, issued_on=date(2025, 10, 9),
                                          actor=SECRETARY)
    assert issued["status"] == "issued"
    assert app.nominations.get_nomination(pao)["notice"]["closes_on"] == date(2025, 10, 8)

    # The audit history of the notice and of a nomination, in Vietnamese.
    history = app.audit.history(AUDITOR, notice["id"])
    assert [e["event_name"] for e in history["events"]] == ["Công khai danh sách đề nghị"]
    assert "5 ngày làm việc, từ 01/10/2025 đến hết 08/10/2025" in history["events"][0]["summary"]
    words = [e["summary"] for e in app.audit.history(AUDITOR, pao)["events"]]
    assert "Đưa hồ sơ ra công khai từ 01/10/2025 đến hết 08/10/2025" in words


def test_without_a_requirement_only_an_open_window_stops_a_decision(world: World) -> None:
    app = world.app
    (huong,) = approved(world, "huong")
    default = app.settings.settings_of("LDLD")
    assert (default["notice_required"], default["notice_days"]) == (False, 5)
    assert default["notice_confidence"] == "U" and "05 ngày làm việc" in default["notice_source"]
    decision = draft(world, [huong])
    app.notices.publish(campaign_id=world.campaign, unit_code="LDLD", nomination_ids=[huong],
                        actor=SECRETARY)
    refused(world, ConflictError, "nomination_ids[0]", "thời gian công khai",
            lambda: app.decisions.issue_decision(decision, issued_on=date(2025, 10, 2),
                                                 actor=SECRETARY))
    (lan,) = approved(world, "lan")
    assert app.decisions.issue_decision(draft(world, [lan]), issued_on=date(2025, 10, 2),
                                        actor=SECRETARY)["status"] == "issued"


def test_the_public_comments_within_limits(world: World) -> None:
    app = world.app
    (huong,) = approved(world, "huong")
    notice = app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                 nomination_ids=[huong], actor=SECRETARY)
    comment = app.notices.comment
    # NFC: a decomposed "ệ" is kept composed; line breaks fold into spaces.
    comment(notice["id"], text="Đề nghị xem lại  thành tích\nna\u0300y.", nomination_id=huong,
            address="203.0.113.7")
    for text, field, words in (("Có ký tự \x07 lạ", "text", "ký tự điều khiển"),
                               ("x" * 2001, "text", "dài quá 2000"),
                               ("   ", "text", "không được để trống")):
        refused(world, InvalidInputError, field, words,
                lambda t=text: comment(notice["id"], text=t, address="203.0.113.7"))
    refused(world, InvalidInputError, "nomination_id", "không có trong danh sách",
            lambda: comment(notice["id"], text="Ý kiến", nomination_id=world.campaign,
                            address="203.0.113.7"))
    for n in range(PER_WINDOW - 1):
        comment(notice["id"], text=f"Ý kiến số {n + 2}", address="203.0.113.7")
    throttled = refused(world, ThrottledError, "text", "trong một giờ",
                        lambda: comment(notice["id"], text="Thêm", address="203.0.113.7"))
    assert throttled.retry_after > 0
    comment(notice["id"], text="Từ máy khác", address="198.51.100.4")  # another address

    seen = app.notices.get_notice(notice["id"], actor=SECRETARY)
    assert seen["comments"][0]["text"] == "Đề nghị xem lại thành tích này."
    assert seen["comments"][0]["nomination_id"] == huong
    assert len(seen["comments"]) == PER_WINDOW + 1
    with pytest.raises(PermissionDeniedError):
        app.notices.list_notices(actor=CLERK)
    words = [e["summary"] for e in app.audit.history(AUDITOR, notice["id"])["events"]]
    assert words[1] == "Công chúng gửi ý kiến về Lò Thị Hương: Đề nghị xem lại thành tích này."
    # The store holds no client address, only its keyed digest.
    store = app.store
    everything = " ".join(str(vars(store.mapper.to_domain_event(n))) for n in
                          store.recorder.select_notifications(1, 100_000))
    assert "Từ máy khác" in everything
    assert "203.0.113.7" not in everything and "198.51.100.4" not in everything
