"""What the matters kernel asks of pre-examination (``ipcenter.matters.kinds.Kind``): the
registration (备案, ``FILING``) and the request (``REQUEST``), built and registered at import.

The kernel's ``handler_role`` is the examiner (预审员) for both. The request's files
(``UPLOAD_KINDS``) are the application documents the firm uploads (``rules.documents``), its
amendments and replies, and the examiner's working papers; their text is extracted by
``prexam.extract_text``, the centre's notices rendered by ``prexam.render_document``
(``prexam.tasks``).

The clocks' periods are the centre's service targets: ``deadlines`` reads the version the
admin keeps (``prexam.settings.targets_on``) each time a clock opens, so a change of target
applies to the clocks opened after it, never to one already running.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from flask_babel import lazy_gettext as _l

from ipcenter.matters import kinds as matter_kinds
from ipcenter.matters.kinds import MatterKind
from ipcenter.matters.models import DocAudience
from ipcenter.matters.services import HANDLER, PARTY, UploadKind
from ipcenter.prexam import documents
from ipcenter.prexam import workflow as px
from ipcenter.prexam.models import FILING_KIND, KIND
from ipcenter.prexam.rules import documents as required

RENDER_TASK, EXTRACT_TASK = "prexam.render_document", "prexam.extract_text"
FILING_RENDER_TASK, FILING_EXTRACT_TASK = ("prexam.render_filing_document",
                                           "prexam.extract_filing_text")
FILE_SUBJECT, FILING_FILE_SUBJECT = "prexam_file", "prexam_filing_file"

_FIRM = frozenset({PARTY})
# The application documents and the firm's answers: the firm adds them, the firm and the
# centre open them (``DocAudience.FILER``: no other party exists on a request).
UPLOAD_KINDS = {
    **{kind: UploadKind(label, DocAudience.FILER, _FIRM)
       for kind, label in required.LABELS.items()},
    "working_paper": UploadKind(_l("Examiner's working paper"), DocAudience.CENTRE,
                                frozenset({HANDLER})),
}


class _Targets(Mapping):
    """The clocks' rules with today's targets as their periods (``workflow.DEADLINES`` gives
    the title, basis and who; ``settings.targets_on`` the admin's current figures)."""

    def __init__(self, rules, day=None):
        self._rules, self._day = rules, day

    def on(self, day) -> _Targets:
        """The rules with the targets in force on ``day`` (the day a clock starts)."""
        return _Targets(self._rules, day)

    def __getitem__(self, kind):
        rule = self._rules[kind]
        target = px.TARGET_OF_CLOCK.get(kind)
        if target is None:
            return rule
        from ipcenter.prexam import settings

        return replace(rule, period=settings.period_of(kind, self._day))

    def __iter__(self):
        return iter(self._rules)

    def __len__(self):
        return len(self._rules)


# Each kind its own clocks: the registration's decision, the request's steps.
FILING_CLOCKS = frozenset({"filing_decision"})
DEADLINES = _Targets({k: r for k, r in px.DEADLINES.items() if k not in FILING_CLOCKS})
FILING_DEADLINES = _Targets({k: r for k, r in px.DEADLINES.items() if k in FILING_CLOCKS})


def _facts(matter, now, **extra):
    from ipcenter.prexam import services

    return services.facts(matter, now, **extra)


def _filing_facts(matter, now, **extra):
    from ipcenter.prexam import services

    return services.filing_facts(matter, now, **extra)


REQUEST = matter_kinds.register(MatterKind(
    kind=KIND, subject="prexam", flow=px.FLOW, terminal=px.TERMINAL,
    closed_normally=px.CLOSED_NORMALLY, deadlines=DEADLINES, handler_role="examiner",
    guard_facts=_facts, upload_kinds=UPLOAD_KINDS, documents=documents,
    render_task=RENDER_TASK, extract_task=EXTRACT_TASK, file_subject=FILE_SUBJECT,
    label=_l("Rapid pre-examination request")))

FILING = matter_kinds.register(MatterKind(
    kind=FILING_KIND, subject="prexam_filing", flow=px.FILING_FLOW,
    terminal=px.FILING_TERMINAL, closed_normally=px.FILING_CLOSED_NORMALLY,
    deadlines=FILING_DEADLINES, handler_role="examiner", guard_facts=_filing_facts,
    render_task=FILING_RENDER_TASK, extract_task=FILING_EXTRACT_TASK,
    file_subject=FILING_FILE_SUBJECT, documents=documents, label=_l("Registration for pre-examination")))
