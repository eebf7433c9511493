"""Audit figures on SQLite: verify and export speed against a raw read of the same rows.

    .venv/bin/python bench/audit.py [--events 1000000] [--subjects 10000] [--with-import]

Fills a fresh SQLite store with score events (the projections benchmark's data), links
the chain as the worker does (pages of 1,000, each in the transaction of its position),
seals it, then prints in the same run, best of 2 each, alternating:
  - raw read events/s: the same SQL pages of stored rows, fetched and nothing else,
  - verify events/s (`thidua audit verify`'s code) and its ratio to the raw read,
  - export events/s (`thidua audit export`'s code, to a file) and its ratio,
  - with --with-import, import events/s into a second empty store.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from bench.projections import fill  # noqa: E402
from services.app import ThiduaApplication  # noqa: E402
from services.audit.chain import PAGE, ChainProjection  # noqa: E402
from services.audit.seal import Sealer  # noqa: E402
from services.audit.transfer import export_events, import_events  # noqa: E402
from services.audit.verify import verify  # noqa: E402
from services.config import Settings  # noqa: E402
from services.projections.log import NotificationLog, select_after  # noqa: E402
from services.projections.runner import catch_up, open_view  # noqa: E402
from services.store import init_store, open_application, open_thidua  # noqa: E402

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def raw_read(app: ThiduaApplication) -> float:
    """Fetch every stored row in the pages verify and export use; return rows/s."""
    log = NotificationLog(app)
    statement = select_after(log.is_sqlite, log.table, stop=False, limit=True)
    started = time.perf_counter()
    count, after = 0, 0
    while True:
        rows = log.query(statement, [after, PAGE])
        if not rows:
            break
        count += len(rows)
        after = rows[-1][0]
    return count / (time.perf_counter() - started)


def timed(action: object, total: int) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return total / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--with-import", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "source", secret_key="bench")
        init_store(settings)
        app = open_thidua(settings, password_hasher=HASHER)
        print(f"sqlite: writing {args.events:,} events ({args.subjects:,} subjects)…",
              file=sys.stderr)
        fill(app, args.events, args.subjects)
        total = app.store.event_count()

        projection = ChainProjection()
        store = open_view(app.store, projection, create=True)
        started = time.perf_counter()
        catch_up(app.store, projection, store)
        linking = total / (time.perf_counter() - started)
        Sealer(app.store).seal()
        catch_up(app.store, projection, store)
        total = app.store.event_count()

        out = Path(tmp) / "export.ndjson"

        def export() -> None:
            with out.open("wb") as handle:
                export_events(app.store, handle, with_credentials=True)

        def check() -> None:
            report = verify(app.store)
            assert report.ok, report.summary()

        raws, verifies, exports = [], [], []
        for _ in range(2):  # alternate, so that neither always meets a warmer cache
            raws.append(raw_read(app.store))
            verifies.append(timed(check, total))
            exports.append(timed(export, total))
        raw, checked, exported = max(raws), max(verifies), max(exports)
        print(f"sqlite {total:>10,} events: raw read {raw:>9,.0f} ev/s; "
              f"verify {checked:>9,.0f} ev/s (×{checked / raw:.2f}); "
              f"export {exported:>9,.0f} ev/s (×{exported / raw:.2f}, "
              f"{out.stat().st_size / 2**20:,.0f} MiB) — best of 2 each")
        print(f"sqlite {total:>10,} events: chain linked by the worker's pages at "
              f"{linking:,.0f} ev/s")
        if args.with_import:
            target = Settings(data_dir=Path(tmp) / "target", secret_key="bench")
            init_store(target)
            copy = open_application(target)
            rate = timed(lambda: import_events(copy, out), total)
            print(f"sqlite {total:>10,} events: import {rate:,.0f} ev/s")
            copy.close()
        app.close()


if __name__ == "__main__":
    main()
