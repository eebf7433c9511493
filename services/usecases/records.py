"""Award records kept by the secretariat: awards given before the system, and discipline
(which blocks nominations and awards while it lasts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from events import ids
from events.award_history import PAST, AwardHistory
from events.errors import InvalidInputError
from events.text import clean_text
from events.values import parse_date
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.award_forms import AwardForms
from services.usecases.organisation import Organisation, Subject

BUSY = "Lịch sử khen thưởng đang được cập nhật; vui lòng thử lại."
PAST_AWARDS_FROM = date(1945, 9, 2)  # the awards of the Republic, from its first day


def history_of(app: ThiduaApplication, subject: Subject, actor: Actor) -> AwardHistory:
    """The subject's award history, opened on its first record."""
    return app.find(AwardHistory, ids.award_history_id(subject.id)) or AwardHistory(
        subject_kind=subject.kind, subject_id=subject.id, subject_name=subject.name,
        unit_id=subject.unit_id, actor=actor.username)


@dataclass
class Records:
    """Tra cứu's sources other than our own decisions."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    award_forms: AwardForms

    def _record(self, subject: Subject, actor: Actor, command: str, key: str | None,
                change: Callable[[AwardHistory], None]) -> dict[str, Any]:
        def attempt(_: int) -> tuple[list[AwardHistory], AwardHistory]:
            history = history_of(self.app, subject, actor)
            change(history)
            return [history], history

        return self.runner.run(
            attempt, actor=actor, command=command, key=key, busy=BUSY, field="subject_id",
            earlier=lambda found: self.app.load(AwardHistory, found, "", "subject_id"),
        ).as_dict()

    def record_past_award(self, *, subject_kind: str, subject_id: object, award: str,
                          year: object, number: str, decided_on: object,
                          prize: Decimal | None = None, actor: Actor,
                          idempotency_key: str | None = None) -> dict[str, Any]:
        """Enter an award given before the system (so history-based rules can use it)."""
        check_allowed(actor, "awards.records")
        subject = self.organisation.subject(subject_kind, subject_id)
        entry = self.award_forms.entry(award)
        if subject.kind not in entry.subject_kinds:
            raise InvalidInputError(f"«{entry.name}» không dành cho đối tượng này.", "award")
        day = parse_date(decided_on, "decided_on", earliest=PAST_AWARDS_FROM)
        if isinstance(year, bool) or not isinstance(year, int) or not 1945 <= year <= day.year:
            raise InvalidInputError("Năm khen thưởng không hợp lệ (không sau ngày quyết định).",
                                    "year")
        reference = clean_text(number, "number", max_length=60)
        return self._record(subject, actor, "awards.past", idempotency_key, lambda h: (
            h.record_award(award=entry.code, year=year, decision_id=None, number=reference,
                           decided_on=day, prize=prize, note="Nhập từ hồ sơ lưu trữ",
                           source=PAST, unit_id=subject.unit_id, actor=actor.username,
                           form=entry.snapshot())))

    def impose_discipline(self, *, subject_kind: str, subject_id: object, reason: str,
                          since: object = None, actor: Actor,
                          idempotency_key: str | None = None) -> dict[str, Any]:
        """Record a discipline (or a pending inspection): no nomination or award meanwhile."""
        check_allowed(actor, "awards.records")
        subject = self.organisation.subject(subject_kind, subject_id)
        text = clean_text(reason, "reason", max_length=2000, multiline=True)
        day = parse_date(since, "since") if since is not None else self.app.clock()
        return self._record(subject, actor, "awards.discipline", idempotency_key,
                            lambda h: h.impose_discipline(text, day, actor.username))

    def lift_discipline(self, *, subject_kind: str, subject_id: object, reason: str,
                        on: object = None, actor: Actor,
                        idempotency_key: str | None = None) -> dict[str, Any]:
        check_allowed(actor, "awards.records")
        subject = self.organisation.subject(subject_kind, subject_id)
        text = clean_text(reason, "reason", max_length=2000, multiline=True)
        day = parse_date(on, "on") if on is not None else self.app.clock()
        return self._record(subject, actor, "awards.discipline_lifted", idempotency_key,
                            lambda h: h.lift_discipline(text, day, actor.username))
