"""Numbers read from a request: identifiers in paths and numeric query arguments.

A number the database cannot hold must never reach it: the drivers refuse it (SQLite beyond a
signed 64-bit integer, PostgreSQL beyond its ``integer``, the type of every id column), and the
page would be a 500. A number out of that range names nothing, so the answer is 404.
"""

from __future__ import annotations

import builtins
import re

from flask import Flask, request
from werkzeug.routing import IntegerConverter, ValidationError

# PostgreSQL's ``integer`` (SQLite's are wider): the largest id a row can have, on either.
DB_INT_MAX = 2**31 - 1
_MAX_DIGITS = len(str(DB_INT_MAX))
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


class IdConverter(IntegerConverter):
    """``<int:…>`` app-wide: Werkzeug's, bounded by ``DB_INT_MAX``. A larger number matches no
    rule: 404 for every visitor, signed in or not, before any view runs."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        max = DB_INT_MAX if max is None else builtins.min(max, DB_INT_MAX)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str):
        # Thousands of digits are refused without converting them.
        if len(value.lstrip("-").lstrip("0")) > _MAX_DIGITS:
            raise ValidationError()
        return super().to_python(value)


def whole_number(raw, default: int | None = None, *, minimum: int = 0,
                 maximum: int = DB_INT_MAX) -> int | None:
    """``raw`` (a query argument's or a filter's text) as a whole number from ``minimum``
    (≥ 0) to ``maximum``: the one reading of a number the user sends, wherever it arrives.

    Missing, not a whole number, or below ``minimum``: ``default``. Above ``maximum``:
    ``NotFound`` (404), as for an identifier in the path: no row has such an id."""
    from flask_babel import lazy_gettext as _l

    from ipcenter.core.errors import NotFound

    raw = raw.strip() if isinstance(raw, str) else str(raw) if isinstance(raw, int) else ""
    if not _WHOLE_NUMBER.fullmatch(raw) or raw.startswith("-"):
        return default
    digits = raw.lstrip("+").lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS or int(digits) > maximum:
        raise NotFound(_l("The page you asked for does not exist, or has been removed."))
    value = int(digits)
    return default if value < minimum else value


def int_arg(name: str, default: int | None = None, *, minimum: int = 0,
            maximum: int = DB_INT_MAX) -> int | None:
    """The query argument ``name`` as a whole number (``whole_number``): missing, not a whole
    number, or below ``minimum``: ``default``, as Werkzeug's ``type=int`` and the pages' own
    clamping did; above ``maximum``: 404, as for an identifier in the path."""
    return whole_number(request.args.get(name), default, minimum=minimum, maximum=maximum)


def page_arg() -> int:
    """``?page=``: 1 when missing, not a number or below 1; 404 past any page there can be."""
    return int_arg("page", 1, minimum=1)


def register(app: Flask) -> None:
    """Make ``<int:…>`` the bounded converter: call before any blueprint adds its rules."""
    app.url_map.converters["int"] = IdConverter
