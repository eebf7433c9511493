"""Server-rendered pages in Vietnamese, one module per resource, all on one blueprint
(``pages``): importing them registers their routes."""

from __future__ import annotations

from services.web.pages import (  # noqa: F401 - imported for their routes
    accounts,
    audit,
    award_forms,
    campaign_edit,
    campaigns,
    certificates,
    council,
    deadlines,
    decisions,
    documents,
    dossiers,
    guide,
    home,
    layout,
    nominations,
    organisation,
    pickers,
    public,
    records,
    reports,
    summaries,
)
from services.web.pages.common import bp

__all__ = ["bp"]
