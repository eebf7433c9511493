"""Every projection of thidua, in one list: the worker, `db init`, rebuilds and `/readyz`
take them from here, so no projection module imports the runner back."""

from __future__ import annotations

from services.audit.chain import ChainProjection
from services.audit.index import AuditIndexProjection
from services.projections.awards import AwardsProjection
from services.projections.reports import ReportsProjection
from services.projections.runner import Projection
from services.projections.standings import StandingsProjection
from services.projections.year_summary import YearSummaryProjection


def all_projections() -> list[Projection]:
    return [StandingsProjection(), ChainProjection(), AuditIndexProjection(), AwardsProjection(),
            ReportsProjection(), YearSummaryProjection()]


def projection_named(name: str) -> Projection:
    for projection in all_projections():
        if projection.view == name:
            return projection
    known = ", ".join(p.view for p in all_projections())
    raise KeyError(f"no projection {name!r} (known: {known})")
