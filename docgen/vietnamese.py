"""Vietnamese text for official documents: numbers and amounts in words, dates, numbers.

Reading numbers in words (LEGAL.md, "Amounts and numbers in words"):

- digits are read in groups of three (hundreds, tens, units) with the scale words
  "nghìn" (10^3), "triệu" (10^6) and "tỷ" (10^9); beyond 10^9 the scales repeat on top of
  "tỷ": 10^12 is "một nghìn tỷ", 10^18 is "một tỷ tỷ";
- the leading group is read as short as possible ("năm", "mười lăm", "một trăm linh năm");
- every later group that is not zero is read in full: an empty hundreds place is read
  "không trăm" and an empty tens place before a unit is read "linh"
  (2.025 → "hai nghìn không trăm hai mươi lăm", 1.000.005 → "một triệu không trăm linh năm");
- a group that is entirely zero is skipped together with its scale word
  (1.000.000 → "một triệu", 100.500 → "một trăm nghìn năm trăm");
- "mười" for a tens digit 1, "X mươi" from 20 up; after a tens word the unit 5 is "lăm"
  (15 → "mười lăm", 45 → "bốn mươi lăm"); the unit 1 is "mốt" after "mươi" (21 → "hai mươi
  mốt") but "một" after "mười" (11 → "mười một") and after "linh" (101 → "một trăm linh một");
  the unit 4 is always "bốn" (24 → "hai mươi bốn");
- the result starts with a capital letter; negative numbers start with "Âm".

Dates follow Nghị định 30/2020/NĐ-CP: a leading zero for days below 10 and for the months
1 and 2 only ("ngày 05 tháng 01 năm 2020", "ngày 29 tháng 6 năm 2019").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")
BILLION = 10**9

# Phụ lục III, Nghị định 30/2020/NĐ-CP: abbreviations of document types. A Công văn has none.
TYPE_CODES: dict[str, str] = {
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "GM": "Giấy mời",
}

# Thay mặt, ký thay, quyền, thừa lệnh, thừa ủy quyền.
AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")

# C0 controls are invalid in XML 1.0; docxtpl also gives \a and \f a meaning of its own
# (new paragraph, page break), so neither may reach a template from user input.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (precomposed, as TCVN 6909:2001 expects)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Return ``text`` in NFC with line ends unified and control characters replaced."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def capitalize_first(text: str) -> str:
    """Upper-case the first character of ``text`` and leave the rest alone."""
    return text[:1].upper() + text[1:]


def _read_group(number: int, full: bool) -> list[str]:
    """Read a number below 1000; ``full`` reads an empty hundreds/tens place aloud."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _read_below_billion(number: int, leading: bool) -> list[str]:
    """Read 0 < ``number`` < 10^9; a non-leading block reads its first group in full."""
    groups = [(number // 10**6) % 1000, (number // 1000) % 1000, number % 1000]
    words: list[str] = []
    for index, group in enumerate(groups):
        if not group:
            continue
        full = bool(words) or not leading
        words += _read_group(group, full)
        scale = SCALES[2 - index]
        if scale:
            words.append(scale)
    return words


def _read(number: int, leading: bool = True) -> list[str]:
    """Read a positive integer of any size, repeating "tỷ" above 10^9."""
    high, low = divmod(number, BILLION)
    words: list[str] = []
    if high:
        words += _read(high, leading) + ["tỷ"]
    if low:
        words += _read_below_billion(low, leading and not high)
    return words


def number_in_words(number: int) -> str:
    """Spell an integer in Vietnamese, e.g. 2025 → "Hai nghìn không trăm hai mươi lăm"."""
    number = _as_integer(number)
    if number == 0:
        return "Không"
    words = _read(abs(number))
    if number < 0:
        words.insert(0, "âm")
    return capitalize_first(" ".join(words))


def amount_in_words(number: int | Decimal, currency: str = "đồng", exact: bool = False) -> str:
    """Spell an amount of money, e.g. 760000 → "Bảy trăm sáu mươi nghìn đồng"."""
    words = number_in_words(_as_integer(number))
    currency = nfc(currency).strip()
    text = f"{words} {currency}" if currency else words
    return f"{text} chẵn" if exact else text


def _as_integer(number: int | Decimal) -> int:
    if isinstance(number, bool):
        raise TypeError("a truth value is not an amount")
    if isinstance(number, Decimal):
        if number != number.to_integral_value():
            raise ValueError(f"{number} is not a whole number")
        return int(number)
    if not isinstance(number, int):
        raise TypeError(f"expected an integer, got {type(number).__name__}")
    return number


def format_number(number: int | Decimal) -> str:
    """Write a number with "." between thousands and "," before decimals: "2.530.000"."""
    value = Decimal(number) if not isinstance(number, Decimal) else number
    if isinstance(number, bool) or not value.is_finite():
        raise ValueError(f"cannot format {number!r}")
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + ".".join(groups)
    return f"{result},{fraction}" if fraction else result


def format_money(amount: int | Decimal) -> str:
    """Write an amount of đồng: "760.000"; a fractional part is kept after a comma."""
    if isinstance(amount, float):
        raise TypeError("use Decimal or int for money, not float")
    value = Decimal(amount)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format_number(value)


def format_percent(part: int | Decimal, whole: int | Decimal, places: int = 2) -> str:
    """Write ``part`` as a share of ``whole``, rounded half up to ``places``: "77,78%".

    The council's shares are stored so rounded (8 of 9 → 88,89), and the papers print the
    same figure as the API answers.
    """
    if not whole:
        raise ValueError("the whole must not be zero")
    share = Decimal(part) * 100 / Decimal(whole)
    quantum = Decimal(1).scaleb(-places)
    text = format_number(share.quantize(quantum, rounding=ROUND_HALF_UP))
    return f"{text}%"


def day_text(day: int) -> str:
    """Write a day of the month with a leading zero below 10: "05", "29"."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Write a month with a leading zero for January and February only: "01", "6", "12"."""
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return f"{month:02d}" if month <= 2 else str(month)


def date_words(d: date) -> str:
    """Write a date as in an official document: "ngày 05 tháng 01 năm 2020"."""
    return f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {d.year}"


def date_line(place: str, d: date) -> str:
    """Write the place-and-date line: "Lai Châu, ngày 05 tháng 01 năm 2020"."""
    return f"{nfc(place).strip()}, {date_words(d)}"


def date_numeric(d: date) -> str:
    """Write a date in figures with the same leading-zero rule: "05/01/2020", "29/6/2019"."""
    return f"{day_text(d.day)}/{month_text(d.month)}/{d.year}"


def month_words(d: date) -> str:
    """Write the month of a date: "tháng 01 năm 2020", "tháng 9 năm 2019"."""
    return f"tháng {month_text(d.month)} năm {d.year}"


def time_words(t: time | datetime) -> str:
    """Write a time of day: "08 giờ 30 phút"."""
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


def check_type_code(type_code: str) -> str:
    """Return ``type_code`` if Phụ lục III lists it, else raise ValueError."""
    code = nfc(type_code).strip()
    if code not in TYPE_CODES:
        known = ", ".join(TYPE_CODES)
        raise ValueError(f"unknown document type code {type_code!r}; expected one of {known}")
    return code


def document_reference(number: int, type_code: str | None, issuer_code: str) -> str:
    """Write a document's number and symbol: "05/QĐ-UBND"; a Công văn has no type code."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"a document number is a positive integer, got {number!r}")
    issuer = nfc(issuer_code).strip()
    if not issuer or re.search(r"[\s/]", issuer):
        raise ValueError(f"bad issuer code {issuer_code!r}")
    symbol = issuer if type_code is None else f"{check_type_code(type_code)}-{issuer}"
    return f"{number:02d}/{symbol}"


def document_number(number: int, type_code: str | None, issuer_code: str) -> str:
    """Write the "Số" line of a document: "Số: 05/QĐ-UBND"."""
    return f"Số: {document_reference(number, type_code, issuer_code)}"


def authority_line(prefix: str, holder: str) -> str:
    """Write one authority line of a signature block: "KT. CHỦ TỊCH"."""
    prefix = prefix.strip()
    if prefix not in AUTHORITY_PREFIXES:
        raise ValueError(f"unknown authority prefix {prefix!r}; expected {AUTHORITY_PREFIXES}")
    return f"{prefix} {nfc(holder).strip().upper()}"


def signature_problem(lines: Sequence[str]) -> tuple[int, str] | None:
    """What Điều 13 NĐ 30/2020 does not allow in a signature's lines as printed (the
    authority lines, then the position): the index of the line at fault and why, in
    Vietnamese; None when the lines are one of the legal shapes:

    - the head signs alone: "GIÁM ĐỐC";
    - for a collective (TM.): "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH";
    - a deputy for the head (KT.): "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH";
    - a deputy for a collective: "TM. BAN THƯỜNG VỤ" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH";
    - acting (Q.), by order (TL.) or by authorisation (TUQ.) of the head: one line of its
      own before the position.
    """
    shown = [" ".join(nfc(line).split()) for line in lines]
    prefixes = [line.split(" ", 1)[0] for line in shown]
    count = 0
    while count < len(shown) and prefixes[count] in AUTHORITY_PREFIXES:
        count += 1
    authority, position = prefixes[:count], (shown[count] if count < len(shown) else "")
    deputy = position.startswith("PHÓ ")
    if count > 2 or (count == 2 and authority != ["TM.", "KT."]):
        return 1, ("Hai dòng thẩm quyền ký chỉ dùng khi cấp phó ký thay mặt tập thể: "
                   f"“TM. …” rồi “KT. …” (đang là “{shown[0]}”, “{shown[1]}”)")
    if count and authority[-1] == "TM." and deputy:
        return count, (f"Cấp phó ký thay mặt tập thể phải ghi “{shown[0]}”, “KT. "
                       f"{position[len('PHÓ '):]}”, rồi “{position}” (thẩm quyền ký)")
    if count and authority[-1] == "KT." and not deputy:
        return count - 1, (f"“{shown[count - 1]}” là cấp phó ký thay người đứng đầu: dòng "
                           f"dưới là chức vụ cấp phó (“PHÓ {shown[count - 1][4:]}”), đang là "
                           f"“{position}”")
    return None


def signature_block(
    name: str, position: str | None, *authority: tuple[str, str]
) -> dict[str, object]:
    """Build a signature block: authority lines, the position and the signer's name.

    ``signature_block("Nguyễn Thị Thiện", "Chủ tịch", ("TM.", "Ban Thường vụ"))`` gives the
    lines "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH". "TM." may only come first; a "Q." line names the
    acting position itself, so ``position`` is then left out (None).
    """
    lines = []
    for index, (prefix, holder) in enumerate(authority):
        if prefix.strip() == "TM." and index:
            raise ValueError("TM. (thay mặt a collective) must be the first authority line")
        lines.append(authority_line(prefix, holder))
    if position:
        lines.append(nfc(position).strip().upper())
    if not lines:
        raise ValueError("a signature block needs a position or an authority line")
    signer = nfc(name).strip()
    if not signer:
        raise ValueError("a signature block needs the signer's name")
    return {"lines": lines, "name": signer}


def join_clauses(items: Sequence[str]) -> list[str]:
    """End every item with ";" and the last one with "." (căn cứ lines, lists)."""
    stripped = [strip_clause(item) for item in items]
    return [f"{item}{'.' if index == len(stripped) - 1 else ';'}"
            for index, item in enumerate(stripped)]


def strip_clause(text: str) -> str:
    """Drop trailing spaces, an end mark "./." and ";", "," or "." from ``text``."""
    text = nfc(text).rstrip()
    if text.endswith("./."):
        text = text[:-3]
    return text.rstrip().rstrip(";,.").rstrip()
