"""Logs as operators collect them: one JSON object per line (python-json-logger).

Every serving process logs this way: ``thidua serve`` and ``thidua worker`` (through
``configure_logging``), gunicorn's own log and its access log (``GunicornLogger``, which
``serve`` names with ``--logger-class``) and the web app's line per request (written by
``services/web/observability.py``: request id, method, path, status, duration, actor and
the positions of the events the request wrote). A line logged while a request is handled
carries its ``request_id``, so the access line, the request line and any warning between
them can be joined.

``THIDUA_LOG_FORMAT=text`` gives plain lines for a person at a terminal instead;
``THIDUA_LOG_LEVEL`` (default INFO) filters.
"""

from __future__ import annotations

import logging
import os
import sys
from contextvars import ContextVar
from typing import Any

from gunicorn.glogging import Logger as BaseGunicornLogger
from pythonjsonlogger.json import JsonFormatter

FORMAT_ENV, LEVEL_ENV = "THIDUA_LOG_FORMAT", "THIDUA_LOG_LEVEL"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

current_request_id: ContextVar[str | None] = ContextVar("thidua_request_id", default=None)


class Formatter(JsonFormatter):
    """``{"time", "level", "logger", "message", "process", …extra fields}``; the request id
    of the request being handled, if any; text kept as written (no \\u escapes)."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s %(message)s %(process)d",
                         rename_fields={"levelname": "level", "name": "logger"},
                         timestamp="time", json_ensure_ascii=False)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord,
                   message_dict: dict[str, Any]) -> None:
        super().add_fields(log_data, record, message_dict)
        request_id = current_request_id.get()
        if request_id and "request_id" not in log_data:
            log_data["request_id"] = request_id


def json_logs() -> bool:
    return (os.environ.get(FORMAT_ENV) or "json").strip().lower() != "text"


def formatter() -> logging.Formatter:
    return Formatter() if json_logs() else logging.Formatter(TEXT_FORMAT)


def configure_logging() -> None:
    """Send every log record of this process to stderr, one JSON object per line."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    level = (os.environ.get(LEVEL_ENV) or "INFO").strip().upper()
    root.setLevel(level if level in logging.getLevelNamesMapping() else logging.INFO)


class GunicornLogger(BaseGunicornLogger):
    """gunicorn's error and access logs as JSON lines; its workers' app logs too."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in (*self.error_log.handlers, *self.access_log.handlers):
            handler.setFormatter(formatter())
        configure_logging()  # the app's own loggers, in the workers forked from here

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in resp.headers}
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        try:
            self.access_log.info("access", extra={
                "request_id": headers.get("x-request-id", ""),
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "query": environ.get("QUERY_STRING") or "",
                "status": int(status),
                "duration_ms": round(request_time.total_seconds() * 1000, 3),
                "bytes": getattr(resp, "sent", None),
                "remote_addr": environ.get("REMOTE_ADDR"),
                "user_agent": environ.get("HTTP_USER_AGENT", ""),
            })
        except Exception:  # a log line must never fail a request
            self.error_log.exception("access log failed")
