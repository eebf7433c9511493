"""What every view's projection shares: a table of handlers by event topic, and the
stored form of an event's typed values.

Handlers take the aggregate id and the event's stored JSON state (typed values stay
``{"_type_": …, "_data_": …}``), so a rebuild never builds event objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.projections.viewstore import Batch, ViewStore

Handler = Callable[[str, dict[str, Any], Batch], None]


def stored_value(value: Any) -> Any:
    """A typed stored value (date, time, Decimal) as text; plain values as they are."""
    return value["_data_"] if isinstance(value, dict) else value


class HandlerProjection:
    """A projection that sends each event to its topic's handler (``self.handlers``,
    filled by the subclass), and indexes its tables once a rebuild or replay ends."""

    handlers: dict[str, Handler]

    def apply(self, topic: str, originator_id: str, state: dict[str, Any],
              batch: Batch) -> None:
        self.handlers[topic](originator_id, state, batch)

    def finish_all(self, store: ViewStore) -> None:
        store.create_indexes()
