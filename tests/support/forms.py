"""Submitting a page's own form as a browser does: what the form carries (its hidden CSRF
token and idempotency key, its defaults) plus what the user fills in, posted to the form's
action with its encoding. A field the form does not have cannot be filled, and a choice
not among a select's options cannot be picked, so a test cannot post what no page offers."""

from __future__ import annotations

import io
from typing import Any

import lxml.html
from werkzeug.datastructures import MultiDict


def page_form(html: str, form_id: str) -> Any:
    """The form whose id (or, failing that, whose action) is ``form_id``."""
    forms = lxml.html.fromstring(html).forms
    found = [f for f in forms if f.get("id") == form_id] or \
        [f for f in forms if f.get("action") == form_id]
    assert found, f"no form #{form_id} on the page"
    return found[0]


def _controls(form: Any) -> dict[str, list[Any]]:
    controls: dict[str, list[Any]] = {}
    for element in form.xpath(".//input|.//select|.//textarea|.//button"):
        if element.get("name"):
            controls.setdefault(element.get("name"), []).append(element)
    return controls


def _check_choice(element: Any, name: str, value: str) -> None:
    if element.tag == "select":
        options = [o.get("value", o.text_content()) for o in element.xpath(".//option")]
        assert value in options, f"{name}={value!r} is not among the options {options}"


def submit(client: Any, page: str, form_id: str, values: dict[str, Any] | None = None,
           files: dict[str, tuple[bytes, str]] | None = None,
           button: str | None = None) -> Any:
    """Load ``page``, fill its form ``form_id`` with ``values`` (a list for several values
    of one name, e.g. checkboxes) and ``files`` ({name: (bytes, filename)}), press ``button``
    (the id of a submit button that has a name and value) and post. Returns the response."""
    loaded = client.get(page)
    assert loaded.status_code == 200, (page, loaded.status_code)
    form = page_form(loaded.get_data(as_text=True), form_id)
    controls = _controls(form)
    data: MultiDict[str, Any] = MultiDict(form.form_values())
    for name, value in (values or {}).items():
        assert name in controls, f"form #{form_id} has no field {name!r}"
        data.poplist(name)
        for one in value if isinstance(value, list) else [value]:
            for element in controls[name]:
                _check_choice(element, name, str(one))
            data.add(name, str(one))
    for name, (content, filename) in (files or {}).items():
        assert any(e.get("type") == "file" for e in controls.get(name, [])), \
            f"form #{form_id} has no file field {name!r}"
        data.add(name, (io.BytesIO(content), filename))
    if button is not None:  # the id of a submit button that has a name
        pressed = [e for e in form.xpath(".//button|.//input") if e.get("id") == button
                   and e.get("type", "submit") == "submit" and e.get("name")]
        assert pressed, f"form #{form_id} has no button #{button}"
        data.add(pressed[0].get("name"), pressed[0].get("value", ""))
    action = form.get("action") or page
    method = (form.get("method") or "get").lower()
    if method == "get":
        return client.get(action, query_string=data)
    encoding = form.get("enctype") or "application/x-www-form-urlencoded"
    return client.post(action, data=data, content_type=encoding)
