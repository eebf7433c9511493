"""The work lists of the home pages: scorecards to review (filtered, newest first, paged),
periods a unit has not yet self-assessed, dossiers and nominations sent back, nominations
waiting for the council."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from events.campaign import Campaign
from events.dossier import RETURNED as DOSSIER_RETURNED
from events.dossier import Dossier
from events.nomination import RETURNED, SUBMITTED, Nomination
from events.periods import parse_period
from events.registration import Registration
from services.actors import Actor, allowed
from services.app import ThiduaApplication
from services.formatting import periods_between
from services.projections.log import dashed
from services.projections.runner import current_view
from services.projections.standings import StandingsProjection, from_cp
from services.usecases.organisation import Organisation

PER_PAGE = 20
RECENT_PERIODS = 4  # the periods a clerk's card lists: the last ones already begun
NAMES_SHOWN = 6


@dataclass(frozen=True)
class ReviewFilter:
    campaign_id: str | None = None
    unit_id: str | None = None
    page: int = 1


def _hex(value: str | None) -> str | None:
    try:
        return UUID(value).hex if value else None
    except ValueError:
        return None


@dataclass
class WorkLists:
    app: ThiduaApplication
    organisation: Organisation

    def reviews(self, actor: Actor, chosen: ReviewFilter,
                wait_for: int | None = None) -> dict[str, Any]:
        """Self-assessed scorecards waiting for a review in the actor's scope, newest
        period first, of one campaign and one unit when chosen, a page at a time."""
        if not allowed(actor, "scores.review"):
            return {"rows": [], "total": 0, "page": 1, "pages": 1}
        view, _ = current_view(self.app, StandingsProjection(), wait_for)
        t = view.table_name
        where, params = ["c.status = 'pending'"], []
        for column, value in (("campaign_id", _hex(chosen.campaign_id)),
                              ("unit_id", _hex(chosen.unit_id))):
            if value:
                where.append(f"c.{column} = ?")
                params.append(value)
        rows = view.fetchall(
            f"""SELECT c.campaign_id, c.subject_id, c.period, c.subject_kind, c.unit_id,
                       c.self_cp, s.name AS subject_name, u.name AS unit_name
                FROM {t('scorecards')} c
                LEFT JOIN {t('subjects')} s ON s.subject_id = c.subject_id
                LEFT JOIN {t('subjects')} u ON u.subject_id = c.unit_id
                WHERE {' AND '.join(where)}
                ORDER BY c.period_start DESC, s.name""", params)
        found = [{"campaign_id": dashed(r["campaign_id"]), "subject_id": dashed(r["subject_id"]),
                  "period": r["period"], "subject_kind": r["subject_kind"],
                  "unit_id": dashed(r["unit_id"]), "subject_name": r["subject_name"],
                  "unit_name": r["unit_name"], "self_total": from_cp(r["self_cp"])}
                 for r in rows]
        found = [r for r in found if self.organisation.in_scope(actor, UUID(r["unit_id"]))]
        pages = max(1, -(-len(found) // PER_PAGE))
        page = min(max(chosen.page, 1), pages)
        return {"rows": found[(page - 1) * PER_PAGE:page * PER_PAGE], "total": len(found),
                "page": page, "pages": pages}

    def unassessed(self, actor: Actor, today: date) -> list[dict[str, Any]]:
        """For each campaign and kind, its last periods already begun, with the registered
        subjects of the actor's scope that have no self-assessment for them yet."""
        if not allowed(actor, "scores.self"):
            return []
        view, _ = current_view(self.app, StandingsProjection())
        t = view.table_name
        cards: dict[tuple[str, str], set[str]] = {}
        for r in view.fetchall(f"SELECT campaign_id, period, subject_id FROM {t('scorecards')} "
                               "WHERE status <> 'open'"):
            cards.setdefault((dashed(r["campaign_id"]), r["period"]), set()).add(
                dashed(r["subject_id"]))
        registered: dict[tuple[str, str], list[Registration]] = {}
        for registration in self.app.all_of(Registration, "Registered"):
            if self.organisation.in_scope(actor, registration.unit_id):
                key = (str(registration.campaign_id), registration.subject_kind)
                registered.setdefault(key, []).append(registration)
        names = {u["id"]: u["name"] for u in self.organisation.list_units()}
        names.update({p["id"]: p["full_name"] for p in self.organisation.list_people()})
        found = []
        for campaign in self.app.all_of(Campaign, "Launched"):
            if campaign.start > today:
                continue
            for track in campaign.tracks:
                subjects = registered.get((str(campaign.id), track["subject_kind"]), [])
                if not subjects:
                    continue
                recent = periods_between(track["cadence"], campaign.start,
                                         min(today, campaign.end))[:RECENT_PERIODS]
                for label, words in recent:
                    done = cards.get((str(campaign.id), label), set())
                    missing = sorted((names.get(str(r.subject_id), str(r.subject_id)),
                                      str(r.subject_id))
                                     for r in subjects if str(r.subject_id) not in done)
                    if missing:
                        found.append({
                            "campaign_id": str(campaign.id), "campaign": campaign.number,
                            "period": label, "period_name": words,
                            "ends": parse_period(label).end, "count": len(missing),
                            "subjects": [{"name": n, "id": i}
                                         for n, i in missing[:NAMES_SHOWN]]})
        return found

    def returned(self, actor: Actor) -> list[dict[str, Any]]:
        """Dossiers and nominations sent back to the actor's units, to fix and resend."""
        if not allowed(actor, "nominations.submit") and not allowed(actor, "dossiers.submit"):
            return []
        found = []
        for dossier in self.app.all_of(Dossier, "Created"):
            if dossier.status == DOSSIER_RETURNED and dossier.tier == 0 \
                    and self.organisation.in_scope(actor, dossier.submitting_unit_id):
                last = dossier.returns[-1] if dossier.returns else {}
                found.append({"kind": "dossier", "id": str(dossier.id),
                              "title": f"Hồ sơ đề nghị {dossier.entry.name}",
                              "reason": last.get("reason", "")})
        for nomination in self.app.all_of(Nomination, "Submitted"):
            if nomination.status == RETURNED \
                    and self.organisation.in_scope(actor, nomination.unit_id):
                found.append({"kind": "nomination", "id": str(nomination.id),
                              "title": f"{nomination.subject_name} — {nomination.award_name}",
                              "reason": nomination.reason})
        return found

    def waiting_for_council(self, actor: Actor) -> list[dict[str, Any]]:
        """Nominations submitted and not yet put before a council session."""
        if not allowed(actor, "council.manage"):
            return []
        return [{"id": str(n.id), "subject_name": n.subject_name, "award_name": n.award_name,
                 "campaign_id": str(n.campaign_id)}
                for n in self.app.all_of(Nomination, "Submitted") if n.status == SUBMITTED]
