"""/cong-khai without signing in (issue 15): the open proposed lists and the issued
decisions, and nothing more — the page is parsed and compared with the store's full data
(no ids but the lists' own, no accounts, no sex, no positions, no summaries, no closed
list, no draft decision, no comment). Comments go through the form (CSRF, the field's
error beside it in Vietnamese) to the secretary's page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from lxml import html

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import browser_login, csrf_token
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNER,
    approve,
    build_world,
    nominate,
)
from tests.support.stores import AppFactory

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    app.accounts.create_user(username="thuky", password="mat-khau-dai", role="secretary",
                             full_name="Lê Thư Ký", actor=SYSTEM)
    huong = nominate(world, "individual", "huong", "ldtt", female=True)["id"]
    pao = nominate(world, "individual", "pao", "ldtt", female=False)["id"]
    lan = nominate(world, "individual", "lan", "ldtt", female=True)["id"]
    school = nominate(world, "collective", "YT", "ttldtt", staff_total=30,
                      staff_women=25)["id"]
    approve(world, [huong, pao, lan, school])
    # Lan's list was shown in September (closed now) and her decision issued after it;
    # the hospital's decision is still a draft.
    app.notices.publish(campaign_id=world.campaign, unit_code="LDLD", nomination_ids=[lan],
                        actor=SECRETARY, on=date(2025, 9, 1))
    draft = app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="ldtt", nomination_ids=[lan], signer=SIGNER, actor=SECRETARY)
    issued = app.decisions.issue_decision(draft["id"], issued_on=date(2025, 9, 20),
                                          actor=SECRETARY)
    app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="ttldtt", nomination_ids=[school], signer=SIGNER, actor=SECRETARY)
    notice = app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                 nomination_ids=[huong, pao], actor=SECRETARY)
    app.notices.comment(notice["id"], text="Ý kiến riêng gửi thư ký", address="192.0.2.1")
    client = create_app(sqlite_settings, thidua=app).test_client()
    yield {"app": app, "world": world, "client": client, "notice": notice, "issued": issued,
           "nominations": {"huong": huong, "pao": pao, "lan": lan, "school": school}}


def rows(section: Any) -> list[tuple[str, ...]]:
    return [tuple(" ".join(td.text_content().split()) for td in tr.findall("td"))
            for tr in section.iter("tr") if tr.findall("td")]


def test_the_public_page_shows_no_more_than_it_should(site: dict[str, Any]) -> None:
    app, world, notice = site["app"], site["world"], site["notice"]
    response = site["client"].get("/cong-khai")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    tree = html.fromstring(page)

    # The open list: exactly its entries, as the store has them.
    stored = app.notices.get_notice(notice["id"], actor=SECRETARY)
    section = tree.get_element_by_id(f"ds-{notice['id']}")
    assert rows(section) == [(e["subject_name"], e["unit_name"], e["award_name"])
                             for e in stored["entries"]]
    # The issued decision: its number and its recipients; no draft decision.
    issued = site["issued"]
    decisions = [s for s in tree.iter("section") if "Quyết định số" in s.text_content()]
    assert len(decisions) == 1
    assert f"Quyết định số {issued['number']} ngày 20/09/2025" in decisions[0].text_content()
    assert rows(decisions[0]) == [("Tao Thị Lan", "Công đoàn Trường số 2")]

    # Nothing else the store knows: the only ids are the open list's own.
    assert set(UUID.findall(page)) == {notice["id"]}
    text = tree.text_content()
    everyone = app.accounts.list_users()
    for user in everyone:
        assert user["username"] not in text and user["username"] not in page
        assert user["full_name"] not in text
    for leaked in ("Chuyên viên", "Hoàn thành xuất sắc", "nữ", "Ý kiến riêng gửi thư ký",
                   "hang_nam", "phong_trao", "Bệnh viện"):
        assert leaked not in text, leaked
    school = app.nominations.get_nomination(site["nominations"]["school"])["subject_name"]
    assert school not in text  # only in a draft decision
    assert all(n.get("summary", "") not in text
               for n in (app.nominations.get_nomination(i)
                         for i in site["nominations"].values()))
    assert world.campaign not in page
    # The comment form's choices name people by their place in the list, not by id.
    options = tree.xpath(f'//select[@id="ve-{notice["id"]}"]/option/@value')
    assert options == ["", "0", "1"]


def test_a_comment_goes_through_the_form_to_the_secretary(site: dict[str, Any]) -> None:
    client, notice = site["client"], site["notice"]
    # Without the form's CSRF token: refused, nothing stored.
    before = site["app"].store.event_count()
    assert client.post("/cong-khai", data={"notice_id": notice["id"],
                                           "text": "Góp ý"}).status_code == 400
    assert site["app"].store.event_count() == before

    token = csrf_token(client, "/cong-khai")
    bad = client.post("/cong-khai", data={"csrf_token": token, "notice_id": notice["id"],
                                          "entry": "1", "text": "Có ký tự \x1b lạ"})
    assert bad.status_code == 422
    error = html.fromstring(bad.get_data(as_text=True)).get_element_by_id(
        f"loi-{notice['id']}")
    assert "«Nội dung ý kiến» chứa ký tự điều khiển" in error.text_content()
    assert site["app"].store.event_count() == before

    sent = client.post("/cong-khai", data={"csrf_token": token, "notice_id": notice["id"],
                                           "entry": "1", "text": "Ông Páo rất tận tụy."})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(
        f"/cong-khai#ds-{notice['id']}")
    assert "Đã nhận ý kiến" in client.get("/cong-khai").get_data(as_text=True)

    secretary = site["app"].notices.get_notice(notice["id"], actor=SECRETARY)
    assert secretary["comments"][-1]["text"] == "Ông Páo rất tận tụy."
    assert secretary["comments"][-1]["nomination_id"] == site["nominations"]["pao"]
    assert browser_login(client, "thuky", "mat-khau-dai").status_code == 302
    page = client.get("/notices").get_data(as_text=True)
    assert "Ông Páo rất tận tụy." in page and "về Giàng A Páo" in page


def test_the_secretary_publishes_a_list_through_the_page(site: dict[str, Any]) -> None:
    client, hospital = site["client"], site["nominations"]["school"]
    assert browser_login(client, "thuky", "mat-khau-dai").status_code == 302
    page = client.get("/notices").get_data(as_text=True)
    form = html.fromstring(page).get_element_by_id("publish")
    # Only what may go on a list now: not the awarded one, not those on the open list.
    assert form.xpath('.//input[@name="nomination_ids"]/@value') == [hospital]
    token = csrf_token(client, "/notices")
    before = site["app"].store.event_count()
    empty = client.post("/notices", data={"csrf_token": token, "unit_code": "LDLD",
                                          "campaign_id": site["world"].campaign})
    assert empty.status_code == 400 and "ít nhất một" in empty.get_data(as_text=True)
    assert site["app"].store.event_count() == before
    sent = client.post("/notices", data={"csrf_token": token, "unit_code": "LDLD",
                                         "campaign_id": site["world"].campaign,
                                         "nomination_ids": [hospital]})
    assert sent.status_code == 302
    listed = client.get("/notices").get_data(as_text=True)
    assert "Đã công khai danh sách đến hết ngày 08/10/2025." in listed
    assert "Không có hồ sơ nào của phong trào này chờ công khai." in listed
    assert "Công đoàn Bệnh viện tỉnh" in client.get("/cong-khai").get_data(as_text=True)
