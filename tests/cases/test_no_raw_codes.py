"""No raw codes or English on the Chinese pages of demo-like cases: every page a handler, the
director or a firm opens on the seeded demo (我的工作, the case list, each case's page) is
scanned, in its visible text, for audit actions (``case.accept``), state or kind codes
(``tm_prior_notice``, ``preservation``), "user 14", "#2", JSON and English words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from ipcenter.cases.models import Case
from tests.conftest import login

# What may stand in Latin letters on a Chinese page: numbers of rights and documents, file
# names' extensions, units and abbreviations a Chinese reader writes so too.
ALLOWED = {"ZL", "PDF", "pdf", "LED", "MY", "OCR", "SHA", "URL", "IP", "ID", "A", "B", "C",
           "English"}  # the language switch names its language in it
WORD = re.compile(r"[A-Za-z][A-Za-z_]+(?:\.[A-Za-z_]+)*")
CODES = [re.compile(p) for p in (r"\b[a-z]+\.[a-z_]+\b", r"\b[a-z]+_[a-z_]+\b",
                                 r"(?i)\buser \d+", r"#\d+", r"\{\s*\"")]


class _Text(HTMLParser):
    """The visible text of a page, and the attributes a reader sees (title, placeholder)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def raw_codes(text: str) -> list[str]:
    found = [m.group(0) for pattern in CODES for m in pattern.finditer(text)]
    found += [w for w in WORD.findall(text) if w not in ALLOWED and not w.isupper()]
    return found


@pytest.mark.slow
def test_demo_pages_show_no_raw_codes(demo_app, demo_db, demo_accounts):
    """On the demo seeded once for the session, each user with a client of its own."""
    from tests.conftest import _Client

    accounts = {a.username: a for a in demo_accounts}
    ids = list(demo_db.session.execute(sa.select(Case.id)).scalars())
    found = {}
    demo_app.test_client_class = _Client
    for username in ("director", "adj1", "adj2", "enf1", "firm1", "firm2"):
        client = demo_app.test_client()
        login(client, username, accounts[username].password)
        for path in ["/dashboard", "/cases/", *[f"/cases/{i}" for i in ids]]:
            response = client.get(path)
            if response.status_code != 200:
                continue
            hits = raw_codes(visible_text(response.get_data(as_text=True)))
            if hits:
                found[f"{username} {path}"] = sorted(set(hits))
    assert not found, found


def test_a_step_without_a_label_is_not_shown_as_its_code(client, db, cast):
    from ipcenter.cases.patent.workflow import S
    from ipcenter.core import audit
    from tests.cases.conftest import at, walk

    case = walk(db, cast, S.SUBMITTED)
    audit.record("case.reopen_file", actor=cast.judges[0], obj_type="case", obj_id=case.id,
                 now=at(1), detail={"note": "x"})
    db.session.flush()
    login(client, cast.judges[0].username)
    text = visible_text(client.get(f"/cases/{case.id}").get_data(as_text=True))
    assert "case.reopen_file" not in text and "reopen_file" not in text
    assert "已记录" in text
