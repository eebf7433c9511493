"""The text of the user guide: per role, the steps of its work (filled in below)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    text: str
    shot: str | None = None  # the file under static/guide/ the browser suite saves


@dataclass(frozen=True)
class Section:
    anchor: str
    role: str
    intro: str
    steps: tuple[Step, ...]


GUIDE: tuple[Section, ...] = ()
