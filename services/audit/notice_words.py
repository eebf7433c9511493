"""The events of public notices (events/notice.py) in Vietnamese words, for the audit
history: what was published, for how long, and what the public said."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services import formatting

_day = formatting.day_or_text  # a date in event data as the pages write it

NAMES = {
    "Notice.Published": "Công khai danh sách đề nghị",
    "Notice.CommentReceived": "Nhận ý kiến của công chúng",
    "Nomination.NoticePublished": "Đưa hồ sơ ra công khai",
    "CommentAttempts.Opened": "Bắt đầu ghi lượt gửi ý kiến trong ngày",
    "CommentAttempts.Sent": "Gửi ý kiến công khai",
}
KIND_NAMES = {"Notice": "Danh sách công khai", "CommentAttempts": "Lượt gửi ý kiến"}


def _published(d: dict[str, Any], c: Any) -> str:
    names = ", ".join(f"{e['subject_name']} ({e['award_name']})" for e in d["entries"])
    return (f"{d['unit_name']} công khai danh sách đề nghị khen thưởng gồm {len(d['entries'])} "
            f"cá nhân, tập thể: {names}; thời gian công khai {d['days']} ngày làm việc, từ "
            f"{_day(d['published_on'])} đến hết {_day(d['closes_on'])} (căn cứ: {d['source']})")


def _comment(d: dict[str, Any], c: Any) -> str:
    about = ""
    if d.get("nomination_id"):
        entry = c.after().entry(d["nomination_id"])
        about = f" về {entry['subject_name']}" if entry else ""
    return f"Công chúng gửi ý kiến{about}: {d['text']}"


DESCRIBE: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "Notice.Published": _published,
    "Notice.CommentReceived": _comment,
    "Nomination.NoticePublished": lambda d, c: (
        f"Đưa hồ sơ ra công khai từ {_day(d['published_on'])} đến hết "
        f"{_day(d['closes_on'])}"),
    "CommentAttempts.Opened": lambda d, c: "Bắt đầu ghi lượt gửi ý kiến trong ngày của một "
                                           "địa chỉ (chỉ lưu mã băm, không lưu địa chỉ)",
    "CommentAttempts.Sent": lambda d, c: "Gửi một ý kiến công khai",
}
