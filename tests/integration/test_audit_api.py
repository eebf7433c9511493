"""Audit over HTTP (API and pages) and on the command line, on a temporary SQLite store."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from services.actors import SYSTEM
from services.cli import main
from tests.support.api import Api, browser_login, sign_in
from tests.support.projections import project_all
from tests.support.standings_fixtures import build


@pytest.fixture
def audited(api: Api) -> Api:
    """The standings story, an auditor and a clerk, every view up to date."""
    app = api.app
    data = build(app)
    app.accounts.create_user(username="thanhtra", password="mat-khau-thanh-tra", role="auditor",
                             actor=SYSTEM)
    app.accounts.create_user(username="vanthu", password="mat-khau-van-thu", role="unit_clerk",
                             unit_code="CDCS-LQD", actor=SYSTEM)
    project_all(app)
    api.data = data  # type: ignore[attr-defined]
    return api


def as_user(api: Api, username: str, password: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {sign_in(api.client, username, password)}"}


def test_an_auditor_browses_reads_history_and_state(audited: Api) -> None:
    headers = as_user(audited, "thanhtra", "mat-khau-thanh-tra")
    page = audited.client.get("/api/v1/audit/events?event_type=Scorecard.Corrected",
                              headers=headers)
    assert page.status_code == 200, page.json
    (corrected,) = page.json["events"]
    assert corrected["summary"].startswith("Đính chính: TT2 35 → 5 (tổng 90 → 60), lý do: "
                                           "Sai số liệu cải cách")
    assert corrected["actor"] == "chamdiem" and corrected["version"] == 4
    card = corrected["aggregate_id"]

    history = audited.client.get(f"/api/v1/audit/aggregates/{card}/history", headers=headers)
    assert history.status_code == 200
    assert [e["event_type"] for e in history.json["events"]] == [
        "Scorecard.Opened", "Scorecard.SelfAssessed", "Scorecard.Reviewed",
        "Scorecard.Corrected"]
    assert history.json["events"][3]["position"] == corrected["position"]
    assert history.json["events"][1]["summary"] == "Tự chấm điểm: TT1 30, TT2 35, TT3 25 " \
                                                   "(tổng 90)"

    state = audited.client.get(f"/api/v1/audit/aggregates/{card}/state?version=3",
                               headers=headers)
    assert state.status_code == 200
    assert state.json["state"]["reviewed_scores"] == {"TT1": 30, "TT2": 35, "TT3": 25}
    paged = audited.client.get("/api/v1/audit/events?limit=5&order=asc", headers=headers).json
    assert [e["position"] for e in paged["events"]] == [1, 2, 3, 4, 5]
    assert paged["next_cursor"] == 5
    following = audited.client.get("/api/v1/audit/events?limit=5&order=asc&cursor=5",
                                   headers=headers).json
    assert following["events"][0]["position"] == 6


def test_bad_input_gets_a_400_naming_the_field(audited: Api) -> None:
    headers = as_user(audited, "thanhtra", "mat-khau-thanh-tra")
    campaign = audited.data["campaign"]  # type: ignore[attr-defined]
    for path, status, field in [("/audit/events?limit=500", 400, "limit"),
                                ("/audit/events?from=hôm-qua", 400, "from"),
                                ("/audit/events?limit=abc", 400, "limit"),
                                ("/audit/events?unit_code=%20", 400, "unit_code"),
                                # Fits the schema; the aggregate has no version 7.
                                (f"/audit/aggregates/{campaign}/state?version=7", 422,
                                 "version")]:
        response = audited.client.get(f"/api/v1{path}", headers=headers)
        assert response.status_code == status, (path, response.json)
        error = response.json["error"]
        assert error["field"] == field and error["code"] == "invalid" and error["message"]
    # An id in a path is a UUID: any other path is no route.
    response = audited.client.get("/api/v1/audit/aggregates/khong-phai-ma/history",
                                  headers=headers)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    missing = audited.client.get(
        "/api/v1/audit/aggregates/00000000-0000-4000-8000-000000000000/history",
        headers=headers)
    assert missing.status_code == 404 and missing.json["error"]["field"] == "id"


def test_only_auditors_and_admins_may_read_the_audit(audited: Api) -> None:
    clerk = as_user(audited, "vanthu", "mat-khau-van-thu")
    for path in ("/audit/events", "/audit/verify",
                 f"/audit/aggregates/{audited.data['campaign']}/history"):  # type: ignore[attr-defined]
        response = audited.client.get(f"/api/v1{path}", headers=clerk)
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert audited.get("/audit/verify").status_code == 200  # the admin
    assert audited.client.get("/api/v1/audit/verify").status_code == 401


def test_verify_over_http_names_a_row_changed_in_the_database(
    audited: Api, sqlite_settings
) -> None:
    headers = as_user(audited, "thanhtra", "mat-khau-thanh-tra")
    ok = audited.client.get("/api/v1/audit/verify", headers=headers).json
    assert ok["ok"] is True and ok["first_problem"] is None
    corrected = audited.client.get("/api/v1/audit/events?event_type=Scorecard.Corrected",
                                   headers=headers).json["events"][0]
    with sqlite3.connect(sqlite_settings.sqlite_path) as conn:
        # The correction's stored text, as text: same characters, another column type.
        conn.execute("UPDATE stored_events SET state = CAST(state AS TEXT) WHERE rowid = ?",
                     [corrected["position"]])
    conn.close()
    report = audited.client.get("/api/v1/audit/verify", headers=headers).json
    assert report["ok"] is False
    assert report["first_problem"]["position"] == corrected["position"]
    assert report["first_problem"]["kind"] == "modified"


def test_auditor_pages_show_the_log_a_history_and_the_check(audited: Api) -> None:
    client = audited.client
    browser_login(client, "thanhtra", "mat-khau-thanh-tra")
    events = client.get("/audit?event_type=Scorecard.Corrected")
    text = events.get_data(as_text=True)
    assert events.status_code == 200 and "Đính chính: TT2 35 → 5" in text
    card = audited.app.campaigns.list_campaigns()[0]["id"]
    history = client.get(f"/audit/aggregates/{card}?version=1")
    assert history.status_code == 200 and "Phát động phong trào" in history.get_data(as_text=True)
    check = client.get("/audit/verify")
    assert check.status_code == 200 and "Chuỗi băm khớp" in check.get_data(as_text=True)
    assert client.get("/audit?from=sai").status_code == 400
    client.post("/logout", data={"csrf_token": _csrf(client)})
    browser_login(client, "vanthu", "mat-khau-van-thu")
    assert client.get("/audit").status_code == 403


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    from tests.support.api import csrf_token

    return csrf_token(client)


# --- the command line ---------------------------------------------------------------------

@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for key in ("THIDUA_DATABASE_URL", "THIDUA_DATABASE_SCHEMA", "THIDUA_SECRET_KEY",
                "THIDUA_CIPHER_KEY", "THIDUA_AUDIT_SEAL_EVERY"):
        monkeypatch.delenv(key, raising=False)

    def invoke(*args: str, data: str = "data", **env: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args), catch_exceptions=False,
                                  env={"THIDUA_DATA_DIR": str(tmp_path / data), **env})

    return invoke


def test_cli_seal_verify_export_import_and_keygen(run, tmp_path: Path) -> None:
    assert run("db", "init").exit_code == 0
    assert run("demo").exit_code == 0
    sealed = run("audit", "seal")
    assert sealed.exit_code == 0 and "Đã niêm phong sự kiện số" in sealed.output
    checked = run("audit", "verify")
    assert checked.exit_code == 0 and "Chuỗi băm khớp" in checked.output
    out = tmp_path / "all.ndjson"
    exported = run("audit", "export", "--out", str(out), "--with-credentials")
    assert exported.exit_code == 0, exported.output
    header = orjson.loads(out.read_bytes().splitlines()[0])
    assert header["application"] == "Thidua" and header["format_version"] == 2
    assert header["credentials"] is True and "mật khẩu đã băm" in exported.output
    checked = run("audit", "check", str(out))
    assert checked.exit_code == 0 and "Tệp khớp chuỗi băm" in checked.output
    auditors = tmp_path / "auditors.ndjson"
    assert run("audit", "export", "--out", str(auditors)).exit_code == 0
    assert "(8 sự kiện được giữ lại)" in run("audit", "check", str(auditors)).output
    imported = run("audit", "import", str(out), data="copy")
    assert imported.exit_code == 0, imported.output
    assert f"Đã nhập {header['events']} sự kiện" in imported.output
    again = run("audit", "import", str(out), data="copy")
    assert again.exit_code == 1 and "Kho đích không trống" in again.output

    with sqlite3.connect(tmp_path / "data" / "thidua.sqlite3") as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid = 100")
    conn.close()
    broken = run("audit", "verify")
    assert broken.exit_code == 1 and "sự kiện số 100" in broken.output
    as_json = orjson.loads(run("audit", "verify", "--json").output)
    assert as_json["first_problem"] == {"position": 100, "kind": "deleted",
                                        "message": as_json["first_problem"]["message"]}
    refused = run("audit", "export", "--out", str(tmp_path / "bad.ndjson"))
    assert refused.exit_code == 1 and "sự kiện số 100" in refused.output
    assert not (tmp_path / "bad.ndjson").exists()

    key = run("audit", "keygen").output.splitlines()[0]
    assert len(base64.b64decode(key)) == 32
    bad_key = run("audit", "verify", THIDUA_CIPHER_KEY="abc")
    assert bad_key.exit_code == 1 and "THIDUA_CIPHER_KEY" in bad_key.output
