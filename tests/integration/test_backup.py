"""thidua backup → restore on SQLite and PostgreSQL: equal views, a verified chain, the
files and the accounts kept; a backup taken under writes is one consistent instant; a
changed backup or a non-empty target is refused with nothing written."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from events.errors import DomainError
from services.actors import SYSTEM
from services.audit.seal import Sealer
from services.audit.verify import verify
from services.backup import BackupRefused, backup, read_meta, restore
from services.cli import main
from services.config import Settings
from services.demo import load_demo
from services.files import PDF, FileStore
from services.projections.registry import all_projections
from services.projections.runner import rebuild
from services.store import init_store
from services.thidua import Thidua
from tests.support.projections import dump, project_all
from tests.support.stores import AppFactory, make_settings

SCAN = b"%PDF-1.4\n% phieu y kien co chu ky\n%%EOF\n"


def fresh(like: Settings, tmp_path: Path, request: pytest.FixtureRequest,
          name: str = "target") -> Settings:
    settings = make_settings(like.backend, tmp_path / name, request)
    init_store(settings)
    return settings


@pytest.fixture
def source(store_settings: Settings, open_app: AppFactory) -> Thidua:
    app = open_app(store_settings)
    load_demo(app)
    FileStore(app.store).put(SCAN, PDF)
    project_all(app)
    assert Sealer(app.store).seal() is not None
    project_all(app)
    return app


def views(app: Thidua) -> dict[str, object]:
    return {p.view: dump(rebuild(app.store, p)) for p in all_projections()}


def test_backup_then_restore_gives_the_same_store(
    source: Thidua, store_settings: Settings, open_app: AppFactory, tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    made = backup(source.store, tmp_path / "thidua.backup")
    meta = read_meta(tmp_path / "thidua.backup")
    assert meta["source_backend"] == store_settings.backend
    assert (made.events, made.last_position, made.files) == \
        (source.store.event_count(), source.store.last_position(), 1)
    assert not (tmp_path / "thidua.backup.partial").exists()

    target = open_app(fresh(store_settings, tmp_path, request))
    restored = restore(target.store, tmp_path / "thidua.backup")
    assert (restored.events, restored.last_position, restored.head_link, restored.files) == \
        (made.events, made.last_position, made.head_link, 1)
    project_all(target)
    live = {p.view: dump(open_view_of(target, p)) for p in all_projections()}
    assert live == views(target) == views(source)  # views built live equal a rebuild
    report = verify(target.store)
    assert report.ok and report.seals == 1 and report.head_link == made.head_link
    assert FileStore(target.store).get(FileStore(source.store).put(SCAN, PDF)).data == SCAN
    admin = target.sign_ins.authenticate("admin", "thidua-admin", "127.0.0.1")
    assert admin.username == "admin"  # password hashes are in a backup


def open_view_of(app: Thidua, projection: object):  # type: ignore[no-untyped-def]
    from services.projections.runner import open_view

    return open_view(app.store, projection)  # type: ignore[arg-type]


def test_a_backup_taken_while_the_service_writes_is_one_instant(
    source: Thidua, store_settings: Settings, open_app: AppFactory, tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    stop = threading.Event()
    writer = open_app(store_settings)

    def write() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            writer.organisation.create_unit(code=f"BUSY-{number}", name=f"Đơn vị số {number}",
                                            parent_code="LDLD", actor=SYSTEM)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        made = backup(source.store, tmp_path / "busy.backup")
    finally:
        stop.set()
        thread.join()
    target = open_app(fresh(store_settings, tmp_path, request))
    restored = restore(target.store, tmp_path / "busy.backup")
    assert restored.events == made.events and restored.head_link == made.head_link
    project_all(target)
    assert verify(target.store).ok
    assert source.store.last_position() > made.last_position  # writes went on meanwhile


def test_a_changed_backup_is_refused_and_nothing_is_written(
    source: Thidua, tmp_path: Path, open_app: AppFactory, request: pytest.FixtureRequest,
    store_settings: Settings,
) -> None:
    path = tmp_path / "changed.backup"
    backup(source.store, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE stored_events SET state = CAST(state || ' ' AS BLOB) "
                     "WHERE rowid = 50")
    conn.close()
    target = open_app(fresh(store_settings, tmp_path, request))
    with pytest.raises(DomainError, match="tệp đã bị sửa|niêm phong"):
        restore(target.store, path)
    assert target.store.last_position() == 0
    assert FileStore(target.store).get(FileStore(source.store).put(SCAN, PDF)) is None


def test_restore_needs_an_empty_store_and_a_backup(source: Thidua, tmp_path: Path) -> None:
    path = tmp_path / "thidua.backup"
    backup(source.store, path)
    with pytest.raises(DomainError, match="Kho đích không trống"):
        restore(source.store, path)
    (tmp_path / "other.sqlite3").write_bytes(b"not a database")
    with pytest.raises(BackupRefused, match="không phải bản sao lưu"):
        restore(source.store, tmp_path / "other.sqlite3")


def test_the_backup_and_restore_commands(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("THIDUA_DATABASE_URL", "THIDUA_DATABASE_SCHEMA", "THIDUA_CIPHER_KEY"):
        monkeypatch.delenv(key, raising=False)

    def run(*args: str, data: str = "data"):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args), catch_exceptions=False,
                                  env={"THIDUA_DATA_DIR": str(tmp_path / data)})

    assert run("db", "init").exit_code == 0
    assert run("demo").exit_code == 0
    made = run("backup", "--out", str(tmp_path / "b.sqlite3"))
    assert made.exit_code == 0 and "Đã sao lưu" in made.output, made.output
    restored = run("restore", str(tmp_path / "b.sqlite3"), data="copy")
    assert restored.exit_code == 0 and "Đã khôi phục" in restored.output, restored.output
    assert run("audit", "verify", data="copy").exit_code == 0
    again = run("restore", str(tmp_path / "b.sqlite3"), data="copy")
    assert again.exit_code == 1 and "Kho đích không trống" in again.output
