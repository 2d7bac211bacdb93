"""The audit chain: intact after appends; altering, deleting, inserting or re-hashing rows is
found, also by someone who controls the database but not the audit key — the hashes are keyed
and the head is also kept in a file outside the database."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from ipcenter.admin import services as admin_services
from ipcenter.core import audit
from ipcenter.core.db import unit_of_work
from ipcenter.core.models import AuditEvent, AuditHead
from tests.conftest import NOW


def _append(n):
    for i in range(n):
        audit.record("case.accept", obj_type="case", obj_id=i, detail={"n": i, "名称": "灯饰"},
                     now=NOW)


def test_chain_is_intact(db):
    _append(5)
    result = audit.verify()
    assert result.ok and result.checked == 5


def test_altered_detail_is_found(db):
    _append(5)
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 3)
                       .values(detail='{"n": 99}'))
    db.session.expire_all()
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3 and result.reason == "row altered"


def test_a_row_forged_with_the_public_digest_is_found_at_once(db):
    _append(5)
    row = db.session.execute(sa.select(AuditEvent).where(AuditEvent.seq == 2)).scalar_one()
    # A forged row 2 with a consistent plain SHA-256: without the key it is not a valid row.
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(
        action="case.reject", hash=audit.plain_digest(2, row.at, None, "", "case.reject",
                                                      "case", "1", row.detail, "",
                                                      row.prev_hash)))
    db.session.expire_all()
    result = audit.verify()
    assert not result.ok and result.broken_seq == 2 and result.reason == audit.UNKEYED


def test_deleted_row_is_found(db):
    _append(5)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 4))
    result = audit.verify()
    assert not result.ok and result.broken_seq == 4


def test_deleted_last_row_is_found(db):
    _append(3)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 3))
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3


def test_cli_reports_first_broken_link(db, runner):
    _append(3)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(actor_name="x"))
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "2" in result.output


def test_events_for_object_in_order(db):
    _append(3)
    audit.record("case.serve", obj_type="case", obj_id=1, now=NOW)
    assert [e.action for e in audit.events_for("case", 1)] == ["case.accept", "case.serve"]


# ---------------------------------------------------------------------------------------------
# Tampering by someone who controls the database, on rows the services wrote and committed


@pytest.fixture
def account(db, make_user):
    return make_user("firm")


def activity(account, times: int = 3) -> None:
    """Real rows through a service, each change committed (the head file follows)."""
    for i in range(times):
        with unit_of_work():
            admin_services.update_user(account, display_name=f"名称{account.id}-{i}",
                                       roles=["firm"], actor=None, now=NOW)


def rows(db) -> list[AuditEvent]:
    return list(db.session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars())


def last_seq(db) -> int:
    return db.session.scalar(sa.select(sa.func.max(AuditEvent.seq))) or 0


def head_file(app) -> Path:
    return Path(app.config["IPCENTER_AUDIT_HEAD_FILE"])


def move_head(db, seq: int) -> None:
    """Set the stored head (the audit_head row) to row ``seq``, as a careful forger would."""
    digest = db.session.scalar(sa.select(AuditEvent.hash).where(AuditEvent.seq == seq)) \
        if seq else audit.GENESIS
    db.session.execute(sa.update(AuditHead).where(AuditHead.id == 1)
                       .values(last_seq=seq, last_hash=digest))
    db.session.expire_all()


def rehash(db, digest, start: int = 1) -> None:
    """Recompute every row's hash from ``start`` on with ``digest``, keeping the links."""
    prev = audit.GENESIS if start == 1 else db.session.scalar(
        sa.select(AuditEvent.hash).where(AuditEvent.seq == start - 1))
    for row in rows(db):
        if row.seq < start:
            continue
        row.prev_hash = prev
        row.hash = prev = digest(row.seq, row.at, row.actor_id, row.actor_name, row.action,
                                 row.object_type, row.object_id, row.detail, row.address,
                                 prev)
    db.session.flush()
    move_head(db, last_seq(db))


def test_an_intact_chain_agrees_with_its_head_file(app, db, account, runner):
    activity(account, 4)
    result = audit.verify()
    assert result.ok and result.checked == last_seq(db) >= 4
    assert result.head_file_seq == result.checked and result.behind == 0
    data = json.loads(head_file(app).read_text())
    assert data["seq"] == result.checked and len(data["hash"]) == 64
    assert head_file(app).stat().st_mode & 0o777 == 0o600
    output = runner.invoke(args=["audit", "verify"])
    assert output.exit_code == 0 and "head file agrees" in output.output


def test_hashes_are_keyed_and_as_wide_as_before(db, account):
    activity(account, 1)
    row = rows(db)[-1]
    fields = (row.seq, row.at, row.actor_id, row.actor_name, row.action, row.object_type,
              row.object_id, row.detail, row.address, row.prev_hash)
    assert len(row.hash) == 64 and row.hash != audit.plain_digest(*fields)


def test_deleting_the_newest_rows_and_moving_the_head_is_found(app, db, account, runner):
    activity(account, 4)
    end = last_seq(db)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq > end - 2))
    move_head(db, end - 2)
    result = audit.verify()
    assert not result.ok and result.reason == audit.TRUNCATED and result.broken_seq == end - 1
    output = runner.invoke(args=["audit", "verify"])
    assert output.exit_code == 1
    assert "rows at the end have been deleted" in output.output
    assert f"the head file records row {end}, the database ends at row {end - 2}" in output.output


def test_rows_deleted_then_new_ones_appended_stay_found(app, db, account):
    activity(account, 4)
    end = last_seq(db)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.seq > end - 2))
    move_head(db, end - 2)
    activity(account, 3)  # the application goes on: the chain is whole again from end - 2 on
    assert last_seq(db) > end
    assert json.loads(head_file(app).read_text())["seq"] == end  # the file stayed as evidence
    result = audit.verify()
    assert not result.ok and result.reason == audit.HEAD_FILE_DIFFERS and result.broken_seq == end


def test_a_head_file_behind_the_database_is_not_tampering(app, db, account, runner):
    activity(account, 2)
    saved = head_file(app).read_bytes()
    activity(account, 3)
    head_file(app).write_bytes(saved)  # as if the process stopped before each file write
    result = audit.verify()
    assert result.ok and result.behind == 3
    output = runner.invoke(args=["audit", "verify"])
    assert output.exit_code == 0 and "head file behind by 3 rows (not yet written)" in output.output


def test_rows_rolled_back_never_reach_the_head_file(app, db, account):
    activity(account, 2)
    before = head_file(app).read_text()
    with pytest.raises(RuntimeError), unit_of_work():
        admin_services.update_user(account, display_name="回滚", roles=["firm"], actor=None,
                                   now=NOW)
        raise RuntimeError("the change fails after its audit row")
    assert head_file(app).read_text() == before
    assert audit.verify().ok


def test_a_head_file_written_late_never_moves_back(app, db, account):
    activity(account, 3)
    end = last_seq(db)
    row = rows(db)[end - 2]
    assert not audit.write_head_file(row.seq, row.hash)  # a slower writer finishing last
    assert json.loads(head_file(app).read_text())["seq"] == end


def test_an_inserted_row_is_found(db, account):
    activity(account, 4)
    end = last_seq(db)
    for seq in range(end, 2, -1):  # make room at row 3, keeping the rows' own fields
        db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == seq)
                           .values(seq=seq + 1))
    second = rows(db)[1]
    db.session.add(AuditEvent(seq=3, at=second.at, actor_id=None, actor_name="", detail="{}",
                              action="case.accept", object_type="case", object_id="1",
                              address="", prev_hash=second.hash, hash="f" * 64))
    db.session.flush()
    move_head(db, end + 1)
    result = audit.verify()
    assert not result.ok and result.reason == audit.INSERTED and result.broken_seq == 3


def test_a_row_inserted_at_the_end_is_found(db, account):
    activity(account, 2)
    last = rows(db)[-1]
    db.session.add(AuditEvent(seq=last.seq + 1, at=last.at, actor_id=None, actor_name="",
                              action="user.updated", object_type="user", object_id="1",
                              detail="{}", address="", prev_hash=last.hash, hash="e" * 64))
    db.session.flush()
    move_head(db, last.seq + 1)
    result = audit.verify()
    assert not result.ok and result.reason == audit.INSERTED and result.broken_seq == last.seq + 1


def test_an_altered_row_is_found(db, account, runner):
    activity(account, 3)
    target = rows(db)[1].seq
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == target)
                       .values(detail='{"display_name": ["a", "b"]}'))
    db.session.expire_all()
    result = audit.verify()
    assert not result.ok and result.reason == audit.ALTERED and result.broken_seq == target
    output = runner.invoke(args=["audit", "verify"])
    assert output.exit_code == 1 and "the row has been altered" in output.output


def test_a_chain_rehashed_with_the_public_digest_is_found(db, account, runner):
    activity(account, 4)
    rehash(db, audit.plain_digest)
    result = audit.verify()
    assert not result.ok and result.reason == audit.UNKEYED
    output = runner.invoke(args=["audit", "verify"])
    assert output.exit_code == 1 and "hashed with the public SHA-256" in output.output


def test_the_newest_rows_rehashed_with_the_public_digest_are_found(db, account):
    activity(account, 4)
    rehash(db, audit.plain_digest, start=3)
    result = audit.verify()
    assert not result.ok and result.reason == audit.UNKEYED and result.broken_seq == 3


def test_a_chain_rehashed_with_another_key_is_found(db, account, runner):
    activity(account, 4)
    rehash(db, lambda *fields: audit.keyed_digest(b"a key of the forger's own", *fields))
    result = audit.verify()
    assert not result.ok and result.reason == audit.OTHER_KEY and result.broken_seq == 1
    output = runner.invoke(args=["audit", "verify"])
    assert output.exit_code == 1 and "hashed with another key" in output.output


def test_a_forged_head_file_is_found(app, db, account):
    activity(account, 3)
    data = json.loads(head_file(app).read_text())
    data["seq"] -= 1
    head_file(app).write_text(json.dumps(data))
    result = audit.verify()
    assert not result.ok and result.reason == audit.HEAD_FILE_BAD


# ---------------------------------------------------------------------------------------------
# An older installation: rows hashed with plain SHA-256 before keyed hashes


def legacy_rows(db, n: int) -> None:
    """Rows as the application wrote them before keyed hashes (plain SHA-256)."""
    assert last_seq(db) == 0
    prev = audit.GENESIS
    for seq in range(1, n + 1):
        detail = json.dumps({"n": seq})
        digest = audit.plain_digest(seq, NOW, None, "", "case.accept", "case", str(seq),
                                    detail, "", prev)
        db.session.add(AuditEvent(seq=seq, at=NOW, actor_id=None, actor_name="",
                                  action="case.accept", object_type="case", object_id=str(seq),
                                  detail=detail, address="", prev_hash=prev, hash=digest))
        prev = digest
    head = db.session.get(AuditHead, 1)
    if head is None:
        db.session.add(AuditHead(id=1, last_seq=n, last_hash=prev))
    else:
        head.last_seq, head.last_hash = n, prev
    db.session.flush()


def test_legacy_rows_are_reported_as_not_keyed(db, account, runner):
    legacy_rows(db, 4)
    activity(account, 2)
    marker = rows(db)[4]
    assert marker.seq == 5 and marker.action == audit.KEYED
    assert json.loads(marker.detail) == {"legacy_rows": 4, "legacy_head": rows(db)[3].hash}
    result = audit.verify()
    assert result.ok and result.legacy == 4 and result.checked == 7
    output = runner.invoke(args=["audit", "verify"])
    assert output.exit_code == 0 and "rows 1–4 are not keyed" in output.output


def test_altered_legacy_row_is_found(db, account):
    legacy_rows(db, 4)
    activity(account, 1)
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2)
                       .values(detail='{"n": 99}'))
    db.session.expire_all()
    result = audit.verify()
    assert not result.ok and result.broken_seq == 2 and result.reason == audit.ALTERED


def test_legacy_rows_rewritten_whole_are_found_at_the_switch(db, account):
    legacy_rows(db, 4)
    activity(account, 1)
    first = rows(db)[0]
    first.detail = '{"n": 1000}'
    db.session.flush()
    # The forger re-hashes the legacy rows consistently: the keyed switch-over row still
    # names the old last legacy hash.
    prev = audit.GENESIS
    for row in rows(db)[:4]:
        row.prev_hash = prev
        row.hash = prev = audit.plain_digest(row.seq, row.at, row.actor_id, row.actor_name,
                                             row.action, row.object_type, row.object_id,
                                             row.detail, row.address, prev)
    db.session.flush()
    result = audit.verify()
    assert not result.ok and result.broken_seq == 5 and result.reason == audit.LINK


def test_a_plain_row_after_keyed_ones_is_not_legacy(db, account):
    activity(account, 2)
    last = rows(db)[-1]
    detail = "{}"
    db.session.add(AuditEvent(seq=last.seq + 1, at=NOW, actor_id=None, actor_name="",
                              action="case.accept", object_type="case", object_id="1",
                              detail=detail, address="", prev_hash=last.hash,
                              hash=audit.plain_digest(last.seq + 1, NOW, None, "",
                                                      "case.accept", "case", "1", detail, "",
                                                      last.hash)))
    db.session.flush()
    move_head(db, last.seq + 1)
    result = audit.verify()
    assert not result.ok and result.reason == audit.UNKEYED and result.broken_seq == last.seq + 1


def test_keys_live_outside_the_database(app, tmp_path):
    from ipcenter.config import load_audit_key

    key = load_audit_key(tmp_path)
    path = tmp_path / "audit_key"
    assert path.stat().st_mode & 0o777 == 0o600 and load_audit_key(tmp_path) == key
    assert app.config["IPCENTER_AUDIT_KEY"] != app.config["SECRET_KEY"]
