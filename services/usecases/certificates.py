"""Bằng khen and Giấy khen printed onto pre-printed blanks: each award form's layout (an
event-sourced ``CertificateLayout``, the default of its kind until one is set), the
calibration sheet, a sample, and the certificates of an issued decision — one page per
recipient whose award stands (a revoked award is not printed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from docgen.certificate_pdf import (
    FontMissingError,
    calibration_pdf,
    certificates_pdf,
    fit_text,
)
from docgen.vietnamese import date_line, date_numeric
from events import ids
from events.award_form import AwardFormEntry
from events.award_history import AwardHistory
from events.certificate import (
    FIELDS,
    CertificateLayout,
    check_layout,
    default_layout,
    page_size_mm,
)
from events.decision import DRAFT, AwardDecision
from events.errors import ConflictError
from events.rules import INDIVIDUAL
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.award_forms import AwardForms
from services.usecases.campaigns import Campaigns
from services.usecases.decisions import Decisions
from services.usecases.documents import place_of
from services.usecases.organisation import Organisation

PDF = "application/pdf"
# What the sample page prints: a long name, to see it shrink.
SAMPLE = {
    "recipient_name": "Bà Nguyễn Thị Thu Hương",
    "unit": "Chuyên viên, Công đoàn Trường Trung học phổ thông chuyên Lê Quý Đôn",
    "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua “Lao động giỏi, lao "
                   "động sáng tạo” năm 2025",
    "decision": "Quyết định số 07/QĐ-LĐLĐ ngày 15/01/2026",
    "place_date": "Lai Châu, ngày 15 tháng 01 năm 2026",
    "signer_title": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
    "signer_name": "Nguyễn Thị Thiện",
}


class FontUnavailable(RuntimeError):
    """The certificates' font (Liberation Serif 2, with Vietnamese) is not installed."""


def drawn(make: Callable[[], bytes]) -> bytes:
    try:
        return make()
    except FontMissingError as exc:
        raise FontUnavailable(str(exc)) from exc


def drawn_fit(text: str, box: dict[str, Any]) -> tuple[float, tuple[str, ...]]:
    """``fit_text`` for a box of a layout (millimetres → points)."""
    def fit() -> tuple[float, tuple[str, ...]]:
        return fit_text(text, box["style"], float(box["font_size"]),
                        float(box["width"]) * 72 / 25.4, int(box["lines"]))
    try:
        return fit()
    except FontMissingError:
        return float(box["font_size"]), (" ".join(text.split()),)


@dataclass(frozen=True)
class CertificateFile:
    data: bytes
    filename: str
    mimetype: str = PDF


def signer_title(signer: dict[str, Any]) -> str:
    """"TM. BAN THƯỜNG VỤ" above "CHỦ TỊCH", as a signature block prints them."""
    position = (signer.get("position") or "").upper()
    authority = (signer.get("authority") or "").strip()
    return f"{authority.upper()}\n{position}" if authority else position


def achievement_text(movement: str, year: int) -> str:
    """"Đã có thành tích trong phong trào thi đua “…” năm 2025"."""
    tail = "" if str(year) in movement else f" năm {year}"
    return f"Đã có thành tích trong phong trào thi đua “{movement}”{tail}"


@dataclass
class Certificates:
    """Layouts of the certificates of each award form, and the certificates themselves."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    award_forms: AwardForms
    campaigns: Campaigns
    decisions: Decisions

    # --- layouts ------------------------------------------------------------------------

    def _stored(self, code: str) -> CertificateLayout | None:
        return self.app.find(CertificateLayout, ids.certificate_layout_id(code))

    def _entry(self, code: object) -> AwardFormEntry:
        found = self.award_forms.get_form(code)  # NotFoundError for an unknown code
        return self.award_forms.entry(found["code"], "code")

    def layout_dict(self, entry: AwardFormEntry,
                    stored: CertificateLayout | None) -> dict[str, Any]:
        layout = stored.layout if stored is not None else default_layout(entry.category)
        width, height = page_size_mm(layout["page_size"], layout["orientation"])
        return {"award_form": entry.code, "award_form_name": entry.name,
                "default": stored is None,
                "updated_by": stored.updated_by if stored is not None else None,
                "page_size": layout["page_size"], "orientation": layout["orientation"],
                "page_width": width, "page_height": height,
                "fields": {name: dict(layout["fields"][name]) for name in FIELDS}}

    def get_layout(self, code: object) -> dict[str, Any]:
        """The layout of an award form's certificate (its kind's default until one is set)."""
        entry = self._entry(code)
        return self.layout_dict(entry, self._stored(entry.code))

    def check(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A layout as posted, checked (``InvalidInputError`` naming the field), with its
        page's size: what a preview draws before anything is saved."""
        layout = check_layout(raw)
        width, height = page_size_mm(layout["page_size"], layout["orientation"])
        return {**layout, "page_width": width, "page_height": height}

    def set_layout(self, code: object, *, actor: Actor, idempotency_key: str | None = None,
                   **raw: Any) -> dict[str, Any]:
        """Record the layout of an award form's certificate (nothing when it is unchanged)."""
        check_allowed(actor, "certificates.layout")
        entry = self._entry(code)
        layout = check_layout(raw)

        def attempt(_: int) -> tuple[list[CertificateLayout], CertificateLayout]:
            stored = self._stored(entry.code)
            if stored is None:
                stored = CertificateLayout(code=entry.code, layout=layout,
                                           actor=actor.username)
                return [stored], stored
            return ([stored] if stored.change(layout, actor.username) else []), stored

        saved = self.runner.run(attempt, actor=actor, command="certificates.layout",
                                key=idempotency_key, earlier=self._load, field="code",
                                busy="Mẫu in đang được người khác cập nhật; vui lòng thử lại.")
        return self.layout_dict(entry, saved)

    def _load(self, layout_id: UUID) -> CertificateLayout:
        return self.app.load(CertificateLayout, layout_id, "Không tìm thấy mẫu in.", "code")

    def preview(self, layout: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The sample texts as the PDF sets them in ``layout``: per field the font size
        after shrinking and the lines (for a page's drawing of the certificate)."""
        found = {}
        for name, box in layout["fields"].items():
            size, lines = drawn_fit(SAMPLE[name], box)
            found[name] = {**box, "size": size, "lines_text": lines, "label": FIELDS[name]}
        return found

    def calibration(self, code: object) -> CertificateFile:
        """The millimetre grid of the form's page with the layout's boxes."""
        layout = self.get_layout(code)
        data = drawn(lambda: calibration_pdf(layout, layout["award_form_name"], FIELDS))
        return CertificateFile(data, f"can-chinh-{layout['award_form']}.pdf")

    def sample(self, code: object, layout: dict[str, Any] | None = None) -> CertificateFile:
        """One certificate with made-up texts, on the stored layout or on ``layout`` (a
        checked one, from ``check``)."""
        stored = self.get_layout(code)
        data = drawn(lambda: certificates_pdf(layout or stored, [SAMPLE],
                                              stored["award_form_name"]))
        return CertificateFile(data, f"mau-{stored['award_form']}.pdf")

    # --- certificates of a decision ------------------------------------------------------

    def _standing(self, decision: AwardDecision) -> list[dict[str, Any]]:
        """The recipients whose award from this decision is not revoked."""
        kept = []
        for r in decision.recipients:
            history = self.app.find(AwardHistory, ids.award_history_id(r["subject_id"]))
            awards = [a for a in (history.awards if history else [])
                      if a["decision_id"] == decision.id]
            if awards and all(not a["revoked"] for a in awards):
                kept.append(r)
        return kept

    def _unit_line(self, r: dict[str, Any]) -> str:
        if r["subject_kind"] == INDIVIDUAL:
            person = self.organisation.get_person(r["subject_id"])
            unit = self.organisation.get_unit(r["unit_id"]).name
            return f"{person.position}, {unit}" if person.position else unit
        unit = self.organisation.get_unit(r["unit_id"])
        return self.organisation.get_unit(unit.parent_id).name if unit.parent_id else ""

    def texts(self, decision: AwardDecision) -> list[dict[str, str]]:
        """The texts of each page, in the decision's order."""
        if decision.status == DRAFT:
            raise ConflictError("Quyết định chưa ban hành (dự thảo): chưa có số, ngày để in "
                                "bằng khen, giấy khen.", "decision_id")
        recipients = self._standing(decision)
        if not recipients:
            raise ConflictError("Mọi khen thưởng của quyết định này đã bị hủy: không có gì "
                                "để in.", "decision_id")
        campaign = self.campaigns.get_campaign(decision.campaign_id)
        issuer = self.organisation.get_unit(decision.issuer_unit_id)
        day: date = decision.issued_on  # type: ignore[assignment]  # issued: has a date
        common = {
            "decision": f"Quyết định số {decision.number} ngày {date_numeric(day)}",
            "place_date": date_line(place_of(issuer.name), day),
            "signer_title": signer_title(decision.signer),
            "signer_name": decision.signer.get("name", ""),
        }
        return [{**common, "recipient_name": r["subject_name"], "unit": self._unit_line(r),
                 "achievement": achievement_text(campaign.movement, r["year"])}
                for r in recipients]

    def decision_certificates(self, decision_id: object) -> CertificateFile:
        """One page per standing recipient of an issued decision, on its form's layout."""
        decision = self.decisions.decision(decision_id)
        pages = self.texts(decision)
        entry = decision.entry
        layout = self.layout_dict(entry, self._stored(entry.code))
        data = drawn(lambda: certificates_pdf(layout, pages,
                                              f"{entry.name} — {decision.number}"))
        slug = (decision.number or "").replace("/", "-")
        kind = "giay-khen" if entry.category == "giay_khen" else "bang-khen"
        return CertificateFile(data, f"{kind}-{slug}.pdf")
