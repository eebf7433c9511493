"""The standings' "Xem lại tại thời điểm" links tell corrections apart (issue 14): each
names the criteria it changed and who made it, and two made in the same minute show their
seconds."""

from __future__ import annotations

import re
from html import unescape

from services.actors import SYSTEM
from services.config import Settings
from services.formatting import moment
from services.web import create_app
from tests.support.api import browser_login
from tests.support.projections import project_all
from tests.support.scenarios import REVIEWER
from tests.support.standings_fixtures import build
from tests.support.stores import AppFactory


def test_two_corrections_of_one_card_read_apart(sqlite_settings: Settings,
                                                open_app: AppFactory) -> None:
    app = open_app(sqlite_settings)
    ids = build(app)  # corrects TT2 of the finance department's February card
    app.accounts.create_user(username=REVIEWER.username, password="mat-khau-dai",
                             role="reviewer", full_name="Đỗ Văn Chấm", actor=SYSTEM)
    app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["units"]["stc"],
                              period="2020-02", stage="correction", scores={"TT3": 20},
                              reason="Sai số liệu cơ quan xanh", actor=REVIEWER)
    project_all(app)
    client = create_app(sqlite_settings, thidua=app).test_client()
    browser_login(client, REVIEWER.username, "mat-khau-dai")

    page = client.get(f"/campaigns/{ids['campaign']}/standings?period=2020-02"
                      "&subject_kind=collective").get_data(as_text=True)
    box = page.split("Các lần đính chính điểm trong kỳ", 1)[1].split("</details>", 1)[0]
    items = [unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li))).strip()
             for li in re.findall(r"<li>(.*?)</li>", box, re.S)]
    assert len(items) == 2, box
    newest, oldest = items
    assert "tiêu chí TT3" in newest and "Sai số liệu cơ quan xanh" in newest, newest
    assert "tiêu chí TT2" in oldest and "tiêu chí TT3" not in oldest, oldest
    assert all("Đỗ Văn Chấm đính chính" in item for item in items), items

    # The link's moment: to the minute, or to the second when both share a minute.
    found = app.standings.corrections(ids["campaign"], "2020-02", [ids["units"]["stc"]])
    same_minute = moment(found[0]["at"]) == moment(found[1]["at"])
    links = [unescape(text) for text in re.findall(r'<a href="[^"]*as_of=[^"]*">([^<]*)</a>',
                                                   box)]
    assert links == [f"Trước {moment(c['at'], seconds=same_minute)}" for c in found], links
    if same_minute:
        assert all(re.search(r"\d{2}:\d{2}:\d{2}$", link) for link in links), links
