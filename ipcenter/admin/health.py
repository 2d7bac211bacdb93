"""The health of background work (/admin/health): what waits for the broker, what runs, what the
sweeper found left undone, and the documents still owed a PDF or a text.

The figures come from ``ipcenter.core.outbox.health``; the sweeper's rounds that queued
something are ``system.sweep`` rows of the audit log.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from ipcenter.admin.views import bp
from ipcenter.auth import policy
from ipcenter.core import clock, outbox
from ipcenter.core.db import db
from ipcenter.core.models import AuditEvent


@bp.get("/health", endpoint="health")
def health():
    policy.require(current_user, "audit.view")
    now = clock.now()
    state = outbox.health(now)
    sweeps = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "system.sweep")
        .order_by(AuditEvent.seq.desc()).limit(10)).scalars().all()
    rounds = []
    for row in sweeps:
        try:
            detail = json.loads(row.detail or "{}")
        except ValueError:
            detail = {}
        rounds.append({"at": row.at, "resent": detail.get("resent", 0),
                       "requeued": detail.get("requeued", 0)})
    counts: dict[tuple[str, str], int] = {}
    for work in state.owed:
        counts[work.what, work.state] = counts.get((work.what, work.state), 0) + 1
    return render_template("admin/health.html", state=state, rounds=rounds, counts=counts,
                           window_minutes=int(state.window.total_seconds() // 60),
                           max_resends=outbox.MAX_RESENDS)
