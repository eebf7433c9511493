"""The public's comments reach the pages where the council and the board weigh the
nominations (issue 15): the council session page and the nominations board show, per
nomination on a published list, how many comments it drew, with a link to read them on
/notices. A user who may not read the comments (a council member) sees no link."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lxml import html

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import browser_login
from tests.support.awards_world import AWARDS_TODAY, SECRETARY, approve, build_world, nominate
from tests.support.projections import project_all
from tests.support.stores import AppFactory


@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    """Hương and Páo approved and on an open list; two comments about Hương, one about the
    whole list; Lan approved but never published."""
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    app.accounts.create_user(username="thuky", password="mat-khau-dai", role="secretary",
                             full_name="Lê Thư Ký", actor=SYSTEM)
    huong = nominate(world, "individual", "huong", "ldtt", female=True)["id"]
    pao = nominate(world, "individual", "pao", "ldtt", female=False)["id"]
    lan = nominate(world, "individual", "lan", "ldtt", female=True)["id"]
    session = approve(world, [huong, pao, lan])
    notice = app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                 nomination_ids=[huong, pao], actor=SECRETARY)
    for text, about, address in (("Chị Hương làm việc rất tận tâm.", huong, "192.0.2.1"),
                                 ("Đề nghị xem lại thành tích của chị Hương.", huong,
                                  "192.0.2.2"),
                                 ("Danh sách hợp lý.", None, "192.0.2.3")):
        app.notices.comment(notice["id"], text=text, nomination_id=about, address=address)
    project_all(app)  # the board reads its view
    yield {"app": app, "world": world, "session": session, "notice": notice,
           "client": create_app(sqlite_settings, thidua=app).test_client()}


def comment_cells(page: str) -> dict[str, tuple[str, str | None]]:
    """Per person named in a row of a table with the comments column: the text of its
    last cell and its link."""
    tree = html.fromstring(page)
    found: dict[str, tuple[str, str | None]] = {}
    tables = [t for t in tree.iter("table")
              if "Ý kiến công chúng" in [th.text_content() for th in t.iter("th")]]
    for row in (r for t in tables for r in t.iter("tr")):
        cells = row.findall("td")
        links = row.find_class("public-comments")
        for name in ("Lò Thị Hương", "Giàng A Páo", "Tao Thị Lan"):
            if cells and name in cells[0].text_content():
                text = " ".join(cells[-1].text_content().split())
                found[name] = (text, links[0].get("href") if links else None)
    return found


def expected(notice: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    link = f"/notices#ds-{notice['id']}"
    return {"Lò Thị Hương": ("3 ý kiến công chúng (trong đó 1 về cả danh sách)", link),
            "Giàng A Páo": ("1 ý kiến công chúng (trong đó 1 về cả danh sách)", link),
            "Tao Thị Lan": ("Chưa công khai", None)}


def test_the_council_page_counts_the_public_comments_with_a_link(
        site: dict[str, Any]) -> None:
    client = site["client"]
    browser_login(client, "thuky", "mat-khau-dai")
    page = client.get(f"/councils/{site['session']}")
    assert page.status_code == 200
    assert comment_cells(page.get_data(as_text=True)) == expected(site["notice"])
    # the link reads them
    notices = client.get("/notices").get_data(as_text=True)
    assert f'id="ds-{site["notice"]["id"]}"' in notices
    assert "Đề nghị xem lại thành tích của chị Hương." in notices


def test_the_nominations_board_counts_the_public_comments_with_a_link(
        site: dict[str, Any]) -> None:
    client = site["client"]
    browser_login(client, "thuky", "mat-khau-dai")
    page = client.get(f"/campaigns/{site['world'].campaign}/nominations")
    assert page.status_code == 200
    assert comment_cells(page.get_data(as_text=True)) == expected(site["notice"])


def test_a_council_member_who_may_not_read_them_gets_no_link(site: dict[str, Any]) -> None:
    client = site["client"]
    browser_login(client, "hoidong00", "mat-khau-dai")
    page = client.get(f"/councils/{site['session']}").get_data(as_text=True)
    assert "public-comments" not in page and "ý kiến công chúng" not in page
