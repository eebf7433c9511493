"""Recusal in Vietnamese words, for the audit history: an account linked to a person, and
a council member who does not vote on a ballot (found when it opens, or recorded by the
secretary), with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

NAMES = {
    "Ballot.RecusalRecorded": "Thành viên không tham gia biểu quyết",
    "User.PersonLinked": "Gắn tài khoản với cá nhân",
}
KIND_NAMES: dict[str, str] = {}


def _recused(d: dict[str, Any], c: Any) -> str:
    how = "tự động khi mở phiếu" if d.get("automatic") else "thư ký ghi nhận"
    return (f"{c.names.user(d['member'])} không tham gia biểu quyết hồ sơ của "
            f"{c.after().subject_name} ({how}), lý do: {d['reason']}")


DESCRIBE: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "Ballot.RecusalRecorded": _recused,
    "User.PersonLinked": lambda d, c: (f"Gắn tài khoản với {c.names(d['person_id'])}"
                                       if d.get("person_id") else "Bỏ gắn tài khoản với cá nhân"),
}
