"""Prometheus metrics: what the processes count, and the exposition ``/metrics`` answers.

Counted where it happens: HTTP requests by route and status with their latency (the web
tier), events appended to the store (every ``ThiduaApplication.save``). Read at scrape
time from the store itself, so that every node answers the same: each projection's
position, its lag in events and in seconds, and whether it is stopped on an error.

Under gunicorn the counters of every worker process are summed through prometheus-client's
multiprocess mode: ``thidua serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder
before starting the web tier and the projection worker (it must be set before this module
is imported, and be emptied when the service starts).

The positions a piece of work wrote are also kept for its log line: ``start_collecting()``
opens a collection (one per request), ``written()`` reads it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

HTTP_REQUESTS = Counter("thidua_http_requests", "HTTP requests answered, by route and status",
                        ["method", "route", "status"])
HTTP_DURATION = Histogram("thidua_http_request_duration_seconds",
                          "Time to answer an HTTP request, by route", ["method", "route"],
                          buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
EVENTS_APPENDED = Counter("thidua_events_appended", "Events appended to the event store")

_writes: ContextVar[list[int] | None] = ContextVar("thidua_writes", default=None)


def appended(positions: Iterable[int]) -> None:
    """Count events just recorded (at these notification positions)."""
    positions = list(positions)
    if not positions:
        return
    EVENTS_APPENDED.inc(len(positions))
    collected = _writes.get()
    if collected is not None:
        collected.extend(positions)


def start_collecting() -> None:
    """Collect the positions written from now on (a request) until ``stop_collecting``."""
    _writes.set([])


def stop_collecting() -> None:
    _writes.set(None)


def written() -> list[int]:
    """The positions written so far in the current collection."""
    return list(_writes.get() or [])


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_DURATION.labels(method, route).observe(seconds)


class ViewsCollector(Collector):
    """The projections' gauges, from a status read at scrape time (``store_status``)."""

    def __init__(self, status: dict[str, Any]) -> None:
        self.status = status

    def collect(self) -> Iterator[GaugeMetricFamily]:
        families = {
            "position": GaugeMetricFamily(
                "thidua_projection_position", "Last notification the view has processed",
                labels=["view"]),
            "lag_events": GaugeMetricFamily(
                "thidua_projection_lag_events", "Notifications recorded but not yet processed "
                "by the view", labels=["view"]),
            "lag_seconds": GaugeMetricFamily(
                "thidua_projection_lag_seconds", "How long the oldest notification the view "
                "has not processed has waited (0 when up to date)", labels=["view"]),
            "stopped": GaugeMetricFamily(
                "thidua_projection_stopped", "1 when the view is stopped on an event it "
                "cannot process", labels=["view"]),
        }
        status = self.status
        for view, position in status["positions"].items():
            families["position"].add_metric([view], position)
            families["lag_events"].add_metric([view], status["projection_lag"][view])
            seconds = status["lag_seconds"].get(view)
            if seconds is not None:
                families["lag_seconds"].add_metric([view], seconds)
            families["stopped"].add_metric([view], 1 if view in status["stopped"] else 0)
        last = GaugeMetricFamily("thidua_store_last_position",
                                 "Position of the last event recorded in the store")
        last.add_metric([], status["last_position"])
        yield from (*families.values(), last)


def multiprocess_dir(environ: dict[str, str]) -> tuple[Path, bool]:
    """The folder the processes of one service share their counters through: the
    operator's ``PROMETHEUS_MULTIPROC_DIR``, emptied (counters start again with the
    service), or a new temporary one; and whether it is ours to remove at the end."""
    given = environ.get(MULTIPROC_ENV)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return folder, False
    return Path(tempfile.mkdtemp(prefix="thidua-metrics-")), True


def exposition(status: dict[str, Any] | None) -> tuple[bytes, str]:
    """The text ``/metrics`` answers: the counters (of every process in multiprocess mode)
    and, when the store could be read, the projections' gauges."""
    if os.environ.get(MULTIPROC_ENV):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    body = generate_latest(counted)
    if status is not None:
        views = CollectorRegistry(auto_describe=False)
        views.register(ViewsCollector(status))
        body += generate_latest(views)
    return body, CONTENT_TYPE_LATEST
