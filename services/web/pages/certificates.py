"""Certificates on pre-printed blanks: the layout of an award form's certificate edited on
a page with a drawing of the page (sample texts set as the PDF sets them), the calibration
sheet and a sample to print, and the certificates of a decision."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required
from markupsafe import escape

from events.certificate import ALIGNS, FIELDS, ORIENTATIONS, PAGE_SIZES, STYLES
from services.usecases.certificates import CertificateFile, FontUnavailable
from services.web.http import send_bytes
from services.web.pages.common import actor, attempt, bp, form_key, may, require, thidua

KEYS = ("x", "y", "width", "font_size", "style", "align", "lines")
POINT_MM = 25.4 / 72
WEIGHTS = {"bold": "bold", "bold_italic": "bold"}
SLANTS = {"italic": "italic", "bold_italic": "italic"}
ANCHORS = {"left": "start", "center": "middle", "right": "end"}


def _posted() -> dict[str, Any]:
    """The layout as the form posts it (checked by the use case)."""
    form = request.form
    return {"page_size": form.get("page_size", ""), "orientation": form.get("orientation", ""),
            "fields": {name: {key: form.get(f"{name}.{key}", "") for key in KEYS}
                       for name in FIELDS}}


def drawing(layout: dict[str, Any], preview: dict[str, dict[str, Any]]) -> str:
    """An SVG of the page in millimetres: each box and its sample text (a data URI, which
    the pages' Content-Security-Policy lets an <img> show)."""
    width, height = layout["page_width"], layout["page_height"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width * 2.4:g}" height="{height * 2.4:g}">',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fffdf5" '
             'stroke="#b08d3c" stroke-width="0.6"/>']
    for box in preview.values():
        size = box["size"] * POINT_MM
        x = {"left": box["x"], "right": box["x"] + box["width"]}.get(
            box["align"], box["x"] + box["width"] / 2)
        depth = (box["lines"] - 1) * box["font_size"] * POINT_MM * 1.25
        parts.append(f'<rect x="{box["x"]}" y="{box["y"] - box["font_size"] * POINT_MM}" '
                     f'width="{box["width"]}" height="{box["font_size"] * POINT_MM * 1.2 + depth}"'
                     ' fill="none" stroke="#c0392b" stroke-width="0.2" '
                     'stroke-dasharray="1 1"/>')
        for index, line in enumerate(box["lines_text"]):
            parts.append(
                f'<text x="{x}" y="{box["y"] + index * size * 1.25}" font-size="{size:.3f}" '
                'font-family="Liberation Serif, Times New Roman, serif" '
                f'font-weight="{WEIGHTS.get(box["style"], "normal")}" '
                f'font-style="{SLANTS.get(box["style"], "normal")}" '
                f'text-anchor="{ANCHORS[box["align"]]}">{escape(line)}</text>')
    parts.append("</svg>")
    svg = "".join(parts).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@bp.route("/award-forms/<code>/certificate-layout", methods=["GET", "POST"])
@login_required
def certificate_layout(code: str) -> Any:
    app = thidua()
    stored = app.certificates.get_layout(code)
    errors: dict[str, str] = {}
    shown: dict[str, Any] = stored
    values = {"page_size": stored["page_size"], "orientation": stored["orientation"],
              "fields": stored["fields"]}
    if request.method == "POST":
        values = _posted()
        checked: dict[str, Any] = {}
        if request.form.get("action") == "save":
            require("certificates.layout")
            if attempt(errors, lambda: app.certificates.set_layout(
                    code, **values, actor=actor(), idempotency_key=form_key())):
                flash("Đã ghi mẫu in.", "ok")
                return redirect(url_for("pages.certificate_layout", code=stored["award_form"]))
        elif attempt(errors, lambda: checked.update(app.certificates.check(values))):
            shown = {**stored, **checked}
    return render_template(
        "certificate_layout.html", layout=stored, values=values, errors=errors,
        picture=drawing(shown, app.certificates.preview(shown)), fields=FIELDS,
        page_sizes=PAGE_SIZES, orientations=ORIENTATIONS, styles=STYLES, aligns=ALIGNS,
        may_edit=may("certificates.layout")), 400 if errors else 200


def _pdf(make: Callable[[], CertificateFile]) -> Any:
    try:
        found = make()
    except FontUnavailable as exc:
        return render_template("message.html", title="Chưa in được", message=str(exc)), 503
    return send_bytes(found.data, found.mimetype, found.filename)


@bp.get("/award-forms/<code>/certificate-layout/calibration.pdf")
@login_required
def certificate_calibration(code: str) -> Any:
    return _pdf(lambda: thidua().certificates.calibration(code))


@bp.get("/award-forms/<code>/certificate-layout/sample.pdf")
@login_required
def certificate_sample(code: str) -> Any:
    return _pdf(lambda: thidua().certificates.sample(code))


@bp.get("/decisions/<decision_id>/certificates.pdf")
@login_required
def decision_certificates(decision_id: str) -> Any:
    return _pdf(lambda: thidua().certificates.decision_certificates(decision_id))
