"""File downloads shared by the API and the pages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import send_file

from services.application import ThiduaApplication
from services.export import standings_workbook
from services.standings import StandingsReader

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def standings_download(app: ThiduaApplication, campaign_id: str, query: dict[str, Any]) -> Any:
    result = StandingsReader(app).get(campaign_id, **query)
    campaign = app.campaign_details(campaign_id)
    data = standings_workbook(result, campaign)
    name = f"xep-hang-{campaign['code']}-{result['period']}-{result['subject_kind']}.xlsx"
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)
