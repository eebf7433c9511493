"""The user guide (/huong-dan): one section per role, every step with the screenshot the
browser journeys take of it (tests/support/journey_steps.py, THIDUA_UPDATE_GUIDE=1)."""

from __future__ import annotations

import re
from pathlib import Path

from services.web.pages.guide import SHOTS
from services.web.pages.guide_text import GUIDE
from tests.support.api import Api

JOURNEY_STEPS = Path(__file__).resolve().parents[1] / "support" / "journey_steps.py"


def test_every_step_has_its_screenshot_and_every_screenshot_a_step() -> None:
    shots = [step.shot for section in GUIDE for step in section.steps]
    assert len(GUIDE) == 6 and all(shots)
    assert sorted(s for s in shots if not (SHOTS / s).is_file()) == []
    taken = set(re.findall(r'guide="([a-z0-9-]+)"', JOURNEY_STEPS.read_text()))
    assert {f"{name}.jpg" for name in taken} == set(shots)


def test_the_guide_shows_each_role_with_its_screenshots(api: Api) -> None:
    response = api.client.get("/huong-dan")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for section in GUIDE:
        assert f'id="{section.anchor}"' in html and section.role in html
    assert html.count('src="/static/guide/') == sum(len(s.steps) for s in GUIDE)
