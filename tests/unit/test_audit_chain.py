"""The chain's arithmetic, and verify/seal/export on the in-memory store."""

from __future__ import annotations

import io
from hashlib import sha256
from pathlib import Path
from uuid import uuid4

import orjson
import pytest

from services.app import ThiduaApplication
from services.audit.chain import (
    GENESIS,
    chain_link,
    link_row,
    row_content,
    row_digest,
)
from services.audit.seal import Sealer
from services.audit.transfer import FORMAT, ImportRefused, export_events, import_events
from services.audit.verify import verify
from services.projections.log import originator_bytes
from tests.support.scenarios import seed

ID = uuid4()


def test_every_stored_field_is_covered_by_the_digest() -> None:
    base = row_digest(ID.bytes, 3, "events.unit:Unit.Renamed", b'{"name":"A"}')
    variants = [
        row_digest(uuid4().bytes, 3, "events.unit:Unit.Renamed", b'{"name":"A"}'),
        row_digest(ID.bytes, 4, "events.unit:Unit.Renamed", b'{"name":"A"}'),
        row_digest(ID.bytes, 3, "events.unit:Unit.Registered", b'{"name":"A"}'),
        row_digest(ID.bytes, 3, "events.unit:Unit.Renamed", b'{"name":"B"}'),
        row_digest(ID.bytes, 3, "events.unit:Unit.Renamed", None),
        row_digest(ID.bytes, 3, "events.unit:Unit.Renamed", b""),
        row_digest(ID.bytes, None, "events.unit:Unit.Renamed", b'{"name":"A"}'),
        # SQLite keeps whatever type is written: the same text as TEXT is a change too.
        row_digest(ID.bytes, 3, "events.unit:Unit.Renamed", '{"name":"A"}'),
        row_digest(ID.bytes, "3", "events.unit:Unit.Renamed", b'{"name":"A"}'),
        row_digest(ID.bytes, 3.0, "events.unit:Unit.Renamed", b'{"name":"A"}'),
        row_digest(ID.bytes, 3, b"events.unit:Unit.Renamed", b'{"name":"A"}'),
    ]
    assert len({base, *variants}) == len(variants) + 1


def test_a_link_covers_the_previous_link_the_position_and_the_rows_digest() -> None:
    content = row_content(ID.bytes, 1, "t", b"s")
    digest, link = link_row(GENESIS, 7, content)
    assert digest == sha256(content).digest()
    assert link == chain_link(GENESIS, 7, digest)  # the digest alone is enough to link
    assert link != chain_link(GENESIS, 8, digest)
    assert link != chain_link(chain_link(GENESIS, 6, digest), 7, digest)
    assert link != link_row(GENESIS, 7, row_content(ID.bytes, 1, "t", b"S"))[1]
    assert len(link) == 32


def test_ids_are_hashed_as_stored() -> None:
    assert originator_bytes(ID) == originator_bytes(ID.hex) == ID.bytes
    # Text the library would no longer find is not the same id.
    assert originator_bytes(ID.hex.upper()) != ID.bytes
    assert originator_bytes(str(ID)) != ID.bytes


def test_memory_store_verifies_seals_and_exports(memory_app: ThiduaApplication) -> None:
    seed(memory_app)
    sealer = Sealer(memory_app.store)
    last = memory_app.store.last_position()
    seal = sealer.seal()
    assert seal is not None and seal["position"] == last and seal["sealed_by"] == "system"
    assert sealer.seal() is None  # nothing new since
    report = verify(memory_app.store)
    assert report.ok and report.seals == 1 and report.backend == "memory"
    assert report.checked == memory_app.store.event_count()

    out = io.BytesIO()
    summary = export_events(memory_app.store, out)
    lines = out.getvalue().splitlines()
    header = orjson.loads(lines[0])
    assert header["format"] == FORMAT and header["events"] == len(lines) - 1
    assert header["application"] == "Thidua" and header["encrypted"] is False
    assert orjson.loads(lines[-1])["link"] == summary.head_link == report.head_link


def test_import_needs_a_real_store(memory_app: ThiduaApplication, tmp_path: Path) -> None:
    seed(memory_app)
    path = tmp_path / "x.ndjson"
    with path.open("wb") as handle:
        export_events(memory_app.store, handle)
    target = ThiduaApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    with pytest.raises(ImportRefused):
        import_events(target, path)
