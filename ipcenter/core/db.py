"""The declarative base, the naming convention, and the one transaction boundary.

Services ``flush()``; only ``unit_of_work()`` commits. After a commit the change's own outbox
messages are dispatched, so work queued by a change never runs before the change is visible.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite stores naive values)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use ipcenter.core.clock.now()")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def enum_check(column: str, enum_cls) -> sa.CheckConstraint:
    """A CHECK constraint keeping a string column within a StrEnum's values."""
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    return sa.CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


@contextmanager
def unit_of_work() -> Iterator[sa.orm.Session]:
    """Open one unit of work: commit on success, roll back on any exception.

    Nested calls join the outer unit (only the outermost commits); a rollback also removes
    the files the unit put in the store that no committed row names (``storage``). After the
    commit the outbox messages this unit wrote, and only those, are dispatched; a failure to
    dispatch them is logged, never raised (the change is committed; redelivery sends them
    later).
    """
    from ipcenter.core import outbox, storage

    session = db.session
    depth = session.info.get("uow_depth", 0)
    session.info["uow_depth"] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
            storage.kept_new_files(session)
    except BaseException:
        if depth == 0:
            session.rollback()
            outbox.forget_queued(session)
            storage.discard_new_files(session)
        raise
    finally:
        session.info["uow_depth"] = depth
    if depth == 0:
        outbox.dispatch_after_commit(session)


def configure_engine_events(engine) -> None:
    """SQLite: enforce foreign keys, write-ahead log, wait for locks, and let SQLAlchemy emit
    BEGIN itself so that SAVEPOINT works (the pysqlite driver's own transaction handling does
    not; SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional DDL").

    Transactions begin IMMEDIATE: a transaction that read and then writes would otherwise fail
    with SQLITE_BUSY_SNAPSHOT whenever another connection wrote in between; taking the write
    lock up front makes concurrent requests wait their turn instead (the embedded install
    serves one centre, so serialising writers costs little)."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
