"""A written opinion names the SHA-256 of its signed form; votes stored before that replay."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from uuid import UUID

import pytest

from events.council import Ballot
from events.errors import InvalidInputError
from services.thidua import Thidua
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    build_world,
    convene,
    nominate,
    signed_form,
)
from tests.support.stores import memory_thidua

FORM_HASH = hashlib.sha256(b"form").hexdigest()


def opened(app: Thidua, award: str = "ldtt") -> tuple[list[str], str]:
    app.store.clock = lambda: AWARDS_TODAY
    world = build_world(app, members=3, schools=2, others=1)
    session = convene(world, present=world.members[:2])
    nomination = nominate(world, "individual", "huong", award, route="hang_nam")["id"]
    return world.members, app.council.open_ballot(session, nomination_id=nomination,
                                                  actor=SECRETARY)["id"]


def test_the_ballot_refuses_a_written_opinion_without_the_hash_of_its_form(
        memory_app: Thidua) -> None:
    members, ballot_id = opened(memory_app)
    ballot = memory_app.store.repository.get(UUID(ballot_id))
    assert isinstance(ballot, Ballot)
    for proof in (None, "", "not-a-hash", FORM_HASH.upper()):
        with pytest.raises(InvalidInputError) as refused:
            ballot.vote(members[2], "dong_y", True, "thuky", proof)
        assert refused.value.field == "file"
        assert "phải kèm bản quét phiếu ý kiến có chữ ký" in refused.value.message
    with pytest.raises(InvalidInputError) as refused:  # in person: no file
        ballot.vote(members[0], "dong_y", False, members[0], FORM_HASH)
    assert refused.value.field == "file"
    assert not ballot.voters
    ballot.vote(members[0], "dong_y", False, members[0])
    ballot.vote(members[2], "khong_dong_y", True, "thuky", FORM_HASH)
    assert ballot.written == [members[2]] and ballot.proofs == {members[2]: FORM_HASH}


@pytest.mark.parametrize("award", ["ldtt", "cstdcs"])  # open, secret
def test_a_written_opinion_stored_before_forms_were_required_still_replays(
        memory_app: Thidua, award: str) -> None:
    members, ballot_id = opened(memory_app, award)
    memory_app.council.cast_vote(ballot_id, choice="dong_y", member=members[2],
                                 proof=signed_form(members[2]), actor=SECRETARY)
    stored = list(memory_app.store.recorder.select_events(UUID(ballot_id)))
    vote = next(s for s in stored if s.topic.endswith("Voted"))
    state = json.loads(vote.state)
    assert state["proof"] == hashlib.sha256(signed_form(members[2])).hexdigest()
    del state["proof"]  # as a vote was stored before this change
    older = [replace(s, state=json.dumps(state).encode()) if s is vote else s for s in stored]
    before = memory_thidua()
    before.store.recorder.insert_events(older)
    ballot = before.store.repository.get(UUID(ballot_id))
    assert ballot.voters == [members[2]] and ballot.written == [members[2]]
    assert ballot.proofs == {}
    assert before.council.written_opinions(ballot_id, actor=SECRETARY) == [
        {"member": members[2], "sha256": None}]

