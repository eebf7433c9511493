"""bench/reports.py at a tiny size on SQLite: it runs as operators run it (a script), every
timing it prints parses, and the yearly summary it drafts and issues counts what the bench
wrote (issue 16)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMING = re.compile(r"^  (whole organisation|one branch)\s+(.+?)\s+best\s+([\d.]+) ms\s+"
                    r"median\s+([\d.]+) ms")
SUMMARY = re.compile(r"^  (whole organisation|one branch)\s+summary\s+draft\s+([\d.]+) ms, "
                     r"issue\s+([\d.]+) ms, \.docx\s+([\d.]+) ms \((\d+) KB\): (\d+) campaigns, "
                     r"([\d,]+) nominations, ([\d,]+) dossiers, ([\d,]+) decisions, "
                     r"(\d+) revoked$")


def test_a_tiny_year_prints_every_report_and_the_summary() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "reports.py"), "--awards",
                           "200", "--per-decision", "10", "--units", "6", "--runs", "1",
                           "--skip-postgres"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("sqlite: 200 awards in 20 decisions, 6 units, 72 "
                               "registrations: "), lines[0]
    timings = [m.groups()[:2] for m in map(TIMING.match, lines) if m]
    scopes = ("whole organisation", "one branch")
    names = ["0602", "0603", "fund ledger", "0603 .xlsx", "fund .xlsx"]
    assert timings == [(scope, name) for scope in scopes for name in names] + [
        (scope, "summary") for scope in scopes]
    summaries = [m.groups() for m in map(SUMMARY.match, lines) if m]
    assert [s[0] for s in summaries] == ["whole organisation", "one branch"]
    whole, branch = summaries
    # Every unit is under the province: its summary holds every campaign and nomination
    # of the year (all 200 are of its achievement year); a branch holds a part.
    assert (int(whole[5]), int(whole[6].replace(",", ""))) == (4, 200)
    assert int(branch[6].replace(",", "")) <= 200 and int(branch[5]) <= 1
