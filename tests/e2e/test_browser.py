"""Headless Chromium (Debian's, driven by Playwright) against the real server.

A clerk logs in, registers a person and posts a self-assessment; a reviewer finds it on
the home page and reviews it; the standings page then shows the new rank. Screenshots of
the key pages are saved under test-artifacts/ for people to look at.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from services.demo import DEMO_USERS
from services.formatting import period
from tests.support.browser import (
    demo_user,
    follow,
    log_in,
    needs_chromium,
    shot,
)
from tests.support.server import call

pytestmark = needs_chromium()


def test_clerk_registers_and_self_assesses_reviewer_reviews_standings_rank(
    server: str, browser: Any
) -> None:
    admin = demo_user("admin")
    token = call(f"{server}/api/v1/auth/token",
                 {"username": admin["username"], "password": admin["password"]})[1]["token"]
    # A campaign open today (the demo's registration closed on 10/02/2020).
    today = date.today()
    week = f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}"
    status, campaign = call(f"{server}/api/v1/campaigns", {
        "code": "TD-NAM-NAY", "number": "25/KH-LĐLĐ",
        "title": "Thi đua lao động giỏi, lao động sáng tạo năm nay",
        "issuer_unit_code": "LDLD", "start": (today - timedelta(days=60)).isoformat(),
        "end": (today + timedelta(days=300)).isoformat(),
        "registration_deadline": (today + timedelta(days=30)).isoformat(),
        "tracks": [{"subject_kind": "individual", "cadence": "weekly",
                    "criteria": [{"code": "CN1", "name": "Kỷ cương, kỷ luật", "max_points": 40},
                                 {"code": "CN2", "name": "Chuyên môn, nghiệp vụ",
                                  "max_points": 60}],
                    "thresholds": {"HTXS": 90, "HTT": 75, "HT": 50}}]}, token=token)
    assert status == 201, campaign
    person = call(f"{server}/api/v1/people", token=token)[1][0]

    # The clerk registers the person…
    clerk = log_in(browser, server, "unit_clerk")
    shot(clerk, "01-clerk-home")
    follow(clerk.locator("li", has_text="25/KH-LĐLĐ").locator("text=Đăng ký thi đua"))
    clerk.select_option("#subject_id", person["id"])
    clerk.fill("#pledge", "Thực hiện tốt văn hóa công sở, “4 xin, 4 luôn”.")
    shot(clerk, "02-register-form")
    follow(clerk, "text=Gửi đăng ký")
    assert "Đã ghi nhận đăng ký thi đua." in clerk.content()

    # …then posts the self-assessment for this week with full marks.
    clerk.goto(f"{server}/campaigns/{campaign['id']}/score?subject_id={person['id']}"
               f"&period={week}")
    track = next(t for t in campaign["tracks"] if t["subject_kind"] == "individual")
    for criterion in track["criteria"]:
        clerk.fill(f"#score_{criterion['code']}", str(criterion["max_points"]))
    shot(clerk, "03-self-assessment-form")
    follow(clerk, "text=Ghi điểm")
    assert "Đã ghi nhận điểm." in clerk.content()
    assert "Chờ duyệt" in clerk.content()  # the standings: self-assessed only

    # A bad score is shown next to its field, with the input kept.
    last_week = today - timedelta(days=7)
    clerk.goto(f"{server}/campaigns/{campaign['id']}/score?subject_id={person['id']}"
               f"&period={last_week.isocalendar()[0]}-W{last_week.isocalendar()[1]:02d}")
    first = track["criteria"][0]
    clerk.fill(f"#score_{first['code']}", "999")
    follow(clerk, "text=Ghi điểm")
    error = clerk.locator(f"#err-{first['code']}")
    assert f"phải từ 0 đến {first['max_points']}" in error.inner_text()
    assert clerk.input_value(f"#score_{first['code']}") == "999"
    shot(clerk, "04-score-error")

    # The reviewer finds the card on the home page and reviews it.
    reviewer = log_in(browser, server, "reviewer")
    shot(reviewer, "05-reviewer-home")
    row = reviewer.locator("tr", has_text=person["full_name"]).filter(has_text=period(week))
    follow(row.locator("text=Chấm duyệt"))
    assert reviewer.input_value(f"#score_{first['code']}") == str(first["max_points"])
    follow(reviewer, "text=Ghi điểm")
    assert "Đã ghi nhận điểm." in reviewer.content()
    shot(reviewer, "06-standings-after-review")
    ranked = reviewer.locator("tbody tr").first
    cells = ranked.locator("td").all_inner_texts()
    assert cells[0] == "1" and cells[1] == person["full_name"]
    assert "Hoàn thành xuất sắc" in cells


def test_api_docs_page_renders_from_local_files(server: str, browser: Any) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.goto(f"{server}/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "thidua" in page.inner_text(".swagger-ui .info .title")
    assert "/api/v1/campaigns/{campaign_id}/standings" in page.content()
    assert outside == []  # no CDN: every file comes from our server
    shot(page, "07-api-docs")


def test_council_member_votes_and_secretary_issues_and_downloads_the_decision(
    server: str, browser: Any, tmp_path: Path
) -> None:
    from docgen.checker import check_docx
    from services.demo import CAMPAIGN_CODE, NOMINATED
    from tests.support.documents import text_of

    admin = demo_user("admin")
    token = call(f"{server}/api/v1/auth/token",
                 {"username": admin["username"], "password": admin["password"]})[1]["token"]
    campaign = next(c for c in call(f"{server}/api/v1/campaigns", token=token)[1]
                    if c["code"] == CAMPAIGN_CODE)
    school = next(u for u in call(f"{server}/api/v1/units", token=token)[1]
                  if u["code"] == NOMINATED[0])
    members = [u["username"] for u in DEMO_USERS if u["role"] == "council_member"]

    # The secretary convenes the council, takes attendance and puts a nomination to vote.
    secretary = log_in(browser, server, "secretary")
    follow(secretary, "text=Hội đồng Thi đua – Khen thưởng")
    secretary.select_option("#unit_code", "LDLD")
    secretary.fill("#title", "Phiên họp xét tặng Bằng khen tổng kết phong trào")
    for member in members:
        secretary.check(f"#convene input[name=members][value={member}]")
    secretary.select_option("#chair", members[0])
    shot(secretary, "08-convene-form")
    follow(secretary, "#convene button[type=submit]")
    assert "Đã triệu tập phiên họp Hội đồng." in secretary.content()
    for member in members:
        secretary.check(f"#attendance input[value={member}]")
    follow(secretary, "#attendance button[type=submit]")
    option = secretary.locator("#nomination_id option", has_text=school["name"])
    secretary.select_option("#nomination_id", option.get_attribute("value"))
    follow(secretary, "#open-ballot button[type=submit]")
    assert "Đã mở phiếu biểu quyết." in secretary.content()
    shot(secretary, "09-council-session")

    # Each member finds the ballot on the home page and votes.
    for index, member in enumerate(members):
        voter = log_in(browser, server, member)
        follow(voter, f"a:has-text('{school['name']}')")
        voter.check("input[name=choice][value=dong_y]" if index < 2
                    else "input[name=choice][value=khong_dong_y]")
        if index == 0:
            shot(voter, "10-ballot-page")
        follow(voter, "#vote button[type=submit]")
        assert "Đã ghi nhận phiếu của bạn." in voter.content()
        assert "Bạn đã bỏ phiếu cho hồ sơ này." in voter.content()
        voter.close()

    # The secretary counts, concludes, drafts and issues the decision, then downloads it.
    follow(secretary, f"a:has-text('{school['name']}')")
    follow(secretary, "#close button[type=submit]")
    result = secretary.content()
    assert "Đồng ý <strong>2</strong>, không đồng ý <strong>1</strong>" in result
    follow(secretary, "text=Về phiên họp")
    follow(secretary, "#conclude button[type=submit]")
    assert "Đã kết luận phiên họp." in secretary.content()
    secretary.goto(f"{server}/decisions?campaign_id={campaign['id']}")
    secretary.check(f"#draft label:has-text('{school['name']}') input")
    secretary.select_option("#issuer_unit_code", "LDLD")
    secretary.fill("#signer_name", "Nguyễn Thị Thiện")
    secretary.fill("#signer_position", "Chủ tịch")
    secretary.fill("#signer_authority", "TM. Ban Thường vụ")
    shot(secretary, "11-decision-draft")
    follow(secretary, "#draft button[type=submit]")
    assert "Đã lập dự thảo quyết định." in secretary.content()
    follow(secretary, "#issue button[type=submit]")
    assert "Đã ban hành quyết định." in secretary.content()
    heading = secretary.inner_text("h1")
    number = heading.removeprefix("Quyết định số ").strip()
    assert number.endswith("/QĐ-LĐLĐ"), heading
    assert "7.590.000" in secretary.content()  # 3,0 × 2.530.000 (NĐ 152/2025)
    shot(secretary, "12-decision-issued")
    with secretary.expect_download() as download_info:
        secretary.click("#download")
    path = tmp_path / "quyet-dinh.docx"
    download_info.value.save_as(path)
    data = path.read_bytes()
    assert check_docx(data) == []
    text = text_of(data)
    assert f"Số: {number}" in text and school["name"] in text

    # Tra cứu: the award is on the school's list (the page waits for the worker to have
    # the secretary's decision), with the .xlsx of the list to download.
    secretary.goto(f"{server}/awards/history?unit_code={school['code']}")
    row = secretary.locator("tr", has_text=number)
    assert "7.590.000" in row.inner_text()
    with secretary.expect_download() as listing:
        secretary.click("#download")
    assert listing.value.suggested_filename == f"khen-thuong-{school['code']}.xlsx"
    shot(secretary, "13-award-history")
    # The organisation's rules: the law's council rows in force, the unconfirmed ones marked.
    secretary.goto(f"{server}/awards/settings?unit_code=LDLD")
    assert secretary.locator("#law .unconfirmed").count() >= 1
    assert secretary.locator("#settings").count() == 0  # only an admin changes them
    shot(secretary, "14-award-settings")
