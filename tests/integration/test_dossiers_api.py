"""The dossiers' HTTP API: each tier signed in as itself, real files attached, 400 for a
request off its schema, 422 for what the domain refuses, Idempotency-Key honoured."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import Any

import pytest

from services.config import Settings
from services.files import MAX_BYTES
from services.web import create_app
from tests.support.api import Api, sign_in
from tests.support.awards_world import AWARDS_TODAY
from tests.support.stores import AppFactory
from tests.support.tiers import PASSWORD, Tiers, build_tiers
from tests.support.upload_files import (
    EXE_AS_PDF,
    HTML_AS_PDF,
    docx_file,
    pdf,
    png,
    xlsx_file,
    zip_not_office,
)


class Tier:
    """One account's view of the API."""

    def __init__(self, api: Api) -> None:
        self.api = api

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.api.post(path, {} if body is None else body, **kwargs)

    def upload(self, dossier_id: str, data: bytes, name: str,
               content_type: str = "application/pdf") -> Any:
        return self.api.client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments", headers=self.api.headers,
            data={"file": (io.BytesIO(data), name, content_type)},
            content_type="multipart/form-data")


@pytest.fixture
def world(sqlite_settings: Settings, open_app: AppFactory) -> Iterator[dict[str, Any]]:
    app = open_app(sqlite_settings, clock=lambda: AWARDS_TODAY)
    tiers = build_tiers(app)
    client = create_app(sqlite_settings, thidua=app).test_client()

    def tier(username: str) -> Tier:
        return Tier(Api(client, app, sign_in(client, username, PASSWORD)))

    yield {"tiers": tiers, "tier": tier}


def body(tiers: Tiers, **changes: Any) -> dict[str, Any]:
    return {"campaign_id": tiers.world.campaign, "award": "bk_ldld_tinh", "year": 2025,
            "nominees": [{"subject_kind": "individual", "subject_id": tiers.minh,
                          "summary": "Hai năm liền Chiến sĩ thi đua cơ sở."},
                         {"subject_kind": "individual", "subject_id": tiers.huong,
                          "summary": "Hoàn thành xuất sắc nhiệm vụ."}], **changes}


def test_the_chain_through_the_api(world: dict[str, Any]) -> None:
    tiers, tier = world["tiers"], world["tier"]
    school, sector, province = tier("vanthu-truong1"), tier("vanthu-nganh"), tier("vanthu-tinh")
    specialist = tier("chuyenvien-tinh")

    created = school.post("/dossiers", body(tiers), key="ho-so-truong-1")
    assert created.status_code == 201, created.json
    again = school.post("/dossiers", body(tiers), key="ho-so-truong-1")
    assert (again.status_code, again.json["id"]) == (201, created.json["id"])
    dossier = created.json["id"]
    assert created.json["actions"] == ["submit", "withdraw", "attach"]

    assert school.post(f"/dossiers/{dossier}/submit").json["tier_unit_code"] == "CDN-GD"
    refused = sector.post(f"/dossiers/{dossier}/return", {})
    assert (refused.status_code, refused.json["error"]["field"]) == (400, "reason")
    assert "reason" in refused.json["error"]["message"]
    returned = sector.post(f"/dossiers/{dossier}/return", {"reason": "Thiếu báo cáo."})
    assert returned.json["status"] == "returned"
    assert school.post(f"/dossiers/{dossier}/submit").status_code == 200
    assert province.post(f"/dossiers/{dossier}/forward").status_code == 403
    assert sector.post(f"/dossiers/{dossier}/forward").json["tier_unit_code"] == "LDLD"

    waiting = province.api.get("/dossiers?tier_unit_code=LDLD&status=forwarded").json
    assert [d["id"] for d in waiting] == [dossier]
    assigned = province.post(f"/dossiers/{dossier}/assign", {"specialist": "chuyenvien-tinh"})
    assert assigned.json["specialist"] == "chuyenvien-tinh"

    wrong = specialist.post(f"/dossiers/{dossier}/verdicts",
                            {"subject_id": tiers.huong, "eligible": True})
    assert (wrong.status_code, wrong.json["error"]["field"]) == (422, "eligible")
    assert "căn cứ" in wrong.json["error"]["message"]
    for subject, eligible, reason in ((tiers.minh, True, ""),
                                      (tiers.huong, False, "Chưa đủ hai năm CSTĐCS.")):
        answer = specialist.post(f"/dossiers/{dossier}/verdicts", {
            "subject_id": subject, "eligible": eligible, "reason": reason})
        assert answer.status_code == 200, answer.json
    assert province.post(f"/dossiers/{dossier}/accept").status_code == 403  # a clerk
    accepted = specialist.post(f"/dossiers/{dossier}/accept", key="tiep-nhan-1")
    assert accepted.status_code == 200, accepted.json
    assert specialist.post(f"/dossiers/{dossier}/accept", key="tiep-nhan-1").json == \
        accepted.json
    nomination = accepted.json["nominations"][tiers.minh]
    shown = province.api.get(f"/nominations/{nomination}").json
    assert (shown["dossier_id"], shown["subject_name"]) == (dossier, "Lò Văn Minh")


def test_a_domain_refusal_is_422_and_a_schema_refusal_400(world: dict[str, Any]) -> None:
    tiers, school = world["tiers"], world["tier"]("vanthu-truong1")
    outside = school.post("/dossiers", body(tiers, nominees=[
        {"subject_kind": "individual", "subject_id": tiers.world.people["pao"],
         "summary": "Tốt."}]))
    assert (outside.status_code, outside.json["error"]["field"]) == \
        (422, "nominees[0].subject_id")
    empty = school.post("/dossiers", body(tiers, nominees=[]))
    assert (empty.status_code, empty.json["error"]["field"]) == (400, "nominees")
    assert "nominees" in empty.json["error"]["message"]
    other_branch = school.post("/dossiers", body(tiers, unit_code="CDCS-HC1"))
    assert other_branch.status_code == 403
    assert school.api.get("/dossiers?status=lost").status_code == 400


def test_attachments_are_checked_from_their_content(world: dict[str, Any]) -> None:
    tiers, tier = world["tiers"], world["tier"]
    school = tier("vanthu-truong1")
    dossier = school.post("/dossiers", body(tiers)).json["id"]
    real = {"to-trinh.pdf": pdf("Tờ trình"), "bao-cao.docx": docx_file(),
            "danh-sach.xlsx": xlsx_file(), "anh-giay-khen.png": png()}
    for name, data in real.items():
        answer = school.upload(dossier, data, name)
        assert answer.status_code == 201, (name, answer.json)
    kept = {a["name"]: a["type_name"] for a in answer.json["attachments"]}
    assert kept == {"to-trinh.pdf": "PDF", "bao-cao.docx": "DOCX", "danh-sach.xlsx": "XLSX",
                    "anh-giay-khen.png": "PNG"}

    for data, name in ((EXE_AS_PDF, "quyet-dinh.pdf"), (HTML_AS_PDF, "bao-cao.pdf"),
                       (zip_not_office(), "bao-cao.docx")):
        lying = school.upload(dossier, data, name)
        assert (lying.status_code, lying.json["error"]["field"]) == (422, "file"), name
        assert "Nội dung tệp" in lying.json["error"]["message"]
    big = school.upload(dossier, pdf() + b"0" * MAX_BYTES, "qua-lon.pdf")
    assert big.status_code == 422 and "10 MB" in big.json["error"]["message"]
    shown = school.api.get(f"/dossiers/{dossier}").json
    assert len(shown["attachments"]) == 4  # nothing of the refused files kept

    # A PNG named .pdf is kept as what it is.
    renamed = school.upload(dossier, png(3, 3), "giay-khen.pdf").json["attachments"][-1]
    assert renamed["type"] == "image/png"

    # The tiers above download the files byte for byte; another branch cannot.
    school.post(f"/dossiers/{dossier}/submit")
    sha = hashlib.sha256(real["bao-cao.docx"]).hexdigest()
    got = tier("vanthu-nganh").api.get(f"/dossiers/{dossier}/attachments/{sha}")
    assert got.status_code == 200 and got.data == real["bao-cao.docx"]
    assert got.headers["X-Content-SHA256"] == sha
    assert tier("vanthu-so1").api.get(f"/dossiers/{dossier}/attachments/{sha}").status_code \
        == 404
    assert tier("vanthu-so1").api.get(f"/dossiers/{dossier}").status_code == 404
    assert tier("vanthu-nganh").api.get(
        f"/dossiers/{dossier}/attachments/{'0' * 64}").status_code == 404
