"""One table names every audit action (``ipcenter.web.audit_labels``): each action the source
writes has its words, the admin's audit page and a case's timeline read them, and neither shows
a raw code (``case.accept``), "user 14" or a row's details as JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from ipcenter.core import audit
from ipcenter.core.models import AuditEvent
from ipcenter.web import audit_labels
from tests.cases.test_no_raw_codes import visible_text
from tests.conftest import login

SOURCE = Path(__file__).resolve().parents[2] / "ipcenter"
# ``audit.record("case.file", …)``, ``audit.record(f"pool.{kind}", …)``, ``audit.record(NAME, …)``
# ``audit.record(...)`` and the API's ``_api_call(...)``, which writes its row through it.
RECORD = re.compile(
    r"(?:audit\.record|_api_call)\(\s*(?:(f?)\"([^\"]+)\"|([A-Z_][A-Z0-9_]*)\b)")
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z_]+\b")
USER_N = re.compile(r"(?i)\buser \d+")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _expansions() -> dict[str, list[str]]:
    """Every code an f-string action stands for. A new f-string action needs its line here."""
    from ipcenter.cases.trademark.services import MEASURE_KINDS
    from ipcenter.matters.kinds import registered
    from ipcenter.pledge.models import PostingKind

    kinds = registered().values()
    outcomes = re.findall(r'_decide\(grant, "(\w+)"',
                          (SOURCE / "admin" / "services.py").read_text(encoding="utf-8"))
    return {
        "case.measure_{kind}": [f"case.measure_{k}" for k in MEASURE_KINDS],
        "case.end_{measure.kind}": [f"case.end_{k}" for k in MEASURE_KINDS],
        "pool.{kind}": [f"pool.{k}" for k in PostingKind],
        "role_grant.{outcome}": [f"role_grant.{o}" for o in outcomes],
        "{spec.subject}.upload": [f"{s.subject}.upload" for s in kinds],
        "{spec.subject}.{event}": [f"{s.subject}.{e}" for s in kinds for e in s.flow.events],
    }


def written_actions() -> dict[str, str]:
    """Every action the source writes to the audit log, with the file that writes it."""
    expansions = _expansions()
    found = {audit.KEYED: "core/audit.py"}
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(SOURCE))
        for fstring, literal, constant in RECORD.findall(text):
            if constant:
                value = re.search(rf'^{constant}\s*=\s*"([^"]+)"', text, re.MULTILINE)
                assert value, f"{where}: the action {constant} is not a string constant here"
                found[value.group(1)] = where
            elif fstring:
                assert literal in expansions, \
                    f"{where}: add what f\"{literal}\" stands for to _expansions()"
                found.update(dict.fromkeys(expansions[literal], where))
            else:
                found[literal] = where
    return found


def test_the_scan_finds_the_actions(app):
    actions = written_actions()
    assert {"case.file", "case.accept", "auth.login", "pledge.approve", "prexam.take_up",
            "pool.contribution", "case.measure_seizure", "role_grant.confirmed",
            "prexam.duplicates_unchecked", "org.created", "right.event"} <= set(actions)
    assert len(actions) > 150


def test_every_action_written_has_chinese_words(app):
    with app.test_request_context(), force_locale("zh_CN"):
        missing = {code: where for code, where in written_actions().items()
                   if audit_labels.label(code) is audit_labels.OTHER}
        english = {code: str(audit_labels.label(code)) for code in written_actions()
                   if not CJK.search(str(audit_labels.label(code)))}
    assert not missing, f"no label in ipcenter/web/audit_labels.py: {missing}"
    assert not english, english


def test_no_line_names_an_action_nobody_writes(app):
    assert not set(audit_labels.ACTIONS) - set(written_actions())


def test_an_unknown_action_is_other_never_its_code(app):
    with app.test_request_context(), force_locale("zh_CN"):
        assert str(audit_labels.label("case.reopen_file")) == "其他操作"
        assert str(audit_labels.label("nonsense")) == "其他操作"


def test_details_read_as_words_not_json(app):
    with app.test_request_context(), force_locale("zh_CN"):
        pairs = audit_labels.details(
            '{"from": "submitted", "to": "accepted", "on": "2026-12-02", "paper": true, '
            '"weird_key": "x", "roles": ["director"]}', "case")
    text = "；".join(f"{k}：{v}" for k, v in pairs)
    assert "{" not in text and "2026-12-02" not in text and "2026年12月2日" in text
    assert "weird_key" not in text and "director" not in text and "submitted" not in text
    assert "原为" in text and "是" in text
    with app.test_request_context(), force_locale("zh_CN"):
        upload = audit_labels.details('{"kind": "evidence", "name": "公证书.pdf"}', "case",
                                      "case.upload")
        event = audit_labels.details('{"kind": "asserted_in_case", "matter": "case:3"}',
                                     "right", "right.event")
        issued = audit_labels.details('{"template": "panel_notice", "title": "合议组通知书"}',
                                      "case", "document.issue")
    text = "；".join(f"{k}：{v}" for k, v in upload + event + issued)
    assert "evidence" not in text and "asserted_in_case" not in text and "案件 3" in text
    assert "panel_notice" not in text and "合议组通知书" in text


# ---------------------------------------------------------------------------------------------
# The pages, on the demo


@pytest.fixture
def db(demo_db):
    return demo_db


def _director(app):
    from ipcenter import demo
    from ipcenter.auth.roles import Role

    client = app.test_client()
    login(client, "director", demo.PASSWORDS[Role.DIRECTOR])
    return client


def _faults(text: str) -> list[str]:
    return CODE.findall(text) + USER_N.findall(text) + re.findall(r"[{}]", text)


def test_the_audit_page_shows_words(demo_app, db):
    client = _director(demo_app)
    actions = audit.actions()
    assert "case.accept" in actions
    pages = {"/admin/audit": client.get("/admin/audit")}
    pages.update({f"/admin/audit?action={a}": client.get(f"/admin/audit?action={a}")
                  for a in actions})
    found = {}
    for url, response in pages.items():
        assert response.status_code == 200, url
        faults = _faults(visible_text(response.get_data(as_text=True)))
        if faults:
            found[url] = sorted(set(faults))
    assert not found, found
    html = pages["/admin/audit?action=case.accept"].get_data(as_text=True)
    assert "立案" in visible_text(html[html.index('data-testid="audit-rows"'):])
    # The options of the filter are in words; their values stay the codes.
    assert '<option value="case.accept"' in html


def test_the_audit_page_names_people_not_numbers(demo_app, db):
    from ipcenter.auth.models import User
    from ipcenter.core import clock

    users = {u.username: u for u in db.session.execute(sa.select(User)).scalars()}
    audit.record("user.updated", actor=users["admin"], obj_type="user", obj_id=users["firm1"].id,
                 detail={"roles": ["firm"]}, now=clock.now())
    db.session.commit()
    html = _director(demo_app).get("/admin/audit?action=user.updated").get_data(as_text=True)
    text = visible_text(html[html.index('data-testid="audit-rows"'):])
    assert users["firm1"].display_name in text and users["admin"].display_name in text
    assert "修改账号" in text and not USER_N.search(text) and "firm" not in text


def test_a_case_timeline_shows_words(demo_app, db):
    from ipcenter.cases.models import Case

    case_ids = db.session.execute(sa.select(AuditEvent.object_id).where(
        AuditEvent.object_type == "case", AuditEvent.action == "case.accept")).scalars().all()
    assert case_ids
    client = _director(demo_app)
    for case_id in case_ids[:3]:
        assert db.session.get(Case, int(case_id)) is not None
        html = client.get(f"/cases/{case_id}").get_data(as_text=True)
        timeline = html[html.index('data-testid="timeline"'):]
        timeline = visible_text(timeline[:timeline.index("</section>")])
        assert "立案" in timeline
        assert not _faults(timeline), _faults(timeline)
