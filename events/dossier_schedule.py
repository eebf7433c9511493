"""When dossiers are due (hạn gửi hồ sơ): per campaign and tier, the day the dossiers of
the units below that tier are due there; and, for the campaign's recurring exemplar lists
(danh sách điển hình hằng tháng), the day of the month before which each unit sends its
list (seed 000: "trước ngày 20 hàng tháng").

Each change is an event dated with the day it was made; setting the same date again is
refused (nothing changes, nothing is recorded).
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import ConflictError, InvalidInputError

# "trước ngày N": the list is due before day N of the month; day 2 .. 28 keeps every
# month's due date a real day (February too).
FIRST_DAY, LAST_DAY = 2, 28


def check_monthly_day(day: object, field: str = "day") -> int:
    if isinstance(day, bool) or not isinstance(day, int) or not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInputError(
            f"Ngày hạn hằng tháng phải là số từ {FIRST_DAY} đến {LAST_DAY} (danh sách gửi "
            "trước ngày này).", field)
    return day


def monthly_due(year: int, month: int, day: int) -> date:
    """The last day a list of the month may be sent: the day before day ``day``."""
    return date(year, month, day) - timedelta(days=1)


class DossierSchedule(Aggregate):
    """One campaign's due dates."""

    @staticmethod
    def create_id(campaign_id: UUID) -> UUID:
        return ids.dossier_schedule_id(campaign_id)

    @event("Opened")
    def __init__(self, campaign_id: UUID, actor: str) -> None:
        self.campaign_id = campaign_id
        self.deadlines: dict[str, date] = {}  # tier unit id → due date there
        self.monthly_day: int | None = None
        self.created_by = actor

    def set_deadline(self, unit_id: UUID, due: date, unit_name: str, set_on: date,
                     actor: str) -> None:
        if self.deadlines.get(str(unit_id)) == due:
            raise ConflictError(f"Hạn gửi hồ sơ đến «{unit_name}» đã là {due:%d/%m/%Y}.",
                                "due")
        self._set_deadline(unit_id=unit_id, due=due, set_on=set_on, actor=actor)

    def set_monthly_day(self, day: int, set_on: date, actor: str) -> None:
        check_monthly_day(day)
        if self.monthly_day == day:
            raise ConflictError(f"Hạn gửi danh sách điển hình đã là trước ngày {day} hằng "
                                "tháng.", "day")
        self._set_monthly_day(day=day, set_on=set_on, actor=actor)

    def deadline(self, unit_id: UUID) -> date | None:
        return self.deadlines.get(str(unit_id))

    @event("DeadlineSet")
    def _set_deadline(self, unit_id: UUID, due: date, set_on: date, actor: str) -> None:
        self.deadlines[str(unit_id)] = due

    @event("MonthlyDaySet")
    def _set_monthly_day(self, day: int, set_on: date, actor: str) -> None:
        self.monthly_day = day
