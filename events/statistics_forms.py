"""Biểu mẫu báo cáo thống kê thi đua, khen thưởng: the forms of the Interior ministry's
statistics regime, as dated data with their source (like ``events/rules.py``).

Thông tư 02/2023/TT-BNV (23/3/2023, in force from 10/5/2023) sets the forms of the
statistics regime of the ministry's sector; those of thi đua, khen thưởng are "Biểu số
0601.N/BNV-TĐKT" … 0605 (LEGAL.md "Statistics"). A newer circular (TT 18/2025/TT-BNV, signed
08/10/2025, reported to replace it) becomes a new ``StatisticsForm`` version with its own
``effective_from``, and this one gets an ``effective_to``: reports of years before keep the
form they were made on.

Every detail carries how sure we are of it (LEGAL.md): **H** official text or several
agreeing sources, **M** a secondary source reproducing the form or quoting the article,
**U** unconfirmed (our own reading, shown as such). The sources read:

- Sở Nội vụ Hưng Yên, "Thông tư 2/2023/TT-BNV ngày 23/3/2023 của Bộ Nội vụ Quy định chế độ
  báo cáo thống kê ngành Nội vụ" (sonv.hungyen.gov.vn, print.aspx?p=10987): dates, and a
  report period of thi đua, khen thưởng from 01/12 of the year before to 30/11, unlike the
  calendar year of the other fields (one secondary source: U);
  dulieuphapluat.vn "Chế độ báo cáo thống kê ngành Nội vụ": dates (agree: H), and the
  yearly period from 01/01 to the last day of December, naming no exception.
  The circular's own text was not readable here, so the report year is by default the
  calendar year of the decision date, as the issue asks (``REPORT_PERIODS``); the December
  period stays selectable, with its source, until the text is checked.
- The forms as an open-source provincial commendation system reproduces them
  (lifephongphanmem/thiduakhenthuong, resources/views/BaoCao/TT022023/Mau0601–0603): header
  block, titles, columns and rows (M; rows 04–05 of 0602 are missing there: U).
- luatvietnam.vn, "Thông tư 18/2025/TT-BNV … quy định chế độ báo cáo thống kê ngành Nội vụ":
  number, date signed 08/10/2025 (M); its forms and the day it applies from are not known
  here (U), so it is not a version yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from events.errors import InvalidInputError, NotFoundError
from events.rules import COLLECTIVE, INDIVIDUAL, STATE, TRADE_UNION, in_force

TT02 = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ"
TT02_FROM = date(2023, 5, 10)
SOURCE_FORMS = ("Mẫu biểu theo Thông tư 02/2023/TT-BNV như một hệ thống thi đua, khen thưởng "
                "cấp tỉnh mã nguồn mở tái hiện (lifephongphanmem/thiduakhenthuong)")
SOURCE_PERIOD = ("Sở Nội vụ Hưng Yên: kỳ báo cáo thống kê lĩnh vực thi đua, khen thưởng tính từ "
                 "ngày 01/12 năm trước đến ngày 30/11 năm báo cáo")
SOURCE_CALENDAR = ("Kỳ báo cáo thống kê năm tính từ ngày 01/01 đến ngày cuối cùng của tháng 12 "
                   "(dulieuphapluat.vn, «Chế độ báo cáo thống kê ngành Nội vụ»); năm báo cáo là "
                   "năm của ngày ký quyết định (yêu cầu của hệ thống)")


@dataclass(frozen=True)
class ReportPeriod:
    """A report period a year's forms may be counted over: from ``start`` (month, day) of
    year N-1 to the day before it in year N, or the calendar year for (1, 1)."""

    key: str
    name: str
    start: tuple[int, int]
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str

    def span(self, year: int) -> tuple[date, date]:
        """The first and last day of the period of ``year``."""
        month, day = self.start
        calendar = (month, day) == (1, 1)
        first = date(year if calendar else year - 1, month, day)
        return first, date(year + 1 if calendar else year, month, day) - timedelta(days=1)


CALENDAR_YEAR = "nam"
DECEMBER_YEAR = "thang_12"
REPORT_PERIODS: tuple[ReportPeriod, ...] = (
    ReportPeriod(CALENDAR_YEAR, "Năm dương lịch (01/01 – 31/12)", (1, 1), TT02_FROM, None,
                 SOURCE_CALENDAR, "M"),
    ReportPeriod(DECEMBER_YEAR, "Từ 01/12 năm trước đến 30/11 năm báo cáo", (12, 1), TT02_FROM,
                 None, SOURCE_PERIOD, "U"),
)
DEFAULT_PERIOD = CALENDAR_YEAR

# What a row of a form counts, over the awards of the report's year and unit subtree.
TOTAL = "total"
ROUTE = "route:"  # + a nomination route of events/rules.py ROUTES
# Campaigns (0601): by how long they run, and all of them.
DURATION = "duration:"  # + "min-max" in whole months, max exclusive ("12-36")

AWARDS = "awards"
CAMPAIGNS = "campaigns"
NOT_HELD = "not_held"  # the store has no data for the form (0604, 0605)


@dataclass(frozen=True)
class FormColumn:
    """A column of counts: the awards of these legal categories (events/rules.py AWARDS),
    split per kind of subject when ``kinds`` has both; none when the store holds no such
    award (Huân chương, Giải thưởng…): the clerk fills it by hand. A campaign form's column
    counts every campaign when ``categories`` is ("*",)."""

    key: str
    name: str
    number: str  # the column's number on the form
    kinds: tuple[str, ...]
    categories: tuple[str, ...] = ()
    confidence: str = "M"

    @property
    def held(self) -> bool:
        return bool(self.categories)


@dataclass(frozen=True)
class FormRow:
    """A row: ``counts`` selects what it counts (TOTAL, a subject kind, ROUTE…, DURATION…),
    None when the store does not know it (left blank); a heading row has no number."""

    label: str
    number: str = ""
    unit: str = ""
    counts: str | None = None
    confidence: str = "M"

    @property
    def heading(self) -> bool:
        return not self.number


@dataclass(frozen=True)
class StatisticsForm:
    """One version of a form, from ``effective_from`` to ``effective_to`` (inclusive)."""

    code: str  # as the API names it: "0602"
    number: str  # "0602.N/BNV-TĐKT"
    title: str
    issued_under: str  # "Ban hành theo …"
    receiving_date: str  # "Ngày nhận báo cáo"
    receiver: str  # "Đơn vị nhận báo cáo" of a unit with none above it
    measures: str  # AWARDS, CAMPAIGNS or NOT_HELD
    columns: tuple[FormColumn, ...]
    rows: tuple[FormRow, ...]
    # The award systems (events/rules.py SYSTEMS) whose awards the form counts.
    systems: tuple[str, ...]
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str
    # Details we could not confirm, each with its mark, shown with the report.
    notes: tuple[tuple[str, str], ...] = ()
    # Whether a column of awards for both kinds of subject has a figure for each.
    split_kinds: bool = False

    def period(self, year: int, key: str = DEFAULT_PERIOD) -> tuple[date, date]:
        """The first and last day of the report period ``key`` of ``year``."""
        return report_period(key, year).span(year)

    @property
    def computed(self) -> bool:
        return self.measures != NOT_HELD


def _kinds(*kinds: str) -> tuple[str, ...]:
    return kinds


BOTH = _kinds(COLLECTIVE, INDIVIDUAL)
HEADER = dict(issued_under=f"Ban hành theo {TT02}", receiving_date="Ngày 15 tháng 12 năm báo cáo",
              receiver="Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)",
              effective_from=TT02_FROM, effective_to=None,
              source=f"{TT02}; {SOURCE_FORMS}; {SOURCE_PERIOD}", confidence="M")
COMMON_NOTES = (
    ("Năm báo cáo: mặc định năm dương lịch của ngày ký quyết định khen thưởng; có thể chọn kỳ "
     "từ 01/12 năm trước đến 30/11 năm báo cáo (theo một bản tóm tắt Thông tư 02/2023/TT-BNV, "
     "chưa đối chiếu văn bản gốc).", "U"),
    ("Đơn vị nhận báo cáo: đơn vị cấp trên trực tiếp; đơn vị cao nhất gửi Bộ Nội vụ (Ban Thi "
     "đua - Khen thưởng Trung ương).", "U"),
    ("Thông tư 18/2025/TT-BNV (ký ngày 08/10/2025) được cho là thay thế Thông tư 02/2023/"
     "TT-BNV; mẫu biểu và ngày áp dụng của thông tư này chưa được đối chiếu.", "U"),
)
AWARD_NOTES = (
    ("Chỉ tính quyết định đã ban hành và chưa bị hủy; khen thưởng của cả hệ thống Nhà nước và "
     "hệ thống Công đoàn, theo loại khen thưởng của danh mục.", "U"),
    ("Phương thức khen thưởng lấy theo căn cứ đề nghị: thường xuyên = thành tích hằng năm, "
     "chuyên đề = theo đợt, chuyên đề, đột xuất = thành tích đột xuất.", "U"),
    ("Các dòng, cột mà hệ thống không lưu (đơn vị trình, doanh nghiệp, hộ gia đình, chức vụ, "
     "huân chương, giải thưởng…) để trống cho cán bộ điền.", "M"),
)
SUBJECT_ROWS = (
    FormRow("Tập thể", "", "Tập thể", COLLECTIVE),
    FormRow("Trong đó: Doanh nghiệp", "", "Doanh nghiệp"),
    FormRow("Hộ gia đình", "", "Hộ"),
    FormRow("Cá nhân", "", "Người", INDIVIDUAL),
    FormRow("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "", "Người"),
    FormRow("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "", "Người"),
    FormRow("+ Doanh nhân", "", "Người"),
    FormRow("+ Các cấp lãnh đạo khác từ phó phòng trở lên", "", "Người"),
    FormRow("+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
            "(công nhân, nông dân…)", "", "Người"),
)
METHOD_ROWS = (
    FormRow("Thường xuyên", "", "", f"{ROUTE}hang_nam", "U"),
    FormRow("Chuyên đề", "", "", f"{ROUTE}phong_trao", "U"),
    FormRow("Đột xuất", "", "", f"{ROUTE}dot_xuat", "U"),
    FormRow("Đối ngoại"),
    FormRow("Cống hiến"),
    FormRow("Niên hạn"),
    FormRow("Kháng chiến"),
)


def _numbered(rows: tuple[FormRow, ...], first: int, width: int) -> tuple[FormRow, ...]:
    """The rows with their "Mã số" from ``first`` on, "- " before a row of a group."""
    return tuple(FormRow(row.label if row.label.startswith(("+", "Trong đó")) else
                         f"- {row.label}", f"{first + index:0{width}d}", row.unit, row.counts,
                         row.confidence)
                 for index, row in enumerate(rows))


FORM_0602 = StatisticsForm(
    code="0602", number="0602.N/BNV-TĐKT", title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    measures=AWARDS, systems=(STATE, TRADE_UNION),
    columns=(
        FormColumn("huan_chuong", "Các loại huân chương, huy chương", "2", BOTH),
        FormColumn("giai_thuong_hcm", "Giải thưởng Hồ Chí Minh", "3", (INDIVIDUAL,)),
        FormColumn("giai_thuong_nha_nuoc", "Giải thưởng Nhà nước", "4", (INDIVIDUAL,)),
        FormColumn("vinh_du_nha_nuoc", "Danh hiệu vinh dự nhà nước", "5", BOTH),
        FormColumn("co_chinh_phu", "Cờ thi đua của Chính phủ", "6", (COLLECTIVE,),
                   ("co_chinh_phu",)),
        FormColumn("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "7", BOTH,
                   ("bang_khen_thu_tuong",)),
        FormColumn("cstd_toan_quoc", "Danh hiệu “Chiến sĩ thi đua toàn quốc”", "8",
                   (INDIVIDUAL,), ("cstd_toan_quoc",)),
        FormColumn("khac", "Các hình thức khen thưởng khác", "9", BOTH),
    ),
    rows=(
        FormRow("Tổng số", "1", "", TOTAL),
        FormRow("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng"),
        FormRow("- Bộ, ban, ngành, đoàn thể Trung ương", "2", "Bộ, ngành"),
        FormRow("- Tỉnh, thành phố trực thuộc Trung ương", "3", "Tỉnh, TP"),
        FormRow("2. Chia theo đối tượng khen thưởng"),
        *_numbered(SUBJECT_ROWS, 6, 1),
        FormRow("3. Chia theo phương thức khen thưởng"),
        *_numbered(METHOD_ROWS, 15, 1),
    ),
    notes=(*COMMON_NOTES, *AWARD_NOTES,
           ("Mã số 4, 5 của biểu 0602 không thấy trong nguồn đối chiếu.", "U")),
    split_kinds=True, **HEADER,
)

FORM_0603 = StatisticsForm(
    code="0603", number="0603.N/BNV-TĐKT",
    title="SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ "
          "TRỰC THUỘC TRUNG ƯƠNG",
    measures=AWARDS, systems=(STATE, TRADE_UNION),
    columns=(
        FormColumn("bang_khen", "Bằng khen", "2", BOTH, ("bang_khen_tinh",)),
        FormColumn("cstd_tinh", "Chiến sĩ thi đua cấp bộ, cấp tỉnh", "3", (INDIVIDUAL,),
                   ("cstd_tinh",)),
        FormColumn("co_thi_dua", "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, "
                   "thành phố trực thuộc Trung ương", "4", (COLLECTIVE,), ("co_tinh",)),
        FormColumn("huy_hieu", "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung "
                   "ương, tỉnh, thành phố trực thuộc Trung ương", "5", BOTH),
    ),
    rows=(
        FormRow("Tổng số", "01", "", TOTAL),
        FormRow("1. Chia theo đối tượng khen thưởng"),
        *_numbered(SUBJECT_ROWS, 2, 2),
        FormRow("2. Chia theo phương thức khen thưởng"),
        *_numbered(METHOD_ROWS, 11, 2),
    ),
    notes=(*COMMON_NOTES, *AWARD_NOTES),
    **HEADER,
)

FORM_0601 = StatisticsForm(
    code="0601", number="0601.N/BNV-TĐKT", title="SỐ PHONG TRÀO THI ĐUA",
    measures=CAMPAIGNS, systems=(),
    columns=(
        FormColumn("trung_uong", "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
                   "2", ()),
        FormColumn("bo_tinh", "Cấp bộ, ban, ngành, đoàn thể trung ương, tỉnh, thành phố trực "
                   "thuộc Trung ương", "3", ()),
        FormColumn("co_quan", "Cơ quan, tổ chức, đơn vị", "4", (), ("*",), "U"),
    ),
    rows=(
        FormRow("Tổng số", "01", "Phong trào", TOTAL),
        FormRow("1. Chia theo phạm vi tổ chức thi đua"),
        FormRow("- Toàn quốc", "02"),
        FormRow("- Bộ, ban, ngành, đoàn thể, địa phương", "03"),
        FormRow("- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", "04"),
        FormRow("- Cơ quan, tổ chức, đơn vị", "05", "", TOTAL, "U"),
        FormRow("2. Chia theo thời hạn thi đua"),
        FormRow("- Dưới 1 năm", "06", "", f"{DURATION}0-12"),
        FormRow("- 1 năm", "07", "", f"{DURATION}12-13"),
        FormRow("- Từ 1 năm đến dưới 3 năm", "08", "", f"{DURATION}13-36", "U"),
        FormRow("- Từ 3 năm đến dưới 5 năm", "09", "", f"{DURATION}36-60"),
        FormRow("- Từ 5 năm trở lên", "10", "", f"{DURATION}60-100000"),
        FormRow("3. Chia theo phương thức tổ chức phong trào thi đua"),
        FormRow("- Thi đua theo chuyên đề", "11"),
        FormRow("- Thi đua thường xuyên hàng năm", "12"),
    ),
    notes=(*COMMON_NOTES,
           ("Tính các phong trào do đơn vị và các đơn vị trực thuộc phát động, có ngày bắt đầu "
            "trong kỳ báo cáo, vào cột «Cơ quan, tổ chức, đơn vị».", "U"),
           ("Thời hạn tính theo tháng tròn từ ngày bắt đầu đến ngày kết thúc; «1 năm» là đủ "
            "12 tháng (dưới 13 tháng).", "U"),
           ("Hệ thống chưa lưu phương thức tổ chức của phong trào (theo chuyên đề hay thường "
            "xuyên hằng năm): mã số 11, 12 để trống cho cán bộ điền.", "H")),
    **HEADER,
)

FORM_0604 = StatisticsForm(
    code="0604", number="0604.N/BNV-TĐKT",
    title="SỐ LƯỢNG TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG", measures=NOT_HELD,
    systems=(), columns=(), rows=(),
    notes=(("Tên, dòng và cột của biểu chưa được đối chiếu với văn bản.", "U"),
           ("Hệ thống chưa lưu dữ liệu về tổ chức làm công tác thi đua, khen thưởng: biểu chỉ có "
            "phần đầu, cán bộ điền tay.", "H"), *COMMON_NOTES),
    **{**HEADER, "confidence": "U"},
)

FORM_0605 = StatisticsForm(
    code="0605", number="0605.N/BNV-TĐKT",
    title="SỐ LƯỢNG CÔNG CHỨC, VIÊN CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG", measures=NOT_HELD,
    systems=(), columns=(), rows=(),
    notes=(("Tên, dòng và cột của biểu chưa được đối chiếu với văn bản.", "U"),
           ("Hệ thống chưa lưu dữ liệu về cán bộ, công chức làm công tác thi đua, khen thưởng: "
            "biểu chỉ có phần đầu, cán bộ điền tay.", "H"), *COMMON_NOTES),
    **{**HEADER, "confidence": "U"},
)

FORMS: tuple[StatisticsForm, ...] = (FORM_0601, FORM_0602, FORM_0603, FORM_0604, FORM_0605)
FORM_CODES = tuple(dict.fromkeys(f.code for f in FORMS))


def report_period(key: str, year: int) -> ReportPeriod:
    """The report period ``key`` as in force for the reports of ``year`` (its first
    version for a year before any)."""
    found = [p for p in REPORT_PERIODS if p.key == key]
    if not found:
        keys = ", ".join(dict.fromkeys(p.key for p in REPORT_PERIODS))
        raise InvalidInputError(f"Không có kỳ báo cáo «{key}» (dùng: {keys}).", "period")
    during = [p for p in found if p.effective_from <= date(year, 12, 31)
              and (p.effective_to is None or date(year, 1, 1) <= p.effective_to)]
    return (during or found)[-1]


def statistics_form(code: str, year: int) -> StatisticsForm:
    """The version of form ``code`` that the report of ``year`` is made on: the one in
    force on the last day of the year's report period."""
    if code not in FORM_CODES:
        raise NotFoundError(
            f"Không có biểu thống kê «{code}» (dùng: {', '.join(FORM_CODES)}).", "form")
    for form in FORMS:
        if form.code == code and in_force([form], form.period(year)[1]):
            return form
    first = min(f.effective_from for f in FORMS if f.code == code)
    raise InvalidInputError(
        f"Chưa có biểu {code} áp dụng cho năm {year} (biểu đầu tiên áp dụng từ "
        f"{first:%d/%m/%Y}).", "year")


def forms_in_force(year: int) -> list[StatisticsForm]:
    """The forms of the report of ``year``, one version each."""
    found = []
    for code in FORM_CODES:
        try:
            found.append(statistics_form(code, year))
        except InvalidInputError:
            continue
    return found
