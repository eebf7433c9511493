"""The OpenAPI document is the contract: schemathesis sends every operation requests its
schema allows (a bounded, derandomized number per operation), as an admin and as a unit
clerk, against a store seeded with a campaign, registrations, scores, nominations, a
council session with ballots, decisions and a paper.

Each answer must be no server error, a documented status with a body of its documented
schema and content type, and — the request being valid — never a 400: the domain may
still refuse what only it can judge (422), what the role may not do (403), what does not
exist (404) or clashes with what is stored (409). Afterwards every view must take every
event the requests wrote.

Most examples name the seeded objects (their ids, unit codes, members) instead of the
random ones drawn, so that requests reach the domain rather than stopping at a 404.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck

from services.actors import SYSTEM
from services.config import Settings
from services.projections import runner
from services.store import init_store, open_thidua
from services.thidua import Thidua
from services.web import create_app, http
from tests.support.api import sign_in
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNED_FORM,
    SIGNER,
    World,
    approve,
    build_world,
    convene,
    decide,
    nominate,
)
from tests.support.projections import project_all
from tests.support.stores import BALLOT_KEY, CHEAP_HASHER, memory_thidua

EXAMPLES = 20  # per operation and role: 2 × 66 operations, well within a minute on 2 cores
COVERAGE = os.environ.get("THIDUA_CONTRACT_COVERAGE") == "1"
CLERK = "vanthu-gd1"
PASSWORD = "mat-khau-hop-dong"
# A valid request may be refused for what the domain alone judges, never as malformed.
ACCEPTED = ["2xx", "401", "403", "404", "409", "422", "429"]

CONFIG = schemathesis.Config.from_dict({
    "generation": {"mode": "positive"},
    # The coverage phase draws every boundary of every field (340 requests for a campaign
    # alone): run by hand (THIDUA_CONTRACT_COVERAGE=1), too long for each CI run.
    "phases": {"coverage": {"enabled": COVERAGE}},
    "checks": {
        "enabled": False,
        "not_a_server_error": {"enabled": True},
        "status_code_conformance": {"enabled": True},
        "content_type_conformance": {"enabled": True},
        "response_schema_conformance": {"enabled": True},
        "positive_data_acceptance": {"enabled": True, "expected-statuses": ACCEPTED},
    },
    "operations": [{
        # No LibreOffice here (so that the test stays quick): the documented 503.
        "include-path-regex": r"\.pdf$",
        "checks": {
            "not_a_server_error": {"expected-statuses": ["2xx", "4xx", "503"]},
            "positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "503"]},
        },
    }],
})


def _document_app() -> Any:
    """The app whose OpenAPI document is read (the document does not depend on the data)."""
    settings = Settings(data_dir=Path(tempfile.mkdtemp()), database_url="memory:",
                        secret_key="contract-secret")
    return create_app(settings, thidua=memory_thidua())


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _document_app(), config=CONFIG)


@dataclass
class Seeded:
    """The store the requests go to, and the objects they name."""

    app: Thidua
    flask: Any
    world: World
    tokens: dict[str, str]
    ids: dict[str, list[str]] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)


def _seed(app: Thidua) -> tuple[World, dict[str, list[str]]]:
    world = build_world(app, schools=2, others=2, members=3)
    app.accounts.create_user(username=CLERK, password=PASSWORD, role="unit_clerk",
                             unit_code="CDCS-GD1", actor=SYSTEM)
    early = date(2020, 1, 15)  # within the campaign's registration window
    for kind, subject in (("collective", world.units["GD1"]),
                          ("individual", world.people["huong"])):
        app.campaigns.register(campaign_id=world.campaign, subject_kind=kind,
                               subject_id=subject, actor=SYSTEM, on=early)
    app.campaigns.post_scores(campaign_id=world.campaign, subject_id=world.units["GD1"],
                              period="2020-01", stage="self",
                              scores={"TT1": 25, "TT2": 30, "TT3": 20}, actor=SYSTEM)
    chosen = nominate(world, "collective", "GD1", "bang_khen_tinh")["id"]
    waiting = nominate(world, "individual", "huong", "bang_khen_tinh")["id"]
    issued = nominate(world, "collective", "GD2", "bang_khen_tinh")["id"]
    concluded = approve(world, [chosen, issued])
    decision = decide(world, "bang_khen_tinh", [issued])["id"]
    draft = app.decisions.draft_decision(
        issuer_unit_code="LDLD", campaign_id=world.campaign, award="bang_khen_tinh",
        nomination_ids=[chosen], signer=SIGNER, actor=SECRETARY)["id"]
    open_session = convene(world)
    ballot = app.council.open_ballot(open_session, nomination_id=waiting,
                                     actor=SECRETARY)["id"]
    paper = app.papers.issue_minutes(
        concluded, started_at="08:30", ended_at="11:00", place="Phòng họp tầng 2",
        chair={"name": "Nguyễn Thị Thiện", "position": "Chủ tịch"},
        secretary={"name": "Lò Văn Tư", "position": "Thư ký"}, actor=SECRETARY)["id"]
    dossier = app.dossiers.create_dossier(
        campaign_id=world.campaign, award="bang_khen_tinh", unit_code="CDCS-GD1",
        nominees=[{"subject_kind": "individual", "subject_id": world.people["huong"],
                   "summary": "Hoàn thành xuất sắc nhiệm vụ."}], actor=SYSTEM)["id"]
    app.dossiers.attach_file(dossier, data=SIGNED_FORM, name="to-trinh.pdf", actor=SYSTEM)
    summary = app.summaries.draft(year=2020, unit_code="LDLD", actor=SYSTEM,
                                  sections={"situation": ["Tình hình năm 2020."]})["id"]
    return world, {
        "summary_id": [summary],
        "dossier_id": [dossier],
        "sha256": [hashlib.sha256(SIGNED_FORM).hexdigest()],
        "campaign_id": [world.campaign],
        "nomination_id": [waiting, chosen, issued],
        "decision_id": [draft, decision],
        "session_id": [open_session, concluded],
        "ballot_id": [ballot],
        "paper_id": [paper],
        "aggregate_id": [world.campaign, waiting, decision, world.units["GD1"]],
        "subject_id": [world.units["GD1"], world.people["huong"], world.units["HC1"]],
        "member": world.members,
        "code": ["bang_khen_tinh", "giay_khen"],  # award forms (the default entries)
        "award": ["bang_khen_tinh", "giay_khen", "ldtt", "cstdcs"],
        "form": ["0603", "0602", "0601", "0604"],  # statistical forms
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("contract"),
                        secret_key="contract-secret-key-of-the-test")
    init_store(settings)
    app = open_thidua(settings, clock=lambda: AWARDS_TODAY, password_hasher=CHEAP_HASHER,
                      ballot_key=BALLOT_KEY)
    app.accounts.create_user(username="admin", password=PASSWORD, role="admin", actor=SYSTEM)
    world, ids = _seed(app)
    project_all(app)
    flask = create_app(settings, thidua=app)
    client = flask.test_client()
    tokens = {"admin": sign_in(client, "admin", PASSWORD),
              "unit_clerk": sign_in(client, CLERK, PASSWORD)}
    codes = [u["code"] for u in app.organisation.list_units()]
    yield Seeded(app=app, flask=flask, world=world, tokens=tokens, ids=ids, codes=codes)
    project_all(app)  # every view takes every event the requests wrote
    app.close()


@pytest.fixture(scope="module", autouse=True)
def quick(seeded: Seeded) -> Iterator[None]:
    """No waiting for the worker (none runs here); no LibreOffice (503, documented)."""
    patch = pytest.MonkeyPatch()
    patch.setattr(runner, "WAIT_TIMEOUT", 0.01)
    patch.setattr(http, "pdf_available", lambda: False)
    yield
    patch.undo()


def _pick(options: list[str], drawn: Any) -> str | None:
    """A seeded value for three draws out of four (which ones: from the drawn value)."""
    digest = sum(str(drawn).encode())
    return None if not options or digest % 4 == 0 else options[digest % len(options)]


def ground(case: Any, seeded: Seeded) -> None:
    """Name the seeded objects in most examples (still values the schema allows)."""
    for name, value in list((case.path_parameters or {}).items()):
        case.path_parameters[name] = _pick(seeded.ids.get(name, []), value) or value
    for container in (case.query, case.body if isinstance(case.body, dict) else None):
        if not container:
            continue
        for name, value in list(container.items()):
            if name.endswith("unit_code") and isinstance(value, str):
                container[name] = _pick(seeded.codes, value) or value
            elif name in ("subject_id", "nomination_id", "campaign_id") and value:
                container[name] = _pick(seeded.ids[name], value) or value
            elif name == "award" and isinstance(value, str):
                container[name] = _pick(seeded.ids[name], value) or value
            elif name in ("chair", "member") and isinstance(value, str):
                container[name] = _pick(seeded.ids["member"], value) or value
            elif name in ("members", "present", "nomination_ids") and isinstance(value, list):
                pool = seeded.ids["member" if name != "nomination_ids" else "nomination_id"]
                container[name] = pool[: len(value)] if _pick(pool, value) else value


@pytest.mark.parametrize("role", ["admin", "unit_clerk"])
@schema.parametrize()
@hypothesis.settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case: Any, role: str, seeded: Seeded) -> None:
    ground(case, seeded)
    case.call_and_validate(app=seeded.flask,
                           headers={"Authorization": f"Bearer {seeded.tokens[role]}"})
