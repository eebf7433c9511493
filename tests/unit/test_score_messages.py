"""Score errors name the criterion, not the form's field code (issue 14: «scores.TT2» seen
beside a score)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from events.errors import InvalidInputError
from events.scorecard import check_scores

MAXIMA = {"TT1": Decimal(30), "TT2": Decimal(40)}


@pytest.mark.parametrize(("value", "message"), [
    ("abc", "Điểm «abc» ở tiêu chí TT2 không phải là số."),
    ("1.234", "Điểm «1.234» ở tiêu chí TT2 chỉ được có tối đa hai chữ số thập phân."),
    (None, "Điểm ở tiêu chí TT2 phải là một số."),
])
def test_a_bad_score_names_its_criterion(value: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        check_scores({"TT1": 10, "TT2": value}, MAXIMA, complete=True)
    assert raised.value.message == message and raised.value.field == "scores.TT2"
    assert "scores." not in raised.value.message
