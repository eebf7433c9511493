"""Tra cứu khen thưởng (and its .xlsx) and an organisation's own settings."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from events.campaign import SUBJECT_KINDS
from events.errors import DomainError
from events.rules import (
    ANY_AWARD,
    AWARD_CODES,
    COUNCIL_RULES,
    award_name,
    default_quorum,
    in_force,
    unreflected_texts,
)
from events.values import format_points
from services.web.consistency import read_position
from services.web.http import XLSX, send_bytes
from services.web.pages.common import (
    ROW_FIELD,
    actor,
    attempt,
    bp,
    form_key,
    may,
    new_key,
    require,
    thidua,
)
from services.web.pages.nominations import whole


@bp.get("/awards/history")
@login_required
def history() -> Any:
    """Tra cứu khen thưởng: the awards of a unit (and its people) or of one subject."""
    app = thidua()
    query = _history_query()
    rows: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    if query:
        def look_up() -> None:
            rows.extend(app.awards.history(**query, wait_for=read_position())["rows"])

        attempt(errors, look_up)
    return render_template("history.html", units=app.organisation.list_units(),
                           unit_code=request.args.get("unit_code") or None,
                           subject_id=query.get("subject_id"),
                           sub_units=bool(query.get("sub_units")), query=query, rows=rows,
                           download_args={k: ("co" if v is True else v)
                                          for k, v in query.items() if v},
                           errors=errors, kinds=SUBJECT_KINDS), 400 if errors else 200


def _history_query() -> dict[str, Any]:
    """One subject's awards (a person or a collective, by id), else a unit's and its
    people's, with its sub-units' if asked; nothing chosen yet: {}."""
    if request.args.get("subject_id"):
        return {"subject_id": request.args["subject_id"]}
    if request.args.get("unit_code"):
        return {"unit_code": request.args["unit_code"],
                "sub_units": request.args.get("sub_units") == "co"}
    return {}


@bp.get("/awards/history.xlsx")
@login_required
def history_xlsx() -> Any:
    """The tra cứu of a unit (and its people, and its sub-units if asked) or of one
    subject as .xlsx."""
    query = _history_query()
    if not query:
        return redirect(url_for("pages.history"))
    data, name = thidua().awards.history_workbook({**query, "wait_for": read_position()})
    return send_bytes(data, XLSX, name)


BLANK_ROWS = 2  # empty rows offered below those already set (no script needed)
# The lists of the settings form: each row's fields, as the domain names them.
SETTING_ROWS = {"caps": ("award", "of_award", "percent"),
                "council": ("award", "percent", "secret")}


def _posted_rows(form: Any, name: str) -> tuple[list[dict[str, str]], list[int]]:
    """The rows of list ``name`` as typed, and the form row of each one that is not blank
    (an unticked box is blank; a ticked one alone does not fill a row)."""
    rows: list[dict[str, str]] = []
    for index in range(50):
        if f"{name}-{index}-award" not in form:
            break
        rows.append({key: form.get(f"{name}-{index}-{key}", "").strip()
                     for key in SETTING_ROWS[name]})
    filled = [i for i, row in enumerate(rows)
              if any(v for k, v in row.items() if k != "secret")]
    return rows, filled


def _typed(text: str) -> object:
    """A whole number typed in a form; nothing typed is None (the quorum set now, or the
    law's, is kept), so that changing another setting needs no quorum typed."""
    return None if not text.strip() else whole(text)


def _council_row(row: dict[str, str]) -> dict[str, Any]:
    return {**row, "secret": bool(row.get("secret"))}


def _shown_settings(current: dict[str, Any] | None) -> dict[str, Any]:
    """The settings form's values for what is set now."""
    if current is None:
        return {"quorum_numerator": "", "quorum_denominator": "", "caps": [], "council": [],
                "authority_basis": "", "governing_body": ""}
    return {"authority_basis": "\n".join(current.get("authority_basis") or []),
            "governing_body": current.get("governing_body") or "",
            "quorum_numerator": str(current["quorum"]["numerator"]),
            "quorum_denominator": str(current["quorum"]["denominator"]),
            "caps": [{"award": c["award"], "of_award": c["of_award"],
                      "percent": format_points(c["percent"])} for c in current["caps"]],
            "council": [{"award": r["award"], "percent": format_points(r["percent"]),
                         "secret": "on" if r["secret"] else ""} for r in current["council"]]}


@bp.route("/awards/settings", methods=["GET", "POST"])
@login_required
def award_settings() -> Any:
    """Quy định riêng của đơn vị: the council's quorum, caps such as CSTĐCS ≤ 15 % of LĐTT
    and the organisation's own vote rules (everyone signed in reads; an admin changes)."""
    app = thidua()
    units = app.organisation.list_units()
    unit_code = request.values.get("unit_code") or (units[0]["code"] if units else "")
    errors: dict[str, str] = {}
    status = 200
    current = app.settings.settings_of(unit_code) if unit_code else None
    root = any(u["code"] == unit_code and not u["parent_id"] for u in units)
    values = _shown_settings(current)
    if request.method == "POST":
        require("awards.settings")
        form = request.form
        posted = {name: _posted_rows(form, name) for name in SETTING_ROWS}
        values = {"quorum_numerator": form.get("quorum_numerator", ""),
                  "quorum_denominator": form.get("quorum_denominator", ""),
                  "authority_basis": form.get("authority_basis", ""),
                  "governing_body": form.get("governing_body", ""),
                  **{name: rows for name, (rows, _) in posted.items()}}
        caps, council = ([rows[i] for i in filled] for rows, filled in posted.values())

        def save() -> None:
            try:
                app.settings.configure(
                    unit_code=unit_code, quorum_numerator=_typed(values["quorum_numerator"]),
                    quorum_denominator=_typed(values["quorum_denominator"]), caps=caps,
                    council=[_council_row(r) for r in council],
                    authority_basis=[line for line in values["authority_basis"].splitlines()
                                     if line.strip()],
                    governing_body=values["governing_body"] if root else None,
                    actor=actor(), idempotency_key=form_key())
            except DomainError as exc:
                # The domain counts the rows it was given; the page names the row as typed.
                row = ROW_FIELD.match(exc.field or "")
                if row is None or row[1] not in posted:
                    raise
                field = f"{row[1]}[{posted[row[1]][1][int(row[2])]}].{row[3]}"
                raise type(exc)(exc.message.replace(f"«{exc.field}»", f"«{field}»"),
                                field, exc.code) from None

        if attempt(errors, save):
            flash("Đã lưu quy định riêng của đơn vị.", "ok")
            return redirect(url_for("pages.award_settings", unit_code=unit_code))
        status = 400
    for name, keys in SETTING_ROWS.items():
        values[name] = values[name] + [dict.fromkeys(keys, "") for _ in range(BLANK_ROWS)]
    law = [{"award_name": "Các danh hiệu, hình thức khác" if rule.award == ANY_AWARD
            else award_name(rule.award), "text": rule.describe(), "secret": rule.secret,
            "source": rule.source, "unconfirmed": rule.confidence == "U"}
           for rule in in_force(COUNCIL_RULES, app.store.clock())]
    return render_template(
        "award_settings.html", units=units, unit_code=unit_code, current=current,
        values=values, errors=errors, default=default_quorum(app.store.clock()), law=law,
        unreflected=unreflected_texts(app.store.clock()),
        awards=[{"code": code, "name": award_name(code)} for code in AWARD_CODES],
        root=root, may_change=may("awards.settings"), key=new_key()), status
