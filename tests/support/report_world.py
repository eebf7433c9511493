"""A year of awards for the report tests, made through the use cases.

The seed-004 union (tests/support/awards_world.py): LĐLĐ tỉnh over Công đoàn ngành Giáo
dục (sector giáo dục, two school unions under it) and offices (sector hành chính) and a
hospital (y tế). Report year 2026 is the calendar year by default; in the period from
01/12/2025 to 30/11/2026 (selectable, ``period="thang_12"``) D5 is 2026's and D7 2027's.

| decision | award (category, system) | recipients | route | issued | |
|---|---|---|---|---|---|
| D1 | bk_ubnd_tinh (bang_khen_tinh, state) | GD1, HC1 (collectives) | hằng năm | 10/03/2026 | |
| D2 | bk_ubnd_tinh | huong (GD1), pao (HC1) | phong trào | 01/04/2026 | |
| D3 | bk_ldld_tinh (bang_khen_tinh, union) | GD2 | đột xuất | 01/05/2026 | revoked 15/06/2026 |
| D4 | co_tinh (state) | HC2 | hằng năm | 01/07/2026 | |
| D5 | bk_ubnd_tinh | lan (GD2) | phong trào | 05/12/2025 | 2025; December period 2026 |
| D6 | bang_khen_thu_tuong (state) | YT | đột xuất | 01/08/2026 | form 0602 |
| D7 | bk_ubnd_tinh | HC2 | phong trào | 10/12/2026 | 2026; December period 2027 |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.thidua import Thidua
from tests.support.awards_world import (
    AWARDS_TODAY,
    SECRETARY,
    STATE_BANG_KHEN,
    UNION_BANG_KHEN,
    World,
    approve,
    build_world,
    decide,
    nominate,
)

REPORT_YEAR = 2026


@dataclass
class ReportWorld:
    world: World
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def app(self) -> Thidua:
        return self.world.app


def build_report_world(app: Thidua) -> ReportWorld:
    app.store.clock = lambda: AWARDS_TODAY
    world = build_world(app, members=3, schools=2, others=2,
                        forms=[UNION_BANG_KHEN, STATE_BANG_KHEN])
    found = ReportWorld(world)
    plan = (
        ("D1", "bk_ubnd_tinh", "collective", ["GD1", "HC1"], "hang_nam", date(2026, 3, 10)),
        ("D2", "bk_ubnd_tinh", "individual", ["huong", "pao"], "phong_trao", date(2026, 4, 1)),
        ("D3", "bk_ldld_tinh", "collective", ["GD2"], "dot_xuat", date(2026, 5, 1)),
        ("D4", "co_tinh", "collective", ["HC2"], "hang_nam", date(2026, 7, 1)),
        ("D5", "bk_ubnd_tinh", "individual", ["lan"], "phong_trao", date(2025, 12, 5)),
        ("D6", "bang_khen_thu_tuong", "collective", ["YT"], "dot_xuat", date(2026, 8, 1)),
    )
    nominated = {}
    for key, award, kind, subjects, route, _ in plan:
        nominated[key] = [nominate(world, kind, s, award, route=route)["id"] for s in subjects]
    approve(world, [n for ids in nominated.values() for n in ids])
    for key, award, _, _, _, day in sorted(plan, key=lambda p: p[5]):
        found.decisions[key] = decide(world, award, nominated[key], issued_on=day)
    found.decisions["D3"] = app.decisions.revoke_decision(
        found.decisions["D3"]["id"], reason="Thành tích không đúng thực tế",
        revoked_on=date(2026, 6, 15), actor=SECRETARY)
    # D7: after 30/11, the next year of the December report period.
    later = nominate(world, "collective", "HC2", "bk_ubnd_tinh", route="phong_trao")["id"]
    approve(world, [later])
    found.decisions["D7"] = decide(world, "bk_ubnd_tinh", [later], issued_on=date(2026, 12, 10))
    return found
