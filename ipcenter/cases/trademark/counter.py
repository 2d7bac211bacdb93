"""窗口受理 of a trademark complaint: what the shared counter (``cases.counter``) asks of the
kind — the firm's own complaint form with the counter's fields, its complaint data,
``file_complaint`` for the firm and ``submit`` (its case-source record names the clerk and the
counter)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter.cases.counter import CHANNEL, CounterFields
from ipcenter.cases.spec import Counter
from ipcenter.cases.trademark import services
from ipcenter.cases.trademark.forms import TrademarkComplaintForm, complaint_data


class CounterForm(CounterFields, TrademarkComplaintForm):
    # A clue's fields: a firm's complaint has neither.
    clue_source = None
    informant = None


def file(data, actor, now, client_token, firm):
    return services.file_complaint(data, actor, now, client_token, requester=firm)


def submit(case, actor, now) -> None:
    services.submit(case, actor, now, channel=f"{actor.display_name}（{CHANNEL}）")


def uploads(form) -> list:
    return [("evidence", f) for f in form.evidence.data or []]


COUNTER = Counter(
    form=CounterForm, firm_fields=("party_org",), details=complaint_data, file=file, submit=submit,
    uploads=uploads, title=_l("Enter a trademark complaint brought to the counter"),
    scan_kind="complaint", scan_title="商标侵权投诉书")
