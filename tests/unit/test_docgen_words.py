"""Vietnamese numbers and amounts in words, dates, document numbers and signature blocks."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from docgen.vietnamese import (
    amount_in_words,
    date_line,
    date_numeric,
    date_words,
    document_number,
    document_reference,
    format_money,
    format_number,
    format_percent,
    join_clauses,
    month_words,
    number_in_words,
    signature_block,
    signature_problem,
    strip_clause,
    time_words,
)

WORDS = [
    (0, "Không"),
    (1, "Một"),
    (4, "Bốn"),
    (5, "Năm"),
    (9, "Chín"),
    (10, "Mười"),
    (11, "Mười một"),
    (14, "Mười bốn"),
    (15, "Mười lăm"),
    (19, "Mười chín"),
    (20, "Hai mươi"),
    (21, "Hai mươi mốt"),
    (24, "Hai mươi bốn"),
    (25, "Hai mươi lăm"),
    (31, "Ba mươi mốt"),
    (45, "Bốn mươi lăm"),
    (50, "Năm mươi"),
    (55, "Năm mươi lăm"),
    (71, "Bảy mươi mốt"),
    (99, "Chín mươi chín"),
    (100, "Một trăm"),
    (101, "Một trăm linh một"),
    (104, "Một trăm linh bốn"),
    (105, "Một trăm linh năm"),
    (110, "Một trăm mười"),
    (111, "Một trăm mười một"),
    (115, "Một trăm mười lăm"),
    (121, "Một trăm hai mươi mốt"),
    (200, "Hai trăm"),
    (999, "Chín trăm chín mươi chín"),
    (1_000, "Một nghìn"),
    (1_001, "Một nghìn không trăm linh một"),
    (1_005, "Một nghìn không trăm linh năm"),
    (1_010, "Một nghìn không trăm mười"),
    (1_015, "Một nghìn không trăm mười lăm"),
    (1_100, "Một nghìn một trăm"),
    (2_025, "Hai nghìn không trăm hai mươi lăm"),
    (2_019, "Hai nghìn không trăm mười chín"),
    (10_000, "Mười nghìn"),
    (15_000, "Mười lăm nghìn"),
    (21_000, "Hai mươi mốt nghìn"),
    (100_500, "Một trăm nghìn năm trăm"),
    (105_000, "Một trăm linh năm nghìn"),
    (523_056, "Năm trăm hai mươi ba nghìn không trăm năm mươi sáu"),
    (759_000, "Bảy trăm năm mươi chín nghìn"),
    (1_000_000, "Một triệu"),
    (1_000_005, "Một triệu không trăm linh năm"),
    (1_001_000, "Một triệu không trăm linh một nghìn"),
    (1_490_000, "Một triệu bốn trăm chín mươi nghìn"),
    (2_340_000, "Hai triệu ba trăm bốn mươi nghìn"),
    (2_530_000, "Hai triệu năm trăm ba mươi nghìn"),
    (3_510_000, "Ba triệu năm trăm mười nghìn"),
    (35_100_000, "Ba mươi lăm triệu một trăm nghìn"),
    (1_000_000_000, "Một tỷ"),
    (1_000_000_005, "Một tỷ không trăm linh năm"),
    (1_005_000_000, "Một tỷ không trăm linh năm triệu"),
    (2_500_000_000, "Hai tỷ năm trăm triệu"),
    (1_000_000_000_000, "Một nghìn tỷ"),
    (10**18, "Một tỷ tỷ"),
    (-5, "Âm năm"),
    (-2_025, "Âm hai nghìn không trăm hai mươi lăm"),
]


@pytest.mark.parametrize(("number", "words"), WORDS)
def test_number_is_spelled_as_the_conventions_ask(number: int, words: str) -> None:
    assert number_in_words(number) == words


def test_the_table_covers_at_least_sixty_cases() -> None:
    assert len(WORDS) >= 60


def test_one_after_muoi_is_mot_and_after_muoi_from_twenty_is_mot_with_accent() -> None:
    assert number_in_words(11).endswith("một")
    assert number_in_words(81).endswith("mốt")
    assert "ngàn" not in number_in_words(5_000)
    assert "lẻ" not in number_in_words(105)


def test_words_are_in_nfc() -> None:
    for number, _ in WORDS:
        text = number_in_words(number)
        assert text == unicodedata.normalize("NFC", text)


AMOUNTS = [
    (760_000, {}, "Bảy trăm sáu mươi nghìn đồng"),
    (760_000, {"exact": True}, "Bảy trăm sáu mươi nghìn đồng chẵn"),
    (Decimal("2530000"), {}, "Hai triệu năm trăm ba mươi nghìn đồng"),
    (Decimal("35100000.00"), {"exact": True}, "Ba mươi lăm triệu một trăm nghìn đồng chẵn"),
    (2_025, {"currency": "USD"}, "Hai nghìn không trăm hai mươi lăm USD"),
    (0, {}, "Không đồng"),
]


@pytest.mark.parametrize(("amount", "options", "words"), AMOUNTS)
def test_amount_is_spelled_with_its_currency(amount, options, words: str) -> None:
    assert amount_in_words(amount, **options) == words


def test_a_fractional_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        amount_in_words(Decimal("10.5"))
    with pytest.raises(TypeError):
        number_in_words(1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("number", "text"),
    [(0, "0"), (999, "999"), (1_000, "1.000"), (2_530_000, "2.530.000"), (-760_000, "-760.000"),
     (Decimal("1234.5"), "1.234,5")],
)
def test_numbers_use_dots_between_thousands(number, text: str) -> None:
    assert format_number(number) == text


def test_money_drops_zero_cents_and_refuses_floats() -> None:
    assert format_money(Decimal("760000.00")) == "760.000"
    assert format_money(3_510_000) == "3.510.000"
    with pytest.raises(TypeError):
        format_money(1.5)  # type: ignore[arg-type]


def test_percent_is_cut_not_rounded_so_a_shortfall_never_shows_as_reached() -> None:
    assert format_percent(7, 9) == "77,78%"
    assert format_percent(8, 9) == "88,89%"
    assert format_percent(8, 10) == "80,00%"
    assert format_percent(9, 9) == "100,00%"


DATES = [
    (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020", "05/01/2020"),
    (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019", "29/6/2019"),
    (date(2021, 2, 1), "ngày 01 tháng 02 năm 2021", "01/02/2021"),
    (date(2022, 10, 10), "ngày 10 tháng 10 năm 2022", "10/10/2022"),
    (date(2023, 12, 9), "ngày 09 tháng 12 năm 2023", "09/12/2023"),
    (date(2019, 9, 13), "ngày 13 tháng 9 năm 2019", "13/9/2019"),
]


@pytest.mark.parametrize(("day", "words", "numeric"), DATES)
def test_dates_have_a_leading_zero_below_ten_and_for_january_and_february(
    day: date, words: str, numeric: str
) -> None:
    assert date_words(day) == words
    assert date_numeric(day) == numeric


def test_date_line_joins_place_and_date() -> None:
    assert date_line("Lai Châu", date(2020, 1, 5)) == "Lai Châu, ngày 05 tháng 01 năm 2020"
    assert date_line("Lạng Sơn", date(2019, 6, 29)) == "Lạng Sơn, ngày 29 tháng 6 năm 2019"
    decomposed = unicodedata.normalize("NFD", "Lai Châu")
    assert date_line(decomposed, date(2020, 1, 5)).startswith("Lai Châu,")


def test_month_and_time_words() -> None:
    assert month_words(date(2020, 1, 31)) == "tháng 01 năm 2020"
    assert month_words(date(2019, 9, 1)) == "tháng 9 năm 2019"
    assert time_words(time(8, 30)) == "08 giờ 30 phút"
    assert time_words(datetime(2025, 12, 29, 14, 5)) == "14 giờ 05 phút"


@pytest.mark.parametrize(
    ("number", "type_code", "issuer", "expected"),
    [
        (5, "QĐ", "UBND", "Số: 05/QĐ-UBND"),
        (117, "KH", "LĐLĐ", "Số: 117/KH-LĐLĐ"),
        (9, "TTr", "LĐLĐ", "Số: 09/TTr-LĐLĐ"),
        (10, "BB", "HĐTĐKT", "Số: 10/BB-HĐTĐKT"),
        (1, "QyĐ", "UBND", "Số: 01/QyĐ-UBND"),
        (3, None, "UBND-VP", "Số: 03/UBND-VP"),
    ],
)
def test_document_numbers_have_a_leading_zero_and_no_spaces(
    number: int, type_code: str | None, issuer: str, expected: str
) -> None:
    assert document_number(number, type_code, issuer) == expected
    assert document_reference(number, type_code, issuer) == expected.removeprefix("Số: ")


@pytest.mark.parametrize(
    ("number", "type_code", "issuer"),
    [(5, "QD", "UBND"), (5, "CV", "UBND"), (0, "QĐ", "UBND"), (5, "QĐ", "UB ND"),
     (5, "QĐ", "")],
)
def test_unknown_type_codes_and_bad_numbers_are_refused(
    number: int, type_code: str, issuer: str
) -> None:
    with pytest.raises(ValueError):
        document_number(number, type_code, issuer)


def test_type_code_in_decomposed_unicode_is_accepted() -> None:
    assert document_number(5, unicodedata.normalize("NFD", "QĐ"), "UBND") == "Số: 05/QĐ-UBND"


SIGNATURES = [
    (("Nguyễn Thị Thiện", "Chủ tịch", ("TM.", "Ban Thường vụ")),
     ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]),
    (("Lê Văn Hòa", "Phó Chủ tịch", ("KT.", "Chủ tịch")), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (("Trần Văn A", "Phó Chủ tịch", ("TM.", "Ủy ban nhân dân"), ("KT.", "Chủ tịch")),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (("Phạm Văn B", None, ("Q.", "Giám đốc")), ["Q. GIÁM ĐỐC"]),
    (("Đinh Hữu Học", "Chánh Văn phòng", ("TL.", "Giám đốc")),
     ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
    (("Lò Thị C", "Trưởng phòng Tổ chức", ("TUQ.", "Giám đốc")),
     ["TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔ CHỨC"]),
    (("Hoàng Văn D", "Hiệu trưởng"), ["HIỆU TRƯỞNG"]),
]


@pytest.mark.parametrize(("arguments", "lines"), SIGNATURES)
def test_signature_block_puts_the_authority_prefix_before_the_position(arguments, lines) -> None:
    name, position, *authority = arguments
    block = signature_block(name, position, *authority)
    assert block == {"lines": lines, "name": name}


@pytest.mark.parametrize(
    "authority",
    [[("TT.", "Giám đốc")], [("KT.", "Chủ tịch"), ("TM.", "Ủy ban nhân dân")]],
)
def test_signature_block_refuses_unknown_prefixes_and_tm_after_another_line(authority) -> None:
    with pytest.raises(ValueError):
        signature_block("Nguyễn Văn A", "Chủ tịch", *authority)


@pytest.mark.parametrize("lines", [
    ["GIÁM ĐỐC"], ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["Q. GIÁM ĐỐC"],
    ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"], ["TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔ CHỨC"],
    ["THƯ KÝ"], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC THƯỜNG TRỰC"],
])
def test_the_legal_shapes_of_a_signature_have_no_problem(lines: list[str]) -> None:
    assert signature_problem(lines) is None


@pytest.mark.parametrize(("lines", "at", "words"), [
    (["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"], 1, "“KT. CHỦ TỊCH”, rồi “PHÓ CHỦ TỊCH”"),
    (["KT. CHỦ TỊCH", "CHỦ TỊCH"], 0, "chức vụ cấp phó (“PHÓ CHỦ TỊCH”), đang là “CHỦ TỊCH”"),
    (["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "CHỦ TỊCH"], 1, "chức vụ cấp phó"),
    (["KT. CHỦ TỊCH", "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH"], 1, "“TM. …” rồi “KT. …”"),
    (["TM. BAN THƯỜNG VỤ", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], 1, "“TM. …” rồi “KT. …”"),
    (["TM. ỦY BAN", "KT. CHỦ TỊCH", "TL. X", "PHÓ CHỦ TỊCH"], 1, "“TM. …” rồi “KT. …”"),
])
def test_a_signature_off_the_legal_shapes_is_a_problem_named_where(
        lines: list[str], at: int, words: str) -> None:
    problem = signature_problem(lines)
    assert problem is not None and problem[0] == at and words in problem[1], problem


def test_clauses_end_with_semicolons_and_a_final_full_stop() -> None:
    assert join_clauses(["Căn cứ A;", "Căn cứ B", "Xét đề nghị C;"]) == [
        "Căn cứ A;", "Căn cứ B;", "Xét đề nghị C.",
    ]
    assert strip_clause("Quyết định này./.") == "Quyết định này"
    assert strip_clause("Lưu: VT, TĐKT. ") == "Lưu: VT, TĐKT"
