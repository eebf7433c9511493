"""Hướng dẫn sử dụng: one section per role, each step with the screenshot the browser
suite takes of it (tests/e2e/test_journeys.py saves them under static/guide/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import render_template

from services.web.pages.common import bp
from services.web.pages.guide_text import GUIDE

SHOTS = Path(__file__).resolve().parents[1] / "static" / "guide"


@bp.get("/huong-dan")
def guide() -> Any:
    """The user guide (no sign-in needed: it holds no data but the demo's)."""
    present = {p.name for p in SHOTS.glob("*.jpg")} if SHOTS.is_dir() else set()
    return render_template("guide.html", sections=GUIDE, present=present)
