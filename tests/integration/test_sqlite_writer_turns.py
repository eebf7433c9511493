"""SQLite writers take turns through a lock the kernel hands on (services/sqlite_writers.py,
issue 12 load item): a writer in another process waits in ``flock`` for the one writing,
instead of being put to sleep by SQLite's busy handler for up to 100 ms at a time. Whether
a process waits is read from /proc/locks (the kernel's own list of blocked lock
requests), not from the clock."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

from services.actors import SYSTEM
from services.config import Settings
from services.sqlite_writers import WriterTurns, lock_path
from services.store import open_thidua
from tests.support.stores import CHEAP_HASHER, AppFactory

CONTEXT = multiprocessing.get_context("fork")
PATIENCE = 60.0  # seconds a child may take to start (a bound against hanging, not a measure)


def waiting_for(path: str, pid: int) -> bool:
    """Whether process ``pid`` waits for a lock on the file at ``path`` (a blocked request
    is listed with ``->`` in /proc/locks: ``1: -> FLOCK ADVISORY WRITE <pid> <dev>:<inode>``)."""
    inode = os.stat(path).st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and len(fields) > 6:
            at = fields.index("->")
            if fields[at + 4] == str(pid) and fields[at + 5].endswith(f":{inode}"):
                return True
    return False


def wait_until_blocked(path: str, process: multiprocessing.process.BaseProcess) -> None:
    deadline = time.monotonic() + PATIENCE
    while not waiting_for(path, process.pid or 0):
        assert process.is_alive(), f"the child ended without waiting (exit {process.exitcode})"
        assert time.monotonic() < deadline, "the child never waited for the lock"
        time.sleep(0.01)


def create_unit(settings: Settings) -> None:
    thidua = open_thidua(settings, password_hasher=CHEAP_HASHER)
    try:
        thidua.organisation.create_unit(code="CDCS", name="Công đoàn cơ sở", actor=SYSTEM)
    finally:
        thidua.close()


def take_turn(turns: WriterTurns, done: multiprocessing.synchronize.Event) -> None:
    with turns.turn():
        done.set()


def test_a_writer_in_another_process_waits_for_its_turn(sqlite_settings: Settings,
                                                        open_app: AppFactory) -> None:
    holder = open_app(sqlite_settings)
    datastore = holder.store.recorder.datastore
    lock = lock_path(str(sqlite_settings.sqlite_path))
    with datastore.transaction(commit=True) as cursor:  # this process's turn to write
        cursor.execute("SELECT 1")
        child = CONTEXT.Process(target=create_unit, args=(sqlite_settings,))
        child.start()
        wait_until_blocked(lock, child)  # in flock, not asleep in SQLite's busy handler
        assert holder.organisation.list_units() == []  # nothing written past our turn
    child.join(PATIENCE)
    assert child.exitcode == 0
    assert [u["code"] for u in holder.organisation.list_units()] == ["CDCS"]


def test_a_forked_child_does_not_share_its_parents_turn(tmp_path: Path) -> None:
    """flock belongs to an open file: a child that used the descriptor it inherited would
    be let in while its parent writes."""
    turns = WriterTurns(str(tmp_path / "store.sqlite3.write-lock"))
    done = CONTEXT.Event()
    with turns.turn():
        child = CONTEXT.Process(target=take_turn, args=(turns, done))
        child.start()
        wait_until_blocked(turns.path, child)
        assert not done.is_set()
    child.join(PATIENCE)
    assert child.exitcode == 0 and done.is_set()
    turns.close()


def test_the_lock_file_lies_beside_the_database() -> None:
    assert lock_path("/srv/thidua/thidua.sqlite3") == "/srv/thidua/thidua.sqlite3.write-lock"
    assert lock_path("file:/srv/t.sqlite3?mode=rwc") == "/srv/t.sqlite3.write-lock"
