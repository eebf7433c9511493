"""The yearly summary reads its figures from the year summary view (issue 16): they equal
a count over every aggregate of the store (``tests/support/summary_count.py``) on the
report year of ``tests/support/report_world.py`` (a revoked decision, collectives and
individuals, sub-units rolled up) with a campaign of the education branch revised before
its registrations, a dossier, and nominations of two achievement years, on SQLite and
PostgreSQL; a rebuild of the view gives the same figures."""

from __future__ import annotations

from datetime import date

import pytest

from events import ids
from events.errors import ConflictError
from services.actors import SYSTEM, Actor
from services.config import Settings
from services.projections.runner import rebuild
from services.projections.year_summary import YearSummaryProjection
from tests.support.awards_world import UNION_BANG_KHEN
from tests.support.projections import project_all
from tests.support.report_world import REPORT_YEAR, build_report_world
from tests.support.scenarios import campaign_data
from tests.support.stores import AppFactory
from tests.support.summary_count import counted_figures

UNITS = ("LDLD", "CDN-GD", "CDCS-GD1", "CDCS-GD2", "CDCS-HC2", "CDCS-YT")


def test_view_figures_equal_a_count_of_the_aggregates(store_settings: Settings,
                                                      open_app: AppFactory) -> None:
    app = open_app(store_settings)
    world = build_report_world(app).world
    campaign = app.campaigns.create_campaign(campaign_data(
        code="GD-2026", number="05/KH-CĐN", issuer_unit_code="CDN-GD",
        title="Phát động phong trào thi đua “Dạy tốt, học tốt” năm 2026",
        start="2026-01-05", end="2026-12-31", registration_deadline="2026-03-31"),
        actor=SYSTEM)["id"]
    # Revised before anyone registered: the view takes the new number and movement.
    app.campaigns.revise_campaign(campaign, campaign_data(
        code="GD-2026", number="07/KH-CĐN", issuer_unit_code="CDN-GD",
        title="Phát động phong trào thi đua “Giỏi việc trường, đảm việc nhà” năm 2026",
        start="2026-01-05", end="2026-12-31", registration_deadline="2026-03-31"),
        actor=SYSTEM)
    for kind, subject, day in (("collective", world.units["GD1"], date(2026, 1, 20)),
                               ("collective", world.units["GD2"], date(2026, 2, 3)),
                               ("individual", world.people["huong"], date(2026, 2, 10))):
        app.campaigns.register(campaign_id=campaign, subject_kind=kind, subject_id=subject,
                               actor=SYSTEM, on=day)
    clerk = Actor(username="vanthu-truong1", role="unit_clerk",
                  unit_id=ids.unit_id("CDCS-GD1"))
    app.accounts.create_user(username="vanthu-truong1", password="mat-khau-dai",
                             role="unit_clerk", unit_code="CDCS-GD1",
                             full_name="Văn thư Trường số 1", actor=SYSTEM)
    app.dossiers.create_dossier(
        campaign_id=campaign, award=UNION_BANG_KHEN["code"], basis="hang_nam",
        year=REPORT_YEAR, nominees=[{"subject_kind": "individual",
                                     "subject_id": world.people["huong"],
                                     "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2026."}],
        actor=clerk)
    app.nominations.submit_nomination(
        campaign_id=campaign, subject_kind="collective", subject_id=world.units["GD2"],
        award=UNION_BANG_KHEN["code"], year=REPORT_YEAR, route="phong_trao",
        summary="Dẫn đầu phong trào năm 2026.", actor=SYSTEM)
    project_all(app)

    def both(code: str, year: int) -> tuple[dict[str, object], dict[str, object]]:
        unit = app.organisation.get_unit_by_code(code)
        seen = app.summaries.figures(unit, year, strict=True)
        assert not seen["stale"]
        return ({k: v for k, v in seen.items() if k not in ("leaders", "stale")},
                counted_figures(app, unit, year))

    shown = {}
    for year in (REPORT_YEAR - 1, REPORT_YEAR):
        for code in UNITS:
            shown[code, year], counted = both(code, year)
            assert shown[code, year] == counted, (code, year)
    # What the fixture year holds, so that the equality is not of two empty summaries.
    whole = shown["LDLD", REPORT_YEAR]
    assert len(whole["decisions"]) == 5 and len(whole["revoked"]) == 1
    assert whole["totals"] == {"collectives": 5, "individuals": 2}
    assert whole["campaigns"] == [{"movement": "Giỏi việc trường, đảm việc nhà",
                                   "number": "07/KH-CĐN", "collectives": 2,
                                   "individuals": 1}]
    assert (whole["dossiers"], whole["dossier_nominees"], whole["nominations"]) == (1, 1, 1)
    assert shown["CDN-GD", REPORT_YEAR]["campaigns"] == whole["campaigns"]
    assert shown["CDCS-GD1", REPORT_YEAR]["campaigns"] == []
    assert shown["LDLD", REPORT_YEAR - 1]["nominations"] > 5

    # A rebuild of the view (as `thidua projections rebuild year_summary`) reads the same.
    rebuild(app.store, YearSummaryProjection())
    for (code, year), before in shown.items():
        assert both(code, year)[0] == before, (code, year)


def test_a_summary_waits_for_its_view(sqlite_settings: Settings,
                                      open_app: AppFactory) -> None:
    """Issuing needs the view at the head of the log: behind it, the summary is refused
    (409) and nothing is numbered; the preview says it is stale."""
    app = open_app(sqlite_settings, clock=lambda: date(REPORT_YEAR, 12, 20))
    build_report_world(app)
    app.store.clock = lambda: date(REPORT_YEAR, 12, 20)
    project_all(app)
    sections = {"situation": ["a"], "assessment": ["b"], "directions": ["c"]}
    draft = app.summaries.draft(year=REPORT_YEAR, unit_code="LDLD", sections=sections,
                                actor=SYSTEM)
    behind = app.summaries.get_summary(draft["id"], SYSTEM,
                                       wait_for=app.store.last_position())
    assert behind["figures"]["stale"]
    with pytest.raises(ConflictError) as refused:
        app.summaries.issue(draft["id"], signer={"name": "Nguyễn Thị Thiện",
                                                 "position": "Chủ tịch"}, actor=SYSTEM)
    assert refused.value.field == "summary_id"
    assert app.summaries.get_summary(draft["id"], SYSTEM)["status"] == "draft"
    project_all(app)
    issued = app.summaries.issue(draft["id"], signer={"name": "Nguyễn Thị Thiện",
                                                      "position": "Chủ tịch"}, actor=SYSTEM)
    assert issued["number"].startswith("01/BC-")
