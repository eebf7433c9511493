"""Báo cáo tổng kết công tác thi đua, khen thưởng năm …: a unit's yearly summary (issue 16).

The clerk drafts the summary of a year for a unit, writes its narrative sections (đặc
điểm tình hình, đánh giá chung, phương hướng …) and issues it. The figures are read from
the views at that moment (the year summary view, ``services/projections/year_summary.py``,
and the standings; issuing waits for them to reach the head of the log), over the unit and
every unit under it, in the calendar year:

- the campaigns its units launched that ran during the year, with their registrations;
- the leaders of each campaign's standings over the year (rank 1 of each track);
- the Báo cáo điển hình tiên tiến issued in the year;
- the dossiers and nominations put forward for the year's awards;
- the decisions issued in the year, collectives and individuals per award (a revoked one
  left out and said so).

Issuing numbers the paper from the unit's register (kind ``bao_cao_tong_ket``, "BC") and
freezes the whole context in ``Paper.Issued``, like every paper: downloads are the same
file and verify (``services/usecases/papers.py`` renders and records them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from docgen.vietnamese import date_numeric, format_number
from events.campaign import CLASSIFICATIONS, Campaign
from events.decision import check_symbol, symbol_for
from events.errors import ConflictError, InvalidInputError, PermissionDeniedError
from events.paper import PAPER_KINDS, Paper, check_dating
from events.rules import INDIVIDUAL
from events.unit import Unit
from events.values import parse_date, parse_uuid
from events.year_summary import (
    SECTIONS,
    YearSummary,
    check_sections,
    missing_sections,
)
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.projections.log import hex_id
from services.projections.runner import current_view
from services.projections.year_summary import (
    YearSummaryProjection,
    launched_by,
    year_figures,
)
from services.queries.standings import StandingsReader
from services.usecases.campaigns import Campaigns
from services.usecases.documents import place_of
from services.usecases.organisation import Organisation
from services.usecases.paper_texts import count_text, subjects_text
from services.usecases.registers import take_number
from services.usecases.signatures import signature_of

KIND = "bao_cao_tong_ket"
LEADERS = 20  # rows read of a track's standings, in rank order: the first place and ties
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) \
            or not FIRST_YEAR <= value <= LAST_YEAR:
        raise InvalidInputError(f"Năm báo cáo phải là số từ {FIRST_YEAR} đến {LAST_YEAR}.",
                                "year")
    return value


@dataclass
class Summaries:
    """Draft, edit and issue a unit's Báo cáo tổng kết of a year."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    projection: YearSummaryProjection = field(default_factory=YearSummaryProjection)

    # --- the draft ------------------------------------------------------------------------

    def summary(self, summary_id: object) -> YearSummary:
        return self.app.load(YearSummary, parse_uuid(summary_id, "summary_id"),
                             "Không tìm thấy báo cáo tổng kết.", "summary_id")

    def _unit(self, unit_code: object, actor: Actor) -> Unit:
        if not isinstance(unit_code, str):
            raise InvalidInputError("Trường «unit_code» phải là mã đơn vị.", "unit_code")
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        self.organisation.check_scope(actor, unit.id)
        return unit

    def draft(self, *, year: object, unit_code: object, sections: object = None,
              actor: Actor, idempotency_key: str | None = None) -> dict[str, Any]:
        """Start a unit's summary of a year with the sections written so far."""
        check_allowed(actor, "papers.issue")
        found = _year(year)
        unit = self._unit(unit_code, actor)
        summary = YearSummary(unit_id=unit.id, year=found, sections=check_sections(sections),
                              actor=actor.username)
        self.runner.create(
            summary, actor=actor, command="summaries.draft", field="year",
            duplicate=f"{unit.name} đã có báo cáo tổng kết năm {found}: sửa bản đã có "
                      "thay vì lập mới.",
            key=idempotency_key, earlier=self.summary)
        return self.get_summary(summary.id, actor)

    def update(self, summary_id: object, *, sections: object, actor: Actor,
               idempotency_key: str | None = None) -> dict[str, Any]:
        """Replace the sections given (the others stay as written)."""
        check_allowed(actor, "papers.issue")
        given = check_sections(sections)

        def attempt(_: int) -> tuple[list[Any], YearSummary]:
            summary = self.summary(summary_id)
            self.organisation.check_scope(actor, summary.unit_id)
            summary.change(given, actor.username)
            return [summary], summary

        done = self.runner.run(attempt, actor=actor, command="summaries.update",
                               key=idempotency_key, earlier=self.summary, field="summary_id")
        return self.get_summary(done.id, actor)

    def get_summary(self, summary_id: object, actor: Actor,
                    wait_for: int | None = None) -> dict[str, Any]:
        """The draft (or issued summary) with the figures the views hold now (after
        waiting for ``wait_for``): for those who issue papers or read reports."""
        try:
            check_allowed(actor, "papers.issue")
        except PermissionDeniedError:
            check_allowed(actor, "reports.read")
        summary = self.summary(summary_id)
        self.organisation.check_scope(actor, summary.unit_id)
        unit = self.organisation.get_unit(summary.unit_id)
        return {**summary.as_dict(), "unit_code": unit.code, "unit_name": unit.name,
                "figures": self.figures(unit, summary.year, wait_for=wait_for)}

    def find(self, unit_code: str, year: int, actor: Actor,
             wait_for: int | None = None) -> dict[str, Any] | None:
        """The summary of a unit and year, if one was drafted."""
        unit = self._unit(unit_code, actor)
        found = self.app.find(YearSummary, YearSummary.create_id(unit.id, _year(year)))
        return self.get_summary(found.id, actor, wait_for) if found else None

    # --- the figures ----------------------------------------------------------------------

    def figures(self, unit: Unit, year: int, *, strict: bool = False,
                wait_for: int | None = None) -> dict[str, Any]:
        """What the store says of the unit's subtree in the calendar year, read from the
        year summary view and the standings; ``strict`` waits (bounded) for the views to
        reach the head of the log and refuses if they have not, a preview waits for
        ``wait_for`` (the reader's own last write) and says ``stale`` instead."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        position = self.app.last_position() if strict else wait_for
        store, behind = current_view(self.app, self.projection, position)
        found = year_figures(store, hex_id(unit.id), start.isoformat(), end.isoformat(), year)
        campaigns = [self.campaigns.get_campaign(UUID(c["campaign_id"]))
                     for c in found["campaigns"]]
        decisions = [{"number": f"{d['number']} ngày "
                                f"{date_numeric(date.fromisoformat(d['issued_on']))}",
                      "award": d["award_name"], "collectives": int(d["collectives"]),
                      "individuals": int(d["individuals"])} for d in found["decisions"]]
        leaders, stale = self._leaders(campaigns, year, strict)
        stale = stale or behind
        if stale and strict:
            raise ConflictError("Số liệu đang được cập nhật; vui lòng thử lại sau ít phút.",
                                "summary_id")
        return {
            "year": year,
            "campaigns": [{k: c[k] for k in ("movement", "number", "collectives",
                                             "individuals")} for c in found["campaigns"]],
            "leaders": leaders, "stale": stale,
            "exemplars": [{"number": p["number"], "issued_on": date.fromisoformat(p["issued_on"]),
                           "title": p["title"]} for p in found["exemplars"]],
            "dossiers": found["dossiers"], "dossier_nominees": found["dossier_nominees"],
            "nominations": found["nominations"],
            "decisions": decisions,
            "revoked": found["revoked"],
            "totals": {"collectives": sum(r["collectives"] for r in decisions),
                       "individuals": sum(r["individuals"] for r in decisions)},
        }

    def _leaders(self, campaigns: list[Campaign], year: int,
                 wait: bool) -> tuple[list[dict[str, Any]], bool]:
        """Rank 1 of each track of each campaign over the year, as the standings show, and
        whether the standings were still catching up with the store (``wait``: for a
        while, as issuing does)."""
        position = self.app.last_position() if wait else None
        reader = StandingsReader(self.app, self.campaigns)
        found: list[dict[str, Any]] = []
        stale = False
        for campaign in campaigns:
            for track in campaign.tracks:
                try:
                    result = reader.get(str(campaign.id), str(year),
                                        subject_kind=track["subject_kind"],
                                        wait_for=position, limit=LEADERS)
                except InvalidInputError:
                    continue  # the year does not fit this track
                stale = stale or bool(result["stale"])
                most = sum((c["max_points"] for c in track["criteria"]), 0)
                for row in result["rows"]:
                    if row["rank"] != 1:
                        continue
                    unit = self.organisation.get_unit(UUID(row["unit_id"]))
                    where = unit.name if track["subject_kind"] == INDIVIDUAL else (
                        self.organisation.parent_name(unit) or unit.name)
                    found.append({
                        "name": row["subject_name"], "unit": where,
                        "campaign": campaign.movement,
                        "score": f"{format_number(row['average'])}/{format_number(most)}",
                        "classification": CLASSIFICATIONS.get(row.get("classification") or "",
                                                              "")})
        return found, stale

    # --- issuing --------------------------------------------------------------------------

    def context(self, unit: Unit, year: int, sections: dict[str, list[str]],
                figures: dict[str, Any], day: date,
                signature: dict[str, Any]) -> dict[str, Any]:
        """The paper's context: the clerk's sections, the figures, and for the sections
        left empty that the figures speak for, a sentence made of them."""
        parent = self.organisation.governing_name(unit)
        decisions, totals = figures["decisions"], figures["totals"]
        exemplars = figures["exemplars"]
        campaigns = figures["campaigns"]
        told = {
            "intro": [f"{unit.name} báo cáo tổng kết công tác thi đua, khen thưởng năm {year} "
                      f"và phương hướng, nhiệm vụ năm {year + 1} như sau:"],
            "campaign_results": [
                f"Trong năm {year}, {unit.name} và các đơn vị trực thuộc triển khai "
                f"{count_text(len(campaigns))} phong trào thi đua; "
                f"{count_text(sum(c['collectives'] for c in campaigns))} lượt tập thể và "
                f"{count_text(sum(c['individuals'] for c in campaigns))} lượt cá nhân đăng ký "
                "thi đua"
                + (f"; ban hành {count_text(len(exemplars))} báo cáo điển hình tiên tiến "
                   f"({', '.join(e['number'] for e in exemplars)})" if exemplars else "")
                + "."] if campaigns else [
                f"Trong năm {year}, {unit.name} và các đơn vị trực thuộc không phát động phong "
                "trào thi đua mới trên hệ thống."],
            "award_results": [
                f"Năm {year}, {unit.name} và các đơn vị trực thuộc tiếp nhận "
                f"{count_text(figures['nominations'])} hồ sơ đề nghị khen thưởng"
                + (f" ({count_text(figures['dossiers'])} bộ hồ sơ theo tuyến trình, "
                   f"{count_text(figures['dossier_nominees'])} lượt đề nghị)"
                   if figures["dossiers"] else "")
                + f"; ban hành {count_text(len(decisions))} quyết định khen thưởng"
                + (f" cho {subjects_text(totals['collectives'], totals['individuals'])}"
                   if totals["collectives"] or totals["individuals"] else "")
                + (f"; {count_text(len(figures['revoked']))} quyết định đã bị hủy không tính "
                   f"({', '.join(figures['revoked'])})" if figures["revoked"] else "")
                + "."],
            "closing": [f"{unit.name} báo cáo để " + (f"{parent} biết, chỉ đạo./."
                                                       if parent else "các cấp biết./.")],
        }
        written = {name: sections.get(name) or told.get(name, []) for name in SECTIONS}
        return {
            "parent_agency": parent,
            "issuer": unit.name,
            "place": place_of(unit.name),
            "issued_on": day,
            "title": f"Tổng kết công tác thi đua, khen thưởng năm {year} và phương hướng, "
                     f"nhiệm vụ năm {year + 1}",
            "next_year": year + 1,
            **written,
            "campaigns": [{k: c[k] for k in ("movement", "number", "collectives",
                                             "individuals")} for c in campaigns],
            "leaders_intro": [f"Các tập thể, cá nhân dẫn đầu các phong trào thi đua năm {year} "
                              "(xếp thứ nhất theo kết quả chấm điểm cả năm):"
                              if figures["leaders"] else
                              f"Năm {year} chưa có kết quả chấm điểm để xác định tập thể, cá "
                              "nhân dẫn đầu."],
            "leaders": figures["leaders"],
            "decisions": [{k: d[k] for k in ("number", "award", "collectives", "individuals")}
                          for d in decisions],
            "totals": dict(totals),
            "recipients": [*([f"{parent} (b/c)"] if parent else []), "Các đơn vị trực thuộc"],
            "archive": "VT, TĐKT",
            "signature": signature,
        }

    def issue(self, summary_id: object, *, signer: object, issued_on: object = None,
              symbol: str | None = None, reason: object = None, actor: Actor,
              idempotency_key: str | None = None) -> dict[str, Any]:
        """Number the summary from the unit's register and freeze it as a paper."""
        check_allowed(actor, "papers.issue")
        if not isinstance(signer, dict):
            raise InvalidInputError("Trường «signer» phải là một đối tượng.", "signer")
        signature = signature_of(signer, "signer")
        summary = self.summary(summary_id)
        self.organisation.check_scope(actor, summary.unit_id)
        summary.check_draft()
        missing = missing_sections(summary.sections)
        if missing:
            raise InvalidInputError(
                "Chưa viết mục " + ", ".join(f"«{SECTIONS[m][0]}»" for m in missing)
                + ": viết trước khi ban hành báo cáo tổng kết.", f"sections.{missing[0]}")
        today = self.app.clock()
        day = parse_date(issued_on, "issued_on") if issued_on is not None else today
        if day.year < summary.year:
            raise InvalidInputError(f"Báo cáo tổng kết năm {summary.year} không thể ghi ngày "
                                    f"trước năm {summary.year}.", "issued_on")
        why = check_dating(day, today, None, reason)
        unit = self.organisation.get_unit(summary.unit_id)
        figures = self.figures(unit, summary.year, strict=True)
        context = self.context(unit, summary.year, summary.sections, figures, day, signature)
        launched = launched_by(current_view(self.app, self.projection)[0], hex_id(unit.id))
        mark = check_symbol(symbol, "symbol") if symbol else symbol_for(
            unit.id, unit.code, [(unit.id, number) for number in launched])
        paper_id = Paper.create_id(summary.id, KIND, "")

        def attempt(_: int) -> tuple[list[Any], Paper]:
            current = self.summary(summary.id)
            current.check_draft()
            if current.sections != summary.sections:
                raise ConflictError("Báo cáo vừa được sửa; tải lại trang rồi ban hành.",
                                    "summary_id")
            register, number = take_number(self.app, unit.id, day.year, PAPER_KINDS[KIND][1],
                                           mark, paper_id, actor)
            paper = Paper(reference_id=summary.id, kind=KIND, key="", issuer_unit_id=unit.id,
                          number=number, issued_on=day, title=context["title"],
                          context={**context, "number": number}, actor=actor.username,
                          reason=why)
            current.issued_as(paper.id, actor.username)
            return [register, paper, current], paper

        def earlier(paper: UUID) -> Paper:
            return self.app.load(Paper, paper, "Không tìm thấy văn bản.", "paper_id")

        return self.runner.run(attempt, actor=actor, command="summaries.issue",
                               key=idempotency_key, earlier=earlier,
                               busy="Sổ đăng ký văn bản đang bận; vui lòng thử lại.",
                               field="summary_id").as_dict()
