"""Does a request get slower as an account signs in more? (Issue 12, item 7.)

Before, every request replayed the account with all its logins: after 1,000 logins
`GET /api/v1/units` went from 45 to 69 ms median. Sign-ins are now kept apart from the
account; this measures the same request, through the Flask app in process, for an account
that signed in once and for one that signed in 1,000 times, on SQLite and PostgreSQL.

    .venv/bin/python bench/logins.py [--logins 1000] [--requests 300] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argon2 import PasswordHasher  # noqa: E402

from bench.stores import drop_store, fresh_store  # noqa: E402
from services.actors import SYSTEM  # noqa: E402
from services.store import open_thidua  # noqa: E402
from services.web import create_app  # noqa: E402

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def median_ms(client, token: str, requests: int) -> float:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(20):
        client.get("/api/v1/units", headers=headers)  # warm
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get("/api/v1/units", headers=headers).status_code == 200
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run(kind: str, tmp: Path, postgres_url: str, logins: int, requests: int) -> None:
    settings = fresh_store(kind, tmp, postgres_url, "logins")
    thidua = open_thidua(settings, password_hasher=HASHER)
    try:
        for i in range(20):
            thidua.organisation.create_unit(code=f"U{i}", name=f"Đơn vị {i}", actor=SYSTEM)
        for name in ("mot-lan", "nghin-lan"):
            thidua.accounts.create_user(username=name, password="mat-khau-dai", role="admin",
                                        actor=SYSTEM)
        for _ in range(logins - 1):
            thidua.sign_ins.sign_in("nghin-lan", "mat-khau-dai", "10.0.0.1")
        client = create_app(settings, thidua=thidua).test_client()
        tokens = {name: client.post("/api/v1/auth/token", json={
            "username": name, "password": "mat-khau-dai"}).json["token"]
            for name in ("mot-lan", "nghin-lan")}
        once = median_ms(client, tokens["mot-lan"], requests)
        many = median_ms(client, tokens["nghin-lan"], requests)
        events = thidua.accounts.user("nghin-lan").version
        print(f"{kind:<9} GET /api/v1/units median: signed in once {once:.2f} ms, "
              f"{logins:,} times {many:.2f} ms (ratio {many / once:.2f}); the account has "
              f"{events} events")
    finally:
        thidua.close()
        drop_store(settings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("sqlite", *([] if args.skip_postgres else ["postgres"])):
            run(kind, Path(tmp), args.postgres_url, args.logins, args.requests)


if __name__ == "__main__":
    main()
