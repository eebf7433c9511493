"""Issue 15's three-tier scenario on SQLite and PostgreSQL: CĐCS Trường số 1 → Công đoàn
ngành Giáo dục → LĐLĐ tỉnh. Submit, a return with a reason at the middle tier, resubmit,
forward, the province's specialist's verdicts (one nominee not eligible, the rule cited),
accept: the eligible nominee on the council's board, linked to the dossier. Every step's
event reads in Vietnamese in the audit history."""

from __future__ import annotations

from typing import Any

import pytest

from events.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from services.actors import Actor
from services.config import Settings
from tests.support.awards_world import AWARDS_TODAY
from tests.support.projections import project_all
from tests.support.stores import AppFactory
from tests.support.tiers import Tiers, build_tiers

REPORT = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
          b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n"
          + "% Báo cáo thành tích có xác nhận\n%%EOF\n".encode())
ADMIN = Actor(username="quantri", role="admin")


@pytest.fixture
def tiers(store_settings: Settings, open_app: AppFactory) -> Tiers:
    return build_tiers(open_app(store_settings, clock=lambda: AWARDS_TODAY))


def refused(tiers: Tiers, error: type[Exception], command: Any) -> Any:
    """The command is refused and stores nothing."""
    before = tiers.app.store.event_count()
    with pytest.raises(error) as info:
        command()
    assert tiers.app.store.event_count() == before
    return info.value


def test_three_tiers_from_the_school_union_to_the_province(tiers: Tiers) -> None:
    dossiers, act = tiers.app.dossiers, tiers.actor
    school, sector, province = (act("vanthu-truong1"), act("vanthu-nganh"),
                                act("vanthu-tinh"))

    # The school's union drafts the dossier: its route runs up to the issuer.
    dossier = tiers.draft()
    assert [u["code"] for u in dossier["route_units"]] == ["CDCS-GD1", "CDN-GD", "LDLD"]
    assert (dossier["status"], dossier["tier_unit_code"]) == ("draft", "CDCS-GD1")
    dossier_id = dossier["id"]

    # It submits; the dossier waits at the sector union, which returns it with a reason.
    assert dossiers.submit_dossier(dossier_id, actor=school)["tier_unit_code"] == "CDN-GD"
    refused(tiers, PermissionDeniedError,
            lambda: dossiers.forward_dossier(dossier_id, actor=province))
    returned = dossiers.return_dossier(dossier_id, reason="Thiếu báo cáo thành tích có xác "
                                       "nhận của thủ trưởng.", actor=sector)
    assert (returned["status"], returned["tier_unit_code"]) == ("returned", "CDCS-GD1")
    assert returned["returns"][0]["reason"].startswith("Thiếu báo cáo thành tích")
    assert returned["returns"][0]["from_unit_name"] == "Công đoàn ngành Giáo dục"

    # The school attaches the report, submits again; the sector union forwards it.
    attached = dossiers.attach_file(dossier_id, data=REPORT, name="bao-cao-thanh-tich.pdf",
                                    actor=school)
    assert attached["attachments"][0]["type"] == "application/pdf"
    dossiers.submit_dossier(dossier_id, actor=school)
    forwarded = dossiers.forward_dossier(dossier_id, actor=sector)
    assert (forwarded["status"], forwarded["tier_unit_code"]) == ("forwarded", "LDLD")
    assert "accept" not in forwarded["actions"]  # the clerk of the province does not accept

    # The province's clerk assigns its specialist, who judges each nominee.
    specialist = act("chuyenvien-tinh")
    refused(tiers, InvalidInputError, lambda: dossiers.assign_specialist(
        dossier_id, specialist="chuyenvien-nganh", actor=province))
    dossiers.assign_specialist(dossier_id, specialist="chuyenvien-tinh", actor=province)
    refusal = refused(tiers, InvalidInputError, lambda: dossiers.record_verdict(
        dossier_id, subject_id=tiers.huong, eligible=True, actor=specialist))
    assert refusal.field == "eligible" and "căn cứ" in refusal.message
    dossiers.record_verdict(dossier_id, subject_id=tiers.minh, eligible=True,
                            reason="Đủ hai năm Chiến sĩ thi đua cơ sở.", actor=specialist)
    judged = dossiers.record_verdict(dossier_id, subject_id=tiers.huong, eligible=False,
                                     reason="Chưa đủ số năm Chiến sĩ thi đua cơ sở.",
                                     actor=specialist)
    verdict = judged["verdicts"][tiers.huong]
    assert verdict["eligible"] is False
    assert "chưa đủ điều kiện" in verdict["findings"][0] and "căn cứ" in verdict["findings"][0]
    assert "accept" in judged["actions"]

    # Accepting puts Minh (only) on the council's board, linked to the dossier.
    accepted = dossiers.accept_dossier(dossier_id, actor=specialist)
    assert accepted["status"] == "accepted"
    nomination_id = accepted["nominations"][tiers.minh]
    assert list(accepted["nominations"]) == [tiers.minh]
    nomination = tiers.app.nominations.get_nomination(nomination_id)
    assert (nomination["subject_name"], nomination["dossier_id"], nomination["status"]) == \
        ("Lò Văn Minh", dossier_id, "submitted")
    assert nomination["award"] == "bk_ldld_tinh"
    project_all(tiers.app)
    board = tiers.app.awards.nominations(tiers.world.campaign)
    assert [r["subject_name"] for r in board["rows"]] == ["Lò Văn Minh"]

    # Every step reads in Vietnamese in the audit history.
    history = tiers.app.audit.history(ADMIN, dossier_id)
    summaries = [e["summary"] for e in history["events"]]
    assert [e["event_name"] for e in history["events"]] == [
        "Lập hồ sơ đề nghị", "Gửi hồ sơ lên cấp trên", "Trả lại hồ sơ", "Đính kèm tệp",
        "Gửi hồ sơ lên cấp trên", "Chuyển hồ sơ lên cấp trên", "Phân công chuyên viên",
        "Ghi kết luận", "Ghi kết luận", "Tiếp nhận hồ sơ"]
    assert "Lò Văn Minh" in summaries[0] and "Công đoàn Trường số 1" in summaries[0]
    assert "Công đoàn ngành Giáo dục" in summaries[1]
    assert "lý do: Thiếu báo cáo thành tích" in summaries[2]
    assert "Lò Thị Hương: không đủ điều kiện" in summaries[8]
    assert "đưa 1 cá nhân, tập thể ra Hội đồng: Lò Văn Minh" in summaries[9]
    assert all("_" not in s for s in summaries), summaries


def test_a_clerk_of_another_branch_neither_reads_nor_acts(tiers: Tiers) -> None:
    dossiers = tiers.app.dossiers
    dossier_id = tiers.draft()["id"]
    dossiers.submit_dossier(dossier_id, actor=tiers.actor("vanthu-truong1"))
    other = tiers.actor("vanthu-so1")
    refused(tiers, NotFoundError, lambda: dossiers.get_dossier(dossier_id, actor=other))
    refused(tiers, NotFoundError, lambda: dossiers.forward_dossier(dossier_id, actor=other))
    refused(tiers, NotFoundError, lambda: dossiers.withdraw_dossier(
        dossier_id, reason="Không phải của mình", actor=other))
    assert dossiers.list_dossiers(actor=other) == []
    # The tiers on the route read it; the sector union sees it waiting at its tier.
    waiting = dossiers.list_dossiers(actor=tiers.actor("vanthu-nganh"), tier_unit_code="CDN-GD")
    assert [d["id"] for d in waiting] == [dossier_id]
    assert dossiers.list_dossiers(actor=tiers.actor("vanthu-tinh"), status="draft") == []


def test_a_nominee_outside_the_submitting_unit_is_refused_naming_the_row(tiers: Tiers) -> None:
    refusal = refused(tiers, InvalidInputError, lambda: tiers.draft(nominees=[
        {"subject_kind": "individual", "subject_id": tiers.minh, "summary": "Tốt."},
        {"subject_kind": "individual", "subject_id": tiers.world.people["pao"],
         "summary": "Tốt."}]))
    assert refusal.field == "nominees[1].subject_id" and "Giàng A Páo" in refusal.message


def test_a_nominee_already_on_the_board_stops_the_accept(tiers: Tiers) -> None:
    dossiers, act = tiers.app.dossiers, tiers.actor
    first, second = tiers.draft()["id"], tiers.draft()["id"]
    for dossier_id in (first, second):
        dossiers.submit_dossier(dossier_id, actor=act("vanthu-truong1"))
        dossiers.forward_dossier(dossier_id, actor=act("vanthu-nganh"))
        for subject, eligible in ((tiers.minh, True), (tiers.huong, False)):
            dossiers.record_verdict(dossier_id, subject_id=subject, eligible=eligible,
                                    reason="Xem hồ sơ.", actor=ADMIN)
    admin = ADMIN
    dossiers.accept_dossier(first, actor=admin)
    refusal = refused(tiers, InvalidInputError, lambda: dossiers.accept_dossier(second,
                                                                                 actor=admin))
    assert "Lò Văn Minh" in refusal.message
    assert dossiers.get_dossier(second, actor=admin)["status"] == "forwarded"
    refused(tiers, ConflictError, lambda: dossiers.submit_dossier(second, actor=admin))
