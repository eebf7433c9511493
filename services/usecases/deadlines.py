"""Due dates of dossiers (hạn gửi hồ sơ) and the board of who is late.

Per campaign and tier, the day the dossiers of the units right below the tier are due
there; a unit counts as having sent when a dossier of the campaign from its branch has come
up to the tier (a dossier returned below the tier must be sent again). Per campaign, the
day of the month before which each unit right below the campaign's issuer sends its list
of exemplars (services/usecases/exemplar_lists.py). The board lists, for one campaign, each
tier's units that sent on time, late, or not yet (late, or with the days left), the
monthly lists of one month the same way, and the dossiers waiting at each tier with the
days since they came there. "Today" is the application's clock or the day passed in.

Who sets a due date: an admin, or a clerk of the tier's unit or a unit above it (the
campaign's issuer is above every tier of its campaign); the monthly day: an admin or a
clerk of the campaign's issuer. Who reads the board: everyone signed in; a unit-scoped
account sees the tiers on its own branch, only its own branch's units there, and only the
dossiers it may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from events.campaign import Campaign
from events.dossier import ACCEPTED, DRAFT, FORWARDED, RETURNED, SUBMITTED, WITHDRAWN, Dossier
from events.dossier_schedule import DossierSchedule, check_monthly_day, monthly_due
from events.errors import InvalidInputError
from events.exemplar_list import ExemplarList
from events.periods import Period, parse_period
from events.unit import Unit
from events.values import VIETNAM, parse_date
from services.actors import Actor, check_allowed, is_unit_scoped
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.campaigns import Campaigns
from services.usecases.dossiers import Dossiers
from services.usecases.organisation import Organisation

BUSY = "Lịch hạn gửi hồ sơ đang được người khác cập nhật; vui lòng thử lại."
WAITING = (SUBMITTED, FORWARDED, RETURNED)
LATE_AFTER_END = timedelta(days=366)  # a due date may fall in the year after the campaign


def month_of(value: object, field: str = "month") -> Period:
    """A month label (``2026-03``)."""
    period = parse_period(value, field)
    if period.kind != "month":
        raise InvalidInputError(f"«{value}» không phải một tháng (dạng 2026-03).", field)
    return period


def standing(sent_on: date | None, sent: bool, due: date, today: date) -> dict[str, Any]:
    """Where one unit stands against a due date, in words and figures."""
    if sent:
        if sent_on is None:
            return {"state": "sent", "words": "Đã gửi", "days": None, "sent_on": None}
        late = (sent_on - due).days
        return {"state": "sent_late" if late > 0 else "sent",
                "words": f"Gửi muộn {late} ngày" if late > 0 else "Đã gửi đúng hạn",
                "days": max(late, 0), "sent_on": sent_on.isoformat()}
    if today > due:
        days = (today - due).days
        return {"state": "late", "words": f"Quá hạn {days} ngày, chưa gửi", "days": days,
                "sent_on": None}
    days = (due - today).days
    return {"state": "due",
            "words": f"Chưa gửi, còn {days} ngày" if days else "Chưa gửi, hạn là hôm nay",
            "days": days, "sent_on": None}


@dataclass
class Deadlines:
    """Setting due dates and reading who is late."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    dossiers: Dossiers

    def schedule(self, campaign: Campaign) -> DossierSchedule | None:
        return self.app.find(DossierSchedule, DossierSchedule.create_id(campaign.id))

    def _change(self, campaign: Campaign, actor: Actor, command: str, key: str | None,
                change: Any) -> dict[str, Any]:
        def attempt(_: int) -> tuple[list[Any], DossierSchedule]:
            schedule = self.schedule(campaign) or DossierSchedule(
                campaign_id=campaign.id, actor=actor.username)
            change(schedule)
            return [schedule], schedule

        self.runner.run(attempt, actor=actor, command=command, key=key,
                        earlier=lambda _: None, busy=BUSY, field="campaign_id")
        return self.schedule_dict(campaign)

    def set_deadline(self, *, campaign_id: object, tier_unit_code: object, due: object,
                     actor: Actor, on: date | None = None,
                     idempotency_key: str | None = None) -> dict[str, Any]:
        """The day the dossiers of the units right below the tier are due there."""
        check_allowed(actor, "dossiers.submit")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        tier = self.organisation.get_unit_by_code(
            tier_unit_code if isinstance(tier_unit_code, str) else None, "tier_unit_code")
        self.organisation.check_scope(actor, tier.id)
        if campaign.issuer_unit_id not in self.organisation.unit_ancestry(tier.id):
            issuer = self.organisation.get_unit(campaign.issuer_unit_id)
            raise InvalidInputError(
                f"«{tier.name}» không thuộc hệ thống của {issuer.name} (đơn vị phát động "
                "phong trào): không đặt hạn gửi hồ sơ cho phong trào này.", "tier_unit_code")
        if not self._children(tier.id):
            raise InvalidInputError(f"«{tier.name}» không có đơn vị cấp dưới gửi hồ sơ lên.",
                                    "tier_unit_code")
        day = parse_date(due, "due", earliest=campaign.start,
                         latest=campaign.end + LATE_AFTER_END)
        today = on or self.app.clock()
        return self._change(campaign, actor, "deadlines.set", idempotency_key,
                            lambda s: s.set_deadline(tier.id, day, tier.name, today,
                                                     actor.username))

    def set_monthly_day(self, *, campaign_id: object, day: object, actor: Actor,
                        on: date | None = None,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        """The day of the month before which each unit sends its list of exemplars."""
        check_allowed(actor, "dossiers.submit")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        self.organisation.check_scope(actor, campaign.issuer_unit_id)
        checked = check_monthly_day(day)
        today = on or self.app.clock()
        return self._change(campaign, actor, "deadlines.monthly", idempotency_key,
                            lambda s: s.set_monthly_day(checked, today, actor.username))

    def schedule_dict(self, campaign: Campaign) -> dict[str, Any]:
        schedule = self.schedule(campaign)
        deadlines = schedule.deadlines if schedule else {}
        rows = []
        for unit_id, due in deadlines.items():
            unit = self.organisation.get_unit(UUID(unit_id))
            rows.append({"tier_unit_code": unit.code, "tier_unit_name": unit.name,
                         "due": due.isoformat()})
        return {"campaign_id": str(campaign.id), "deadlines": rows,
                "monthly_day": schedule.monthly_day if schedule else None}

    # --- the board ------------------------------------------------------------------------

    def _children(self, unit_id: UUID) -> list[Unit]:
        return self._children_by_parent().get(unit_id, [])

    def _children_by_parent(self) -> dict[UUID | None, list[Unit]]:
        """Every unit's units right below it, by name: the units read once."""
        found: dict[UUID | None, list[Unit]] = {}
        for unit in self.app.all_of(Unit, "Registered"):
            found.setdefault(unit.parent_id, []).append(unit)
        for units in found.values():
            units.sort(key=lambda u: u.name.casefold())
        return found

    def _on_branch(self, actor: Actor, unit_id: UUID) -> bool:
        """The unit is the actor's own, above it or below it (always, for roles not tied to
        a unit)."""
        if not is_unit_scoped(actor):
            return True
        if actor.unit_id is None:
            return False
        return actor.unit_id in self.organisation.unit_ancestry(unit_id) or \
            unit_id in self.organisation.unit_ancestry(actor.unit_id)

    def board(self, campaign_id: object, *, actor: Actor, month: object = None,
              tier_unit_code: str | None = None, on: date | None = None) -> dict[str, Any]:
        """Who has not sent by the due dates, and what waits where, as of ``on``."""
        campaign = self.campaigns.get_campaign(str(campaign_id))
        only = self.organisation.get_unit_by_code(tier_unit_code, "tier_unit_code").id \
            if tier_unit_code else None
        today = on or self.app.clock()
        schedule = self.schedule(campaign)
        deadlines = {UUID(k): v for k, v in (schedule.deadlines if schedule else {}).items()}
        dossiers = [d for d in self.app.all_of(Dossier, "Created")
                    if d.campaign_id == campaign.id and d.status not in (DRAFT, WITHDRAWN)]
        waiting: dict[UUID, list[Dossier]] = {}
        for dossier in dossiers:
            if dossier.status in WAITING and self.dossiers.may_read(actor, dossier):
                waiting.setdefault(dossier.tier_unit_id, []).append(dossier)
        tiers = [t for t in dict.fromkeys([*deadlines, *waiting])
                 if (only is None or t == only) and self._on_branch(actor, t)]
        children = self._children_by_parent() if deadlines else {}
        came_up = self._came_up_by(dossiers)
        rows = [self._tier(actor, t, deadlines.get(t), children.get(t, []), came_up,
                           waiting.get(t, []), today) for t in tiers]
        rows.sort(key=lambda r: (r["depth"], r["tier_unit_name"].casefold()))
        return {"campaign_id": str(campaign.id), "campaign_number": campaign.number,
                "campaign_title": campaign.title, "today": today.isoformat(), "tiers": rows,
                "monthly": self._monthly(actor, campaign, schedule, month, today)}

    def _tier(self, actor: Actor, tier_id: UUID, due: date | None, children: list[Unit],
              came_up: dict[tuple[UUID, UUID], list[Dossier]], waiting: list[Dossier],
              today: date) -> dict[str, Any]:
        tier = self.organisation.get_unit(tier_id)
        units = []
        if due is not None:
            for child in children:
                if not self._on_branch(actor, child.id):
                    continue
                came = came_up.get((child.id, tier_id), [])
                days = [d.reached.get(str(tier_id)) for d in came]
                known = [d for d in days if d is not None]
                state = standing(min(known) if known else None, bool(came), due, today)
                units.append({"unit_code": child.code, "unit_name": child.name,
                              "dossiers": len(came), **state})
        return {
            "tier_unit_code": tier.code, "tier_unit_name": tier.name,
            "depth": len(self.organisation.unit_ancestry(tier_id)),
            "due": due.isoformat() if due else None, "units": units,
            "late": sum(u["state"] == "late" for u in units),
            "waiting": [self._waiting(d, today) for d in
                        sorted(waiting, key=lambda d: self._arrived(d))],
        }

    @staticmethod
    def _came_up_by(dossiers: list[Dossier]) -> dict[tuple[UUID, UUID], list[Dossier]]:
        """By (unit, tier right above it): the dossiers that come from the unit's branch
        and are now at that tier or above, found in one pass over the dossiers."""
        found: dict[tuple[UUID, UUID], list[Dossier]] = {}
        for dossier in dossiers:
            route = dossier.route
            for below, unit_id in enumerate(route[:-1]):
                if route.index(unit_id) != below:
                    continue  # a unit twice on a route counts where it first stands
                if dossier.status == ACCEPTED or dossier.tier > below:
                    found.setdefault((unit_id, route[below + 1]), []).append(dossier)
        return found

    @staticmethod
    def _arrived(dossier: Dossier) -> date:
        """The day it came to its tier (moves recorded before moves carried their day: the
        day of its last change)."""
        return dossier.arrived_on or dossier.modified_on.astimezone(VIETNAM).date()

    def _waiting(self, dossier: Dossier, today: date) -> dict[str, Any]:
        submitter = self.organisation.get_unit(dossier.submitting_unit_id)
        arrived = self._arrived(dossier)
        return {"dossier_id": str(dossier.id), "submitting_unit_name": submitter.name,
                "award_name": dossier.entry.name, "status": dossier.status,
                "nominees": len(dossier.nominees), "arrived_on": arrived.isoformat(),
                "days": max((today - arrived).days, 0)}

    def _monthly(self, actor: Actor, campaign: Campaign, schedule: DossierSchedule | None,
                 month: object, today: date) -> dict[str, Any] | None:
        if schedule is None or schedule.monthly_day is None:
            return None
        span = month_of(month) if month else month_of(f"{today:%Y-%m}")
        due = monthly_due(span.start.year, span.start.month, schedule.monthly_day)
        units = []
        for child in self._children(campaign.issuer_unit_id):
            if not self._on_branch(actor, child.id):
                continue
            found = self.app.find(ExemplarList,
                                  ExemplarList.create_id(campaign.id, child.id, span.label))
            state = standing(found.first_sent_on if found else None, found is not None, due,
                             today)
            units.append({"unit_code": child.code, "unit_name": child.name,
                          "entries": len(found.entries) if found else 0,
                          "list_id": str(found.id) if found else None, **state})
        return {"month": span.label, "day": schedule.monthly_day, "due": due.isoformat(),
                "issuer_unit_name": self.organisation.get_unit(campaign.issuer_unit_id).name,
                "units": units, "late": sum(u["state"] == "late" for u in units)}
