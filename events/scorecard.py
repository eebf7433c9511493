"""Chấm điểm: one scorecard per subject per period; self-assessment, review, corrections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import ConflictError, InvalidInputError
from events.values import format_points, parse_points

SELF = "self"
REVIEW = "review"
CORRECTION = "correction"
STAGES = (SELF, REVIEW, CORRECTION)

PENDING = "pending"
REVIEWED = "reviewed"


def check_scores(
    raw: object, maxima: dict[str, Decimal], *, complete: bool
) -> dict[str, Decimal]:
    """Validate ``{criterion_code: points}`` against the track's criteria and maxima."""
    if not isinstance(raw, dict) or not raw:
        raise InvalidInputError("Cần nhập điểm cho ít nhất một tiêu chí.", "scores")
    scores: dict[str, Decimal] = {}
    for raw_code, value in raw.items():
        code = str(raw_code).strip().upper()
        field = f"scores.{raw_code}"
        if code not in maxima:
            raise InvalidInputError(
                f"Tiêu chí «{raw_code}» không có trong bảng tiêu chí của phong trào.", field
            )
        points = parse_points(value, field, f"tiêu chí {code}")
        if points < 0 or points > maxima[code]:
            raise InvalidInputError(
                f"Điểm tiêu chí {code} phải từ 0 đến {format_points(maxima[code])} "
                f"(đã nhập {value}).",
                field,
            )
        scores[code] = points
    if complete:
        missing = [code for code in maxima if code not in scores]
        if missing:
            raise InvalidInputError(
                f"Chưa chấm tiêu chí {', '.join(missing)}.", f"scores.{missing[0]}"
            )
    return scores


class Scorecard(Aggregate):
    """Scores of one subject for one period of a campaign."""

    @staticmethod
    def create_id(campaign_id: UUID, subject_id: UUID, period: str) -> UUID:
        return ids.scorecard_id(campaign_id, subject_id, period)

    @event("Opened")
    def __init__(
        self, campaign_id: UUID, subject_kind: str, subject_id: UUID, unit_id: UUID,
        period: str, actor: str,
    ) -> None:
        self.campaign_id = campaign_id
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.unit_id = unit_id
        self.period = period
        self.self_scores: dict[str, Decimal] | None = None
        self.reviewed_scores: dict[str, Decimal] | None = None
        self.corrections: list[dict[str, Any]] = []
        self.created_by = actor

    # --- commands -----------------------------------------------------------------------

    def self_assess(self, scores: dict[str, Decimal], actor: str) -> None:
        if self.reviewed_scores is not None:
            raise ConflictError(
                f"Kỳ {self.period} đã được chấm duyệt; muốn sửa điểm phải đính chính có lý do.",
                "stage",
            )
        self._self_assess(scores=scores, actor=actor)

    def review(self, scores: dict[str, Decimal], actor: str) -> None:
        if self.self_scores is None:
            raise ConflictError(
                f"Kỳ {self.period} chưa có điểm tự chấm; đơn vị phải tự chấm trước.", "stage"
            )
        if self.reviewed_scores is not None:
            raise ConflictError(
                f"Kỳ {self.period} đã được chấm duyệt; muốn sửa điểm phải đính chính có lý do.",
                "stage",
            )
        self._review(scores=scores, actor=actor)

    def correct(self, scores: dict[str, Decimal], reason: str, actor: str) -> None:
        if self.reviewed_scores is None:
            raise ConflictError(
                f"Kỳ {self.period} chưa được chấm duyệt nên chưa thể đính chính.", "stage"
            )
        # The event carries the full resulting scores, so readers never need the history.
        self._correct(
            scores={**self.reviewed_scores, **scores}, changed=sorted(scores), reason=reason,
            actor=actor,
        )

    # --- events -------------------------------------------------------------------------

    @event("SelfAssessed")
    def _self_assess(self, scores: dict[str, Decimal], actor: str) -> None:
        self.self_scores = dict(scores)

    @event("Reviewed")
    def _review(self, scores: dict[str, Decimal], actor: str) -> None:
        self.reviewed_scores = dict(scores)

    @event("Corrected")
    def _correct(
        self, scores: dict[str, Decimal], changed: list[str], reason: str, actor: str
    ) -> None:
        assert self.reviewed_scores is not None
        self.corrections.append(
            {"before": dict(self.reviewed_scores),
             "scores": {code: scores[code] for code in changed}, "reason": reason,
             "actor": actor}
        )
        self.reviewed_scores = dict(scores)

    # --- queries ------------------------------------------------------------------------

    @property
    def status(self) -> str:
        return REVIEWED if self.reviewed_scores is not None else PENDING

    @property
    def scores(self) -> dict[str, Decimal]:
        """The scores that count: reviewed (with corrections), else the self-assessment."""
        return dict(self.reviewed_scores or self.self_scores or {})

    @property
    def total(self) -> Decimal:
        return sum(self.scores.values(), Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "campaign_id": str(self.campaign_id),
            "subject_kind": self.subject_kind,
            "subject_id": str(self.subject_id),
            "unit_id": str(self.unit_id),
            "period": self.period,
            "status": self.status,
            "self_scores": self.self_scores,
            "reviewed_scores": self.reviewed_scores,
            "corrections": self.corrections,
            "scores": self.scores,
            "total": self.total,
            "version": self.version,
        }
