"""Quota pools: how a campaign's quota of an award splits into reserved shares and the rest.

A quota such as "10 Bằng khen for collectives, of which 4 for the education sector" has
two pools: the education sector's 4 places, and 6 places for every sector without a
reservation. A reserved share is both that sector's cap and kept from the others.
The decisions (``QuotaLedger.check_room``), the council's ranking and the quota view all
read the pools from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from events.sector import DEFAULT_SECTORS, sector_name

OTHER_SECTORS = ""  # the sector key of subjects outside every reserved sector


@dataclass(frozen=True)
class Pool:
    """A group of a quota's places: one reserved sector's share, or the rest."""

    sector: str | None  # the reserved sector; None: every sector without a reservation
    places: int
    used: int
    reserved: tuple[str, ...]  # the quota's reserved sectors (the rest excludes them)
    # The organisation's names of sectors (a sector it did not name keeps its default name).
    names: Mapping[str, str] = field(default_factory=lambda: DEFAULT_SECTORS, compare=False,
                                     repr=False)

    @property
    def remaining(self) -> int:
        return self.places - self.used

    @property
    def sector_name(self) -> str:
        return sector_name(self.sector, self.names) if self.sector else ""

    @property
    def key(self) -> str:
        """The pool's sector key as ledgers and views write it."""
        return self.sector if self.sector is not None else OTHER_SECTORS

    def holds(self, sector: str | None) -> bool:
        """Whether a subject of ``sector`` competes in this pool."""
        if self.sector is not None:
            return sector == self.sector
        return (sector or OTHER_SECTORS) not in self.reserved

    def scope(self) -> str:
        """The pool as a refusal names it: "ngành Giáo dục", "các đơn vị ngoài ngành …"."""
        if self.sector is not None:
            return f"ngành {self.sector_name}"
        if self.reserved:
            others = ", ".join(f"ngành {sector_name(s, self.names)}" for s in self.reserved)
            return f"các đơn vị ngoài {others}"
        return ""


def pools(quota: Mapping[str, Any], used: Mapping[str, int],
          names: Mapping[str, str] = DEFAULT_SECTORS) -> list[Pool]:
    """The reserved shares of a quota (in the order the plan lists them), then the rest.

    ``used`` counts the places taken per sector (``OTHER_SECTORS`` for subjects without
    one); ``names`` are the organisation's names of sectors (default: the default
    catalogue's).
    """
    reserved = {r["sector"]: int(r["max"]) for r in quota["reserved"]}
    codes = tuple(reserved)
    result = [Pool(sector, cap, int(used.get(sector, 0)), codes, names)
              for sector, cap in reserved.items()]
    rest = int(quota["max"]) - sum(reserved.values())
    result.append(Pool(None, rest, sum(int(n) for s, n in used.items() if s not in reserved),
                       codes, names))
    return result


def pool_for(quota: Mapping[str, Any], used: Mapping[str, int], sector: str | None,
             names: Mapping[str, str] = DEFAULT_SECTORS) -> Pool:
    """The pool a subject of ``sector`` competes in."""
    return next(pool for pool in pools(quota, used, names) if pool.holds(sector))


def quota_of(quotas: list[dict[str, Any]], award: str,
             subject_kind: str) -> dict[str, Any] | None:
    """The campaign's quota of an award for a kind of subject, if it sets one."""
    return next((q for q in quotas if q["award_form"] == award
                 and q["subject_kind"] == subject_kind), None)
