"""What the score and standings pages offer to pick rather than have typed: a campaign's
periods as people say them ("Tuần 03 (13/01–19/01/2020)", "Tháng 03/2020", "Quý 1/2020"),
and the corrections recorded in a period as moments to replay the standings before."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from services.formatting import moment, period, periods_between
from services.web.pages.common import bp, thidua

CADENCE_NAMES = {"weekly": "Hằng tuần", "monthly": "Hằng tháng"}


def _field(campaign: Any, name: str) -> Any:
    return campaign[name] if isinstance(campaign, dict) else getattr(campaign, name)


def _until(campaign: Any) -> tuple[date, date]:
    start, end = _field(campaign, "start"), _field(campaign, "end")
    start, end = (date.fromisoformat(d) if isinstance(d, str) else d for d in (start, end))
    return start, max(start, min(end, date.today()))


@bp.app_template_global()
def scoring_periods(campaign: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods a campaign's cards are scored for, from its start up to today, newest
    first, under the name of their cadence."""
    start, until = _until(campaign)
    cadences = dict.fromkeys(track["cadence"] for track in _field(campaign, "tracks"))
    return [(CADENCE_NAMES[c], periods_between(c, start, until))
            for c in cadences if c in CADENCE_NAMES]


@bp.app_template_global()
def standings_periods(campaign: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The scoring periods, then the quarters, halves and years the standings add up."""
    start, until = _until(campaign)
    years = range(until.year, start.year - 1, -1)
    quarters = [f"{y}-Q{q}" for y in years for q in (4, 3, 2, 1)
                if date(y, 3 * q - 2, 1) <= until and date(y, 3 * q, 28) >= start]
    halves = [f"{y}-H{h}" for y in years for h in (2, 1)
              if date(y, 6 * h - 5, 1) <= until and date(y, 6 * h, 28) >= start]
    return [*scoring_periods(campaign),
            ("Quý", [(q, period(q)) for q in quarters]),
            ("6 tháng", [(h, period(h)) for h in halves]),
            ("Năm", [(str(y), period(str(y))) for y in years])]


@bp.app_template_global()
def recorded_corrections(campaign_id: str, result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The corrections of the cards the standings show, newest first, each with the moment
    just before it (``before``, for the replay's ``as_of``)."""
    if not result:
        return []
    found = thidua().standings.corrections(
        campaign_id, result["period"], [row["subject_id"] for row in result["rows"]])
    minutes = Counter(moment(c["at"]) for c in found)
    for c in found:
        # Two corrections in the same minute would read alike: then the seconds tell them
        # apart; who made it and which criteria it changed are said beside it anyway.
        c["when"] = moment(c["at"], seconds=minutes[moment(c["at"])] > 1)
        c["by"] = thidua().accounts.display_name(c["actor"]) if c.get("actor") else ""
    return found
