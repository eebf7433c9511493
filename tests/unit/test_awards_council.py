"""Council sessions and ballots: quorum, thresholds of all members, secrecy, ranking, ties."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from events.errors import ConflictError, DomainError, InvalidInputError, PermissionDeniedError
from services.actors import SYSTEM, Actor
from services.app import ThiduaApplication
from services.secret_ballot import count
from services.thidua import Thidua
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRET,
    SECRETARY,
    World,
    build_world,
    convene,
    nominate,
    refused,
    signed_form,
    write_opinion,
)


def make_world(app: ThiduaApplication, **kwargs: Any) -> World:
    app.store.clock = lambda: AWARDS_TODAY
    return build_world(app, **kwargs)


@pytest.fixture
def world(memory_app: ThiduaApplication) -> World:
    return make_world(memory_app, members=10)




def vote_all(world: World, ballot: str, choices: dict[str, str]) -> None:
    """Present members vote themselves; for absent ones the secretary records the opinion."""
    session = world.app.council.get_session(world.app.council.get_ballot(ballot)["session_id"])
    for member, choice in choices.items():
        if member in session["present"]:
            world.app.council.cast_vote(ballot, choice=choice, actor=world.actor(member))
        else:
            write_opinion(world, ballot, member, choice)


def ballot_for(world: World, session: str, nomination: str) -> str:
    return world.app.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)["id"]


def test_cstdcs_passes_at_80_percent_of_all_members_counting_written_opinions_nd98_d30_7(
        world: World) -> None:
    """NĐ 98/2023 Đ30.7: the share is of the whole council, not of those present."""
    members = world.members
    session = convene(world, present=members[:8])  # 8 of 10 present: quorum is 7
    passing = ballot_for(world, session, nominate(world, "individual", "huong", "cstdcs",
                                                  route="hang_nam")["id"])
    assert world.app.council.get_ballot(passing)["secret"] is True
    # 7 present agree, one present disagrees, one absent agrees in writing: 8/10 = 80 %.
    vote_all(world, passing, {**dict.fromkeys(members[:7], "dong_y"), members[7]:
                              "khong_dong_y", members[8]: "dong_y"})
    result = world.app.council.close_ballot(passing, actor=SECRETARY)["result"]
    assert result == {"yes": 8, "no": 1, "cast": 9, "written": 1, "members": 10,
                      "percent": pytest.approx(80), "passed": True}
    # 7 of the 8 present agree (87.5 % of the votes cast) but only 70 % of all members.
    failing = ballot_for(world, session, nominate(world, "individual", "pao", "cstdcs",
                                                  route="hang_nam")["id"])
    vote_all(world, failing, {**dict.fromkeys(members[:7], "dong_y"),
                              members[7]: "khong_dong_y"})
    result = world.app.council.close_ballot(failing, actor=SECRETARY)["result"]
    assert (result["yes"], result["passed"]) == (7, False)
    ballot = world.app.council.get_ballot(failing)
    nomination = world.app.nominations.get_nomination(ballot["nomination_id"])
    assert nomination["status"] == "failed" and nomination["votes"]["yes"] == 7


def test_cstd_tinh_needs_90_percent_of_all_members_nd98_d30_7(world: World) -> None:
    for year in (2022, 2023, 2024):
        world.app.records.record_past_award(subject_kind="individual",
                                        subject_id=world.people["lan"], award="cstdcs",
                                        year=year, number="01/QĐ-LĐLĐ",
                                        decided_on=date(year, 12, 1), actor=SECRETARY)
    session = convene(world)
    ballot = ballot_for(world, session, nominate(world, "individual", "lan", "cstd_tinh")["id"])
    opened = world.app.council.get_ballot(ballot)
    assert opened["secret"] and opened["threshold"]["percent"] == 90
    vote_all(world, ballot, {**dict.fromkeys(world.members[:8], "dong_y"),
                             world.members[8]: "khong_dong_y"})
    result = world.app.council.close_ballot(ballot, actor=SECRETARY)["result"]
    assert (result["yes"], result["members"], result["passed"]) == (8, 10, False)


def test_votes_that_break_a_rule_are_refused_and_nothing_is_stored(world: World) -> None:
    service, members = world.app, world.members
    session = convene(world, present=members[:7])  # 7 of 10: the quorum
    ballot = ballot_for(world, session, nominate(world, "individual", "huong", "ldtt")["id"])
    # One member leaves: 6 of 10, below the quorum; the open ballot follows the attendance.
    service.council.record_attendance(session, present=members[:6], actor=SECRETARY)
    outsider = Actor(username="nguoi-ngoai", role="council_member")
    refused(world, PermissionDeniedError, "member", "không phải thành viên Hội đồng",
            lambda: service.council.cast_vote(ballot, choice="dong_y", actor=outsider))
    refused(world, PermissionDeniedError, None, "không có quyền",
            lambda: service.council.cast_vote(ballot, choice="dong_y",
                                              actor=Actor(username=members[0], role="unit_clerk")))
    service.council.cast_vote(ballot, choice="dong_y", actor=world.actor(members[0]))
    refused(world, ConflictError, "member", "đã bỏ phiếu; mỗi người một phiếu",
            lambda: service.council.cast_vote(ballot, choice="khong_dong_y",
                                              actor=world.actor(members[0])))
    refused(world, InvalidInputError, "choice", "không hợp lệ",
            lambda: service.council.cast_vote(ballot, choice="phieu_trang",
                                              actor=world.actor(members[1])))
    refused(world, InvalidInputError, "member", "vắng mặt: chỉ gửi ý kiến bằng văn bản",
            lambda: service.council.cast_vote(ballot, choice="dong_y",
                                              actor=world.actor(members[9])))
    refused(world, InvalidInputError, "member", "có mặt tại phiên họp",
            lambda: service.council.cast_vote(ballot, choice="dong_y", member=members[1],
                                              proof=signed_form(members[1]),
                                              actor=SECRETARY))
    refused(world, PermissionDeniedError, None, "không có quyền",
            lambda: service.council.cast_vote(ballot, choice="dong_y", member=members[9],
                                              proof=signed_form(members[9]),
                                              actor=world.actor(members[1])))
    error = refused(world, ConflictError, "present", "không đủ số thành viên dự họp",
                    lambda: service.council.close_ballot(ballot, actor=SECRETARY))
    assert "6/10" in error.message and "ít nhất 7" in error.message


def test_a_closed_ballot_takes_no_vote(world: World) -> None:
    session = convene(world)
    ballot = ballot_for(world, session, nominate(world, "individual", "huong", "ldtt")["id"])
    vote_all(world, ballot, dict.fromkeys(world.members[:6], "dong_y"))
    assert world.app.council.close_ballot(ballot, actor=SECRETARY)["result"]["passed"] is True
    refused(world, ConflictError, "ballot_id", "đã đóng",
            lambda: world.app.council.cast_vote(ballot, choice="dong_y",
                                            actor=world.actor(world.members[7])))
    refused(world, ConflictError, "ballot_id", "đã đóng",
            lambda: world.app.council.close_ballot(ballot, actor=SECRETARY))


def test_a_secret_ballot_never_links_a_member_to_a_choice_in_the_log(world: World) -> None:
    """Stored events hold who voted and a sealed envelope; closing records counts only."""
    service, app = world.app, world.app
    session = convene(world)
    ballot = ballot_for(world, session, nominate(world, "individual", "huong", "cstdcs",
                                                 route="hang_nam")["id"])
    choices = {m: ("dong_y" if i % 3 else "khong_dong_y") for i, m in enumerate(world.members)}
    receipts = [service.council.cast_vote(ballot, choice=c, actor=world.actor(m))
                for m, c in choices.items()]
    assert all("choice" not in r and r["secret"] for r in receipts)
    closed = service.council.close_ballot(ballot, actor=SECRETARY)
    assert closed["result"]["yes"] == 6 and closed["result"]["no"] == 4
    assert "choices" not in closed

    ballot_id = UUID(ballot)
    stored = list(app.store.recorder.select_events(ballot_id))
    topics = [s.topic.rpartition(".")[2] for s in stored]
    assert topics == ["Opened"] + ["MemberVoted"] * 10 + ["Closed"]
    envelopes = set()
    for record in stored:
        text = record.state.decode()
        assert "dong_y" not in text and "khong_dong_y" not in text, record.topic
        if record.topic.endswith("MemberVoted"):
            envelopes.add(len(app.store.mapper.to_domain_event(record).sealed))
    assert len(envelopes) == 1  # every envelope has the same length, whatever the choice
    # The aggregate's state at any version has no choice either.
    assert not app.store.repository.get(ballot_id).choices
    # Opening the envelopes needs the application's secret key.
    with pytest.raises(ConflictError) as info:
        count(b"another-key", ballot_id, app.store.repository.get(ballot_id).sealed)
    assert info.value.field == "ballot_id"


def test_a_unanimous_secret_ballot_names_no_member_when_closed_or_shown(world: World) -> None:
    """A secret ballot shows counts only: with every choice alike, a list of who voted would
    tell how each of them voted. Attendance is the session's business, not the ballot's."""
    council = world.app.council
    members = world.members
    session = convene(world, present=members[:8])
    ballot = ballot_for(world, session, nominate(world, "individual", "huong", "cstdcs",
                                                 route="hang_nam")["id"])
    vote_all(world, ballot, dict.fromkeys(members[:9], "dong_y"))  # one absent writes in
    shown = council.get_ballot(ballot)
    closed = council.close_ballot(ballot, actor=SECRETARY)
    assert closed["result"] == {"yes": 9, "no": 0, "cast": 9, "written": 1, "members": 10,
                                "percent": pytest.approx(90), "passed": True}
    for answer in (shown, closed, council.get_ballot(ballot), *council.ballots_of(session)):
        assert (answer["votes_cast"], answer["written_opinions"]) == (9, 1)
        text = json.dumps(answer, default=str)
        assert "hoidong" not in text, text  # no member's username, anywhere
        assert "voted" not in answer and "choices" not in answer


@pytest.mark.parametrize("award, secret", [("cstdcs", True), ("ldtt", False)])
def test_the_council_says_who_has_voted_and_which_absent_members_await_a_written_opinion(
        world: World, award: str, secret: bool) -> None:
    """What the ballot page needs, read from the aggregate rather than from its answer."""
    council, members = world.app.council, world.members
    session = convene(world, present=members[:7])
    ballot = ballot_for(world, session, nominate(world, "individual", "huong", award,
                                                 route="hang_nam")["id"])
    assert council.get_ballot(ballot)["secret"] is secret
    assert council.awaiting_written(ballot) == members[7:]
    assert not council.has_voted(ballot, members[0])
    vote_all(world, ballot, {members[1]: "dong_y", members[0]: "khong_dong_y",
                             members[8]: "dong_y"})
    assert [council.has_voted(ballot, m) for m in members[:3]] == [True, True, False]
    assert council.has_voted(ballot, members[8]) and not council.has_voted(ballot, "ai-do")
    assert council.awaiting_written(ballot) == [members[7], members[9]]
    shown = council.get_ballot(ballot)
    if secret:
        assert "voted" not in shown
    else:  # open votes are public: the open ballot keeps listing who voted
        assert shown["voted"] == sorted([members[0], members[1], members[8]])
    council.close_ballot(ballot, actor=SECRETARY)
    assert council.awaiting_written(ballot) == [members[7], members[9]]


def test_an_open_ballot_records_member_and_choice_in_the_clear(world: World) -> None:
    session = convene(world)
    ballot = ballot_for(world, session, nominate(world, "individual", "huong", "ldtt")["id"])
    receipt = world.app.council.cast_vote(ballot, choice="dong_y", actor=world.actor(world.chair))
    assert receipt["choice"] == "dong_y" and receipt["secret"] is False
    assert world.app.council.get_ballot(ballot)["choices"] == {world.chair: "dong_y"}


def test_closing_with_a_changed_secret_key_is_refused_saying_why(world: World) -> None:
    session = convene(world)
    ballot = ballot_for(world, session, nominate(world, "individual", "huong", "cstdcs",
                                                 route="hang_nam")["id"])
    vote_all(world, ballot, dict.fromkeys(world.members, "dong_y"))
    other = Thidua(world.app.store, ballot_key=SECRET + "-doi")
    refused(world, ConflictError, "ballot_id", "khóa bí mật",
            lambda: other.council.close_ballot(ballot, actor=SECRETARY))


def _ballots(world: World, session: str, nominations: list[str],
             yes: list[list[str]]) -> list[str]:
    """Open, vote (``yes[i]`` agree, the rest of the council disagrees) and close."""
    ballots = []
    for nomination, agreeing in zip(nominations, yes, strict=True):
        ballot = ballot_for(world, session, nomination)
        vote_all(world, ballot, {m: "dong_y" if m in agreeing else "khong_dong_y"
                                 for m in world.members})
        world.app.council.close_ballot(ballot, actor=SECRETARY)
        ballots.append(ballot)
    return ballots


def test_more_passing_than_the_quota_are_ranked_by_votes_and_the_chairs_vote_breaks_a_tie(
        memory_app: ThiduaApplication) -> None:
    """Seed 004: 4 Bằng khen for education collectives. Five pass; the chair breaks the tie."""
    world = make_world(memory_app, members=5)
    chair, m1, m2, m3, m4 = world.members
    nominations = [nominate(world, "collective", f"GD{i}", "bang_khen_tinh")["id"]
                   for i in range(1, 6)]
    session = convene(world)
    _ballots(world, session, nominations, [
        [chair, m1, m2, m3, m4], [chair, m1, m2, m3, m4],  # 5 votes each: places 1 and 2
        [chair, m1, m2, m3], [m1, m2, m3, m4], [chair, m1, m2, m4],  # 4 each: 2 places left
    ])
    concluded = world.app.council.conclude_session(session, actor=SECRETARY)
    kept = [r["subject_name"] for r in concluded["results"] if r["selected"]]
    assert kept == ["Công đoàn Trường số 1", "Công đoàn Trường số 2", "Công đoàn Trường số 3",
                    "Công đoàn Trường số 5"]
    left = world.app.nominations.get_nomination(nominations[3])
    assert left["status"] == "not_selected" and "Giáo dục" in left["reason"]
    assert world.app.nominations.get_nomination(nominations[4])["status"] == "approved"


def test_a_tie_the_chair_cannot_break_is_reported_and_then_decided_by_the_chair(
        memory_app: ThiduaApplication) -> None:
    world = make_world(memory_app, members=5)
    chair, m1, m2, m3, m4 = world.members
    nominations = [nominate(world, "collective", f"GD{i}", "bang_khen_tinh")["id"]
                   for i in range(1, 6)]
    session = convene(world)
    _ballots(world, session, nominations, [
        [chair, m1, m2, m3, m4], [chair, m1, m2, m3, m4],
        [chair, m1, m2, m3], [chair, m1, m2, m4], [chair, m1, m3, m4],  # chair agrees to all
    ])
    error = refused(world, ConflictError, "chair_choice", "3 hồ sơ cùng 4 phiếu đồng ý tranh 2 "
                    "suất cuối", lambda: world.app.council.conclude_session(session,
                                                                        actor=SECRETARY))
    assert "không phân định được" in error.message and nominations[2] in error.message
    refused(world, InvalidInputError, "chair_choice", "còn 2 suất",
            lambda: world.app.council.conclude_session(session, chair_choice=[nominations[2]],
                                                   actor=SECRETARY))
    concluded = world.app.council.conclude_session(
        session, chair_choice=[nominations[3], nominations[4]], actor=SECRETARY)
    assert [r["selected"] for r in concluded["results"]] == [True, True, False, True, True]


def test_on_secret_ballots_a_tie_at_the_cut_always_needs_the_chairs_decision(
        memory_app: ThiduaApplication) -> None:
    quota = [{"award_form": "cstdcs", "subject_kind": "individual", "max": 1, "reserved": []}]
    world = make_world(memory_app, members=5, quotas=quota)
    nominations = [nominate(world, "individual", p, "cstdcs", route="hang_nam")["id"]
                   for p in ("huong", "pao")]
    session = convene(world)
    _ballots(world, session, nominations, [world.members, world.members])
    refused(world, ConflictError, "chair_choice", "phiếu kín",
            lambda: world.app.council.conclude_session(session, actor=SECRETARY))
    concluded = world.app.council.conclude_session(session, chair_choice=[nominations[1]],
                                               actor=SECRETARY)
    assert [r["selected"] for r in concluded["results"]] == [False, True]


def test_a_ballot_still_open_at_the_conclusion_goes_back_to_the_board(world: World) -> None:
    """Concluding counts the closed ballots; one still open is cancelled and its nomination
    waits for a later session (issue 14: no session is stuck)."""
    session = convene(world)
    open_one = nominate(world, "individual", "huong", "ldtt")["id"]
    ballot_for(world, session, open_one)
    refused(world, ConflictError, "session_id", "chưa có phiếu biểu quyết nào đã kiểm phiếu",
            lambda: world.app.council.conclude_session(session, actor=SECRETARY))
    counted = nominate(world, "individual", "pao", "ldtt")["id"]
    closed = ballot_for(world, session, counted)
    vote_all(world, closed, dict.fromkeys(world.members, "dong_y"))
    world.app.council.close_ballot(closed, actor=SECRETARY)
    concluded = world.app.council.conclude_session(session, actor=SECRETARY)
    assert [r["subject_name"] for r in concluded["results"]] == ["Giàng A Páo"]
    assert world.app.nominations.get_nomination(counted)["status"] == "approved"
    back = world.app.nominations.get_nomination(open_one)
    assert (back["status"], back["ballot_id"]) == ("submitted", None)
    statuses = {b["nomination_id"]: b["status"]
                for b in world.app.council.ballots_of(session)}
    assert statuses == {open_one: "cancelled", counted: "closed"}
    later = convene(world)
    assert world.app.council.open_ballot(later, nomination_id=open_one,
                                         actor=SECRETARY)["status"] == "open"


def test_a_session_needs_real_members_and_a_chair_among_them(world: World) -> None:
    service = world.app

    def convene_with(**changes: Any) -> Any:
        command = {"unit_code": "LDLD", "title": "Phiên họp", "held_on": "2025-11-20",
                   "members": world.members[:3], "chair": world.members[0], **changes}
        return lambda: service.council.convene_session(**command, actor=SECRETARY)

    refused(world, DomainError, "members[1]", "Không có tài khoản «khong-co»",
            convene_with(members=[world.members[0], "khong-co"]))
    refused(world, InvalidInputError, "members[1]", "bị lặp",
            convene_with(members=[world.members[0], world.members[0]]))
    refused(world, InvalidInputError, "chair", "phải là một thành viên",
            convene_with(chair=world.members[5]))
    refused(world, InvalidInputError, "members", "ít nhất một thành viên", convene_with(members=[]))
    refused(world, InvalidInputError, "held_on", "không hợp lệ", convene_with(held_on="20/11"))
    session = service.council.convene_session(**{"unit_code": "LDLD", "title": "Phiên họp",
                                         "held_on": "2025-11-20", "members": world.members[:3],
                                         "chair": world.members[0]}, actor=SECRETARY)
    assert session["quorum_needed"] == 2  # ⌈2/3 × 3⌉
    refused(world, InvalidInputError, "present[0]", "không phải thành viên",
            lambda: service.council.record_attendance(session["id"], present=[world.members[5]],
                                                      actor=SECRETARY))


def test_the_quorum_is_a_per_organisation_setting(world: World) -> None:
    world.app.settings.configure(unit_code="LDLD", quorum_numerator=1, quorum_denominator=2,
                            actor=Actor(username="quantri", role="admin"))
    session = convene(world, present=world.members[:5])
    assert world.app.council.get_session(session)["quorum_needed"] == 5
    assert world.app.council.get_session(session)["has_quorum"] is True


def test_an_organisations_own_vote_rule_replaces_the_unconfirmed_law_row(world: World) -> None:
    """LEGAL: the NĐ 152 council rows are U ("make it configurable"): an organisation that
    sets its own share and secrecy for a title has its ballots follow it; ballots opened
    before keep the rule they were opened under; other titles keep the law's row."""
    service, members = world.app, world.members
    session = convene(world)
    before = ballot_for(world, session, nominate(world, "individual", "huong", "cstdcs",
                                                 route="hang_nam")["id"])
    saved = service.settings.configure(unit_code="LDLD", council=[
        {"award": "cstdcs", "percent": 70, "secret": False}],
        actor=Actor(username="quantri", role="admin"))
    assert saved["council"][0]["text"] == ("Chiến sĩ thi đua cơ sở: từ 70 % tổng số thành "
                                           "viên Hội đồng đồng ý, biểu quyết")
    after = ballot_for(world, session, nominate(world, "individual", "pao", "cstdcs",
                                                route="hang_nam")["id"])
    opened = service.council.get_ballot(after)
    assert opened["secret"] is False and opened["threshold"]["percent"] == 70
    assert opened["threshold"]["source"].startswith("Quy định riêng của ")
    assert opened["threshold"]["confidence"] == "H"
    old = service.council.get_ballot(before)
    assert old["secret"] is True and old["threshold"]["percent"] == 80
    assert old["threshold"]["confidence"] == "U"
    vote_all(world, after, {**dict.fromkeys(members[:7], "dong_y"),
                            **dict.fromkeys(members[7:], "khong_dong_y")})
    result = service.council.close_ballot(after, actor=SECRETARY)["result"]
    assert (result["yes"], result["percent"], result["passed"]) == (7, pytest.approx(70), True)
    ldtt = service.council.get_ballot(ballot_for(world, session, nominate(
        world, "individual", "lan", "ldtt")["id"]))
    assert ldtt["threshold"]["source"] != opened["threshold"]["source"]


def test_an_own_vote_rule_never_overrides_a_confirmed_row_nd98_d30_7(world: World) -> None:
    """Before 01/07/2025 NĐ 98 Đ30.7 (M) applies: 80 % and a secret ballot for CSTĐCS, even
    where the organisation recorded its own, laxer rule."""
    world.app.settings.configure(unit_code="LDLD", council=[
        {"award": "cstdcs", "percent": 10, "secret": False}],
        actor=Actor(username="quantri", role="admin"))
    session = convene(world, held_on=date(2025, 3, 3))
    ballot = world.app.council.get_ballot(ballot_for(world, session, nominate(
        world, "individual", "huong", "cstdcs", route="hang_nam", on=date(2025, 3, 1))["id"]))
    assert (ballot["secret"], ballot["threshold"]["percent"]) == (True, 80)
    assert ballot["threshold"]["source"].startswith("Nghị định 98/2023/NĐ-CP Đ30.7")


@pytest.mark.parametrize(("council", "field", "text"), [
    ("cstdcs", "council", "danh sách"),
    ([{"award": "khong-co", "percent": 70}], "council[0].award", "không có trong danh mục"),
    ([{"award": "cstdcs", "percent": 0}], "council[0].percent", "(0, 100]"),
    ([{"award": "cstdcs", "percent": "bảy mươi"}], "council[0].percent", "tỷ lệ phần trăm"),
    ([{"award": "cstdcs", "percent": 70, "secret": "có"}], "council[0].secret", "true"),
    ([{"award": "cstdcs", "percent": 70}, {"award": "cstdcs", "percent": 90}],
     "council[1].award", "đã có một dòng"),
])
def test_a_bad_own_vote_rule_is_refused_naming_the_field(world: World, council: Any,
                                                         field: str, text: str) -> None:
    refused(world, InvalidInputError, field, text, lambda: world.app.settings.configure(
        unit_code="LDLD", council=council, actor=Actor(username="quantri", role="admin")))


def test_settings_recorded_before_own_vote_rules_existed_still_load() -> None:
    """A Configured event stored without ``council`` (the earlier shape) loads with none."""
    from uuid import uuid4

    from events.award_settings import AwardSettings

    created = AwardSettings(unit_id=uuid4(), quorum={"numerator": 2, "denominator": 3},
                            caps=[], actor="quantri").collect_events()[0]
    del created.__dict__["council"]
    settings = created.mutate(None)
    assert settings.council == [] and settings.council_rule("cstdcs") is None


def test_at_a_tie_a_collective_of_70_percent_women_goes_first_nd152_women_first(
        memory_app: ThiduaApplication) -> None:
    """NĐ 98/2023 and NĐ 152/2025, nguyên tắc khen thưởng (M): among nominees equally
    entitled, a woman or a collective whose members are ≥ 70 % women goes first — before the
    chair's vote. Here the chair agreed to all three tied schools; the one declaring 21 women
    of 30 (70 %) takes the single place left, with no chair's decision needed."""
    world = make_world(memory_app, members=5, schools=6)
    chair, m1, m2, m3, m4 = world.members
    women = {4: (40, 20), 5: (30, 21), 6: (10, 6)}  # only school 5 reaches 70 %
    nominations = [nominate(world, "collective", f"GD{i}", "bang_khen_tinh",
                            **({"staff_total": women[i][0], "staff_women": women[i][1]}
                               if i in women else {}))["id"] for i in range(1, 7)]
    session = convene(world)
    _ballots(world, session, nominations, [
        [chair, m1, m2, m3, m4], [chair, m1, m2, m3, m4], [chair, m1, m2, m3, m4],
        [chair, m1, m2, m3], [chair, m1, m2, m4], [chair, m1, m3, m4],  # 3 tied for 1 place
    ])
    fifth = world.app.nominations.get_nomination(nominations[4])
    assert world.app.council.get_ballot(fifth["ballot_id"])["priority"] == \
        "tập thể có 70 % nữ (từ 70 % trở lên)"
    concluded = world.app.council.conclude_session(session, actor=SECRETARY)
    assert [r["selected"] for r in concluded["results"]] == [True, True, True, False, True,
                                                              False]
    assert [r["tie_break"] for r in concluded["results"]] == [
        None, None, None, None, "ưu tiên tập thể có 70 % nữ (từ 70 % trở lên)", None]
    fourth = world.app.nominations.get_nomination(nominations[3])
    assert fourth["women_text"] == "20/40 thành viên là nữ"


def test_women_first_takes_what_it_can_and_the_chair_decides_the_rest(
        memory_app: ThiduaApplication) -> None:
    """Two places at the cut, three tied: the woman goes first; the chair decides between
    the other two (secret ballots: by naming one)."""
    quota = [{"award_form": "cstdcs", "subject_kind": "individual", "max": 2, "reserved": []}]
    world = make_world(memory_app, members=5, quotas=quota)
    lan = nominate(world, "individual", "lan", "cstdcs", route="hang_nam", female=True)["id"]
    huong = nominate(world, "individual", "huong", "cstdcs", route="hang_nam")["id"]
    pao = nominate(world, "individual", "pao", "cstdcs", route="hang_nam", female=False)["id"]
    session = convene(world)
    _ballots(world, session, [huong, lan, pao], [world.members] * 3)
    error = refused(world, ConflictError, "chair_choice", "2 hồ sơ cùng 5 phiếu đồng ý tranh 1 "
                    "suất cuối", lambda: world.app.council.conclude_session(session,
                                                                        actor=SECRETARY))
    assert lan not in error.message  # already kept: a woman
    concluded = world.app.council.conclude_session(session, chair_choice=[pao], actor=SECRETARY)
    assert [r["selected"] for r in concluded["results"]] == [False, True, True]
    assert concluded["results"][2]["tie_break"] == "Chủ tịch Hội đồng quyết định"
    assert concluded["results"][1]["priority"] == "cá nhân nữ"


def test_when_more_women_tie_than_places_the_chair_decides_among_them_only(
        memory_app: ThiduaApplication) -> None:
    quota = [{"award_form": "cstdcs", "subject_kind": "individual", "max": 1, "reserved": []}]
    world = make_world(memory_app, members=5, quotas=quota)
    nominations = [nominate(world, "individual", p, "cstdcs", route="hang_nam",
                            female=p != "pao")["id"] for p in ("huong", "lan", "pao")]
    session = convene(world)
    _ballots(world, session, nominations, [world.members] * 3)
    error = refused(world, ConflictError, "chair_choice", "2 hồ sơ cùng 5 phiếu",
                    lambda: world.app.council.conclude_session(session, actor=SECRETARY))
    assert nominations[2] not in error.message
    refused(world, InvalidInputError, "chair_choice", "không chọn Giàng A Páo",
            lambda: world.app.council.conclude_session(session, chair_choice=[nominations[2]],
                                                   actor=SECRETARY))
    concluded = world.app.council.conclude_session(session, chair_choice=[nominations[1]],
                                               actor=SECRETARY)
    assert [r["selected"] for r in concluded["results"]] == [False, True, False]
    assert [r["rank"] for r in concluded["results"]] == [2, 1, 3]


def test_the_chair_cannot_give_a_place_women_first_already_decided(
        memory_app: ThiduaApplication) -> None:
    """One place, a man and a woman tied: the woman takes it; a chair_choice naming the man
    is refused saying why, and the man's reason and rank say so too."""
    quota = [{"award_form": "cstdcs", "subject_kind": "individual", "max": 1, "reserved": []}]
    world = make_world(memory_app, members=5, quotas=quota)
    pao = nominate(world, "individual", "pao", "cstdcs", route="hang_nam")["id"]
    lan = nominate(world, "individual", "lan", "cstdcs", route="hang_nam", female=True)["id"]
    session = convene(world)
    _ballots(world, session, [pao, lan], [world.members] * 2)
    error = refused(world, InvalidInputError, "chair_choice", "không chọn Giàng A Páo",
                    lambda: world.app.council.conclude_session(session, chair_choice=[pao],
                                                           actor=SECRETARY))
    assert error.message.startswith("Không còn suất nào để Chủ tịch Hội đồng quyết định "
                                    "(ưu tiên nữ đã nhận 1 suất: Tao Thị Lan)")
    concluded = world.app.council.conclude_session(session, actor=SECRETARY)
    man, woman = concluded["results"]
    assert (woman["selected"], woman["rank"], man["selected"], man["rank"]) == (
        True, 1, False, 2)
    assert "Bằng phiếu với hồ sơ được ưu tiên" in man["reason"]
    assert "Bằng phiếu" in world.app.nominations.get_nomination(pao)["reason"]


def test_a_chair_choice_in_one_quota_leaves_another_to_the_chairs_own_vote(
        memory_app: ThiduaApplication) -> None:
    """Two pools with a tie each: the chair names a choice for the secret one (CSTĐCS);
    the open one (Bằng khen for education collectives) is still decided by the chair's vote."""
    quota = [{"award_form": "cstdcs", "subject_kind": "individual", "max": 1, "reserved": []},
             {"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 1,
              "reserved": []}]
    world = make_world(memory_app, members=5, quotas=quota)
    chair, m1, m2, m3, m4 = world.members
    people = [nominate(world, "individual", p, "cstdcs", route="hang_nam")["id"]
              for p in ("huong", "pao")]
    schools = [nominate(world, "collective", f"GD{i}", "bang_khen_tinh")["id"]
               for i in (1, 2)]
    session = convene(world)
    _ballots(world, session, [*people, *schools], [
        world.members, world.members, [chair, m1, m2, m3], [m1, m2, m3, m4]])
    concluded = world.app.council.conclude_session(session, chair_choice=[people[1]],
                                               actor=SECRETARY)
    assert [r["selected"] for r in concluded["results"]] == [False, True, True, False]


@pytest.mark.parametrize(("kind", "facts", "field", "text"), [
    ("individual", {"female": "có"}, "female", "true hoặc false"),
    ("individual", {"staff_total": 10, "staff_women": 8}, "staff_total", "chỉ dùng cho hồ sơ "
     "của tập thể"),
    ("collective", {"female": True}, "female", "chỉ dùng cho hồ sơ của cá nhân"),
    ("collective", {"staff_total": 10}, "staff_women", "số nguyên không âm"),
    ("collective", {"staff_total": 0, "staff_women": 0}, "staff_total", "ít nhất một"),
    ("collective", {"staff_total": 10, "staff_women": 11}, "staff_women", "không được lớn hơn"),
    ("collective", {"staff_total": "mười", "staff_women": 1}, "staff_total", "số nguyên"),
])
def test_bad_women_facts_are_refused_naming_the_field(world: World, kind: str,
                                                      facts: dict[str, Any], field: str,
                                                      text: str) -> None:
    subject = "huong" if kind == "individual" else "GD1"
    award = "ldtt" if kind == "individual" else "bang_khen_tinh"
    refused(world, InvalidInputError, field, text,
            lambda: nominate(world, kind, subject, award, **facts))


def test_an_amendment_declares_the_women_facts_a_dossier_forgot(world: World) -> None:
    nomination = nominate(world, "collective", "GD1", "bang_khen_tinh")
    assert nomination["women"] is None and nomination["women_text"] == ""
    amended = world.app.nominations.amend_nomination(nomination["id"], summary="Bổ sung số liệu.",
                                             staff_total=25, staff_women=20, actor=SYSTEM)
    assert amended["women"] == {"total": 25, "women": 20}
    again = world.app.nominations.amend_nomination(nomination["id"], summary="Sửa tóm tắt.",
                                           actor=SYSTEM)
    assert again["women"] == {"total": 25, "women": 20}  # not given: left as declared
    refused(world, InvalidInputError, "clear_women", "vừa khai vừa xóa",
            lambda: world.app.nominations.amend_nomination(nomination["id"], summary="x",
                                                   staff_total=5, staff_women=5,
                                                   clear_women=True, actor=SYSTEM))
    cleared = world.app.nominations.amend_nomination(nomination["id"], summary="Không khai.",
                                             clear_women=True, actor=SYSTEM)
    assert cleared["women"] is None and cleared["women_text"] == ""


def test_settings_not_given_stay_as_they_are_and_an_empty_list_clears(world: World) -> None:
    admin = Actor(username="quantri", role="admin")
    service = world.app
    first = service.settings.configure(unit_code="LDLD", council=[
        {"award": "cstdcs", "percent": 75, "secret": True}], actor=admin)
    assert first["quorum"] == {"numerator": 2, "denominator": 3} and first["caps"] == []
    kept = service.settings.configure(unit_code="LDLD", quorum_numerator=3, quorum_denominator=4,
                                      actor=admin)
    assert kept["quorum"] == {"numerator": 3, "denominator": 4}
    assert [r["award"] for r in kept["council"]] == ["cstdcs"]
    cleared = service.settings.configure(unit_code="LDLD", council=[], actor=admin)
    assert cleared["council"] == [] and cleared["quorum"] == {"numerator": 3, "denominator": 4}
    refused(world, InvalidInputError, "quorum_denominator", "số nguyên dương",
            lambda: service.settings.configure(unit_code="LDLD", quorum_numerator=1, actor=admin))
