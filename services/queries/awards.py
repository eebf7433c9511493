"""Tra cứu over the awards view: the nomination board, award history and quota usage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from events import ids
from events.errors import InvalidInputError
from events.nomination import STATUSES
from events.values import parse_uuid
from services.app import ThiduaApplication
from services.projections.awards import (
    AwardsProjection,
    history_rows,
    nomination_board,
    quota_usage,
)
from services.projections.log import hex_id
from services.projections.runner import current_view
from services.projections.viewstore import ViewStore
from services.queries.workbooks import award_history_workbook
from services.usecases.award_forms import AwardForms
from services.usecases.campaigns import Campaigns
from services.usecases.organisation import Organisation


@dataclass
class AwardsReader:
    """The projected award views, read as the pages and the API show them."""

    app: ThiduaApplication
    organisation: Organisation
    campaigns: Campaigns
    award_forms: AwardForms
    projection: AwardsProjection = field(default_factory=AwardsProjection)

    def _named(self, rows: list[dict[str, Any]], key: str = "award") -> list[dict[str, Any]]:
        """The rows with the award names of the organisation's catalogue."""
        names = self.award_forms.names(r[key] for r in rows)
        return [{**r, "award_name": names[r[key]]} for r in rows]

    def _store(self, wait_for: int | None) -> tuple[ViewStore, dict[str, Any]]:
        store, stale = current_view(self.app, self.projection, wait_for)
        return store, {"position": store.max_tracking_id(self.app.name) or 0, "stale": stale}

    def nominations(self, campaign_id: object, *, status: str | None = None,
                    wait_for: int | None = None) -> dict[str, Any]:
        campaign = self.campaigns.get_campaign(str(campaign_id))
        if status is not None and status not in STATUSES:
            raise InvalidInputError(
                f"Trạng thái «{status}» không có (dùng: {', '.join(STATUSES)}).", "status")
        store, meta = self._store(wait_for)
        rows = self._named(nomination_board(store, hex_id(campaign.id), status))
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        return {"campaign_id": str(campaign.id), "status": status, "counts": counts,
                "rows": rows, **meta}

    def history(self, *, subject_id: object = None, unit_code: str | None = None,
                sub_units: bool = False, wait_for: int | None = None) -> dict[str, Any]:
        """The awards of one subject, or of a unit and its people (with ``sub_units``, of
        every unit under it too)."""
        if (subject_id is None) == (unit_code is None):
            raise InvalidInputError("Tra cứu theo một trong hai: subject_id hoặc unit_code.",
                                    "subject_id")
        key: tuple[str, str | list[str]]
        if subject_id is not None:
            key = ("history_id",
                   hex_id(ids.award_history_id(parse_uuid(subject_id, "subject_id"))))
        elif sub_units:
            key = ("unit_id", [hex_id(u) for u in self.unit_subtree(unit_code or "")])
        else:
            key = ("unit_id", hex_id(self.organisation.get_unit_by_code(unit_code or "").id))
        store, meta = self._store(wait_for)
        return {"rows": self._named(history_rows(store, *key)), **meta}

    def unit_subtree(self, unit_code: str) -> list[Any]:
        """The ids of a unit and of every unit under it."""
        root = self.organisation.get_unit_by_code(unit_code, "unit_code")
        units = self.organisation.list_units()
        children: dict[str | None, list[dict[str, Any]]] = {}
        for unit in units:
            children.setdefault(unit.get("parent_code"), []).append(unit)
        found, queue = [root.id], [root.code]
        while queue:
            for child in children.get(queue.pop(), []):
                found.append(parse_uuid(child["id"], "unit_code"))
                queue.append(child["code"])
        return found

    def history_workbook(self, query: dict[str, Any]) -> tuple[bytes, str]:
        """Tra cứu khen thưởng (of a unit and its people, or of one subject) as .xlsx."""
        result = self.history(**query)
        if query.get("unit_code"):
            unit = self.organisation.get_unit_by_code(query["unit_code"], "unit_code")
            whose, slug = unit.name, unit.code
            if query.get("sub_units"):
                whose += " và các đơn vị trực thuộc"
        else:
            subject = str(query["subject_id"])
            whose = result["rows"][0]["subject_name"] if result["rows"] else subject
            slug = subject[:8]
        data = award_history_workbook(result["rows"], whose, result["position"])
        return data, f"khen-thuong-{slug}.xlsx"

    def quota_usage(self, campaign_id: object, *, wait_for: int | None = None) -> dict[str, Any]:
        campaign = self.campaigns.get_campaign(str(campaign_id))
        names = self.organisation.sector_names(
            r["sector"] for q in campaign.quotas for r in q["reserved"])
        store, meta = self._store(wait_for)
        return {"campaign_id": str(campaign.id), "plan": campaign.number,
                "quotas": self._named(quota_usage(store, hex_id(campaign.id),
                                                  campaign.quotas, names), "award_form"),
                **meta}
