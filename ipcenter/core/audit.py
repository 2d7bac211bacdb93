"""The append-only, hash-chained audit log.

Every transition, upload, confidential download and permission refusal is one row. Each row's
hash covers its own fields and the previous row's hash, so altering, deleting or reordering a row
breaks the chain at that point; ``verify`` finds the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from ipcenter.core.db import db
from ipcenter.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _digest(seq: int, at: datetime, actor_id, actor_name: str, action: str, object_type: str,
            object_id: str, detail: str, address: str, prev_hash: str) -> str:
    payload = json.dumps(
        [seq, at.isoformat(timespec="microseconds"), actor_id, actor_name, action, object_type,
         object_id, detail, address, prev_hash],
        ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _head() -> AuditHead:
    head = db.session.execute(
        sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS)
        db.session.add(head)
        db.session.flush()
    return head


def record(action: str, *, actor=None, obj_type: str = "", obj_id="", detail: dict | None = None,
           now: datetime, address: str = "") -> AuditEvent:
    """Append one row to the chain inside the current transaction and flush.

    ``actor`` is any object with ``id`` and ``display_name`` (or ``None`` for the system).
    The head row is locked (``SELECT … FOR UPDATE``) so concurrent writers queue up.
    """
    head = _head()
    seq = head.last_seq + 1
    at = now.astimezone(timezone.utc)
    detail_json = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)
    actor_id = getattr(actor, "id", None)
    actor_name = getattr(actor, "display_name", "") or ("" if actor is None else str(actor))
    obj_id = str(obj_id or "")
    digest = _digest(seq, at, actor_id, actor_name, action, obj_type, obj_id, detail_json,
                     address, head.last_hash)
    event = AuditEvent(seq=seq, at=at, actor_id=actor_id, actor_name=actor_name, action=action,
                       object_type=obj_type, object_id=obj_id, detail=detail_json,
                       address=address, prev_hash=head.last_hash, hash=digest)
    db.session.add(event)
    head.last_seq = seq
    head.last_hash = digest
    db.session.flush()
    return event


@dataclass
class Verification:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(batch: int = 1000) -> Verification:
    """Walk the chain in order; report the first row whose link or hash does not hold."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    last_seen = 0
    while True:
        rows = db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.seq > last_seen)
            .order_by(AuditEvent.seq).limit(batch)).scalars().all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return Verification(False, checked, expected_seq, "missing row")
            if row.prev_hash != prev_hash:
                return Verification(False, checked, row.seq, "link to previous row broken")
            digest = _digest(row.seq, row.at, row.actor_id, row.actor_name, row.action,
                             row.object_type, row.object_id, row.detail, row.address,
                             row.prev_hash)
            if digest != row.hash:
                return Verification(False, checked, row.seq, "row altered")
            prev_hash = row.hash
            expected_seq += 1
            checked += 1
            last_seen = row.seq
        db.session.expunge_all()
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_seq != checked or head.last_hash != prev_hash):
        return Verification(False, checked, checked + 1, "rows missing at the end of the chain")
    return Verification(True, checked)


def events_for(obj_type: str, obj_id) -> list[AuditEvent]:
    """The audit rows of one object, oldest first (a case's timeline)."""
    return list(db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.object_type == obj_type,
                                    AuditEvent.object_id == str(obj_id))
        .order_by(AuditEvent.seq)).scalars())
