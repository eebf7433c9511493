"""Recurring exemplar lists (seed 000): each unit right below the campaign's issuer sends,
every month before the campaign's monthly day, its list of good examples with what each
did; the issuer's office compiles the lists of a month, a quarter or a year into a numbered
Báo cáo tổng hợp điển hình tiên tiến (the Báo cáo điển hình's template) for the briefings.

Who sends: an admin, or a clerk of the unit (or of a unit above it). Who reads the lists:
roles not tied to a unit, and clerks on the unit's branch. Who issues the Báo cáo: those
who issue papers (admin, secretary).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from events.dossier_schedule import DossierSchedule, monthly_due
from events.errors import InvalidInputError
from events.exemplar_list import MAX_ENTRIES, ExemplarList, check_entries
from events.paper import check_dating
from events.periods import Period, parse_period
from events.text import clean_text
from events.unit import Unit
from events.values import parse_date
from services.actors import Actor, check_allowed, is_unit_scoped
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.campaigns import Campaigns
from services.usecases.deadlines import month_of
from services.usecases.decision_texts import plan_basis
from services.usecases.documents import place_of
from services.usecases.organisation import Organisation
from services.usecases.paper_texts import capital, kinds_text, period_words
from services.usecases.papers import Papers
from services.usecases.signatures import signature_of

BUSY = "Danh sách điển hình đang được người khác cập nhật; vui lòng thử lại."
KIND = "bao_cao_tong_hop_dien_hinh"
REPORT_KINDS = ("month", "quarter", "half", "year")


@dataclass
class ExemplarLists:
    """Units send their monthly lists; the office compiles them into a numbered Báo cáo."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    papers: Papers

    def exemplar_list(self, list_id: object) -> ExemplarList:
        return self.app.load(ExemplarList, list_id if isinstance(list_id, UUID)
                             else UUID(str(list_id)), "Không tìm thấy danh sách điển hình.",
                             "list_id")

    def send_list(self, *, campaign_id: object, month: object, entries: object,
                  unit_code: str | None = None, actor: Actor, on: date | None = None,
                  idempotency_key: str | None = None) -> dict[str, Any]:
        """A unit's exemplars of one month (sent again: replaces the list, dated anew)."""
        check_allowed(actor, "dossiers.submit")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        if unit_code:
            unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        elif actor.unit_id is not None:
            unit = self.organisation.get_unit(actor.unit_id)
        else:
            raise InvalidInputError("Chọn đơn vị gửi danh sách (trường «unit_code»).",
                                    "unit_code")
        self.organisation.check_scope(actor, unit.id)
        if unit.parent_id != campaign.issuer_unit_id:
            issuer = self.organisation.get_unit(campaign.issuer_unit_id)
            raise InvalidInputError(
                f"Danh sách điển hình do các đơn vị trực thuộc {issuer.name} gửi; «{unit.name}» "
                "không trực thuộc đơn vị này.", "unit_code")
        span = month_of(month)
        day = on or self.app.clock()
        if not span.overlaps(campaign.start, campaign.end):
            raise InvalidInputError(f"Tháng {span.label} ngoài thời gian của phong trào.",
                                    "month")
        if span.start > day:
            raise InvalidInputError(f"Tháng {span.label} chưa bắt đầu: chưa gửi danh sách.",
                                    "month")
        rows = self._entries(entries, unit.id)
        list_id = ExemplarList.create_id(campaign.id, unit.id, span.label)

        def attempt(_: int) -> tuple[list[Any], ExemplarList]:
            found = self.app.find(ExemplarList, list_id)
            if found is None:
                found = ExemplarList(campaign_id=campaign.id, unit_id=unit.id,
                                     month=span.label, entries=rows, sent_on=day,
                                     actor=actor.username)
            else:
                found.resend(rows, day, actor.username)
            return [found], found

        saved = self.runner.run(attempt, actor=actor, command="exemplar_lists.send",
                                key=idempotency_key, earlier=self.exemplar_list, busy=BUSY,
                                field="month")
        return self.list_dict(saved)

    def _entries(self, entries: object, unit_id: UUID) -> list[dict[str, Any]]:
        if not isinstance(entries, list):
            raise InvalidInputError("Trường «entries» phải là một danh sách.", "entries")
        if len(entries) > MAX_ENTRIES:
            raise InvalidInputError(
                f"Một danh sách có tối đa {MAX_ENTRIES} cá nhân, tập thể.", "entries")
        rows = []
        for index, raw in enumerate(entries):
            where = f"entries[{index}]"
            if not isinstance(raw, dict):
                raise InvalidInputError("Mỗi dòng phải là một đối tượng.", where)
            subject = self.organisation.subject(raw.get("subject_kind"), raw.get("subject_id"),
                                                f"{where}.subject_id")
            if unit_id not in self.organisation.unit_ancestry(subject.unit_id):
                raise InvalidInputError(
                    f"«{subject.name}» không thuộc đơn vị gửi danh sách hay đơn vị trực thuộc.",
                    f"{where}.subject_id")
            rows.append({"subject_kind": subject.kind, "subject_id": subject.id,
                         "subject_name": subject.name, "unit_id": subject.unit_id,
                         "deed": clean_text(raw.get("deed"), f"{where}.deed", max_length=2000,
                                            multiline=True)})
        check_entries(rows)
        return rows

    def list_dict(self, found: ExemplarList) -> dict[str, Any]:
        data = found.as_dict()
        unit = self.organisation.get_unit(found.unit_id)
        data.update(unit_code=unit.code, unit_name=unit.name)
        return data

    def lists(self, campaign_id: object, *, period: object = None,
              actor: Actor) -> list[dict[str, Any]]:
        """The lists of a campaign (of one period), by month and unit, as the actor may read
        them."""
        campaign = self.campaigns.get_campaign(str(campaign_id))
        span = self._period(period) if period else None
        return [self.list_dict(found) for found in self._of(campaign.id, span)
                if self._may_read(actor, found.unit_id)]

    def _may_read(self, actor: Actor, unit_id: UUID) -> bool:
        if not is_unit_scoped(actor):
            return True
        return actor.unit_id is not None and (
            actor.unit_id in self.organisation.unit_ancestry(unit_id)
            or unit_id in self.organisation.unit_ancestry(actor.unit_id))

    @staticmethod
    def _period(value: object) -> Period:
        span = parse_period(value, "period")
        if span.kind not in REPORT_KINDS:
            raise InvalidInputError("Kỳ tổng hợp là một tháng (2026-03), quý (2026-Q1), sáu "
                                    "tháng (2026-H1) hoặc năm (2026).", "period")
        return span

    def _of(self, campaign_id: UUID, span: Period | None) -> list[ExemplarList]:
        found = [x for x in self.app.all_of(ExemplarList, "Sent")
                 if x.campaign_id == campaign_id
                 and (span is None or span.start <= parse_period(x.month).start <= span.end)]
        names = {x.unit_id: self.organisation.get_unit(x.unit_id).name for x in found}
        return sorted(found, key=lambda x: (x.month, names[x.unit_id].casefold()))

    # --- the compiled Báo cáo -----------------------------------------------------------

    def issue_report(self, campaign_id: object, *, period: object, signer: object,
                     issued_on: object = None, symbol: str | None = None,
                     reason: object = None, actor: Actor,
                     idempotency_key: str | None = None) -> dict[str, Any]:
        """The lists of a month, quarter, half or year compiled into a numbered Báo cáo,
        naming the units that sent none."""
        check_allowed(actor, "papers.issue")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        span = self._period(period)
        if not isinstance(signer, dict):
            raise InvalidInputError("Trường «signer» phải là một đối tượng.", "signer")
        signature = signature_of(signer, "signer")
        today = self.app.clock()
        day = parse_date(issued_on, "issued_on") if issued_on is not None else today
        schedule = self.app.find(DossierSchedule, DossierSchedule.create_id(campaign.id))
        last = date(span.end.year, span.end.month, 1)
        ready = monthly_due(last.year, last.month, schedule.monthly_day) + timedelta(days=1) \
            if schedule and schedule.monthly_day else span.end
        if day < ready:
            raise InvalidInputError(
                f"Hạn gửi danh sách của kỳ {span.label} chưa hết (tổng hợp từ ngày "
                f"{ready:%d/%m/%Y}).", "issued_on" if issued_on is not None else "period")
        lists = self._of(campaign.id, span)
        if not lists:
            raise InvalidInputError(f"Kỳ {span.label} chưa có đơn vị nào gửi danh sách điển "
                                    "hình.", "period")
        recorded = max(x.sent_on for x in lists)
        why = check_dating(day, today, recorded, reason)
        issuer = self.organisation.get_unit(campaign.issuer_unit_id)
        words = period_words(span)
        where = self.papers.unit_column()
        several = span.kind != "month"
        exemplars = [
            {"name": e["subject_name"], "unit": where(e["subject_kind"], e["unit_id"]),
             "achievement": e["deed"] + (f" ({period_words(parse_period(x.month))})"
                                         if several else ""),
             "kind": e["subject_kind"]}
            for x in lists for e in x.entries]
        kinds = [e.pop("kind") for e in exemplars]
        sent = {x.unit_id for x in lists}
        missing = [u.name for u in self.app.all_of(Unit, "Registered")
                   if u.parent_id == issuer.id and u.id not in sent]
        intro = [f"Trên cơ sở danh sách điển hình tiên tiến {words} do {len(sent)} đơn vị "
                 f"gửi, {issuer.name} tổng hợp {len(exemplars)} {kinds_text(kinds)} điển hình "
                 "tiên tiến như sau:"]
        context = {
            "parent_agency": self.organisation.governing_name(issuer),
            "issuer": issuer.name,
            "place": place_of(issuer.name),
            "issued_on": day,
            "title": f"Tổng hợp danh sách điển hình tiên tiến {words} trong phong trào thi "
                     f"đua “{campaign.movement}”",
            "basis": [plan_basis(campaign, issuer.name).replace("Căn cứ", "Thực hiện", 1)],
            "intro": intro,
            "subjects_header": capital(kinds_text(kinds)),
            "exemplars": exemplars,
            "proposals": [
                "Đề nghị các đơn vị tuyên truyền, biểu dương các điển hình trên tại các kỳ "
                "giao ban.",
                *([f"Các đơn vị chưa gửi danh sách {words}: {', '.join(sorted(missing))}; đề "
                   "nghị gửi đúng hạn các kỳ sau."] if missing else [])],
            "closing": [f"{issuer.name} báo cáo để các cấp biết, chỉ đạo./."],
            "recipients": [*self.papers.report_to(issuer), "Các đơn vị trực thuộc"],
            "archive": "VT, TĐKT",
            "signature": signature,
        }
        return self.papers.issue_composed(
            reference_id=campaign.id, kind=KIND, key=span.label, issuer=issuer,
            symbol=symbol, campaigns=[campaign], issued_on=day, context=context, actor=actor,
            idempotency_key=idempotency_key, reason=why)
