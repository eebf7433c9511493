"""Deterministic aggregate ids: one record per natural key, enforced by the store."""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID, uuid5

# Fixed namespace of thidua; never change it, ids of stored aggregates derive from it.
NAMESPACE = UUID("6f1c2d52-6a43-5b0e-9c1e-7d1a0b3c9e10")


def unit_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"unit:{code.casefold()}")


def campaign_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"campaign:{code.casefold()}")


def bloc_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"bloc:{code.casefold()}")


def sector_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"sector:{code.casefold()}")


def document_id(sha256: str) -> UUID:
    """An issued document is identified by the SHA-256 of its bytes."""
    return uuid5(NAMESPACE, f"document:{sha256.lower()}")


def submission_id(key: str) -> UUID:
    return uuid5(NAMESPACE, f"submission:{key}")


def audit_seal_id(position: int) -> UUID:
    """One seal per sealed position of the hash chain."""
    return uuid5(NAMESPACE, f"audit-seal:{position}")


def user_id(username: str) -> UUID:
    return uuid5(NAMESPACE, f"user:{username.casefold()}")


# uuid5 hashes with SHA-1; the ids of a busy campaign recur on every scoring request.
@lru_cache(maxsize=65536)
def registration_id(campaign: UUID, subject: UUID) -> UUID:
    return uuid5(campaign, f"registration:{subject}")


@lru_cache(maxsize=65536)
def scorecard_id(campaign: UUID, subject: UUID, period: str) -> UUID:
    return uuid5(campaign, f"scorecard:{subject}:{period}")


# --- nominations, council, decisions ------------------------------------------------------

def nomination_id(campaign: UUID, subject: UUID, award: str, year: int) -> UUID:
    """One nomination of a subject for an award and a year within a campaign."""
    return uuid5(campaign, f"nomination:{subject}:{award.casefold()}:{year}")


def ballot_id(session: UUID, nomination: UUID) -> UUID:
    """One ballot per nomination in a council session."""
    return uuid5(session, f"ballot:{nomination}")


def award_history_id(subject: UUID) -> UUID:
    return uuid5(NAMESPACE, f"award-history:{subject}")


def award_settings_id(unit: UUID) -> UUID:
    return uuid5(NAMESPACE, f"award-settings:{unit}")


def document_register_id(issuer: UUID, year: int, type_code: str) -> UUID:
    """Sổ đăng ký văn bản: one per issuer, year and document type."""
    return uuid5(NAMESPACE, f"document-register:{issuer}:{year}:{type_code.casefold()}")


def quota_ledger_id(campaign: UUID) -> UUID:
    return uuid5(campaign, "quota-ledger")


def award_tally_id(issuer: UUID, year: int) -> UUID:
    return uuid5(NAMESPACE, f"award-tally:{issuer}:{year}")


def paper_id(reference: UUID, kind: str, key: str = "") -> UUID:
    """A numbered paper (Biên bản, Tờ trình, Báo cáo) issued once for what it is about."""
    return uuid5(reference, f"paper:{kind}:{key}")


def year_summary_id(unit_id: UUID, year: int) -> UUID:
    """A unit's Báo cáo tổng kết of a year (one draft, issued once)."""
    return uuid5(unit_id, f"year-summary:{year}")


def award_form_id(code: str) -> UUID:
    """An entry of the organisation's award catalogue."""
    return uuid5(NAMESPACE, f"award-form:{code.casefold()}")


def certificate_layout_id(code: str) -> UUID:
    """Where an award form's certificate text goes on its pre-printed blank."""
    return uuid5(NAMESPACE, f"certificate-layout:{code.casefold()}")


def dossier_schedule_id(campaign: UUID) -> UUID:
    """A campaign's due dates for dossiers, per tier, and its exemplar lists' monthly day."""
    return uuid5(campaign, "dossier-schedule")


def exemplar_list_id(campaign: UUID, unit: UUID, month: str) -> UUID:
    """One unit's list of exemplars of one month (``2026-03``) in one campaign."""
    return uuid5(campaign, f"exemplar-list:{unit}:{month}")
