"""Issue 15's Done-when scenario, whole, on SQLite and PostgreSQL: CĐCS Trường số 1 →
Công đoàn ngành Giáo dục → LĐLĐ tỉnh. Submit; a return with a reason at the middle tier;
resubmit; forward; the province's specialist's verdicts (one nominee not eligible, the
rule cited); accept; the public notice (a decision inside its window refused); a public
comment; the council with one automatic recusal (a member whose account is the nominee's);
the decision. Every step's event reads in Vietnamese in the audit history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from events.errors import ConflictError
from services.actors import SYSTEM, Actor
from services.config import Settings
from tests.support.awards_world import AWARDS_TODAY, SECRETARY, SIGNER
from tests.support.stores import AppFactory
from tests.support.tiers import Tiers, build_tiers

AUDITOR = Actor(username="kiemtoan", role="auditor")
COUNCIL_DAY = date(2025, 10, 3)  # inside the notice window (1/10 → end of 8/10)


@pytest.fixture
def tiers(store_settings: Settings, open_app: AppFactory) -> Tiers:
    return build_tiers(open_app(store_settings, clock=lambda: AWARDS_TODAY))


def history(tiers: Tiers, aggregate_id: str) -> list[dict[str, Any]]:
    return tiers.app.audit.history(AUDITOR, aggregate_id)["events"]


def names_and_words(events: list[dict[str, Any]]) -> tuple[list[str], str]:
    """The events' names and all their sentences; none left as a code."""
    for event in events:
        assert "." not in event["event_name"], event
        assert "_" not in event["summary"], event["summary"]
    return [e["event_name"] for e in events], " | ".join(e["summary"] for e in events)


def test_from_the_school_union_to_the_decision_in_public_view(tiers: Tiers) -> None:
    app, act, world = tiers.app, tiers.actor, tiers.world
    dossiers = app.dossiers
    school, sector, province = act("vanthu-truong1"), act("vanthu-nganh"), act("vanthu-tinh")
    specialist = act("chuyenvien-tinh")
    app.settings.configure(unit_code="LDLD", notice_required=True, notice_days=5,
                           actor=SYSTEM)
    # One council member's account is Lò Văn Minh's own.
    app.accounts.link_person(world.members[1], person_id=tiers.minh, actor=SYSTEM)

    # Up the tiers: submit, returned with a reason, submitted again, forwarded.
    dossier_id = tiers.draft()["id"]
    dossiers.submit_dossier(dossier_id, actor=school)
    dossiers.return_dossier(dossier_id, reason="Thiếu báo cáo thành tích có xác nhận.",
                            actor=sector)
    dossiers.submit_dossier(dossier_id, actor=school)
    dossiers.forward_dossier(dossier_id, actor=sector)
    dossiers.assign_specialist(dossier_id, specialist="chuyenvien-tinh", actor=province)
    dossiers.record_verdict(dossier_id, subject_id=tiers.minh, eligible=True,
                            reason="Đủ hai năm Chiến sĩ thi đua cơ sở.", actor=specialist)
    judged = dossiers.record_verdict(dossier_id, subject_id=tiers.huong, eligible=False,
                                     reason="Chưa đủ số năm Chiến sĩ thi đua cơ sở.",
                                     actor=specialist)
    assert "căn cứ" in judged["verdicts"][tiers.huong]["findings"][0]
    accepted = dossiers.accept_dossier(dossier_id, actor=specialist)
    nomination = accepted["nominations"][tiers.minh]
    assert list(accepted["nominations"]) == [tiers.minh]

    # Công khai for five working days; the public comments.
    notice = app.notices.publish(campaign_id=world.campaign, unit_code="LDLD",
                                 nomination_ids=[nomination], actor=SECRETARY)
    assert notice["closes_on"] == date(2025, 10, 8)
    shown = app.notices.public_view()["notices"]
    assert [e["subject_name"] for n in shown for e in n["entries"]] == ["Lò Văn Minh"]
    app.notices.comment(notice["id"], text="Thầy Minh có sáng kiến được cả trường áp dụng.",
                        entry=0, address="203.0.113.9")

    # The council, inside the window: Minh's own account does not vote on him.
    session = app.council.convene_session(
        unit_code="LDLD", title="Phiên họp xét Bằng khen năm 2025", held_on=COUNCIL_DAY,
        members=world.members, chair=world.chair, actor=SECRETARY)["id"]
    app.council.record_attendance(session, present=world.members, actor=SECRETARY)
    ballot = app.council.open_ballot(session, nomination_id=nomination, actor=SECRETARY)
    assert [(r["member"], r["automatic"]) for r in ballot["recused"]] == [
        (world.members[1], True)]
    for member in world.members:
        if member != world.members[1]:
            app.council.cast_vote(ballot["id"], choice="dong_y", actor=world.actor(member))
    closed = app.council.close_ballot(ballot["id"], actor=SECRETARY)
    assert (closed["result"]["members"], closed["result"]["passed"]) == (2, True)
    app.council.conclude_session(session, actor=SECRETARY)

    # The decision: refused while the list is still shown, issued the day after.
    decision = app.decisions.draft_decision(
        issuer_unit_code="LDLD", issuer_symbol="LĐLĐ", campaign_id=world.campaign,
        award="bk_ldld_tinh", nomination_ids=[nomination], signer=SIGNER,
        actor=SECRETARY)["id"]
    before = app.store.event_count()
    with pytest.raises(ConflictError) as refused:
        app.decisions.issue_decision(decision, issued_on=date(2025, 10, 6), actor=SECRETARY)
    assert refused.value.field == "nomination_ids[0]"
    assert "đến hết ngày 08/10/2025" in refused.value.message
    assert app.store.event_count() == before
    issued = app.decisions.issue_decision(decision, issued_on=date(2025, 10, 9),
                                          actor=SECRETARY)
    assert issued["status"] == "issued"
    public = app.notices.public_view()["decisions"]
    assert [(d["number"], [r["subject_name"] for r in d["recipients"]]) for d in public] == [
        (issued["number"], ["Lò Văn Minh"])]

    # Every step in the audit history, in Vietnamese.
    steps, words = names_and_words(history(tiers, dossier_id))
    assert steps == ["Lập hồ sơ đề nghị", "Gửi hồ sơ lên cấp trên", "Trả lại hồ sơ",
                     "Gửi hồ sơ lên cấp trên", "Chuyển hồ sơ lên cấp trên",
                     "Phân công chuyên viên", "Ghi kết luận", "Ghi kết luận",
                     "Tiếp nhận hồ sơ"]
    assert "lý do: Thiếu báo cáo thành tích" in words
    assert "Lò Thị Hương: không đủ điều kiện" in words
    steps, words = names_and_words(history(tiers, notice["id"]))
    assert steps == ["Công khai danh sách đề nghị", "Nhận ý kiến của công chúng"]
    assert "Công chúng gửi ý kiến về Lò Văn Minh: Thầy Minh có sáng kiến" in words
    steps, words = names_and_words(history(tiers, ballot["id"]))
    assert steps[:2] == ["Mở phiếu bầu", "Thành viên không tham gia biểu quyết"]
    assert "Kiểm phiếu" in steps
    assert "Thành viên số 1 (hoidong01) không tham gia biểu quyết hồ sơ của Lò Văn Minh (tự " \
        "động khi mở phiếu), lý do: là người được đề nghị khen thưởng" in words
    steps, _ = names_and_words(history(tiers, session))
    assert steps[0] == "Triệu tập phiên họp Hội đồng" and steps[-1] == "Kết luận phiên họp"
    steps, words = names_and_words(history(tiers, nomination))
    assert steps == ["Gửi hồ sơ đề nghị khen thưởng", "Đưa hồ sơ ra công khai",
                     "Đưa hồ sơ ra bỏ phiếu", "Kiểm phiếu hồ sơ đề nghị",
                     "Hội đồng đề nghị khen thưởng", "Có quyết định khen thưởng"]
    assert f"theo quyết định số {issued['number']}" in words
    steps, words = names_and_words(history(tiers, decision))
    assert steps == ["Lập dự thảo quyết định khen thưởng", "Ban hành quyết định khen thưởng"]
    assert issued["number"] in words
