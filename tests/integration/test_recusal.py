"""Recusal (issue 15): a council member whose account is linked to the nominee, or to the
head of a nominated collective, does not vote on that ballot (found when it opens); the
secretary records another with a reason; how the share counts them is rule data (the
table's row, U, or the organisation's own ``recusal_count``); the Biên bản names them.
On SQLite and PostgreSQL."""

from __future__ import annotations

from uuid import uuid4

import pytest
from click.testing import CliRunner

from events.errors import ConflictError, InvalidInputError
from services.actors import SYSTEM, Actor
from services.cli import main
from services.config import Settings
from services.usecases import minutes_texts as minutes
from services.web import create_app
from tests.support.api import Api, assert_refused, browser_login, csrf_token, sign_in
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    World,
    build_world,
    convene,
    nominate,
    refused,
)
from tests.support.stores import AppFactory

AUDITOR = Actor(username="kiemtoan", role="auditor")


@pytest.fixture
def world(store_settings: Settings, open_app: AppFactory) -> World:
    world = build_world(open_app(store_settings, clock=lambda: AWARDS_TODAY), members=5,
                        schools=2, others=1)
    app = world.app
    head = app.organisation.create_person(full_name="Lường Văn Thủ", unit_code="CDCS-YT",
                                          position="Chủ tịch Công đoàn", is_leader=True,
                                          actor=SYSTEM)["id"]
    app.accounts.link_person("hoidong01", person_id=world.people["huong"], actor=SYSTEM)
    app.accounts.link_person("hoidong02", person_id=head, actor=SYSTEM)
    return world


def vote(world: World, ballot: str, members: list[str], choice: str = "dong_y") -> None:
    for member in members:
        world.app.council.cast_vote(ballot, choice=choice, actor=world.actor(member))


def test_a_nominee_and_the_head_of_a_collective_do_not_vote(world: World) -> None:
    app, council = world.app, world.app.council
    assert app.accounts.user("hoidong01", "username").person_id is not None
    huong = nominate(world, "individual", "huong", "ldtt")["id"]
    hospital = nominate(world, "collective", "YT", "ttldtt", staff_total=40,
                        staff_women=30)["id"]
    session = convene(world)

    ballot = council.open_ballot(session, nomination_id=huong, actor=SECRETARY)
    assert ballot["recused"] == [{"member": "hoidong01", "reason": "là người được đề nghị "
                                  "khen thưởng", "automatic": True}]
    assert (ballot["recusal_count"], ballot["base"]) == ("excluded", 4)
    assert ballot["threshold"]["recused_confidence"] == "U"
    refused(world, ConflictError, "member", "không tham gia biểu quyết",
            lambda: council.cast_vote(ballot["id"], choice="dong_y",
                                      actor=world.actor("hoidong01")))
    # Two of the four who vote agree: half is not more than half (quá bán) of 4.
    vote(world, ballot["id"], ["hoidong00", "hoidong02"])
    vote(world, ballot["id"], ["hoidong03", "hoidong04"], "khong_dong_y")
    closed = council.close_ballot(ballot["id"], actor=SECRETARY)
    assert closed["result"]["members"] == 4 and closed["result"]["passed"] is False

    other = council.open_ballot(session, nomination_id=hospital, actor=SECRETARY)
    assert [r["member"] for r in other["recused"]] == ["hoidong02"]
    assert "Công đoàn Bệnh viện tỉnh" in other["recused"][0]["reason"]
    # The secretary records another, with a reason; not without, not twice, not after a vote.
    refused(world, InvalidInputError, "reason", "không được để trống",
            lambda: council.record_recusal(other["id"], member="hoidong03", reason="",
                                           actor=SECRETARY))
    refused(world, InvalidInputError, "member", "không phải thành viên",
            lambda: council.record_recusal(other["id"], member="thuky", reason="Vắng",
                                           actor=SECRETARY))
    vote(world, other["id"], ["hoidong04"])
    refused(world, ConflictError, "member", "đã bỏ phiếu",
            lambda: council.record_recusal(other["id"], member="hoidong04",
                                           reason="Có quan hệ gia đình", actor=SECRETARY))
    recorded = council.record_recusal(other["id"], member="hoidong03",
                                      reason="Vợ là kế toán của Bệnh viện", actor=SECRETARY)
    assert recorded["base"] == 3
    refused(world, ConflictError, "member", "đã không tham gia",
            lambda: council.record_recusal(other["id"], member="hoidong03", reason="Lặp",
                                           actor=SECRETARY))
    vote(world, other["id"], ["hoidong00", "hoidong01"])
    assert council.close_ballot(other["id"], actor=SECRETARY)["result"]["percent"] == 100
    council.conclude_session(session, actor=SECRETARY)

    # The Biên bản names them, and says how the share counted them, with its source.
    concluded = council.session(session)
    ballots = [council.ballot(b) for b in concluded.ballots.values()]
    names = {m: app.accounts.display_name(m) for m in concluded.members}
    recusals = [line for line in minutes.attendees(concluded, ballots, names)
                if line.startswith("- Không tham gia biểu quyết")]
    assert recusals == [
        "- Không tham gia biểu quyết: Thành viên số 1 (hồ sơ của Lò Thị Hương: là người được "
        "đề nghị khen thưởng); Thành viên số 2 (hồ sơ của Công đoàn Bệnh viện tỉnh: là người "
        "đứng đầu tập thể «Công đoàn Bệnh viện tỉnh» được đề nghị); Thành viên số 3 (hồ sơ "
        "của Công đoàn Bệnh viện tỉnh: Vợ là kế toán của Bệnh viện)."]
    rule = minutes.vote_rules(ballots)[-1]
    assert rule.startswith("- Thành viên không tham gia biểu quyết: không tính") \
        and "chưa được xác nhận" in rule

    # Each recusal reads in Vietnamese in the ballot's audit history.
    words = [e["summary"] for e in app.audit.history(AUDITOR, other["id"])["events"]]
    assert "Thành viên số 2 (hoidong02) không tham gia biểu quyết hồ sơ của Công " \
        "đoàn Bệnh viện tỉnh (tự động khi mở phiếu)" in " ".join(words)
    assert any("thư ký ghi nhận), lý do: Vợ là kế toán" in w for w in words)


def test_an_organisation_may_keep_the_recused_in_the_total(world: World) -> None:
    app, council = world.app, world.app.council
    app.settings.configure(unit_code="LDLD", recusal_count="counted", actor=SYSTEM)
    huong = nominate(world, "individual", "huong", "ldtt")["id"]
    ballot = council.open_ballot(convene(world), nomination_id=huong, actor=SECRETARY)
    assert (ballot["recusal_count"], ballot["base"]) == ("counted", 5)
    assert ballot["threshold"]["recused_source"].startswith("Quy định riêng")
    vote(world, ballot["id"], ["hoidong00", "hoidong02", "hoidong03"])
    closed = council.close_ballot(ballot["id"], actor=SECRETARY)
    assert (closed["result"]["members"], closed["result"]["percent"]) == (5, 60)
    refused(world, InvalidInputError, "recusal_count", "một trong",
            lambda: app.settings.configure(unit_code="LDLD", recusal_count="half",
                                           actor=SYSTEM))


def test_recusal_over_http_and_the_cli_links_an_account(
        sqlite_settings: Settings, open_app: AppFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    app.accounts.create_user(username="thuky", password="mat-khau-dai", role="secretary",
                             actor=SYSTEM)
    ballot = app.council.open_ballot(convene(world), actor=SECRETARY, nomination_id=nominate(
        world, "individual", "pao", "ldtt")["id"])
    client = create_app(sqlite_settings, thidua=app).test_client()
    secretary = Api(client, app, sign_in(client, "thuky", "mat-khau-dai"))
    member = Api(client, app, sign_in(client, "hoidong01", "mat-khau-dai"))
    path = f"/ballots/{ballot['id']}/recusals"
    before = app.store.event_count()
    assert_refused(secretary, secretary.post(path, {"member": "hoidong01"}), 400, "reason", "",
                   before)
    assert member.post(path, {"member": "hoidong01", "reason": "Tự thấy"}).status_code == 403
    done = secretary.post(path, {"member": "hoidong01", "reason": "Là anh rể của người được "
                                                                 "đề nghị"})
    assert done.status_code == 200, done.json
    assert done.json["recused"][0]["automatic"] is False and done.json["base"] == 2

    # `thidua users create --person-id` links a new account to a person of the register.
    monkeypatch.setenv("THIDUA_DATA_DIR", str(sqlite_settings.data_dir))
    for key in ("THIDUA_DATABASE_URL", "THIDUA_DATABASE_SCHEMA"):
        monkeypatch.delenv(key, raising=False)
    cli = CliRunner()
    made = cli.invoke(main, ["users", "create", "--username", "hoidong-pao", "--role",
                             "council_member", "--person-id", world.people["pao"]],
                      env={"THIDUA_PASSWORD": "mat-khau-dai"}, catch_exceptions=False)
    assert made.exit_code == 0, made.output
    assert "«Giàng A Páo»" in made.output
    assert str(app.accounts.user("hoidong-pao").person_id) == world.people["pao"]
    unknown = cli.invoke(main, ["users", "create", "--username", "hoidong-x", "--role",
                                "council_member", "--person-id", str(uuid4())],
                         env={"THIDUA_PASSWORD": "mat-khau-dai"}, catch_exceptions=False)
    assert unknown.exit_code == 1 and "Không tìm thấy cá nhân" in unknown.output


def test_the_ballot_page_shows_and_records_recusals(
        sqlite_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    app.accounts.create_user(username="thuky", password="mat-khau-dai", role="secretary",
                             actor=SYSTEM)
    app.accounts.link_person("hoidong01", person_id=world.people["huong"], actor=SYSTEM)
    ballot = app.council.open_ballot(convene(world), actor=SECRETARY, nomination_id=nominate(
        world, "individual", "huong", "ldtt")["id"])["id"]
    client = create_app(sqlite_settings, thidua=app).test_client()

    # The recused member sees why, and no vote form.
    assert browser_login(client, "hoidong01", "mat-khau-dai").status_code == 302
    page = client.get(f"/ballots/{ballot}").get_data(as_text=True)
    assert "Bạn không tham gia biểu quyết hồ sơ này: là người được đề nghị khen thưởng" in page
    assert 'id="vote"' not in page
    client.post("/logout", data={"csrf_token": csrf_token(client, f"/ballots/{ballot}")})

    # The secretary records another, then the page lists both and the base of the share.
    assert browser_login(client, "thuky", "mat-khau-dai").status_code == 302
    token = csrf_token(client, f"/ballots/{ballot}")
    empty = client.post(f"/ballots/{ballot}/recusal", data={
        "csrf_token": token, "member": "hoidong02", "reason": ""}, follow_redirects=True)
    assert "«Lý do» không được để trống" in empty.get_data(as_text=True)
    done = client.post(f"/ballots/{ballot}/recusal", data={
        "csrf_token": token, "member": "hoidong02", "reason": "Là chồng của người được đề "
                                                              "nghị"}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Đã ghi nhận thành viên không tham gia" in text
    assert "Thành viên số 2: Là chồng của người được đề nghị" in text
    assert "Thành viên số 1: là người được đề nghị khen thưởng" in text
    assert "Tỷ lệ đồng ý tính trên 1 thành viên" in text and "chưa được xác nhận" in text
