"""The domain scenarios on the in-memory store (eventsourcing.popo)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.app import ThiduaApplication
from tests.support.scenarios import SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__)
def test_scenario_in_memory(
    scenario: Callable[[ThiduaApplication], None], memory_app: ThiduaApplication
) -> None:
    scenario(memory_app)
