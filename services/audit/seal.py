"""Seals: the chain's head recorded as an ``AuditSeal`` event, periodically or on demand.

A seal is written by the system, never by a user: ``thidua audit seal`` (on demand) and
``SealingWorker`` (the projection worker plus a sealer thread, every N notifications).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from eventsourcing.persistence import IntegrityError

from events.audit import ON_DEMAND, PERIODIC, AuditSeal
from services.actors import SYSTEM
from services.app import ThiduaApplication
from services.audit.chain import (
    CHAIN_VERSION,
    GENESIS,
    PAGE,
    ChainProjection,
    head_of,
    link_row,
    open_chain,
    row_content,
)
from services.audit.verify import read_seals
from services.projections.log import NotificationLog
from services.projections.runner import Projection, Worker, catch_up, open_view

log = logging.getLogger(__name__)

DEFAULT_SEAL_EVERY = 10_000
MIN_SEAL_EVERY = 10


def seal_every_from_environment() -> int:
    """``THIDUA_AUDIT_SEAL_EVERY`` (notifications between periodic seals)."""
    raw = os.environ.get("THIDUA_AUDIT_SEAL_EVERY") or str(DEFAULT_SEAL_EVERY)
    try:
        every = int(raw)
    except ValueError:
        every = 0
    if every < MIN_SEAL_EVERY:
        raise ValueError(f"THIDUA_AUDIT_SEAL_EVERY phải là số nguyên ≥ {MIN_SEAL_EVERY} "
                         f"(đang là «{raw}»).")
    return every


class Sealer:
    """Writes seals of one application's chain."""

    def __init__(self, app: ThiduaApplication) -> None:
        self.app = app
        self._last: tuple[int, int] | None = None  # (sealed position, seal's own position)

    def _seals(self) -> tuple[int, int]:
        if self._last is None:
            seals = [s for s in read_seals(NotificationLog(self.app))
                     if s.position is not None]
            self._last = max(((s.position or 0, s.event_position) for s in seals),
                             default=(0, 0))
        return self._last

    def last_sealed(self) -> int:
        """The last sealed position (read from the log once, then remembered)."""
        return self._seals()[0]

    def head(self) -> tuple[int, bytes]:
        chain = open_chain(self.app)
        if chain is not None:
            return head_of(chain)
        # An in-memory store keeps no chain view: compute the head from its rows.
        log, position, link = NotificationLog(self.app), 0, GENESIS
        while rows := log.rows(position, PAGE):
            for number, originator, version, topic, state in rows:
                _, link = link_row(link, number, row_content(originator, version, topic, state))
                position = number
        return position, link

    def seal(self, reason: str = ON_DEMAND) -> dict[str, Any] | None:
        """Seal the chain's head; None when there is nothing new to seal."""
        position, link = self.head()
        # Nothing new: no event, or only the last seal itself, since the last seal.
        if position == 0 or position <= max(self._seals()):
            return None
        seal = AuditSeal(position=position, link=link.hex(), reason=reason,
                         actor=SYSTEM.username, chain=CHAIN_VERSION)
        try:
            recordings = self.app.save(seal)
        except IntegrityError:  # another sealer sealed this position first
            self._last = None
            return None
        self._last = (position, max((r.notification.id for r in recordings), default=position))
        return seal.as_dict()

    def seal_if_due(self, every: int) -> dict[str, Any] | None:
        """Seal when the chain has grown by ``every`` notifications since the last seal."""
        position, _ = self.head()
        if position - self.last_sealed() < every:
            return None
        return self.seal(PERIODIC)


class SealingWorker(Worker):
    """The projection worker, plus a thread that seals the chain every N notifications."""

    def __init__(self, app: ThiduaApplication, projections: list[Projection], *,
                 seal_every: int = DEFAULT_SEAL_EVERY, seal_interval: float = 1.0,
                 **kwargs: Any) -> None:
        super().__init__(app, projections, **kwargs)
        self.sealer = Sealer(app)
        self.seal_every = seal_every
        self.seal_interval = seal_interval

    def run(self) -> None:
        thread = threading.Thread(target=self._seal, name="audit-sealer", daemon=True)
        thread.start()
        try:
            super().run()  # sets stop_event on the way out, which ends the sealer's wait
        finally:
            thread.join(timeout=10)

    def _seal(self) -> None:
        while not self.stop_event.wait(self.seal_interval):
            if self.follows(ChainProjection.view):
                continue  # several workers: the one that links the chain seals it
            try:
                self.sealer.seal_if_due(self.seal_every)
            except Exception:  # a store hiccup must not stop the worker; retried next time
                log.exception("audit seal failed")


def seal_now(app: ThiduaApplication, *, if_due: bool, every: int) -> dict[str, Any] | None:
    """Link what the log holds, then record a seal (only when due, with ``if_due``)."""
    projection = ChainProjection()
    try:
        catch_up(app, projection, open_view(app, projection, create=True))
    except IntegrityError:
        pass  # a running worker is linking the same rows: seal what it has linked
    sealer = Sealer(app)
    return sealer.seal_if_due(every) if if_due else sealer.seal()
