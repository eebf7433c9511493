"""A small campaign with known scores, for standings tests on any store."""

from __future__ import annotations

from typing import Any

from services.actors import SYSTEM
from services.app import ThiduaApplication
from tests.support.scenarios import REVIEWER, seed


def build(app: ThiduaApplication) -> dict[str, Any]:
    """Five collectives in two blocs, with ties, a pending card and a correction."""
    ids = seed(app)
    campaign = ids["campaign"]
    units = {"lqd": ids["school"], "stc": ids["other"]}
    for code, name, parent, sector in [
        ("CDCS-QT", "Công đoàn Trường THPT Quyết Thắng", "CDN-GD", "giao_duc"),
        ("CDCS-SNV", "Công đoàn Sở Nội vụ", "LDLD", "hanh_chinh"),
        ("CDCS-BV", "Công đoàn Bệnh viện Đa khoa tỉnh", "LDLD", "y_te"),
    ]:
        units[code] = app.organisation.create_unit(code=code, name=name, parent_code=parent,
                                                   sector=sector,
                                                   actor=SYSTEM)["id"]
    app.organisation.create_bloc(code="KHOI-GD", name="Khối Giáo dục",
                                 unit_codes=["CDCS-LQD", "CDCS-QT"], actor=SYSTEM)
    app.organisation.create_bloc(code="KHOI-HC", name="Khối Hành chính",
                                 unit_codes=["CDCS-STC", "CDCS-SNV"], actor=SYSTEM)
    for subject in units.values():
        app.campaigns.register(campaign_id=campaign, subject_kind="collective", subject_id=subject,
                               actor=SYSTEM)

    def score(subject: str, period: str, tt1: int, tt2: int, tt3: int, *,
              review: bool = True) -> None:
        points = {"TT1": tt1, "TT2": tt2, "TT3": tt3}
        app.campaigns.post_scores(campaign_id=campaign, subject_id=subject, period=period,
                                  stage="self",
                                  scores=points, actor=SYSTEM)
        if review:
            app.campaigns.post_scores(campaign_id=campaign, subject_id=subject, period=period,
                                      stage="review", scores=points, actor=REVIEWER)

    # January: LQD 95, QT 80, STC 80 (tie), SNV 60, BV only self-assessed (pending).
    score(units["lqd"], "2020-01", 30, 38, 27)
    score(units["CDCS-QT"], "2020-01", 25, 30, 25)
    score(units["stc"], "2020-01", 20, 35, 25)
    score(units["CDCS-SNV"], "2020-01", 20, 20, 20)
    score(units["CDCS-BV"], "2020-01", 30, 40, 30, review=False)
    # February: LQD 70, QT 85, STC 90 → corrected to 60; SNV 45.
    score(units["lqd"], "2020-02", 20, 30, 20)
    score(units["CDCS-QT"], "2020-02", 25, 35, 25)
    score(units["stc"], "2020-02", 30, 35, 25)
    app.campaigns.post_scores(campaign_id=campaign, subject_id=units["stc"], period="2020-02",
                              stage="correction", scores={"TT2": 5}, reason="Sai số liệu cải cách",
                              actor=REVIEWER)
    score(units["CDCS-SNV"], "2020-02", 15, 15, 15)
    return {"campaign": campaign, "units": units}
