"""The award flow on SQLite and PostgreSQL: stored, reopened, projected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.config import Settings
from services.projections.awards import AwardsProjection
from services.projections.runner import catch_up, open_view, rebuild
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    approve,
    build_world,
    decide,
    nominate,
)
from tests.support.stores import AppFactory


def test_nomination_to_decision_survives_a_reopen_and_feeds_the_views(
        store_settings: Settings, open_app: AppFactory) -> None:
    app = open_app(store_settings, clock=lambda: AWARDS_TODAY)
    world = build_world(app, members=3, schools=2, others=1)
    school = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    person = nominate(world, "individual", "huong", "cstdcs", route="hang_nam")["id"]
    session = approve(world, [school, person])
    first = decide(world, "bang_khen_tinh", [school], issued_on=date(2026, 8, 1))
    second = decide(world, "cstdcs", [person], issued_on=date(2026, 8, 1))

    # Reopen: every value comes back with its type (dates, Decimals, UUIDs).
    reopened = open_app(store_settings, clock=lambda: AWARDS_TODAY)
    decision = reopened.decisions.get_decision(first["id"])
    assert decision["number"] == "01/QĐ-LĐLĐ" and decision["issued_on"] == date(2026, 8, 1)
    assert decision["recipients"][0]["prize"] == Decimal(7_590_000)  # 3,0 × 2.530.000
    assert reopened.decisions.get_decision(second["id"])["number"] == "02/QĐ-LĐLĐ"
    concluded = reopened.council.get_session(session)
    assert [r["selected"] for r in concluded["results"]] == [True, True]
    ballot = reopened.council.get_ballot(reopened.nominations.get_nomination(person)["ballot_id"])
    assert ballot["secret"] and ballot["result"]["yes"] == 3 and "choices" not in ballot

    projection = AwardsProjection()
    catch_up(app.store, projection, open_view(app.store, projection))
    reader = app.awards
    assert reader.nominations(world.campaign)["counts"] == {"awarded": 2}
    rows = reader.history(unit_code="CDCS-GD1")["rows"]
    assert sorted((r["award"], r["prize"]) for r in rows) == [
        ("bang_khen_tinh", 7_590_000), ("cstdcs", 2_530_000)]
    usage = reader.quota_usage(world.campaign, wait_for=app.store.last_position())
    assert usage["stale"] is False and usage["quotas"][0]["reserved"][0]["used"] == 1

    # A rebuild from position 0 gives the same rows.
    rebuilt = app.awards
    rebuild(app.store, projection)
    assert rebuilt.history(unit_code="CDCS-GD1")["rows"] == rows
    reopened.decisions.revoke_decision(first["id"], reason="Sai đối tượng", actor=SECRETARY)
    catch_up(app.store, projection, open_view(app.store, projection))
    statuses = {r["award"]: r["status"] for r in reader.history(unit_code="CDCS-GD1")["rows"]}
    assert statuses == {"bang_khen_tinh": "revoked", "cstdcs": "active"}
