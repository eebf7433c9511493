"""The same domain scenarios on a temporary SQLite file and on a fresh PostgreSQL schema."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.app import ThiduaApplication
from services.config import Settings
from tests.support.scenarios import SCENARIOS
from tests.support.stores import AppFactory


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__)
def test_scenario_on_store(
    scenario: Callable[[ThiduaApplication], None], store_settings: Settings, open_app: AppFactory
) -> None:
    scenario(open_app(store_settings))


def test_events_survive_reopening_the_store(
    store_settings: Settings, open_app: AppFactory
) -> None:
    from tests.support.scenarios import seed

    ids = seed(open_app(store_settings))
    reopened = open_app(store_settings)
    campaign = reopened.campaigns.campaign_details(ids["campaign"])
    assert campaign["number"] == "117/KH-LĐLĐ"
    assert reopened.store.event_count() == 6
