"""The papers a clerk downloads, made through the real flow from a store.

Three small stores (SQLite files) stand for three moments of the seed-004 union's work:
the campaign launched with its Kế hoạch; a council session that chose a collective and a
person, its Biên bản, the Tờ trình to the province and the Quyết định; a month of scores and
the Báo cáo điển hình of that month. A fourth holds a state agency's year (a Sở under Luật
Thi đua, khen thưởng: ``tests/support/paper_flows.state_flow``). Every file is what the use
cases render for a download.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from services.actors import SYSTEM
from services.config import Settings
from services.store import init_store, open_thidua
from services.thidua import Thidua
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    SIGNER,
    approve,
    build_world,
    decide,
    nominate,
)
from tests.support.paper_flows import open_app, state_flow
from tests.support.projections import project_all
from tests.support.scenarios import campaign_data
from tests.support.standings_fixtures import build as build_standings
from tests.support.stores import BALLOT_KEY, CHEAP_HASHER, TODAY

MINUTES = {"started_at": "08:30", "ended_at": "11:00",
           "place": "Phòng họp tầng 2, trụ sở Liên đoàn Lao động tỉnh Lai Châu",
           "chair": {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch Hội đồng"},
           "secretary": {"name": "Lò Thị Hiên", "position": "Thư ký Hội đồng"}}
ADDRESSEE = "Ủy ban nhân dân tỉnh Lai Châu"
DEPUTY = {"name": "Lê Văn Phó", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch"}
DECIDED_ON = date(2026, 8, 1)
# The seed's scores are recorded on the store's day, after the report's date.
BACKDATED = "Lập lại trên hệ thống từ báo cáo giấy đã ký ngày 05/02/2020."
PAPERS = ("ke_hoach", "quyet_dinh", "to_trinh", "bien_ban", "bao_cao")
# The state agency's papers: its decisions before and after 01/07/2025 and the province's.
STATE_PAPERS = tuple(f"state-{name}" for name in (
    "ke_hoach", "quyet_dinh", "quyet_dinh_2024", "quyet_dinh_tinh", "to_trinh", "bien_ban",
    "bien_ban_2024", "bao_cao"))


def open_store(directory: Path, today: date) -> Thidua:
    """An empty store in ``directory`` whose clock reads ``today``."""
    directory.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=directory, secret_key="test-secret")
    init_store(settings)
    return open_thidua(settings, clock=lambda: today, password_hasher=CHEAP_HASHER,
                       ballot_key=BALLOT_KEY)


def with_store(directory: Path, today: date, make: Callable[[Thidua], Any]) -> Any:
    app = open_store(directory, today)
    try:
        return make(app)
    finally:
        app.close()


def plan(app: Thidua) -> bytes:
    """The Kế hoạch of the seed-004 campaign, signed by the chair of the union."""
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                 actor=SYSTEM)
    campaign = app.campaigns.create_campaign(
        campaign_data(plan={"signer": SIGNER, "recipients": ["Các công đoàn cơ sở"]}),
        actor=SYSTEM)
    return app.documents.campaign_plan(campaign["id"], SYSTEM).data


def council_session(app: Thidua) -> tuple[Any, str, list[str]]:
    """A concluded session that chose a school union and a teacher."""
    world = build_world(app, members=3, schools=2, others=2)
    nominations = [nominate(world, "collective", "GD1", "bang_khen_tinh")["id"],
                   nominate(world, "individual", "huong", "bang_khen_tinh")["id"]]
    return world, approve(world, nominations), nominations


def award_papers(app: Thidua, proposal_signer: dict[str, Any] | None = None) -> dict[str, bytes]:
    """The Biên bản, the Tờ trình and the Quyết định of one council session."""
    world, session, nominations = council_session(app)
    papers = app.papers
    minutes = papers.issue_minutes(session, **MINUTES, actor=SECRETARY)
    proposal = papers.issue_proposal(session, addressee=ADDRESSEE,
                                     signer=proposal_signer or SIGNER,
                                     issued_on="2025-11-25", actor=SECRETARY)
    decision = decide(world, "bang_khen_tinh", nominations, issued_on=DECIDED_ON)
    return {"bien_ban": papers.paper_document(minutes["id"], SYSTEM).data,
            "to_trinh": papers.paper_document(proposal["id"], SYSTEM).data,
            "quyet_dinh": papers.decision_document(decision["id"], SYSTEM).data}


def exemplar_report(app: Thidua) -> bytes:
    """The Báo cáo điển hình of January 2020, signed by a deputy (KT. Chủ tịch)."""
    ids = build_standings(app)
    project_all(app)
    report = app.papers.issue_exemplar_report(ids["campaign"], period="2020-01", top=2,
                                              signer=DEPUTY, issued_on="2020-02-05",
                                              reason=BACKDATED, actor=SECRETARY)
    return app.papers.paper_document(report["id"], SYSTEM).data


def real_papers(directory: Path) -> dict[str, bytes]:
    """Every kind of paper, made through the real flow, by name (PAPERS, STATE_PAPERS)."""
    papers = {"ke_hoach": with_store(directory / "plan", TODAY, plan)}
    papers |= with_store(directory / "council", AWARDS_TODAY, award_papers)
    papers["bao_cao"] = with_store(directory / "scores", TODAY, exemplar_report)
    app = open_app(directory / "state")
    try:
        papers |= {f"state-{name}": data for name, data in state_flow(app).papers.items()}
    finally:
        app.close()
    assert sorted(papers) == sorted(PAPERS + STATE_PAPERS)
    return papers
