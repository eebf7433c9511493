"""File downloads shared by the API and the pages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import send_file

from services.application import ThiduaApplication
from services.export import award_history_workbook, standings_workbook
from services.standings import StandingsReader

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def standings_download(app: ThiduaApplication, campaign_id: str, query: dict[str, Any]) -> Any:
    result = StandingsReader(app).get(campaign_id, **query)
    campaign = app.campaign_details(campaign_id)
    data = standings_workbook(result, campaign)
    name = f"xep-hang-{campaign['code']}-{result['period']}-{result['subject_kind']}.xlsx"
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


def award_history_download(app: ThiduaApplication, query: dict[str, Any]) -> Any:
    """Tra cứu khen thưởng (of a unit and its people, or of one subject) as .xlsx."""
    from services.awards import AwardsReader

    result = AwardsReader(app).history(**query)
    if query.get("unit_code"):
        unit = app.get_unit_by_code(query["unit_code"], "unit_code")
        whose, slug = unit.name, unit.code
    else:
        subject = str(query["subject_id"])
        whose = result["rows"][0]["subject_name"] if result["rows"] else subject
        slug = subject[:8]
    data = award_history_workbook(result["rows"], whose, result["position"])
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"khen-thuong-{slug}.xlsx")
