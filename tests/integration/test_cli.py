"""The `thidua` command line on a temporary SQLite store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from services.cli import main
from services.config import Settings
from services.store import open_application

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for key in ("THIDUA_DATABASE_URL", "THIDUA_DATABASE_SCHEMA", "THIDUA_SECRET_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("THIDUA_DATA_DIR", str(tmp_path / "data"))

    def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def test_db_init_then_users_create_with_the_password_from_the_environment(run) -> None:
    result = run("db", "init")
    assert result.exit_code == 0 and "store ready (sqlite" in result.output
    result = run("users", "create", "--username", "thuky", "--role", "secretary",
                 "--full-name", "Lò Thị Hiên", env={"THIDUA_PASSWORD": "mat-khau-thu-ky"})
    assert result.exit_code == 0, result.output
    assert "created user thuky «Lò Thị Hiên» (secretary)" in result.output
    again = run("users", "create", "--username", "thuky", "--role", "secretary",
                env={"THIDUA_PASSWORD": "mat-khau-thu-ky"})
    assert again.exit_code == 1 and "đã được dùng" in again.output
    clerk = run("users", "create", "--username", "vanthu", "--role", "unit_clerk",
                "--unit", "KHONG-CO", env={"THIDUA_PASSWORD": "mat-khau-van-thu"})
    assert clerk.exit_code == 1 and "KHONG-CO" in clerk.output


def test_demo_then_projections_rebuild(run) -> None:
    assert run("db", "init").exit_code == 0
    demo = run("demo")
    assert demo.exit_code == 0 and "registrations: 51" in demo.output
    assert run("demo").exit_code == 1  # a second load is refused
    rebuilt = run("projections", "rebuild", "standings")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "standings: generation 2 active at position" in rebuilt.output
    unknown = run("projections", "rebuild", "khong-co")
    assert unknown.exit_code == 1 and "no projection" in unknown.output


def test_render_and_check_docx(run, tmp_path: Path) -> None:
    out = tmp_path / "qd.docx"
    result = run("render", "quyet_dinh_khen_thuong", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert run("check-docx", str(out)).exit_code == 0
    document = docx.Document(str(out))
    document.sections[0].left_margin = docx.shared.Mm(20)
    bad = tmp_path / "bad.docx"
    document.save(str(bad))
    checked = CliRunner().invoke(main, ["check-docx", str(bad)])
    assert checked.exit_code == 1
    assert "ND30.margins.left" in checked.output


def test_demo_on_a_store_with_an_admin_account_refuses_and_stores_nothing(
        tmp_path: Path) -> None:
    """Through the installed ``thidua`` in its own processes: the demo checks every conflict
    first, so a store with its own ``admin`` gets a message and no half-loaded demo."""
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    # The tree under test, whatever the virtual environment was installed from.
    env.update(THIDUA_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    thidua = Path(sys.executable).with_name("thidua")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(thidua), *args], env=env, capture_output=True, text=True,
                              timeout=600, check=False)

    assert cli("db", "init").returncode == 0
    created = cli("users", "create", "--username", "admin", "--role", "admin",
                  "--password", "mat-khau-quan-tri")
    assert created.returncode == 0, created.stderr

    def event_count() -> int:
        app = open_application(Settings(data_dir=data))
        try:
            return app.event_count()
        finally:
            app.close()

    before = event_count()
    demo = cli("demo")
    assert demo.returncode != 0, demo.stdout
    assert event_count() == before, demo.stderr
    assert "tài khoản «admin»" in demo.stderr and "Chưa ghi dữ liệu nào" in demo.stderr
    assert "Creating" not in demo.stderr  # refused before the first step


def test_check_docx_lists_its_rules_with_their_source() -> None:
    listed = CliRunner().invoke(main, ["check-docx", "--rules"])
    assert listed.exit_code == 0
    assert "ND30.page.size" in listed.output and "NĐ 30/2020/NĐ-CP" in listed.output
    assert CliRunner().invoke(main, ["check-docx"]).exit_code == 2  # neither file nor --rules
