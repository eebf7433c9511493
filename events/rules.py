"""Rule tables of thi đua, khen thưởng: legal data with effective dates and sources.

Every row says from when (``effective_from``) until when (``effective_to``, inclusive, or
``None`` while in force) it applies, the legal text it comes from and how sure we are of
it (LEGAL.md): **H** official text or several agreeing sources, **M** a reputable
secondary source quoting the article, **U** unconfirmed. Code never holds these numbers:
it asks ``in_force(table, on)`` for the rows that applied on a given day, so a decision
dated 2025-03-01 is computed with the rules of 2025-03-01.

Rows marked U are shown as such (``confidence`` travels with every figure a use case
returns) so that the UI can say so; they are the first to check against the official
gazette.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from events.errors import InvalidInputError
from events.values import format_points

INDIVIDUAL = "individual"
COLLECTIVE = "collective"

TITLE = "danh_hieu"  # danh hiệu thi đua: only the highest of one period is paid
FORM = "hinh_thuc"  # hình thức khen thưởng (Bằng khen, Giấy khen)
CATEGORIES = {TITLE: "Danh hiệu thi đua", FORM: "Hình thức khen thưởng"}

# Routes of a nomination: the history prerequisites of some forms apply to one route only.
ANNUAL = "hang_nam"
CAMPAIGN = "phong_trao"
EXTRAORDINARY = "dot_xuat"
ROUTES = {
    ANNUAL: "Thành tích thực hiện nhiệm vụ hằng năm",
    CAMPAIGN: "Thành tích trong phong trào thi đua theo đợt, chuyên đề",
    EXTRAORDINARY: "Thành tích đột xuất",
}

CONFIDENCE = {"H": "văn bản chính thức", "M": "nguồn thứ cấp trích điều khoản",
              "U": "chưa xác nhận"}

LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND98 = "Nghị định 98/2023/NĐ-CP"
ND152 = "Nghị định 152/2025/NĐ-CP"
LAW_2022_FROM = date(2024, 1, 1)
ND152_FROM = date(2025, 7, 1)
ND98_TO = date(2025, 6, 30)
TRADE_UNION_LAW_2012 = "Luật Công đoàn số 12/2012/QH13"
TRADE_UNION_LAW_2024 = "Luật Công đoàn số 50/2024/QH15"
TRADE_UNION_LAW_2024_FROM = date(2025, 7, 1)


class Dated(Protocol):
    effective_from: date
    effective_to: date | None


R = TypeVar("R", bound=Dated)


def in_force(table: Iterable[R], on: date, **match: Any) -> list[R]:
    """The rows of ``table`` that apply on ``on`` (and whose attributes equal ``match``)."""
    return [
        row for row in table
        if row.effective_from <= on
        and (row.effective_to is None or on <= row.effective_to)
        and all(getattr(row, key) == value for key, value in match.items())
    ]


def _one(rows: Sequence[R], message: str, field: str) -> R:
    if not rows:
        raise InvalidInputError(message, field)
    return rows[0]


# --- titles and award forms -----------------------------------------------------------------

@dataclass(frozen=True)
class Award:
    """A title (danh hiệu) or award form (hình thức) for one kind of subject."""

    code: str
    subject_kind: str
    name: str
    category: str
    level: int  # orders titles: a higher level is the higher title
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


def _award(code: str, kind: str, name: str, category: str, level: int) -> Award:
    return Award(code, kind, name, category, level, LAW_2022_FROM, None, LAW_2022, "H")


AWARDS: tuple[Award, ...] = (
    _award("cstd_toan_quoc", INDIVIDUAL, "Chiến sĩ thi đua toàn quốc", TITLE, 40),
    _award("cstd_tinh", INDIVIDUAL, "Chiến sĩ thi đua cấp bộ, ngành, tỉnh", TITLE, 30),
    _award("cstdcs", INDIVIDUAL, "Chiến sĩ thi đua cơ sở", TITLE, 20),
    _award("ldtt", INDIVIDUAL, "Lao động tiên tiến", TITLE, 10),
    _award("co_chinh_phu", COLLECTIVE, "Cờ thi đua của Chính phủ", TITLE, 40),
    _award("co_tinh", COLLECTIVE, "Cờ thi đua cấp bộ, ngành, tỉnh", TITLE, 30),
    _award("xa_tieu_bieu", COLLECTIVE, "Xã, phường, thị trấn tiêu biểu", TITLE, 25),
    _award("ttldxs", COLLECTIVE, "Tập thể lao động xuất sắc", TITLE, 20),
    _award("thon_van_hoa", COLLECTIVE, "Thôn, tổ dân phố văn hóa", TITLE, 15),
    _award("ttldtt", COLLECTIVE, "Tập thể lao động tiên tiến", TITLE, 10),
    *(
        _award(code, kind, name, FORM, level)
        for kind in (INDIVIDUAL, COLLECTIVE)
        for code, name, level in (
            ("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", 30),
            ("bang_khen_tinh", "Bằng khen cấp bộ, ngành, tỉnh", 20),
            ("giay_khen", "Giấy khen", 10),
        )
    ),
)
AWARD_CODES = tuple(dict.fromkeys(a.code for a in AWARDS))


def award_name(code: str) -> str:
    """The Vietnamese name of an award code (the code itself when unknown)."""
    return next((a.name for a in AWARDS if a.code == code), code)


def award_kind(code: str, subject_kind: str, field: str = "award") -> Award:
    """The catalogue row of ``code`` for ``subject_kind``, whatever its dates (for history)."""
    rows = [a for a in AWARDS if a.code == code and a.subject_kind == subject_kind]
    if not rows:
        known = ", ".join(a.code for a in AWARDS if a.subject_kind == subject_kind)
        raise InvalidInputError(
            f"Danh hiệu, hình thức «{code}» không có cho đối tượng này (dùng: {known}).", field)
    return rows[-1]


def award_in_force(code: str, subject_kind: str, on: date, field: str = "award") -> Award:
    award_kind(code, subject_kind, field)
    return _one(in_force(AWARDS, on, code=code, subject_kind=subject_kind),
                f"Danh hiệu, hình thức «{award_name(code)}» chưa có trong bảng quy định áp dụng "
                f"ngày {on:%d/%m/%Y} (bảng bắt đầu từ {LAW_2022_FROM:%d/%m/%Y}).", field)


# --- council: vote thresholds and secret ballots ------------------------------------------

ANY_AWARD = "*"


@dataclass(frozen=True)
class CouncilRule:
    """The share of *all* members that must agree, and whether the ballot is secret."""

    award: str  # ANY_AWARD: every award without a row of its own
    percent: Decimal
    strict: bool  # True: more than ``percent`` (quá bán); False: at least ``percent``
    secret: bool
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str

    def describe(self) -> str:
        share = f"{'trên' if self.strict else 'từ'} {format_points(self.percent)} %"
        return f"{share} tổng số thành viên Hội đồng"


def _council_rows(start: date, end: date | None, source: str,
                  confidence: str) -> tuple[CouncilRule, ...]:
    return tuple(
        CouncilRule(award, Decimal(percent), False, True, start, end, source, confidence)
        for award, percent in (("cstd_toan_quoc", 90), ("cstd_tinh", 90), ("cstdcs", 80),
                               ("co_chinh_phu", 80), ("co_tinh", 80)))


COUNCIL_RULES: tuple[CouncilRule, ...] = (
    *_council_rows(LAW_2022_FROM, ND98_TO, f"{ND98} Đ30.7", "M"),
    # The secret ballot and its shares carried into NĐ 152 (reported, not confirmed).
    *_council_rows(ND152_FROM, None, f"{ND152} (kế thừa {ND98} Đ30.7)", "U"),
    CouncilRule(ANY_AWARD, Decimal(50), True, False, LAW_2022_FROM, None,
                "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng (mặc định: quá bán)",
                "U"),
)


def council_rule(award: str, on: date, field: str = "held_on") -> CouncilRule:
    rows = in_force(COUNCIL_RULES, on, award=award) or in_force(COUNCIL_RULES, on,
                                                                 award=ANY_AWARD)
    return _one(rows, f"Chưa có quy định về tỷ lệ phiếu áp dụng ngày {on:%d/%m/%Y}.", field)


@dataclass(frozen=True)
class QuorumRule:
    numerator: int
    denominator: int
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


QUORUM_RULES: tuple[QuorumRule, ...] = (
    QuorumRule(2, 3, LAW_2022_FROM, None,
               "Quy chế Hội đồng Thi đua – Khen thưởng (thông lệ các ngành: ít nhất 2/3 "
               "thành viên dự họp); mỗi đơn vị tự cấu hình", "M"),
)


def default_quorum(on: date) -> QuorumRule:
    rows = in_force(QUORUM_RULES, on)
    return rows[0] if rows else QUORUM_RULES[0]


@dataclass(frozen=True)
class WomenFirstRule:
    """Among nominees tied at the last place, a woman, or a collective whose members are at
    least ``women_percent`` women, goes first (before the chair decides what is left)."""

    women_percent: Decimal
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


WOMEN_FIRST_RULES: tuple[WomenFirstRule, ...] = (
    WomenFirstRule(Decimal(70), LAW_2022_FROM, ND98_TO,
                   f"{ND98}, nguyên tắc khen thưởng: cùng đủ điều kiện, tiêu chuẩn thì ưu tiên "
                   "cá nhân nữ, tập thể có từ 70 % nữ", "M"),
    WomenFirstRule(Decimal(70), ND152_FROM, None,
                   f"{ND152}, nguyên tắc khen thưởng: cùng đủ điều kiện, tiêu chuẩn thì ưu "
                   "tiên cá nhân nữ, tập thể có từ 70 % nữ", "M"),
)


def women_first_rule(on: date) -> WomenFirstRule | None:
    rows = in_force(WOMEN_FIRST_RULES, on)
    return rows[0] if rows else None


# --- public notice before a decision, and recusal from a ballot -------------------------

LABOUR_CODE_2019 = "Bộ luật Lao động số 45/2019/QH14"
LABOUR_CODE_2019_FROM = date(2021, 1, 1)


@dataclass(frozen=True)
class NoticeRule:
    """How long the proposed list is shown to the public before a decision (công khai),
    in working days, and whether a decision needs one; each organisation may set its own
    (``notice_days``, ``notice_required`` in its award settings)."""

    days: int
    required: bool
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


NOTICE_RULES: tuple[NoticeRule, ...] = (
    # The law makes publicity a principle (công khai) but, as far as checked, sets no
    # number of days: 5 working days is the figure provincial Quy chế commonly use. Not
    # required by default, so that an organisation turns it on in its own settings.
    NoticeRule(5, False, LAW_2022_FROM, None,
               f"{LAW_2022}, nguyên tắc công khai; số ngày theo Quy chế thi đua, khen thưởng "
               "của đơn vị (thông lệ: 05 ngày làm việc)", "U"),
)


def notice_rule(on: date) -> NoticeRule:
    rows = in_force(NOTICE_RULES, on)
    return rows[0] if rows else NOTICE_RULES[-1]


@dataclass(frozen=True)
class DaysOff:
    """Days that are not working days although they fall Monday to Friday: the public
    holidays of the Labour Code (fixed dates every year, and the lunar ones — Tết, Giỗ Tổ —
    with the days the Government's yearly notice adds or swaps, listed per year)."""

    days: tuple[date, ...]
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


def _fixed_days_off(year: int) -> tuple[date, ...]:
    # Đ112: 1/1, 30/4, 1/5, 2/9 and one day next to 2/9 (1/9 or 3/9, set each year: the
    # 1/9 of recent years is listed with the year below, not here).
    return (date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2))


def _year(year: int, *days: date, source: str, confidence: str) -> DaysOff:
    return DaysOff((*_fixed_days_off(year), *days), date(year, 1, 1), date(year, 12, 31),
                   source, confidence)


DAYS_OFF: tuple[DaysOff, ...] = (
    _year(2025, *(date(2025, 1, d) for d in range(27, 32)), date(2025, 4, 7),
          date(2025, 5, 2), date(2025, 9, 1),
          source=f"{LABOUR_CODE_2019} Đ112; lịch nghỉ Tết Ất Tỵ, Giỗ Tổ, 30/4 – 1/5 (hoán đổi "
                 "2/5), Quốc khánh năm 2025 theo thông báo của Chính phủ", confidence="U"),
    _year(2026, *(date(2026, 2, d) for d in (16, 17, 18, 19, 20)), date(2026, 4, 27),
          date(2026, 9, 1),
          source=f"{LABOUR_CODE_2019} Đ112; lịch nghỉ Tết Bính Ngọ (14/2 – 22/2), Giỗ Tổ (10/3 "
                 "âm lịch là Chủ nhật 26/4, nghỉ bù 27/4), Quốc khánh năm 2026 — chưa đối "
                 "chiếu thông báo chính thức", confidence="U"),
)


def days_off(year: int) -> DaysOff:
    """The days off of a year; a year not listed has only the Labour Code's fixed dates
    (its lunar holidays are not known here: U)."""
    rows = in_force(DAYS_OFF, date(year, 6, 1))
    if rows:
        return rows[0]
    return DaysOff(_fixed_days_off(year), date(year, 1, 1), date(year, 12, 31),
                   f"{LABOUR_CODE_2019} Đ112 (chỉ các ngày lễ dương lịch; ngày nghỉ Tết, "
                   "Giỗ Tổ của năm này chưa có trong bảng)", "U")


def is_working_day(day: date) -> bool:
    """Monday to Friday (the 40-hour week of state offices), and not a day off."""
    return day.weekday() < 5 and day not in days_off(day.year).days


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


EXCLUDED = "excluded"  # the share is of the members less those recused
COUNTED = "counted"  # the recused stay in the total membership (they count as not agreeing)
RECUSAL_MODES = {
    EXCLUDED: "không tính thành viên không tham gia biểu quyết vào tổng số thành viên",
    COUNTED: "vẫn tính thành viên không tham gia biểu quyết vào tổng số thành viên",
}


@dataclass(frozen=True)
class RecusalRule:
    """How a ballot's share counts a member recused from it (a nominee, or the head of a
    nominated collective, does not vote on their own nomination)."""

    mode: str
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


RECUSAL_RULES: tuple[RecusalRule, ...] = (
    # Neither the law nor its decrees, as far as checked, say how the share of the total
    # membership treats a member who does not vote on their own nomination; an
    # organisation sets its own (``recusal_count``) in its Quy chế.
    RecusalRule(EXCLUDED, LAW_2022_FROM, None,
                "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng (mặc định: thành viên "
                "là người được đề nghị không tham gia biểu quyết và không tính vào tổng số)",
                "U"),
)


def recusal_rule(on: date) -> RecusalRule:
    rows = in_force(RECUSAL_RULES, on)
    return rows[0] if rows else RECUSAL_RULES[-1]


# --- history prerequisites and discipline --------------------------------------------------

@dataclass(frozen=True)
class Prerequisite:
    """``award`` needs ``requires`` in each of the ``years`` consecutive years before."""

    award: str
    subject_kind: str
    requires: str
    years: int
    routes: tuple[str, ...] | None  # None: every route
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str

    def describe(self) -> str:
        return (f"{award_name(self.award)} cần đạt {award_name(self.requires)} "
                f"{self.years} năm liên tục liền trước")


PREREQUISITES: tuple[Prerequisite, ...] = (
    Prerequisite("cstd_tinh", INDIVIDUAL, "cstdcs", 3, None, LAW_2022_FROM, None,
                 f"{LAW_2022} (tiêu chuẩn Chiến sĩ thi đua cấp bộ, ngành, tỉnh)", "H"),
    Prerequisite("bang_khen_tinh", INDIVIDUAL, "cstdcs", 2, (ANNUAL,), LAW_2022_FROM, None,
                 f"{LAW_2022}; {ND152} (một trong các tiêu chuẩn Bằng khen cấp bộ, ngành, "
                 "tỉnh)", "M"),
)


def prerequisites(award: str, subject_kind: str, route: str, on: date) -> list[Prerequisite]:
    return [p for p in in_force(PREREQUISITES, on, award=award, subject_kind=subject_kind)
            if p.routes is None or route in p.routes]


@dataclass(frozen=True)
class DisciplineRule:
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


DISCIPLINE_RULES: tuple[DisciplineRule, ...] = (
    DisciplineRule(LAW_2022_FROM, ND98_TO, f"{ND98} (chưa đối chiếu điều khoản)", "U"),
    DisciplineRule(ND152_FROM, None, f"{ND152} Đ4", "M"),
)


def discipline_rule(on: date) -> DisciplineRule:
    rows = in_force(DISCIPLINE_RULES, on)
    return rows[0] if rows else DISCIPLINE_RULES[0]


# --- prize money ------------------------------------------------------------------------

@dataclass(frozen=True)
class PrizeCoefficient:
    """Prize = coefficient × mức lương cơ sở in force on the decision's date."""

    award: str
    subject_kind: str
    coefficient: Decimal
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


def _coefficients(start: date, end: date | None, source: str,
                  rows: Iterable[tuple[str, str, str, str]]) -> tuple[PrizeCoefficient, ...]:
    return tuple(PrizeCoefficient(award, kind, Decimal(value), start, end, source, confidence)
                 for award, kind, value, confidence in rows)


PRIZE_COEFFICIENTS: tuple[PrizeCoefficient, ...] = (
    # NĐ 98/2023 era. LEGAL.md gives no figures for it: these are the long-standing
    # coefficients (also those of NĐ 91/2017), unconfirmed for NĐ 98 itself.
    *_coefficients(LAW_2022_FROM, ND98_TO, f"{ND98} (chưa đối chiếu điều khoản)", (
        ("cstd_toan_quoc", INDIVIDUAL, "4.5", "U"), ("cstd_tinh", INDIVIDUAL, "3.0", "U"),
        ("cstdcs", INDIVIDUAL, "1.0", "U"), ("ldtt", INDIVIDUAL, "0.3", "U"),
        ("bang_khen_thu_tuong", INDIVIDUAL, "1.5", "U"),
        ("bang_khen_tinh", INDIVIDUAL, "1.0", "U"), ("giay_khen", INDIVIDUAL, "0.3", "U"),
        ("co_chinh_phu", COLLECTIVE, "12.0", "U"), ("co_tinh", COLLECTIVE, "8.0", "U"),
        ("ttldxs", COLLECTIVE, "1.5", "U"), ("ttldtt", COLLECTIVE, "0.8", "U"),
        ("bang_khen_thu_tuong", COLLECTIVE, "3.0", "U"),
        ("bang_khen_tinh", COLLECTIVE, "2.0", "U"), ("giay_khen", COLLECTIVE, "0.6", "U"),
    )),
    *_coefficients(ND152_FROM, None, f"{ND152} Đ49–54", (
        ("cstd_toan_quoc", INDIVIDUAL, "4.5", "H"), ("cstd_tinh", INDIVIDUAL, "3.0", "H"),
        ("cstdcs", INDIVIDUAL, "1.0", "H"), ("ldtt", INDIVIDUAL, "0.3", "H"),
        ("bang_khen_thu_tuong", INDIVIDUAL, "3.5", "H"),
        ("bang_khen_tinh", INDIVIDUAL, "1.5", "H"), ("giay_khen", INDIVIDUAL, "0.3", "M"),
        ("ttldxs", COLLECTIVE, "1.5", "H"), ("ttldtt", COLLECTIVE, "0.8", "H"),
        ("xa_tieu_bieu", COLLECTIVE, "2.0", "H"), ("thon_van_hoa", COLLECTIVE, "1.5", "H"),
        ("co_chinh_phu", COLLECTIVE, "12.0", "H"), ("co_tinh", COLLECTIVE, "8.0", "H"),
        ("bang_khen_thu_tuong", COLLECTIVE, "7.0", "M"),
        ("bang_khen_tinh", COLLECTIVE, "3.0", "M"), ("giay_khen", COLLECTIVE, "0.6", "M"),
    )),
)


def prize_coefficient(award: str, subject_kind: str, on: date,
                      field: str = "issued_on") -> PrizeCoefficient:
    return _one(in_force(PRIZE_COEFFICIENTS, on, award=award, subject_kind=subject_kind),
                f"Chưa có hệ số tiền thưởng cho «{award_name(award)}» áp dụng ngày "
                f"{on:%d/%m/%Y}.", field)


@dataclass(frozen=True)
class BaseSalary:
    """Mức lương cơ sở, đồng per month."""

    amount: Decimal
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


BASE_SALARIES: tuple[BaseSalary, ...] = (
    BaseSalary(Decimal(1_490_000), date(2019, 7, 1), date(2023, 6, 30),
               "Nghị định 38/2019/NĐ-CP", "H"),
    BaseSalary(Decimal(1_800_000), date(2023, 7, 1), date(2024, 6, 30),
               "Nghị định 24/2023/NĐ-CP", "H"),
    BaseSalary(Decimal(2_340_000), date(2024, 7, 1), date(2026, 6, 30),
               "Nghị định 73/2024/NĐ-CP", "H"),
    BaseSalary(Decimal(2_530_000), date(2026, 7, 1), None, "Nghị định 161/2026/NĐ-CP", "M"),
)


@dataclass(frozen=True)
class LegalText:
    """A text the tables above follow (or, if ``reflected`` is False, do not yet follow)."""

    title: str
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str
    reflected: bool


LEGAL_TEXTS: tuple[LegalText, ...] = (
    LegalText(LAW_2022, LAW_2022_FROM, None, "Công báo", "H", True),
    LegalText(ND98, LAW_2022_FROM, ND98_TO, "Công báo; thay thế bởi " + ND152, "H", True),
    LegalText(ND152, ND152_FROM, None, "Công báo", "H", True),
    LegalText(TRADE_UNION_LAW_2012, date(2013, 1, 1), date(2025, 6, 30), "Công báo", "H",
              True),
    LegalText(TRADE_UNION_LAW_2024, TRADE_UNION_LAW_2024_FROM, None, "Công báo", "M", True),
    # Reported by one source only: its changes are not in these tables until confirmed.
    LegalText("Luật sửa đổi, bổ sung Luật Thi đua, khen thưởng", date(2026, 10, 1), None,
              "một nguồn đưa tin, chưa đối chiếu văn bản", "U", False),
)


def unreflected_texts(on: date) -> list[LegalText]:
    """Texts in force on ``on`` whose changes these tables do not hold (say so in the UI)."""
    return [t for t in in_force(LEGAL_TEXTS, on) if not t.reflected]


def base_salary(on: date, field: str = "issued_on") -> BaseSalary:
    return _one(in_force(BASE_SALARIES, on),
                f"Chưa có mức lương cơ sở áp dụng ngày {on:%d/%m/%Y}.", field)


# --- award systems: legal basis, fund and money -----------------------------------------

STATE = "nha_nuoc"  # khen thưởng của Nhà nước (Luật Thi đua, khen thưởng)
TRADE_UNION = "cong_doan"  # khen thưởng của tổ chức Công đoàn Việt Nam
OTHER_SYSTEM = "khac"  # another organisation's own awards (Đoàn, Hội…)
SYSTEMS = {STATE: "Nhà nước", TRADE_UNION: "Công đoàn Việt Nam", OTHER_SYSTEM: "Khác"}


@dataclass(frozen=True)
class LegalBasis:
    """A căn cứ line that every decision of an award system cites, in ``order``: the law,
    then the text detailing it (decree, charter, regulation) in force on the decision's
    date. ``text`` is printed after "Căn cứ"."""

    system: str
    order: int
    text: str
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


LEGAL_BASES: tuple[LegalBasis, ...] = (
    LegalBasis(STATE, 10, "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", LAW_2022_FROM,
               None, LAW_2022, "H"),
    LegalBasis(STATE, 20, "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính "
               "phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
               LAW_2022_FROM, ND98_TO, ND98, "M"),
    # Its date and exact title are not confirmed here: the line names the number only.
    LegalBasis(STATE, 20, "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi "
               "hành một số điều của Luật Thi đua, khen thưởng", ND152_FROM, None, ND152, "M"),
    LegalBasis(TRADE_UNION, 10, "Luật Công đoàn ngày 20 tháng 6 năm 2012", date(2013, 1, 1),
               date(2025, 6, 30), TRADE_UNION_LAW_2012, "H"),
    LegalBasis(TRADE_UNION, 10, "Luật Công đoàn ngày 27 tháng 11 năm 2024",
               TRADE_UNION_LAW_2024_FROM, None, TRADE_UNION_LAW_2024, "M"),
    # Which Điều lệ (congress) and the Tổng Liên đoàn's regulation (number, date) are not
    # confirmed: an organisation cites them exactly in its own authority basis.
    LegalBasis(TRADE_UNION, 20, "Điều lệ Công đoàn Việt Nam", date(2013, 1, 1), None,
               "Điều lệ Công đoàn Việt Nam (khóa hiện hành)", "U"),
    LegalBasis(TRADE_UNION, 30, "Quy chế khen thưởng của tổ chức Công đoàn do Đoàn Chủ tịch "
               "Tổng Liên đoàn Lao động Việt Nam ban hành", date(2013, 1, 1), None,
               "Quy định về công tác thi đua, khen thưởng của Tổng Liên đoàn Lao động Việt Nam "
               "(số, ngày chưa xác nhận)", "U"),
)


def legal_basis(system: str, on: date) -> list[LegalBasis]:
    """The căn cứ lines of an award system in force on ``on``, in order (none for
    ``khac``: such an organisation cites its own rules in its authority basis)."""
    return sorted(in_force(LEGAL_BASES, on, system=system), key=lambda row: row.order)


@dataclass(frozen=True)
class AwardMoney:
    """Where the money of a system's awards comes from and what sets the amount."""

    system: str
    fund: str  # "quỹ thi đua, khen thưởng của <issuer> năm <year>" reads after "chi từ"
    amount_basis: str  # what sets the amount, printed in the money article
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str


AWARD_MONEY: tuple[AwardMoney, ...] = (
    AwardMoney(STATE, "quỹ thi đua, khen thưởng",
               "quy định tại Nghị định số 98/2023/NĐ-CP của Chính phủ", LAW_2022_FROM, ND98_TO,
               f"{LAW_2022}; {ND98}", "M"),
    AwardMoney(STATE, "quỹ thi đua, khen thưởng",
               "quy định tại các điều từ Điều 49 đến Điều 54 Nghị định số 152/2025/NĐ-CP của "
               "Chính phủ", ND152_FROM, None, f"{LAW_2022}; {ND152} Đ49–54", "H"),
    AwardMoney(TRADE_UNION, "nguồn tài chính công đoàn",
               "mức chi khen thưởng của Tổng Liên đoàn Lao động Việt Nam", date(2013, 1, 1),
               None, "Quy định về tài chính công đoàn của Tổng Liên đoàn Lao động Việt Nam "
               "(mức chi chưa xác nhận, đơn vị tự cấu hình hệ số cho từng hình thức)", "U"),
    AwardMoney(OTHER_SYSTEM, "kinh phí khen thưởng",
               "quy định khen thưởng của đơn vị", date(2000, 1, 1), None,
               "Quy định riêng của đơn vị (đơn vị tự cấu hình hệ số)", "U"),
)


def award_money(system: str, on: date, field: str = "issued_on") -> AwardMoney:
    return _one(in_force(AWARD_MONEY, on, system=system),
                f"Chưa có quy định về nguồn và mức tiền thưởng của hệ thống «"
                f"{SYSTEMS.get(system, system)}» áp dụng ngày {on:%d/%m/%Y}.", field)


# Trade-union and other systems' coefficients are not confirmed: until an organisation sets
# a form's own (``prize_coefficients`` of the catalogue), the state's coefficients of the
# same category apply, marked U.
SYSTEM_COEFFICIENT_SOURCE = {
    TRADE_UNION: "Mức chi của Tổng Liên đoàn Lao động Việt Nam chưa xác nhận: tạm theo hệ số "
                 "cùng loại của Nhà nước ({source}); đơn vị cấu hình hệ số riêng",
    OTHER_SYSTEM: "Chưa có hệ số riêng của đơn vị: tạm theo hệ số cùng loại của Nhà nước "
                  "({source})",
}


def system_prize_coefficient(award: str, subject_kind: str, on: date, system: str,
                             field: str = "issued_on") -> PrizeCoefficient:
    """The coefficient of the legal category ``award`` in ``system`` on a day."""
    row = prize_coefficient(award, subject_kind, on, field)
    if system == STATE:
        return row
    return PrizeCoefficient(award, subject_kind, row.coefficient, row.effective_from,
                            row.effective_to,
                            SYSTEM_COEFFICIENT_SOURCE[system].format(source=row.source), "U")


# --- the whole set, for the API ----------------------------------------------------------

TABLES: dict[str, tuple[Any, ...]] = {
    "awards": AWARDS,
    "council_rules": COUNCIL_RULES,
    "quorum_rules": QUORUM_RULES,
    "women_first_rules": WOMEN_FIRST_RULES,
    "prerequisites": PREREQUISITES,
    "discipline_rules": DISCIPLINE_RULES,
    "prize_coefficients": PRIZE_COEFFICIENTS,
    "base_salaries": BASE_SALARIES,
    "legal_texts": LEGAL_TEXTS,
    "legal_bases": LEGAL_BASES,
    "award_money": AWARD_MONEY,
    "notice_rules": NOTICE_RULES,
    "days_off": DAYS_OFF,
    "recusal_rules": RECUSAL_RULES,
}


def row_dict(row: Any) -> dict[str, Any]:
    """A row as plain values (tuples become lists)."""
    data = {name: getattr(row, name) for name in row.__dataclass_fields__}
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in data.items()}


def rules_in_force(on: date) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows that apply on ``on``."""
    return {name: [row_dict(row) for row in in_force(table, on)]
            for name, table in TABLES.items()}
