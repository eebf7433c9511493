"""The papers of two organisations, made through the real flow as a văn thư's day goes.

A trade union (seed 004: Liên đoàn Lao động tỉnh Lai Châu and its education union) and a
state agency (Sở Giáo dục và Đào tạo under the province's Ủy ban nhân dân), each with its
own award catalogue and authority basis, a campaign, monthly scores, a council session
with its votes, the Biên bản, the Tờ trình to the level above, and the decisions. Every
step runs through the use cases with the clock of that day; nothing is an example context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docgen import pdf
from services.actors import SYSTEM, Actor
from services.config import Settings
from services.store import init_store, open_thidua
from services.thidua import Thidua
from tests.support.awards_world import signed_form
from tests.support.projections import project_all
from tests.support.stores import BALLOT_KEY, CHEAP_HASHER

SECRETARY = Actor(username="thuky", role="secretary")
UNION_CHAIR = {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch",
               "authority": "TM. Ban Thường vụ"}
UNION_DEPUTY = {"name": "Lê Văn Hòa", "position": "Phó Chủ tịch", "authority": "KT. Chủ tịch"}
# The deputy signing for the Ban Thường vụ: "TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
UNION_DEPUTY_FOR_BTV = {**UNION_DEPUTY, "authority": "TM. Ban Thường vụ",
                        "deputy": "KT. Chủ tịch"}
SECTOR_UNION_CHAIR = {"name": "Hoàng Thị Lan", "position": "Chủ tịch",
                      "authority": "TM. Ban Thường vụ"}
DIRECTOR = {"name": "Lò Văn Minh", "position": "Giám đốc"}
GOVERNOR = {"name": "Hà Trọng Hải", "position": "Chủ tịch"}


@dataclass
class Flow:
    """What one organisation's real flow made: ids, and every paper as .docx bytes."""

    app: Thidua
    ids: dict[str, str] = field(default_factory=dict)
    papers: dict[str, bytes] = field(default_factory=dict)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def on(self, day: date) -> None:
        """Let the clock read ``day`` (each step is done on its own day)."""
        self.app.store.clock = lambda: day


def open_app(directory: Path) -> Thidua:
    """An empty store in ``directory`` (each flow sets its own clock)."""
    settings = Settings(data_dir=directory, secret_key="test-secret")
    init_store(settings)
    return open_thidua(settings, password_hasher=CHEAP_HASHER, ballot_key=BALLOT_KEY)


def print_papers(flows: dict[str, Flow], directory: Path) -> dict[str, Path]:
    """Every paper of ``flows`` as LibreOffice prints it, in one run: "<who>-<name>" → PDF."""
    files = {f"{who}-{name}": data for who, flow in flows.items()
             for name, data in flow.papers.items()}
    paths = {}
    for name, data in pdf.to_pdfs(files).items():
        paths[name] = directory / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def _members(app: Thidua, prefix: str, names: list[str]) -> list[str]:
    usernames = []
    for i, name in enumerate(names, start=1):
        username = f"{prefix}{i:02d}"
        app.accounts.create_user(username=username, password="mat-khau-dai",
                                 role="council_member", full_name=name, actor=SYSTEM)
        usernames.append(username)
    return usernames


def _vote(flow: Flow, session: str, nomination: str, members: list[str], present: list[str],
          yes: int) -> None:
    """The first ``yes`` members agree, the rest do not; the absent write in."""
    council = flow.app.council
    ballot = council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)["id"]
    for index, member in enumerate(members):
        choice = "dong_y" if index < yes else "khong_dong_y"
        if member in present:
            council.cast_vote(ballot, choice=choice,
                              actor=Actor(username=member, role="council_member"))
        else:
            council.cast_vote(ballot, choice=choice, member=member, proof=signed_form(member),
                              actor=SECRETARY)
    council.close_ballot(ballot, actor=SECRETARY)


def _scores(flow: Flow, campaign: str, subject: str, points: dict[str, list[int]]) -> None:
    """Self-assessed then reviewed monthly scores (criterion → points per month)."""
    months = sorted({m for m in points})
    for month in months:
        scores = {"TC1": points[month][0], "TC2": points[month][1]}
        for stage in ("self", "review"):
            flow.app.campaigns.post_scores(campaign_id=campaign, subject_id=subject,
                                           period=month, stage=stage, scores=scores,
                                           actor=SYSTEM)


TRACKS = [
    {"subject_kind": "collective", "cadence": "monthly",
     "criteria": [{"code": "TC1", "name": "Thực hiện quy chế văn hóa công sở", "max_points": 60},
                  {"code": "TC2", "name": "Cải cách hành chính", "max_points": 40}],
     "thresholds": {"HTXS": 90, "HTT": 70, "HT": 50}},
    {"subject_kind": "individual", "cadence": "weekly", "criteria": [], "thresholds": {}},
]

UNION_FORMS = [
    {"code": "bk_ldld_tinh", "name": "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh Lai "
                                     "Châu",
     "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
     "category": "bang_khen_tinh", "system": "cong_doan", "issuer_unit_code": "LDLD"},
    {"code": "co_ldld_tinh", "name": "Cờ thi đua của Liên đoàn Lao động tỉnh Lai Châu",
     "kind": "danh_hieu", "subject_kinds": ["collective"], "category": "co_tinh",
     "system": "cong_doan", "issuer_unit_code": "LDLD"},
]
UNION_BASIS = ("Căn cứ Quy chế làm việc của Ban Chấp hành, Ban Thường vụ Liên đoàn Lao động "
               "tỉnh Lai Châu khóa XIV, nhiệm kỳ 2023-2028")
UNION_GOVERNING_BODY = "Tổng Liên đoàn Lao động Việt Nam"
UNION_MOVEMENT = "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở"
UNION_MEMBERS = ["Hoàng Thị Lan", "Phạm Văn Đức", "Trần Thị Ngọc", "Lường Văn Sơn",
                 "Đỗ Thị Hạnh", "Vàng A Dính", "Nguyễn Văn Khải", "Lò Thị Hoa",
                 "Tống Văn Hải", "Chu Thị Bích"]
UNION_SUMMARIES = {
    "LQD": "Dẫn đầu khối thi đua các trường THPT 06 năm liền; 100% đoàn viên thực hiện tốt "
           "quy chế văn hóa công sở.",
    "HA": "Chủ tịch công đoàn cơ sở tiêu biểu; sáng kiến “Tủ sách công đoàn” được nhân rộng.",
    "QT": "Hoàn thành tốt nhiệm vụ.",
    "BL": "Công đoàn cơ sở vững mạnh xuất sắc 05 năm liền.",
}


def union_flow(app: Thidua) -> Flow:
    """LĐLĐ tỉnh Lai Châu: the education union's council proposes, the province decides."""
    flow = Flow(app)
    flow.on(date(2019, 9, 10))
    unit = app.organisation.create_unit
    unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu", actor=SYSTEM)
    unit(code="CDN-GD", name="Công đoàn ngành Giáo dục tỉnh Lai Châu", parent_code="LDLD",
         sector="giao_duc", actor=SYSTEM)
    for key, code, name in (("LQD", "CDCS-LQD", "Công đoàn Trường THPT chuyên Lê Quý Đôn"),
                            ("QT", "CDCS-QT", "Công đoàn Trường THPT Quyết Thắng"),
                            ("BL", "CDCS-BL", "Công đoàn Trường THPT Bình Lư")):
        flow.ids[key] = unit(code=code, name=name, parent_code="CDN-GD", actor=SYSTEM)["id"]
    flow.ids["HA"] = app.organisation.create_person(
        full_name="Nguyễn Thị Thu Hà", unit_code="CDCS-LQD", position="Chủ tịch công đoàn cơ sở",
        actor=SYSTEM)["id"]
    for form in UNION_FORMS:
        app.award_forms.define_form(**form, actor=SYSTEM)
    app.settings.configure(unit_code="LDLD", authority_basis=[UNION_BASIS],
                           governing_body=UNION_GOVERNING_BODY, actor=SYSTEM)
    app.accounts.create_user(username="thuky", password="mat-khau-dai", role="secretary",
                             full_name="Lò Thị Hiên", actor=SYSTEM)
    members = _members(app, "hdgd", UNION_MEMBERS)
    campaign = app.campaigns.create_campaign({
        "code": "VHCS-2019", "number": "117/KH-LĐLĐ",
        "title": f"Thực hiện phong trào thi đua “{UNION_MOVEMENT}” giai đoạn 2019-2025",
        "issuer_unit_code": "LDLD", "start": "2019-09-13", "end": "2025-12-31",
        "registration_deadline": "2020-02-10", "tracks": TRACKS,
        "quotas": [{"award_form": "bk_ldld_tinh", "subject_kind": "collective", "max": 10,
                    "reserved": []},
                   {"award_form": "bk_ldld_tinh", "subject_kind": "individual", "max": 15,
                    "reserved": []}],
        "plan": {"signer": UNION_CHAIR}}, actor=SYSTEM)["id"]
    flow.ids["campaign"] = campaign

    # Scores of the first quarter of 2020, posted in April.
    flow.on(date(2020, 1, 20))
    for key in ("LQD", "QT", "BL"):
        app.campaigns.register(campaign_id=campaign, subject_kind="collective",
                               subject_id=flow.ids[key], actor=SYSTEM)
    flow.on(date(2020, 4, 3))
    _scores(flow, campaign, flow.ids["LQD"],
            {"2020-01": [58, 37], "2020-02": [55, 35], "2020-03": [57, 35]})
    _scores(flow, campaign, flow.ids["QT"],
            {"2020-01": [50, 30], "2020-02": [52, 33], "2020-03": [49, 31]})
    _scores(flow, campaign, flow.ids["BL"],
            {"2020-01": [45, 30], "2020-02": [47, 28], "2020-03": [44, 26]})
    project_all(app)

    # Dossiers at the end of the campaign, the education union's council on 20/11/2025.
    flow.on(date(2025, 10, 1))
    nominations = {}
    for key, kind, award in (("LQD", "collective", "bk_ldld_tinh"),
                             ("HA", "individual", "bk_ldld_tinh"),
                             ("QT", "collective", "bk_ldld_tinh"),
                             ("BL", "collective", "co_ldld_tinh")):
        nominations[key] = app.nominations.submit_nomination(
            campaign_id=campaign, subject_kind=kind, subject_id=flow.ids[key], award=award,
            year=2025, route="phong_trao", summary=UNION_SUMMARIES[key],
            submitting_unit_code="CDN-GD", actor=SYSTEM)["id"]
    flow.ids.update({f"n_{k}": v for k, v in nominations.items()})
    held_on = date(2025, 11, 20)
    flow.on(held_on)
    session = app.council.convene_session(
        unit_code="CDN-GD", title="Phiên họp xét khen thưởng tổng kết phong trào",
        held_on=held_on, members=members, chair=members[0], actor=SECRETARY)["id"]
    present = members[:8]
    app.council.record_attendance(session, present=present, actor=SECRETARY)
    for key, yes in (("LQD", 9), ("HA", 8), ("QT", 4), ("BL", 8)):
        _vote(flow, session, nominations[key], members, present, yes)
    app.council.conclude_session(session, actor=SECRETARY)
    flow.ids["session"] = session
    minutes = app.papers.issue_minutes(
        session, started_at="08:30", ended_at="11:00",
        place="Phòng họp tầng 2, trụ sở Công đoàn ngành Giáo dục tỉnh Lai Châu",
        chair={"name": "Hoàng Thị Lan", "position": "Chủ tịch Công đoàn ngành, Chủ tịch Hội "
                                                    "đồng"},
        secretary={"name": "Lò Thị Hiên", "position": "Thư ký Hội đồng"}, actor=SECRETARY)
    flow.on(date(2025, 11, 25))
    proposal = app.papers.issue_proposal(
        session, addressee="Ban Thường vụ Liên đoàn Lao động tỉnh Lai Châu",
        signer=SECTOR_UNION_CHAIR, symbol="CĐGD", actor=SECRETARY)

    # The province's decisions, on 01/08/2026 (Luật Công đoàn 2024 in force).
    flow.on(date(2026, 8, 1))
    decisions = {}
    for name, award, keys, signer in (
            ("quyet_dinh", "bk_ldld_tinh", ["LQD", "HA"], UNION_CHAIR),
            ("quyet_dinh_co", "co_ldld_tinh", ["BL"], UNION_DEPUTY_FOR_BTV)):
        draft = app.decisions.draft_decision(
            issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=campaign, award=award,
            nomination_ids=[nominations[k] for k in keys], signer=signer, actor=SECRETARY)
        decisions[name] = app.decisions.issue_decision(draft["id"], actor=SECRETARY)
    project_all(app)

    # The report of the first quarter of 2020, issued later with a reason.
    report = app.papers.issue_exemplar_report(
        campaign, period="2020-Q1", top=2, signer=UNION_DEPUTY, issued_on="2020-04-10",
        reason="Lập lại trên hệ thống từ báo cáo giấy đã gửi ngày 10/4/2020.", actor=SECRETARY)

    flow.records = {"bien_ban": minutes, "to_trinh": proposal, "bao_cao": report,
                    **decisions}
    _download(flow)
    return flow


def _download(flow: Flow) -> None:
    """Every paper as a clerk downloads it, the campaign's Kế hoạch too."""
    papers = flow.app.papers
    for name, record in flow.records.items():
        flow.papers[name] = (papers.decision_document(record["id"], SYSTEM).data
                             if name.startswith("quyet_dinh")
                             else papers.paper_document(record["id"], SYSTEM).data)
    flow.papers["ke_hoach"] = flow.app.documents.campaign_plan(flow.ids["campaign"],
                                                                SYSTEM).data


STATE_FORMS = [
    {"code": "gk_sgddt", "name": "Giấy khen của Giám đốc Sở Giáo dục và Đào tạo tỉnh Lai Châu",
     "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
     "category": "giay_khen", "system": "nha_nuoc", "issuer_unit_code": "SGDDT"},
    {"code": "bk_ubnd_tinh", "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
     "kind": "hinh_thuc", "subject_kinds": ["collective", "individual"],
     "category": "bang_khen_tinh", "system": "nha_nuoc", "issuer_unit_code": "UBND"},
]
STATE_BASIS = ("Căn cứ Quyết định số 25/2021/QĐ-UBND ngày 15/7/2021 của Ủy ban nhân dân tỉnh "
               "Lai Châu quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Giáo "
               "dục và Đào tạo tỉnh Lai Châu")
PROVINCE_BASIS = "Căn cứ Quy chế làm việc của Ủy ban nhân dân tỉnh Lai Châu"
STATE_MOVEMENT = "Đổi mới, sáng tạo trong dạy và học"
STATE_MEMBERS = ["Lò Văn Minh", "Nguyễn Thị Hằng", "Bùi Văn Toàn", "Sùng A Lử", "Lê Thị Vân",
                 "Đinh Văn Quân", "Phan Thị Thảo", "Vũ Văn Tùng", "Mào Thị Xuân"]
STATE_SUMMARIES = {
    "A": "Tỷ lệ học sinh đỗ tốt nghiệp 100%; 12 giải học sinh giỏi cấp quốc gia.",
    "B": "Đổi mới phương pháp dạy học theo chương trình giáo dục phổ thông 2018.",
    "MAY": "Giáo viên dạy giỏi cấp tỉnh; sáng kiến “Học toán qua trò chơi” được công nhận.",
    "THANH": "Sáng kiến cấp tỉnh về chuyển đổi số trong quản lý lớp học.",
    "LAN": "Giáo viên chủ nhiệm giỏi cấp tỉnh năm học 2023-2024.",
}


def state_flow(app: Thidua) -> Flow:
    """Sở Giáo dục và Đào tạo: its council, its Giấy khen, a Tờ trình to the province."""
    flow = Flow(app)
    flow.on(date(2024, 9, 1))
    unit = app.organisation.create_unit
    unit(code="UBND", name="Ủy ban nhân dân tỉnh Lai Châu", actor=SYSTEM)
    unit(code="SGDDT", name="Sở Giáo dục và Đào tạo tỉnh Lai Châu", parent_code="UBND",
         sector="giao_duc", actor=SYSTEM)
    for key, code, name in (("A", "THPT-LQD", "Trường THPT chuyên Lê Quý Đôn"),
                            ("B", "THPT-QT", "Trường THPT Quyết Thắng")):
        flow.ids[key] = unit(code=code, name=name, parent_code="SGDDT", actor=SYSTEM)["id"]
    for key, name, code in (("MAY", "Tẩn Thị Mây", "THPT-QT"),
                            ("THANH", "Vũ Đức Thành", "THPT-LQD")):
        flow.ids[key] = app.organisation.create_person(
            full_name=name, unit_code=code, position="Giáo viên", actor=SYSTEM)["id"]
    for form in STATE_FORMS:
        app.award_forms.define_form(**form, actor=SYSTEM)
    app.settings.configure(unit_code="SGDDT", authority_basis=[STATE_BASIS], actor=SYSTEM)
    app.settings.configure(unit_code="UBND", authority_basis=[PROVINCE_BASIS], actor=SYSTEM)
    app.accounts.create_user(username="thuky", password="mat-khau-dai", role="secretary",
                             full_name="Nguyễn Thị Hằng", actor=SYSTEM)
    members = _members(app, "hdsgd", STATE_MEMBERS)
    campaign = app.campaigns.create_campaign({
        "code": "DMST-2024", "number": "35/KH-SGDĐT",
        "title": f"Phát động phong trào thi đua “{STATE_MOVEMENT}” năm học 2024-2025",
        "issuer_unit_code": "SGDDT", "start": "2024-09-05", "end": "2025-12-31",
        "registration_deadline": "2024-10-15", "tracks": TRACKS,
        "plan": {"signer": DIRECTOR}}, actor=SYSTEM)["id"]
    flow.ids["campaign"] = campaign
    flow.on(date(2024, 10, 1))
    for key in ("A", "B"):
        app.campaigns.register(campaign_id=campaign, subject_kind="collective",
                               subject_id=flow.ids[key], actor=SYSTEM)
    _early_decision(flow, campaign, members)
    flow.on(date(2025, 4, 2))
    _scores(flow, campaign, flow.ids["A"], {"2025-03": [58, 37]})
    _scores(flow, campaign, flow.ids["B"], {"2025-03": [54, 36]})
    project_all(app)

    flow.on(date(2025, 7, 20))
    nominations = {}
    for key, kind, award in (("A", "collective", "gk_sgddt"), ("B", "collective", "gk_sgddt"),
                             ("MAY", "individual", "cstdcs"),
                             ("THANH", "individual", "bk_ubnd_tinh")):
        nominations[key] = app.nominations.submit_nomination(
            campaign_id=campaign, subject_kind=kind, subject_id=flow.ids[key], award=award,
            year=2025, route="phong_trao", summary=STATE_SUMMARIES[key], actor=SYSTEM)["id"]
    flow.ids.update({f"n_{k}": v for k, v in nominations.items()})
    held_on = date(2025, 8, 5)
    flow.on(held_on)
    session = app.council.convene_session(
        unit_code="SGDDT", title="Phiên họp xét khen thưởng năm học 2024-2025",
        held_on=held_on, members=members, chair=members[0], actor=SECRETARY)["id"]
    app.council.record_attendance(session, present=members, actor=SECRETARY)
    for key, yes in (("A", 9), ("B", 8), ("MAY", 8), ("THANH", 7)):
        _vote(flow, session, nominations[key], members, members, yes)
    app.council.conclude_session(session, actor=SECRETARY)
    flow.ids["session"] = session
    minutes = app.papers.issue_minutes(
        session, started_at="14:00", ended_at="16:30",
        place="Phòng họp số 1, Sở Giáo dục và Đào tạo tỉnh Lai Châu",
        chair={"name": "Lò Văn Minh", "position": "Giám đốc Sở, Chủ tịch Hội đồng"},
        secretary={"name": "Nguyễn Thị Hằng", "position": "Chánh Văn phòng Sở, Thư ký Hội "
                                                         "đồng"}, actor=SECRETARY)
    flow.on(date(2025, 8, 8))
    proposal = app.papers.issue_proposal(
        session, addressee="Chủ tịch Ủy ban nhân dân tỉnh Lai Châu", award="bk_ubnd_tinh",
        signer=DIRECTOR, symbol="SGDĐT", actor=SECRETARY)

    flow.on(date(2025, 8, 15))
    draft = app.decisions.draft_decision(
        issuer_unit_code="SGDDT", issuer_symbol="SGDĐT", campaign_id=campaign,
        award="gk_sgddt", nomination_ids=[nominations["A"], nominations["B"]],
        signer=DIRECTOR, actor=SECRETARY)
    decision = app.decisions.issue_decision(draft["id"], actor=SECRETARY)
    flow.on(date(2025, 9, 2))
    draft = app.decisions.draft_decision(
        issuer_unit_code="UBND", issuer_symbol="UBND", campaign_id=campaign,
        award="bk_ubnd_tinh", nomination_ids=[nominations["THANH"]], signer=GOVERNOR,
        actor=SECRETARY)
    province = app.decisions.issue_decision(draft["id"], actor=SECRETARY)
    project_all(app)

    report = app.papers.issue_exemplar_report(
        campaign, period="2025-03", top=2, signer=DIRECTOR, issued_on="2025-04-05",
        reason="Số liệu tháng 3 nhập bổ sung; báo cáo giấy đã ký ngày 05/4/2025.",
        actor=SECRETARY)
    flow.records |= {"bien_ban": minutes, "to_trinh": proposal, "quyet_dinh": decision,
                     "quyet_dinh_tinh": province, "bao_cao": report}
    _download(flow)
    return flow


def _early_decision(flow: Flow, campaign: str, members: list[str]) -> None:
    """The Sở's Giấy khen of 2024 to a teacher, decided on 20/12/2024: before 01/07/2025,
    under Nghị định số 98/2023/NĐ-CP."""
    app = flow.app
    flow.on(date(2024, 11, 25))
    flow.ids["LAN"] = app.organisation.create_person(
        full_name="Lường Thị Lan", unit_code="THPT-QT", position="Giáo viên",
        actor=SYSTEM)["id"]
    nomination = app.nominations.submit_nomination(
        campaign_id=campaign, subject_kind="individual", subject_id=flow.ids["LAN"],
        award="gk_sgddt", year=2024, route="phong_trao", summary=STATE_SUMMARIES["LAN"],
        actor=SYSTEM)["id"]
    held_on = date(2024, 12, 10)
    flow.on(held_on)
    session = app.council.convene_session(
        unit_code="SGDDT", title="Phiên họp xét khen thưởng học kỳ I năm học 2024-2025",
        held_on=held_on, members=members, chair=members[0], actor=SECRETARY)["id"]
    app.council.record_attendance(session, present=members, actor=SECRETARY)
    _vote(flow, session, nomination, members, members, 9)
    app.council.conclude_session(session, actor=SECRETARY)
    minutes = app.papers.issue_minutes(
        session, started_at="14:00", ended_at="15:00",
        place="Phòng họp số 1, Sở Giáo dục và Đào tạo tỉnh Lai Châu",
        chair={"name": "Lò Văn Minh", "position": "Giám đốc Sở, Chủ tịch Hội đồng"},
        secretary={"name": "Nguyễn Thị Hằng", "position": "Chánh Văn phòng Sở, Thư ký Hội "
                                                         "đồng"}, actor=SECRETARY)
    flow.on(date(2024, 12, 20))
    draft = app.decisions.draft_decision(
        issuer_unit_code="SGDDT", issuer_symbol="SGDĐT", campaign_id=campaign,
        award="gk_sgddt", nomination_ids=[nomination], signer=DIRECTOR, actor=SECRETARY)
    flow.records["bien_ban_2024"] = minutes
    flow.records["quyet_dinh_2024"] = app.decisions.issue_decision(draft["id"],
                                                                   actor=SECRETARY)
