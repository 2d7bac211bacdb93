"""One home per period: the periods an official document prints are read from the workflow's
tables (``DEADLINES``, the longest extension), never typed into the template.

Each document is rendered, its text read, and the period looked for; then the table is
changed and the document rendered again: the printed period follows.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from ipcenter.cases import pdf_catalogue
from ipcenter.cases.patent import workflow as pt
from ipcenter.cases.trademark import workflow as tm
from ipcenter.core import pdf
from ipcenter.core.deadlines import Period

# Each document and the clocks whose periods it prints.
PRINTS = {
    "acceptance_notice": (pt.DEADLINES, ("serve", "answer")),
    "answer_notice": (pt.DEADLINES, ("answer",)),
    "decision": (pt.DEADLINES, ("suit",)),
    "preservation_notice": (tm.DEADLINES, ("preservation",)),
    "penalty_notice": (tm.DEADLINES, ("statement",)),
    "penalty_decision": (tm.DEADLINES, ("payment",)),
}


def _text(template: str) -> str:
    html = pdf.render_html(template, pdf_catalogue.sample_data(template))
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("template", sorted(PRINTS))
def test_a_document_prints_the_periods_of_its_table(app, template, monkeypatch):
    table, kinds = PRINTS[template]
    with app.app_context():
        text = _text(template)
        for kind in kinds:
            assert Period.parse(table[kind].period).describe_zh() + "内" in text, kind
        # Another period in the table: the document prints it.
        for n, kind in enumerate(kinds):
            monkeypatch.setitem(table, kind, dataclasses.replace(table[kind], period=f"{41 + n}wd"))
        text = _text(template)
        for n, kind in enumerate(kinds):
            assert f"{41 + n}个工作日内" in text, kind


def test_the_extension_form_prints_the_longest_extension(app, monkeypatch):
    with app.app_context():
        assert "延长期限不超过1个月" in _text("extension_approval")
        monkeypatch.setattr(pt, "MAX_EXTENSION", "2m")
        assert "延长期限不超过2个月" in _text("extension_approval")


def test_the_pdf_engine_knows_no_period_of_a_domain():
    assert not {"answer_due_days", "suit_days"} & set(pdf.OPTIONAL)
