"""Real processes at once: thirty members voting on one ballot, eight clerks issuing decisions.

The store's optimistic concurrency, not luck, keeps every vote counted once, document
numbers unique and gap-free, and the seed-004 quota unbroken.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.actors import SYSTEM
from services.config import Settings
from tests.support.awards_workers import TODAY, issue_all, run, vote_twice
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRET,
    SECRETARY,
    approve,
    build_world,
    convene,
    nominate,
)
from tests.support.stores import AppFactory

VOTERS = 30
ISSUERS = 8
assert TODAY == AWARDS_TODAY


def test_thirty_members_voting_at_once_are_each_counted_exactly_once(
        store_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(store_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=VOTERS, schools=2, others=1)
    session = convene(world)
    nomination = nominate(world, "individual", "huong", "cstdcs", route="hang_nam")["id"]
    ballot = world.app.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)
    choices = {m: "khong_dong_y" if i % 4 == 0 else "dong_y"
               for i, m in enumerate(world.members)}  # 22 agree, 8 disagree

    outcomes = run(vote_twice, [(store_settings, SECRET, ballot["id"], m, c)
                                for m, c in choices.items()])

    assert sorted(o["voted_as"] for o in outcomes) == sorted(world.members)
    assert all(o["second"] == f"member:Thành viên «{o['member']}» đã bỏ phiếu; mỗi người "
               "một phiếu." for o in outcomes), outcomes
    stored = world.app.council.get_ballot(ballot["id"])
    assert stored["votes_cast"] == VOTERS and "voted" not in stored  # a secret ballot
    assert all(world.app.council.has_voted(ballot["id"], m) for m in world.members)
    assert app.store.repository.get(UUID(ballot["id"])).version == 1 + VOTERS  # Opened + votes
    result = world.app.council.close_ballot(ballot["id"], actor=SECRETARY)["result"]
    assert (result["yes"], result["no"], result["passed"]) == (22, 8, False)  # 73 % < 80 %
    assert sum(o["conflicts"] for o in outcomes) > 0, "the voters did race"


def test_eight_processes_issuing_at_once_get_unique_gap_free_numbers_within_quota(
        store_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(store_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=5, others=7)
    service = world.app
    people = [app.organisation.create_person(full_name=f"Cán bộ số {i}", unit_code="CDCS-HC1",
                                             actor=SYSTEM)["id"] for i in range(16)]
    labourers = [nominate(world, "individual", p, "ldtt")["id"] for p in people]
    collectives = [nominate(world, "collective", u, "bang_khen_tinh")["id"]
                   for u in [f"GD{i}" for i in range(1, 6)] + [f"HC{i}" for i in range(1, 8)]]
    approve(world, labourers + collectives[:4] + collectives[5:11])
    approve(world, [collectives[4], collectives[11]])  # the 5th school, the 7th office
    drafts = [service.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award=award, nomination_ids=[n], signer={"name": "A", "position": "Chủ tịch"},
        actor=SECRETARY)["id"]
        for award, group in (("ldtt", labourers), ("bang_khen_tinh", collectives))
        for n in group]
    shares = [drafts[i::ISSUERS] for i in range(ISSUERS)]

    outcomes = run(issue_all, [(store_settings, SECRET, share, date(2026, 8, 1))
                               for share in shares])

    results = dict(pair for outcome in outcomes for pair in outcome["outcome"])
    numbers = sorted(v for v in results.values() if not v.startswith("refused"))
    assert numbers == [f"{n:02d}/QĐ-LĐLĐ" for n in range(1, 27)]  # unique and gap-free
    refusals = [v for v in results.values() if v.startswith("refused")]
    assert len(refusals) == 2 and all("Vượt chỉ tiêu" in r for r in refusals), refusals
    for decision, value in results.items():
        stored = service.decisions.get_decision(decision)
        assert stored["number"] == (None if value.startswith("refused") else value)
    issued_collectives = [service.decisions.get_decision(d)["recipients"][0]["sector"]
                          for d in drafts[16:] if service.decisions.get_decision(d)["number"]]
    assert issued_collectives.count("giao_duc") == 4 and len(issued_collectives) == 10
