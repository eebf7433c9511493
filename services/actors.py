"""Who acts: the plain value every use case receives, and the permission rules."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from events.errors import PermissionDeniedError


@dataclass(frozen=True)
class Actor:
    """The acting user as use cases see it."""

    username: str
    role: str
    unit_id: UUID | None = None


SYSTEM = Actor(username="system", role="admin")

# Which roles may run which command. Reading is open to every signed-in user; the
# full model (unit scope for reviewers, council roles) grows with the web-forms issue.
ALLOWED = {
    "units.create": {"admin"},
    "campaigns.create": {"admin"},
    "users.create": {"admin"},
    "blocs.manage": {"admin"},
    "sectors.manage": {"admin"},
    "people.create": {"admin", "unit_clerk"},
    "registrations.create": {"admin", "unit_clerk"},
    "scores.self": {"admin", "unit_clerk"},
    "scores.review": {"admin", "reviewer"},
    "scores.correction": {"admin", "reviewer"},
    # History, the event browser and chain verification; seals are written by the system.
    "audit.read": {"admin", "auditor"},
    # Nominations, the council and award decisions (services/awards.py).
    "nominations.submit": {"admin", "unit_clerk"},
    "nominations.review": {"admin", "secretary"},
    "council.manage": {"admin", "secretary"},
    "council.vote": {"admin", "secretary", "council_member"},
    # An absent member's written opinion, with its scanned signed form: the council's
    # secretary alone enters it; the forms are evidence the council and auditors read.
    "council.written": {"secretary"},
    "council.evidence": {"admin", "secretary", "auditor"},
    "decisions.draft": {"admin", "secretary"},
    "decisions.issue": {"admin", "secretary"},
    "decisions.revoke": {"admin", "secretary"},
    "awards.records": {"admin", "secretary"},
    "awards.settings": {"admin"},
    # The organisation's award catalogue (names as printed, category, system, issuer).
    "award_forms.manage": {"admin"},
    # Where a form's certificate prints on its pre-printed blank (the office that prints).
    "certificates.layout": {"admin", "secretary"},
    # Numbered papers: Tờ trình, Báo cáo điển hình (the Biên bản goes with council.manage).
    "papers.issue": {"admin", "secretary"},
    # Dossiers up the tiers (events/dossier.py): the submitting unit's clerks draft, submit,
    # withdraw; a tier's clerks or specialists act for the tier holding the dossier; the
    # issuing tier's specialist (or an admin) accepts. Each also checks the tier's unit.
    "dossiers.submit": {"admin", "unit_clerk"},
    "dossiers.review": {"admin", "unit_clerk", "specialist"},
    "dossiers.attach": {"admin", "unit_clerk", "specialist"},
    "dossiers.assign": {"admin", "unit_clerk", "specialist"},
    "dossiers.verdict": {"admin", "specialist"},
    "dossiers.accept": {"admin", "specialist"},
    # Công khai: the proposed list published before a decision, and the public's comments
    # on it (services/usecases/notices.py); anyone reads the public page without an account.
    "notices.publish": {"admin", "secretary"},
    "notices.read": {"admin", "secretary", "auditor"},
    # Statistical forms and the award fund ledger: a secretary or reviewer with a unit reads
    # that unit and the units under it (services/queries/reports.py).
    "reports.read": {"admin", "auditor", "secretary", "reviewer"},
}
# Roles whose writes are limited to their own unit and its sub-units (a specialist: the
# tier unit whose dossiers it reviews). A reviewer with a
# unit reviews only units under it; one without a unit reviews every unit.
UNIT_SCOPED = {"unit_clerk", "specialist"}


def is_unit_scoped(actor: Actor) -> bool:
    return actor.role in UNIT_SCOPED or (actor.role == "reviewer" and actor.unit_id is not None)


def allowed(actor: Actor, action: str) -> bool:
    """Whether the actor's role may run ``action``."""
    return actor.role in ALLOWED[action]


def may(actor: Actor) -> dict[str, bool]:
    """Every action and whether the actor may run it (for pages that offer actions)."""
    return {action: actor.role in roles for action, roles in ALLOWED.items()}


def check_allowed(actor: Actor, action: str) -> None:
    if not allowed(actor, action):
        raise PermissionDeniedError(
            f"Tài khoản «{actor.username}» không có quyền thực hiện thao tác này.", None
        )
