"""The award policies as pure domain code: quota pools, selection within a pool, prize
money and which vote rule applies. Each test tells one case a council secretary knows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from events.award_history import FROM_DECISION, AwardHistory
from events.award_settings import AwardSettings, vote_rule
from events.errors import ConflictError, InvalidInputError
from events.prize import prize_for
from events.quota import OTHER_SECTORS, pool_for, pools, quota_of
from events.selection import CHAIR, Candidate, select

# Seed 004: at most 10 Bằng khen for collectives, of which 4 for the education sector.
SEED_QUOTA = {"award_form": "bang_khen_tinh", "subject_kind": "collective", "max": 10,
              "reserved": [{"sector": "giao_duc", "max": 4}]}
SALARY = Decimal(2_340_000)
ON = date(2025, 9, 1)


# --- quota pools ------------------------------------------------------------------------------

def test_a_reserved_share_is_the_sectors_cap_and_is_kept_from_the_others() -> None:
    education, rest = pools(SEED_QUOTA, {"giao_duc": 1, "y_te": 2, OTHER_SECTORS: 1})
    assert (education.sector, education.places, education.used, education.remaining) == (
        "giao_duc", 4, 1, 3)
    # The other six places are shared by every sector without a reservation.
    assert (rest.sector, rest.places, rest.used, rest.remaining) == (None, 6, 3, 3)
    assert education.scope() == "ngành Giáo dục"
    assert rest.scope() == "các đơn vị ngoài ngành Giáo dục"


def test_a_subject_competes_in_its_sectors_share_or_in_the_rest() -> None:
    assert pool_for(SEED_QUOTA, {}, "giao_duc").sector == "giao_duc"
    assert pool_for(SEED_QUOTA, {}, "y_te").sector is None
    assert pool_for(SEED_QUOTA, {}, None).sector is None  # a unit with no sector at all


def test_a_quota_without_reservations_is_one_pool() -> None:
    plain = {**SEED_QUOTA, "reserved": []}
    (only,) = pools(plain, {"giao_duc": 2})
    assert (only.places, only.used, only.scope()) == (10, 2, "")


def test_the_campaigns_quota_is_found_by_award_and_kind_of_subject() -> None:
    assert quota_of([SEED_QUOTA], "bang_khen_tinh", "collective") is SEED_QUOTA
    assert quota_of([SEED_QUOTA], "bang_khen_tinh", "individual") is None


# --- selection within a pool -----------------------------------------------------------------

def candidate(name: str, yes: int, priority: str | None = None,
              chair_vote: str | None = None) -> Candidate:
    return Candidate(uuid4(), name, yes, priority, chair_vote)


def placings(candidates: list[Candidate], places: int, chosen: set[UUID] | None = None,
             ) -> dict[str, tuple[int, bool, str | None]]:
    by_id = {c.nomination_id: c.subject_name for c in candidates}
    return {by_id[p.nomination_id]: (p.rank, p.selected, p.tie_break)
            for p in select(candidates, places, "Bằng khen cho tập thể", chosen or set())}


def test_more_yes_votes_take_the_places() -> None:
    result = placings([candidate("A", 7), candidate("B", 9), candidate("C", 8)], 2)
    assert result == {"B": (1, True, None), "C": (2, True, None), "A": (3, False, None)}


def test_at_a_tie_for_the_last_place_a_woman_goes_first() -> None:
    result = placings([candidate("Anh", 8), candidate("Lan", 8, priority="cá nhân nữ")], 1)
    assert result["Lan"] == (1, True, "ưu tiên cá nhân nữ")
    assert result["Anh"][1] is False


def test_what_is_still_tied_goes_to_the_chairs_own_open_vote() -> None:
    result = placings([candidate("A", 8, chair_vote="khong_dong_y"),
                       candidate("B", 8, chair_vote="dong_y")], 1)
    assert result["B"] == (1, True, CHAIR) and result["A"][1] is False


def test_a_tie_the_chair_has_not_decided_is_refused_naming_the_tied() -> None:
    with pytest.raises(ConflictError) as refused:
        select([candidate("A", 8), candidate("B", 8)], 1, "Bằng khen cho tập thể", set())
    assert refused.value.field == "chair_choice"
    assert "2 hồ sơ cùng 8 phiếu đồng ý tranh 1 suất cuối" in refused.value.message


def test_the_chair_names_who_is_kept_among_the_tied_only() -> None:
    a, b, c = candidate("A", 9), candidate("B", 8), candidate("C", 8)
    result = placings([a, b, c], 2, {c.nomination_id})
    assert result["C"] == (2, True, CHAIR) and result["B"][1] is False
    with pytest.raises(InvalidInputError) as refused:
        select([a, b, c], 2, "Bằng khen cho tập thể", {a.nomination_id})
    assert "không chọn A" in refused.value.message


def test_a_pool_with_no_place_left_keeps_nobody() -> None:
    result = placings([candidate("A", 9)], 0)
    assert result == {"A": (1, False, None)}


# --- prize money ------------------------------------------------------------------------------

def history_with(award: str, year: int, prize: Decimal) -> AwardHistory:
    history = AwardHistory(subject_kind="individual", subject_id=uuid4(),
                           subject_name="Lò Thị Hương", unit_id=uuid4(), actor="a")
    history.record_award(award=award, year=year, decision_id=uuid4(), number="01/QĐ-LĐLĐ",
                         decided_on=ON, prize=prize, note="", source=FROM_DECISION,
                         unit_id=history.unit_id, actor="a")
    return history


def test_prize_is_the_coefficient_times_the_base_salary_rounded_up() -> None:
    prize = prize_for(None, "cstdcs", "individual", 2025, ON, SALARY)
    # NĐ 152/2025: CSTĐCS 1,0 × 2.340.000 đ.
    assert (prize.coefficient, prize.amount, prize.prize, prize.note) == (
        Decimal("1.0"), Decimal(2_340_000), Decimal(2_340_000), "")


def test_a_higher_title_of_the_same_year_pays_only_the_difference() -> None:
    paid = history_with("ldtt", 2025, Decimal(710_000))
    prize = prize_for(paid, "cstdcs", "individual", 2025, ON, SALARY)
    assert prize.prize == Decimal(2_340_000 - 710_000)
    assert "chỉ chi phần chênh lệch" in prize.note


def test_a_lower_title_after_a_higher_one_of_the_same_year_pays_nothing() -> None:
    paid = history_with("cstdcs", 2025, Decimal(2_340_000))
    prize = prize_for(paid, "ldtt", "individual", 2025, ON, SALARY)
    assert prize.prize == 0 and "chỉ nhận mức cao nhất" in prize.note


def test_an_award_form_is_paid_in_full_whatever_titles_the_year_has() -> None:
    paid = history_with("cstdcs", 2025, Decimal(2_340_000))
    prize = prize_for(paid, "bang_khen_tinh", "individual", 2025, ON, SALARY)
    assert prize.prize == prize.amount == Decimal(3_510_000)  # 1,5 × 2.340.000


def test_titles_of_another_year_do_not_count() -> None:
    paid = history_with("cstdcs", 2024, Decimal(2_340_000))
    assert prize_for(paid, "cstdcs", "individual", 2025, ON, SALARY).prize == Decimal(2_340_000)


# --- which vote rule applies -----------------------------------------------------------------

def settings_with(award: str, percent: int, secret: bool) -> AwardSettings:
    return AwardSettings(unit_id=uuid4(), quorum={"numerator": 2, "denominator": 3}, caps=[],
                         council=[{"award": award, "percent": Decimal(percent),
                                   "secret": secret}], actor="a")


def test_without_own_rules_the_law_table_applies() -> None:
    rule = vote_rule("cstdcs", ON, None, "LĐLĐ tỉnh Lai Châu")
    assert (rule.percent, rule.secret, rule.confidence) == (Decimal(80), True, "U")


def test_an_organisations_own_rule_replaces_an_unconfirmed_law_row() -> None:
    rule = vote_rule("cstdcs", ON, settings_with("cstdcs", 75, False), "LĐLĐ tỉnh Lai Châu")
    assert (rule.percent, rule.secret) == (Decimal(75), False)
    assert rule.source.startswith("Quy định riêng của LĐLĐ tỉnh Lai Châu")


def test_a_confirmed_law_row_always_prevails_over_an_own_rule() -> None:
    before_nd152 = date(2025, 3, 1)  # NĐ 98 Đ30.7, graded M
    rule = vote_rule("cstdcs", before_nd152, settings_with("cstdcs", 60, False), "LĐLĐ")
    assert (rule.percent, rule.secret, rule.confidence) == (Decimal(80), True, "M")


def test_an_own_rule_for_another_title_changes_nothing() -> None:
    rule = vote_rule("cstd_tinh", ON, settings_with("cstdcs", 60, False), "LĐLĐ")
    assert rule.percent == Decimal(90)
