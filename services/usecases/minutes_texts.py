"""What a Biên bản họp Hội đồng says of a concluded session: who came and whether that was
enough (quorum), how each title was voted on and what share it needed, each ballot's
counts, and what the council recommends, to whom, for whom.

Shares are the ballot's own figure (rounded half up to two decimals when it closed), so the
paper prints what the API answers: 8 of 9 members → "88,89 %".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from events.award_form import entry_of_snapshot
from events.council import Ballot, CouncilSession
from events.rules import INDIVIDUAL
from services.usecases.paper_texts import (
    award_verb,
    count_text,
    method_text,
    percent_text,
    quorum_text,
    subjects_text,
)

OUT_OF_QUOTA = "đạt tỷ lệ phiếu nhưng ngoài số lượng khen thưởng"
FAILED = "không đạt tỷ lệ phiếu đồng ý"


def attendance_text(session: CouncilSession, written: int) -> str:
    """"Tổng số thành viên Hội đồng: 10; có mặt 8/10 thành viên, đủ điều kiện theo quy định
    (tối thiểu 2/3); vắng mặt: 02 (có ý kiến bằng văn bản: 02)"; "vắng mặt: không"."""
    total, present = len(session.members), len(session.present)
    absent = total - present
    away = "không" if not absent else count_text(absent) + (
        f" (có ý kiến bằng văn bản: {count_text(written)})" if written else "")
    return (f"Tổng số thành viên Hội đồng: {total}; {quorum_text(present, total, session.quorum)}"
            f"; vắng mặt: {away}")


def attendees(session: CouncilSession, ballots: list[Ballot],
              names: Mapping[str, str]) -> list[str]:
    """Who was there, who was not (with their written opinions), and what those counted."""
    wrote = {m for b in ballots for m in b.written}
    # Every written opinion of theirs came with the scanned signed form (the votes recorded
    # before forms were required have none).
    signed = {m for m in wrote if all(m in b.proofs for b in ballots if m in b.written)}
    absent = [m for m in session.members if m not in session.present]
    lines = [f"- Có mặt: {count_text(len(session.present))} thành viên: "
             + ", ".join(names[m] for m in session.members if m in session.present)
             + " (có danh sách ký tên kèm theo).",
             "- Vắng mặt: " + ("không." if not absent else f"{count_text(len(absent))} thành "
                               "viên: " + ", ".join(names[m] + _written_note(m, wrote, signed)
                                                    for m in absent) + ".")]
    recused = [f"{names.get(m, m)} (hồ sơ của {b.subject_name}: {reason})"
               for b in ballots for m, reason in getattr(b, "recused", {}).items()]
    if recused:
        lines.append("- Không tham gia biểu quyết: " + "; ".join(recused) + ".")
    if any(b.written for b in ballots):
        all_signed = all(m in b.proofs for b in ballots for m in b.written)
        lines.append("- Ý kiến bằng văn bản được tính vào kết quả"
                     + (" (do Thư ký Hội đồng tiếp nhận, phiếu có chữ ký kèm theo)"
                        if all_signed else "")
                     + ": " + "; ".join(f"{b.subject_name}: {count_text(len(b.written))} ý kiến"
                                        for b in ballots) + ".")
    return lines


def _written_note(member: str, wrote: set[str], signed: set[str]) -> str:
    if member not in wrote:
        return ""
    if member in signed:
        return " (có ý kiến bằng văn bản, phiếu có chữ ký kèm theo)"
    return " (có ý kiến bằng văn bản)"


def vote_rules(ballots: list[Ballot]) -> list[str]:
    """The method and the share applied to each title, in the order first voted on."""
    seen: dict[str, str] = {}
    for ballot in ballots:
        if ballot.award not in seen:
            seen[ballot.award] = (
                f"- {ballot.award_name}: {method_text(ballot.secret)}; đạt khi có "
                f"{ballot.threshold['text']} đồng ý.")
    lines = list(seen.values())
    with_recusal = next((b for b in ballots if getattr(b, "recused", None)), None)
    if with_recusal is not None:
        rule = with_recusal.threshold
        lines.append(f"- Thành viên không tham gia biểu quyết: "
                     f"{rule.get('recused_text', 'vẫn tính vào tổng số thành viên')}"
                     + (f" (căn cứ: {rule['recused_source']}"
                        + ("; chưa được xác nhận" if rule.get("recused_confidence") == "U"
                           else "") + ")" if rule.get("recused_source") else "") + ".")
    return lines


def vote_method(ballots: list[Ballot]) -> str:
    """How the session voted, for the heading of the results table."""
    secret = {b.secret for b in ballots}
    return ("bỏ phiếu kín" if secret == {True} else "biểu quyết" if secret == {False}
            else "bỏ phiếu, biểu quyết")


def vote_row(ballot: Ballot, result: dict[str, Any]) -> dict[str, Any]:
    outcome = ("Đạt" if result["selected"] else
               "Đạt tỷ lệ, ngoài chỉ tiêu" if result["passed"] else "Không đạt")
    if result.get("tie_break"):  # sessions concluded before it was recorded have none
        outcome += f" (bằng phiếu; {result['tie_break']})"
    return {"name": ballot.subject_name, "award": ballot.award_name, "yes": result["yes"],
            "no": result["no"], "percent": percent_text(result["percent"]), "result": outcome}


def results_by_ballot(session: CouncilSession, ballots: list[Ballot]) -> list[dict[str, Any]]:
    results = {str(r["ballot_id"]): r for r in session.results or []}
    return [results[str(b.id)] for b in ballots]


def conclusion(ballots: list[Ballot], results: list[dict[str, Any]],
               recommend_to: Callable[[Ballot], str],
               where: Callable[[str, UUID], str], unit_of: Mapping[UUID, UUID]) -> list[str]:
    """Each title the council recommends, to whom and for whom, then who is not."""
    groups: dict[tuple[str, str], list[Ballot]] = {}
    for ballot, result in zip(ballots, results, strict=True):
        if result["selected"]:
            groups.setdefault((recommend_to(ballot), ballot.award), []).append(ballot)
    lines: list[str] = []
    for (to, _), chosen in groups.items():
        kinds = [b.subject_kind for b in chosen]
        who = subjects_text(sum(k != INDIVIDUAL for k in kinds), kinds.count(INDIVIDUAL))
        verb = award_verb(chosen[0].award_name, entry_of_snapshot(chosen[0].award,
                                                                  chosen[0].form).kind)
        lines.append(f"Hội đồng thống nhất đề nghị {to} xem xét, {verb} cho {who} sau:")
        lines += [f"- {b.subject_name} ({where(b.subject_kind, unit_of[b.nomination_id])})"
                  + (";" if i < len(chosen) - 1 else ".") for i, b in enumerate(chosen)]
    left = [f"{b.subject_name} ({OUT_OF_QUOTA if r['passed'] else FAILED})"
            for b, r in zip(ballots, results, strict=True) if not r["selected"]]
    if left:
        lines.append("Hội đồng không đề nghị khen thưởng: " + "; ".join(left) + ".")
    if not groups:
        lines.insert(0, "Không có trường hợp nào đủ điều kiện đề nghị khen thưởng.")
    return lines
