"""Tamper evidence on a temporary SQLite file and a PostgreSQL schema: rows are changed,
deleted and swapped with raw SQL on the real event table, and ``verify`` names them."""

from __future__ import annotations

import sqlite3
import threading
import time
from hashlib import sha256
from typing import Any

import pytest

from services.actors import SYSTEM
from services.app import ThiduaApplication
from services.audit.chain import (
    GENESIS,
    ChainError,
    ChainProjection,
    chain_link,
    open_chain,
    row_content,
)
from services.audit.index import AuditIndexProjection, EventQuery, query_index, scan_log
from services.audit.seal import Sealer, SealingWorker
from services.audit.verify import verify
from services.config import Settings
from services.projections.log import NotificationLog
from services.projections.registry import all_projections
from services.projections.runner import open_view, rebuild
from tests.support.projections import dump, project_all
from tests.support.scenarios import REVIEWER
from tests.support.standings_fixtures import build
from tests.support.stores import POSTGRES_URL, AppFactory


class RawStore:
    """The event table, reached around the application as an intruder would."""

    def __init__(self, settings: Settings) -> None:
        self.sqlite = settings.backend == "sqlite"
        if self.sqlite:
            self.path = settings.sqlite_path
            self.table, self.id = "stored_events", "rowid"
        else:
            schema = settings.postgres_schema()
            self.table, self.id = f'"{schema}".thidua_events', "notification_id"

    def run(self, statement: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        statement = statement.format(table=self.table, id=self.id)
        if self.sqlite:
            with sqlite3.connect(self.path, timeout=30) as conn:
                rows = conn.execute(statement, params or []).fetchall()
            conn.close()
            return rows
        import psycopg

        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            cursor = conn.execute(statement.replace("?", "%s"), params or [])
            return cursor.fetchall() if cursor.description else []

    def positions(self) -> list[int]:
        return [row[0] for row in self.run("SELECT {id} FROM {table} ORDER BY {id}")]

    def change_state(self, position: int) -> None:
        (state,) = self.run("SELECT state FROM {table} WHERE {id} = ?", [position])[0]
        forged = bytes(state).replace(b'"actor":"system"', b'"actor":"mallory"') \
            if b'"actor":"system"' in bytes(state) else bytes(state) + b" "
        self.run("UPDATE {table} SET state = ? WHERE {id} = ?", [forged, position])

    def delete(self, position: int) -> None:
        self.run("DELETE FROM {table} WHERE {id} = ?", [position])

    def swap(self, first: int, second: int) -> None:
        for old, new in ((first, -1), (second, first), (-1, second)):
            self.run("UPDATE {table} SET {id} = ? WHERE {id} = ?", [new, old])




@pytest.fixture
def sealed(store_settings: Settings, open_app: AppFactory) -> ThiduaApplication:
    """A small campaign's events, linked and sealed, then a few more events linked."""
    app = open_app(store_settings)
    data = build(app)
    project_all(app)
    assert Sealer(app.store).seal() is not None
    app.campaigns.post_scores(campaign_id=data["campaign"], subject_id=data["units"]["CDCS-BV"],
                              period="2020-01", stage="review", scores={"TT1": 30, "TT2": 40,
                                                                        "TT3": 30},
                              actor=REVIEWER)
    project_all(app)
    return app


def test_an_untouched_store_verifies(sealed: ThiduaApplication) -> None:
    report = verify(sealed.store)
    assert report.ok, report.problems
    assert report.checked == sealed.store.event_count() and report.seals == 1
    assert report.unchained == 0 and report.chain_head == sealed.store.last_position()
    assert report.summary().startswith("Chuỗi băm khớp")


@pytest.mark.parametrize("tamper", ["modify", "delete", "swap"])
def test_a_changed_deleted_or_swapped_row_is_named(
    sealed: ThiduaApplication, store_settings: Settings, tamper: str
) -> None:
    raw = RawStore(store_settings)
    positions = raw.positions()
    target, other = positions[len(positions) // 3], positions[len(positions) // 3 + 5]
    if tamper == "modify":
        raw.change_state(target)
    elif tamper == "delete":
        raw.delete(target)
    else:
        raw.swap(target, other)

    report = verify(sealed.store)

    assert not report.ok
    first = report.first
    assert first is not None and first.position == target
    expected = {"modify": "modified", "delete": "deleted", "swap": "moved"}[tamper]
    assert first.kind == expected, report.problems
    if tamper == "swap":
        moved = [(p.position, p.kind) for p in report.problems if p.kind == "moved"]
        assert moved == [(target, "moved"), (other, "moved")]
        assert f"sự kiện số {other}" in first.message
    # The seal covers the change too: the chain recomputed from today's rows differs.
    assert any(p.kind == "seal" for p in report.problems)
    assert f"sự kiện số {target}" in report.summary()


def test_rewriting_rows_and_links_together_is_caught_by_the_seal(
    sealed: ThiduaApplication, store_settings: Settings
) -> None:
    raw = RawStore(store_settings)
    chain = open_chain(sealed.store)
    assert chain is not None
    target = raw.positions()[4]
    raw.change_state(target)
    # The intruder also recomputes every link from the changed row on.
    links = chain.table_name("links")
    link = GENESIS
    for position, originator, version, topic, state in _rows(sealed):
        content = row_content(originator, version, topic, state)
        digest = sha256(content).digest()
        link = chain_link(link, position, digest)
        if position >= target:
            with chain.transaction(commit=True) as cursor:
                cursor.execute(chain.sql(f"UPDATE {links} SET digest = ?, link = ? "
                                         "WHERE position = ?"), [digest, link, position])

    report = verify(sealed.store)

    assert [p.kind for p in report.problems] == ["seal"]
    assert "đã bị thay đổi" in report.problems[0].message
    assert f"từ sau sự kiện số 0 đến sự kiện số {report.problems[0].position}" \
        in report.problems[0].message


def _rows(app: ThiduaApplication) -> list[Any]:
    return list(NotificationLog(app.store).rows(0, 100_000))


def test_removing_the_last_events_with_their_links_is_caught(
    sealed: ThiduaApplication, store_settings: Settings
) -> None:
    raw = RawStore(store_settings)
    chain = open_chain(sealed.store)
    assert chain is not None
    last = raw.positions()[-1]
    raw.delete(last)
    with chain.transaction(commit=True) as cursor:
        cursor.execute(chain.sql(f"DELETE FROM {chain.table_name('links')} WHERE position = ?"),
                       [last])

    report = verify(sealed.store)

    assert report.first is not None and report.first.kind == "truncated"
    assert report.first.position == last


def test_a_rebuild_refuses_to_hide_a_change(sealed: ThiduaApplication,
                                            store_settings: Settings) -> None:
    raw = RawStore(store_settings)
    target = raw.positions()[7]
    raw.change_state(target)
    with pytest.raises(ChainError, match=f"sự kiện số {target}"):
        rebuild(sealed.store, ChainProjection())
    assert open_view(sealed.store, ChainProjection()).generation == 1  # reads keep the old chain
    assert verify(sealed.store).first.position == target  # type: ignore[union-attr]


def test_a_rebuild_of_an_untouched_chain_switches(sealed: ThiduaApplication) -> None:
    before = dump(open_view(sealed.store, ChainProjection()))
    store = rebuild(sealed.store, ChainProjection())
    assert store.generation == 2 and dump(store) == before
    assert verify(sealed.store).ok


def test_gaps_in_postgres_ids_are_not_tampering(store_settings: Settings,
                                                open_app: AppFactory) -> None:
    app = open_app(store_settings)
    data = build(app)
    # A second self-assessment of a scorecard first tries an insert that fails on
    # PostgreSQL after taking a sequence value: the log gets a gap.
    app.campaigns.post_scores(campaign_id=data["campaign"], subject_id=data["units"]["CDCS-BV"],
                              period="2020-01", stage="self", scores={"TT1": 29, "TT2": 40,
                                                                      "TT3": 30},
                              actor=SYSTEM)
    app.organisation.create_unit(code="SAU-KHOANG-TRONG", name="Đơn vị ghi sau khoảng trống",
                                 actor=SYSTEM)
    project_all(app)
    positions = RawStore(store_settings).positions()
    if store_settings.backend == "postgres":
        assert positions[-1] > len(positions)  # there is a gap
    assert verify(app.store).ok


def test_the_index_matches_a_scan_of_the_log_live_and_rebuilt(
    sealed: ThiduaApplication
) -> None:
    queries = [EventQuery(limit=1000), EventQuery(actor="chamdiem", limit=1000),
               EventQuery(event_type="Scorecard.Corrected"),
               EventQuery(descending=False, limit=7, cursor=3)]
    live = open_view(sealed.store, AuditIndexProjection())
    for q in queries:
        assert query_index(live, q) == scan_log(sealed.store, q), q
    before = dump(live)
    fresh = rebuild(sealed.store, AuditIndexProjection())
    assert dump(fresh)["events"] == before["events"]
    assert dump(fresh)["aggregates"] == before["aggregates"]
    assert dump(fresh)["staged"] == []
    for q in queries:
        assert query_index(fresh, q) == scan_log(sealed.store, q), q


def test_the_sealing_worker_seals_every_n_events(store_settings: Settings,
                                                 open_app: AppFactory) -> None:
    app = open_app(store_settings)
    worker = SealingWorker(app.store, all_projections(), poll_interval=0.02, seal_every=20,
                           seal_interval=0.05)
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        build(app)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and Sealer(app.store).last_sealed() < 20:
            time.sleep(0.05)
    finally:
        worker.stop()
        thread.join(timeout=20)
    assert not thread.is_alive()
    project_all(app)
    report = verify(app.store)
    assert report.ok and report.seals >= 1
