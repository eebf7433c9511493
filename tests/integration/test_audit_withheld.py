"""An auditor's export withholds password hashes and still verifies end to end (issue 12
item 11); chain version 2 links a row through its digest; a store whose chain is still
version 1 switches to version 2 only over unchanged rows, and its old seals keep counting."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest
from eventsourcing.utils import get_topic

from events.audit import AuditSeal
from events.user import User
from services.app import ThiduaApplication
from services.audit.chain import (
    GENESIS_V1,
    LEGACY_VIEW,
    LINKS,
    ChainError,
    ChainProjection,
    chain_link_v1,
    row_content,
    row_digest,
)
from services.audit.seal import Sealer
from services.audit.transfer import (
    ImportRefused,
    check_file,
    export_events,
    import_events,
)
from services.audit.verify import verify
from services.config import Settings
from services.demo import load_demo
from services.projections.log import NotificationLog
from services.projections.runner import catch_up, open_view
from services.projections.viewstore import ViewStore
from services.store import init_store
from services.thidua import Thidua
from tests.support.projections import project_all
from tests.support.stores import AppFactory, make_settings

CREDENTIAL_TOPICS = {get_topic(User.Created), get_topic(User.PasswordChanged)}


def export(app: Thidua, path: Path, **options: Any) -> Any:
    with path.open("wb") as handle:
        return export_events(app.store, handle, **options)


@pytest.fixture
def demo(store_settings: Settings, open_app: AppFactory) -> Thidua:
    app = open_app(store_settings)
    load_demo(app)
    project_all(app)
    assert Sealer(app.store).seal() is not None
    project_all(app)
    return app


def credential_events(app: Thidua) -> int:
    return sum(1 for topic in CREDENTIAL_TOPICS for _ in NotificationLog(app.store)
               .with_topic(topic))


def test_the_auditors_export_carries_no_password_hash_and_still_verifies(
    demo: Thidua, tmp_path: Path
) -> None:
    path = tmp_path / "audit.ndjson"
    summary = export(demo, path)
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    header, events = lines[0], lines[1:]

    assert header["format_version"] == 2 and header["credentials"] is False
    assert header["withheld"]["field"] == "password_hash"
    withheld = [e for e in events if "withheld" in e]
    assert summary.withheld == len(withheld) == credential_events(demo) > 5
    assert {e["topic"] for e in withheld} <= CREDENTIAL_TOPICS
    for event in events:  # no hash anywhere: not in a state, not in a withheld line
        text = base64.b64decode(event["state"]) if "state" in event else orjson.dumps(event)
        assert b"$argon2" not in text and b"password_hash\":\"" not in text
    created = next(e for e in withheld if e["topic"] == get_topic(User.Created))
    assert created["withheld"] == "password_hash" and "state" not in created
    assert {"username", "role"} <= set(created["fields"])  # who was given which account
    assert "password_hash" not in created["fields"]

    checked = check_file(demo.store, path)
    report = verify(demo.store)
    assert report.ok
    assert (checked.events, checked.last_position, checked.withheld, checked.seals) == \
        (demo.store.event_count(), demo.store.last_position(), len(withheld), 1)
    assert checked.head_link == summary.head_link == report.head_link


def _rewrite(path: Path, change: Any) -> tuple[Path, int]:
    lines = path.read_bytes().splitlines()
    index = next(i for i, line in enumerate(lines) if b'"withheld":"password_hash"' in line)
    record = orjson.loads(lines[index])
    change(record)
    lines[index] = orjson.dumps(record)
    out = path.with_name("changed.ndjson")
    out.write_bytes(b"\n".join(lines) + b"\n")
    return out, index + 1


@pytest.mark.parametrize("change", ["digest", "link"])
def test_a_withheld_lines_digest_or_link_changed_is_named(
    demo: Thidua, tmp_path: Path, change: str
) -> None:
    path = tmp_path / "audit.ndjson"
    export(demo, path)

    def forge(record: dict[str, Any]) -> None:
        record[change] = "0" * 64

    changed, line = _rewrite(path, forge)
    with pytest.raises(ImportRefused, match=f"^Dòng {line}: mắt xích"):
        check_file(demo.store, changed)


def test_an_auditors_export_is_not_imported_and_a_full_one_is(
    demo: Thidua, tmp_path: Path, store_settings: Settings, open_app: AppFactory,
    request: pytest.FixtureRequest,
) -> None:
    target_settings = make_settings(store_settings.backend, tmp_path / "target", request)
    init_store(target_settings)
    target = open_app(target_settings)
    export(demo, tmp_path / "audit.ndjson")
    with pytest.raises(ImportRefused, match="--with-credentials"):
        import_events(target.store, tmp_path / "audit.ndjson")
    assert target.store.last_position() == 0

    full = export(demo, tmp_path / "full.ndjson", with_credentials=True)
    assert full.withheld == 0
    assert b"password_hash" in b"".join(
        base64.b64decode(orjson.loads(line)["state"])
        for line in (tmp_path / "full.ndjson").read_bytes().splitlines()[1:])
    imported = import_events(target.store, tmp_path / "full.ndjson")
    assert imported.head_link == full.head_link and imported.seals == 1
    project_all(target)
    assert verify(target.store).ok
    admin = target.sign_ins.authenticate("admin", "thidua-admin", "127.0.0.1")
    assert admin.username == "admin"  # the imported accounts sign in with their passwords


# --- a store whose chain is still version 1 -------------------------------------------------

def _legacy_chain(app: ThiduaApplication, *, seal_link: bytes | None = None) -> int:
    """What a wave-1 store holds: the version-1 chain view and a version-1 seal."""
    log = NotificationLog(app)
    legacy = ViewStore(log.datastore, LEGACY_VIEW, (LINKS,))
    legacy.create_tables()
    link, rows = GENESIS_V1, []
    for number, originator, version, topic, state in log.rows(0, 100_000):
        content = row_content(originator, version, topic, state)
        link = chain_link_v1(link, number, content)
        rows.append((number, row_digest(originator, version, topic, state), link))
    with legacy.transaction(commit=True) as cursor:
        cursor.executemany(legacy.sql(f"INSERT INTO {legacy.table_name('links')} "
                                      "(position, digest, link) VALUES (?, ?, ?)"), rows)
    position = rows[-1][0]
    app.save(AuditSeal(position=position, link=(seal_link or link).hex(),
                       reason="periodic", actor="system"))  # no chain version: version 1
    return position


@pytest.fixture
def wave1(sqlite_settings: Settings, open_app: AppFactory) -> Thidua:
    app = open_app(sqlite_settings)
    load_demo(app)
    return app


def test_a_version_1_store_switches_and_its_old_seal_still_counts(
    wave1: Thidua, sqlite_settings: Settings
) -> None:
    sealed_at = _legacy_chain(wave1.store)
    with sqlite3.connect(sqlite_settings.sqlite_path) as conn:  # as wave 1 wrote it
        conn.execute("UPDATE stored_events SET state = "
                     "CAST(replace(state, ',\"chain\":1', '') AS BLOB) WHERE topic = ?",
                     [get_topic(AuditSeal.Sealed)])
    conn.close()
    seal = wave1.store.repository.get(AuditSeal.create_id(sealed_at))
    assert seal.chain == 1 and seal.as_dict()["link"]
    project_all(wave1)
    report = verify(wave1.store)
    assert report.ok and report.seals == 1 and report.chain_head > sealed_at
    (_, state), = NotificationLog(wave1.store).with_topic(get_topic(AuditSeal.Sealed))
    assert b"chain" not in state


def test_a_wrong_version_1_seal_is_reported(wave1: Thidua) -> None:
    _legacy_chain(wave1.store, seal_link=b"\x01" * 32)
    project_all(wave1)
    report = verify(wave1.store)
    assert [p.kind for p in report.problems] == ["seal"]


def test_the_switch_refuses_rows_changed_after_the_old_chain_linked_them(
    wave1: Thidua, sqlite_settings: Settings
) -> None:
    _legacy_chain(wave1.store)
    with sqlite3.connect(sqlite_settings.sqlite_path) as conn:
        conn.execute("UPDATE stored_events SET state = state || ' ' WHERE rowid = 42")
    conn.close()
    projection = ChainProjection()
    with pytest.raises(ChainError, match="Sự kiện số 42 khác với lúc chuỗi băm cũ"):
        catch_up(wave1.store, projection, open_view(wave1.store, projection, create=True))
    assert [p.kind for p in verify(wave1.store).problems] == ["seal"]  # and verify says so
