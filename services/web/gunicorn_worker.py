"""gunicorn's sync worker answering in our JSON error shape what gunicorn refuses itself.

A request line over ``--limit-request-line`` (4094 bytes: a very long URL) or headers over
their limits never reach Flask: gunicorn writes an HTML page. This worker writes
``{"error": {"code", "message", "field"}}`` in Vietnamese instead (414, 431); any other
error goes the parent's way. ``thidua serve`` and the Docker image run gunicorn with
``--worker-class services.web.gunicorn_worker.JsonErrorWorker``.
"""

from __future__ import annotations

import json
from typing import Any

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.sync import SyncWorker

ANSWERS = {
    LimitRequestLine: (414, "URI Too Long", "uri_too_long",
                       "Địa chỉ (URL) yêu cầu quá dài; hãy rút gọn các tham số truy vấn."),
    LimitRequestHeaders: (431, "Request Header Fields Too Large", "headers_too_large",
                          "Phần đầu (header) của yêu cầu quá lớn."),
}


def json_error(status: int, reason: str, code: str, message: str) -> bytes:
    """A whole HTTP/1.1 answer carrying the error as JSON (the connection then closes)."""
    body = json.dumps({"error": {"code": code, "message": message, "field": None}},
                      ensure_ascii=False).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            "Content-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
    return head + body


class JsonErrorWorker(SyncWorker):
    """``SyncWorker`` whose own refusals of over-long requests are JSON."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        answer = next((a for kind, a in ANSWERS.items() if isinstance(exc, kind)), None)
        if answer is None:
            super().handle_error(req, client, addr, exc)
            return
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            util.write_nonblock(client, json_error(*answer))
        except Exception:  # the client may be gone already; nothing else to tell it
            self.log.debug("Failed to send error message.")
