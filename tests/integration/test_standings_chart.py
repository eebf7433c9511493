"""The standings page shows a chart drawn by pygal: an SVG of the ranked totals."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import pytest

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import browser_login
from tests.support.projections import project_all
from tests.support.standings_fixtures import build
from tests.support.stores import AppFactory


@pytest.fixture
def site(sqlite_settings: Settings, open_app: AppFactory) -> tuple[Any, dict[str, Any]]:
    """Five collectives with scores, projected; an auditor signed in."""
    app = open_app(sqlite_settings)
    ids = build(app)
    project_all(app)
    app.accounts.create_user(username="xem", password="mat-khau-dai", role="auditor", actor=SYSTEM)
    client = create_app(sqlite_settings, thidua=app).test_client()
    browser_login(client, "xem", "mat-khau-dai")
    return client, ids


def test_the_standings_page_embeds_an_svg_chart_of_the_ranked_totals(
        site: tuple[Any, dict[str, Any]]) -> None:
    client, ids = site
    query = "period=2020-01&subject_kind=collective"

    page = client.get(f"/campaigns/{ids['campaign']}/standings?{query}").get_data(as_text=True)
    image = re.search(r'<img src="([^"]+standings\.svg[^"]*)"\s+alt="([^"]+)"', page)
    assert image, page
    assert "1. Công đoàn Trường THPT chuyên Lê Quý Đôn 95 điểm" in image.group(2)

    response = client.get(image.group(1).replace("&amp;", "&"))
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "script" not in response.headers["Content-Security-Policy"]
    svg = response.get_data(as_text=True)
    ElementTree.fromstring(svg.encode())  # well-formed XML
    assert "<script" not in svg  # no pygal.js from a CDN
    # The period as people say it, not its code (issue 14).
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Tổng điểm tập thể — Tháng 01/2020" in labels
    assert not any("2020-01" in label for label in labels)
    assert "1. Công đoàn Trường THPT chuyên Lê Quý Đôn" in labels
    assert "95" in labels  # the printed value of the first bar
    # The self-assessed-only card (pending) has no bar.
    assert not any("Bệnh viện" in label for label in labels)


def test_a_period_without_reviewed_scores_draws_no_chart(
        site: tuple[Any, dict[str, Any]]) -> None:
    client, ids = site
    page = client.get(f"/campaigns/{ids['campaign']}/standings?period=2020-05"
                      "&subject_kind=collective").get_data(as_text=True)
    assert "standings.svg" not in page


