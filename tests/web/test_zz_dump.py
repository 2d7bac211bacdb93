import io
from collections import Counter
import traceback
import sqlalchemy as sa
from ipcenter import matters
from ipcenter.core.db import db as _db
from tests.web.test_query_counts import PAGES, grow, _measure, world, counting  # noqa
from tests.conftest import login, minimal_pdf
from tests.cases.conftest import at

def test_dump(client, world):
    grow(world, 10)
    login(client, world.handler.username)
    url = f"/cases/{world.patent.id}"
    client.get(url)
    n, sql = _measure(client, world, type("P", (), {"url": lambda self, w: url})())
    for i in range(6):
        matters.attach(world.patent, "evidence", io.BytesIO(minimal_pdf() + b"%" + bytes([i])), f"证据{i}.pdf", world.firm, at(7))
    _db.session.commit()
    n2, sql2 = _measure(client, world, type("P", (), {"url": lambda self, w: url})())
    print("\nbefore", n, "after 6 uploads", n2)
    for k, v in (Counter(sql2) - Counter(sql)).items():
        print(v, k[:200].replace("\n", " "))
    # where do organisation queries come from
    stacks = []
    def hook(conn, cursor, statement, *a):
        if statement.startswith("SELECT organisation.id") or statement.startswith("SELECT deadline_pause") or statement.startswith("SELECT calendar_year"):
            st = [f"{f.filename.split('ipcenter/')[-1]}:{f.lineno} {f.name}" for f in traceback.extract_stack() if "/ipcenter/" in f.filename and "site-packages" not in f.filename][-4:]
            stacks.append((statement[:30], " < ".join(reversed(st))))
    eng = _db.session.get_bind(); eng = getattr(eng, "engine", eng)
    sa.event.listen(eng, "before_cursor_execute", hook)
    _db.session.expire_all()
    client.get(url)
    sa.event.remove(eng, "before_cursor_execute", hook)
    for s in stacks: print(s)
