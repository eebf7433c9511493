"""The pages of the real flow's papers as LibreOffice prints them (issue 13, section 6).

Every paper of a trade union and of a state agency (``tests/support/paper_flows.py``),
converted to PDF and measured with ``pdftotext -bbox-layout``: no page is left more than a
quarter empty before the signature, the signature block never stands alone at the top of
its page, and nothing is lost on the way. The same again with the body made longer line by
line, so that the last article and the signature fall at every height of a page. A PDF a
clerk downloads is made once and verifies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen import pdf
from docgen.render import render
from services.actors import SYSTEM
from services.usecases.paper_texts import upgraded
from tests.support.documents import (
    PdfPage,
    blank_before_signature,
    need_libreoffice,
    pdf_layout,
    pdf_pages,
    recipients_apart_from_signature,
    signer_names,
    text_of,
)
from tests.support.paper_flows import Flow, open_app, print_papers, state_flow, union_flow

# The list of each paper that its clerk may make longer: the signature then lands anywhere
# on the page.
PADDED = {"quyet_dinh_khen_thuong": "basis", "to_trinh": "intro",
          "bien_ban_hop_hoi_dong": "content", "bao_cao_dien_hinh": "proposals",
          "ke_hoach": "implementation"}
EXTRA = "Căn cứ văn bản bổ sung số {n} để kiểm tra bố cục trang khi nội dung dài thêm một dòng"
# The first line of a signature block of each kind of paper (the Biên bản has two).
SIGNATURE_OPENINGS = ("Nơi nhận:", "THƯ KÝ", "CHỦ TRÌ")


@pytest.fixture(scope="module")
def flows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Flow]]:
    apps = [open_app(tmp_path_factory.mktemp(who)) for who in ("union", "state")]
    yield {"union": union_flow(apps[0]), "state": state_flow(apps[1])}
    for app in apps:
        app.close()


@pytest.fixture(scope="module")
def printed(flows: dict[str, Flow],
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    need_libreoffice()
    return print_papers(flows, tmp_path_factory.mktemp("pdf"))


def _contexts(flow: Flow) -> dict[str, tuple[str, dict[str, Any]]]:
    papers, found = flow.app.papers, {}
    for name, record in flow.records.items():
        if name.startswith("quyet_dinh"):
            found[name] = ("quyet_dinh_khen_thuong",
                           papers.decision_context(flow.app.decisions.decision(record["id"])))
        else:
            paper = papers.paper(record["id"])
            found[name] = (paper.template, upgraded(paper.context))
    campaign = flow.app.campaigns.get_campaign(flow.ids["campaign"])
    found["ke_hoach"] = ("ke_hoach", flow.app.documents.plan_context(campaign))
    return found


def signature_alone_at_the_top(pages: list[PdfPage]) -> bool:
    """Whether the page holding the signature opens with it (above it: only the page
    number), the body's last words left on the page before."""
    for page in pages:
        lines = [text for _, _, text in sorted(page.lines) if not text.isdigit()]
        if any(line.startswith(SIGNATURE_OPENINGS) for line in lines):
            return lines[0].startswith(SIGNATURE_OPENINGS)
    raise AssertionError("no signature block")


def test_no_page_is_left_more_than_a_quarter_empty_before_the_signature(
        flows: dict[str, Flow], printed: dict[str, Path], tmp_path: Path) -> None:
    """Every paper as downloaded, and each again with 1 to 12 more lines in its body."""
    assert len(printed) == sum(len(flow.papers) for flow in flows.values()) >= 14
    papers = {f"{who}-{name}": data for who, flow in flows.items()
              for name, data in flow.papers.items()}
    for name, path in printed.items():
        pages = pdf_layout(path)
        shares = blank_before_signature(pages)
        assert all(share <= 0.25 for share in shares), (name, shares)
        assert not signature_alone_at_the_top(pages), name
        assert not recipients_apart_from_signature(pages, signer_names(papers[name])), name
    files = {}
    for who, flow in flows.items():
        for name, (template, context) in _contexts(flow).items():
            for n in range(1, 13):
                longer = {**context, PADDED[template]: [
                    *context[PADDED[template]], *(EXTRA.format(n=i) for i in range(n))]}
                files[f"{who}-{name}-{n:02d}"] = render(template, longer)
    moved = 0
    for name, data in pdf.to_pdfs(files).items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        pages = pdf_layout(path)
        shares = blank_before_signature(pages)
        assert all(share <= 0.25 for share in shares), (name, shares)
        assert not signature_alone_at_the_top(pages), name
        # Nơi nhận on the page of the signatures, never alone on the next one.
        assert not recipients_apart_from_signature(pages, signer_names(files[name])), name
        moved += len(shares) > 0
        # Nothing lost on the way (a table's header row alone at the foot of a page once
        # made LibreOffice drop the rows below it).
        lost = set(text_of(files[name]).split()) - set(" ".join(pdf_pages(path)).split())
        assert not lost, (name, sorted(lost)[:10])
    assert moved > len(files) // 2  # most land past the first page: the rule was tried


def test_a_downloaded_pdf_is_made_once_and_verifies(flows: dict[str, Flow]) -> None:
    need_libreoffice()
    for who, number in (("union", "01/QĐ-LĐLĐ"), ("state", "01/QĐ-SGDĐT")):
        app, record = flows[who].app, flows[who].records["quyet_dinh"]
        document = app.papers.decision_document(record["id"], SYSTEM)
        first = app.documents.pdf_of(document, SYSTEM)
        again = app.documents.pdf_of(app.papers.decision_document(record["id"], SYSTEM),
                                     SYSTEM)
        assert first.data == again.data and first.data.startswith(b"%PDF")
        verified = app.documents.verify(first.data)
        assert verified["issued"] is True and verified["number"] == number
        assert verified["made_from"] == document.sha256 and verified["sha256"] == first.sha256
