"""Rule tables (LEGAL.md) as dated data, and prize money in Decimal rounded up to 10.000 đ."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations

import pytest

from events import rules
from events.errors import InvalidInputError
from events.money import format_vnd, prize_amount, round_up
from events.rules import (
    BASE_SALARIES,
    PRIZE_COEFFICIENTS,
    TABLES,
    base_salary,
    council_rule,
    in_force,
    prerequisites,
    prize_coefficient,
)

BEFORE_RAISE = date(2026, 6, 30)  # 2.340.000 đ (NĐ 73/2024)
AFTER_RAISE = date(2026, 8, 1)  # 2.530.000 đ (NĐ 161/2026)
ND152_ROWS = in_force(PRIZE_COEFFICIENTS, AFTER_RAISE)


def _key(row: object) -> tuple[object, ...]:
    """What a row is about, without its dates and source (rows of one key must not overlap)."""
    skip = {"effective_from", "effective_to", "source", "confidence", "coefficient", "amount",
            "percent", "strict", "secret", "name", "category", "level", "years", "requires",
            "routes", "numerator", "denominator"}
    return tuple(getattr(row, f) for f in row.__dataclass_fields__ if f not in skip)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_row_has_a_start_a_source_and_a_confidence_and_rows_of_a_key_do_not_overlap(
        name: str) -> None:
    table = TABLES[name]
    assert table
    for row in table:
        assert isinstance(row.effective_from, date)
        assert row.effective_to is None or row.effective_to >= row.effective_from
        assert row.source.strip()
        assert row.confidence in ("H", "M", "U")
    for a, b in combinations(table, 2):
        if _key(a) != _key(b):
            continue
        a_end = a.effective_to or date.max
        b_end = b.effective_to or date.max
        assert a_end < b.effective_from or b_end < a.effective_from, (a, b)


@pytest.mark.parametrize(("day", "amount", "source"), [
    (date(2019, 7, 1), 1_490_000, "38/2019"),
    (date(2023, 6, 30), 1_490_000, "38/2019"),
    (date(2023, 7, 1), 1_800_000, "24/2023"),
    (date(2024, 7, 1), 2_340_000, "73/2024"),
    (BEFORE_RAISE, 2_340_000, "73/2024"),
    (date(2026, 7, 1), 2_530_000, "161/2026"),
])
def test_base_salary_in_force_on_the_day_per_its_decree(day: date, amount: int,
                                                        source: str) -> None:
    row = base_salary(day)
    assert row.amount == Decimal(amount)
    assert source in row.source


def test_no_base_salary_before_the_table_starts_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        base_salary(date(2019, 6, 30))
    assert info.value.field == "issued_on"
    assert "30/06/2019" in info.value.message


def _expected(coefficient: Decimal, salary: int) -> int:
    """Independent reckoning in integers: tenths × salary, rounded up to 10.000."""
    tenths = int(coefficient * 10)
    assert Decimal(tenths) / 10 == coefficient
    return -(-tenths * salary // 100_000) * 10_000


@pytest.mark.parametrize("row", ND152_ROWS, ids=lambda r: f"{r.award}-{r.subject_kind}")
def test_prize_for_each_coefficient_of_nd152_d49_54_at_both_base_salaries(row: object) -> None:
    """NĐ 152/2025 Đ49–54: coefficient × mức lương cơ sở on the decision date, rounded up."""
    for day, salary in ((BEFORE_RAISE, 2_340_000), (AFTER_RAISE, 2_530_000)):
        found = prize_coefficient(row.award, row.subject_kind, day)
        assert found == row
        assert "152/2025" in found.source
        amount = prize_amount(found.coefficient, base_salary(day).amount)
        assert amount == Decimal(_expected(row.coefficient, salary)), (row, day)
        assert amount % 10_000 == 0


def test_ldtt_on_2026_08_01_is_760_000_dong() -> None:
    """LEGAL.md example: 0,3 × 2.530.000 = 759.000 → rounded up to 760.000 đ."""
    row = prize_coefficient("ldtt", "individual", AFTER_RAISE)
    amount = prize_amount(row.coefficient, base_salary(AFTER_RAISE).amount)
    assert amount == Decimal(760_000)
    assert format_vnd(amount) == "760.000 đ"
    # Before the raise: 0,3 × 2.340.000 = 702.000 → 710.000 đ.
    assert prize_amount(row.coefficient, base_salary(BEFORE_RAISE).amount) == 710_000


def test_rounding_is_up_to_the_next_10_000_and_exact_multiples_stay() -> None:
    assert round_up(Decimal(759_000)) == 760_000
    assert round_up(Decimal(750_001)) == 760_000
    assert round_up(Decimal(2_340_000)) == 2_340_000
    assert prize_amount(Decimal("1.0"), Decimal(2_340_000)) == 2_340_000
    assert prize_amount(Decimal("0.8"), Decimal(2_530_000)) == 2_030_000  # 2.024.000 → up


def test_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        prize_amount(0.3, Decimal(2_530_000))  # type: ignore[arg-type]


def test_a_decision_before_nd152_uses_the_nd98_era_rows() -> None:
    """The coefficient in force on 2025-03-01 is the NĐ 98/2023-era one (marked unconfirmed)."""
    old = prize_coefficient("bang_khen_tinh", "individual", date(2025, 3, 1))
    new = prize_coefficient("bang_khen_tinh", "individual", date(2025, 7, 1))
    assert (old.coefficient, old.confidence) == (Decimal("1.0"), "U")
    assert "98/2023" in old.source
    assert (new.coefficient, new.confidence) == (Decimal("1.5"), "H")
    assert prize_amount(old.coefficient, base_salary(date(2025, 3, 1)).amount) == 2_340_000
    assert prize_amount(new.coefficient, base_salary(date(2025, 7, 1)).amount) == 3_510_000


def test_no_coefficient_before_the_tables_start_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        prize_coefficient("ldtt", "individual", date(2023, 12, 31))
    assert info.value.field == "issued_on"


@pytest.mark.parametrize(("award", "percent", "secret"), [
    ("cstd_toan_quoc", 90, True), ("cstd_tinh", 90, True), ("cstdcs", 80, True),
    ("co_tinh", 80, True), ("co_chinh_phu", 80, True),
    ("ldtt", 50, False), ("bang_khen_tinh", 50, False), ("ttldtt", 50, False),
])
def test_vote_thresholds_90_80_and_secret_ballots_per_nd98_d30_7(award: str, percent: int,
                                                                   secret: bool) -> None:
    """NĐ 98/2023 Đ30.7 (carried into NĐ 152): share of all members; secret for CSTĐCS+."""
    for day in (date(2025, 3, 1), date(2025, 11, 1)):
        rule = council_rule(award, day)
        assert (rule.percent, rule.secret) == (Decimal(percent), secret)
        assert rule.strict is (percent == 50)  # the default: more than half (quá bán)
        if secret:
            assert "Đ30.7" in rule.source


def test_prerequisites_cite_their_source_and_apply_to_their_route() -> None:
    """CSTĐ tỉnh: 3 years of CSTĐCS (Luật 2022); Bằng khen tỉnh (annual route): 2 years."""
    (cstd,) = prerequisites("cstd_tinh", "individual", "phong_trao", date(2025, 9, 1))
    assert (cstd.requires, cstd.years) == ("cstdcs", 3)
    assert "06/2022/QH15" in cstd.source
    (bk,) = prerequisites("bang_khen_tinh", "individual", "hang_nam", date(2025, 9, 1))
    assert (bk.requires, bk.years, bk.confidence) == ("cstdcs", 2, "M")
    assert prerequisites("bang_khen_tinh", "individual", "phong_trao", date(2025, 9, 1)) == []
    assert prerequisites("bang_khen_tinh", "collective", "hang_nam", date(2025, 9, 1)) == []


def test_rules_in_force_lists_every_table_for_a_day() -> None:
    tables = rules.rules_in_force(AFTER_RAISE)
    assert [r["amount"] for r in tables["base_salaries"]] == [Decimal(2_530_000)]
    assert all("152/2025" in r["source"] for r in tables["prize_coefficients"])
    assert set(tables) == set(TABLES)
    assert in_force(BASE_SALARIES, AFTER_RAISE - timedelta(days=32))[0].amount == 2_340_000


def test_the_amending_law_of_01_10_2026_is_listed_unconfirmed_and_not_reflected() -> None:
    """LEGAL.md: an amending law effective 01/10/2026 is reported by one source only (U):
    the tables do not follow it, and from that day the UI warns that they do not."""
    from events.rules import LEGAL_TEXTS, unreflected_texts

    assert unreflected_texts(date(2026, 9, 30)) == []
    (law,) = unreflected_texts(date(2026, 10, 1))
    assert law.confidence == "U" and law.reflected is False and law in LEGAL_TEXTS
    assert all(t.reflected for t in LEGAL_TEXTS if t.confidence != "U")
