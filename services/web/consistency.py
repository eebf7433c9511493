"""Read your own writes on the pages.

The pages read projected views, which the worker fills a moment after a command is stored.
So that a clerk never opens the next page and misses what they just did, every successful
form post remembers the log's position in the browser's session; the views a page reads
then wait (at most `WAIT_TIMEOUT`) until the worker has reached it. A `?wait_for=N` in the
address asks for the same thing explicitly (as the JSON API does).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, session

SESSION_KEY = "written_at"
SESSION_ENDPOINTS = {"account.login", "account.logout"}


def read_position() -> int | None:
    """The position the views of this page must have reached, if any — never past the
    log's head (a store restored from an export, or a `wait_for` from the future, would
    otherwise make every page wait its full time)."""
    wanted = [session.get(SESSION_KEY) or 0]
    asked = request.args.get("wait_for", "")
    if asked.isdigit():
        wanted.append(int(asked))
    if not max(wanted):
        return None
    return min(max(wanted), current_app.extensions["thidua"].store.last_position()) or None


def init_app(app: Flask) -> None:
    @app.after_request
    def _remember_writes(response: Any) -> Any:
        # Pages only: the API is stateless (bearer tokens, no session cookie). Logging in
        # or out records events no page shows, so there is nothing to wait for.
        if (request.method == "POST" and response.status_code < 400
                and not request.path.startswith("/api/")
                and request.endpoint not in SESSION_ENDPOINTS):
            session[SESSION_KEY] = current_app.extensions["thidua"].store.last_position()
        return response
