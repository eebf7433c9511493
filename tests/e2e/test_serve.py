"""`thidua serve --demo` (what `make run` starts): a real gunicorn process on a free port."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.support.server import call, start_server, stop_server

pytestmark = pytest.mark.e2e


def test_readyz_answers_200_with_the_demo_loaded(server: str) -> None:
    status, body = call(f"{server}/readyz")
    assert status == 200
    assert body["status"] == "ready"
    assert body["last_position"] > 500  # units, people, campaign, registrations, scores


def test_home_page_lists_the_demo_campaign_in_vietnamese(server: str) -> None:
    import http.cookiejar
    import re
    import urllib.parse

    from services.demo import DEMO_USERS

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(f"{server}/", timeout=10) as response:  # redirected to the login
        login_page = response.read().decode()
        assert response.url.startswith(f"{server}/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    clerk = next(u for u in DEMO_USERS if u["role"] == "unit_clerk")
    form = urllib.parse.urlencode({"username": clerk["username"], "password": clerk["password"],
                                   "csrf_token": token}).encode()
    with browser.open(f"{server}/login", data=form, timeout=10) as response:
        html = response.read().decode()
        assert response.headers["X-Frame-Options"] == "DENY"
    assert "Cán bộ thi đua đơn vị" in html and "Đăng ký thi đua" in html
    assert "117/KH-LĐLĐ" in html
    assert "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở" in html


def test_demo_admin_signs_in_and_posts_through_gunicorn(server: str) -> None:
    from services.demo import DEMO_USERS

    admin = next(u for u in DEMO_USERS if u["role"] == "admin")
    status, body = call(f"{server}/api/v1/auth/token",
                        {"username": admin["username"], "password": admin["password"]})
    assert status == 200, body
    token = body["token"]
    status, campaigns = call(f"{server}/api/v1/campaigns", token=token)
    assert status == 200
    assert "VHCS-2019" in [c["code"] for c in campaigns]
    # The token is honoured by every worker (shared secret key): ask several times.
    for _ in range(6):
        assert call(f"{server}/api/v1/units", token=token)[0] == 200
    status, unit = call(f"{server}/api/v1/units",
                        {"code": "CDCS-MOI", "name": "Công đoàn cơ sở mới thành lập",
                         "parent_code": "LDLD"}, token=token)
    assert status == 201, unit
    status, error = call(f"{server}/api/v1/units",
                         {"code": "CDCS-MOI", "name": "Trùng"}, token=token)
    assert status == 409
    assert error["error"]["field"] == "code"


def test_missing_token_is_refused_by_the_real_server(server: str) -> None:
    status, body = call(f"{server}/api/v1/units")
    assert status == 401
    assert body["error"]["field"] == "Authorization"


def test_the_worker_beside_gunicorn_projects_a_new_score(server: str) -> None:
    from services.demo import DEMO_USERS

    admin = next(u for u in DEMO_USERS if u["role"] == "admin")
    token = call(f"{server}/api/v1/auth/token",
                 {"username": admin["username"], "password": admin["password"]})[1]["token"]
    campaign = next(c for c in call(f"{server}/api/v1/campaigns", token=token)[1]
                    if c["code"] == "VHCS-2019")
    registrations = call(f"{server}/api/v1/campaigns/{campaign['id']}/registrations",
                         token=token)[1]
    person = next(r for r in registrations if r["subject_kind"] == "individual")
    criteria = next(t for t in campaign["tracks"] if t["subject_kind"] == "individual")
    full = {c["code"]: c["max_points"] for c in criteria["criteria"]}
    for stage in ("self", "review"):
        status, card = call(f"{server}/api/v1/campaigns/{campaign['id']}/scores",
                            {"subject_id": person["subject_id"], "period": "2020-W10",
                             "stage": stage, "scores": full}, token=token)
        assert status == 201, card
    status, ready = call(f"{server}/readyz")
    position = ready["last_position"]
    status, standings = call(
        f"{server}/api/v1/campaigns/{campaign['id']}/standings?period=2020-W10"
        f"&subject_kind=individual&wait_for={position}", token=token)
    assert status == 200, standings
    assert standings["stale"] is False and standings["position"] >= position
    top = standings["rows"][0]
    assert top["subject_id"] == person["subject_id"] and top["rank"] == 1
    assert top["total"] == 100 and top["classification"] == "HTXS"


def test_serve_starts_a_dead_projection_worker_again_and_the_web_goes_on(
        tmp_path: Path) -> None:
    served = start_server(tmp_path, demo=False, workers=1)
    try:
        workers = [pid for pid, line in served.children().items() if line.endswith("worker")]
        assert len(workers) == 1, served.children()
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        again: list[int] = []
        while time.monotonic() < deadline and not again:
            time.sleep(0.2)
            again = [pid for pid, line in served.children().items()
                     if line.endswith("worker") and pid != workers[0]]
            assert call(f"{served.base}/healthz")[0] == 200  # the web tier never left
        assert again, served.log.read_text()
        assert served.process.poll() is None
        status, body = call(f"{served.base}/readyz")
        assert status == 200 and body["status"] == "ready", body
        assert "projection worker ended (-9); starting it again" in served.log.read_text()
    finally:
        code = stop_server(served)
    assert code == 0, served.log.read_text()[-20000:]


def test_serve_runs_gunicorn_without_a_shared_control_socket(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    served = start_server(tmp_path, demo=False, workers=1, env={"HOME": str(home)})
    try:
        assert call(f"{served.base}/healthz")[0] == 200
        assert not (home / ".gunicorn").exists()  # nothing another instance could take over
    finally:
        code = stop_server(served)
    assert code == 0, served.log.read_text()[-20000:]
