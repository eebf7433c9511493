"""No council session is ever stuck (issue 14 item 1), as a property over random command
sequences on a real SQLite store.

Hypothesis draws a sequence of session commands — attendance (any members), opening a
ballot, votes in person and written opinions, closing a ballot, concluding, cancelling,
a unit withdrawing its nomination — in any order, allowed or not. A refused command stores
nothing. Then, from the state reached, a sequence of allowed commands must end the session:
concluded (attendance of all, the remaining votes, the ballots closed, the conclusion) or
cancelled. Afterwards no nomination is left in the vote: each is decided, withdrawn or
back on the board, and a later session can put every one back on the board to the vote.
On 20fa681 it fails: a ballot opened before attendance could never be closed nor the
session concluded, and there was no cancel.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from events.errors import DomainError
from services.actors import SYSTEM
from services.config import Settings
from services.store import init_store, open_thidua
from services.thidua import Thidua
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    World,
    build_world,
    nominate,
    write_opinion,
)
from tests.support.projections import project_all
from tests.support.stores import BALLOT_KEY, CHEAP_HASHER

MEMBERS = 3
# (kind, subject, award, route): an open vote and a secret one (CSTĐCS).
NOMINEES = [("collective", "GD1", "bang_khen_tinh", None),
            ("individual", "huong", "cstdcs", "hang_nam"),
            ("collective", "GD2", "bang_khen_tinh", None)]
CHOICE = st.sampled_from(["dong_y", "khong_dong_y"])
MEMBER = st.integers(0, MEMBERS - 1)
BALLOT = st.integers(0, len(NOMINEES) - 1)
NOMINEE = st.integers(0, len(NOMINEES) - 1)
DECIDED = {"failed", "approved", "not_selected"}


class Story:
    """One session on a fresh store, and the commands the test may send it."""

    def __init__(self, app: Thidua) -> None:
        app.store.clock = lambda: AWARDS_TODAY
        self.app = app
        self.world: World = build_world(app, members=MEMBERS, schools=2, others=1)
        self.nominations = [
            nominate(self.world, kind, subject, award,
                     **({"route": route} if route else {}))["id"]
            for kind, subject, award, route in NOMINEES]
        self.session = self.convene()

    def convene(self) -> str:
        return self.app.council.convene_session(
            unit_code="LDLD", title="Phiên họp xét khen thưởng", held_on=AWARDS_TODAY,
            members=self.world.members, chair=self.world.chair, actor=SECRETARY)["id"]

    def ballots(self) -> list[dict[str, Any]]:
        return self.app.council.ballots_of(self.session)

    def status(self) -> str:
        return str(self.app.council.get_session(self.session)["status"])

    def command(self, step: tuple[Any, ...]) -> Callable[[], object] | None:
        council, world, kind = self.app.council, self.world, step[0]
        members, ballots = world.members, self.ballots()
        ballot = ballots[step[1]]["id"] if kind in ("vote", "written", "close") \
            and step[1] < len(ballots) else None
        if kind in ("vote", "written", "close") and ballot is None:
            return None
        return {
            "attend": lambda: council.record_attendance(
                self.session, present=[members[i] for i in sorted(step[1])] if kind ==
                "attend" else [], actor=SECRETARY),
            "open": lambda: council.open_ballot(
                self.session, nomination_id=self.nominations[step[1]], actor=SECRETARY),
            "vote": lambda: council.cast_vote(
                ballot, choice=step[3], actor=world.actor(members[step[2]])),
            "written": lambda: write_opinion(world, ballot, members[step[2]], step[3]),
            "close": lambda: council.close_ballot(ballot, actor=SECRETARY),
            "withdraw": lambda: self.app.nominations.withdraw_nomination(
                self.nominations[step[1]], reason="Đơn vị rút hồ sơ.", actor=SYSTEM),
            "conclude": lambda: council.conclude_session(self.session, actor=SECRETARY),
            "cancel": lambda: council.cancel_session(
                self.session, reason="Hoãn họp.", actor=SECRETARY),
        }[kind]

    def attempt(self, command: Callable[[], object]) -> bool:
        """Run ``command``: allowed, or refused with nothing stored."""
        before = self.app.store.event_count()
        try:
            command()
        except DomainError:
            assert self.app.store.event_count() == before, "a refusal stored something"
            return False
        return True

    # --- ways out ---------------------------------------------------------------------

    def conclude(self) -> None:
        """All members present, every open ballot voted through and closed (one opened
        first if none was counted), then the conclusion; a session with no nomination
        left to vote on is cancelled instead."""
        council, world = self.app.council, self.world
        assert self.attempt(lambda: council.record_attendance(
            self.session, present=world.members, actor=SECRETARY))
        if not any(b["status"] != "cancelled" for b in self.ballots()):
            waiting = [n for n in self.nominations
                       if self.app.nominations.get_nomination(n)["status"] == "submitted"]
            if not waiting:
                assert self.attempt(lambda: council.cancel_session(
                    self.session, reason="Không còn hồ sơ để xét.", actor=SECRETARY))
                return
            council.open_ballot(self.session, nomination_id=waiting[0], actor=SECRETARY)
        for ballot in self.ballots():
            if ballot["status"] != "open":
                continue
            for member in world.members:
                if not council.has_voted(ballot["id"], member):
                    council.cast_vote(ballot["id"], choice="dong_y",
                                      actor=world.actor(member))
            # A ballot whose nomination was withdrawn cannot be counted: the conclusion
            # sets it aside.
            self.attempt(lambda b=ballot: council.close_ballot(b["id"], actor=SECRETARY))
        if not any(b["status"] == "closed" for b in self.ballots()):
            assert self.attempt(lambda: council.cancel_session(
                self.session, reason="Không có phiếu nào kiểm được.", actor=SECRETARY))
            return
        council.conclude_session(self.session, actor=SECRETARY)

    def cancel(self) -> None:
        self.app.council.cancel_session(self.session, reason="Hoãn họp.", actor=SECRETARY)


def open_store(directory: Path) -> Thidua:
    config = Settings(data_dir=directory, secret_key="test-secret")
    init_store(config)
    return open_thidua(config, password_hasher=CHEAP_HASHER, ballot_key=BALLOT_KEY)


# Weighted so that sequences often get far (attendance, ballots, votes) before ending.
WEIGHTS = {"attend": 20, "open": 20, "vote": 25, "written": 12, "close": 20, "withdraw": 5,
           "conclude": 6, "cancel": 1}
ARGUMENTS: dict[str, Any] = {
    # Often the quorum (2 of 3), sometimes less.
    "attend": st.tuples(st.sampled_from([frozenset(range(MEMBERS))] * 2 + [
        frozenset({0, 1}), frozenset({1, 2}), frozenset({2}), frozenset()])),
    "open": st.tuples(NOMINEE),
    "vote": st.tuples(BALLOT, MEMBER, CHOICE),
    "written": st.tuples(BALLOT, MEMBER, CHOICE),
    "close": st.tuples(BALLOT),
    "withdraw": st.tuples(NOMINEE),
    "conclude": st.just(()),
    "cancel": st.just(()),
}
COMMANDS = st.sampled_from([k for k, w in WEIGHTS.items() for _ in range(w)]).flatmap(
    lambda kind: ARGUMENTS[kind].map(lambda arguments: (kind, *arguments)))


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(COMMANDS, min_size=4, max_size=24),
       way=st.sampled_from(["conclude", "cancel"]))
def test_from_any_state_the_session_can_be_ended_and_nothing_is_left_in_the_vote(
        steps: list[tuple[Any, ...]], way: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        app = open_store(Path(directory))
        try:
            story = Story(app)
            for step in steps:
                command = story.command(step)
                if command is not None:
                    story.attempt(command)
            end_and_check(story, way)
        finally:
            app.close()


def end_and_check(story: Story, way: str) -> None:
    app, ballots = story.app, story.ballots()
    # Steer the search towards sessions that got far: ballots opened, votes counted.
    target(float(len(ballots) + 2 * sum(b["status"] == "closed" for b in ballots)))
    event(f"after the steps: {story.status()}, {sorted(b['status'] for b in ballots)} ballots")
    if story.status() == "open":
        getattr(story, way)()
    assert story.status() in ("concluded", "cancelled")
    statuses = {n: app.nominations.get_nomination(n)["status"] for n in story.nominations}
    assert not [s for s in statuses.values() if s in ("voting", "passed")], statuses
    if story.status() == "cancelled":
        assert not [s for s in statuses.values() if s in DECIDED], statuses
    assert not [b for b in story.ballots() if b["status"] == "open"]

    # Waiting again: on the board and put to the vote in a later session.
    project_all(app)
    board = app.awards.nominations(story.world.campaign, status="submitted")
    waiting = sorted(n for n, s in statuses.items() if s == "submitted")
    assert sorted(row["id"] for row in board["rows"]) == waiting
    later = story.convene()
    app.council.record_attendance(later, present=story.world.members, actor=SECRETARY)
    for nomination in waiting:
        assert app.council.open_ballot(later, nomination_id=nomination,
                                       actor=SECRETARY)["status"] == "open"
