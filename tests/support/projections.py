"""Bringing views up to date by hand, and reading them whole."""

from __future__ import annotations

from typing import Any

from services.projections.registry import all_projections
from services.projections.runner import Projection, catch_up, open_view
from services.projections.viewstore import ViewStore
from services.thidua import Thidua


def project_all(app: Thidua, projections: list[Projection] | None = None) -> None:
    """Run every projection (or those given) up to the head of the log."""
    for projection in projections or all_projections():
        catch_up(app.store, projection, open_view(app.store, projection, create=True))


def dump(store: ViewStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the view, in key order."""
    tables = {}
    for name, table in store.tables.items():
        rows = store.fetchall(
            f"SELECT {', '.join(table.all_columns)} FROM {store.table_name(name)} "
            f"ORDER BY {', '.join(table.key)}")
        tables[name] = [tuple(row[c] for c in table.all_columns) for row in rows]
    return tables
