"""Official documents over HTTP: recorded downloads, verification of a clerk's copy."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from typing import Any

import docx
import pytest

from docgen.checker import check_docx
from docgen.render import template_hash
from services.actors import SYSTEM
from tests.support.api import API, Api, browser_login, csrf_token
from tests.support.documents import need_libreoffice
from tests.support.forms import submit
from tests.support.scenarios import campaign_data

SIGNER = {"name": "Nguyễn Thị Thiện", "position": "Chủ tịch", "authority": "TM. Ban Thường vụ"}


@pytest.fixture
def campaign(api: Api) -> dict[str, Any]:
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                     actor=SYSTEM)
    return api.app.campaigns.create_campaign(
        campaign_data(plan={"signer": SIGNER, "recipients": ["Các công đoàn cơ sở"]}),
        actor=SYSTEM)


def upload(api: Api, data: bytes, name: str = "van-ban.docx") -> Any:
    return api.client.post(f"{API}/documents/verify", headers=api.headers,
                           data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")


def test_plan_download_is_a_conformant_docx_and_is_recorded(api: Api, campaign) -> None:
    before = api.app.store.event_count()
    response = api.get(f"/campaigns/{campaign['id']}/plan.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    data = response.data
    sha = hashlib.sha256(data).hexdigest()
    assert response.headers["X-Document-SHA256"] == sha
    assert check_docx(data) == []
    body = docx.Document(io.BytesIO(data)).element.body
    text = "".join(node.text or "" for node in body.iter() if node.tag.endswith("}t"))
    assert "KẾ HOẠCH" in text and "Nguyễn Thị Thiện" in text
    assert "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở" in text
    assert api.app.store.event_count() == before + 2  # Issued + Downloaded
    again = api.get(f"/campaigns/{campaign['id']}/plan.docx")
    assert again.data == data  # deterministic: the same file, the same record
    assert api.app.store.event_count() == before + 3
    listed = api.get("/documents").json
    assert [(d["kind"], d["number"], d["downloads"]) for d in listed] == [
        ("ke_hoach", "117/KH-LĐLĐ", 2)]
    assert listed[0]["template_hash"] == template_hash("ke_hoach")


def test_verify_says_when_what_and_by_whom(api: Api, campaign) -> None:
    data = api.get(f"/campaigns/{campaign['id']}/plan.docx").data
    before = api.app.store.event_count()
    result = upload(api, data)
    assert result.status_code == 200
    body = result.json
    assert body["issued"] is True and body["kind"] == "ke_hoach"
    assert body["number"] == "117/KH-LĐLĐ" and body["issued_by"] == "admin"
    assert body["reference_id"] == campaign["id"] and body["issued_at"]
    # A copy changed by one byte is not ours.
    tampered = bytearray(data)
    tampered[len(tampered) // 2] ^= 1
    other = upload(api, bytes(tampered)).json
    assert other["issued"] is False
    assert other["sha256"] == hashlib.sha256(bytes(tampered)).hexdigest()
    assert api.app.store.event_count() == before  # verifying records nothing


def test_verify_without_a_file_is_refused(api: Api, campaign) -> None:
    before = api.app.store.event_count()
    response = api.client.post(f"{API}/documents/verify", headers=api.headers, data={},
                               content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json["error"]["field"] == "file"
    empty = upload(api, b"")  # of the schema's shape, but nothing to verify
    assert empty.status_code == 422 and empty.json["error"]["field"] == "file"
    assert api.app.store.event_count() == before


def test_a_plan_without_a_signer_is_refused(api: Api) -> None:
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                     actor=SYSTEM)
    campaign = api.app.campaigns.create_campaign(campaign_data(), actor=SYSTEM)
    before = api.app.store.event_count()
    response = api.get(f"/campaigns/{campaign['id']}/plan.docx")
    assert response.status_code == 422
    assert response.json["error"]["field"] == "plan.signer"
    assert "người ký" in response.json["error"]["message"]
    assert api.app.store.event_count() == before


def test_plan_text_is_checked_when_the_campaign_is_launched(api: Api) -> None:
    api.app.organisation.create_unit(code="LDLD", name="Liên đoàn Lao động tỉnh Lai Châu",
                                     actor=SYSTEM)
    before = api.app.store.event_count()
    for plan, field in [({"chu_ky": "x"}, "plan.chu_ky"),
                        ({"purpose": [{"text": "a", "style": "gạch chân"}]},
                         "plan.purpose[0].style"),
                        ({"signer": {"position": "Chủ tịch"}}, "plan.signer.name")]:
        response = api.post("/campaigns", campaign_data(plan=plan))
        assert response.status_code == 400, response.json
        assert response.json["error"]["field"] == field
    assert api.app.store.event_count() == before


@pytest.mark.skipif(shutil.which("soffice") is None
                    and os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") != "1",
                    reason="LibreOffice (soffice) is not installed")
def test_plan_as_pdf_through_libreoffice(api: Api, campaign) -> None:
    response = api.get(f"/campaigns/{campaign['id']}/plan.pdf")
    assert response.status_code == 200, response.data[:200]
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert api.get("/documents").json[0]["downloads"] == 1


def test_clerk_page_lists_documents_and_verifies_an_upload(api: Api, campaign) -> None:
    assert api.client.get("/documents").status_code == 302  # to the login page
    browser_login(api.client, "admin", "mat-khau-admin")
    data = api.client.get(f"/campaigns/{campaign['id']}/plan.docx").data
    page = api.client.get("/documents").get_data(as_text=True)
    assert "117/KH-LĐLĐ" in page and "Kế hoạch" in page
    token = csrf_token(api.client, "/documents")
    checked = api.client.post("/documents/verify",
                              data={"file": (io.BytesIO(data), "ke-hoach.docx"),
                                    "csrf_token": token},
                              content_type="multipart/form-data")
    assert checked.status_code == 200
    assert "Đúng là văn bản đã phát hành" in checked.get_data(as_text=True)
    forged = api.client.post("/documents/verify",
                             data={"file": (io.BytesIO(b"PK fake"), "gia.docx"),
                                   "csrf_token": token},
                             content_type="multipart/form-data")
    assert "Không phải văn bản do hệ thống phát hành" in forged.get_data(as_text=True)
    no_token = api.client.post("/documents/verify",
                               data={"file": (io.BytesIO(data), "ke-hoach.docx")},
                               content_type="multipart/form-data")
    assert no_token.status_code == 400  # CSRF protection on every form
    assert "Biểu mẫu không hợp lệ" in no_token.get_data(as_text=True)


def test_a_downloaded_pdf_is_made_once_and_verifies(api: Api, campaign) -> None:
    need_libreoffice()
    first = api.get(f"/campaigns/{campaign['id']}/plan.pdf")
    again = api.get(f"/campaigns/{campaign['id']}/plan.pdf")
    assert first.status_code == again.status_code == 200
    assert first.data == again.data  # the same bytes: made once, then kept
    sha = hashlib.sha256(first.data).hexdigest()
    assert first.headers["X-Document-SHA256"] == again.headers["X-Document-SHA256"] == sha
    checked = api.post("/documents/verify", data={"file": (io.BytesIO(first.data), "kh.pdf")},
                       content_type="multipart/form-data")
    assert checked.status_code == 200 and checked.json["issued"] is True
    assert checked.json["number"] == "117/KH-LĐLĐ" and checked.json["downloads"] == 2
    docx = api.get(f"/campaigns/{campaign['id']}/plan.docx")
    assert api.post("/documents/verify", data={"file": (io.BytesIO(docx.data), "kh.docx")},
                    content_type="multipart/form-data").json["pdf_sha256"] == sha


@pytest.mark.parametrize("role", ["admin", "unit_clerk", "reviewer", "council_member",
                                  "secretary", "auditor", "specialist"])
def test_every_role_checks_a_file_through_the_documents_page_form(
        api: Api, campaign, role: str) -> None:
    """Fails on 8e6e66e: the page's form carried no CSRF token ("Biểu mẫu không hợp lệ")."""
    data = api.get(f"/campaigns/{campaign['id']}/plan.docx").data
    api.app.accounts.create_user(username="nguoidung", password="mat-khau-dai", role=role,
                                 unit_code="LDLD" if role in ("unit_clerk", "specialist") else None,
                                 actor=SYSTEM)
    assert browser_login(api.client, "nguoidung", "mat-khau-dai").status_code == 302
    before = api.app.store.event_count()
    checked = submit(api.client, "/documents", "/documents/verify",
                     files={"file": (data, "ke-hoach.docx")})
    assert checked.status_code == 200, checked.get_data(as_text=True)[:300]
    html = checked.get_data(as_text=True)
    assert "Đúng là văn bản đã phát hành" in html and "117/KH-LĐLĐ" in html
    tampered = bytearray(data)
    tampered[len(tampered) // 2] ^= 1
    forged = submit(api.client, "/documents", "/documents/verify",
                    files={"file": (bytes(tampered), "ke-hoach.docx")})
    assert forged.status_code == 200
    assert "Không phải văn bản do hệ thống phát hành" in forged.get_data(as_text=True)
    assert api.app.store.event_count() == before  # checking records nothing
