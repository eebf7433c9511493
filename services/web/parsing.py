"""Reading request bodies: JSON numbers as exact decimals, and no nesting deeper than any
of our schemas needs (a 1,000-deep array stopped the parser with a RecursionError)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from typing import Any

import flask
import marshmallow as ma
from flask_smorest import Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

MAX_DEPTH = 32  # our deepest body (a campaign: tracks → criteria) is 4 levels
_STRUCTURE = re.compile(r'[\[\]{}"\\]')


def check_depth(text: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH before parsing it (as invalid JSON)."""
    depth, in_string, escaped_at = 0, False, -1
    for match in _STRUCTURE.finditer(text):
        char, position = match.group(), match.start()
        if in_string:
            if position == escaped_at:
                continue  # the character after a backslash
            if char == "\\":
                escaped_at = position + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise json.JSONDecodeError(
                    f"nested deeper than {MAX_DEPTH} levels", text, position)
        elif char in "]}":
            depth -= 1


def parse_json(data: bytes | str) -> Any:
    """JSON with its fractions as ``Decimal`` (1e-400 stays 1E-400, not 0.0)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    check_depth(text)
    return json.loads(text, parse_float=Decimal)


@cache
def schema_of(cls: type[ma.Schema]) -> ma.Schema:
    """One instance per schema class: a marshmallow schema keeps no state between loads,
    and making one copies its declared fields (a fifth of a millisecond a request)."""
    return cls()


class ThiduaParser(FlaskParser):
    """webargs' Flask parser with our JSON reading; a request off its schema is a 400 (422
    is what the domain refuses: services/web/errors.py)."""

    DEFAULT_VALIDATION_STATUS = 400

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        try:
            return parse_json(req.get_data(cache=True))
        except UnicodeDecodeError as error:
            raise json.JSONDecodeError(f"not UTF-8: {error.reason}", "", 0) from error


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint that reads bodies with ``ThiduaParser``, each route's
    arguments through one schema instance (``schema_of``) rather than a new one a request."""

    ARGUMENTS_PARSER = ThiduaParser()

    def arguments(self, schema: Any, **kwargs: Any) -> Any:
        if isinstance(schema, type) and issubclass(schema, ma.Schema):
            schema = schema_of(schema)
        return super().arguments(schema, **kwargs)
