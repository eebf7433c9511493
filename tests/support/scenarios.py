"""Domain scenarios, run on the in-memory store (unit) and on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from events.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from services.actors import SYSTEM, Actor
from services.app import ThiduaApplication

CLERK = Actor(username="vanthu", role="unit_clerk")
REVIEWER = Actor(username="chamdiem", role="reviewer")
AUDITOR = Actor(username="thanhtra", role="auditor")


def campaign_data(**overrides: Any) -> dict[str, Any]:
    """The seed-004 campaign in the shape DESIGN.md section 7 posts it."""
    data: dict[str, Any] = {
        "code": "VHCS-2019",
        "number": "117/KH-LĐLĐ",
        "title": "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
        "issuer_unit_code": "LDLD",
        "start": "2019-09-13",
        "end": "2025-12-31",
        "registration_deadline": "2020-02-10",
        "tracks": [
            {
                "subject_kind": "collective",
                "cadence": "monthly",
                "criteria": [
                    {"code": "TT1", "name": "Xây dựng và thực hiện quy chế", "max_points": 30},
                    {"code": "TT2", "name": "Cải cách hành chính", "max_points": 40},
                    {"code": "TT3", "name": "Cơ quan xanh, sạch, đẹp", "max_points": 30},
                ],
                "thresholds": {"HTXS": 90, "HTT": 70, "HT": 50},
            },
            {
                "subject_kind": "individual",
                "cadence": "weekly",
                "criteria": [
                    {"code": "CN1", "name": "Kỷ cương, kỷ luật hành chính", "max_points": 50},
                    {"code": "CN2", "name": "Giao tiếp, ứng xử", "max_points": 50},
                ],
                "thresholds": {"HTXS": 90, "HTT": 75, "HT": 50},
            },
        ],
        "quotas": [
            {"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 10,
             "reserved": [{"sector": "giao_duc", "max": 4}]},
            {"award_form": "bang_khen_tinh", "subject_kind": "individual", "max": 15,
             "reserved": [{"sector": "giao_duc", "max": 6}]},
        ],
    }
    data.update(overrides)
    return data


def seed(app: ThiduaApplication) -> dict[str, Any]:
    """Units, one person and the campaign; returns their ids."""
    app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu", actor=SYSTEM)
    app.organisation.create_unit(code="CDN-GD", name="Công đoàn ngành Giáo dục", parent_code="LDLD",
                                 sector="giao_duc", actor=SYSTEM)
    school = app.organisation.create_unit(code="CDCS-LQD",
                                          name="Công đoàn Trường THPT chuyên Lê Quý Đôn",
                                          parent_code="CDN-GD", sector="giao_duc", actor=SYSTEM)
    other = app.organisation.create_unit(code="CDCS-STC", name="Công đoàn Sở Tài chính",
                                         parent_code="LDLD", sector="hanh_chinh", actor=SYSTEM)
    person = app.organisation.create_person(full_name="Lò Thị Hương", unit_code="CDCS-LQD",
                                            position="Giáo viên", actor=SYSTEM)
    campaign = app.campaigns.create_campaign(campaign_data(), actor=SYSTEM)
    return {"school": school["id"], "other": other["id"], "person": person["id"],
            "campaign": campaign["id"]}


def scenario_units_form_a_tree(app: ThiduaApplication) -> None:
    seed(app)
    units = {u["code"]: u for u in app.organisation.list_units()}
    assert units["CDCS-LQD"]["parent_code"] == "CDN-GD"
    assert units["CDN-GD"]["sector"] == "giao_duc"
    assert [u["code"] for u in app.organisation.list_units()] == ["LDLD", "CDN-GD", "CDCS-LQD",
                                                                  "CDCS-STC"]
    ancestry = app.organisation.unit_ancestry(app.organisation.get_unit_by_code("CDCS-LQD").id)
    assert [app.organisation.get_unit(i).code for i in ancestry] == ["CDCS-LQD", "CDN-GD", "LDLD"]


def scenario_duplicate_unit_code_is_refused(app: ThiduaApplication) -> None:
    seed(app)
    before = app.store.event_count()
    with pytest.raises(ConflictError) as info:
        app.organisation.create_unit(code="ldld", name="Trùng mã", actor=SYSTEM)
    assert info.value.field == "code"
    assert app.store.event_count() == before


def scenario_unicode_input_is_normalised_to_nfc(app: ThiduaApplication) -> None:
    seed(app)
    decomposed = "Nguye\u0302\u0303n Thi\u0323  Thu\u0309y"  # NFD, with a double space
    person = app.organisation.create_person(full_name=decomposed, unit_code="CDCS-STC",
                                            actor=SYSTEM)
    assert person["full_name"] == "Nguyễn Thị Thủy"


def scenario_campaign_keeps_dates_decimals_and_quotas(app: ThiduaApplication) -> None:
    ids = seed(app)
    app.store._immutable.items.clear()  # read back from the store, not from memory
    campaign = app.campaigns.campaign_details(ids["campaign"])
    assert campaign["start"] == date(2019, 9, 13)
    assert campaign["registration_deadline"] == date(2020, 2, 10)
    collective = campaign["tracks"][0]
    assert collective["criteria"][0]["max_points"] == Decimal(30)
    assert collective["thresholds"]["HTT"] == Decimal(70)
    assert campaign["quotas"][0]["reserved"] == [{"sector": "giao_duc", "max": 4}]
    assert campaign["issuer_unit_code"] == "LDLD"


def scenario_one_registration_per_subject(app: ThiduaApplication) -> None:
    ids = seed(app)
    registration = app.campaigns.register(campaign_id=ids["campaign"], subject_kind="individual",
                                          subject_id=ids["person"],
                                          pledge="Thực hiện tốt văn hóa công sở",
                                          actor=SYSTEM)
    assert registration["unit_id"] == ids["school"]
    before = app.store.event_count()
    with pytest.raises(ConflictError) as info:
        app.campaigns.register(campaign_id=ids["campaign"], subject_kind="individual",
                               subject_id=ids["person"], actor=SYSTEM)
    assert info.value.field == "subject_id"
    assert app.store.event_count() == before
    assert len(app.campaigns.list_registrations(ids["campaign"])) == 1


def scenario_store_refuses_a_duplicate_that_got_past_the_check(app: ThiduaApplication) -> None:
    """Two writers that both saw "not registered yet": the store keeps the first only."""
    from uuid import UUID

    from events.registration import Registration

    ids = seed(app)

    def registration() -> Registration:
        return Registration(campaign_id=UUID(ids["campaign"]), subject_kind="collective",
                            subject_id=UUID(ids["school"]), unit_id=UUID(ids["school"]),
                            pledge="", registered_on=date(2020, 1, 2), actor="a")

    first, second = registration(), registration()
    assert first.id == second.id
    app.store.save(first)
    before = app.store.event_count()

    def attempt(number: int) -> tuple[list[Registration], Registration]:
        # The first try got past the check; a retry checks again, as the use cases do.
        if number and app.store.exists(second.id):
            raise ConflictError("trùng", "subject_id")
        return [second], second

    with pytest.raises(ConflictError) as info:
        app.commands.run(attempt, actor=SYSTEM, command="registrations.create")
    assert info.value.field == "subject_id"
    assert app.store.event_count() == before
    assert app.commands.conflicts == 1  # the store refused the second save


def scenario_registration_after_deadline_is_refused(app: ThiduaApplication) -> None:
    ids = seed(app)
    before = app.store.event_count()
    with pytest.raises(InvalidInputError) as info:
        app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                               subject_id=ids["school"], actor=SYSTEM, on=date(2020, 2, 11))
    assert "10/02/2020" in info.value.message
    assert app.store.event_count() == before
    # On the deadline itself it is still open.
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                           subject_id=ids["school"], actor=SYSTEM, on=date(2020, 2, 10))


def scenario_subject_kind_must_match_the_subject(app: ThiduaApplication) -> None:
    ids = seed(app)
    with pytest.raises(NotFoundError) as info:
        app.campaigns.register(campaign_id=ids["campaign"], subject_kind="individual",
                               subject_id=ids["school"], actor=SYSTEM)
    assert info.value.field == "subject_id"


def _register_and_self_assess(app: ThiduaApplication, ids: dict[str, Any]) -> dict[str, Any]:
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                           subject_id=ids["school"], actor=SYSTEM)
    return app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                     period="2020-01", stage="self",
                                     scores={"TT1": 28, "TT2": "35.5", "TT3": 27}, actor=SYSTEM)


def scenario_self_assessment_then_review_then_correction(app: ThiduaApplication) -> None:
    ids = seed(app)
    card = _register_and_self_assess(app, ids)
    assert card["status"] == "pending"
    assert card["total"] == Decimal("90.5")
    card = app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                     period="2020-01", stage="review",
                                     scores={"TT1": 26, "TT2": 35, "TT3": 27}, actor=REVIEWER)
    assert card["status"] == "reviewed"
    assert card["total"] == Decimal(88)
    card = app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                     period="2020-01", stage="correction", scores={"TT1": 29},
                                     reason="Bổ sung minh chứng quy chế", actor=REVIEWER)
    assert card["total"] == Decimal(91)
    assert card["corrections"][0]["before"]["TT1"] == Decimal(26)
    assert card["self_scores"]["TT2"] == Decimal("35.5")
    stored = app.campaigns.get_scorecard(ids["campaign"], ids["school"], "2020-01")
    assert stored == card


def scenario_scores_are_checked_against_criteria(app: ThiduaApplication) -> None:
    ids = seed(app)
    _register_and_self_assess(app, ids)
    before = app.store.event_count()
    bad: list[tuple[dict[str, Any], str, str]] = [
        ({"TT1": 31, "TT2": 1, "TT3": 1}, "scores.TT1", "từ 0 đến 30"),
        ({"TT1": -1, "TT2": 1, "TT3": 1}, "scores.TT1", "từ 0 đến 30"),
        ({"TT9": 1, "TT1": 1, "TT2": 1, "TT3": 1}, "scores.TT9", "không có trong bảng"),
        ({"TT1": 1, "TT2": 1}, "scores.TT3", "Chưa chấm"),
        ({"TT1": "abc", "TT2": 1, "TT3": 1}, "scores.TT1", "không phải là số"),
        ({"TT1": "1.234", "TT2": 1, "TT3": 1}, "scores.TT1", "hai chữ số thập phân"),
    ]
    for scores, field, text in bad:
        with pytest.raises(InvalidInputError) as info:
            app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                      period="2020-01", stage="review", scores=scores,
                                      actor=REVIEWER)
        assert info.value.field == field, scores
        assert text in info.value.message, info.value.message
    assert app.store.event_count() == before


def scenario_period_must_fit_the_cadence_and_campaign(app: ThiduaApplication) -> None:
    ids = seed(app)
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="individual",
                           subject_id=ids["person"], actor=SYSTEM)
    before = app.store.event_count()
    for period, text in [("2020-01", "2025-W07"), ("2020-W60", "định dạng"),
                         ("2019-W01", "ngoài thời gian"), ("tuần 3", "định dạng")]:
        with pytest.raises(InvalidInputError) as info:
            app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["person"],
                                      period=period, stage="self", scores={"CN1": 40, "CN2": 45},
                                      actor=SYSTEM)
        assert info.value.field == "period"
        assert text in info.value.message, info.value.message
    assert app.store.event_count() == before
    card = app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["person"],
                                     period="2020-w03", stage="self", scores={"CN1": 40, "CN2": 45},
                                     actor=SYSTEM)
    assert card["period"] == "2020-W03"


def scenario_stages_follow_their_order(app: ThiduaApplication) -> None:
    ids = seed(app)
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                           subject_id=ids["school"], actor=SYSTEM)
    full = {"TT1": 20, "TT2": 30, "TT3": 20}
    with pytest.raises(ConflictError):  # review before any self-assessment
        app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                  period="2020-02", stage="review", scores=full, actor=REVIEWER)
    app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                              period="2020-02",
                              stage="self", scores=full, actor=SYSTEM)
    with pytest.raises(ConflictError):  # correction before review
        app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                  period="2020-02", stage="correction", scores={"TT1": 1},
                                  reason="x", actor=REVIEWER)
    app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                              period="2020-02",
                              stage="review", scores=full, actor=REVIEWER)
    with pytest.raises(ConflictError):  # a second review: use a correction
        app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                  period="2020-02", stage="review", scores=full, actor=REVIEWER)
    with pytest.raises(InvalidInputError) as info:  # a correction needs a reason
        app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                  period="2020-02", stage="correction", scores={"TT1": 1},
                                  reason="  ", actor=REVIEWER)
    assert info.value.field == "reason"


def scenario_every_event_records_the_actor(app: ThiduaApplication) -> None:
    ids = seed(app)
    _register_and_self_assess(app, ids)
    app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                              period="2020-01",
                              stage="review", scores={"TT1": 26, "TT2": 35,
                                                      "TT3": 27}, actor=REVIEWER)
    notifications = app.store.recorder.select_notifications(start=1, limit=1000)
    assert len(notifications) == app.store.event_count()
    for notification in notifications:
        state = app.store.mapper.transcoder.decode(notification.state)
        assert state.get("actor"), notification.topic
    last = app.store.mapper.transcoder.decode(notifications[-1].state)
    assert notifications[-1].topic.endswith("Scorecard.Reviewed")
    assert last["actor"] == "chamdiem"


def scenario_permissions_of_roles(app: ThiduaApplication) -> None:
    ids = seed(app)
    school_clerk = Actor(username="vanthu", role="unit_clerk",
                         unit_id=app.organisation.get_unit_by_code("CDN-GD").id)
    # A clerk of the education union acts for a school under it…
    app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                           subject_id=ids["school"], actor=school_clerk)
    before = app.store.event_count()
    # …but not for the finance department, which is not under it.
    with pytest.raises(PermissionDeniedError):
        app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                               subject_id=ids["other"], actor=school_clerk)
    with pytest.raises(PermissionDeniedError):
        app.organisation.create_unit(code="X1", name="Đơn vị mới", actor=AUDITOR)
    with pytest.raises(PermissionDeniedError):
        app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                  period="2020-01", stage="review", scores={"TT1": 1},
                                  actor=school_clerk)
    assert app.store.event_count() == before


def scenario_users_authenticate(app: ThiduaApplication) -> None:
    seed(app)
    app.accounts.create_user(username="Admin2", password="mat-khau-dai", role="admin", actor=SYSTEM)
    actor = app.sign_ins.authenticate("admin2", "mat-khau-dai")
    assert actor.role == "admin"
    from events.errors import AuthenticationError

    with pytest.raises(AuthenticationError):
        app.sign_ins.authenticate("admin2", "sai-mat-khau")
    with pytest.raises(AuthenticationError):
        app.sign_ins.authenticate("khong-co", "mat-khau-dai")
    with pytest.raises(ConflictError):
        app.accounts.create_user(username="admin2", password="mat-khau-dai", role="admin",
                                 actor=SYSTEM)
    with pytest.raises(InvalidInputError) as info:
        app.accounts.create_user(username="ngan", password="123", role="admin", actor=SYSTEM)
    assert info.value.field == "password"


def scenario_a_resubmitted_form_records_once(app: ThiduaApplication) -> None:
    ids = seed(app)
    first = app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                                   subject_id=ids["school"], actor=SYSTEM,
                                   idempotency_key="form-0001")
    before = app.store.event_count()
    again = app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                                   subject_id=ids["school"], actor=SYSTEM,
                                   idempotency_key="form-0001")
    assert again == first and app.store.event_count() == before
    scores = {"TT1": 20, "TT2": 30, "TT3": 20}
    card = app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                     period="2020-01", stage="self", scores=scores, actor=SYSTEM,
                                     idempotency_key="form-0002")
    before = app.store.event_count()
    same = app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                                     period="2020-01", stage="self", scores=scores, actor=SYSTEM,
                                     idempotency_key="form-0002")
    assert same["version"] == card["version"] and app.store.event_count() == before
    person = app.organisation.create_person(full_name="Tòng Văn Minh", unit_code="CDCS-STC",
                                            actor=SYSTEM,
                                            idempotency_key="form-0003")
    twice = app.organisation.create_person(full_name="Tòng Văn Minh", unit_code="CDCS-STC",
                                           actor=SYSTEM,
                                           idempotency_key="form-0003")
    assert twice["id"] == person["id"]
    assert [p["full_name"] for p in app.organisation.list_people("CDCS-STC")] == ["Tòng Văn Minh"]
    # A new key is a new command: the second self-assessment is recorded.
    app.campaigns.post_scores(campaign_id=ids["campaign"], subject_id=ids["school"],
                              period="2020-01",
                              stage="self", scores=scores, actor=SYSTEM,
                              idempotency_key="form-0004")
    assert app.campaigns.get_scorecard(ids["campaign"], ids["school"], "2020-01")["version"] == 3
    with pytest.raises(InvalidInputError) as info:
        app.campaigns.register(campaign_id=ids["campaign"], subject_kind="collective",
                               subject_id=ids["other"], actor=SYSTEM, idempotency_key="ngắn")
    assert info.value.field == "idempotency_key"


def scenario_repeated_wrong_passwords_make_that_address_wait(app: ThiduaApplication) -> None:
    from events.errors import AuthenticationError, ThrottledError

    seed(app)
    app.accounts.create_user(username="vanthu2", password="dung-mat-khau", role="admin",
                             actor=SYSTEM)
    app.sign_ins.authenticate("vanthu2", "dung-mat-khau", address="10.0.0.1")
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            app.sign_ins.authenticate("vanthu2", "sai-mat-khau", address="10.0.0.9")
    # A success from that address clears its failures.
    app.sign_ins.authenticate("vanthu2", "dung-mat-khau", address="10.0.0.9")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            app.sign_ins.authenticate("vanthu2", "sai-mat-khau", address="10.0.0.9")
    before = app.store.event_count()
    with pytest.raises(ThrottledError) as info:  # even the right password waits
        app.sign_ins.authenticate("vanthu2", "dung-mat-khau", address="10.0.0.9")
    assert "thử lại sau" in info.value.message and 0 < info.value.retry_after <= 60
    assert app.store.event_count() == before  # a waiting address records nothing more
    # The owner, working from another address, is not blocked.
    assert app.sign_ins.authenticate("vanthu2", "dung-mat-khau",
                                     address="10.0.0.1").role == "admin"
    topics = [n.topic for n in app.store.recorder.select_notifications(1, 1000)]
    assert sum(t.endswith("LoginAttempts.Failed") for t in topics) == 9
    assert sum(t.endswith("LoginAttempts.Succeeded") for t in topics) == 3
    assert not any(":User.Log" in t for t in topics)  # the account's history stays short


SCENARIOS: list[Callable[[ThiduaApplication], None]] = [
    value for name, value in sorted(globals().items()) if name.startswith("scenario_")
]
