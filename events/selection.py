"""Selection within a quota pool: who of the nominations that passed the vote takes the
places (xét chọn trong chỉ tiêu).

More yes votes rank higher. At a tie for the last places, women first (a woman, or a
collective whose members are at least 70 % women: NĐ 98/NĐ 152, nguyên tắc khen thưởng);
what is still tied goes to the chair of the council: the chair's own vote on an open
ballot, else the nominations the chair names (``chosen``). A pool whose tie nobody has
decided yet is refused with what the chair must decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from events.council import YES
from events.errors import ConflictError, InvalidInputError

CHAIR = "Chủ tịch Hội đồng quyết định"


@dataclass(frozen=True)
class Candidate:
    """A nomination that passed its ballot, as the selection sees it."""

    nomination_id: UUID
    subject_name: str
    yes: int
    priority: str | None = None  # why women first applies to it ("cá nhân nữ"), if it does
    chair_vote: str | None = None  # the chair's own choice on an open ballot


@dataclass(frozen=True)
class Placing:
    """Where a candidate ended: its rank in the pool and whether it takes a place."""

    nomination_id: UUID
    rank: int
    selected: bool
    tie_break: str | None  # how it won a tie for the last places (for the Biên bản)
    reason: str  # why it was left out


def select(candidates: list[Candidate], places: int, label: str,
           chosen: set[UUID]) -> list[Placing]:
    """Rank a pool's candidates and say who takes its ``places`` (``label`` names the pool
    in messages; ``chosen``: the nominations the chair named, of any pool)."""
    ranked = sorted(candidates, key=lambda c: (-c.yes, not c.priority))
    kept = _kept(ranked, places, label, chosen)
    # The rank says the outcome: more votes first; at equal votes who was kept (women
    # first, then the chair's choice) before who was not.
    ranked.sort(key=lambda c: (-c.yes, c not in kept, not c.priority))
    placings = []
    for rank, candidate in enumerate(ranked, start=1):
        if candidate in kept:
            placings.append(Placing(candidate.nomination_id, rank, True,
                                    _tie_break(candidate, ranked, kept), ""))
            continue
        reason = f"Ngoài chỉ tiêu {label}: còn {max(places, 0)} suất."
        if not candidate.priority and any(k.priority and k.yes == candidate.yes for k in kept):
            reason += " Bằng phiếu với hồ sơ được ưu tiên (cá nhân nữ, tập thể có từ 70 % nữ)."
        placings.append(Placing(candidate.nomination_id, rank, False, None, reason))
    return placings


def _tie_break(candidate: Candidate, ranked: list[Candidate],
               kept: list[Candidate]) -> str | None:
    """How a kept candidate won a tie for the last places, if it did."""
    lost = [c for c in ranked if c not in kept and c.yes == candidate.yes]
    if not lost:
        return None
    if candidate.priority and not any(c.priority for c in lost):
        return f"ưu tiên {candidate.priority}"
    return CHAIR


def _kept(ranked: list[Candidate], places: int, label: str,
          chosen: set[UUID]) -> list[Candidate]:
    """Who of a pool's candidates (ranked by votes) takes its places."""
    if len(ranked) <= places:
        return ranked
    if places <= 0:
        return []
    cut = ranked[places - 1].yes
    above = [c for c in ranked if c.yes > cut]
    tied = [c for c in ranked if c.yes == cut]
    if len(above) + len(tied) <= places:
        return above + tied
    remaining = places - len(above)
    first = [c for c in tied if c.priority]
    by_women = ""
    if 0 < len(first) <= remaining:
        above, tied = above + first, [c for c in tied if not c.priority]
        remaining -= len(first)
        by_women = (f" (ưu tiên nữ đã nhận {len(first)} suất: "
                    f"{', '.join(c.subject_name for c in first)})")
        if remaining == 0:
            tied = []
    elif len(first) > remaining:
        tied = first
    named = [c for c in ranked if c.nomination_id in chosen]
    outside = [c for c in named if c not in tied]
    if outside:
        what = ("Chủ tịch Hội đồng chỉ quyết định giữa các hồ sơ còn bằng phiếu ("
                + ", ".join(c.subject_name for c in tied) + ")") if tied else \
            "Không còn suất nào để Chủ tịch Hội đồng quyết định"
        raise InvalidInputError(
            f"{what}{by_women}; không chọn " + ", ".join(c.subject_name for c in outside)
            + ".", "chair_choice")
    if remaining == 0:
        return above
    if named:
        if len(named) != remaining:
            raise InvalidInputError(
                f"Chủ tịch Hội đồng chọn {len(named)} hồ sơ trong số hồ sơ bằng phiếu, "
                f"nhưng còn {remaining} suất ({label}){by_women}.", "chair_choice")
        return above + named
    by_chair = [c for c in tied if c.chair_vote == YES]
    if len(by_chair) == remaining:
        return above + by_chair
    names = ", ".join(f"{c.subject_name} ({c.nomination_id})" for c in tied)
    raise ConflictError(
        f"{len(tied)} hồ sơ cùng {cut} phiếu đồng ý tranh {remaining} suất cuối ({label})"
        f"{by_women}: {names}. Phiếu của Chủ tịch Hội đồng không phân định được (phiếu kín, "
        "hoặc Chủ tịch biểu quyết như nhau); Chủ tịch cần quyết định hồ sơ nào được chọn "
        "(chair_choice).", "chair_choice")
