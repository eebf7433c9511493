"""The dossier's way up the tiers, as stories: a grassroots union (CĐCS) drafts it, the
district union reviews it, the provincial union, which issues the award, accepts it."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from events.award_form import DEFAULT_ENTRIES
from events.dossier import (
    ACCEPTED,
    DRAFT,
    FORWARDED,
    RETURNED,
    SUBMITTED,
    WITHDRAWN,
    Dossier,
    check_nominees,
    route_to_issuer,
)
from events.errors import ConflictError, InvalidInputError

CDCS, DISTRICT, PROVINCE, ROOT = uuid4(), uuid4(), uuid4(), uuid4()
HUONG, LAN = uuid4(), uuid4()
NOT_YET = "«Tao Thị Lan» chưa đủ điều kiện: … (căn cứ Điều 21 Luật Thi đua, khen thưởng 2022)."


def nominee(subject_id: UUID, name: str) -> dict[str, object]:
    return {"subject_kind": "individual", "subject_id": subject_id, "subject_name": name,
            "unit_id": CDCS, "sector": None, "summary": "Hoàn thành xuất sắc nhiệm vụ."}


def drafted() -> Dossier:
    entry = DEFAULT_ENTRIES["bang_khen_tinh"]
    return Dossier(campaign_id=uuid4(), award=entry.code, form=entry.snapshot(), year=2025,
                   basis="phong_trao", submitting_unit_id=CDCS,
                   route=[CDCS, DISTRICT, PROVINCE],
                   nominees=[nominee(HUONG, "Lò Thị Hương"), nominee(LAN, "Tao Thị Lan")],
                   actor="vanthu-cdcs")


def test_the_route_runs_from_the_submitter_up_to_the_issuer_and_stops_there() -> None:
    assert route_to_issuer([CDCS, DISTRICT, PROVINCE, ROOT], PROVINCE) == \
        [CDCS, DISTRICT, PROVINCE]


def test_a_unit_outside_the_issuers_tree_has_no_route() -> None:
    with pytest.raises(InvalidInputError) as info:
        route_to_issuer([CDCS, DISTRICT], PROVINCE)
    assert info.value.field == "unit_code"


def test_a_nominee_twice_in_one_dossier_is_refused_naming_the_row() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_nominees([nominee(HUONG, "Lò Thị Hương"), nominee(HUONG, "Lò Thị Hương")])
    assert info.value.field == "nominees[1].subject_id"
    with pytest.raises(InvalidInputError):
        check_nominees([])


def test_submit_return_resubmit_forward_verdicts_accept() -> None:
    # The grassroots union drafts and submits: the dossier waits at the district union.
    dossier = drafted()
    assert (dossier.status, dossier.tier_unit_id) == (DRAFT, CDCS)
    dossier.submit("vanthu-cdcs")
    assert (dossier.status, dossier.tier_unit_id) == (SUBMITTED, DISTRICT)

    # The district returns it, saying what is missing; the reason is kept.
    dossier.return_down("Thiếu báo cáo thành tích có xác nhận.", "vanthu-huyen")
    assert (dossier.status, dossier.tier_unit_id) == (RETURNED, CDCS)
    assert dossier.returns == [{"from_unit_id": DISTRICT, "to_unit_id": CDCS,
                                "reason": "Thiếu báo cáo thành tích có xác nhận.",
                                "by": "vanthu-huyen"}]

    # The union adds the report and sends it again; the district forwards it up.
    dossier.attach("ab" * 32, "bao-cao.pdf", "application/pdf", 1234, CDCS, "vanthu-cdcs")
    dossier.submit("vanthu-cdcs")
    dossier.forward("vanthu-huyen")
    assert (dossier.status, dossier.tier_unit_id, dossier.at_issuer) == \
        (FORWARDED, PROVINCE, True)

    # The province's specialist is assigned and judges each nominee.
    dossier.assign("chuyenvien-tinh", "vanthu-tinh")
    assert dossier.specialist() == "chuyenvien-tinh"
    dossier.record_verdict(HUONG, True, "", [], "chuyenvien-tinh")
    dossier.record_verdict(LAN, False, "Chưa đủ số năm.", [NOT_YET], "chuyenvien-tinh")
    assert [n["subject_name"] for n in dossier.eligible()] == ["Lò Thị Hương"]

    # Accepting puts only the eligible nominee on the council's board.
    nomination = uuid4()
    dossier.accept({str(HUONG): nomination}, "chuyenvien-tinh")
    assert dossier.status == ACCEPTED
    assert dossier.nominations == {str(HUONG): nomination}


def test_a_nominee_the_checks_refuse_cannot_be_found_eligible() -> None:
    dossier = drafted()
    dossier.submit("vanthu-cdcs")
    with pytest.raises(InvalidInputError) as info:
        dossier.record_verdict(LAN, True, "", [NOT_YET], "chuyenvien")
    assert info.value.field == "eligible" and "Điều 21" in info.value.message


def test_not_eligible_needs_a_reason_and_a_return_needs_one_too() -> None:
    dossier = drafted()
    dossier.submit("vanthu-cdcs")
    with pytest.raises(InvalidInputError) as info:
        dossier.record_verdict(HUONG, False, " ", [], "chuyenvien")
    assert info.value.field == "reason"
    with pytest.raises(InvalidInputError):
        dossier.return_down("   ", "vanthu-huyen")


def test_the_middle_tier_cannot_accept_and_the_issuer_cannot_forward() -> None:
    dossier = drafted()
    dossier.submit("vanthu-cdcs")
    dossier.record_verdict(HUONG, True, "", [], "chuyenvien")
    dossier.record_verdict(LAN, True, "", [], "chuyenvien")
    with pytest.raises(ConflictError, match="cấp dưới"):
        dossier.accept({str(HUONG): uuid4(), str(LAN): uuid4()}, "chuyenvien")
    dossier.forward("vanthu-huyen")
    with pytest.raises(ConflictError, match="đơn vị ban hành"):
        dossier.forward("vanthu-tinh")


def test_accepting_needs_a_verdict_on_every_nominee_and_one_eligible() -> None:
    dossier = drafted()
    dossier.submit("vanthu-cdcs")
    dossier.forward("vanthu-huyen")
    dossier.record_verdict(HUONG, False, "Hồ sơ không đạt.", [], "chuyenvien")
    with pytest.raises(ConflictError, match="Tao Thị Lan"):
        dossier.accept({}, "chuyenvien")
    dossier.record_verdict(LAN, False, "Hồ sơ không đạt.", [], "chuyenvien")
    with pytest.raises(ConflictError, match="trả lại hồ sơ"):
        dossier.accept({}, "chuyenvien")


def test_a_return_from_the_top_lands_at_the_middle_tier_which_may_return_further() -> None:
    dossier = drafted()
    dossier.submit("vanthu-cdcs")
    dossier.forward("vanthu-huyen")
    dossier.return_down("Đề nghị huyện thẩm định lại.", "vanthu-tinh")
    assert (dossier.status, dossier.tier_unit_id) == (RETURNED, DISTRICT)
    with pytest.raises(ConflictError, match="cấp trên"):
        dossier.submit("vanthu-cdcs")  # the submitter does not hold it
    dossier.return_down("Bổ sung minh chứng sáng kiến.", "vanthu-huyen")
    assert dossier.tier_unit_id == CDCS
    assert [r["to_unit_id"] for r in dossier.returns] == [DISTRICT, CDCS]


def test_the_submitter_cannot_review_its_own_draft() -> None:
    dossier = drafted()
    with pytest.raises(ConflictError):
        dossier.forward("vanthu-cdcs")
    with pytest.raises(ConflictError):
        dossier.record_verdict(HUONG, True, "", [], "chuyenvien")


def test_a_withdrawn_dossier_takes_nothing_more() -> None:
    dossier = drafted()
    dossier.submit("vanthu-cdcs")
    dossier.withdraw("Đơn vị rút để làm lại.", "vanthu-cdcs")
    assert dossier.status == WITHDRAWN
    for command in (lambda: dossier.submit("vanthu-cdcs"), lambda: dossier.forward("x"),
                    lambda: dossier.withdraw("lại", "x")):
        with pytest.raises(ConflictError):
            command()


def test_the_same_file_attached_twice_is_kept_once() -> None:
    dossier = drafted()
    assert dossier.attach("cd" * 32, "a.pdf", "application/pdf", 10, CDCS, "vanthu-cdcs")
    assert not dossier.attach("cd" * 32, "b.pdf", "application/pdf", 10, CDCS, "vanthu-cdcs")
    assert len(dossier.attachments) == 1


def test_moves_keep_their_day_and_moves_stored_without_one_still_replay() -> None:
    dossier = drafted()
    dossier.submit("vanthu-cdcs", date(2025, 10, 3))
    dossier.forward("vanthu-huyen", date(2025, 10, 6))
    assert dossier.arrived_on == date(2025, 10, 6)
    assert dossier.reached == {str(DISTRICT): date(2025, 10, 3),
                               str(PROVINCE): date(2025, 10, 6)}
    events = dossier.collect_events()
    for stored in events[1:]:
        vars(stored).pop("on")  # as the moves were stored before they carried their day
    replayed = None
    for stored in events:
        replayed = stored.mutate(replayed)
    assert replayed is not None
    assert (replayed.tier, replayed.status, replayed.arrived_on) == (2, FORWARDED, None)
    assert replayed.reached == {str(DISTRICT): None, str(PROVINCE): None}
