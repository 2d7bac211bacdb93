"""The deadline scan's notices at 20, 200 and 2,000 clocks: the SQL statements and the time of
the notice hook (``ipcenter.notify.deadlines.notice_due``) on one batch, each clock assigned to
a user, an organisation (two users) or a role, every recipient with SMS chosen — so each batch
writes notices, deliveries and outbox messages. Rolled back after each size (nothing is sent).

    .venv/bin/python benchmarks/notify_bench.py                  # SQLite in a temporary file
    createdb -h 127.0.0.1 -U postgres ipc_notify_bench
    .venv/bin/python benchmarks/notify_bench.py --database postgresql+psycopg://postgres@127.0.0.1:5432/ipc_notify_bench
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # after the path
from benchmarks.common import loadavg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="",
                        help="an SQLAlchemy URL whose schema is DROPPED first "
                             "(default: SQLite in a temporary file)")
    parser.add_argument("--sizes", default="20,200,2000",
                        help="clocks in the batch, comma-separated (default 20,200,2000)")
    args = parser.parse_args()
    ns = common.sizes(args.sizes, parser, "--sizes")
    work = Path(tempfile.mkdtemp(prefix="notify-bench-"))
    url = args.database or f"sqlite:///{work / 'bench.db'}"

    from ipcenter.auth.models import Organisation, User, UserRole
    from ipcenter.core.db import db
    from ipcenter.core.models import Deadline
    from ipcenter.ip.uscc import check_character
    from ipcenter.notify import deadlines
    from ipcenter.notify.models import NoticeChannel

    app = common.make_app(url, work)
    now, today = datetime(2026, 9, 29, 1, tzinfo=UTC), date(2026, 9, 29)
    print(f"loadavg before: {loadavg()}")
    with app.app_context():
        engine = db.engine
        common.reset_schema()
        counter = common.Counter(engine)
        base = "91442000MA0000001"
        org = Organisation(name="测试灯饰有限公司", kind="firm",
                           uscc=base + check_character(base), created_at=now)
        db.session.add(org)
        db.session.flush()
        users = []
        for n, role in enumerate(["adjudicator", "firm", "firm", "examiner"]):
            user = User(username=f"bench{n}", display_name=f"用户{n}", phone=f"1380000000{n}",
                        password_hash="x", organisation_id=org.id, created_at=now)
            db.session.add(user)
            db.session.flush()
            db.session.add_all([UserRole(user_id=user.id, role=role),
                                NoticeChannel(user_id=user.id, channel="sms")])
            users.append(user)
        db.session.commit()
        print(f"{engine.dialect.name}: size, statements, seconds, notices")
        for size in ns:
            rows = [Deadline(subject_type="case", subject_id=i, subject_label=f"案{i}",
                             kind="answer", title="提交答辩书", starts_on=date(2026, 9, 1),
                             period="15d", due_on=date(2026, 9, 30), created_at=now,
                             **({"assignee_user_id": users[0].id},
                                {"assignee_org_id": org.id},
                                {"assignee_role": "examiner"})[i % 3])
                    for i in range(size)]
            db.session.add_all(rows)
            db.session.flush()
            ids = [row.id for row in rows]
            with counter.counting() as statements:
                started = time.perf_counter()
                deadlines.notice_due(ids, now, today)
                seconds = time.perf_counter() - started
            notices = db.session.execute(sa.text("SELECT count(*) FROM notice")).scalar()
            print(f"{size}, {len(statements)}, {seconds:.3f}, {notices}")
            db.session.rollback()
        counter.close()
        db.session.remove()
        engine.dispose()
    print(f"loadavg after: {loadavg()}")


if __name__ == "__main__":
    main()
