"""Printing cost: the certificates of one decision with 1,000 recipients in one PDF.

Builds a store (temporary SQLite file) with 1,000 people of five units, nominated, approved
by a council and awarded by one issued decision; then times
``Certificates.decision_certificates`` end to end (loading the decision, each recipient's
award history, person and unit, and drawing 1,000 pages with the embedded font) and the
drawing alone. Prints the median of each (target: under 5 s for 1,000 certificates).
Run:

    .venv/bin/python bench/certificates.py [--recipients 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from docgen.certificate_pdf import certificates_pdf  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.config import Settings  # noqa: E402
from services.store import init_store, open_thidua  # noqa: E402
from tests.support.awards_world import (  # noqa: E402
    AWARDS_TODAY,
    SECRET,
    approve,
    build_world,
    decide,
    nominate,
)


def build(recipients: int) -> tuple[object, str]:
    """A store with one issued Giấy khen decision for ``recipients`` people."""
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="bench-certificates-")),
                        secret_key="bench-certificates-secret-key")
    init_store(settings)
    app = open_thidua(settings, clock=lambda: AWARDS_TODAY, ballot_key=SECRET,
                      password_hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                     parallelism=1))
    world = build_world(app, members=3, schools=5, others=1)
    chosen = []
    for index in range(recipients):
        person = app.organisation.create_person(
            full_name=f"Nguyễn Thị Thu Hương {index:04d}",
            unit_code=f"CDCS-GD{index % 5 + 1}", position="Giáo viên", actor=SYSTEM)["id"]
        chosen.append(nominate(world, "individual", person, "giay_khen")["id"])
    approve(world, chosen)
    decision = decide(world, "giay_khen", chosen, issued_on=date(2026, 1, 15))
    return app, decision["id"]


def median_seconds(rounds: int, work: object) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    app, decision_id = build(args.recipients)
    print(f"store built in {time.perf_counter() - started:.1f} s "
          f"({args.recipients} recipients, one issued decision)")
    certificates = app.certificates  # type: ignore[attr-defined]
    result = certificates.decision_certificates(decision_id)
    decision = app.decisions.decision(decision_id)  # type: ignore[attr-defined]
    pages = certificates.texts(decision)
    layout = certificates.get_layout("giay_khen")
    assert len(pages) == args.recipients
    whole = median_seconds(args.rounds, lambda: certificates.decision_certificates(decision_id))
    drawing = median_seconds(args.rounds, lambda: certificates_pdf(layout, pages, "bench"))
    print(f"{args.recipients} certificates in one PDF ({len(result.data) / 1e6:.1f} MB): "
          f"{whole:.2f} s end to end (median of {args.rounds}), {drawing:.2f} s drawing "
          f"only; target under 5 s: {'met' if whole < 5 else 'NOT met'}")
    app.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
