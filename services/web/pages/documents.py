"""Issued documents and checking whether a file is one we issued."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import login_required

from events.errors import DomainError
from services.web.http import read_upload
from services.web.pages.common import bp, thidua


def _documents_page(verified: dict[str, Any] | None = None, error: DomainError | None = None,
                    status: int = 200) -> Any:
    return render_template("documents.html", documents=thidua().documents.list_documents(),
                           verified=verified, error=error), status


@bp.get("/documents")
@login_required
def documents() -> Any:
    return _documents_page()


@bp.post("/documents/verify")
@login_required
def verify_document() -> Any:
    # Verifying writes nothing, so a forged cross-site post could learn nothing new.
    try:
        return _documents_page(verified=thidua().documents.verify(
            read_upload(request.files.get("file"))))
    except DomainError as exc:
        return _documents_page(error=exc, status=400)
