"""Rendering cost: a Quyết định khen thưởng with 1,000 awardees, ours against bare docxtpl.

Both sides render the same template with the same context and Jinja2 environment in the
same run. "docxtpl" is DocxTemplate.render + save, nothing else; "docgen.render" adds what
makes the file an official, reproducible document (NFC input, rule sizing, core properties,
the fixed zip). Prints the median time of each and their ratio (targets: < 1 s, ratio ≤ 1.3).
Run:

    .venv/bin/python bench/docgen.py [--awardees 1000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docxtpl import DocxTemplate  # noqa: E402

from docgen.examples import example_context  # noqa: E402
from docgen.render import environment, render, template_path  # noqa: E402

TEMPLATE = "quyet_dinh_khen_thuong"
UNITS = [
    "Công đoàn Trường THPT chuyên Lê Quý Đôn",
    "Công đoàn Bệnh viện Đa khoa tỉnh Lai Châu",
    "Công đoàn Sở Tài chính",
    "Công đoàn Trung tâm Y tế huyện Phong Thổ",
    "Công đoàn Công ty Cổ phần Chè Than Uyên",
]
FAMILY = ["Nguyễn", "Lò", "Hoàng", "Vàng", "Trần", "Lường", "Giàng", "Phạm"]
GIVEN = ["Thị Thu Hà", "Văn Thắng", "Thị Lan", "A Sử", "Minh Tuấn", "Thị Mây", "Văn Hưng"]


def context(awardees: int) -> dict[str, Any]:
    """Return the example decision with ``awardees`` rows in its appendix."""
    data = example_context(TEMPLATE)
    data["awardees"] = [
        {
            "name": f"{FAMILY[i % len(FAMILY)]} {GIVEN[i % len(GIVEN)]}",
            "unit": UNITS[i % len(UNITS)],
            "award": "Bằng khen",
            "amount": Decimal(3_510_000),
        }
        for i in range(awardees)
    ]
    return data


def bare(data: dict[str, Any]) -> bytes:
    """Render with docxtpl alone: the same template, environment and context."""
    template = DocxTemplate(str(template_path(TEMPLATE)))
    template.render(data, jinja_env=environment(), autoescape=True)
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def ours(data: dict[str, Any]) -> bytes:
    return render(TEMPLATE, data)


def timed(function, data: dict[str, Any]) -> float:
    start = time.perf_counter()
    function(data)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awardees", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    data = context(args.awardees)
    ours(data)  # warm up: imports, template cache
    bare(data)
    times: dict[str, list[float]] = {"docxtpl": [], "docgen.render": []}
    ratios = []
    for round_ in range(args.rounds):
        # Alternate which side goes first, so neither always meets a warm cache.
        order = [("docxtpl", bare), ("docgen.render", ours)]
        if round_ % 2:
            order.reverse()
        measured = {name: timed(function, data) for name, function in order}
        for name, seconds in measured.items():
            times[name].append(seconds)
        ratios.append(measured["docgen.render"] / measured["docxtpl"])
    base = statistics.median(times["docxtpl"])
    mine = statistics.median(times["docgen.render"])
    ratio = statistics.median(ratios)
    print(f"Quyết định with {args.awardees} awardees, median of {args.rounds} rounds")
    print(f"  docxtpl (bare render + save): {base:.3f} s")
    print(f"  docgen.render:                {mine:.3f} s  (target < 1 s)")
    print(f"  ratio:                        {ratio:.2f}  (target ≤ 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
