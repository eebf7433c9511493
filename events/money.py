"""Tiền thưởng: coefficient × mức lương cơ sở, rounded up to the next 10.000 đồng.

Money is ``Decimal`` throughout; a float is refused rather than silently rounded.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

STEP = Decimal(10_000)


def _decimal(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    return Decimal(value)


def round_up(amount: Decimal, step: Decimal = STEP) -> Decimal:
    """Round ``amount`` up to a whole multiple of ``step`` (759.000 → 760.000)."""
    amount = _decimal(amount, "amount")
    return (amount / step).to_integral_value(rounding=ROUND_CEILING) * step


def prize_amount(coefficient: Decimal, base_salary: Decimal) -> Decimal:
    """The prize of one award: coefficient × base salary, rounded up to 10.000 đ."""
    product = _decimal(coefficient, "coefficient") * _decimal(base_salary, "base_salary")
    return round_up(product).quantize(Decimal(1))


def format_vnd(amount: Decimal) -> str:
    """``Decimal(760000)`` → ``760.000 đ`` (dot as the thousands mark)."""
    return f"{int(amount):,}".replace(",", ".") + " đ"
