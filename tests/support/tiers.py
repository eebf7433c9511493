"""Three tiers of the seed-004 union for the dossier tests: a school's grassroots union
(CĐCS Trường số 1) under the education sector union (Công đoàn ngành Giáo dục, the middle
tier), under the provincial union (LĐLĐ tỉnh Lai Châu), which issues its own Bằng khen;
and a clerk of another branch (a department's union, straight under the province).

Accounts: one clerk per tier and a specialist per reviewing tier. Two teachers of the
school: Lò Văn Minh, CSTĐCS in 2023 and 2024 (eligible for the Bằng khen on the annual
route), and Lò Thị Hương, with no award (the rule cited against her)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from events import ids
from services.actors import SYSTEM, Actor
from services.thidua import Thidua
from tests.support.awards_world import UNION_BANG_KHEN, World, build_world

PASSWORD = "mat-khau-dai"
# Who acts for each tier (user name → role, unit code).
ACCOUNTS = {
    "vanthu-truong1": ("unit_clerk", "CDCS-GD1"),
    "vanthu-nganh": ("unit_clerk", "CDN-GD"),
    "chuyenvien-nganh": ("specialist", "CDN-GD"),
    "vanthu-tinh": ("unit_clerk", "LDLD"),
    "chuyenvien-tinh": ("specialist", "LDLD"),
    "vanthu-so1": ("unit_clerk", "CDCS-HC1"),  # another branch of the tree
}


class Calendar:
    """The app's clock (its ``clock=``), moved by the test: ``calendar.day = …``."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@dataclass
class Tiers:
    world: World
    minh: str
    huong: str

    @property
    def app(self) -> Thidua:
        return self.world.app

    @staticmethod
    def actor(username: str) -> Actor:
        """The account as use cases see it."""
        role, unit_code = ACCOUNTS[username]
        return Actor(username=username, role=role, unit_id=ids.unit_id(unit_code))

    def draft(self, **changes: Any) -> dict[str, Any]:
        """The school's dossier: both teachers for the union's Bằng khen (annual route)."""
        body: dict[str, Any] = {
            "campaign_id": self.world.campaign, "award": UNION_BANG_KHEN["code"],
            "basis": "hang_nam", "year": 2025,
            "nominees": [
                {"subject_kind": "individual", "subject_id": self.minh,
                 "summary": "Hai năm liền Chiến sĩ thi đua cơ sở; sáng kiến dạy học số."},
                {"subject_kind": "individual", "subject_id": self.huong,
                 "summary": "Hoàn thành xuất sắc nhiệm vụ năm học 2024–2025."}],
            **changes}
        return self.app.dossiers.create_dossier(**body, actor=self.actor("vanthu-truong1"))


def build_tiers(app: Thidua) -> Tiers:
    world = build_world(app, members=3, schools=2, others=1, forms=[UNION_BANG_KHEN])
    for username, (role, unit_code) in ACCOUNTS.items():
        app.accounts.create_user(username=username, password=PASSWORD, role=role,
                                 unit_code=unit_code, full_name=username, actor=SYSTEM)
    person = app.organisation.create_person
    minh = person(full_name="Lò Văn Minh", unit_code="CDCS-GD1", position="Giáo viên",
                  actor=SYSTEM)["id"]
    for year in (2023, 2024):
        app.records.record_past_award(subject_kind="individual", subject_id=minh,
                                      award="cstdcs", year=year, number=f"{year - 2000}/QĐ-CĐN",
                                      decided_on=date(year, 12, 20), actor=SYSTEM)
    return Tiers(world=world, minh=minh, huong=world.people["huong"])
