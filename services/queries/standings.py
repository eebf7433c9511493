"""Reading standings: live from the view, or replayed to a past position or time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from events import ids
from events.errors import InvalidInputError
from events.values import VIETNAM
from services.app import ThiduaApplication
from services.audit.index import AuditIndexProjection, EventQuery, query_index, scan_log
from services.projections.log import NotificationLog
from services.projections.runner import current_view, open_view, replay
from services.projections.standings import StandingsProjection, resolve_query, standings
from services.queries.workbooks import standings_workbook
from services.usecases.campaigns import Campaigns

MAX_LIMIT = 100_000


def parse_as_of(value: object) -> datetime:
    """A date means the end of that day in Vietnam; a naive time is Vietnam time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time.max)
    else:
        text = str(value).strip()
        try:
            moment = (datetime.combine(date.fromisoformat(text), time.max) if len(text) == 10
                      else datetime.fromisoformat(text))
        except ValueError:
            raise InvalidInputError(
                f"Thời điểm «{value}» không hợp lệ (ví dụ 2020-06-30 hoặc "
                "2020-06-30T17:00:00+07:00).", "as_of") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


@dataclass
class StandingsReader:
    """The standings use case, shared by the API, the pages and the export."""

    app: ThiduaApplication
    campaigns: Campaigns
    projection: StandingsProjection = field(default_factory=StandingsProjection)

    def get(self, campaign_id: str, period: str, *, subject_kind: str | None = None,
            as_of: object = None, position: int | None = None,
            wait_for: int | None = None, limit: int | None = None,
            offset: int = 0) -> dict[str, Any]:
        campaign = self.campaigns.get_campaign(campaign_id)
        query = resolve_query(campaign, period, subject_kind)
        if as_of is not None and position is not None:
            raise InvalidInputError("Chỉ dùng một trong hai: as_of hoặc position.", "as_of")
        if position is not None and position < 0:
            raise InvalidInputError("Vị trí phải là số không âm.", "position")
        if limit is not None and not 1 <= limit <= MAX_LIMIT:
            raise InvalidInputError(f"Số dòng mỗi trang phải từ 1 đến {MAX_LIMIT}.", "limit")
        if offset < 0:
            raise InvalidInputError("Vị trí bắt đầu phải là số không âm.", "offset")
        if as_of is not None or position is not None:
            moment = parse_as_of(as_of) if as_of is not None else None
            store = replay(self.app, self.projection, position=position, as_of=moment)
            try:
                result = standings(store, campaign, query, limit=limit, offset=offset)
                result["position"] = store.max_tracking_id(self.app.name) or 0
            finally:
                store.datastore.close()
            result.update(as_of=moment, replayed=True, stale=False)
            return result
        store, stale = current_view(self.app, self.projection, wait_for)
        with store.reading():  # one transaction for the page, the count and the position
            result = standings(store, campaign, query, limit=limit, offset=offset)
            result.update(position=store.max_tracking_id(self.app.name) or 0, as_of=None,
                          replayed=False, stale=stale)
        return result

    def corrections(self, campaign_id: str, period: str, subjects: list[Any] | None = None,
                    most: int = 20) -> list[dict[str, Any]]:
        """The corrections recorded on the cards of ``subjects`` (ids) for a campaign's
        scoring period, newest first: when, whose card, why, and the moment just before it
        (where the replay shows the standings as they were before that correction)."""
        campaign = self.campaigns.get_campaign(campaign_id)
        subjects = subjects if subjects is not None else []
        cards = {ids.scorecard_id(campaign.id, UUID(str(s)), period).hex for s in subjects}
        q = EventQuery(event_type="Scorecard.Corrected", campaign_id=campaign.id.hex,
                       limit=1000)
        if NotificationLog(self.app).backend == "memory":
            rows = scan_log(self.app, q)
        else:
            rows = query_index(open_view(self.app, AuditIndexProjection()), q)
        found = []
        for row in rows:
            if row.originator_id not in cards:
                continue  # another period's card: nothing loaded
            card = self.app.repository.get(UUID(row.originator_id), version=row.version)
            at = datetime.fromisoformat(row.occurred_at).replace(tzinfo=UTC)
            correction = card.corrections[-1]
            found.append({"at": at, "before": (at - timedelta(microseconds=1)).astimezone(
                VIETNAM).replace(tzinfo=None).isoformat(), "subject_id": str(card.subject_id),
                "reason": correction["reason"], "actor": row.actor,
                # the criteria whose points it changed (a form may post them all)
                "criteria": sorted(code for code, value in correction["scores"].items()
                                   if correction["before"].get(code) != value)
                or sorted(correction["scores"])})
            if len(found) == most:
                break
        return found

    def lag(self) -> int:
        """How many positions the standings view is behind the log."""
        store = open_view(self.app, self.projection)
        return max(0, self.app.last_position() - (store.max_tracking_id(self.app.name) or 0))

    def workbook(self, campaign_id: str, query: dict[str, Any]) -> tuple[bytes, str]:
        """The standings of a period as an .xlsx workbook, and its file name."""
        result = self.get(campaign_id, **query)
        campaign = self.campaigns.campaign_details(campaign_id)
        name = f"xep-hang-{campaign['code']}-{result['period']}-{result['subject_kind']}.xlsx"
        return standings_workbook(result, campaign), name
