"""Written opinions of absent council members (issue 12 item 8): the secretary alone enters
one, with the scanned signed form; the vote records the form's SHA-256, the file is kept
and downloads byte-identical, and the Biên bản says the signed forms are attached."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from io import BytesIO
from typing import Any
from uuid import UUID

import pytest

from events.errors import InvalidInputError, PermissionDeniedError
from services.actors import SYSTEM, Actor
from services.config import Settings
from services.thidua import Thidua
from services.web import create_app
from tests.support.api import API, browser_login, sign_in, worker_running
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNED_FORM_JPEG,
    World,
    build_world,
    convene,
    nominate,
    refused,
    signed_form,
    write_opinion,
)
from tests.support.documents import text_of
from tests.support.stores import AppFactory

PASSWORD = "mat-khau-dai"
ADMIN = Actor(username="quantri", role="admin")
MINUTES = {"started_at": "08:30", "ended_at": "11:00", "place": "Phòng họp tầng 2",
           "chair": {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch Hội đồng"},
           "secretary": {"name": "Lò Thị Hiên", "position": "Thư ký Hội đồng"}}
LIES = [
    (b"MZ\x90\x00\x03 an executable named phieu-y-kien.pdf", "không phải là một trong"),
    ("Tôi đồng ý (một tệp văn bản đặt tên .pdf)".encode(), "không phải là một trong"),
    (b"PK\x03\x04 not a form", "không phải là một trong"),
]


def open_ballot(world: World, award: str = "bang_khen_tinh", subject: str = "GD1",
                kind: str = "collective") -> tuple[str, str]:
    """A session where the chair and the next member are present, the last one absent."""
    session = convene(world, present=world.members[:2])
    nomination = nominate(world, kind, subject, award)["id"]
    ballot = world.app.council.open_ballot(session, nomination_id=nomination,
                                           actor=SECRETARY)["id"]
    return session, ballot


def stored_votes(app: Thidua, ballot: str) -> list[Any]:
    """The ballot's vote events as stored (read back through the store's mapper)."""
    return [e for e in app.store.events.get(UUID(ballot))
            if type(e).__name__ in ("Voted", "MemberVoted")]


@pytest.fixture
def world(store_settings: Settings, open_app: AppFactory) -> World:
    app = open_app(store_settings, clock=lambda: AWARDS_TODAY)
    return build_world(app, members=3, schools=2, others=1)


# --- the use case, on SQLite and PostgreSQL -----------------------------------------------

def test_a_written_opinion_without_its_signed_form_is_refused_naming_the_file(
        world: World) -> None:
    _, ballot = open_ballot(world)
    absent = world.members[2]
    for proof in (None, b""):
        refused(world, InvalidInputError, "file", "phải kèm bản quét phiếu ý kiến có chữ ký",
                lambda proof=proof: world.app.council.cast_vote(
                    ballot, choice="dong_y", member=absent, proof=proof, actor=SECRETARY))
    assert world.app.council.awaiting_written(ballot) == [absent]
    # A member voting in person sends no file.
    world.app.council.cast_vote(ballot, choice="dong_y", actor=world.actor(world.members[0]))
    assert world.app.council.get_ballot(ballot)["votes_cast"] == 1


@pytest.mark.parametrize("data, message", LIES)
def test_a_signed_form_that_lies_about_its_type_is_refused_and_not_kept(
        world: World, data: bytes, message: str) -> None:
    _, ballot = open_ballot(world)
    refused(world, InvalidInputError, "file", message,
            lambda: world.app.council.cast_vote(ballot, choice="dong_y",
                                                member=world.members[2], proof=data,
                                                actor=SECRETARY))
    assert world.app.council.files.get(hashlib.sha256(data).hexdigest()) is None


def test_a_form_is_kept_only_when_the_vote_is_accepted(world: World) -> None:
    """A vote the ballot refuses (the member was present) keeps no file."""
    _, ballot = open_ballot(world)
    form = signed_form(world.members[1])
    refused(world, InvalidInputError, "member", "có mặt tại phiên họp",
            lambda: world.app.council.cast_vote(ballot, choice="dong_y",
                                                member=world.members[1], proof=form,
                                                actor=SECRETARY))
    assert world.app.council.files.get(hashlib.sha256(form).hexdigest()) is None


@pytest.mark.parametrize("secret", [True, False], ids=["secret", "open"])
@pytest.mark.parametrize("kind", ["pdf", "jpeg"])
def test_a_written_opinion_with_its_form_counts_and_its_vote_names_the_forms_hash(
        world: World, secret: bool, kind: str) -> None:
    # CSTĐCS is voted by secret ballot, Bằng khen openly.
    _, ballot = (open_ballot(world, "cstdcs", "huong", "individual") if secret
                 else open_ballot(world))
    assert world.app.council.get_ballot(ballot)["secret"] is secret
    absent = world.members[2]
    form = signed_form(absent) if kind == "pdf" else SIGNED_FORM_JPEG
    receipt = world.app.council.cast_vote(ballot, choice="khong_dong_y", member=absent,
                                          proof=form, actor=SECRETARY)
    sha256 = hashlib.sha256(form).hexdigest()
    assert receipt["written"] is True and receipt["proof_sha256"] == sha256
    [event] = stored_votes(world.app, ballot)
    assert (event.member, event.written, event.proof, event.actor) == (absent, True, sha256,
                                                                        "thuky")
    scan = world.app.council.written_proof(ballot, absent, actor=SECRETARY)
    assert scan.data == form and scan.sha256 == sha256
    assert scan.media_type == ("application/pdf" if kind == "pdf" else "image/jpeg")
    assert world.app.council.written_opinions(ballot, actor=SECRETARY) == [
        {"member": absent, "sha256": sha256}]
    for member in world.members[:2]:
        world.app.council.cast_vote(ballot, choice="dong_y", actor=world.actor(member))
    result = world.app.council.close_ballot(ballot, actor=SECRETARY)["result"]
    assert (result["yes"], result["no"], result["written"]) == (2, 1, 1)


def test_only_the_secretary_enters_a_written_opinion(world: World) -> None:
    _, ballot = open_ballot(world)
    absent, form = world.members[2], signed_form(world.members[2])
    for actor in (ADMIN, world.actor(world.members[0])):
        refused(world, PermissionDeniedError, None, "không có quyền",
                lambda actor=actor: world.app.council.cast_vote(
                    ballot, choice="dong_y", member=absent, proof=form, actor=actor))
    assert world.app.council.files.get(hashlib.sha256(form).hexdigest()) is None
    # Reading the forms: the council's managers and the auditors, not a member.
    write_opinion(world, ballot, absent, "dong_y")
    for reader in (ADMIN, SECRETARY, Actor(username="thanhtra", role="auditor")):
        assert world.app.council.written_proof(ballot, absent, actor=reader).data == form
    with pytest.raises(PermissionDeniedError):
        world.app.council.written_proof(ballot, absent, actor=world.actor(world.members[0]))


def test_the_minutes_say_each_written_opinion_came_with_its_signed_form(
        world: World) -> None:
    app = world.app
    session, ballot = open_ballot(world)
    other = app.council.open_ballot(session, nomination_id=nominate(
        world, "collective", "HC1", "bang_khen_tinh")["id"], actor=SECRETARY)["id"]
    for member in world.members[:2]:
        app.council.cast_vote(ballot, choice="dong_y", actor=world.actor(member))
        app.council.cast_vote(other, choice="dong_y", actor=world.actor(member))
    write_opinion(world, ballot, world.members[2], "khong_dong_y")
    for each in (ballot, other):
        app.council.close_ballot(each, actor=SECRETARY)
    app.council.conclude_session(session, actor=SECRETARY)
    paper = app.papers.issue_minutes(session, **MINUTES, actor=SECRETARY)
    text = text_of(app.papers.paper_document(paper["id"], SECRETARY).data)
    for expected in (
            "Vắng mặt: 01 thành viên: Thành viên số 2 (có ý kiến bằng văn bản, phiếu có chữ "
            "ký kèm theo).",
            "Ý kiến bằng văn bản được tính vào kết quả (do Thư ký Hội đồng tiếp nhận, phiếu "
            "có chữ ký kèm theo): Công đoàn Trường số 1: 01 ý kiến; Công đoàn Sở số 1: 00 "
            "ý kiến."):
        assert expected in text, text


# --- the API --------------------------------------------------------------------------------

@pytest.fixture
def site(store_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(store_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    for username, role in (("thuky", "secretary"), ("quantri", "admin"),
                           ("thanhtra", "auditor")):
        app.accounts.create_user(username=username, password=PASSWORD, role=role,
                                 actor=SYSTEM)
    flask_app = create_app(store_settings, thidua=app)
    with worker_running(app):
        yield {"app": app, "world": world, "flask": flask_app}


def bearer(site: dict[str, Any], username: str) -> dict[str, str]:
    client = site["flask"].test_client()
    return {"Authorization": f"Bearer {sign_in(client, username, PASSWORD)}"}


def post_opinion(site: dict[str, Any], token: dict[str, str], ballot: str,
                 data: dict[str, Any], key: str | None = None) -> Any:
    headers = {**token, **({"Idempotency-Key": key} if key else {})}
    return site["flask"].test_client().post(
        f"{API}/ballots/{ballot}/written-opinions", data=data, headers=headers,
        content_type="multipart/form-data")


def test_the_secretary_posts_a_written_opinion_with_its_form_and_it_downloads_unchanged(
        site: dict[str, Any]) -> None:
    world, app = site["world"], site["app"]
    _, ballot = open_ballot(world, "cstdcs", "huong", "individual")
    absent, form = world.members[2], signed_form(world.members[2])
    client = site["flask"].test_client()
    # Signing in is recorded: every token first, then nothing more may be stored.
    token = {u: bearer(site, u) for u in ("thuky", "quantri", "thanhtra", *world.members)}
    before = app.store.event_count()

    def refused_with(response: Any, status: int, field: str | None, text: str) -> None:
        assert response.status_code == status, response.json
        assert response.json["error"]["field"] == field, response.json
        assert text in response.json["error"]["message"], response.json
        assert app.store.event_count() == before

    # JSON on /votes for someone else: the form is missing; where to send it is said.
    refused_with(client.post(f"{API}/ballots/{ballot}/votes", headers=token["thuky"],
                             json={"choice": "dong_y", "member": absent}),
                 422, "file", "/written-opinions")
    refused_with(post_opinion(site, token["thuky"], ballot, {"member": absent, "choice": "dong_y"}),
                 422, "file", "phải kèm bản quét phiếu ý kiến có chữ ký")
    refused_with(post_opinion(site, token["thuky"], ballot, {
        "member": absent, "choice": "dong_y",
        "file": (BytesIO(LIES[0][0]), "phieu-y-kien.pdf", "application/pdf")}),
        422, "file", "không phải là một trong")
    refused_with(post_opinion(site, token["thuky"], ballot, {
        "choice": "dong_y", "file": (BytesIO(form), "phieu.pdf")}), 400, "member", "")
    for username in ("quantri", world.members[0]):  # neither an admin nor a member
        refused_with(post_opinion(site, token[username], ballot, {
            "member": absent, "choice": "dong_y", "file": (BytesIO(form), "phieu.pdf")}),
            403, None, "không có quyền")

    key = "phieu-y-kien-0001"
    first = post_opinion(site, token["thuky"], ballot, {
        "member": absent, "choice": "dong_y", "file": (BytesIO(form), "phieu.pdf")}, key)
    assert first.status_code == 201, first.json
    sha256 = hashlib.sha256(form).hexdigest()
    assert first.json["written"] is True and first.json["proof_sha256"] == sha256
    assert "choice" not in first.json  # a secret ballot
    counted = app.store.event_count()
    again = post_opinion(site, token["thuky"], ballot, {
        "member": absent, "choice": "dong_y", "file": (BytesIO(form), "phieu.pdf")}, key)
    assert again.status_code == 201 and again.json == first.json
    assert app.store.event_count() == counted  # the same key records once

    scan = f"{API}/ballots/{ballot}/written-opinions/{absent}/scan"
    for username in ("thuky", "quantri", "thanhtra"):
        response = client.get(scan, headers=token[username])
        assert response.status_code == 200
        assert response.data == form and response.mimetype == "application/pdf"
        assert response.headers["X-Content-SHA256"] == sha256
        assert hashlib.sha256(response.data).hexdigest() == sha256
    assert client.get(scan, headers=token[world.members[0]]).status_code == 403
    missing = client.get(f"{API}/ballots/{ballot}/written-opinions/{world.members[0]}/scan",
                         headers=token["thuky"])
    assert missing.status_code == 404 and missing.json["error"]["field"] == "member"


# --- the ballot page --------------------------------------------------------------------------

def page_client(site: dict[str, Any], username: str) -> Any:
    client = site["flask"].test_client()
    assert browser_login(client, username, PASSWORD).status_code == 302
    return client


def form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|idempotency_key)" value="([^"]+)"', html))


def test_the_secretary_uploads_the_signed_form_through_the_ballot_page(
        site: dict[str, Any]) -> None:
    world, app = site["world"], site["app"]
    _, ballot = open_ballot(world)
    page, absent = f"/ballots/{ballot}", world.members[2]
    secretary = page_client(site, "thuky")
    html = secretary.get(page).get_data(as_text=True)
    assert 'id="written" enctype="multipart/form-data"' in html
    assert "Phiếu ý kiến có chữ ký (bản quét PDF, JPG, PNG)" in html
    assert 'type="file" id="file" name="file"' in html
    # Neither the admin nor a member is offered the form.
    for username in ("quantri", world.members[0]):
        assert 'id="written"' not in page_client(site, username).get(page).get_data(
            as_text=True)

    before = app.store.event_count()
    response = secretary.post(page, data={**form_fields(html), "member": absent,
                                          "choice": "dong_y"},
                              content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(r'id="file-error"[^>]*>([^<]+)<', html)
    assert error and "phải kèm bản quét phiếu ý kiến có chữ ký" in error.group(1)
    assert f'<option value="{absent}" selected>' in html
    assert app.store.event_count() == before

    text = "Ý kiến: đồng ý".encode()
    response = secretary.post(page, data={
        **form_fields(secretary.get(page).get_data(as_text=True)), "member": absent,
        "choice": "dong_y", "file": (BytesIO(text), "phieu.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    error = re.search(r'id="file-error"[^>]*>([^<]+)<', response.get_data(as_text=True))
    assert error and "không phải là một trong các loại được nhận" in error.group(1)
    assert app.store.event_count() == before

    response = secretary.post(page, data={
        **form_fields(secretary.get(page).get_data(as_text=True)), "member": absent,
        "choice": "dong_y", "file": (BytesIO(SIGNED_FORM_JPEG), "phieu.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    html = secretary.get(page).get_data(as_text=True)
    assert "Đã ghi nhận ý kiến văn bản kèm phiếu có chữ ký." in html
    assert "(trong đó 1 ý kiến bằng văn bản)" in html and 'id="written"' not in html
    link = f"/ballots/{ballot}/written/{absent}/scan"
    assert f'href="{link}"' in html
    sha256 = hashlib.sha256(SIGNED_FORM_JPEG).hexdigest()
    assert sha256 in html
    for username in ("thuky", "thanhtra"):
        client = page_client(site, username)
        assert f'href="{link}"' in client.get(page).get_data(as_text=True)
        download = client.get(link)
        assert download.status_code == 200 and download.data == SIGNED_FORM_JPEG
        assert download.mimetype == "image/jpeg"
        assert download.headers["X-Content-SHA256"] == sha256
    member = page_client(site, world.members[0])
    assert f'href="{link}"' not in member.get(page).get_data(as_text=True)
    assert member.get(link).status_code == 403
