"""Official document numbers: one sequence per prefix and year, e.g. 中市监知裁字〔2026〕12号.

The number is taken inside the caller's transaction by a single ``UPDATE … RETURNING``, which
locks the sequence row: a second transaction allocating concurrently waits and gets the next
number. A rolled-back transaction gives its number back.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ipcenter.core.db import db
from ipcenter.core.models import NumberSequence


def allocate(prefix: str, year: int) -> int:
    """Take the next serial for ``prefix`` and ``year`` (1, 2, 3 … with no gaps on commit)."""
    table = NumberSequence.__table__
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    db.session.execute(
        insert(table).values(prefix=prefix, year=year, last=0)
        .on_conflict_do_nothing(index_elements=["prefix", "year"]))
    serial = db.session.execute(
        sa.update(table).where(table.c.prefix == prefix, table.c.year == year)
        .values(last=table.c.last + 1).returning(table.c.last)).scalar_one()
    return serial


def format_number(prefix: str, year: int, serial: int) -> str:
    """GB/T 9704: the year in full inside 〔〕, the serial without 第 or leading zeros, then 号."""
    if serial < 1:
        raise ValueError("serial numbers start at 1")
    return f"{prefix}〔{year}〕{serial}号"


def issue_number(prefix: str, year: int) -> str:
    """Allocate and format in one step."""
    return format_number(prefix, year, allocate(prefix, year))
