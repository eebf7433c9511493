"""What a Quyết định khen thưởng says that depends on more than the decision itself: its
trích yếu, its căn cứ in the order NĐ 30 and practice ask, and the money article of the
award's system. Frozen in the decision's ``Issued`` event, so that a Biên bản or Tờ trình
issued later, or a change of settings, never changes a decision already signed.

Căn cứ, in order (LEGAL.md "Award systems"): the issuer's own authority (its settings'
``authority_basis``); the law and the decree or regulation of the award's system in force
on the decision's date; the campaign's Kế hoạch with its number and date; the council's
Biên bản and, where there is one from another unit, its Tờ trình.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from docgen.vietnamese import date_numeric, format_money
from events import ids
from events.award_form import AwardFormEntry
from events.campaign import Campaign
from events.paper import Paper
from events.rules import INDIVIDUAL, award_money, legal_basis
from services.app import ThiduaApplication
from services.usecases.paper_texts import award_verb, capital, kinds_text, subjects_text

COUNCIL = "Hội đồng Thi đua - Khen thưởng"


def decision_title(entry: AwardFormEntry, recipients: Sequence[dict[str, Any]],
                   campaign: Campaign) -> str:
    """"Về việc tặng <form> cho tập thể, cá nhân có thành tích trong phong trào thi đua
    “…”": "tập thể", "cá nhân" or both, as the decision lists them."""
    who = kinds_text([r["subject_kind"] for r in recipients])
    return (f"Về việc {award_verb(entry.name, entry.kind)} cho {who} có thành tích trong "
            f"phong trào thi đua “{campaign.movement}”")


def plan_basis(campaign: Campaign, issuer_name: str) -> str:
    """"Căn cứ Kế hoạch số 117/KH-LĐLĐ ngày 13/9/2019 của … về …" (the plan's date is the
    campaign's first day, the date the Kế hoạch bears)."""
    return (f"Căn cứ Kế hoạch số {campaign.number} ngày {date_numeric(campaign.start)} của "
            f"{issuer_name} về {campaign.plan_about()}")


def council_papers(app: ThiduaApplication, session_id: UUID,
                   award: str) -> tuple[Paper | None, Paper | None]:
    """The Biên bản of a session and its Tờ trình (for every award, or for ``award``)."""
    minutes = app.find(Paper, ids.paper_id(session_id, "bien_ban_hop_hoi_dong", ""))
    proposal = app.find(Paper, ids.paper_id(session_id, "to_trinh", award)) or app.find(
        Paper, ids.paper_id(session_id, "to_trinh", ""))
    return minutes, proposal


def council_basis(minutes: Paper | None, proposal: Paper | None, held_on: date,
                  council_of: str, proposer: str | None) -> list[str]:
    """The council's proposal (its Biên bản, or the meeting when none was issued), then
    ``proposer``'s Tờ trình when another unit proposed the award."""
    lines = [f"Xét đề nghị của {COUNCIL} {council_of} tại Biên bản số {minutes.number} ngày "
             f"{date_numeric(minutes.issued_on)}" if minutes is not None else
             f"Xét đề nghị của {COUNCIL} {council_of} tại phiên họp ngày "
             f"{date_numeric(held_on)}"]
    if proposal is not None and proposer is not None:
        lines.append(f"Xét Tờ trình số {proposal.number} ngày "
                     f"{date_numeric(proposal.issued_on)} của {proposer}")
    return lines


def system_basis(entry: AwardFormEntry, on: date) -> list[str]:
    """The law and the decree or regulation of the award's system in force ``on``."""
    return [f"Căn cứ {row.text}" for row in legal_basis(entry.system, on)]


def money_texts(entry: AwardFormEntry, on: date, salary: dict[str, Any],
                issuer_name: str) -> dict[str, str]:
    """The money article's basis of the amount and the fund it is paid from."""
    money = award_money(entry.system, on)
    basis = (f"mức do {issuer_name} quy định cho {entry.name}" if entry.prize_coefficients
             else money.amount_basis)
    return {
        "money_basis": f"{basis}, bằng hệ số nhân với mức lương cơ sở "
                       f"{format_money(salary['amount'])} đồng/tháng theo {salary['source']}",
        "fund_source": f"{money.fund} của {issuer_name} năm {on.year}",
        "money_source": money.source, "money_confidence": money.confidence,
    }


def enforcement_text(issuer_name: str, kinds: Sequence[str]) -> str:
    return (f"Chánh Văn phòng {issuer_name}, thủ trưởng các đơn vị có liên quan và các "
            f"{kinds_text(list(kinds))} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
            "này")


def award_text(entry: AwardFormEntry, recipients: Sequence[dict[str, Any]],
               campaign: Campaign) -> str:
    """Điều 1: "Tặng <form> cho 02 tập thể và 01 cá nhân (có danh sách kèm theo) …"."""
    kinds = [r["subject_kind"] for r in recipients]
    who = subjects_text(sum(k != INDIVIDUAL for k in kinds), kinds.count(INDIVIDUAL))
    return (f"{capital(award_verb(entry.name, entry.kind))} cho {who} (có danh sách kèm theo) "
            f"đã có thành tích trong phong trào thi đua “{campaign.movement}”")
