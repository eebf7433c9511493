"""Render a template of templates_docx/ with a context of plain data into .docx bytes.

The same template and context give the same bytes, in any process: text is normalised to
NFC, the rules under headings are sized from the rendered text, the core properties carry
the document's date (or 1980-01-01) instead of the clock, and the zip is rewritten with
fixed timestamps, member order and compression.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from docgen import layout, vietnamese
from docgen.package import normalize_package

# Next to the source tree; an installed package is told where they are (the Dockerfile).
TEMPLATES_DIR = Path(
    os.environ.get("THIDUA_TEMPLATES_DIR")
    or Path(__file__).resolve().parents[1] / "templates_docx"
)
FIXED_DATE = datetime(1980, 1, 1)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class TemplateNotFoundError(LookupError):
    """No template of that name exists in templates_docx/."""


def _percent(part: int | Decimal, whole: int | Decimal) -> str:
    return vietnamese.format_percent(part, whole)


FILTERS = {
    "money": vietnamese.format_money,
    "number": vietnamese.format_number,
    "words": vietnamese.number_in_words,
    "amount_words": vietnamese.amount_in_words,
    "date_words": vietnamese.date_words,
    "date_numeric": vietnamese.date_numeric,
    "month_words": vietnamese.month_words,
    "time_words": vietnamese.time_words,
    "percent": _percent,
    "clause": vietnamese.strip_clause,
}


def environment() -> Environment:
    """Return the Jinja2 environment of the templates: autoescape, strict, our filters."""
    env = Environment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


def template_path(name: str) -> Path:
    """Return the path of the template ``name`` (no extension), which must exist."""
    if not _NAME.match(name):
        raise TemplateNotFoundError(f"bad template name {name!r}")
    path = TEMPLATES_DIR / f"{name}.docx"
    if not path.is_file():
        raise TemplateNotFoundError(f"no template {name!r} in {TEMPLATES_DIR}")
    return path


@lru_cache(maxsize=32)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def template_bytes(name: str) -> bytes:
    """Return the bytes of the template ``name`` (cached while the file is unchanged)."""
    path = template_path(name)
    return _template_bytes(path, path.stat().st_mtime_ns)


def template_hash(name: str) -> str:
    """Return the SHA-256 (hex) of the template file ``name``."""
    return hashlib.sha256(template_bytes(name)).hexdigest()


def prepare(value: Any) -> Any:
    """Return ``value`` with every string in NFC and free of control characters."""
    if isinstance(value, str):
        return vietnamese.clean_text(value)
    if isinstance(value, Mapping):
        return {key: prepare(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [prepare(item) for item in value]
    return value


def undeclared_variables(name: str, context: Mapping[str, Any]) -> set[str]:
    """Return the names the template ``name`` uses that ``context`` does not provide."""
    template = DocxTemplate(io.BytesIO(template_bytes(name)))
    return set(template.get_undeclared_template_variables(environment(), dict(context)))


def render(template_name: str, context: Mapping[str, Any]) -> bytes:
    """Render the template ``template_name`` with ``context`` and return the .docx bytes."""
    data = prepare(context)
    template = DocxTemplate(io.BytesIO(template_bytes(template_name)))
    template.render(data, jinja_env=environment(), autoescape=True)
    finish(template.docx, data)
    output = io.BytesIO()
    template.save(output)
    return normalize_package(output.getvalue())


def finish(doc: DocumentObject, context: Mapping[str, Any]) -> None:
    """Size the rules from the rendered text and fix the core properties to the context."""
    section = doc.sections[0]
    text_width = section.page_width.twips - section.left_margin.twips
    text_width -= section.right_margin.twips
    layout.break_agency(doc.element.body)
    layout.break_titles(doc.element.body, text_width)
    layout.size_rules(doc.element.body, text_width)
    props = doc.core_properties
    stamp = document_datetime(context)
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = ""
    props.revision = 1
    title = context.get("title")
    if isinstance(title, str):
        props.title = title[:255]


def document_datetime(context: Mapping[str, Any]) -> datetime:
    """Return midnight of the document's date ("issued_on"), or 1980-01-01 without one."""
    issued = context.get("issued_on")
    if isinstance(issued, datetime):
        return issued.replace(tzinfo=None)
    if isinstance(issued, date):
        return datetime.combine(issued, time())
    meeting = context.get("meeting")
    if isinstance(meeting, Mapping) and isinstance(meeting.get("start"), datetime):
        return meeting["start"].replace(tzinfo=None)
    return FIXED_DATE
