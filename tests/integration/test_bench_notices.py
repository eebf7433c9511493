"""bench/notices.py at a tiny size on SQLite (issue 15): it runs as operators run it (a
script), it writes what it says, the public page shows the open half of its notices and
every decision, and every timing it prints parses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMING = re.compile(r"^  (issue a decision|/cong-khai|/notices|/dossiers/deadlines)\s+"
                    r"best\s+([\d.]+) ms\s+median\s+([\d.]+) ms")


def test_a_tiny_year_prints_every_timing() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "notices.py"), "--units",
                           "6", "--nominations", "200", "--notices", "6", "--decisions", "20",
                           "--dossiers", "20", "--runs", "1", "--skip-postgres"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("sqlite: 6 units, 200 nominations, 6 notices, 20 decisions, "
                               "20 dossiers: "), lines[0]
    # Every other notice was published two days ago (open), the rest forty days ago.
    assert lines[1] == "  /cong-khai shows 3 open notices and 20 decisions", lines[1]
    timings = [m.group(1) for m in map(TIMING.match, lines) if m]
    assert timings == ["issue a decision", "/cong-khai", "/notices", "/dossiers/deadlines"]
