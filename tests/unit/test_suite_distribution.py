"""How `make test` spreads the suite over its workers.

Modules that share a module-scoped store and run in order (the browser journeys, the
real-flow papers) need all their tests on one worker. pytest-xdist's `loadgroup` cannot
give that with pytest 9: it tags each test's `_nodeid` with the group, a field pytest 9
no longer reads (a node's id is `_id`), so the group marks were ignored and the
journeys ran half on each worker (CI failed: the reviewer's journey found no campaign).
`loadfile` keeps every module on one worker.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_test_keeps_each_module_on_one_worker() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    command = next(line for line in makefile.splitlines() if "-m pytest" in line)
    assert re.search(r"--dist[ =]loadfile\b", command), command


def test_no_module_relies_on_group_marks() -> None:
    marked = [str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("test_*.py")
              if "xdist" + "_group" in path.read_text(encoding="utf-8")]
    assert marked == []
