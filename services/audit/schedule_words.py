"""The events of dossier due dates (events/dossier_schedule.py) and of the units' monthly
exemplar lists (events/exemplar_list.py) in Vietnamese words, for the audit history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services import formatting

_day = formatting.day_or_text  # a date in event data as the pages write it


def _month(label: str) -> str:
    year, _, month = label.partition("-")
    return f"tháng {month}/{year}"


NAMES = {
    "DossierSchedule.Opened": "Lập lịch hạn gửi hồ sơ",
    "DossierSchedule.DeadlineSet": "Đặt hạn gửi hồ sơ",
    "DossierSchedule.MonthlyDaySet": "Đặt hạn gửi danh sách điển hình hằng tháng",
    "ExemplarList.Sent": "Gửi danh sách điển hình",
    "ExemplarList.Resent": "Gửi lại danh sách điển hình",
}
KIND_NAMES = {"DossierSchedule": "Lịch hạn gửi hồ sơ",
              "ExemplarList": "Danh sách điển hình hằng tháng"}


def _list(d: dict[str, Any], c: Any, again: bool) -> str:
    unit = c.names(c.after().unit_id)
    names = ", ".join(e["subject_name"] for e in d["entries"])
    return (f"{unit} {'gửi lại' if again else 'gửi'} danh sách điển hình {_month(c.after().month)}"
            f" ngày {_day(d['sent_on'])} gồm {len(d['entries'])} cá nhân, tập thể: {names}")


DESCRIBE: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "DossierSchedule.Opened": lambda d, c: (
        f"Lập lịch hạn gửi hồ sơ của phong trào theo {c.names(d['campaign_id'])}"),
    "DossierSchedule.DeadlineSet": lambda d, c: (
        f"Ngày {_day(d['set_on'])} đặt hạn các đơn vị cấp dưới gửi hồ sơ đến "
        f"{c.names(d['unit_id'])}: hết ngày {_day(d['due'])}"),
    "DossierSchedule.MonthlyDaySet": lambda d, c: (
        f"Ngày {_day(d['set_on'])} đặt hạn gửi danh sách điển hình: trước ngày {d['day']} "
        "hằng tháng"),
    "ExemplarList.Sent": lambda d, c: _list(d, c, False),
    "ExemplarList.Resent": lambda d, c: _list(d, c, True),
}
