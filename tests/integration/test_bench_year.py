"""bench/year.py at a tiny scale on SQLite: it runs as operators run it (a script), every
figure it prints parses, and what the use cases answered matches the plan of that scale."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHASES = ["organisation", "people", "registrations", "scores", "catch-up", "dossiers",
          "council", "decisions", "catch-up-2"]
PHASE = re.compile(r"^sqlite\s+phase (\S+)\s+([\d.]+) s\s+([\d,]+) events\s+([\d,]+) ev/s$")
REPORT = re.compile(r"^sqlite\s+report (.+?)\s+([\d.]+) ms$")
REBUILD = re.compile(r"^sqlite\s+rebuild (\S+)\s+([\d.]+) s\s+([\d,]+) ev/s$")
SIZE = re.compile(r"^sqlite\s+store size\s+([\d.]+) MB .*?, ([\d,]+) events, ([\d,]+) bytes/event")


def number(text: str) -> float:
    return float(text.replace(",", ""))


def test_a_tiny_year_on_sqlite_prints_figures_that_parse_and_counts_that_match() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "year.py"), "--scale", "0.0002",
                           "--skip-postgres"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()

    plan = dict(pair.split("=") for pair in lines[0].split()[2:])
    assert lines[0].startswith("sqlite   plan ")
    assert {k: int(v) for k, v in plan.items()} == {
        "districts": 1, "cells": 1, "members": 8, "nominees": 1, "sessions": 1,
        "decisions": 1, "weeks": 52}

    phases = {m[1]: (number(m[2]), number(m[3])) for m in map(PHASE.match, lines) if m}
    assert list(phases) == PHASES
    assert phases["scores"][1] >= 8 * 52  # a scorecard opened and assessed per post

    reports = {m[1]: number(m[2]) for m in map(REPORT.match, lines) if m}
    assert {"standings week, first page of 100", "awards board", "fund ledger",
            "statistics form 0603"} <= set(reports)
    rebuilt = [m[1] for m in map(REBUILD.match, lines) if m]
    assert {"standings", "awards", "reports"} <= set(rebuilt)
    sizes = [m for m in map(SIZE.match, lines) if m]
    assert len(sizes) == 1 and number(sizes[0][1]) > 0

    counts = {k: int(v) for k, v in (p.split("=") for p in lines[-1].split()[2:])}
    assert lines[-1].startswith("sqlite   counts ")
    assert counts == {
        "units": 3, "members": 8, "registrations": 9, "score_posts": 8 * 52 + 1 * 12 * 2,
        "dossiers": 1, "nominations": 1, "sessions": 1, "ballots": 1, "decisions": 1,
        "ranked_week": 8, "awarded": 1, "events": number(sizes[0][2])}
    # Every event the year wrote went through a phase.
    assert sum(events for name, (_, events) in phases.items()
               if not name.startswith("catch-up")) == counts["events"]
