"""No council session is stuck (issue 14 item 1): a ballot opens only after attendance,
attendance taken later reaches the ballots still open, and a session can always be
concluded or cancelled, its unfinished nominations going back to the board."""

from __future__ import annotations

import pytest

from events.errors import ConflictError, InvalidInputError
from services.app import ThiduaApplication
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    World,
    build_world,
    convene,
    nominate,
    refused,
    write_opinion,
)


@pytest.fixture
def world(memory_app: ThiduaApplication) -> World:
    memory_app.store.clock = lambda: AWARDS_TODAY
    return build_world(memory_app, members=3)


def bare_session(world: World) -> str:
    """A session convened with no attendance taken yet."""
    return world.app.council.convene_session(
        unit_code="LDLD", title="Phiên họp xét khen thưởng", held_on=AWARDS_TODAY,
        members=world.members, chair=world.chair, actor=SECRETARY)["id"]


def test_a_ballot_before_attendance_is_refused_saying_to_take_attendance(
        world: World) -> None:
    """Fails on 20fa681: the ballot opened with nobody present, and the session stuck."""
    council = world.app.council
    session = bare_session(world)
    nomination = nominate(world, "individual", "huong", "ldtt")["id"]
    refused(world, ConflictError, "present", "Điểm danh",
            lambda: council.open_ballot(session, nomination_id=nomination, actor=SECRETARY))
    council.record_attendance(session, present=world.members, actor=SECRETARY)
    ballot = council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)["id"]
    for member in world.members:
        council.cast_vote(ballot, choice="dong_y", actor=world.actor(member))
    assert council.close_ballot(ballot, actor=SECRETARY)["result"]["passed"]
    assert council.conclude_session(session, actor=SECRETARY)["status"] == "concluded"


def test_attendance_taken_while_a_ballot_is_open_reaches_the_ballot(world: World) -> None:
    """A member marked present later votes herself; one who left sends a written opinion."""
    council, (first, second, third) = world.app.council, world.members
    session = convene(world, present=[first, second])
    ballot = council.open_ballot(session, nomination_id=nominate(
        world, "individual", "huong", "ldtt")["id"], actor=SECRETARY)["id"]
    refused(world, InvalidInputError, "member", "vắng mặt",
            lambda: council.cast_vote(ballot, choice="dong_y", actor=world.actor(third)))
    council.record_attendance(session, present=[second, third], actor=SECRETARY)
    assert council.get_ballot(ballot)["present"] == 2
    council.cast_vote(ballot, choice="dong_y", actor=world.actor(third))
    assert council.awaiting_written(ballot) == [first]
    write_opinion(world, ballot, first, "dong_y")
    council.cast_vote(ballot, choice="dong_y", actor=world.actor(second))
    assert council.close_ballot(ballot, actor=SECRETARY)["result"]["yes"] == 3


def test_a_cancelled_session_puts_its_nominations_back_on_the_board(world: World) -> None:
    council, nominations = world.app.council, world.app.nominations
    session = convene(world)
    counted = nominate(world, "individual", "huong", "ldtt")["id"]
    still_open = nominate(world, "individual", "pao", "ldtt")["id"]
    closed = council.open_ballot(session, nomination_id=counted, actor=SECRETARY)["id"]
    for member in world.members:
        council.cast_vote(closed, choice="dong_y", actor=world.actor(member))
    council.close_ballot(closed, actor=SECRETARY)
    left = council.open_ballot(session, nomination_id=still_open, actor=SECRETARY)["id"]
    assert [b["id"] for b in world.app.pending.ballots_to_vote(world.chair)] == [left]
    refused(world, InvalidInputError, "reason", "không được để trống",
            lambda: council.cancel_session(session, reason="  ", actor=SECRETARY))
    cancelled = council.cancel_session(session, reason="Thiếu thành viên, họp lại sau.",
                                       actor=SECRETARY)
    assert (cancelled["status"], cancelled["cancel_reason"]) == (
        "cancelled", "Thiếu thành viên, họp lại sau.")
    for nomination in (counted, still_open):
        back = nominations.get_nomination(nomination)
        assert (back["status"], back["ballot_id"]) == ("submitted", None), back
    assert council.get_ballot(left)["status"] == "cancelled"
    assert world.app.pending.ballots_to_vote(world.chair) == []  # nothing left to vote on
    assert world.app.pending.of(SECRETARY)["sessions"] == []  # nor a session to finish
    assert council.get_ballot(closed)["status"] == "closed"
    refused(world, ConflictError, "session_id", "đã hủy",
            lambda: council.record_attendance(session, present=[], actor=SECRETARY))
    refused(world, ConflictError, "ballot_id", "đã hủy",
            lambda: council.cast_vote(left, choice="dong_y", actor=world.actor(world.chair)))
    refused(world, ConflictError, "session_id", "đã hủy",
            lambda: council.cancel_session(session, reason="lần nữa", actor=SECRETARY))
    later = convene(world)
    for nomination in (counted, still_open):
        assert council.open_ballot(later, nomination_id=nomination,
                                   actor=SECRETARY)["status"] == "open"
