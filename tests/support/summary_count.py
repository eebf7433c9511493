"""The yearly summary's figures counted aggregate by aggregate, as the summary did before
it read the year summary view (issue 16): every campaign, registration, paper, dossier,
nomination and decision of the store loaded and filtered in Python. The tests hold the
view's figures equal to this count."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any
from uuid import UUID

from docgen.vietnamese import date_numeric
from events.campaign import Campaign
from events.decision import ISSUED, REVOKED, AwardDecision
from events.dossier import Dossier
from events.nomination import Nomination
from events.paper import Paper
from events.registration import Registration
from events.rules import INDIVIDUAL
from events.unit import Unit
from services.thidua import Thidua


def counted_figures(app: Thidua, unit: Unit, year: int) -> dict[str, Any]:
    """The summary's figures but the standings' leaders, from the aggregates."""
    store = app.store
    start, end = date(year, 1, 1), date(year, 12, 31)

    def inside(unit_id: UUID) -> bool:
        return unit.id in app.organisation.unit_ancestry(unit_id)

    campaigns = [c for c in store.all_of(Campaign, "Launched")
                 if inside(c.issuer_unit_id) and c.start <= end and c.end >= start]
    registered: dict[UUID, Counter[str]] = {c.id: Counter() for c in campaigns}
    for r in store.all_of(Registration, "Registered"):
        if r.campaign_id in registered and r.registered_on <= end:
            registered[r.campaign_id][r.subject_kind] += 1
    exemplars = sorted((p for p in store.all_of(Paper, "Issued")
                        if p.kind == "bao_cao_dien_hinh" and start <= p.issued_on <= end
                        and inside(p.issuer_unit_id)),
                       key=lambda p: (p.issued_on, p.created_on))
    dossiers = [d for d in store.all_of(Dossier, "Created")
                if inside(d.submitting_unit_id) and d.year == year]
    nominations = [n for n in store.all_of(Nomination, "Submitted")
                   if inside(n.unit_id) and n.year == year]
    decided = sorted((d for d in store.all_of(AwardDecision, "Drafted")
                      if d.status in (ISSUED, REVOKED) and d.issued_on is not None
                      and start <= d.issued_on <= end and inside(d.issuer_unit_id)),
                     key=lambda d: (d.issued_on, d.number))
    decisions = []
    for d in decided:
        if d.status == ISSUED:
            kinds = Counter(r["subject_kind"] for r in d.recipients)
            decisions.append({"number": f"{d.number} ngày {date_numeric(d.issued_on)}",
                              "award": d.award_name,
                              "collectives": sum(n for k, n in kinds.items()
                                                 if k != INDIVIDUAL),
                              "individuals": kinds[INDIVIDUAL]})
    return {
        "year": year,
        "campaigns": [{"movement": c.movement, "number": c.number or "",
                       "collectives": registered[c.id]["collective"],
                       "individuals": registered[c.id][INDIVIDUAL]} for c in campaigns],
        "exemplars": [{"number": p.number, "issued_on": p.issued_on, "title": p.title}
                      for p in exemplars],
        "dossiers": len(dossiers),
        "dossier_nominees": sum(len(d.nominees) for d in dossiers),
        "nominations": len(nominations),
        "decisions": decisions,
        "revoked": [d.number or "" for d in decided if d.status == REVOKED],
        "totals": {"collectives": sum(r["collectives"] for r in decisions),
                   "individuals": sum(r["individuals"] for r in decisions)},
    }
