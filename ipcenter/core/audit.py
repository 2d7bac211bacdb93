"""The append-only, hash-chained audit log.

Every transition, upload, confidential download and permission refusal is one row. Each row's
hash covers its own fields and the previous row's hash, so altering, deleting or reordering a row
breaks the chain at that point; ``verify`` finds the first broken link.

The hash is an HMAC-SHA256 under the audit key, which is kept outside the database
(``IPCENTER_AUDIT_KEY`` or ``<data dir>/audit_key``): whoever controls the database but not the
key cannot recompute a consistent chain, neither with the public SHA-256 nor with a key of
their own. And the chain's head is also kept outside the database, in the head file
(``<data dir>/audit_head``: last row, its hash, and an HMAC of both), written after each commit
that appended rows. The head file may trail the database (rows committed after its last write,
e.g. when the process stopped in between) but never leads it, so rows missing below the head
file's row were deleted.

Rows written before keyed hashes (plain SHA-256, "legacy") are accepted only as the chain's
first rows: the first keyed row is an ``audit.keyed`` row recording how many legacy rows there
are and the last one's hash, and ``verify`` reports them as not keyed.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, has_app_context

from ipcenter.core import clock
from ipcenter.core.db import db
from ipcenter.core.models import AuditEvent, AuditHead

log = logging.getLogger(__name__)

GENESIS = "0" * 64
# The first keyed row after rows hashed with plain SHA-256 (an older installation).
KEYED = "audit.keyed"
# The session's key for the head to write to the head file once the transaction commits.
_PENDING = "audit_head_pending"

# Why ``verify`` finds a chain broken (identifiers; the CLI and the admin page word them).
MISSING = "missing row"
LINK = "link to previous row broken"
ALTERED = "row altered"
INSERTED = "row inserted"
UNKEYED = "hashed without the key"
OTHER_KEY = "hashed with another key"
TRUNCATED = "rows deleted at the end"
HEAD_MOVED = "rows missing at the end of the chain"
HEAD_FILE_BAD = "head file not signed"
HEAD_FILE_DIFFERS = "chain differs from the head file"

EXPLANATIONS = {
    MISSING: "a row is missing (deleted)",
    LINK: "the row does not link to the previous row",
    ALTERED: "the row has been altered: its hash does not match its contents",
    INSERTED: "a row the application did not write has been inserted",
    UNKEYED: "the row was hashed with the public SHA-256, not the audit key: the chain has "
             "been re-hashed",
    OTHER_KEY: "the rows from here on were hashed with another key: the chain has been "
               "re-hashed (or IPCENTER_AUDIT_KEY is not this installation's key)",
    TRUNCATED: "rows at the end have been deleted: the head file outside the database records "
               "a later row",
    HEAD_MOVED: "rows are missing at the end of the chain (the stored head is further on)",
    HEAD_FILE_BAD: "the head file is unreadable or not signed with the audit key",
    HEAD_FILE_DIFFERS: "the row the head file records has another hash: the chain has been "
                       "rewritten or rows deleted and replaced",
}


def _payload(seq: int, at: datetime, actor_id, actor_name: str, action: str, object_type: str,
             object_id: str, detail: str, address: str, prev_hash: str) -> bytes:
    return json.dumps(
        [seq, at.isoformat(timespec="microseconds"), actor_id, actor_name, action, object_type,
         object_id, detail, address, prev_hash],
        ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def plain_digest(*fields) -> str:
    """The SHA-256 of a row's fields: the hash of rows written before keyed hashes."""
    return hashlib.sha256(_payload(*fields)).hexdigest()


def keyed_digest(key: bytes, *fields) -> str:
    """The HMAC-SHA256 of a row's fields under ``key`` (64 hex digits, as the plain one)."""
    return hmac.new(key, _payload(*fields), hashlib.sha256).hexdigest()


def _key() -> bytes:
    return current_app.config["IPCENTER_AUDIT_KEY"].encode("utf-8")


def _fields(row: AuditEvent, seq: int | None = None) -> tuple:
    return (row.seq if seq is None else seq, row.at, row.actor_id, row.actor_name, row.action,
            row.object_type, row.object_id, row.detail, row.address, row.prev_hash)


def _keyed(key: bytes, row: AuditEvent, seq: int | None = None) -> bool:
    return hmac.compare_digest(keyed_digest(key, *_fields(row, seq)), row.hash)


def _plain(row: AuditEvent) -> bool:
    return hmac.compare_digest(plain_digest(*_fields(row)), row.hash)


# ---------------------------------------------------------------------------------------------
# The head file


@dataclass(frozen=True)
class HeadFile:
    seq: int
    hash: str
    valid: bool  # readable and signed with the audit key


def _head_path() -> Path:
    return Path(current_app.config["IPCENTER_AUDIT_HEAD_FILE"])


def _head_mac(key: bytes, seq: int, digest: str) -> str:
    message = json.dumps(["audit_head", seq, digest], separators=(",", ":")).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def read_head_file(path: Path | None = None, key: bytes | None = None) -> HeadFile | None:
    """The head file's row and hash, or ``None`` when there is no head file yet."""
    path = path or _head_path()
    key = key or _key()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seq, digest, mac = int(data["seq"]), str(data["hash"]), str(data["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return HeadFile(0, "", False)
    return HeadFile(seq, digest, hmac.compare_digest(_head_mac(key, seq, digest), mac))


def write_head_file(seq: int, digest: str, *, path: Path | None = None,
                    key: bytes | None = None, now: datetime | None = None) -> bool:
    """Record ``seq`` and its hash as the chain's head in the head file, unless the file
    already records a later row (writers committing at once finish in any order) or is not
    signed with the key (it is evidence then, left for ``verify`` to report). The file is
    replaced atomically under a lock; returns whether it was written."""
    path = path or _head_path()
    key = key or _key()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX)
        current = read_head_file(path, key)
        if current is not None and (not current.valid or current.seq >= seq):
            return False
        written = (now or clock.now()).isoformat(timespec="seconds")
        text = json.dumps({"seq": seq, "hash": digest, "written_at": written,
                           "mac": _head_mac(key, seq, digest)}) + "\n"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        return True


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _write_head_after_commit(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None or not has_app_context():
        return
    try:
        write_head_file(*pending)
    except OSError:  # the rows are committed; the file trails them until the next write
        log.exception("the audit head file could not be written")


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _forget_head_after_rollback(session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)


# ---------------------------------------------------------------------------------------------
# Appending


def _head() -> AuditHead:
    head = db.session.execute(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS)
        db.session.add(head)
        db.session.flush()
    return head


def _append(head: AuditHead, key: bytes, at: datetime, actor_id, actor_name: str, action: str,
            obj_type: str, obj_id: str, detail_json: str, address: str) -> AuditEvent:
    seq = head.last_seq + 1
    digest = keyed_digest(key, seq, at, actor_id, actor_name, action, obj_type, obj_id,
                          detail_json, address, head.last_hash)
    event = AuditEvent(seq=seq, at=at, actor_id=actor_id, actor_name=actor_name, action=action,
                       object_type=obj_type, object_id=obj_id, detail=detail_json,
                       address=address, prev_hash=head.last_hash, hash=digest)
    db.session.add(event)
    head.last_seq = seq
    head.last_hash = digest
    return event


def _check_before_append(head: AuditHead, key: bytes) -> tuple[bool, bool]:
    """(whether the last row is a legacy one, whether the head file agrees with the database).

    The head file is moved on only while the database still holds the row it records with the
    hash it records: after rows were deleted or rewritten it stays where it is, so ``verify``
    keeps reporting it even once new rows have been appended."""
    anchor = read_head_file(key=key)
    wanted = {head.last_seq} | ({anchor.seq} if anchor is not None and anchor.valid else set())
    rows = {r.seq: r for r in db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.seq.in_(wanted - {0}))).scalars()}
    last = rows.get(head.last_seq)
    legacy = last is not None and last.hash == head.last_hash and not _keyed(key, last) \
        and _plain(last)
    if anchor is None:
        agrees = True
    elif not anchor.valid or anchor.seq > head.last_seq:
        agrees = False
    else:
        agrees = anchor.seq in rows and rows[anchor.seq].hash == anchor.hash
    if not agrees:
        log.error("the audit head file does not agree with the database: run flask audit verify")
    return legacy, agrees


def record(action: str, *, actor=None, obj_type: str = "", obj_id="", detail: dict | None = None,
           now: datetime, address: str = "") -> AuditEvent:
    """Append one row to the chain inside the current transaction and flush.

    ``actor`` is any object with ``id`` and ``display_name`` (or ``None`` for the system).
    The head row is locked (``SELECT … FOR UPDATE``) so concurrent writers queue up. The head
    file is written once the transaction commits.
    """
    key = _key()
    head = _head()
    at = now.astimezone(timezone.utc)
    legacy, agrees = _check_before_append(head, key)
    if legacy:  # the first keyed row: how many legacy rows there are, and the last one's hash
        _append(head, key, at, None, "", KEYED, "", "", json.dumps(
            {"legacy_head": head.last_hash, "legacy_rows": head.last_seq}, sort_keys=True),
            "")
    detail_json = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)
    actor_id = getattr(actor, "id", None)
    actor_name = getattr(actor, "display_name", "") or ("" if actor is None else str(actor))
    event = _append(head, key, at, actor_id, actor_name, action, obj_type, str(obj_id or ""),
                    detail_json, address)
    if agrees:
        db.session.info[_PENDING] = (head.last_seq, head.last_hash)
    else:
        db.session.info.pop(_PENDING, None)
    db.session.flush()
    return event


# ---------------------------------------------------------------------------------------------
# Verifying


@dataclass
class Verification:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    legacy: int = 0                 # rows hashed before keyed hashes (plain SHA-256)
    head_file_seq: int | None = None  # the row the head file records (None: no head file)
    behind: int = 0                 # rows committed after the head file's last write
    facts: dict = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        return EXPLANATIONS.get(self.reason, self.reason)


def _row_at(seq: int) -> AuditEvent | None:
    return db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.seq == seq)).scalar_one_or_none()


def _diagnose(key: bytes, row: AuditEvent, prev_hash: str, anchor: HeadFile | None) -> str:
    """Why ``row``, whose hash is neither keyed nor an allowed legacy one, fails."""
    following = _row_at(row.seq + 1)
    if following is not None and _keyed(key, following, row.seq):
        return INSERTED  # the next row is the former row at this place, renumbered
    if row.prev_hash != prev_hash:
        return LINK
    if following is not None and following.prev_hash == row.hash \
            and not _keyed(key, following) and not _plain(following):
        return OTHER_KEY  # consistent links, no row valid under this key
    if following is None and anchor is not None and anchor.valid and row.seq > anchor.seq:
        return INSERTED
    return ALTERED


def verify(batch: int = 1000) -> Verification:
    """Walk the chain in order; report the first row whose link or hash does not hold, then
    compare the end of the chain with the head file and with the stored head."""
    key = _key()
    anchor = read_head_file(key=key)
    prev_hash = GENESIS
    expected_seq = 1
    checked = legacy = 0
    keyed_seen = False
    hash_at_anchor = None
    last_seen = 0

    def broken(seq, reason, **facts):
        return Verification(False, checked, seq, reason, legacy,
                            anchor.seq if anchor else None, 0, facts)

    while True:
        rows = db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.seq > last_seen)
            .order_by(AuditEvent.seq).limit(batch)).scalars().all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return broken(expected_seq, MISSING)
            if _keyed(key, row):
                if row.prev_hash != prev_hash:
                    return broken(row.seq, LINK)
                if legacy and not keyed_seen and (row.action != KEYED or json.loads(row.detail)
                                                  != {"legacy_head": prev_hash,
                                                      "legacy_rows": legacy}):
                    return broken(1, UNKEYED)  # no switch-over row vouches for those rows
                keyed_seen = True
            elif _plain(row):
                if keyed_seen or row.prev_hash != prev_hash:
                    return broken(row.seq, UNKEYED if keyed_seen else LINK)
                legacy += 1
            else:
                return broken(row.seq, _diagnose(key, row, prev_hash, anchor))
            if anchor is not None and row.seq == anchor.seq:
                hash_at_anchor = row.hash
            prev_hash = row.hash
            expected_seq += 1
            checked += 1
            last_seen = row.seq
        db.session.expunge_all()
    if anchor is not None:
        if not anchor.valid:
            return broken(None, HEAD_FILE_BAD)
        if anchor.seq > checked:
            return broken(checked + 1, TRUNCATED, head_file_seq=anchor.seq, last_seq=checked)
        if anchor.seq and hash_at_anchor != anchor.hash:
            return broken(anchor.seq, UNKEYED if anchor.seq <= legacy else HEAD_FILE_DIFFERS)
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return broken(checked + 1, HEAD_MOVED)
    return Verification(True, checked, legacy=legacy,
                        head_file_seq=anchor.seq if anchor else None,
                        behind=checked - anchor.seq if anchor else checked)


def actions() -> list[str]:
    """The actions the log holds, in order: one index probe per action on
    ``ix_audit_event_action`` (a loose index scan), not a pass over every row."""
    first = sa.select(sa.func.min(AuditEvent.action).label("action")).cte(
        "actions", recursive=True)
    following = sa.select(AuditEvent.action).where(AuditEvent.action > first.c.action) \
        .order_by(AuditEvent.action).limit(1).scalar_subquery()
    found = first.union_all(sa.select(following).where(first.c.action.is_not(None)))
    return list(db.session.execute(sa.select(found.c.action).where(
        found.c.action.is_not(None)).order_by(found.c.action)).scalars())


def events_for(obj_type: str, obj_id) -> list[AuditEvent]:
    """The audit rows of one object, oldest first (a case's timeline)."""
    return list(db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.object_type == obj_type,
                                    AuditEvent.object_id == str(obj_id))
        .order_by(AuditEvent.seq)).scalars())
