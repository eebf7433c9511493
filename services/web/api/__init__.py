"""JSON API under /api/v1 (DESIGN.md section 7): one module per resource, each with its
schemas. Views only translate HTTP ↔ use cases; permission is checked before a body is
read; every POST honours an ``Idempotency-Key`` header."""

from __future__ import annotations

from services.web.api import (
    audit,
    auth,
    award_forms,
    campaigns,
    certificates,
    council,
    deadlines,
    decisions,
    documents,
    dossiers,
    nominations,
    notices,
    organisation,
    papers,
    records,
    statistics,
    summaries,
)

BLUEPRINTS = (*auth.BLUEPRINTS, *organisation.BLUEPRINTS, *campaigns.BLUEPRINTS,
              *nominations.BLUEPRINTS, *dossiers.BLUEPRINTS, *deadlines.BLUEPRINTS,
              *notices.BLUEPRINTS,
              *council.BLUEPRINTS,
              *decisions.BLUEPRINTS,
              *records.BLUEPRINTS, *award_forms.BLUEPRINTS, *documents.BLUEPRINTS,
              *papers.BLUEPRINTS, *audit.BLUEPRINTS,
              *statistics.BLUEPRINTS, *summaries.BLUEPRINTS, *certificates.BLUEPRINTS)
