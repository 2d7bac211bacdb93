"""Numbers read from a request: identifiers in paths and numeric query arguments.

A number the database cannot hold must never reach it: the drivers refuse it (SQLite beyond a
signed 64-bit integer, PostgreSQL beyond its ``integer``, the type of every id column), and the
page would be a 500. A number out of that range names nothing, so the answer is 404.
"""

from __future__ import annotations

import builtins

from flask import Flask, request
from werkzeug.routing import IntegerConverter, ValidationError

from ipcenter.core.ids import _MAX_DIGITS, DB_INT_MAX, whole_number  # noqa: F401 (the pages')


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
