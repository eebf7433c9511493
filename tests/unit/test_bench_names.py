"""Bench scripts run as `python bench/NAME.py`, which puts bench/ first on the path: a
script named after a standard-library module (http.py) shadows it for every other script
(prometheus_client imports http.server, so `bench/projections.py` failed at import)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_no_bench_script_shadows_a_standard_library_module() -> None:
    names = {path.stem for path in BENCH.glob("*.py")} - {"__init__"}
    assert "projections" in names  # the folder was found
    assert sorted(names & sys.stdlib_module_names) == []
