"""A card self-assessed and waiting for review shows its own total in the standings (issue
14: after saving, the clerk saw a blank total and could not tell the card was saved)."""

from __future__ import annotations

from decimal import Decimal

from services.actors import SYSTEM
from tests.support.projections import project_all
from tests.support.scenarios import REVIEWER, seed


def test_a_pending_card_carries_its_self_assessed_total(memory_app) -> None:
    data = seed(memory_app)
    memory_app.campaigns.register(campaign_id=data["campaign"], subject_kind="collective",
                                  subject_id=data["school"], actor=SYSTEM)
    memory_app.campaigns.post_scores(
        campaign_id=data["campaign"], subject_id=data["school"], period="2020-01",
        stage="self", scores={"TT1": 28, "TT2": "35,5", "TT3": 20}, actor=SYSTEM)
    project_all(memory_app)
    row = memory_app.standings.get(data["campaign"], "2020-01",
                                   subject_kind="collective")["rows"][0]
    assert row["status"] == "pending" and row["self_total"] == Decimal("83.5")
    memory_app.campaigns.post_scores(
        campaign_id=data["campaign"], subject_id=data["school"], period="2020-01",
        stage="review", scores={"TT1": 27, "TT2": 35, "TT3": 20}, actor=REVIEWER)
    project_all(memory_app)
    row = memory_app.standings.get(data["campaign"], "2020-01",
                                   subject_kind="collective")["rows"][0]
    assert row["status"] == "ranked" and row["self_total"] is None and row["total"] == 82
