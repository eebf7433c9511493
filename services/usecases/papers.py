"""The official papers of the award work: the Quyết định of a decision, and the numbered
Biên bản, Tờ trình and Báo cáo điển hình issued from what the store knows.

A decision's document is rendered from the decision as issued (its number, date, prize
money and recipients are frozen in its ``Issued`` event). A paper is issued once: it takes
the next number of its issuer's register and freezes its context in ``Paper.Issued``, so
every download is the same file and can be verified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from docgen.render import render
from docgen.vietnamese import date_numeric, format_number
from events import ids
from events.campaign import CLASSIFICATIONS, Campaign
from events.council import Ballot, CouncilSession
from events.decision import ISSUED, REVOKED, AwardDecision, check_symbol, symbol_for
from events.errors import ConflictError, InvalidInputError
from events.paper import PAPER_KINDS, Paper
from events.periods import Period, parse_period
from events.rules import INDIVIDUAL, award_name
from events.text import clean_text
from events.unit import Unit
from events.values import parse_date, parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.queries.standings import StandingsReader
from services.usecases.accounts import Accounts
from services.usecases.campaigns import Campaigns
from services.usecases.council import Council
from services.usecases.decisions import Decisions
from services.usecases.documents import Documents, RenderedDocument, place_of, signature_of
from services.usecases.nominations import Nominations
from services.usecases.organisation import Organisation
from services.usecases.paper_texts import (
    clock_time,
    count_text,
    kinds_text,
    lines,
    period_words,
    person,
    subjects_text,
)
from services.usecases.registers import take_number

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
COUNCIL_SYMBOL = "HĐTĐKT"
LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
MAX_TOP = 50


@dataclass
class Papers:
    """Render decisions; issue and render numbered papers."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    accounts: Accounts
    campaigns: Campaigns
    nominations: Nominations
    council: Council
    decisions: Decisions
    documents: Documents

    # --- helpers ----------------------------------------------------------------------

    @staticmethod
    def _symbol(given: str | None, unit: Unit, campaigns: list[Campaign]) -> str:
        if given:
            return check_symbol(given, "symbol")
        return symbol_for(unit.id, unit.code, [(c.issuer_unit_id, c.number) for c in campaigns])

    def _report_to(self, unit: Unit) -> list[str]:
        """The level above, sent a copy "để báo cáo" (b/c)."""
        parent = self.organisation.parent_name(unit)
        return [f"{parent} (b/c)"] if parent else []

    def _unit_column(self) -> Callable[[str, UUID], str]:
        """The "unit" column of one document: an individual's unit, a collective's parent
        unit (each unit read once: a decision may list a thousand recipients of few units)."""
        seen: dict[tuple[bool, UUID], str] = {}

        def where(kind: str, unit_id: UUID) -> str:
            key = (kind == INDIVIDUAL, unit_id)
            if key not in seen:
                unit = self.organisation.get_unit(unit_id)
                seen[key] = unit.name if kind == INDIVIDUAL else (
                    self.organisation.parent_name(unit) or unit.name)
            return seen[key]

        return where

    def _concluded(self, session_id: object) -> CouncilSession:
        session = self.council.session(session_id)
        if session.results is None:
            raise ConflictError("Phiên họp chưa kết luận: đóng các phiếu và kết luận phiên "
                                "họp trước khi lập văn bản.", "session_id")
        return session

    def paper(self, paper_id: object) -> Paper:
        return self.app.load(Paper, parse_uuid(paper_id, "paper_id"),
                             "Không tìm thấy văn bản.", "paper_id")

    def _minutes_of(self, session_id: UUID | None) -> Paper | None:
        if session_id is None:
            return None
        return self.app.find(Paper, ids.paper_id(session_id, "bien_ban_hop_hoi_dong", ""))

    def _issue(self, *, reference_id: UUID, kind: str, key: str, issuer: Unit, symbol: str,
               issued_on: date, title: str, context: dict[str, Any], actor: Actor,
               idempotency_key: str | None) -> dict[str, Any]:
        """Number the paper from the issuer's register and save both at once."""
        paper_id = ids.paper_id(reference_id, kind, key)
        type_code = PAPER_KINDS[kind][1]

        def attempt(_: int) -> tuple[list[Any], Paper]:
            existing = self.app.find(Paper, paper_id)
            if existing is not None:
                raise ConflictError(
                    f"{PAPER_KINDS[kind][2]} này đã được lập (số {existing.number}); tải lại "
                    "văn bản đã có thay vì lập mới.", "paper_id")
            register, number = take_number(self.app, issuer.id, issued_on.year, type_code,
                                           symbol, paper_id, actor)
            paper = Paper(reference_id=reference_id, kind=kind, key=key,
                          issuer_unit_id=issuer.id, number=number, issued_on=issued_on,
                          title=title, context={**context, "number": number},
                          actor=actor.username)
            return [register, paper], paper

        return self.runner.run(attempt, actor=actor, command=f"papers.{kind}",
                               key=idempotency_key, earlier=self.paper,
                               busy="Sổ đăng ký văn bản đang bận; vui lòng thử lại.",
                               field="paper_id").as_dict()

    # --- Quyết định khen thưởng ---------------------------------------------------------

    def decision_context(self, decision: AwardDecision) -> dict[str, Any]:
        if decision.status not in (ISSUED, REVOKED) or decision.issued_on is None:
            raise ConflictError("Quyết định chưa ban hành nên chưa có số, ngày để in; ban "
                                "hành quyết định trước khi tải văn bản.", "decision_id")
        issuer = self.organisation.get_unit(decision.issuer_unit_id)
        where = self._unit_column()
        name = decision.award_name
        kinds = [r["subject_kind"] for r in decision.recipients]
        # Decisions issued before their texts were frozen: as the store reads today.
        texts = decision.texts or self.decisions.texts(
            decision, self.campaigns.get_campaign(decision.campaign_id), decision.issued_on,
            decision.base_salary or {"amount": 0, "source": ""})
        authority = decision.signer.get("authority") or ""
        holder = authority.partition(" ")[2] if authority else decision.signer["position"]
        return {
            "parent_agency": self.organisation.parent_name(issuer),
            "issuer": issuer.name,
            "number": decision.number,
            "place": place_of(issuer.name),
            "issued_on": decision.issued_on,
            "title": decision.title,
            "authority": f"{holder} {issuer.name}",
            "basis": texts["basis"],
            "award_text": texts["award_text"],
            "money_basis": texts["money_basis"],
            "fund_source": texts["fund_source"],
            "enforcement_text": texts["enforcement_text"],
            "recipients": ["Như Điều 3", *self._report_to(issuer)],
            "archive": "VT, TĐKT",
            "signature": signature_of(decision.signer),
            "appendix_title": f"Danh sách {kinds_text(kinds)} được tặng {name}",
            "appendix_issuer": f"{holder} {issuer.name}",
            "subjects_header": kinds_text(kinds).capitalize(),
            "awardees": [
                {"name": r["subject_name"],
                 "unit": where(r["subject_kind"], r["unit_id"]),
                 "award": name, "amount": r["prize"]}
                for r in decision.recipients],
        }

    def decision_document(self, decision_id: object, actor: Actor,
                          file_format: str = "docx") -> RenderedDocument:
        decision = self.decisions.decision(decision_id)
        data = render("quyet_dinh_khen_thuong", self.decision_context(decision))
        record = self.documents.record_download(
            data, kind="quyet_dinh_khen_thuong", reference_id=str(decision.id),
            number=decision.number or "", title=decision.title,
            template="quyet_dinh_khen_thuong", file_format=file_format, actor=actor)
        slug = (decision.number or "du-thao").replace("/", "-")
        return RenderedDocument(data, f"quyet-dinh-{slug}.docx", record["sha256"], record)

    # --- Biên bản họp Hội đồng -------------------------------------------------------------

    def issue_minutes(self, session_id: object, *, started_at: object, ended_at: object,
                      place: object, chair: object, secretary: object,
                      content: object = None, conclusion: object = None,
                      symbol: str | None = None, actor: Actor,
                      idempotency_key: str | None = None) -> dict[str, Any]:
        """The Biên bản of a concluded session: attendance and each ballot's counts."""
        check_allowed(actor, "council.manage")
        session = self._concluded(session_id)
        start = datetime.combine(session.held_on, clock_time(started_at, "started_at"))
        end = datetime.combine(session.held_on, clock_time(ended_at, "ended_at"))
        if end <= start:
            raise InvalidInputError("Giờ kết thúc phải sau giờ bắt đầu.", "ended_at")
        unit = self.organisation.get_unit(session.unit_id)
        ballots = [self.council.ballot(b) for b in session.ballots.values()]
        secret = all(b.secret for b in ballots)
        written = max((len(b.written) for b in ballots), default=0)
        wrote = {m for b in ballots for m in b.written}
        # Every written opinion of theirs came with the scanned signed form (the votes
        # recorded before forms were required have none).
        signed = {m for m in wrote if all(m in b.proofs for b in ballots if m in b.written)}
        total, present = len(session.members), len(session.present)
        names = {m: self.accounts.display_name(m) for m in session.members}
        absent = [m for m in session.members if m not in session.present]
        selected = [r for r in session.results or [] if r["selected"]]
        kinds = [self.nominations.nomination(r["nomination_id"]).subject_kind for r in selected]
        votes = [self._vote_row(b, r) for b, r in zip(ballots, self._results_by_ballot(
            session, ballots), strict=True)]
        context = {
            "parent_agency": unit.name,
            "issuer": COUNCIL,
            "title": f"Họp {COUNCIL} {session.title}".strip(),
            "meeting": {"start": start, "end": end,
                        "place": clean_text(place, "place", max_length=300)},
            "chair": person(chair, "chair"),
            "secretary": person(secretary, "secretary"),
            "attendance": {"total": total, "present": present, "absent": total - present,
                           "written_opinions": written},
            "attendees": [
                f"- Có mặt: {count_text(present)}/{count_text(total)} thành viên Hội đồng: "
                + ", ".join(names[m] for m in session.members if m in session.present)
                + " (có danh sách ký tên kèm theo).",
                f"- Vắng mặt: {count_text(len(absent))} thành viên"
                + (": " + ", ".join(names[m] + self._written_note(m, wrote, signed)
                                    for m in absent) if absent else "")
                + ".",
                *self._written_counts(ballots)],
            "content": lines(content, "content") or [
                f"Thư ký Hội đồng báo cáo tổng hợp {count_text(len(ballots))} hồ sơ đề nghị "
                "khen thưởng; đối chiếu tiêu chuẩn, tỷ lệ phiếu và số lượng khen thưởng theo "
                "quy định.",
                "Hội đồng thảo luận, " + ("bỏ phiếu kín" if secret else "biểu quyết")
                + " đối với từng trường hợp; ý kiến bằng văn bản của thành viên vắng mặt được "
                "tính vào kết quả."],
            "vote_method": "bỏ phiếu kín" if secret else "biểu quyết",
            "votes": votes,
            "conclusion": lines(conclusion, "conclusion") or [
                f"Hội đồng thống nhất đề nghị khen thưởng "
                f"{subjects_text(sum(k != INDIVIDUAL for k in kinds), kinds.count(INDIVIDUAL))}"
                " đạt tỷ lệ phiếu đồng ý theo quy định và trong số lượng của kế hoạch."
                if selected else "Không có trường hợp nào đủ điều kiện đề nghị khen thưởng."],
            "recipients": [f"Lãnh đạo {unit.name}", "Thành viên Hội đồng"],
            "archive": f"VT, {COUNCIL_SYMBOL}",
        }
        return self._issue(reference_id=session.id, kind="bien_ban_hop_hoi_dong", key="",
                           issuer=unit, symbol=check_symbol(symbol or COUNCIL_SYMBOL, "symbol"),
                           issued_on=session.held_on, title=context["title"],
                           context=context, actor=actor, idempotency_key=idempotency_key)

    @staticmethod
    def _written_note(member: str, wrote: set[str], signed: set[str]) -> str:
        if member not in wrote:
            return ""
        if member in signed:
            return " (có ý kiến bằng văn bản, phiếu có chữ ký kèm theo)"
        return " (có ý kiến bằng văn bản)"

    @staticmethod
    def _written_counts(ballots: list[Ballot]) -> list[str]:
        """How many written opinions each ballot counted, when any did."""
        if not any(b.written for b in ballots):
            return []
        signed = all(m in b.proofs for b in ballots for m in b.written)
        return ["- Ý kiến bằng văn bản được tính vào kết quả"
                + (" (do Thư ký Hội đồng tiếp nhận, phiếu có chữ ký kèm theo)" if signed else "")
                + ": " + "; ".join(f"{b.subject_name}: {count_text(len(b.written))} ý kiến"
                                   for b in ballots) + "."]

    @staticmethod
    def _results_by_ballot(session: CouncilSession,
                           ballots: list[Ballot]) -> list[dict[str, Any]]:
        results = {str(r["ballot_id"]): r for r in session.results or []}
        return [results[str(b.id)] for b in ballots]

    @staticmethod
    def _vote_row(ballot: Ballot, result: dict[str, Any]) -> dict[str, Any]:
        outcome = ("Đạt" if result["selected"] else
                   "Đạt tỷ lệ, ngoài chỉ tiêu" if result["passed"] else "Không đạt")
        if result.get("tie_break"):  # sessions concluded before it was recorded have none
            outcome += f" (bằng phiếu; {result['tie_break']})"
        return {"name": ballot.subject_name, "award": ballot.award_name,
                "yes": result["yes"], "no": result["no"], "result": outcome}

    # --- Tờ trình đề nghị khen thưởng ---------------------------------------------------

    def issue_proposal(self, session_id: object, *, addressee: object, signer: object,
                       award: str | None = None, issued_on: object = None,
                       symbol: str | None = None, intro: object = None,
                       actor: Actor,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """Tờ trình to a higher level for the nominations the council chose."""
        check_allowed(actor, "papers.issue")
        session = self._concluded(session_id)
        to = clean_text(addressee, "addressee", max_length=300)
        if not isinstance(signer, dict):
            raise InvalidInputError("Trường «signer» phải là một đối tượng.", "signer")
        signature = signature_of(signer, "signer")
        chosen = [r for r in session.results or []
                  if r["selected"] and (award is None or r["award"] == award)]
        if not chosen:
            raise InvalidInputError("Phiên họp không có hồ sơ nào được Hội đồng đề nghị"
                                    + (f" tặng «{award_name(award)}»" if award else "") + ".",
                                    "award")
        day = parse_date(issued_on, "issued_on") if issued_on is not None else self.app.clock()
        if day < session.held_on:
            raise InvalidInputError("Tờ trình không thể lập trước ngày họp Hội đồng.",
                                    "issued_on")
        unit = self.organisation.get_unit(session.unit_id)
        where = self._unit_column()
        nominations = [self.nominations.nomination(r["nomination_id"]) for r in chosen]
        kinds = [n.subject_kind for n in nominations]
        names = sorted({n.award_name for n in nominations})
        minutes = self._minutes_of(session.id)
        who = subjects_text(sum(k != INDIVIDUAL for k in kinds), kinds.count(INDIVIDUAL))
        context = {
            "parent_agency": self.organisation.parent_name(unit),
            "issuer": unit.name,
            "place": place_of(unit.name),
            "issued_on": day,
            "title": f"Về việc đề nghị tặng {', '.join(names)} cho tập thể, cá nhân có thành "
                     "tích",
            "addressee": to,
            "basis": [LAW, (f"Căn cứ Biên bản số {minutes.number} ngày "
                            f"{date_numeric(minutes.issued_on)} của {COUNCIL}" if minutes else
                            f"Căn cứ kết quả họp {COUNCIL} ngày "
                            f"{date_numeric(session.held_on)}")],
            "intro": lines(intro, "intro") or [
                f"{unit.name} kính đề nghị {to} xem xét, tặng {', '.join(names)} cho {who} "
                "sau:"],
            "nominees": [{"name": n.subject_name,
                          "unit": where(n.subject_kind, n.unit_id),
                          "award": n.award_name} for n in nominations],
            "closing": [
                "(Có hồ sơ, báo cáo thành tích và biên bản họp Hội đồng kèm theo).",
                f"{unit.name} kính trình {to} xem xét, quyết định./."],
            "recipients": ["Như trên"],
            "archive": "VT, TĐKT",
            "signature": signature,
        }
        campaigns = [self.campaigns.get_campaign(c) for c in sorted({n.campaign_id
                                                                     for n in nominations})]
        return self._issue(reference_id=session.id, kind="to_trinh", key=award or "",
                           issuer=unit, symbol=self._symbol(symbol, unit, campaigns),
                           issued_on=day, title=context["title"], context=context,
                           actor=actor, idempotency_key=idempotency_key)

    # --- Báo cáo điển hình tiên tiến -----------------------------------------------------

    def issue_exemplar_report(self, campaign_id: object, *, period: object, signer: object,
                              top: object = 3, issued_on: object = None,
                              symbol: str | None = None, actor: Actor,
                              idempotency_key: str | None = None) -> dict[str, Any]:
        """The period's exemplars: the best-ranked subjects of each track of the campaign."""
        check_allowed(actor, "papers.issue")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        span = parse_period(period)
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            raise InvalidInputError(f"Số điển hình mỗi loại phải từ 1 đến {MAX_TOP}.", "top")
        if not isinstance(signer, dict):
            raise InvalidInputError("Trường «signer» phải là một đối tượng.", "signer")
        signature = signature_of(signer, "signer")
        day = parse_date(issued_on, "issued_on") if issued_on is not None else self.app.clock()
        if day < span.end:
            raise InvalidInputError(f"Kỳ {span.label} chưa kết thúc (đến "
                                    f"{span.end:%d/%m/%Y}): chưa thể báo cáo.", "period")
        exemplars = self._exemplars(campaign, span, top)
        if not exemplars:
            raise InvalidInputError(f"Kỳ {span.label} chưa có kết quả chấm điểm để chọn điển "
                                    "hình.", "period")
        issuer = self.organisation.get_unit(campaign.issuer_unit_id)
        words = period_words(span)
        context = {
            "parent_agency": self.organisation.parent_name(issuer),
            "issuer": issuer.name,
            "place": place_of(issuer.name),
            "issued_on": day,
            "title": f"Danh sách điển hình tiên tiến {words} trong phong trào thi đua "
                     f"“{campaign.title}”",
            "basis": [f"Thực hiện Kế hoạch số {campaign.number} của {issuer.name} về phong "
                      f"trào thi đua “{campaign.title}”"],
            "intro": [f"Trên cơ sở kết quả chấm điểm {words}, {issuer.name} báo cáo danh sách "
                      "các tập thể, cá nhân điển hình tiên tiến như sau:"],
            "exemplars": exemplars,
            "proposals": ["Đề nghị các đơn vị tuyên truyền, biểu dương các điển hình trên tại "
                          "các kỳ giao ban."],
            "closing": [f"{issuer.name} báo cáo để các cấp biết, chỉ đạo./."],
            "recipients": [*self._report_to(issuer), "Các đơn vị trực thuộc"],
            "archive": "VT, TĐKT",
            "signature": signature,
        }
        return self._issue(reference_id=campaign.id, kind="bao_cao_dien_hinh", key=span.label,
                           issuer=issuer, symbol=self._symbol(symbol, issuer, [campaign]),
                           issued_on=day, title=context["title"], context=context,
                           actor=actor, idempotency_key=idempotency_key)

    def _exemplars(self, campaign: Campaign, span: Period, top: int) -> list[dict[str, Any]]:
        reader = StandingsReader(self.app, self.campaigns)
        rows: list[dict[str, Any]] = []
        for track in campaign.tracks:
            try:
                result = reader.get(str(campaign.id), span.label,
                                    subject_kind=track["subject_kind"],
                                    wait_for=self.app.last_position())
            except InvalidInputError:
                continue  # the period does not fit this track's cadence
            if result["stale"]:
                raise ConflictError("Bảng xếp hạng đang được cập nhật; vui lòng thử lại sau ít "
                                    "phút.", "period")
            most = sum((c["max_points"] for c in track["criteria"]), 0)
            for row in result["rows"]:
                if row["rank"] is None or row["rank"] > top:
                    continue
                level = CLASSIFICATIONS.get(row.get("classification") or "", "")
                rows.append({
                    "name": row["subject_name"],
                    "unit": row["unit_name"] or row["unit_code"],
                    "achievement": f"Đạt {format_number(row['total'])}/{format_number(most)} điểm"
                                   + (f", xếp loại {level.lower()}" if level else "")
                                   + f"; xếp thứ {row['rank']}."})
        return rows

    # --- downloads ------------------------------------------------------------------------

    def paper_document(self, paper_id: object, actor: Actor,
                       file_format: str = "docx") -> RenderedDocument:
        paper = self.paper(paper_id)
        data = render(paper.template, paper.context)
        record = self.documents.record_download(
            data, kind=paper.kind, reference_id=str(paper.id), number=paper.number,
            title=paper.title, template=paper.template, file_format=file_format, actor=actor)
        name = paper.template.replace("_", "-")
        return RenderedDocument(data, f"{name}-{paper.number.replace('/', '-')}.docx",
                                record["sha256"], record)

    def get_paper(self, paper_id: object) -> dict[str, Any]:
        return self.paper(paper_id).as_dict()

    def list_papers(self, reference_id: object = None) -> list[dict[str, Any]]:
        reference = parse_uuid(reference_id, "reference_id") if reference_id else None
        return [p.as_dict() for p in self.app.all_of(Paper, "Issued")
                if reference is None or p.reference_id == reference]
