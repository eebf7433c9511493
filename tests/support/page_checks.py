"""What every page a browser test visits must pass: an HTML page (never raw JSON), no code or
English word a user should not meet, no sideways scrolling at phone width, and no axe-core
violation of impact moderate or worse (axe-core from npm, installed by .ci/run)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_IMPACTS = ("moderate", "serious", "critical")

# Codes of the domain and English words that must never reach a page's text (the text a
# person reads, not the markup): award forms, ballot choices, event types, role and status
# codes, Python's and JavaScript's own words.
CODE_WORDS = (
    "bang_khen_tinh", "bang_khen", "giay_khen", "chien_si_thi_dua", "lao_dong_tien_tien",
    "dong_y", "khong_dong_y", "y_kien_khac", "nomination", "Nomination", "AwardHistory",
    "Scorecard", "Campaign", "Council", "Decision", "Dossier", "Registration", "Ballot",
    "unit_clerk", "council_member", "secretary", "reviewer", "auditor", "specialist",
    "self_assessed", "reviewed", "submitted", "collective", "individual", "weekly",
    "monthly", "quarterly", "None", "True", "False", "null", "undefined", "NaN",
    "Traceback", "Internal Server Error", "Not Found", "Forbidden", "Bad Request",
)
# Whole words only, so that "Decisions" inside a Vietnamese sentence cannot hide, and an
# event type ("Nomination.Awarded") is caught by its first part.
_WORDS = re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in CODE_WORDS) + r")(?!\w)")
_EVENT_TYPE = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\.[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")


def code_words(text: str) -> list[str]:
    """The code or English words in ``text`` (each once, in order of appearance)."""
    found = [m.group(1) for m in _WORDS.finditer(text)]
    found += [m.group(0) for m in _EVENT_TYPE.finditer(text)]
    return list(dict.fromkeys(found))


def axe_available() -> bool:
    """Whether axe-core is installed; a CI run (THIDUA_REQUIRE_BROWSER=1) fails without it,
    elsewhere the accessibility checks are skipped with the reason."""
    if AXE.exists():
        return True
    message = (f"axe-core is not installed ({AXE} missing): "
               "npm install --no-save --prefix . axe-core@4.14.1 (as .ci/run does)")
    if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    return False


def json_answer(page: Any) -> str | None:
    """The problem if the page is a JSON answer rather than an HTML page."""
    kind = page.evaluate("document.contentType")
    text = page.evaluate("document.body ? document.body.innerText : ''").strip()
    if "json" in kind:
        return f"answered {kind}: {text[:200]}"
    if text.startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            return None
        return f"answered raw JSON: {text[:200]}"
    return None


def overflow(page: Any) -> str | None:
    """The problem if the page scrolls sideways (wider than the window)."""
    wide, window = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    return f"page {wide} px wide in a {window} px window" if wide > window else None


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations of impact moderate or worse, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'])}"
            for v in found if v["impact"] in AXE_IMPACTS]


def problems(page: Any, *, narrow: bool, axe: bool) -> dict[str, list[str]]:
    """Every check's problems on the page as it is now, by check (the page bypasses its
    Content-Security-Policy so that axe-core can be injected)."""
    found: dict[str, list[str]] = {"json": [], "words": [], "overflow": [], "axe": []}
    answer = json_answer(page)
    if answer:
        found["json"].append(answer)
        return found
    words = code_words(page.inner_text("body"))
    if words:
        found["words"].append(", ".join(words))
    if narrow:
        wide = overflow(page)
        if wide:
            found["overflow"].append(wide)
    if axe:
        found["axe"].extend(axe_violations(page))
    return found
