"""A double click or a resubmitted page records once: every award command takes the form's
idempotency key, saves it with the command, and answers the same key with the first result.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from services.actors import Actor
from services.app import ThiduaApplication
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SESSION_DAY,
    SIGNER,
    World,
    build_world,
    nominate,
)

ADMIN = Actor(username="quantri", role="admin")


@pytest.fixture
def world(memory_app: ThiduaApplication) -> World:
    memory_app.store.clock = lambda: AWARDS_TODAY
    return build_world(memory_app, members=3, schools=2, others=1)


def twice(world: World, command: object, key: str = "",
          **kwargs: object) -> tuple[dict, dict, int]:
    """Run ``command`` twice with one key; the events the second one stored."""
    key = f"k-{command.__name__}-{key}"  # type: ignore[attr-defined]
    first = command(idempotency_key=key, **kwargs)  # type: ignore[operator]
    before = world.app.store.event_count()
    second = command(idempotency_key=key, **kwargs)  # type: ignore[operator]
    return first, second, world.app.store.event_count() - before


def test_each_council_and_decision_step_submitted_twice_records_once(world: World) -> None:
    service = world.app
    nomination = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]

    first, second, added = twice(world, service.council.convene_session, unit_code="LDLD",
                                 title="Phiên họp", held_on=SESSION_DAY,
                                 members=world.members, chair=world.chair, actor=SECRETARY)
    assert first["id"] == second["id"] and added == 0
    session = first["id"]
    _, _, added = twice(world, service.council.record_attendance, session_id=session,
                        present=world.members, actor=SECRETARY)
    assert added == 0
    ballot, again, added = twice(world, service.council.open_ballot, session_id=session,
                                 nomination_id=nomination, actor=SECRETARY)
    assert ballot["id"] == again["id"] and added == 0
    for member in world.members:
        _, repeat, added = twice(world, service.council.cast_vote, member, ballot_id=ballot["id"],
                                 choice="dong_y", actor=world.actor(member))
        assert repeat["member"] == member and added == 0
    assert service.council.get_ballot(ballot["id"])["votes_cast"] == 3
    _, _, added = twice(world, service.council.close_ballot, ballot_id=ballot["id"],
                        actor=SECRETARY)
    assert added == 0
    _, _, added = twice(world, service.council.conclude_session, session_id=session,
                        actor=SECRETARY)
    assert added == 0

    draft, again, added = twice(world, service.decisions.draft_decision, issuer_unit_code="LDLD",
                                campaign_id=world.campaign, award="bang_khen_tinh",
                                nomination_ids=[nomination], signer=SIGNER, actor=SECRETARY)
    assert draft["id"] == again["id"] and added == 0
    issued, again, added = twice(world, service.decisions.issue_decision, decision_id=draft["id"],
                                 issued_on=date(2026, 8, 1), actor=SECRETARY)
    assert issued["number"] == again["number"] == "01/QĐ-LĐLĐ" and added == 0
    # The register handed out one number only.
    from events import ids
    register = world.app.store.repository.get(ids.document_register_id(
        UUID(issued["issuer_unit_id"]), 2026, "QĐ"))
    assert register.last_number == 1


def test_nomination_steps_submitted_twice_record_once(world: World) -> None:
    service = world.app
    first, second, added = twice(world, service.nominations.submit_nomination,
                                 campaign_id=world.campaign,
                                 subject_kind="collective", subject_id=world.units["GD1"],
                                 award="bang_khen_tinh", year=2025, route="phong_trao",
                                 summary="Thành tích tiêu biểu.", actor=ADMIN)
    assert first["id"] == second["id"] and added == 0
    nomination = first["id"]
    _, returned, added = twice(world, service.nominations.return_nomination,
                               nomination_id=nomination,
                               reason="Thiếu báo cáo thành tích", actor=SECRETARY)
    assert returned["status"] == "returned" and added == 0
    _, _, added = twice(world, service.nominations.resubmit_nomination, nomination_id=nomination,
                        summary="Đã bổ sung báo cáo.", actor=ADMIN)
    assert added == 0
    _, withdrawn, added = twice(world, service.nominations.withdraw_nomination,
                                nomination_id=nomination,
                                reason="Đơn vị rút hồ sơ", actor=ADMIN)
    assert withdrawn["status"] == "withdrawn" and added == 0
