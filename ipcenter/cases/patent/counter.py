"""窗口受理 of a patent dispute: what the shared counter (``cases.counter``) asks of the kind —
the firm's own filing form with the counter's fields, its filing data, ``file_complaint`` for
the firm and ``submit``; the submission's 5 working days to accept run from the day received."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter import matters
from ipcenter.cases.counter import CounterFields
from ipcenter.cases.patent import services
from ipcenter.cases.patent.forms import FilingForm
from ipcenter.cases.spec import Counter


class CounterForm(CounterFields, FilingForm):
    # The complainant's contact is the counter's own field.
    requester_contact = None


def details(form) -> services.FilingData:
    respondent = matters.PartyData(
        name=form.respondent_name.data or "", address=form.respondent_address.data or "",
        uscc=form.respondent_uscc.data or "", organisation_id=form.respondent_org.data or None)
    return services.FilingData(
        patent_number=form.patent_number.data, patent_title=form.patent_title.data,
        claim=form.claim.data, facts=form.facts.data, respondents=[respondent],
        requester_address=form.complainant_address.data or "",
        requester_legal_representative=form.complainant_representative.data or "",
        requester_contact=form.complainant_contact.data or "")


def file(data, actor, now, client_token, firm):
    return services.file_complaint(data, actor, now, client_token, requester=firm)


def uploads(form) -> list:
    return [("proof_of_right", form.proof_of_right.data)] + [
        ("evidence", f) for f in form.evidence.data or []]


COUNTER = Counter(
    form=CounterForm, firm_fields=("respondent_org",), details=details, file=file,
    submit=services.submit, uploads=uploads, clocks=("accept",),
    title=_l("Enter a patent complaint brought to the counter"),
    scan_kind="request", scan_title="专利侵权纠纷处理请求书")
