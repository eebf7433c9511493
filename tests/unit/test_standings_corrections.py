"""The corrections the standings page offers as moments to replay (issue 14 friction):
those of the period's cards shown, newest first, each with the moment just before it."""

from __future__ import annotations

from datetime import datetime

from services.actors import SYSTEM
from services.queries.standings import parse_as_of
from tests.support.projections import project_all
from tests.support.scenarios import REVIEWER, seed


def test_the_corrections_of_the_period_with_the_moment_before_each(memory_app) -> None:
    data = seed(memory_app)
    memory_app.campaigns.register(campaign_id=data["campaign"], subject_kind="collective",
                                  subject_id=data["school"], actor=SYSTEM)
    for period, reason in (("2020-01", "Sai số liệu tháng 1"), ("2020-02", "Sai tháng 2")):
        for stage, scores in (("self", {"TT1": 28, "TT2": 35, "TT3": 20}),
                              ("review", {"TT1": 27, "TT2": 35, "TT3": 20})):
            memory_app.campaigns.post_scores(
                campaign_id=data["campaign"], subject_id=data["school"], period=period,
                stage=stage, scores=scores, actor=REVIEWER if stage == "review" else SYSTEM)
        memory_app.campaigns.post_scores(
            campaign_id=data["campaign"], subject_id=data["school"], period=period,
            stage="correction", scores={"TT2": 30}, reason=reason, actor=REVIEWER)

    project_all(memory_app)
    found = memory_app.standings.corrections(data["campaign"], "2020-01", [data["school"]])
    assert [c["reason"] for c in found] == ["Sai số liệu tháng 1"]
    assert found[0]["subject_id"] == str(data["school"]) and found[0]["actor"] == REVIEWER.username
    before = parse_as_of(found[0]["before"])
    assert before < found[0]["at"] and (found[0]["at"] - before).total_seconds() < 1
    replay = memory_app.standings.get(data["campaign"], "2020-01",
                                      subject_kind="collective", as_of=found[0]["before"])
    now = memory_app.standings.get(data["campaign"], "2020-01", subject_kind="collective")
    assert replay["rows"][0]["total"] != now["rows"][0]["total"]
    assert memory_app.standings.corrections(data["campaign"], "2020-01", []) == []
    assert isinstance(found[0]["at"], datetime)
