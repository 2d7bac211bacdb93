"""The one reading of a number a user sends as an identifier or a count, wherever it arrives
(a path, a query argument, a filter stored with an export): a number the database cannot hold
names no row, so it is ``NotFound`` before it reaches a driver (SQLite refuses what exceeds a
signed 64-bit integer, PostgreSQL what exceeds its ``integer``, the type of every id column)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from ipcenter.core.errors import NotFound

# PostgreSQL's ``integer`` (SQLite's are wider): the largest id a row can have, on either.
DB_INT_MAX = 2**31 - 1
_MAX_DIGITS = len(str(DB_INT_MAX))
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def whole_number(raw, default: int | None = None, *, minimum: int = 0,
                 maximum: int = DB_INT_MAX) -> int | None:
    """``raw`` (a query argument's or a filter's text) as a whole number from ``minimum``
    (≥ 0) to ``maximum``: the one reading of a number the user sends, wherever it arrives.

    Missing, not a whole number, or below ``minimum``: ``default``. Above ``maximum``:
    ``NotFound`` (404), as for an identifier in the path: no row has such an id."""
    raw = raw.strip() if isinstance(raw, str) else str(raw) if isinstance(raw, int) else ""
    if not _WHOLE_NUMBER.fullmatch(raw) or raw.startswith("-"):
        return default
    digits = raw.lstrip("+").lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS or int(digits) > maximum:
        raise NotFound(_l("The page you asked for does not exist, or has been removed."))
    value = int(digits)
    return default if value < minimum else value
