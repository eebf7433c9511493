"""Every route × every role (and anonymous): allowed or denied as the matrix says.

The test enumerates the application's routes, so a new route without a row here fails.
"Denied" is 401/403, or a redirect to the login page for pages; anything else means the
request got past authorisation (it may still be refused for its content).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from services.actors import SYSTEM
from services.config import Settings
from services.web import create_app
from tests.support.api import browser_login, worker_running
from tests.support.stores import AppFactory

ROLES = ["admin", "unit_clerk", "reviewer", "council_member", "secretary", "auditor",
         "specialist"]
EVERYONE = {"anonymous", *ROLES}
SIGNED_IN = set(ROLES)
PUBLIC = EVERYONE
REPORT_READERS = {"admin", "auditor", "secretary", "reviewer"}

# (method, rule) → who may pass authorisation.
MATRIX: dict[tuple[str, str], set[str]] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/api/openapi.json"): PUBLIC,
    ("GET", "/api/docs"): PUBLIC,
    ("GET", "/huong-dan"): PUBLIC,  # the user guide holds no data but the demo's
    ("GET", "/cong-khai"): PUBLIC,  # open proposed lists and issued decisions
    ("POST", "/cong-khai"): PUBLIC,  # the public's comment on an open list
    ("POST", "/api/v1/auth/token"): PUBLIC,
    ("GET", "/"): SIGNED_IN,
    ("GET", "/campaigns/<campaign_id>/standings"): SIGNED_IN,
    ("GET", "/campaigns/<campaign_id>/standings.xlsx"): SIGNED_IN,
    ("GET", "/campaigns/<campaign_id>/standings.svg"): SIGNED_IN,
    ("GET", "/campaigns/<campaign_id>/plan.docx"): SIGNED_IN,
    ("GET", "/documents"): SIGNED_IN,
    ("POST", "/documents/verify"): SIGNED_IN,
    ("GET", "/campaigns/<campaign_id>/register"): {"admin", "unit_clerk"},
    ("POST", "/campaigns/<campaign_id>/register"): {"admin", "unit_clerk"},
    ("GET", "/campaigns/<campaign_id>/score"): {"admin", "unit_clerk", "reviewer"},
    ("POST", "/campaigns/<campaign_id>/score"): {"admin", "unit_clerk", "reviewer"},
    ("GET", "/people"): SIGNED_IN,
    ("GET", "/units"): SIGNED_IN,
    ("POST", "/units"): {"admin"},
    ("GET", "/sectors"): SIGNED_IN,
    ("POST", "/sectors"): {"admin"},
    ("GET", "/award-forms"): SIGNED_IN,
    ("POST", "/award-forms"): {"admin"},
    ("GET", "/campaigns/<campaign_id>"): SIGNED_IN,
    ("GET", "/campaigns/new"): {"admin"},
    ("POST", "/campaigns/new"): {"admin"},
    ("GET", "/campaigns/<campaign_id>/edit"): {"admin"},
    ("POST", "/campaigns/<campaign_id>/edit"): {"admin"},
    ("GET", "/users"): {"admin"},
    ("POST", "/users"): {"admin"},
    ("POST", "/users/<username>"): {"admin"},
    ("GET", "/account/password"): SIGNED_IN,
    ("POST", "/account/password"): SIGNED_IN,
    ("POST", "/people/import"): {"admin", "unit_clerk"},
    ("GET", "/people/new"): {"admin", "unit_clerk"},
    ("POST", "/people/new"): {"admin", "unit_clerk"},
    ("GET", "/people/template.xlsx"): SIGNED_IN,  # headings and an example row, no data
    ("POST", "/api/v1/people/import"): {"admin", "unit_clerk"},
    ("GET", "/api/v1/units"): SIGNED_IN,
    ("POST", "/api/v1/units"): {"admin"},
    ("GET", "/api/v1/sectors"): SIGNED_IN,
    ("POST", "/api/v1/sectors"): {"admin"},
    ("GET", "/api/v1/award-forms"): SIGNED_IN,
    ("POST", "/api/v1/award-forms"): {"admin"},
    ("GET", "/api/v1/award-forms/<code>"): SIGNED_IN,
    ("GET", "/api/v1/people"): SIGNED_IN,
    ("POST", "/api/v1/people"): {"admin", "unit_clerk"},
    ("GET", "/api/v1/blocs"): SIGNED_IN,
    ("POST", "/api/v1/blocs"): {"admin"},
    ("GET", "/api/v1/campaigns"): SIGNED_IN,
    ("POST", "/api/v1/campaigns"): {"admin"},
    ("GET", "/api/v1/campaigns/<campaign_id>"): SIGNED_IN,
    ("GET", "/api/v1/campaigns/<campaign_id>/registrations"): SIGNED_IN,
    ("POST", "/api/v1/campaigns/<campaign_id>/registrations"): {"admin", "unit_clerk"},
    ("GET", "/api/v1/campaigns/<campaign_id>/scores"): SIGNED_IN,
    ("POST", "/api/v1/campaigns/<campaign_id>/scores"): {"admin", "unit_clerk", "reviewer"},
    ("GET", "/api/v1/campaigns/<campaign_id>/standings"): SIGNED_IN,
    ("GET", "/api/v1/campaigns/<campaign_id>/standings.xlsx"): SIGNED_IN,
    ("GET", "/api/v1/campaigns/<campaign_id>/plan.docx"): SIGNED_IN,
    ("GET", "/api/v1/campaigns/<campaign_id>/plan.pdf"): SIGNED_IN,
    ("GET", "/api/v1/documents"): SIGNED_IN,
    ("GET", "/audit"): {"admin", "auditor"},
    ("GET", "/audit/aggregates/<aggregate_id>"): {"admin", "auditor"},
    ("GET", "/audit/verify"): {"admin", "auditor"},
    ("GET", "/api/v1/audit/events"): {"admin", "auditor"},
    ("GET", "/api/v1/audit/aggregates/<aggregate_id>/history"): {"admin", "auditor"},
    ("GET", "/api/v1/audit/aggregates/<aggregate_id>/state"): {"admin", "auditor"},
    ("GET", "/api/v1/audit/verify"): {"admin", "auditor"},
    ("POST", "/api/v1/documents/verify"): SIGNED_IN,
    # Nominations, the council and award decisions.
    ("GET", "/api/v1/campaigns/<campaign_id>/nominations"): SIGNED_IN,
    ("POST", "/api/v1/campaigns/<campaign_id>/nominations"): {"admin", "unit_clerk"},
    ("GET", "/api/v1/nominations/<nomination_id>"): SIGNED_IN,
    ("POST", "/api/v1/nominations/<nomination_id>/amend"): {"admin", "unit_clerk"},
    ("POST", "/api/v1/nominations/<nomination_id>/resubmit"): {"admin", "unit_clerk"},
    ("POST", "/api/v1/nominations/<nomination_id>/withdraw"): {"admin", "unit_clerk"},
    ("POST", "/api/v1/nominations/<nomination_id>/return"): {"admin", "secretary"},
    ("POST", "/api/v1/councils/sessions"): {"admin", "secretary"},
    ("GET", "/api/v1/councils/sessions/<session_id>"): SIGNED_IN,
    ("POST", "/api/v1/councils/sessions/<session_id>/attendance"): {"admin", "secretary"},
    ("POST", "/api/v1/councils/sessions/<session_id>/ballots"): {"admin", "secretary"},
    ("POST", "/api/v1/councils/sessions/<session_id>/conclude"): {"admin", "secretary"},
    ("POST", "/api/v1/councils/sessions/<session_id>/cancel"): {"admin", "secretary"},
    ("GET", "/api/v1/ballots/<ballot_id>"): SIGNED_IN,
    ("POST", "/api/v1/ballots/<ballot_id>/votes"): {"admin", "secretary", "council_member"},
    # An absent member's written opinion: the secretary alone enters it; its signed form is
    # evidence for the council's managers and the auditors.
    ("POST", "/api/v1/ballots/<ballot_id>/written-opinions"): {"secretary"},
    ("GET", "/api/v1/ballots/<ballot_id>/written-opinions/<member>/scan"):
        {"admin", "secretary", "auditor"},
    ("POST", "/api/v1/ballots/<ballot_id>/close"): {"admin", "secretary"},
    ("GET", "/api/v1/decisions"): SIGNED_IN,
    ("POST", "/api/v1/decisions"): {"admin", "secretary"},
    ("GET", "/api/v1/decisions/<decision_id>"): SIGNED_IN,
    ("POST", "/api/v1/decisions/<decision_id>/issue"): {"admin", "secretary"},
    ("POST", "/api/v1/decisions/<decision_id>/revoke"): {"admin", "secretary"},
    ("GET", "/api/v1/awards/history"): SIGNED_IN,
    ("POST", "/api/v1/awards/past"): {"admin", "secretary"},
    ("POST", "/api/v1/awards/discipline"): {"admin", "secretary"},
    ("GET", "/api/v1/campaigns/<campaign_id>/quota-usage"): SIGNED_IN,
    ("GET", "/api/v1/award-settings"): SIGNED_IN,
    ("POST", "/api/v1/award-settings"): {"admin"},
    ("GET", "/api/v1/award-rules"): SIGNED_IN,
    # Award pages.
    ("GET", "/campaigns/<campaign_id>/nominations"): SIGNED_IN,
    ("POST", "/campaigns/<campaign_id>/nominations"): {"admin", "unit_clerk"},
    ("GET", "/nominations/<nomination_id>"): SIGNED_IN,
    ("POST", "/nominations/<nomination_id>"): {"admin", "unit_clerk", "secretary"},
    ("GET", "/awards/history"): SIGNED_IN,
    ("GET", "/awards/history.xlsx"): SIGNED_IN,
    ("GET", "/api/v1/awards/history.xlsx"): SIGNED_IN,
    ("GET", "/awards/settings"): SIGNED_IN,
    ("POST", "/awards/settings"): {"admin"},
    ("GET", "/councils"): SIGNED_IN,
    ("POST", "/councils"): {"admin", "secretary"},
    ("GET", "/councils/<session_id>"): SIGNED_IN,
    ("POST", "/councils/<session_id>/<action>"): {"admin", "secretary"},
    ("GET", "/ballots/<ballot_id>"): SIGNED_IN,
    ("POST", "/ballots/<ballot_id>"): {"admin", "secretary", "council_member"},
    ("POST", "/ballots/<ballot_id>/close"): {"admin", "secretary"},
    ("GET", "/ballots/<ballot_id>/written/<member>/scan"): {"admin", "secretary", "auditor"},
    ("GET", "/decisions"): SIGNED_IN,
    ("POST", "/decisions"): {"admin", "secretary"},
    ("GET", "/decisions/<decision_id>"): SIGNED_IN,
    ("POST", "/decisions/<decision_id>/<action>"): {"admin", "secretary"},
    ("GET", "/decisions/<decision_id>/document.docx"): SIGNED_IN,
    ("GET", "/papers/<paper_id>/document.docx"): SIGNED_IN,
    # Official papers.
    ("GET", "/api/v1/decisions/<decision_id>/document.docx"): SIGNED_IN,
    ("GET", "/api/v1/decisions/<decision_id>/document.pdf"): SIGNED_IN,
    ("POST", "/api/v1/councils/sessions/<session_id>/minutes"): {"admin", "secretary"},
    ("POST", "/api/v1/councils/sessions/<session_id>/proposals"): {"admin", "secretary"},
    ("POST", "/api/v1/campaigns/<campaign_id>/exemplar-reports"): {"admin", "secretary"},
    ("GET", "/api/v1/papers"): SIGNED_IN,
    ("GET", "/api/v1/papers/<paper_id>"): SIGNED_IN,
    ("GET", "/api/v1/papers/<paper_id>/document.docx"): SIGNED_IN,
    ("GET", "/api/v1/papers/<paper_id>/document.pdf"): SIGNED_IN,
    # Dossiers up the tiers: read by the units on the route (the use case hides the others'
    # as not found); each tier's clerks or specialists act, the issuer's specialist accepts.
    ("GET", "/api/v1/dossiers"): SIGNED_IN,
    ("POST", "/api/v1/dossiers"): {"admin", "unit_clerk"},
    ("GET", "/api/v1/dossiers/<dossier_id>"): SIGNED_IN,
    ("POST", "/api/v1/dossiers/<dossier_id>/submit"): {"admin", "unit_clerk"},
    ("POST", "/api/v1/dossiers/<dossier_id>/withdraw"): {"admin", "unit_clerk"},
    ("POST", "/api/v1/dossiers/<dossier_id>/forward"): {"admin", "unit_clerk", "specialist"},
    ("POST", "/api/v1/dossiers/<dossier_id>/return"): {"admin", "unit_clerk", "specialist"},
    ("POST", "/api/v1/dossiers/<dossier_id>/assign"): {"admin", "unit_clerk", "specialist"},
    ("POST", "/api/v1/dossiers/<dossier_id>/attachments"):
        {"admin", "unit_clerk", "specialist"},
    ("GET", "/api/v1/dossiers/<dossier_id>/attachments/<sha256>"): SIGNED_IN,
    ("POST", "/api/v1/dossiers/<dossier_id>/verdicts"): {"admin", "specialist"},
    ("POST", "/api/v1/dossiers/<dossier_id>/accept"): {"admin", "specialist"},
    # Deadlines (issue 15): the board is read by all, a unit-scoped account its branch;
    # a clerk sets due dates of its tier or one below (checked beside the role).
    ("GET", "/api/v1/campaigns/<campaign_id>/deadlines"): SIGNED_IN,
    ("POST", "/api/v1/campaigns/<campaign_id>/deadlines"): {"admin", "unit_clerk"},
    ("POST", "/api/v1/campaigns/<campaign_id>/exemplar-day"): {"admin", "unit_clerk"},
    ("GET", "/api/v1/campaigns/<campaign_id>/exemplar-lists"): SIGNED_IN,
    ("POST", "/api/v1/campaigns/<campaign_id>/exemplar-lists"): {"admin", "unit_clerk"},
    ("POST", "/api/v1/campaigns/<campaign_id>/exemplar-lists/report"): {"admin", "secretary"},
    ("GET", "/api/v1/notices"): {"admin", "secretary", "auditor"},
    ("POST", "/api/v1/notices"): {"admin", "secretary"},
    ("GET", "/api/v1/notices/<notice_id>"): {"admin", "secretary", "auditor"},
    ("GET", "/notices"): {"admin", "secretary", "auditor"},
    ("POST", "/notices"): {"admin", "secretary"},
    ("POST", "/api/v1/ballots/<ballot_id>/recusals"): {"admin", "secretary"},
    ("POST", "/ballots/<ballot_id>/recusal"): {"admin", "secretary"},
    ("POST", "/api/v1/dossiers/import"): {"admin", "unit_clerk"},
    ("GET", "/api/v1/dossiers/import-template.xlsx"): SIGNED_IN,
    ("POST", "/dossiers/import"): {"admin", "unit_clerk"},
    ("GET", "/dossiers/template.xlsx"): SIGNED_IN,
    ("GET", "/dossiers/deadlines"): SIGNED_IN,
    ("POST", "/dossiers/deadlines"): {"admin", "unit_clerk", "secretary"},
    ("GET", "/dossiers"): SIGNED_IN,
    ("POST", "/dossiers"): {"admin", "unit_clerk"},
    ("GET", "/dossiers/<dossier_id>"): SIGNED_IN,
    ("POST", "/dossiers/<dossier_id>"): {"admin", "unit_clerk", "specialist"},
    ("GET", "/dossiers/<dossier_id>/attachments/<sha256>"): SIGNED_IN,
    # Certificates on pre-printed blanks: everyone signed in prints and reads the layouts;
    # the office that prints (secretary) or an admin sets them.
    ("GET", "/api/v1/award-forms/<code>/certificate-layout"): SIGNED_IN,
    ("PUT", "/api/v1/award-forms/<code>/certificate-layout"): {"admin", "secretary"},
    ("GET", "/api/v1/award-forms/<code>/certificate-layout/calibration.pdf"): SIGNED_IN,
    ("GET", "/api/v1/award-forms/<code>/certificate-layout/sample.pdf"): SIGNED_IN,
    ("GET", "/api/v1/decisions/<decision_id>/certificates.pdf"): SIGNED_IN,
    ("GET", "/award-forms/<code>/certificate-layout"): SIGNED_IN,
    ("POST", "/award-forms/<code>/certificate-layout"): SIGNED_IN,
    ("GET", "/award-forms/<code>/certificate-layout/calibration.pdf"): SIGNED_IN,
    ("GET", "/award-forms/<code>/certificate-layout/sample.pdf"): SIGNED_IN,
    ("GET", "/decisions/<decision_id>/certificates.pdf"): SIGNED_IN,
    # Statistical forms and the award fund ledger (a secretary or reviewer of a unit: that
    # unit's subtree, checked by the use case).
    ("GET", "/api/v1/reports/<form>"): REPORT_READERS,
    ("GET", "/api/v1/reports/<form>.xlsx"): REPORT_READERS,
    ("GET", "/api/v1/reports/fund"): REPORT_READERS,
    ("GET", "/api/v1/reports/fund.xlsx"): REPORT_READERS,
    ("GET", "/reports"): REPORT_READERS,
    ("GET", "/reports/bieu.xlsx"): REPORT_READERS,
    ("GET", "/reports/quy.xlsx"): REPORT_READERS,
    # The yearly summary: drafted and issued by those who issue papers, read by them and
    # the report readers (a unit's own subtree, checked by the use case).
    ("POST", "/api/v1/reports/summary"): {"admin", "secretary"},
    ("GET", "/api/v1/reports/summary/<summary_id>"): REPORT_READERS,
    ("PUT", "/api/v1/reports/summary/<summary_id>"): {"admin", "secretary"},
    ("POST", "/api/v1/reports/summary/<summary_id>/issue"): {"admin", "secretary"},
    ("GET", "/reports/summary"): REPORT_READERS,
    ("POST", "/reports/summary"): {"admin", "secretary"},
}
# Other ids: one that names nothing (authorisation is checked before the lookup).
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
SKIPPED_RULES = {"/static/<path:filename>"}


def routes(app: Flask) -> set[tuple[str, str]]:
    """(method, rule) of every route; the API's ``<uuid:…>``, ``<code:…>``,
    ``<username:…>`` written as the pages' ``<…>``."""
    return {(method, re.sub(r"<(?:uuid|code|username|sha256|form):", "<", rule.rule))
            for rule in app.url_map.iter_rules()
            if rule.rule not in SKIPPED_RULES
            for method in rule.methods - {"HEAD", "OPTIONS"}}


@pytest.fixture
def world(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings)
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu", actor=SYSTEM)
    from tests.support.scenarios import campaign_data

    campaign = app.campaigns.create_campaign(campaign_data(plan={"signer": {
        "name": "Nguyễn Thị Thiện", "position": "Chủ tịch"}}), actor=SYSTEM)
    for role in ROLES:
        app.accounts.create_user(username=f"u-{role.replace('_', '-')}", password="mat-khau-dai",
                                 role=role,
                                 unit_code="LDLD" if role in ("unit_clerk", "specialist")
                                 else None,
                                 actor=SYSTEM)
    with worker_running(app):  # as served: pages wait for the views to reach their writes
        yield {"app": app, "flask": create_app(sqlite_settings, thidua=app),
               "campaign": campaign["id"]}


def test_every_route_is_in_the_matrix(world: dict[str, Any]) -> None:
    present = routes(world["flask"])
    missing = present - set(MATRIX)
    assert not missing, f"routes without a row in the access matrix: {sorted(missing)}"
    stale = set(MATRIX) - present
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


def _client(world: dict[str, Any], role: str) -> tuple[Any, dict[str, str]]:
    client = world["flask"].test_client()
    if role == "anonymous":
        return client, {}
    username = f"u-{role.replace('_', '-')}"
    assert browser_login(client, username, "mat-khau-dai").status_code == 302
    token = client.post("/api/v1/auth/token",
                        json={"username": username, "password": "mat-khau-dai"}).json["token"]
    return client, {"Authorization": f"Bearer {token}"}


def _csrf(client: Any) -> str:
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return match.group(1) if match else ""


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_access_matrix(world: dict[str, Any], role: str) -> None:
    client, bearer = _client(world, role)
    token = _csrf(client)
    failures = []
    # Log out last: it ends the session the other requests use.
    for (method, rule), allowed in sorted(MATRIX.items(), key=lambda i: i[0][1] == "/logout"):
        path = rule.replace("<campaign_id>", world["campaign"]).replace(
            "<username>", "u-auditor").replace("<aggregate_id>", world["campaign"]).replace(
            "<member>", "u-auditor").replace("<code>", "bang_khen_tinh").replace(
            "<sha256>", "0" * 64).replace("<form>", "0603")
        path = re.sub(r"<\w+_id>", UNKNOWN_ID, path)
        api = path.startswith("/api/")
        kwargs: dict[str, Any] = {"headers": bearer if api else {}}
        if method in ("POST", "PUT"):
            kwargs["data" if not api else "json"] = {"csrf_token": token} if not api else {}
        response = client.open(path, method=method, **kwargs)
        location = response.headers.get("Location", "")
        # On public routes a 401 is the route's own answer (wrong password), not a denial.
        refused = (403,) if allowed is PUBLIC else (401, 403)
        denied = response.status_code in refused or (
            response.status_code == 302 and "/login" in location and rule != "/logout")
        if denied == (role in allowed):
            failures.append(f"{method} {rule}: {response.status_code} {location}")
    assert not failures, f"{role}: " + "; ".join(failures)
