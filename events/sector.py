"""Ngành: a sector of the organisation (giáo dục, y tế, văn hóa…).

Units belong to a sector (or take the nearest one above them) and a campaign's quota may
reserve a share of its places for one. Sectors are the organisation's data: a store where
none was defined yet knows the six of ``DEFAULT_SECTORS``; an organisation defines more
(a culture department's ``van_hoa``) or renames a default by defining its code again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from events import ids
from events.errors import InvalidInputError
from events.text import clean_code, clean_text

# The catalogue of a store where no sector was defined: codes and Vietnamese names.
DEFAULT_SECTORS: Mapping[str, str] = MappingProxyType({
    "giao_duc": "Giáo dục",
    "y_te": "Y tế",
    "hanh_chinh": "Hành chính",
    "doanh_nghiep": "Doanh nghiệp",
    "luc_luong_vu_trang": "Lực lượng vũ trang",
    "khac": "Khác",
})


def sector_code(value: object, field: str) -> str:
    """A sector code as the catalogue writes it: the rule of unit codes, in lower case."""
    return clean_code(value, field).lower()


def check_sector(value: object, catalogue: Collection[str], field: str) -> str:
    """The code of a sector of ``catalogue``; an undefined one is refused naming ``field``."""
    code = sector_code(value, field)
    if code not in catalogue:
        raise InvalidInputError(
            f"Ngành «{code}» ở trường «{field}» không có trong danh mục ngành "
            f"({', '.join(catalogue)}).", field)
    return code


def check_sector_name(value: object, field: str = "name") -> str:
    """A sector's Vietnamese name as given (NFC, spaces folded), at most 200 characters."""
    return clean_text(value, field, max_length=200)


def sector_name(code: str, names: Mapping[str, str] = DEFAULT_SECTORS) -> str:
    """A sector's Vietnamese name: the organisation's, else the default, else the code."""
    return names.get(code) or DEFAULT_SECTORS.get(code) or code


class Sector(Aggregate):
    """A sector the organisation defined (or a default it renamed)."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.sector_id(code)

    @event("Defined")
    def __init__(self, code: str, name: str, actor: str) -> None:
        self.code = code
        self.name = name
        self.created_by = actor

    def rename(self, name: str, actor: str) -> bool:
        """Give the sector another name; False (nothing recorded) when it has that name."""
        if name == self.name:
            return False
        self._rename(name=name, actor=actor)
        return True

    @event("Renamed")
    def _rename(self, name: str, actor: str) -> None:
        self.name = name

    def as_dict(self) -> dict[str, Any]:
        return {"id": str(self.id), "code": self.code, "name": self.name}
