"""The award pages over HTTP: a clerk nominates, the secretary returns and the clerk
resubmits, the council votes, the secretary concludes, drafts and issues the decision and
downloads it — with errors beside their fields, double submissions recorded once and
each user kept to their own units and role.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from docgen.checker import check_docx
from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import browser_login, worker_running
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    World,
    approve,
    build_world,
    convene,
    decide,
    nominate,
    signed_form,
)
from tests.support.documents import text_of
from tests.support.stores import AppFactory

PASSWORD = "mat-khau-dai"
# Slow on purpose: a page that did not wait for its own write would miss it.
WORKER_POLL = 0.5


@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    """The award world behind the web app, with the projection worker running beside it
    (pages read their own writes: they wait for the worker to reach them)."""
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=2)
    app.accounts.create_user(username="thuky", password=PASSWORD, role="secretary", actor=SYSTEM)
    app.accounts.create_user(username="vanthu-gd", password=PASSWORD, role="unit_clerk",
                             unit_code="CDCS-GD1", actor=SYSTEM)
    flask_app = create_app(sqlite_settings, thidua=app)
    with worker_running(app, poll_interval=WORKER_POLL):
        yield {"app": app, "world": world, "flask": flask_app}


def client_for(site: dict[str, Any], username: str) -> Any:
    client = site["flask"].test_client()
    assert browser_login(client, username, PASSWORD).status_code == 302
    return client


def fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|idempotency_key)" value="([^"]+)"', html))


def post_form(client: Any, page: str, path: str | None = None, **data: Any) -> Any:
    """Load ``page`` for its CSRF token and idempotency key, then post ``data``."""
    html = client.get(page).get_data(as_text=True)
    return client.post(path or page, data={**fields(html), **data})


def location_id(response: Any) -> str:
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_nomination_to_downloaded_decision_through_the_pages(site: dict[str, Any]) -> None:
    app, world = site["app"], site["world"]
    campaign = world.campaign
    clerk = client_for(site, "vanthu-gd")
    board = f"/campaigns/{campaign}/nominations?subject_kind=collective"
    page = clerk.get(board).get_data(as_text=True)
    assert world.units["GD1"] in page and world.units["HC1"] not in page  # own units only

    # A missing summary is shown beside its field, with the choices kept.
    response = post_form(clerk, board, subject_kind="collective",
                         subject_id=world.units["GD1"], award="bang_khen_tinh", year="2025",
                         route="phong_trao", summary="")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    error = re.search(r'id="summary-error"[^>]*>([^<]+)<', html)
    assert error and error.group(1) == "Trường «Tóm tắt thành tích» không được để trống.", html
    assert 'value="bang_khen_tinh" selected' in html
    response = post_form(clerk, board, subject_kind="collective",
                         subject_id=world.units["GD1"], award="bang_khen_tinh", year="2025",
                         route="phong_trao", summary="Tiêu biểu trong văn hóa công sở.")
    assert response.status_code == 302
    # The board is a projected view; the page waits until the worker has the clerk's write.
    page = clerk.get(board).get_data(as_text=True)
    assert "Công đoàn Trường số 1" in page and "Đã gửi, chờ xét" in page
    nomination = re.search(r'/nominations/([0-9a-f-]{36})"', page).group(1)

    # The secretary returns it; the clerk resubmits.
    secretary = client_for(site, "thuky")
    detail = f"/nominations/{nomination}"
    assert post_form(secretary, detail, action="return",
                     text="Bổ sung báo cáo thành tích").status_code == 302
    assert "Trả lại để bổ sung" in clerk.get(detail).get_data(as_text=True)
    assert post_form(clerk, detail, action="resubmit", text="").status_code == 302

    # The secretary convenes the council, takes attendance and opens a ballot.
    response = post_form(secretary, "/councils", unit_code="LDLD",
                         title="Phiên họp xét khen thưởng năm 2025",
                         held_on="2025-11-20", members=world.members, chair=world.chair)
    assert response.status_code == 302, response.get_data(as_text=True)
    session = location_id(response)
    council = f"/councils/{session}"
    assert post_form(secretary, council, f"{council}/attendance",
                     present=world.members).status_code == 302
    assert post_form(secretary, council, f"{council}/ballots",
                     nomination_id=nomination).status_code == 302
    ballot = re.search(r'/ballots/([0-9a-f-]{36})"',
                       secretary.get(council).get_data(as_text=True)).group(1)

    # Each member finds the ballot on the home page and votes; a double click counts once.
    for member in world.members:
        voter = client_for(site, member)
        assert f"/ballots/{ballot}" in voter.get("/").get_data(as_text=True)
        html = voter.get(f"/ballots/{ballot}").get_data(as_text=True)
        # Bằng khen follows the council's default share, which is not confirmed (U).
        assert "quy định chưa được xác nhận" in html and "/awards/settings" in html
        data = {**fields(html), "choice": "dong_y"}
        assert voter.post(f"/ballots/{ballot}", data=data).status_code == 302
        before = app.store.event_count()
        assert voter.post(f"/ballots/{ballot}", data=data).status_code == 302
        assert app.store.event_count() == before
        assert "Bạn đã bỏ phiếu" in voter.get(f"/ballots/{ballot}").get_data(as_text=True)
        assert f"/ballots/{ballot}" not in voter.get("/").get_data(as_text=True)

    assert post_form(secretary, f"/ballots/{ballot}",
                     f"/ballots/{ballot}/close").status_code == 302
    assert post_form(secretary, council, f"{council}/conclude").status_code == 302
    assert post_form(secretary, council, f"{council}/minutes", started_at="08:00",
                     ended_at="09:30", place="Hội trường", chair_name="Nguyễn Thị Thiện",
                     chair_position="Chủ tịch Hội đồng", secretary_name="Lò Thị Hiên",
                     secretary_position="Thư ký Hội đồng").status_code == 302
    html = secretary.get(council).get_data(as_text=True)
    assert "01/BB-HĐTĐKT" in html
    paper = re.search(r'/papers/([0-9a-f-]{36})/document.docx', html).group(1)
    assert secretary.get(f"/papers/{paper}/document.docx").status_code == 200

    # The secretary drafts, issues and downloads the decision.
    response = post_form(secretary, f"/decisions?campaign_id={campaign}", "/decisions",
                         campaign_id=campaign, nomination_ids=[nomination],
                         issuer_unit_code="LDLD", signer_name="Nguyễn Thị Thiện",
                         signer_position="Chủ tịch", signer_authority="TM. Ban Thường vụ")
    assert response.status_code == 302, response.get_data(as_text=True)
    decision = location_id(response)
    assert post_form(secretary, f"/decisions/{decision}", f"/decisions/{decision}/issue",
                     issued_on="2026-08-01").status_code == 302
    html = secretary.get(f"/decisions/{decision}").get_data(as_text=True)
    assert "01/QĐ-LĐLĐ" in html and "7.590.000" in html
    download = secretary.get(f"/decisions/{decision}/document.docx")
    assert download.status_code == 200 and check_docx(download.data) == []
    text = text_of(download.data)
    assert "Số: 01/QĐ-LĐLĐ" in text and "ngày 01 tháng 8 năm 2026" in text

    # The tra cứu page and the quota table show the award — to the clerk, whose session
    # has not written it, once the worker has it (?wait_for= asks the page to wait).
    issued_at = app.store.last_position()
    html = clerk.get(f"/awards/history?unit_code=CDCS-GD1&wait_for={issued_at}"
                     ).get_data(as_text=True)
    row = re.search(r'<tr><td>2025</td><td><a href="/awards/history\?subject_id=[0-9a-f-]+">'
                    r"Công đoàn Trường số 1</a></td>.*?</tr>", html, re.S)
    assert row and "01/QĐ-LĐLĐ" in row.group(0) and "7.590.000" in row.group(0)
    assert "<td>01/08/2026</td>" in row.group(0)
    download = clerk.get(f"/awards/history.xlsx?unit_code=CDCS-GD1&wait_for={issued_at}")
    assert download.status_code == 200
    assert "khen-thuong-CDCS-GD1.xlsx" in download.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(download.data)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][0] == "DANH SÁCH KHEN THƯỞNG — CÔNG ĐOÀN TRƯỜNG SỐ 1"
    assert cells[3][:7] == ("STT", "Năm", "Tập thể, cá nhân", "Danh hiệu, hình thức",
                            "Số quyết định", "Ngày quyết định", "Tiền thưởng (đồng)")
    assert cells[4][:7] == (1, 2025, "Công đoàn Trường số 1", "Bằng khen cấp bộ, ngành, tỉnh",
                            "01/QĐ-LĐLĐ", "01/08/2026", 7590000)
    assert cells[-1][2].startswith("Tổng cộng") and cells[-1][6] == 7590000
    html = clerk.get(f"/campaigns/{campaign}/nominations?wait_for={issued_at}"
                     ).get_data(as_text=True)
    assert "ngành Giáo dục: 1/4" in html and "Đã có quyết định khen thưởng" in html


def test_a_clerk_may_not_nominate_outside_its_units(site: dict[str, Any]) -> None:
    app, world = site["app"], site["world"]
    clerk = client_for(site, "vanthu-gd")
    before = app.store.event_count()
    response = post_form(clerk, f"/campaigns/{world.campaign}/nominations",
                         subject_kind="collective", subject_id=world.units["HC1"],
                         award="bang_khen_tinh", year="2025", route="phong_trao",
                         summary="Không thuộc đơn vị của mình.")
    assert response.status_code == 403
    assert app.store.event_count() == before


def test_a_member_absent_from_the_session_cannot_vote_in_person(site: dict[str, Any]) -> None:
    world: World = site["world"]
    service = world.app
    nomination = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    session = convene(world, present=world.members[:2], held_on=date(2025, 11, 20))
    ballot = service.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)["id"]
    absent = client_for(site, world.members[2])
    html = absent.get(f"/ballots/{ballot}").get_data(as_text=True)
    assert 'id="vote"' not in html  # no voting form for an absent member
    before = site["app"].store.event_count()
    response = absent.post(f"/ballots/{ballot}", data={**fields(html), "choice": "dong_y"})
    assert response.status_code == 400 and "vắng mặt" in response.get_data(as_text=True)
    assert site["app"].store.event_count() == before


def test_an_admin_sets_the_quorum_and_caps_of_an_organisation_on_its_page(
        site: dict[str, Any]) -> None:
    """Quy định riêng (NĐ 152/2025 Đ6: each organisation sets its own caps): the page shows
    the default quorum until one is set; errors sit beside the row typed; a double click
    records once; other roles read the settings and cannot change them."""
    app = site["app"]
    app.accounts.create_user(username="quantri", password=PASSWORD, role="admin", actor=SYSTEM)
    admin = client_for(site, "quantri")
    page = "/awards/settings?unit_code=LDLD"
    html = admin.get(page).get_data(as_text=True)
    assert "ít nhất 2/3 tổng số thành viên" in html and "Không giới hạn số danh hiệu" in html

    # Row 1 left blank, row 2 with a word for a percentage: the error names row 2.
    before = app.store.event_count()
    response = post_form(admin, page, "/awards/settings", unit_code="LDLD",
                         quorum_numerator="3", quorum_denominator="4",
                         **{"caps-0-award": "", "caps-0-percent": "", "caps-0-of_award": "",
                            "caps-1-award": "cstdcs", "caps-1-percent": "mười lăm",
                            "caps-1-of_award": "ldtt"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and app.store.event_count() == before
    error = re.search(r'id="caps-1-percent-error"[^>]*>([^<]+)<', html)
    assert error and error.group(1).startswith(
        "Trường «Giới hạn: tỷ lệ (%), dòng 2» phải là một tỷ lệ phần trăm"), html
    assert 'value="mười lăm"' in html and 'value="3"' in html  # input kept

    response = post_form(admin, page, "/awards/settings", unit_code="LDLD",
                         quorum_numerator="ba", quorum_denominator="4")
    error = re.search(r'id="quorum_numerator-error"[^>]*>([^<]+)<',
                      response.get_data(as_text=True))
    assert response.status_code == 400 and error
    assert error.group(1) == ("Trường «Tỷ lệ dự họp tối thiểu (tử số)» phải là số nguyên "
                              "dương.")

    # An own vote rule with a share over 100 %: the error names its row as typed.
    response = post_form(admin, page, "/awards/settings", unit_code="LDLD",
                         quorum_numerator="3", quorum_denominator="4",
                         **{"council-0-award": "", "council-0-percent": "",
                            "council-0-secret": "on", "council-1-award": "cstdcs",
                            "council-1-percent": "120"})
    error = re.search(r'id="council-1-percent-error"[^>]*>([^<]+)<',
                      response.get_data(as_text=True))
    assert response.status_code == 400 and app.store.event_count() == before
    assert error and error.group(1) == ("Trường «Quy định bỏ phiếu: tỷ lệ đồng ý (%), dòng 2» "
                                        "phải trong khoảng (0, 100] %.")

    html = admin.get(page).get_data(as_text=True)
    assert "chưa được xác nhận" in html  # the law's NĐ 152 rows are U
    data = {**fields(html), "unit_code": "LDLD", "quorum_numerator": "3",
            "quorum_denominator": "4", "caps-0-award": "cstdcs", "caps-0-percent": "15",
            "caps-0-of_award": "ldtt", "caps-1-award": "", "caps-1-percent": "",
            "caps-1-of_award": "", "council-0-award": "cstdcs", "council-0-percent": "75",
            "council-0-secret": "on", "council-1-award": "bang_khen_tinh",
            "council-1-percent": "66,67", "council-2-award": "", "council-2-percent": ""}
    assert admin.post("/awards/settings", data=data).status_code == 302
    stored = app.store.event_count()
    assert admin.post("/awards/settings", data=data).status_code == 302  # a double click
    assert app.store.event_count() == stored
    stored_settings = app.settings.settings_of("LDLD")
    assert stored_settings["quorum"] == {"numerator": 3, "denominator": 4}
    assert [(r["award"], r["percent"], r["secret"]) for r in stored_settings["council"]] == [
        ("cstdcs", 75, True), ("bang_khen_tinh", Decimal("66.67"), False)]
    html = admin.get(page).get_data(as_text=True)
    assert 'id="council-1-percent" name="council-1-percent" value="66,67"' in html
    assert "Bằng khen cấp bộ, ngành, tỉnh: từ 66,67 % tổng số thành viên Hội đồng đồng ý, " \
        "biểu quyết" in html
    assert re.search(r'id="council-0-secret" name="council-0-secret"\s+checked', html)

    clerk = client_for(site, "vanthu-gd")
    html = clerk.get(page).get_data(as_text=True)
    assert "ít nhất 3/4 tổng số thành viên" in html
    assert "Chiến sĩ thi đua cơ sở không quá 15 % số Lao động tiên tiến" in html
    assert 'id="settings"' not in html  # no form to change them
    before = app.store.event_count()
    response = clerk.post("/awards/settings", data={**fields(html), "unit_code": "LDLD",
                                                    "quorum_numerator": "1",
                                                    "quorum_denominator": "2"})
    assert response.status_code == 403 and app.store.event_count() == before


def test_a_decision_under_unconfirmed_prize_coefficients_says_so(site: dict[str, Any]) -> None:
    """LEGAL: a U figure is said in the UI. NĐ 98/2023's coefficients (before 01/07/2025)
    are recorded unconfirmed: the decision page marks them before anyone signs."""
    world: World = site["world"]
    nomination = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    approve(world, [nomination], held_on=date(2025, 6, 10))
    early = decide(world, "bang_khen_tinh", [nomination], issued_on=date(2025, 6, 20))
    html = client_for(site, "thuky").get(f"/decisions/{early['id']}").get_data(as_text=True)
    assert "(chưa xác nhận)" in html and "chưa được xác nhận" in html
    later = nominate(world, "collective", "GD2", "bang_khen_tinh")["id"]
    approve(world, [later])
    issued = decide(world, "bang_khen_tinh", [later])  # 2026: NĐ 152, confirmed enough (M)
    html = client_for(site, "thuky").get(f"/decisions/{issued['id']}").get_data(as_text=True)
    assert "chưa xác nhận" not in html
    # From 01/10/2026 an amending law reported by one source (U) is in force: the tables do
    # not follow it, and the page says so before anyone signs.
    last = nominate(world, "collective", "HC1", "bang_khen_tinh")["id"]
    approve(world, [last])
    autumn = decide(world, "bang_khen_tinh", [last], issued_on=date(2026, 10, 15))
    html = client_for(site, "thuky").get(f"/decisions/{autumn['id']}").get_data(as_text=True)
    assert "«Luật sửa đổi, bổ sung Luật Thi đua, khen thưởng» có hiệu lực từ 01/10/2026" \
        in html and "chưa phản ánh thay đổi của văn bản này" in html
    assert "theo một nguồn đưa tin, chưa đối chiếu văn bản," in html


def test_a_clerk_declares_the_women_among_a_collectives_members_on_the_dossier(
        site: dict[str, Any]) -> None:
    """The women-first rule at a tie (NĐ 152/2025, nguyên tắc khen thưởng) needs what the
    dossier declares: bad counts are shown beside their field; an amendment corrects them."""
    app, world = site["app"], site["world"]
    clerk = client_for(site, "vanthu-gd")
    board = f"/campaigns/{world.campaign}/nominations?subject_kind=collective"
    base = {"subject_kind": "collective", "subject_id": world.units["GD1"],
            "award": "bang_khen_tinh", "year": "2025", "route": "phong_trao",
            "summary": "Tiêu biểu trong văn hóa công sở."}
    before = app.store.event_count()
    response = post_form(clerk, board, **base, staff_total="30", staff_women="31")
    html = response.get_data(as_text=True)
    error = re.search(r'id="staff_women-error"[^>]*>([^<]+)<', html)
    assert response.status_code == 400 and app.store.event_count() == before
    assert error and error.group(1) == "Số nữ không được lớn hơn tổng số thành viên."
    assert 'value="31"' in html
    response = post_form(clerk, board, **base, staff_total="ba mươi", staff_women="21")
    error = re.search(r'id="staff_total-error"[^>]*>([^<]+)<', response.get_data(as_text=True))
    assert error and error.group(1).startswith("Trường «Tổng số thành viên» phải là số nguyên")

    assert post_form(clerk, board, **base, staff_total="30", staff_women="20").status_code == 302
    page = clerk.get(board).get_data(as_text=True)
    nomination = re.search(r'/nominations/([0-9a-f-]{36})"', page).group(1)
    detail = f"/nominations/{nomination}"
    html = clerk.get(detail).get_data(as_text=True)
    assert "20/30 thành viên là nữ" in html and 'id="staff_women" name="staff_women" value="20"' \
        in html
    assert post_form(clerk, detail, action="amend", text="Bổ sung số liệu nữ.",
                     staff_total="30", staff_women="21").status_code == 302
    assert "21/30 thành viên là nữ" in clerk.get(detail).get_data(as_text=True)
    assert post_form(clerk, detail, action="amend", text="Không khai số liệu nữ.",
                     staff_total="", staff_women="").status_code == 302
    html = clerk.get(detail).get_data(as_text=True)
    assert "thành viên là nữ" not in html and 'name="staff_total" value=""' in html


def test_a_secret_ballot_page_takes_one_vote_and_the_written_opinions_of_absent_members(
        site: dict[str, Any]) -> None:
    """The page asks the council whether the member has voted and who is still awaited in
    writing; the ballot itself names no voter."""
    world: World = site["world"]
    service, app = world.app, site["app"]
    nomination = nominate(world, "individual", "huong", "cstdcs", route="hang_nam")["id"]
    session = convene(world, present=world.members[:2], held_on=date(2025, 11, 20))
    ballot = service.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)["id"]
    page = f"/ballots/{ballot}"
    member = client_for(site, world.members[0])
    html = member.get(page).get_data(as_text=True)
    assert "Bỏ phiếu kín" in html and 'id="vote"' in html and 'id="written"' not in html
    data = {**fields(html), "choice": "dong_y"}
    assert member.post(page, data=data).status_code == 302
    before = app.store.event_count()
    assert member.post(page, data=data).status_code == 302  # a double click counts once
    assert app.store.event_count() == before
    html = member.get(page).get_data(as_text=True)
    assert "Bạn đã bỏ phiếu cho hồ sơ này." in html and 'id="vote"' not in html
    assert "Đã bỏ phiếu: 1/3" in html
    # Another vote, with a fresh key, is refused: one vote per member.
    response = member.post(page, data={**fields(member.get(page).get_data(as_text=True)),
                                       "choice": "khong_dong_y"})
    assert response.status_code == 400 and "đã bỏ phiếu" in response.get_data(as_text=True)

    secretary = client_for(site, "thuky")
    html = secretary.get(page).get_data(as_text=True)
    absent = world.members[2]
    assert f'<option value="{absent}">' in html
    assert not [m for m in world.members[:2] if f'value="{m}"' in html]
    assert post_form(secretary, page, member=absent, choice="dong_y",
                     file=(BytesIO(signed_form(absent)), "phieu.pdf")).status_code == 302
    html = secretary.get(page).get_data(as_text=True)
    assert 'id="written"' not in html and "Đã bỏ phiếu: 2/3" in html
    assert "(trong đó 1 ý kiến bằng văn bản)" in html
    # The secretary's page lists the written opinion beside its signed form (evidence the
    # council and auditors read); it names no member who voted in person.
    assert not [m for m in world.members[:2] if m in html], "the page names no voter"
    assert f"/ballots/{ballot}/written/{absent}/scan" in html
    html = member.get(page).get_data(as_text=True)  # it names its own reader only
    assert not [m for m in world.members[1:] if m in html], "a member's page names no voter"
    before = app.store.event_count()
    response = post_form(secretary, page, member=absent, choice="khong_dong_y",
                         file=(BytesIO(signed_form(absent)), "phieu.pdf"))
    assert response.status_code == 400 and "đã bỏ phiếu" in response.get_data(as_text=True)
    assert app.store.event_count() == before


def test_a_returned_dossier_has_one_summary_box_and_sends_what_was_completed(
        site: dict[str, Any]) -> None:
    """Issue 14: a returned dossier showed two summary boxes (resubmit and amend); now one
    form completes it (summary and counts) and sends it again."""
    app, world = site["app"], site["world"]
    clerk = client_for(site, "vanthu-gd")
    board = f"/campaigns/{world.campaign}/nominations?subject_kind=collective"
    assert post_form(clerk, board, subject_kind="collective", subject_id=world.units["GD1"],
                     award="bang_khen_tinh", year="2025", route="phong_trao",
                     summary="Tiêu biểu trong văn hóa công sở.").status_code == 302
    nomination = re.search(r'/nominations/([0-9a-f-]{36})"',
                           clerk.get(board).get_data(as_text=True)).group(1)
    detail = f"/nominations/{nomination}"
    assert post_form(client_for(site, "thuky"), detail, action="return",
                     text="Bổ sung số thành viên nữ").status_code == 302

    html = clerk.get(detail).get_data(as_text=True)
    assert html.count('id="text-resubmit"') == 1 and 'id="text-amend"' not in html
    assert ">Tiêu biểu trong văn hóa công sở.</textarea>" in html  # the summary to complete
    response = post_form(clerk, detail, action="resubmit", completed="1",
                         text="Tiêu biểu trong văn hóa công sở; 30/40 thành viên là nữ.",
                         staff_total="40", staff_women="30")
    assert response.status_code == 302, response.get_data(as_text=True)
    sent = app.nominations.get_nomination(nomination)
    assert sent["status"] == "submitted"
    assert sent["summary"] == "Tiêu biểu trong văn hóa công sở; 30/40 thành viên là nữ."
    assert sent["women"] == {"total": 40, "women": 30}
