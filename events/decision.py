"""Quyết định khen thưởng, its number from the sổ đăng ký văn bản, and the quota ledger.

Issuing a decision saves, in one transaction, the decision, the issuer's register for the
year (which hands out the next number), the campaign's quota ledger, the issuer's tally
of the award year and the recipients' histories and nominations. The store's optimistic
concurrency makes that all-or-nothing: numbers are unique and gap-free (a refused or
conflicting issue advances nothing), and quotas hold however many clerks issue at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.award_form import AwardFormEntry, entry_of_snapshot
from events.campaign import SUBJECT_KINDS
from events.errors import ConflictError, InvalidInputError
from events.quota import pools
from events.rules import award_name
from events.sector import DEFAULT_SECTORS

DECISION_TYPE = "QĐ"  # NĐ 30/2020 Phụ lục III
DRAFT = "draft"
ISSUED = "issued"
REVOKED = "revoked"
STATUSES = {DRAFT: "Dự thảo", ISSUED: "Đã ban hành", REVOKED: "Đã hủy"}
_SYMBOL = re.compile(r"^[0-9A-ZĐ]{1,12}(-[0-9A-ZĐ]{1,12})*$")


def check_symbol(value: str, field: str = "issuer_symbol") -> str:
    """The issuer's abbreviation after the type code: ``LĐLĐ`` in ``07/QĐ-LĐLĐ``."""
    symbol = value.strip().upper()
    if not _SYMBOL.match(symbol):
        raise InvalidInputError(
            f"Chữ viết tắt «{value}» của cơ quan ban hành không hợp lệ (ví dụ LĐLĐ, UBND).",
            field)
    return symbol


def symbol_for(unit_id: UUID, unit_code: str, plans: list[tuple[UUID, str]]) -> str:
    """The issuer's abbreviation as its own plans write it ("117/KH-LĐLĐ" → "LĐLĐ"), given
    ``(issuer id, number)`` of plans; else the unit's code."""
    for issuer, number in plans:
        _, dash, symbol = number.partition("-")
        if issuer == unit_id and dash:
            return check_symbol(symbol)
    return check_symbol(unit_code)


class DocumentRegister(Aggregate):
    """Sổ đăng ký văn bản of one issuer, year and document type: numbers 01, 02, …"""

    @staticmethod
    def create_id(issuer_unit_id: UUID, year: int, type_code: str) -> UUID:
        return ids.document_register_id(issuer_unit_id, year, type_code)

    @event("Opened")
    def __init__(self, issuer_unit_id: UUID, year: int, type_code: str, actor: str) -> None:
        self.issuer_unit_id = issuer_unit_id
        self.year = year
        self.type_code = type_code
        self.last_number = 0
        self.documents: list[UUID] = []

    def assign(self, document_id: UUID, number_text: str, actor: str) -> int:
        """Give ``document_id`` the next number (the caller saves it with the document)."""
        number = self.last_number + 1
        self._assign(number=number, document_id=document_id, number_text=number_text,
                     actor=actor)
        return number

    @property
    def next_number(self) -> int:
        return self.last_number + 1

    @event("NumberAssigned")
    def _assign(self, number: int, document_id: UUID, number_text: str, actor: str) -> None:
        assert number == self.last_number + 1
        self.last_number = number
        self.documents.append(document_id)


class AwardDecision(Aggregate):
    """A decision awarding one title or form to the subjects of approved nominations."""

    @event("Drafted")
    def __init__(
        self, issuer_unit_id: UUID, issuer_symbol: str, campaign_id: UUID, award: str,
        title: str, signer: dict[str, str], recipients: list[dict[str, Any]], actor: str,
        form: dict[str, Any] | None = None,
    ) -> None:
        self.issuer_unit_id = issuer_unit_id
        # The catalogue entry (decisions drafted before the catalogue name a category).
        self.form = dict(form) if form else None
        # What the Quyết định prints that the store could change later (the căn cứ, the
        # money article), frozen when it is issued; none on decisions issued before.
        self.texts: dict[str, Any] | None = None
        self.issuer_symbol = issuer_symbol
        self.campaign_id = campaign_id
        self.award = award
        self.title = title
        self.signer = dict(signer)
        self.recipients = [dict(r) for r in recipients]
        self.status = DRAFT
        self.number: str | None = None
        self.issued_on: date | None = None
        self.base_salary: dict[str, Any] | None = None
        self.total = Decimal(0)
        self.revocation: dict[str, Any] | None = None
        self.created_by = actor

    def check_draft(self) -> None:
        if self.status != DRAFT:
            raise ConflictError(
                f"Quyết định đang ở trạng thái «{STATUSES[self.status]}»"
                + (f" (số {self.number})" if self.number else "") + ": không ban hành lại.",
                "decision_id")

    @property
    def entry(self) -> AwardFormEntry:
        return entry_of_snapshot(self.award, self.form)

    @property
    def award_name(self) -> str:
        return self.entry.name

    def issue(self, number: str, issued_on: date, base_salary: dict[str, Any],
              recipients: list[dict[str, Any]], actor: str,
              texts: dict[str, Any] | None = None) -> None:
        self.check_draft()
        total = sum((r["prize"] for r in recipients), Decimal(0))
        self._issue(number=number, issued_on=issued_on, base_salary=base_salary,
                    recipients=recipients, total=total, actor=actor, texts=texts)

    def revoke(self, reason: str, revoked_on: date, actor: str) -> None:
        if self.status != ISSUED:
            raise ConflictError(
                f"Quyết định đang ở trạng thái «{STATUSES[self.status]}»: chỉ hủy được quyết "
                "định đã ban hành.", "decision_id")
        self._revoke(reason=reason, revoked_on=revoked_on, actor=actor)

    @event("Issued")
    def _issue(self, number: str, issued_on: date, base_salary: dict[str, Any],
               recipients: list[dict[str, Any]], total: Decimal, actor: str,
               texts: dict[str, Any] | None = None) -> None:
        self.texts = dict(texts) if texts else None
        self.status = ISSUED
        self.number = number
        self.issued_on = issued_on
        self.base_salary = dict(base_salary)
        self.recipients = [dict(r) for r in recipients]
        self.total = total

    @event("Revoked")
    def _revoke(self, reason: str, revoked_on: date, actor: str) -> None:
        self.status = REVOKED
        self.revocation = {"reason": reason, "revoked_on": revoked_on, "by": actor}

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "issuer_unit_id": str(self.issuer_unit_id),
            "issuer_symbol": self.issuer_symbol, "campaign_id": str(self.campaign_id),
            "award": self.award, "award_name": self.award_name,
            "category": self.entry.category, "system": self.entry.system, "title": self.title,
            "signer": self.signer, "status": self.status, "status_name": STATUSES[self.status],
            "number": self.number, "issued_on": self.issued_on,
            "base_salary": self.base_salary, "total": self.total,
            "recipients": [{**r, "nomination_id": str(r["nomination_id"]),
                            "subject_id": str(r["subject_id"]), "unit_id": str(r["unit_id"]),
                            "session_id": str(r["session_id"]) if r.get("session_id") else None}
                           for r in self.recipients],
            "revocation": self.revocation, "created_by": self.created_by,
        }


class QuotaLedger(Aggregate):
    """The places of a campaign's quotas taken by issued decisions."""

    @staticmethod
    def create_id(campaign_id: UUID) -> UUID:
        return ids.quota_ledger_id(campaign_id)

    @event("Opened")
    def __init__(self, campaign_id: UUID, actor: str) -> None:
        self.campaign_id = campaign_id
        self.allocations: dict[str, list[dict[str, Any]]] = {}  # decision id → entries

    def used(self, award: str, subject_kind: str) -> dict[str, int]:
        """Places taken per sector (subjects without a sector under ``""``)."""
        counts: dict[str, int] = {}
        for entries in self.allocations.values():
            for e in entries:
                if e["award"] == award and e["subject_kind"] == subject_kind:
                    counts[e["sector"]] = counts.get(e["sector"], 0) + 1
        return counts

    def check_room(self, quotas: list[dict[str, Any]], entries: list[dict[str, Any]],
                   plan: str, field: str = "nomination_ids",
                   names: Mapping[str, str] = DEFAULT_SECTORS,
                   award_names: Mapping[str, str] | None = None) -> None:
        """Refuse entries that a quota has no room for.

        A reserved share is both the sector's cap and kept from the others: with 10 places
        of which 4 for education, education takes at most 4 and all others together at
        most 6. ``names``: the organisation's names of sectors, ``award_names`` its names of
        awards by catalogue code, as a refusal cites them.
        """
        for quota in quotas:
            new = [e for e in entries if e["award"] == quota["award_form"]
                   and e["subject_kind"] == quota["subject_kind"]]
            if not new:
                continue
            form_name = (award_names or {}).get(quota["award_form"]) or award_name(
                quota["award_form"])
            what = (f"{form_name} cho "
                    f"{SUBJECT_KINDS[quota['subject_kind']]}")
            for pool in pools(quota, self.used(quota["award_form"], quota["subject_kind"]),
                              names):
                adding = sum(1 for e in new if pool.holds(e["sector"]))
                if adding and pool.used + adding > pool.places:
                    scope = f" {pool.scope()}" if pool.scope() else ""
                    raise ConflictError(
                        f"Vượt chỉ tiêu {what}{scope}: tối đa {pool.places}, đã dùng "
                        f"{pool.used}, quyết định này thêm {adding} (chỉ tiêu tại Kế hoạch số "
                        f"{plan}).", field)

    def usage(self, entries_by_decision: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """Absolute counts per (award, subject kind, sector) after a change, for views."""
        counts: dict[tuple[str, str, str], int] = {}
        keys = {(e["award"], e["subject_kind"], e["sector"])
                for entries in (*self.allocations.values(), *entries_by_decision.values())
                for e in entries}
        for key in keys:
            counts[key] = 0
        for entries in entries_by_decision.values():
            for e in entries:
                counts[(e["award"], e["subject_kind"], e["sector"])] += 1
        return [{"campaign_id": self.campaign_id, "award": a, "subject_kind": k, "sector": s,
                 "used": n} for (a, k, s), n in sorted(counts.items())]

    def allocate(self, decision_id: UUID, entries: list[dict[str, Any]], actor: str) -> None:
        after = {**self.allocations, str(decision_id): entries}
        self._allocate(decision_id=decision_id, entries=entries, usage=self.usage(after),
                       actor=actor)

    def release(self, decision_id: UUID, actor: str) -> None:
        if str(decision_id) not in self.allocations:
            return
        after = {k: v for k, v in self.allocations.items() if k != str(decision_id)}
        self._release(decision_id=decision_id, usage=self.usage(after), actor=actor)

    @event("Allocated")
    def _allocate(self, decision_id: UUID, entries: list[dict[str, Any]],
                  usage: list[dict[str, Any]], actor: str) -> None:
        self.allocations[str(decision_id)] = [dict(e) for e in entries]

    @event("Released")
    def _release(self, decision_id: UUID, usage: list[dict[str, Any]], actor: str) -> None:
        del self.allocations[str(decision_id)]


class AwardTally(Aggregate):
    """How many of each award an issuer gave for one award year (for its own caps)."""

    @staticmethod
    def create_id(issuer_unit_id: UUID, year: int) -> UUID:
        return ids.award_tally_id(issuer_unit_id, year)

    @event("Opened")
    def __init__(self, issuer_unit_id: UUID, year: int, actor: str) -> None:
        self.issuer_unit_id = issuer_unit_id
        self.year = year
        self.counts: dict[str, dict[str, int]] = {}  # decision id → award → count

    def count_of(self, award: str) -> int:
        return sum(c.get(award, 0) for c in self.counts.values())

    def check_cap(self, cap: dict[str, Any], adding: int, text: str,
                  field: str = "nomination_ids") -> None:
        base = self.count_of(cap["of_award"])
        limit = int(Decimal(base) * cap["percent"] / 100)
        taken = self.count_of(cap["award"])
        if taken + adding > limit:
            raise ConflictError(
                f"Vượt giới hạn của đơn vị ({text}): năm {self.year} có {base} "
                f"{award_name(cap['of_award'])} nên tối đa {limit} {award_name(cap['award'])}; "
                f"đã có {taken}, quyết định này thêm {adding}.", field)

    @event("Counted")
    def count(self, decision_id: UUID, counts: dict[str, int], actor: str) -> None:
        self.counts[str(decision_id)] = dict(counts)

    def uncount(self, decision_id: UUID, actor: str) -> None:
        if str(decision_id) in self.counts:
            self._uncount(decision_id=decision_id, actor=actor)

    @event("Uncounted")
    def _uncount(self, decision_id: UUID, actor: str) -> None:
        del self.counts[str(decision_id)]
