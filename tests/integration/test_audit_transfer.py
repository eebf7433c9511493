"""Export → import → rebuild on SQLite and PostgreSQL; refused files; encrypted stores."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest

from events.errors import DomainError
from services.actors import SYSTEM
from services.app import ThiduaApplication
from services.audit.seal import Sealer
from services.audit.transfer import ImportRefused, export_events, import_events
from services.audit.verify import verify
from services.config import ConfigurationError, Settings
from services.demo import CAMPAIGN_CODE, load_demo
from services.projections.registry import all_projections
from services.projections.runner import open_view, rebuild
from services.store import init_store
from tests.support.projections import dump, project_all
from tests.support.standings_fixtures import build
from tests.support.stores import AppFactory, make_settings

KEY = base64.b64encode(bytes(range(32))).decode()
OTHER_KEY = base64.b64encode(bytes(range(1, 33))).decode()


def export_to(app: ThiduaApplication, path: Path, *, with_credentials: bool = True) -> Any:
    with path.open("wb") as handle:
        return export_events(app.store, handle, with_credentials=with_credentials)


def fresh_store(like: Settings, tmp_path: Path, request: pytest.FixtureRequest,
                **changes: Any) -> Settings:
    settings = make_settings(like.backend, tmp_path / "target", request)
    if changes:
        settings = Settings(**{**settings.__dict__, **changes})
    init_store(settings)
    return settings


def test_export_import_rebuild_gives_identical_views_and_documents(
    store_settings: Settings, open_app: AppFactory, tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    # A demo-sized store with an issued document and a seal.
    source = open_app(store_settings)
    load_demo(source)
    campaign = next(c for c in source.campaigns.list_campaigns() if c["code"] == CAMPAIGN_CODE)
    plan = source.documents.campaign_plan(campaign["id"], SYSTEM)
    project_all(source)
    assert Sealer(source.store).seal() is not None
    project_all(source)
    before = verify(source.store)
    assert before.ok

    exported = export_to(source, tmp_path / "thidua.ndjson")
    target = open_app(fresh_store(store_settings, tmp_path, request))
    imported = import_events(target.store, tmp_path / "thidua.ndjson")

    assert (imported.events, imported.last_position, imported.head_link) == \
        (exported.events, exported.last_position, exported.head_link) == \
        (source.store.event_count(), source.store.last_position(), before.head_link)
    views = {}
    for app in (source, target):
        views[app] = {p.view: dump(rebuild(app.store, p)) for p in all_projections()}
    assert views[source] == views[target]
    assert views[target]["standings"]["scorecards"]  # not trivially equal
    after = verify(target.store)
    assert after.ok and after.seals == 1 and after.head_link == before.head_link
    documents = target.documents.list_documents()
    assert documents == source.documents.list_documents()
    assert [d["sha256"] for d in documents] == [plan.sha256]
    again = target.documents.campaign_plan(campaign["id"], SYSTEM)
    assert again.sha256 == plan.sha256  # the same inputs render the same file


@pytest.fixture
def exported(sqlite_settings: Settings, open_app: AppFactory, tmp_path: Path) -> Path:
    app = open_app(sqlite_settings)
    build(app)
    project_all(app)
    Sealer(app.store).seal()
    path = tmp_path / "export.ndjson"
    export_to(app, path)
    return path


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _forge_state(line: bytes) -> bytes:
    record = orjson.loads(line)
    state = base64.b64decode(record["state"]).replace(b"chamdiem", b"mallory!")
    record["state"] = base64.b64encode(state).decode()
    return orjson.dumps(record)


def _damage(kind: str, lines: list[bytes]) -> tuple[list[bytes], str]:
    """A damaged copy of the file and the start of the refusal message."""
    target = next(i for i, line in enumerate(lines) if b"Scorecard.Reviewed" in line)
    if kind == "forged":
        lines[target] = _forge_state(lines[target])
        return lines, f"Dòng {target + 1}: mắt xích của sự kiện số"
    if kind == "reordered":
        lines[target], lines[target + 1] = lines[target + 1], lines[target]
        return lines, f"Dòng {target + 1}: mắt xích của sự kiện số"
    if kind == "truncated":
        return lines[:-3], "Tệp thiếu hoặc thừa dòng"
    if kind == "garbled":
        lines[target] = lines[target][:40]
        return lines, f"Dòng {target + 1}: không phải JSON hợp lệ"
    if kind == "seal":  # the seal's link changed, its own line's link recomputed cannot help
        seal = next(i for i, line in enumerate(lines) if b"AuditSeal.Sealed" in line)
        record = orjson.loads(lines[seal])
        state = orjson.loads(base64.b64decode(record["state"]))
        state["link"] = "0" * 64
        record["state"] = base64.b64encode(orjson.dumps(state)).decode()
        lines[seal] = orjson.dumps(record)
        return lines, f"Dòng {seal + 1}: niêm phong"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["forged", "reordered", "truncated", "garbled", "seal"])
def test_a_damaged_file_is_refused_naming_the_line_and_nothing_is_stored(
    exported: Path, kind: str, tmp_path: Path, open_app: AppFactory,
    request: pytest.FixtureRequest,
) -> None:
    damaged, message = _damage(kind, lines_of(exported))
    path = write(tmp_path / f"{kind}.ndjson", damaged)
    target = open_app(fresh_store(Settings(data_dir=tmp_path), tmp_path, request))
    with pytest.raises(ImportRefused) as refused:
        import_events(target.store, path)
    assert refused.value.message.startswith(message), refused.value.message
    assert refused.value.field == "file"
    assert target.store.last_position() == 0


def test_import_into_a_store_with_events_is_refused(
    exported: Path, sqlite_settings: Settings, open_app: AppFactory
) -> None:
    app = open_app(sqlite_settings)
    with pytest.raises(ImportRefused, match="Kho đích không trống"):
        import_events(app.store, exported)


def test_events_are_encrypted_at_rest_and_travel_with_their_key(
    tmp_path: Path, open_app: AppFactory, request: pytest.FixtureRequest
) -> None:
    settings = Settings(data_dir=tmp_path / "secret", cipher_key=KEY)
    init_store(settings)
    app = open_app(settings)
    data = build(app)
    project_all(app)
    Sealer(app.store).seal()
    project_all(app)
    raw = sqlite3.connect(settings.sqlite_path)
    states = b"".join(row[0] for row in raw.execute("SELECT state FROM stored_events"))
    raw.close()
    assert b"Quy\xe1\xba\xbft" not in states and b"chamdiem" not in states  # no plain text
    assert app.organisation.get_unit_by_code("CDCS-QT").name == "Công đoàn Trường THPT Quyết Thắng"
    assert dump(open_view(app.store, all_projections()[0]))["scorecards"]  # standings decrypt
    assert verify(app.store).ok

    path = tmp_path / "secret.ndjson"
    export_to(app, path)
    assert orjson.loads(lines_of(path)[0])["encrypted"] is True
    without = open_app(fresh_store(settings, tmp_path / "a", request, cipher_key=None))
    with pytest.raises(ImportRefused, match="THIDUA_CIPHER_KEY"):
        import_events(without.store, path)
    wrong = open_app(fresh_store(settings, tmp_path / "b", request, cipher_key=OTHER_KEY))
    with pytest.raises(ImportRefused, match="không giải mã được|niêm phong"):
        import_events(wrong.store, path)
    right = open_app(fresh_store(settings, tmp_path / "c", request, cipher_key=KEY))
    import_events(right.store, path)
    assert right.campaigns.campaign_details(data["campaign"])["code"] == "VHCS-2019"
    project_all(right)
    assert verify(right.store).ok


def test_a_malformed_cipher_key_is_refused_before_anything_opens(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="THIDUA_CIPHER_KEY"):
        Settings(data_dir=tmp_path, cipher_key="ngắn quá").eventsourcing_env()
    assert issubclass(ImportRefused, DomainError)
