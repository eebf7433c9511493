"""The NĐ 30 checker on the papers of the real flow (issue 13, section 7).

Every paper a clerk downloads — Kế hoạch, Quyết định, Tờ trình, Biên bản, Báo cáo — passes
``check-docx`` as generated. Then each is broken by hand, one rule at a time, the way a
clerk might in Word (python-docx on the generated file), and the checker must name the rule
that broke, in Vietnamese, and where.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from docgen import layout
from docgen.checker import Violation, check_docx, main, rule_ids
from events.errors import InvalidInputError
from tests.support.awards_world import AWARDS_TODAY
from tests.support.real_papers import (
    PAPERS,
    STATE_PAPERS,
    award_papers,
    real_papers,
    with_store,
)

W = f"{{{layout.W}}}"


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The five kinds of paper, and a state agency's, made once through the real flow."""
    return real_papers(tmp_path_factory.mktemp("papers"))


def read(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def save(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def shown(violations: list[Violation]) -> str:
    return "\n".join(map(str, violations)) or "(nothing reported)"


# --- finding the parts of a generated paper ----------------------------------------------


def header_line(document: DocumentObject, start: str) -> Paragraph:
    """The line of the header table (agency, Quốc hiệu, Số, date) that starts with ``start``."""
    for row in document.tables[0].rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                if p.text.strip().startswith(start):
                    return p
    raise AssertionError(f"no header line starting with {start!r}")


def body_line(document: DocumentObject, start: str, *, exact: bool = False) -> Paragraph:
    """The first top-level paragraph that starts with (or is) ``start``."""
    for p in document.paragraphs:
        text = p.text.strip()
        if text == start or (not exact and text.startswith(start)):
            return p
    raise AssertionError(f"no paragraph starting with {start!r}")


def type_name(document: DocumentObject) -> Paragraph:
    """The type name: the first top-level paragraph with text."""
    return next(p for p in document.paragraphs if p.text.strip())


def summary(document: DocumentObject) -> Paragraph:
    """The trích yếu: the line under the type name."""
    return [p for p in document.paragraphs if p.text.strip()][1]


def authority(document: DocumentObject) -> Paragraph:
    """The issuing-authority line of a Quyết định: the line right above the first căn cứ."""
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    first_basis = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Căn cứ"))
    return paragraphs[first_basis - 1]


def signature_cell(document: DocumentObject, first_line: str) -> _Cell:
    """The cell of the closing table whose first line starts with ``first_line``."""
    for table in document.tables[1:]:
        for row in table.rows:
            for cell in row.cells:
                lines = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
                if lines and lines[0].startswith(first_line):
                    return cell
    raise AssertionError(f"no signature starting with {first_line!r}")


def signature_line(document: DocumentObject, first_line: str, text: str) -> Paragraph:
    cell = signature_cell(document, first_line)
    return next(p for p in cell.paragraphs if p.text.strip() == text)


def line_after(p: Paragraph, text: str) -> None:
    """A copy of ``p`` (its formatting) reading ``text``, set just after it."""
    twin = copy.deepcopy(p._p)
    p._p.addnext(twin)
    line = Paragraph(twin, p._parent)
    replace_in_runs(line, ".+", text)


def signer_name(document: DocumentObject, first_line: str) -> Paragraph:
    cell = signature_cell(document, first_line)
    return [p for p in cell.paragraphs if p.text.strip()][-1]


def body_tables(document: DocumentObject) -> list:
    """The bordered tables of the body and the appendix (not the header or the closing)."""
    return [t for t in document.tables[1:]
            if not any(p.text.strip().startswith(("Nơi nhận", "TM.", "KT.", "THƯ KÝ"))
                       for row in t.rows for cell in row.cells for p in cell.paragraphs)]


def page_number(document: DocumentObject) -> Paragraph:
    header = document.sections[0].header
    return next(p for p in header.paragraphs if "PAGE" in p._p.xml)


# --- ways to break a paper ---------------------------------------------------------------


def italic(p: Paragraph) -> None:
    for run in p.runs:
        run.font.italic = True


def bold(p: Paragraph) -> None:
    for run in p.runs:
        run.font.bold = True


def size(p: Paragraph, points: float) -> None:
    for run in p.runs:
        run.font.size = Pt(points)


def remove(p: Paragraph) -> None:
    p._p.getparent().remove(p._p)


def replace_in_runs(p: Paragraph, pattern: str, repl: str | Callable[[re.Match], str]) -> None:
    """Replace inside each run, keeping every run's formatting."""
    count = 0
    for run in p.runs:
        run.text, n = re.subn(pattern, repl, run.text, flags=re.IGNORECASE)
        count += n
    assert count, f"{pattern!r} not in {p.text!r}"


def run_property(p: Paragraph, tag: str, value: str) -> None:
    for run in p.runs:
        element = OxmlElement(f"w:{tag}")
        element.set(f"{W}val", value)
        run._r.get_or_add_rPr().append(element)


def blank_lines_after(p: Paragraph, count: int) -> None:
    for _ in range(count):
        p._p.addnext(OxmlElement("w:p"))


def clear_cell(cell: _Cell) -> None:
    """Empty a signature, up to the Nơi nhận under it (a Biên bản's secretary)."""
    for p in cell.paragraphs:
        if p.text.strip().startswith("Nơi nhận"):
            return
        for run in p.runs:
            run.text = ""


def recipients_after_the_signatures(document: DocumentObject) -> None:
    """Take a Biên bản's Nơi nhận out of the signatures' row and set it below the table,
    where LibreOffice may carry it alone to the next page."""
    cell = signature_cell(document, "THƯ KÝ")
    paragraphs = cell.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Nơi nhận"))
    table = cell._tc.getparent().getparent()
    for p in reversed(paragraphs[start:]):
        table.addnext(p._p)


def table_size(document: DocumentObject, index: int, points: float) -> None:
    for row in body_tables(document)[index].rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                size(p, points)


def off_centre(p: Paragraph) -> None:
    p.paragraph_format.left_indent = Mm(12)


def align_left(p: Paragraph) -> None:
    p.paragraph_format.alignment = 0


def number_beside_agency(document: DocumentObject) -> None:
    """Move "Số: …" into the agency's cell, a row above the date line."""
    number = header_line(document, "Số:")
    cell = number._parent
    document.tables[0].rows[0].cells[0]._tc.append(number._p)
    cell._tc.append(OxmlElement("w:p"))


def page_number_in_footer(document: DocumentObject) -> None:
    p = page_number(document)
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    footer._element.append(copy.deepcopy(p._p))
    remove(p)


def header_below_top_margin(document: DocumentObject) -> None:
    document.sections[0].header_distance = Mm(25)


def appendix_cites_next_day(document: DocumentObject) -> None:
    def next_day(match: re.Match) -> str:
        day = int(match.group(1))
        return f"ngày {day % 28 + 1:02d} tháng"
    replace_in_runs(body_line(document, "(Kèm theo"), r"ngày (\d{2}) tháng", next_day)


def no_quorum(document: DocumentObject) -> None:
    """Drop the counts of members present, keeping the sentences."""
    touched = 0
    for p in document.paragraphs:
        if re.search(r"có mặt:?\s*\d", p.text, re.IGNORECASE):
            replace_in_runs(p, r"có mặt:?\s*\d+(?:/\d+)?( thành viên)?", "có mặt")
            touched += 1
    assert touched


def hidden(p: Paragraph) -> None:
    for run in p.runs:
        run.font.hidden = True


# (paper, what is broken, how, rule id, a piece of the message)
Mutation = tuple[str, str, Callable[[DocumentObject], None], str, str]
MUTATIONS: list[Mutation] = [
    # Quyết định
    ("quyet_dinh", "Quốc hiệu in italic", lambda d: italic(header_line(d, "CỘNG HÒA")),
     "ND30.upright", "Quốc hiệu: kiểu chữ đứng"),
    ("quyet_dinh", "Tiêu ngữ in italic", lambda d: italic(header_line(d, "Độc lập")),
     "ND30.upright", "Tiêu ngữ: kiểu chữ đứng"),
    ("quyet_dinh", "agency name in italic", lambda d: italic(header_line(d, "LIÊN ĐOÀN")),
     "ND30.upright", "Tên cơ quan: kiểu chữ đứng"),
    ("quyet_dinh", "type name in italic", lambda d: italic(type_name(d)),
     "ND30.upright", "Tên loại văn bản: kiểu chữ đứng"),
    ("quyet_dinh", "signer's title in italic",
     lambda d: italic(signature_line(d, "TM.", "CHỦ TỊCH")),
     "ND30.upright", "Quyền hạn, chức vụ người ký: kiểu chữ đứng"),
    ("quyet_dinh", "Quốc hiệu left-aligned", lambda d: align_left(header_line(d, "CỘNG HÒA")),
     "ND30.header.alignment", "Quốc hiệu phải đặt canh giữa"),
    ("quyet_dinh", "agency name off-centre", lambda d: off_centre(header_line(d, "LIÊN ĐOÀN")),
     "ND30.header.alignment", "Tên cơ quan phải đặt canh giữa"),
    ("quyet_dinh", "date line left-aligned", lambda d: align_left(header_line(d, "Lai Châu")),
     "ND30.header.alignment", "Địa danh và thời gian phải đặt canh giữa"),
    ("quyet_dinh", "Số line left-aligned", lambda d: align_left(header_line(d, "Số:")),
     "ND30.number.position", "canh giữa dưới tên cơ quan"),
    ("quyet_dinh", "Số line a row above the date", number_beside_agency,
     "ND30.number.position", "trên cùng một hàng"),
    ("quyet_dinh", "Điều 2 in 13 pt among 14 pt", lambda d: size(body_line(d, "Điều 2."), 13),
     "ND30.body.one_size", "một cỡ chữ thống nhất (cỡ 14)"),
    ("quyet_dinh", "Điều 1 all bold", lambda d: bold(body_line(d, "Điều 1.")),
     "ND30.body.emphasis", "cả đoạn không in đậm"),
    ("quyet_dinh", "Điều 2 all italic", lambda d: italic(body_line(d, "Điều 2.")),
     "ND30.body.emphasis", "cả đoạn không in nghiêng"),
    ("quyet_dinh", "appendix table in 10 pt", lambda d: table_size(d, -1, 10),
     "ND30.table.size", "Chữ trong bảng cỡ từ 12 trở lên (cỡ đang là 10)"),
    ("quyet_dinh", "page number in 11 pt", lambda d: size(page_number(d), 11),
     "ND30.page_number.style", "Số trang cỡ 13-14 (cỡ đang là 11)"),
    ("quyet_dinh", "page number in italic", lambda d: italic(page_number(d)),
     "ND30.page_number.style", "Số trang kiểu chữ đứng, không in nghiêng"),
    ("quyet_dinh", "page number in the footer", page_number_in_footer,
     "ND30.page_number.position", "không đặt ở chân trang"),
    ("quyet_dinh", "header below the top margin", header_below_top_margin,
     "ND30.page_number.position", "phải nằm trong phần lề trên"),
    ("quyet_dinh", "hidden text in Điều 3", lambda d: hidden(body_line(d, "Điều 3.")),
     "ND30.font.hidden", "không được có chữ ẩn"),
    ("quyet_dinh", "trích yếu scaled to 80 %",
     lambda d: run_property(summary(d), "w", "80"),
     "ND30.font.scale", "không co giãn (đang co giãn 80 %)"),
    ("quyet_dinh", "no “QUYẾT ĐỊNH:” line",
     lambda d: remove(body_line(d, "QUYẾT ĐỊNH:", exact=True)),
     "ND30.decision.operative", "Thiếu dòng “QUYẾT ĐỊNH:”"),
    ("quyet_dinh", "no issuing-authority line", lambda d: remove(authority(d)),
     "ND30.decision.authority", "dòng thẩm quyền ban hành"),
    ("quyet_dinh", "no TM. for the Ban Thường vụ",
     lambda d: remove(signature_line(d, "TM.", "TM. BAN THƯỜNG VỤ")),
     "ND30.signature.collective", "phải ký thay mặt tập thể"),
    ("quyet_dinh", "TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH",
     lambda d: replace_in_runs(signature_line(d, "TM.", "CHỦ TỊCH"), "^CHỦ TỊCH",
                               "PHÓ CHỦ TỊCH"),
     "ND30.signature.deputy", "“KT. CHỦ TỊCH”, rồi “PHÓ CHỦ TỊCH”"),
    ("quyet_dinh", "appendix dated the next day", appendix_cites_next_day,
     "ND30.appendix.date", "khác ngày ban hành văn bản"),
    ("quyet_dinh", "blank lines before the signature",
     lambda d: blank_lines_after(body_line(d, "Điều 3."), 2),
     "ND30.empty_paragraphs", "nhiều dòng trống liên tiếp"),
    ("quyet_dinh", "signer's name in capitals",
     lambda d: replace_in_runs(signer_name(d, "TM."), ".+", lambda m: m.group(0).upper()),
     "ND30.signature.name", "không viết in hoa cả tên: “NGUYỄN THỊ THIỆN”"),
    # Biên bản
    ("bien_ban", "no thời gian", lambda d: remove(body_line(d, "Thời gian")),
     "ND30.minutes.time", "thời gian bắt đầu"),
    ("bien_ban", "no thành phần", lambda d: remove(body_line(d, "Thành phần")),
     "ND30.minutes.attendance", "thành phần tham dự"),
    ("bien_ban", "no quorum", no_quorum,
     "ND30.minutes.quorum", "số thành viên có mặt trên tổng số"),
    ("bien_ban", "no kết luận", lambda d: remove(body_line(d, "Kết luận")),
     "ND30.minutes.conclusion", "phần “Kết luận: …”"),
    ("bien_ban", "no secretary's signature", lambda d: clear_cell(signature_cell(d, "THƯ KÝ")),
     "ND30.minutes.signatures", "thiếu chữ ký của thư ký"),
    ("bien_ban", "no chair's signature", lambda d: clear_cell(signature_cell(d, "CHỦ TRÌ")),
     "ND30.minutes.signatures", "thiếu chữ ký của chủ trì"),
    ("bien_ban", "vote table in 11 pt", lambda d: table_size(d, 0, 11),
     "ND30.table.size", "(cỡ đang là 11)"),
    ("bien_ban", "Nơi nhận after the signatures' row", recipients_after_the_signatures,
     "ND30.recipients.position", "ngay dưới chữ ký của thư ký"),
    ("bien_ban", "hidden conclusion", lambda d: hidden(body_line(d, "Kết luận")),
     "ND30.font.hidden", "không được có chữ ẩn"),
    # Tờ trình
    ("to_trinh", "no Kính gửi", lambda d: remove(body_line(d, "Kính gửi")),
     "ND30.proposal.addressee", "phần “Kính gửi: …”"),
    ("to_trinh", "signer's name in capitals",
     lambda d: replace_in_runs(signer_name(d, "TM."), ".+", lambda m: m.group(0).upper()),
     "ND30.signature.name", "không viết in hoa cả tên"),
    ("to_trinh", "nominee table in 11 pt", lambda d: table_size(d, 0, 11),
     "ND30.table.size", "(cỡ đang là 11)"),
    ("to_trinh", "Kính gửi in 13 pt", lambda d: size(body_line(d, "Kính gửi"), 13),
     "ND30.body.one_size", "đoạn này cỡ 13"),
    # Báo cáo
    ("bao_cao", "closing paragraph all bold", lambda d: bold(body_line(d, "Đề nghị")),
     "ND30.body.emphasis", "cả đoạn không in đậm"),
    ("bao_cao", "KT. line in italic", lambda d: italic(signature_line(d, "KT.", "KT. CHỦ TỊCH")),
     "ND30.upright", "Quyền hạn, chức vụ người ký: kiểu chữ đứng"),
    ("bao_cao", "KT. CHỦ TỊCH / CHỦ TỊCH",
     lambda d: replace_in_runs(signature_line(d, "KT.", "PHÓ CHỦ TỊCH"), "^PHÓ ", ""),
     "ND30.signature.deputy", "dòng dưới là chức vụ cấp phó (“PHÓ CHỦ TỊCH”)"),
    ("quyet_dinh", "TM. BAN THƯỜNG VỤ / TL. CHỦ TỊCH / CHỦ TỊCH",
     lambda d: line_after(signature_line(d, "TM.", "TM. BAN THƯỜNG VỤ"), "TL. CHỦ TỊCH"),
     "ND30.signature.deputy", "chỉ dùng khi cấp phó ký thay mặt tập thể"),
    ("bao_cao", "character spacing condensed",
     lambda d: run_property(body_line(d, "Đề nghị"), "spacing", "-20"),
     "ND30.font.scale", "không giãn hay nén (đang nén 1 pt)"),
    ("bao_cao", "motto off-centre", lambda d: off_centre(header_line(d, "Độc lập")),
     "ND30.header.alignment", "Tiêu ngữ phải đặt canh giữa"),
    # Kế hoạch
    ("ke_hoach", "agency name left-aligned", lambda d: align_left(header_line(d, "LIÊN ĐOÀN")),
     "ND30.header.alignment", "Tên cơ quan phải đặt canh giữa"),
    ("ke_hoach", "a section in 13 pt", lambda d: size(body_line(d, "- Động viên"), 13),
     "ND30.body.one_size", "đoạn này cỡ 13"),
    ("ke_hoach", "criteria table in 11.5 pt", lambda d: table_size(d, 0, 11.5),
     "ND30.table.size", "(cỡ đang là 11,5)"),
    ("ke_hoach", "blank lines after the intro",
     lambda d: blank_lines_after(body_line(d, "Để tổ chức"), 2),
     "ND30.empty_paragraphs", "sau đoạn “Để tổ chức"),
    ("ke_hoach", "a purpose item all italic", lambda d: italic(body_line(d, "- Động viên")),
     "ND30.body.emphasis", "cả đoạn không in nghiêng"),
    ("ke_hoach", "Số line off-centre", lambda d: off_centre(header_line(d, "Số:")),
     "ND30.number.position", "canh giữa dưới tên cơ quan"),
]


@pytest.mark.parametrize("paper", PAPERS + STATE_PAPERS)
def test_every_paper_of_the_real_flow_passes_the_checker(paper: str,
                                                          papers: dict[str, bytes]) -> None:
    assert check_docx(papers[paper]) == [], shown(check_docx(papers[paper]))


# A page number moved to the footer is also missing from the header.
ALSO_BROKEN = {"page number in the footer": {"ND30.page_number.field"}}


@pytest.mark.parametrize(
    ("paper", "what", "mutate", "rule", "message"),
    [pytest.param(paper, what, mutate, rule, message, id=f"{paper}: {what}")
     for paper, what, mutate, rule, message in MUTATIONS])
def test_the_checker_names_the_rule_a_hand_edit_breaks(
        paper: str, what: str, mutate: Callable[[DocumentObject], None], rule: str,
        message: str, papers: dict[str, bytes]) -> None:
    document = read(papers[paper])
    mutate(document)
    broken = save(document)
    assert broken != papers[paper]
    violations = check_docx(broken)
    # The rule, its message in Vietnamese and where: "rule: message [place]".
    assert any(v.rule == rule and message in f"{v.message} [{v.location}]"
               for v in violations), shown(violations)
    # One break, one rule: nothing else is reported.
    assert rule_ids(violations) == {rule} | ALSO_BROKEN.get(what, set()), shown(violations)


def test_there_are_at_least_thirty_single_rule_breaks_over_every_kind_of_paper() -> None:
    assert len(MUTATIONS) >= 30
    assert {paper for paper, *_ in MUTATIONS} == set(PAPERS)


def test_a_deputy_signs_for_the_ban_thuong_vu_on_three_lines_the_checker_accepts(
        tmp_path: Path) -> None:
    """A deputy signing for the Ban Thường vụ carries both authority lines ("TM. BAN
    THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"); "TM. Ban Thường vụ" straight over "Phó Chủ
    tịch", which Điều 13 NĐ 30/2020 does not allow, is refused before a number is taken."""
    deputy = {"name": "Lê Văn Phó", "position": "Phó Chủ tịch",
              "authority": "TM. Ban Thường vụ"}
    with pytest.raises(InvalidInputError) as refused:
        with_store(tmp_path / "refused", AWARDS_TODAY,
                   lambda app: award_papers(app, proposal_signer=deputy))
    assert refused.value.field == "signer.authority"
    assert "“TM. BAN THƯỜNG VỤ”, “KT. CHỦ TỊCH”, rồi “PHÓ CHỦ TỊCH”" in refused.value.message
    made = with_store(tmp_path / "signed", AWARDS_TODAY, lambda app: award_papers(
        app, proposal_signer={**deputy, "deputy": "KT. Chủ tịch"}))
    assert check_docx(made["to_trinh"]) == [], shown(check_docx(made["to_trinh"]))
    cell = signature_cell(read(made["to_trinh"]), "TM.")
    assert [p.text.strip() for p in cell.paragraphs if p.text.strip()] == [
        "TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Phó"]


def test_check_docx_prints_the_new_rules_with_the_file_and_the_place(
        papers: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = read(papers["quyet_dinh"])
    italic(header_line(document, "CỘNG HÒA"))
    path = tmp_path / "qd.docx"
    path.write_bytes(save(document))
    assert main([str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}: ND30.upright: Quốc hiệu: kiểu chữ đứng, không in nghiêng "
                   "[bảng đầu trang, cột phải: “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”]"]
