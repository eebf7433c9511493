"""Sổ đăng ký văn bản: the next number of an issuer's register, taken with the document."""

from __future__ import annotations

from uuid import UUID

from docgen.vietnamese import document_reference
from events import ids
from events.decision import DocumentRegister
from services.actors import Actor
from services.app import ThiduaApplication


def take_number(app: ThiduaApplication, issuer_unit_id: UUID, year: int, type_code: str,
                symbol: str, document_id: UUID, actor: Actor) -> tuple[DocumentRegister, str]:
    """The register with the next number assigned to ``document_id``, and that number as
    printed ("07/QĐ-LĐLĐ"). The caller saves the register in the document's transaction,
    so numbers stay unique and gap-free however many documents are issued at once."""
    register = app.find(DocumentRegister, ids.document_register_id(
        issuer_unit_id, year, type_code)) or DocumentRegister(
        issuer_unit_id=issuer_unit_id, year=year, type_code=type_code, actor=actor.username)
    number = document_reference(register.next_number, type_code, symbol)
    register.assign(document_id, number, actor.username)
    return register, number
