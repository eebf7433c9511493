"""Hồ sơ đề nghị khen thưởng up the tiers: a batch from one submitting unit, for one
campaign and award form, routed up the unit tree to the unit that issues the award.

The route is the chain of units from the submitter (tier 0) to the issuer (the last
tier), fixed when the dossier is made. The dossier is always *at* one tier: the
submitter drafts and submits it (it moves one tier up); each tier in between forwards it
up or returns it one tier down with a reason (kept, and shown to the tier below); the
issuing tier accepts it, and its eligible nominees go to the council's board as
nominations. The submitter may withdraw it until it is accepted.

A tier's specialist (chuyên viên thi đua, khen thưởng) is assigned the dossier and
records a verdict per nominee — đủ điều kiện / không đủ điều kiện, with a reason — beside
the findings of the domain's eligibility checks (the rule cited). A nominee the checks
refuse cannot be found eligible; accepting needs a verdict on every nominee.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events.award_form import AwardFormEntry, entry_of_snapshot
from events.errors import ConflictError, InvalidInputError
from events.rules import ROUTES

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
FORWARDED = "forwarded"
ACCEPTED = "accepted"
WITHDRAWN = "withdrawn"
STATUSES = {
    DRAFT: "Đang soạn",
    SUBMITTED: "Đã gửi lên cấp trên",
    RETURNED: "Bị trả lại",
    FORWARDED: "Đã chuyển lên cấp trên",
    ACCEPTED: "Đã tiếp nhận, đưa ra Hội đồng",
    WITHDRAWN: "Đơn vị đã rút",
}
CLOSED = (ACCEPTED, WITHDRAWN)
MAX_NOMINEES = 200
MAX_ATTACHMENTS = 50
ELIGIBLE_WORDS = {True: "đủ điều kiện", False: "không đủ điều kiện"}


def route_to_issuer(ancestry: list[UUID], issuer_id: UUID, field: str = "unit_code") -> list[UUID]:
    """The tiers from the submitting unit (``ancestry[0]``) up to the issuer, inclusive.

    ``ancestry`` is the unit and every unit above it, nearest first. A unit outside the
    issuer's tree has no route to it."""
    if issuer_id not in ancestry:
        raise InvalidInputError(
            "Đơn vị gửi hồ sơ không thuộc hệ thống của đơn vị ban hành hình thức khen thưởng "
            "này: không có tuyến trình lên.", field)
    return ancestry[: ancestry.index(issuer_id) + 1]


def check_nominees(nominees: list[dict[str, Any]]) -> None:
    """At least one nominee, at most MAX_NOMINEES, none twice."""
    if not nominees:
        raise InvalidInputError("Hồ sơ phải có ít nhất một cá nhân hoặc tập thể được đề nghị.",
                                "nominees")
    if len(nominees) > MAX_NOMINEES:
        raise InvalidInputError(
            f"Một hồ sơ có tối đa {MAX_NOMINEES} cá nhân, tập thể được đề nghị.", "nominees")
    seen: set[UUID] = set()
    for index, nominee in enumerate(nominees):
        if nominee["subject_id"] in seen:
            raise InvalidInputError(
                f"«{nominee['subject_name']}» có hai lần trong hồ sơ.",
                f"nominees[{index}].subject_id")
        seen.add(nominee["subject_id"])


class Dossier(Aggregate):
    """A dossier (hồ sơ đề nghị) and its way up the tiers."""

    @event("Created")
    def __init__(self, campaign_id: UUID, award: str, form: dict[str, Any], year: int,
                 basis: str, submitting_unit_id: UUID, route: list[UUID],
                 nominees: list[dict[str, Any]], actor: str) -> None:
        self.campaign_id = campaign_id
        self.award = award
        self.form = dict(form)
        self.year = year
        self.basis = basis  # căn cứ đề nghị: hằng năm, theo phong trào, đột xuất (ROUTES)
        self.submitting_unit_id = submitting_unit_id
        self.route = list(route)
        self.nominees = [dict(n) for n in nominees]
        self.tier = 0
        self.status = DRAFT
        self.attachments: list[dict[str, Any]] = []
        self.returns: list[dict[str, Any]] = []
        self.specialists: dict[str, str] = {}  # tier unit id → assigned specialist
        self.verdicts: dict[str, dict[str, Any]] = {}  # subject id → the latest verdict
        self.nominations: dict[str, UUID] = {}  # subject id → nomination, once accepted
        self.reason = ""
        self.created_by = actor
        # The day it came to the tier it waits at, and the last day it came up to each
        # tier (str unit id); None for moves recorded before moves carried their day.
        self.arrived_on: date | None = None
        self.reached: dict[str, date | None] = {}

    # --- where it is --------------------------------------------------------------------

    @property
    def entry(self) -> AwardFormEntry:
        return entry_of_snapshot(self.award, self.form)

    @property
    def tier_unit_id(self) -> UUID:
        """The unit the dossier is waiting at."""
        return self.route[self.tier]

    @property
    def issuer_id(self) -> UUID:
        return self.route[-1]

    @property
    def at_issuer(self) -> bool:
        return self.tier == len(self.route) - 1 and self.status != DRAFT

    @property
    def with_submitter(self) -> bool:
        """Drafted, or returned all the way down: the submitting unit may change it."""
        return self.tier == 0 and self.status in (DRAFT, RETURNED)

    def nominee(self, subject_id: UUID, field: str = "subject_id") -> dict[str, Any]:
        for nominee in self.nominees:
            if nominee["subject_id"] == subject_id:
                return nominee
        raise InvalidInputError("Cá nhân, tập thể này không có trong hồ sơ.", field)

    def eligible(self) -> list[dict[str, Any]]:
        """The nominees found eligible, in the dossier's order."""
        return [n for n in self.nominees
                if self.verdicts.get(str(n["subject_id"]), {}).get("eligible")]

    # --- guards -------------------------------------------------------------------------

    def _check_status(self, allowed: tuple[str, ...], doing: str) -> None:
        if self.status not in allowed:
            raise ConflictError(
                f"Hồ sơ đang ở trạng thái «{STATUSES[self.status]}»: không thể {doing}.",
                "dossier_id")

    def _check_reviewing(self, doing: str) -> None:
        """The dossier waits at a tier above the submitter."""
        self._check_status((SUBMITTED, FORWARDED, RETURNED), doing)
        if self.tier == 0:
            raise ConflictError(
                f"Hồ sơ đang ở đơn vị gửi (chưa gửi lại lên cấp trên): không thể {doing}.",
                "dossier_id")

    # --- the submitting unit ------------------------------------------------------------

    def submit(self, actor: str, on: date | None = None) -> None:
        """Send the dossier to the tier above (again, after a return)."""
        if not self.with_submitter:
            self._check_status((DRAFT, RETURNED), "gửi")
            raise ConflictError("Hồ sơ đang ở cấp trên, không ở đơn vị gửi: không thể gửi "
                                "lại.", "dossier_id")
        self._submit(to_tier=min(1, len(self.route) - 1), actor=actor, on=on)

    def attach(self, sha256: str, name: str, media_type: str, size: int, unit_id: UUID,
               actor: str) -> bool:
        """Add a file (kept by its hash) at the tier holding the dossier; the same file
        again adds nothing (False)."""
        self._check_status((DRAFT, SUBMITTED, RETURNED, FORWARDED), "đính kèm tệp")
        if any(a["sha256"] == sha256 for a in self.attachments):
            return False
        if len(self.attachments) >= MAX_ATTACHMENTS:
            raise InvalidInputError(
                f"Một hồ sơ có tối đa {MAX_ATTACHMENTS} tệp đính kèm.", "file")
        self._attach(sha256=sha256, name=name, media_type=media_type, size=size,
                     unit_id=unit_id, actor=actor)
        return True

    def withdraw(self, reason: str, actor: str) -> None:
        self._check_status((DRAFT, SUBMITTED, RETURNED, FORWARDED), "rút")
        self._withdraw(reason=reason, actor=actor)

    @event("Submitted")
    def _submit(self, to_tier: int, actor: str, on: date | None = None) -> None:
        self._arrive(to_tier, on)
        self.status = SUBMITTED
        self.reason = ""

    @event("FileAttached")
    def _attach(self, sha256: str, name: str, media_type: str, size: int, unit_id: UUID,
                actor: str) -> None:
        self.attachments.append({"sha256": sha256, "name": name, "type": media_type,
                                 "size": size, "unit_id": unit_id, "by": actor})

    @event("Withdrawn")
    def _withdraw(self, reason: str, actor: str) -> None:
        self.status = WITHDRAWN
        self.reason = reason

    # --- the tiers above ------------------------------------------------------------------

    def forward(self, actor: str, on: date | None = None) -> None:
        """The tier holding the dossier sends it to the tier above."""
        self._check_reviewing("chuyển lên cấp trên")
        if self.tier == len(self.route) - 1:
            raise ConflictError("Hồ sơ đã ở đơn vị ban hành: tiếp nhận hoặc trả lại, không "
                                "chuyển tiếp.", "dossier_id")
        self._forward(from_tier=self.tier, to_tier=self.tier + 1, actor=actor, on=on)

    def return_down(self, reason: str, actor: str, on: date | None = None) -> None:
        """The tier holding the dossier sends it back one tier, saying why."""
        self._check_reviewing("trả lại")
        if not reason.strip():
            raise InvalidInputError("Trả lại hồ sơ phải nêu lý do.", "reason")
        self._return(from_tier=self.tier, to_tier=self.tier - 1, reason=reason, actor=actor,
                     on=on)

    def assign(self, specialist: str, actor: str) -> None:
        """Give the dossier to a specialist of the tier holding it."""
        self._check_reviewing("phân công chuyên viên")
        if self.specialists.get(str(self.tier_unit_id)) == specialist:
            raise ConflictError(f"Hồ sơ đã được giao cho «{specialist}».", "specialist")
        self._assign(unit_id=self.tier_unit_id, specialist=specialist, actor=actor)

    def specialist(self) -> str | None:
        """The specialist assigned at the tier holding the dossier, if any."""
        return self.specialists.get(str(self.tier_unit_id))

    def record_verdict(self, subject_id: UUID, eligible: bool, reason: str,
                       findings: list[str], actor: str) -> None:
        """A verdict on one nominee at the tier holding the dossier. ``findings``: what the
        eligibility checks found against the nominee (each with the rule cited)."""
        self._check_reviewing("ghi kết luận")
        nominee = self.nominee(subject_id)
        if eligible and findings:
            raise InvalidInputError(
                f"Không thể kết luận «{nominee['subject_name']}» đủ điều kiện: {findings[0]}",
                "eligible")
        if not eligible and not reason.strip():
            raise InvalidInputError("Kết luận không đủ điều kiện phải nêu lý do.", "reason")
        self._record_verdict(subject_id=subject_id, unit_id=self.tier_unit_id,
                             eligible=eligible, reason=reason, findings=list(findings),
                             actor=actor)

    def accept(self, nominations: dict[str, UUID], actor: str) -> None:
        """The issuing tier takes the dossier; ``nominations``: the nomination made for each
        eligible nominee (subject id → nomination id)."""
        self._check_reviewing("tiếp nhận")
        if self.tier != len(self.route) - 1:
            raise ConflictError("Chỉ đơn vị ban hành hình thức khen thưởng mới tiếp nhận hồ sơ; "
                                "hồ sơ còn ở cấp dưới.", "dossier_id")
        self.check_acceptable()
        if set(nominations) != {str(n["subject_id"]) for n in self.eligible()}:
            raise InvalidInputError("Danh sách đề nghị phải đúng các cá nhân, tập thể đủ điều "
                                    "kiện.", "dossier_id")
        self._accept(nominations=nominations, actor=actor)

    def check_acceptable(self) -> None:
        """A verdict on every nominee, and at least one eligible."""
        for nominee in self.nominees:
            if str(nominee["subject_id"]) not in self.verdicts:
                raise ConflictError(
                    f"Chưa có kết luận về «{nominee['subject_name']}»: chuyên viên ghi kết "
                    "luận cho từng cá nhân, tập thể trước khi tiếp nhận.", "dossier_id")
        if not self.eligible():
            raise ConflictError("Không có cá nhân, tập thể nào đủ điều kiện: trả lại hồ sơ "
                                "thay vì tiếp nhận.", "dossier_id")

    @event("Forwarded")
    def _forward(self, from_tier: int, to_tier: int, actor: str, on: date | None = None) -> None:
        self._arrive(to_tier, on)
        self.status = FORWARDED
        self.reason = ""

    def _arrive(self, tier: int, on: date | None) -> None:
        """Moved up to ``tier`` on day ``on``."""
        self.tier = tier
        self.arrived_on = on
        self.reached[str(self.route[tier])] = on

    @event("Returned")
    def _return(self, from_tier: int, to_tier: int, reason: str, actor: str,
                on: date | None = None) -> None:
        self.returns.append({"from_unit_id": self.route[from_tier],
                             "to_unit_id": self.route[to_tier], "reason": reason, "by": actor})
        self.tier = to_tier
        self.arrived_on = on
        self.status = RETURNED
        self.reason = reason

    @event("SpecialistAssigned")
    def _assign(self, unit_id: UUID, specialist: str, actor: str) -> None:
        self.specialists[str(unit_id)] = specialist

    @event("VerdictRecorded")
    def _record_verdict(self, subject_id: UUID, unit_id: UUID, eligible: bool, reason: str,
                        findings: list[str], actor: str) -> None:
        self.verdicts[str(subject_id)] = {"eligible": eligible, "reason": reason,
                                          "findings": findings, "unit_id": unit_id,
                                          "by": actor}

    @event("Accepted")
    def _accept(self, nominations: dict[str, UUID], actor: str) -> None:
        self.status = ACCEPTED
        self.nominations = dict(nominations)

    def as_dict(self) -> dict[str, Any]:
        entry = self.entry
        return {
            "id": str(self.id), "campaign_id": str(self.campaign_id), "award": self.award,
            "award_name": entry.name, "category": entry.category, "year": self.year,
            "basis": self.basis, "basis_name": ROUTES.get(self.basis, self.basis),
            "submitting_unit_id": str(self.submitting_unit_id),
            "route": [str(u) for u in self.route], "tier": self.tier,
            "tier_unit_id": str(self.tier_unit_id), "status": self.status,
            "status_name": STATUSES[self.status], "reason": self.reason,
            "nominees": [{**n, "subject_id": str(n["subject_id"]),
                          "unit_id": str(n["unit_id"])} for n in self.nominees],
            "attachments": [{**a, "unit_id": str(a["unit_id"])} for a in self.attachments],
            "returns": [{**r, "from_unit_id": str(r["from_unit_id"]),
                         "to_unit_id": str(r["to_unit_id"])} for r in self.returns],
            "specialists": dict(self.specialists),
            "verdicts": {k: {**v, "unit_id": str(v["unit_id"])}
                         for k, v in self.verdicts.items()},
            "nominations": {k: str(v) for k, v in self.nominations.items()},
            "arrived_on": self.arrived_on.isoformat() if self.arrived_on else None,
            "created_by": self.created_by, "version": self.version,
        }
