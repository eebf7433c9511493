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
from docgen.vietnamese import date_numeric
from events import ids
from events.campaign import Campaign
from events.council import CouncilSession
from events.decision import ISSUED, REVOKED, AwardDecision, check_symbol, symbol_for
from events.errors import ConflictError, InvalidInputError
from events.nomination import STATUSES as NOMINATION_STATUSES
from events.nomination import Nomination
from events.paper import PAPER_KINDS, Paper, check_dating
from events.periods import Period, parse_period
from events.rules import INDIVIDUAL
from events.scorecard import Scorecard
from events.text import clean_text
from events.unit import Unit
from events.values import VIETNAM, parse_date, parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.queries.standings import StandingsReader
from services.usecases import minutes_texts as minutes
from services.usecases.accounts import Accounts
from services.usecases.campaigns import Campaigns
from services.usecases.council import Council
from services.usecases.decision_texts import plan_basis, system_basis
from services.usecases.decisions import Decisions
from services.usecases.documents import Documents, RenderedDocument, place_of
from services.usecases.nominations import Nominations
from services.usecases.organisation import Organisation
from services.usecases.paper_texts import (
    achievement_text,
    award_verb,
    capital,
    clock_time,
    count_text,
    kinds_text,
    lines,
    period_words,
    person,
    scoring_periods,
    subjects_text,
    upgraded,
)
from services.usecases.registers import take_number
from services.usecases.signatures import block_of, signature_of

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
COUNCIL_SYMBOL = "HĐTĐKT"
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
        parent = self.organisation.governing_name(unit)
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
               idempotency_key: str | None, reason: str | None = None) -> dict[str, Any]:
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
                          actor=actor.username, reason=reason)
            return [register, paper], paper

        return self.runner.run(attempt, actor=actor, command=f"papers.{kind}",
                               key=idempotency_key, earlier=self.paper,
                               busy="Sổ đăng ký văn bản đang bận; vui lòng thử lại.",
                               field="paper_id").as_dict()

    # --- for papers other use cases compose (services/usecases/exemplar_lists.py) -------

    def issue_composed(self, *, reference_id: UUID, kind: str, key: str, issuer: Unit,
                       symbol: str | None, campaigns: list[Campaign], issued_on: date,
                       context: dict[str, Any], actor: Actor, idempotency_key: str | None,
                       reason: str | None = None) -> dict[str, Any]:
        """Number and save a paper whose context another use case composed."""
        return self._issue(reference_id=reference_id, kind=kind, key=key, issuer=issuer,
                           symbol=self._symbol(symbol, issuer, campaigns),
                           issued_on=issued_on, title=context["title"], context=context,
                           actor=actor, idempotency_key=idempotency_key, reason=reason)

    def unit_column(self) -> Callable[[str, UUID], str]:
        return self._unit_column()

    def report_to(self, unit: Unit) -> list[str]:
        return self._report_to(unit)

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
            "parent_agency": self.organisation.governing_name(issuer),
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
            "signature": block_of(decision.signer),
            "appendix_title": f"Danh sách {kinds_text(kinds)} được "
                              f"{award_verb(name, decision.entry.kind)}",
            "appendix_issuer": f"{holder} {issuer.name}",
            "subjects_header": capital(kinds_text(kinds)),
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
        """The Biên bản of a concluded session: attendance and quorum, the method and share
        of each title, each ballot's counts, what is recommended to whom for whom."""
        check_allowed(actor, "council.manage")
        session = self._concluded(session_id)
        start = datetime.combine(session.held_on, clock_time(started_at, "started_at"))
        end = datetime.combine(session.held_on, clock_time(ended_at, "ended_at"))
        if end <= start:
            raise InvalidInputError("Giờ kết thúc phải sau giờ bắt đầu.", "ended_at")
        unit = self.organisation.get_unit(session.unit_id)
        ballots = [self.council.ballot(b) for b in session.ballots.values()]
        results = minutes.results_by_ballot(session, ballots)
        written = max((len(b.written) for b in ballots), default=0)
        names = {m: self.accounts.display_name(m) for m in session.members}
        where = self._unit_column()
        units = {b.nomination_id: self.nominations.nomination(b.nomination_id).unit_id
                 for b in ballots}
        campaigns = sorted({b.campaign_id for b in ballots})
        movement = self.campaigns.get_campaign(campaigns[0]).movement \
            if len(campaigns) == 1 else ""
        method = minutes.vote_method(ballots)
        context = {
            "parent_agency": unit.name,
            "issuer": COUNCIL,
            "title": f"Họp {COUNCIL} xét đề nghị khen thưởng"
                     + (f" trong phong trào thi đua “{movement}”" if movement else ""),
            "meeting": {"start": start, "end": end,
                        "place": clean_text(place, "place", max_length=300)},
            "chair": person(chair, "chair"),
            "secretary": person(secretary, "secretary"),
            "attendance": {"total": len(session.members), "present": len(session.present),
                           "absent": len(session.members) - len(session.present),
                           "written_opinions": written},
            "attendance_text": minutes.attendance_text(session, written),
            "attendees": minutes.attendees(session, ballots, names),
            "content": lines(content, "content") or [
                f"Thư ký Hội đồng báo cáo tổng hợp {count_text(len(ballots))} hồ sơ đề nghị "
                "khen thưởng; đối chiếu tiêu chuẩn, tỷ lệ phiếu và số lượng khen thưởng theo "
                "quy định.",
                f"Hội đồng thảo luận, {method} đối với từng trường hợp"
                + ("; ý kiến bằng văn bản của thành viên vắng mặt được tính vào kết quả."
                   if written else ".")],
            "vote_rules": minutes.vote_rules(ballots),
            "vote_method": method,
            "votes": [minutes.vote_row(b, r) for b, r in zip(ballots, results, strict=True)],
            "conclusion": lines(conclusion, "conclusion") or minutes.conclusion(
                ballots, results, lambda b: self._deciding_unit(b.form, unit), where, units),
            "recipients": [f"Lãnh đạo {unit.name}", "Thành viên Hội đồng"],
            "archive": f"VT, {COUNCIL_SYMBOL}",
        }
        return self._issue(reference_id=session.id, kind="bien_ban_hop_hoi_dong", key="",
                           issuer=unit, symbol=check_symbol(symbol or COUNCIL_SYMBOL, "symbol"),
                           issued_on=session.held_on, title=context["title"],
                           context=context, actor=actor, idempotency_key=idempotency_key)

    def _deciding_unit(self, form: dict[str, Any] | None, unit: Unit) -> str:
        """Who gives an award: its catalogue issuer, else the council's own unit."""
        issuer = (form or {}).get("issuer_unit_id")
        return self.organisation.get_unit(issuer).name if issuer else unit.name

    # --- Tờ trình đề nghị khen thưởng ---------------------------------------------------

    def issue_proposal(self, session_id: object, *, addressee: object, signer: object,
                       award: str | None = None, issued_on: object = None,
                       symbol: str | None = None, intro: object = None,
                       reason: object = None, actor: Actor,
                       idempotency_key: str | None = None) -> dict[str, Any]:
        """Tờ trình to a higher level for the nominations the council chose: each nominee
        with the achievements of the dossier; never a subject already holding the award for
        that year, or with another dossier for it pending."""
        check_allowed(actor, "papers.issue")
        session = self._concluded(session_id)
        to = clean_text(addressee, "addressee", max_length=300)
        if not isinstance(signer, dict):
            raise InvalidInputError("Trường «signer» phải là một đối tượng.", "signer")
        signature = signature_of(signer, "signer")
        code = award.lower() if award else None
        chosen = [r for r in session.results or []
                  if r["selected"] and (code is None or r["award"] == code)]
        if not chosen:
            name = self.decisions.award_forms.names([code])[code] if code else ""
            raise InvalidInputError("Phiên họp không có hồ sơ nào được Hội đồng đề nghị"
                                    + (f" tặng «{name}»" if code else "") + ".", "award")
        today = self.app.clock()
        day = parse_date(issued_on, "issued_on") if issued_on is not None else today
        if day < session.held_on:
            raise InvalidInputError("Tờ trình không thể lập trước ngày họp Hội đồng.",
                                    "issued_on")
        why = check_dating(day, today, None, reason)
        unit = self.organisation.get_unit(session.unit_id)
        where = self._unit_column()
        nominations = [self.nominations.nomination(r["nomination_id"]) for r in chosen]
        for nomination in nominations:
            self._check_not_doubled(nomination)
        kinds = [n.subject_kind for n in nominations]
        names = list(dict.fromkeys(award_verb(n.award_name, n.entry.kind)
                                   for n in nominations))
        campaigns = [self.campaigns.get_campaign(c)
                     for c in sorted({n.campaign_id for n in nominations})]
        movement = " và ".join(f"“{c.movement}”" for c in campaigns)
        minutes_paper = self._minutes_of(session.id)
        who = subjects_text(sum(k != INDIVIDUAL for k in kinds), kinds.count(INDIVIDUAL))
        systems = {n.entry.system: n.entry for n in nominations}.values()
        settings = self.decisions.settings.of_unit(unit.id)
        context = {
            "parent_agency": self.organisation.governing_name(unit),
            "issuer": unit.name,
            "place": place_of(unit.name),
            "issued_on": day,
            "title": f"Về việc đề nghị {' và '.join(names)} cho {kinds_text(kinds)} có "
                     f"thành tích trong phong trào thi đua {movement}",
            "addressee": to,
            "basis": [
                # The issuer's own power first, as in its decisions (issue 13).
                *(settings.authority_basis if settings else []),
                *dict.fromkeys(line for entry in systems for line in system_basis(entry, day)),
                *(plan_basis(c, self.organisation.get_unit(c.issuer_unit_id).name)
                  for c in campaigns),
                (f"Căn cứ Biên bản số {minutes_paper.number} ngày "
                 f"{date_numeric(minutes_paper.issued_on)} của {COUNCIL} {unit.name}"
                 if minutes_paper else
                 f"Căn cứ kết quả họp {COUNCIL} {unit.name} ngày "
                 f"{date_numeric(session.held_on)}")],
            "intro": lines(intro, "intro") or [
                f"{unit.name} kính đề nghị {to} xem xét, {' và '.join(names)} cho {who} có "
                f"thành tích trong phong trào thi đua {movement}, cụ thể như sau:"],
            "subjects_header": capital(kinds_text(kinds)),
            "nominees": [{"name": n.subject_name,
                          "unit": where(n.subject_kind, n.unit_id),
                          "award": n.award_name, "summary": n.summary} for n in nominations],
            "closing": [
                "(Có hồ sơ, báo cáo thành tích và biên bản họp Hội đồng kèm theo).",
                f"{unit.name} kính trình {to} xem xét, quyết định./."],
            "recipients": ["Như trên"],
            "archive": "VT, TĐKT",
            "signature": signature,
        }
        return self._issue(reference_id=session.id, kind="to_trinh", key=code or "",
                           issuer=unit, symbol=self._symbol(symbol, unit, campaigns),
                           issued_on=day, title=context["title"], context=context,
                           actor=actor, idempotency_key=idempotency_key, reason=why)

    def _check_not_doubled(self, nomination: Nomination) -> None:
        """Refuse proposing a subject for an award of a year it already holds (naming the
        decision) or has another dossier pending for (naming its campaign)."""
        history = self.nominations.history(nomination.subject_id)
        held = history.holding(nomination.award, nomination.year, nomination.form) \
            if history is not None else None
        if held is not None:
            raise ConflictError(
                f"«{nomination.subject_name}» đã được tặng «{held['award_name']}» năm "
                f"{nomination.year} (Quyết định số {held['number']}): không đề nghị khen "
                "thưởng trùng.", "session_id")
        for other in self.nominations.same_award(nomination):
            movement = self.campaigns.get_campaign(other.campaign_id).movement
            raise ConflictError(
                f"«{nomination.subject_name}» đang có hồ sơ đề nghị «{other.award_name}» năm "
                f"{other.year} trong phong trào “{movement}” "
                f"({NOMINATION_STATUSES[other.status].lower()}): không đề nghị khen thưởng "
                "trùng.", "session_id")

    # --- Báo cáo điển hình tiên tiến -----------------------------------------------------

    def issue_exemplar_report(self, campaign_id: object, *, period: object, signer: object,
                              top: object = 3, issued_on: object = None,
                              symbol: str | None = None, reason: object = None,
                              actor: Actor,
                              idempotency_key: str | None = None) -> dict[str, Any]:
        """The period's exemplars: the best-ranked subjects of each track of the campaign,
        with their average points per scoring period as the standings show them."""
        check_allowed(actor, "papers.issue")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        span = parse_period(period)
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            raise InvalidInputError(f"Số điển hình mỗi loại phải từ 1 đến {MAX_TOP}.", "top")
        if not isinstance(signer, dict):
            raise InvalidInputError("Trường «signer» phải là một đối tượng.", "signer")
        signature = signature_of(signer, "signer")
        today = self.app.clock()
        day = parse_date(issued_on, "issued_on") if issued_on is not None else today
        if day < span.end:
            raise InvalidInputError(f"Kỳ {span.label} chưa kết thúc (đến "
                                    f"{span.end:%d/%m/%Y}): chưa thể báo cáo.", "period")
        exemplars, recorded = self._exemplars(campaign, span, top)
        if not exemplars:
            raise InvalidInputError(f"Kỳ {span.label} chưa có kết quả chấm điểm để chọn điển "
                                    "hình.", "period")
        why = check_dating(day, today, recorded, reason)
        issuer = self.organisation.get_unit(campaign.issuer_unit_id)
        words = period_words(span)
        kinds = [e["kind"] for e in exemplars]
        context = {
            "parent_agency": self.organisation.governing_name(issuer),
            "issuer": issuer.name,
            "place": place_of(issuer.name),
            "issued_on": day,
            "title": f"Danh sách điển hình tiên tiến {words} trong phong trào thi đua "
                     f"“{campaign.movement}”",
            "basis": [plan_basis(campaign, issuer.name).replace("Căn cứ", "Thực hiện", 1)],
            "intro": [f"Trên cơ sở kết quả chấm điểm {words}, {issuer.name} báo cáo danh sách "
                      f"các {kinds_text(kinds)} điển hình tiên tiến như sau:"],
            "subjects_header": capital(kinds_text(kinds)),
            "exemplars": [{k: e[k] for k in ("name", "unit", "achievement")}
                          for e in exemplars],
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
                           actor=actor, idempotency_key=idempotency_key, reason=why)

    def _exemplars(self, campaign: Campaign, span: Period,
                   top: int) -> tuple[list[dict[str, Any]], date | None]:
        """The best of each track, and the day the last of their scores was recorded."""
        reader = StandingsReader(self.app, self.campaigns)
        where = self._unit_column()
        rows: list[dict[str, Any]] = []
        recorded: date | None = None
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
            periods = scoring_periods(span, track["cadence"])
            for row in result["rows"]:
                if row["rank"] is None or row["rank"] > top:
                    continue
                subject = UUID(row["subject_id"])
                rows.append({"kind": track["subject_kind"], "name": row["subject_name"],
                             "unit": where(track["subject_kind"], UUID(row["unit_id"])),
                             "achievement": achievement_text(row, most, track["cadence"])})
                for label in periods:
                    card = self.app.find(Scorecard, ids.scorecard_id(campaign.id, subject,
                                                                     label))
                    if card is not None:
                        day = card.modified_on.astimezone(VIETNAM).date()
                        recorded = day if recorded is None else max(recorded, day)
        return rows, recorded

    # --- downloads ------------------------------------------------------------------------

    def paper_document(self, paper_id: object, actor: Actor,
                       file_format: str = "docx") -> RenderedDocument:
        paper = self.paper(paper_id)
        data = render(paper.template, upgraded(paper.context))
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
