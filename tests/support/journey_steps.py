"""The journeys of tests/e2e/test_journeys.py, step by step through the pages as a person
would go: the links and buttons they see, the forms they fill."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from openpyxl import load_workbook

from docgen.checker import check_docx
from services.formatting import period as period_words
from tests.support.browser import demo_user
from tests.support.journeys import Tour

UNIT = {"code": "CDCS-THPT-PT", "name": "Công đoàn Trường THPT Phong Thổ",
        "parent": "LDLD-PT"}
PERSON = {"name": "Tòng Thị Phương", "position": "Giáo viên"}
CLERK = {"username": "vanthu-ptpt", "name": "Lường Thị Nga", "password": "mat-khau-2026-pt"}
DEMO_NUMBER = "117/KH-LĐLĐ"  # the demo's campaign, where the nominations are made
NOMINEE = "Công đoàn Trường THPT Quyết Thắng"
CAMPAIGN = {"code": "TD-HANH-TRINH", "number": "31/KH-LĐLĐ",
            "title": "Thi đua dạy tốt, học tốt năm học này",
            "criteria": [("CN1", "Kỷ cương, kỷ luật", 40),
                         ("CN2", "Chuyên môn, nghiệp vụ", 60)]}


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def admin_sets_up(tour: Tour) -> None:
    """(1) A campaign launched on its page, a unit, a person in it and the unit clerk's
    account, through the admin's pages."""
    admin = tour.walker("1-admin", "admin")
    admin.shot("home", guide="admin-home")
    admin.click(admin.page.locator("nav.site-nav a", has_text="Hướng dẫn sử dụng"))
    assert admin.page.locator("main section#quan-tri img").count() >= 4
    admin.goto("/")
    admin.click("#new-campaign")
    today = date.today()
    admin.page.fill("#code", CAMPAIGN["code"])
    admin.page.fill("#number", CAMPAIGN["number"])
    admin.page.fill("#title", CAMPAIGN["title"])
    admin.choose("#issuer_unit_code", "Liên đoàn Lao động tỉnh Lai Châu")
    admin.page.fill("#start", (today - timedelta(days=60)).isoformat())
    admin.page.fill("#end", (today + timedelta(days=300)).isoformat())
    admin.page.fill("#registration_deadline", (today + timedelta(days=30)).isoformat())
    admin.page.check("#individual-on")
    admin.page.select_option("#individual-cadence", label="Hằng tuần")
    admin.page.fill("#individual-criteria", "\n".join(
        f"{code} | {name} | {points}" for code, name, points in CAMPAIGN["criteria"]))
    for level, points in (("HTXS", "90"), ("HTT", "75"), ("HT", "50")):
        admin.page.fill(f"#individual-{level}", points)
    admin.page.fill("#signer_name", "Nguyễn Thị Thiện")
    admin.page.fill("#signer_position", "Chủ tịch")
    admin.shot("campaign-form", guide="admin-campaign")
    admin.click("#save-campaign")
    assert f"Đã phát động phong trào theo Kế hoạch số {CAMPAIGN['number']}." in admin.text()
    tour.state["campaign_id"] = admin.page.url.rstrip("/").rsplit("/", 1)[1]

    admin.click(admin.page.locator("nav.site-nav a", has_text="Đơn vị"))
    admin.page.fill("#code", UNIT["code"])
    admin.page.fill("#name", UNIT["name"])
    admin.page.fill("#parent_code", UNIT["parent"])
    admin.page.select_option("#sector", label="Giáo dục")
    admin.shot("unit-form", guide="admin-unit")
    admin.click("main form button[type=submit]")
    assert f"{UNIT['name']} ({UNIT['code']}" in admin.text()

    admin.click(admin.page.locator("nav.site-nav a", has_text="Cá nhân"))
    template = admin.download("#people-template", "mau-danh-sach.xlsx")
    assert load_workbook(template).active.max_row >= 1
    admin.click("#new-person")
    admin.page.fill("#full_name", PERSON["name"])
    admin.choose("#unit_code", UNIT["name"])
    admin.page.fill("#position", PERSON["position"])
    admin.page.select_option("#sex", label="Nữ")
    admin.shot("person-form", guide="admin-people")
    admin.click("#person-form button[type=submit]")
    assert f"Đã thêm {PERSON['name']} vào {UNIT['name']}." in admin.text()

    admin.click(admin.page.locator("nav.site-nav a", has_text="Tài khoản"))
    admin.page.fill("#username", CLERK["username"])
    admin.page.fill("#full_name", CLERK["name"])
    admin.page.select_option("#role", label="Cán bộ thi đua đơn vị")
    admin.page.fill("#unit_code", UNIT["code"])
    admin.page.fill("#password", CLERK["password"])
    admin.shot("account-form", guide="admin-account")
    admin.click(admin.page.locator("main form", has=admin.page.locator("#username"))
                .locator("button[type=submit]"))
    assert CLERK["username"] in admin.text()
    admin.close()


def clerk_registers(tour: Tour) -> None:
    """(2) The new clerk registers the person, self-assesses this week, then corrects a
    score typed wrong before the reviewer has seen it."""
    campaign = tour.state["campaign_id"]
    clerk = tour.walker("2-clerk", CLERK["username"], CLERK["password"])
    clerk.shot("home", guide="clerk-home")
    item = clerk.page.locator("main li", has_text=CAMPAIGN["number"])
    clerk.click(item.get_by_role("link", name="Đăng ký thi đua"))
    if clerk.page.locator("#subject_kind").count():
        clerk.page.select_option("#subject_kind", label="Cá nhân")
        clerk.click(clerk.page.locator("form", has=clerk.page.locator("#subject_kind"))
                    .locator("button[type=submit]"))
    clerk.choose("#subject_id", PERSON["name"])
    clerk.page.fill("#pledge", "Giảng dạy đủ giờ, không vi phạm kỷ luật lao động.")
    clerk.shot("register", guide="clerk-register")
    clerk.click(clerk.page.locator("form", has=clerk.page.locator("#pledge"))
                .locator("button[type=submit]"))
    assert "Đã ghi nhận đăng ký thi đua." in clerk.text()

    week = week_of(date.today())
    open_card(clerk, campaign, PERSON["name"], week)
    clerk.page.fill("#score_CN1", "40")
    clerk.page.fill("#score_CN2", "5")  # meant 50
    clerk.shot("self-assess", guide="clerk-score")
    clerk.click(clerk.page.get_by_role("button", name="Ghi điểm"))
    assert "Đã ghi nhận điểm." in clerk.text()
    # The standings it lands on show the card as saved: its own total, waiting for review.
    row = clerk.page.locator("main tbody tr", has_text=PERSON["name"])
    assert "Chờ duyệt" in row.inner_text() and "tự chấm 45" in row.inner_text()
    open_card(clerk, campaign, PERSON["name"], week)
    assert clerk.page.input_value("#score_CN2") == "5"
    clerk.page.fill("#score_CN2", "50")
    clerk.click(clerk.page.get_by_role("button", name="Ghi điểm"))
    assert "Đã ghi nhận điểm." in clerk.text()
    assert "tự chấm 90" in clerk.page.locator("main tbody tr", has_text=PERSON["name"]
                                              ).inner_text()
    clerk.shot("fixed", guide="clerk-fixed")
    tour.state["week"] = week
    clerk.close()


def open_card(walker: Any, campaign: str, subject: str, period: str) -> None:
    """The score page of one card: the subject and the period picked, the card opened."""
    walker.goto(f"/campaigns/{campaign}/score")
    walker.choose("#subject_id", subject)
    walker.choose("#period", period_words(period))
    walker.click(walker.page.locator("form", has=walker.page.locator("#period"))
                 .locator("button[type=submit]"))


def reviewer_corrects(tour: Tour) -> None:
    """(3) The reviewer finds the card on the home page, reviews it, then corrects one
    score with the reason."""
    campaign, week = tour.state["campaign_id"], tour.state["week"]
    reviewer = tour.walker("3-reviewer", "reviewer")
    row = reviewer.page.locator("main tr", has_text=PERSON["name"])
    reviewer.shot("home", guide="reviewer-home")
    reviewer.click(row.get_by_role("link", name="Chấm duyệt"))
    assert reviewer.page.input_value("#score_CN2") == "50"
    reviewer.page.fill("#score_CN2", "48")
    reviewer.shot("review", guide="reviewer-review")
    reviewer.click(reviewer.page.get_by_role("button", name="Ghi điểm"))
    assert "Đã ghi nhận điểm." in reviewer.text()

    open_card(reviewer, campaign, PERSON["name"], week)
    assert "Đính chính" in reviewer.text()
    reviewer.page.fill("#score_CN2", "55")
    reviewer.page.fill("#reason", "Bổ sung điểm dự giờ thao giảng cấp trường đã được "
                                  "xác nhận sau khi chấm duyệt.")
    reviewer.shot("correction", guide="reviewer-correction")
    reviewer.click(reviewer.page.get_by_role("button", name="Ghi điểm"))
    assert "Đã ghi nhận điểm." in reviewer.text()
    reviewer.close()


def standings_and_replay(tour: Tour) -> None:
    """(4) The standings with the corrected total and the chart, the .xlsx, and the replay
    at a moment before the correction showing the reviewed total."""
    week = tour.state["week"]
    clerk = tour.walker("4-standings", CLERK["username"], CLERK["password"])
    item = clerk.page.locator("main li", has_text=CAMPAIGN["number"])
    clerk.click(item.get_by_role("link", name="Bảng xếp hạng"))
    clerk.choose("select[name=period]", period_words(week))
    clerk.page.select_option("select[name=subject_kind]", label="Cá nhân")
    clerk.click(clerk.page.get_by_role("button", name="Xem"))
    row = clerk.page.locator("main tbody tr", has_text=PERSON["name"])
    assert "95" in row.inner_text().split()  # 40 + 55 after the correction
    chart = clerk.page.locator("figure.chart img")
    assert PERSON["name"] in (chart.get_attribute("alt") or "")
    assert clerk.page.evaluate("i => i.complete && i.naturalWidth > 0", chart.element_handle())
    clerk.shot("standings", guide="clerk-standings")
    workbook = clerk.download(clerk.page.get_by_role("link", name="Tải bảng .xlsx"),
                              "xep-hang.xlsx")
    assert PERSON["name"] in str([c.value for r in load_workbook(workbook).active.iter_rows()
                                  for c in r])
    # The replay before the correction: the page offers the corrections of the period as
    # moments to go back to.
    clerk.page.locator("details summary", has_text="đính chính").click()
    offered = clerk.page.locator("details li", has_text="Bổ sung điểm dự giờ")
    assert PERSON["name"] in offered.inner_text()
    # Which criterion it changed and who made it, beside the moment (issue 14).
    reviewer = demo_user("reviewer")
    assert "tiêu chí CN2" in offered.inner_text()
    assert (reviewer.get("full_name") or reviewer["username"]) in offered.inner_text()
    clerk.click(offered.get_by_role("link"))
    assert "xem lại tại" in clerk.text()
    row = clerk.page.locator("main tbody tr", has_text=PERSON["name"])
    assert "88" in row.inner_text().split()  # 40 + 48 as reviewed
    clerk.shot("replay", guide="clerk-replay")
    clerk.close()


def clerk_nominates_secretary_returns(tour: Tour) -> None:
    """(5) The clerk nominates a school for the Bằng khen of the demo's campaign, the
    secretary returns it with what is missing, the clerk completes and resubmits it."""
    clerk = tour.walker("5-nomination", "unit_clerk")
    item = clerk.page.locator("main li", has_text=DEMO_NUMBER)
    clerk.click(item.get_by_role("link", name="Hồ sơ đề nghị khen thưởng"))
    clerk.choose("#subject_id", NOMINEE)
    clerk.choose("#award", "Bằng khen")
    clerk.page.fill("#summary", "Đơn vị dẫn đầu khối trường học về văn hóa công sở năm 2025.")
    clerk.page.fill("#staff_total", "40")
    clerk.page.fill("#staff_women", "26")
    clerk.shot("nominate", guide="clerk-nominate")
    clerk.click(clerk.page.locator("#nominate button[type=submit]"))
    clerk.click(clerk.page.locator("main a", has_text=NOMINEE).first)
    nomination = clerk.page.url
    tour.state["nomination"] = nomination

    secretary = tour.walker("5-nomination", "secretary")
    secretary.goto(nomination)
    secretary.page.fill("#text-return", "Bổ sung số liệu kết quả chấm điểm năm 2025.")
    secretary.shot("return", guide="secretary-return")
    secretary.click(secretary.page.get_by_role("button", name="Trả lại"))
    assert "Trả lại" in secretary.text()
    secretary.close()

    clerk.goto("/")
    clerk.shot("home-returned")
    clerk.goto(nomination)
    assert "Bổ sung số liệu kết quả chấm điểm năm 2025." in clerk.text()
    clerk.page.fill("#text-resubmit", "Đơn vị dẫn đầu khối trường học về văn hóa công sở "
                                      "năm 2025; bình quân chấm điểm cả năm 92,5.")
    clerk.shot("resubmit", guide="clerk-resubmit")
    clerk.click(clerk.page.get_by_role("button", name="Gửi lại"))
    assert "chờ xét" in clerk.text()
    clerk.close()


MEMBERS = ("hoidong1", "hoidong2", "hoidong3")


def council_session(tour: Tour) -> None:
    """(6) The secretary convenes the council, takes attendance (one member away), opens the
    ballot; two members vote on their pages, the absent one's signed opinion is entered;
    the ballot is counted, the session concluded, the Biên bản and Tờ trình drawn up and
    downloaded."""
    secretary = tour.walker("6-council", "secretary")
    secretary.click(secretary.page.locator("nav.site-nav a", has_text="Hội đồng Thi đua"))
    secretary.page.select_option("#unit_code", "LDLD")
    secretary.page.fill("#title", "Phiên họp xét tặng Bằng khen năm 2025")
    for member in MEMBERS:
        secretary.page.check(f"#convene input[name=members][value={member}]")
    secretary.page.select_option("#chair", MEMBERS[0])
    secretary.shot("convene", guide="secretary-convene")
    secretary.click("#convene button[type=submit]")
    session = secretary.page.url
    for member in MEMBERS[:2]:
        secretary.page.check(f"#attendance input[value={member}]")
    secretary.click("#attendance button[type=submit]")
    secretary.choose("#nomination_id", NOMINEE)
    secretary.click("#open-ballot button[type=submit]")
    secretary.shot("session", guide="secretary-session")

    for member in MEMBERS[:2]:
        voter = tour.walker("6-council", member)
        if member == MEMBERS[0]:
            voter.shot("member-home", guide="member-home")
        voter.click(voter.page.locator("main a", has_text=NOMINEE).first)
        voter.page.check("#vote input[name=choice] >> nth=0")  # the first choice: agree
        if member == MEMBERS[0]:
            voter.shot("ballot", guide="member-ballot")
        voter.click("#vote button[type=submit]")
        assert "Đã ghi nhận phiếu của bạn." in voter.text()
        voter.close()

    secretary.goto(session)
    secretary.click(secretary.page.locator("main a", has_text=NOMINEE).first)
    scan = tour.downloads / "y-kien-bang-van-ban.png"
    scan.write_bytes(secretary.page.screenshot())  # stands for the signed paper, scanned
    secretary.page.select_option("#member", MEMBERS[2])
    secretary.page.check("#written input[name=choice] >> nth=0")
    secretary.page.set_input_files("#file", str(scan))
    secretary.shot("written-opinion", guide="secretary-written")
    secretary.click("#written button[type=submit]")
    assert secretary.page.locator("#written-opinions li").count() == 1
    secretary.click("#close button[type=submit]")
    assert "Đạt" in secretary.text()
    secretary.goto(session)
    secretary.click("#conclude button[type=submit]")
    assert "Kết luận" in secretary.text()
    secretary.page.fill("#place", "Hội trường Liên đoàn Lao động tỉnh Lai Châu")
    secretary.page.fill("#chair_name", "Nguyễn Thị Thiện")
    secretary.page.fill("#secretary_name", "Lò Thị Hiên")
    secretary.click("#minutes button[type=submit]")
    secretary.page.fill("#addressee", "Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu")
    secretary.page.fill("#p_signer_name", "Nguyễn Thị Thiện")
    secretary.page.fill("#p_signer_position", "Chủ tịch Hội đồng")
    secretary.click("#proposal button[type=submit]")
    secretary.shot("papers", guide="secretary-papers")
    links = secretary.page.locator("main li", has_text="tải .docx")
    assert links.count() == 2
    for index, name in enumerate(("bien-ban.docx", "to-trinh.docx")):
        paper = secretary.download(links.nth(index).get_by_role("link"), name)
        assert check_docx(paper.read_bytes()) == [], name
    secretary.close()


def decision_and_history(tour: Tour) -> None:
    """(7) The secretary drafts the decision from the council's proposal, issues and
    downloads it; the school's award history is looked up and exported."""
    secretary = tour.walker("7-decision", "secretary")
    secretary.click(secretary.page.locator("nav.site-nav a", has_text="Quyết định khen thưởng"))
    secretary.choose("#campaign_id", DEMO_NUMBER)
    secretary.click(secretary.page.get_by_role("button", name="Chọn"))
    secretary.page.check(f"#draft label:has-text('{NOMINEE}') input")
    secretary.page.select_option("#issuer_unit_code", "LDLD")
    secretary.page.fill("#signer_name", "Nguyễn Thị Thiện")
    secretary.page.fill("#signer_position", "Chủ tịch")
    secretary.page.fill("#signer_authority", "TM. Ban Thường vụ")
    secretary.shot("draft", guide="secretary-decision-draft")
    secretary.click("#draft button[type=submit]")
    assert "Đã lập dự thảo quyết định." in secretary.text()
    secretary.click("#issue button[type=submit]")
    assert "Đã ban hành quyết định." in secretary.text()
    number = secretary.page.inner_text("h1").removeprefix("Quyết định số ").strip()
    secretary.shot("issued", guide="secretary-decision-issued")
    decision = secretary.download("#download", "quyet-dinh.docx")
    assert check_docx(decision.read_bytes()) == []
    tour.state["decision_file"] = decision

    secretary.click(secretary.page.locator("nav.site-nav a", has_text="Tra cứu khen thưởng"))
    secretary.choose("#unit_code", NOMINEE)
    secretary.click(secretary.page.get_by_role("button", name="Tra cứu"))
    assert number in secretary.page.locator("main tr", has_text=number).inner_text()
    secretary.shot("history", guide="secretary-history")
    listing = secretary.download("#download", "khen-thuong.xlsx")
    assert number in str([c.value for r in load_workbook(listing).active.iter_rows()
                          for c in r])
    # The same history by subject: the school's name opens its own list.
    secretary.click(secretary.page.locator("main td a", has_text=NOMINEE).first)
    assert f"Khen thưởng của {NOMINEE}" in secretary.text() and number in secretary.text()
    secretary.close()


def auditor_checks(tour: Tour) -> None:
    """(8) The auditor finds who corrected the score, reads that card's history and
    verifies the hash chain."""
    auditor = tour.walker("8-auditor", "auditor")
    auditor.click(auditor.page.locator("nav.site-nav a", has_text="Sổ sự kiện"))
    auditor.choose("select[name=event_type]", "Đính chính")
    auditor.choose("select[name=campaign_id]", CAMPAIGN["number"])
    auditor.click(auditor.page.get_by_role("button", name="Lọc"))
    row = auditor.page.locator("main tbody tr").first
    reviewer = demo_user("reviewer")
    assert (reviewer.get("full_name") or reviewer["username"]) in row.inner_text()
    auditor.shot("events", guide="auditor-events")
    auditor.click(row.locator("a").last)
    assert "Bổ sung điểm dự giờ thao giảng" in auditor.text()
    auditor.shot("history", guide="auditor-history")
    # The card as it was after the correction: labelled fields, values in words (issue 14).
    auditor.click(auditor.page.locator("main a", has_text="Trạng thái sau bước này").last)
    state = auditor.page.inner_text("main table.state")
    assert "Điểm duyệt" in state and "CN2: 55" in state and "{" not in state
    auditor.shot("state")
    auditor.click(auditor.page.locator("nav.site-nav a", has_text="Kiểm tra chuỗi băm"))
    assert "Chuỗi băm khớp" in auditor.text()
    auditor.shot("verify", guide="auditor-verify")
    auditor.close()


def auditor_verifies_a_file(tour: Tour) -> None:
    """(8) The decision downloaded in (7) checked on the documents page."""
    auditor = tour.walker("8-auditor", "auditor")
    auditor.click(auditor.page.locator("nav.site-nav a", has_text="Văn bản đã phát hành"))
    auditor.page.set_input_files("input[name=file]", str(tour.state["decision_file"]))
    auditor.click(auditor.page.get_by_role("button", name="Xác minh"))
    assert "Biểu mẫu không hợp lệ" not in auditor.text()
    assert "đúng" in auditor.text().lower()
    auditor.shot("document-verified", guide="auditor-document")
    auditor.close()
