"""What the matters kernel asks of a pledge application (``ipcenter.matters.kinds.Kind``):
its ``MatterKind``, built and registered at import.

The kernel's ``handler_role`` is the centre's role that handles the kind: the fund manager
(风险补偿资金管理人), who receives each application, enrols it, watches the pool and handles
claims. Banks, the valuer and the insurer act on an application through the roles of its
transition table, not as its handlers (a bank is the lender, not the centre).

Its files: ``UPLOAD_KINDS`` (what the firm, the bank, the valuer and the fund manager add),
their text extracted by ``pledge.extract_text``; its official documents (``documents``, the
catalogue) rendered by ``pledge.render_document`` (``pledge.tasks``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter.matters import kinds as matter_kinds
from ipcenter.matters.kinds import MatterKind
from ipcenter.matters.models import DocAudience
from ipcenter.matters.services import BOTH, HANDLER, PARTY, UploadKind
from ipcenter.pledge import documents, services
from ipcenter.pledge import workflow as pl
from ipcenter.pledge.models import KIND

RENDER_TASK, EXTRACT_TASK = "pledge.render_document", "pledge.extract_text"

# The files of an application: who adds them (PARTY: anyone acting for the loan who is not the
# fund manager — the firm, its bank, the valuer, the insurer, as pledge's policy allows;
# HANDLER: the fund manager) and who besides the centre may open them.
UPLOAD_KINDS = {
    "financial_statements": UploadKind(_l("Financial statements"), DocAudience.FILER,
                                       frozenset({PARTY})),
    "credit_authorisation": UploadKind(_l("Credit report authorisation"), DocAudience.FILER,
                                       frozenset({PARTY})),
    "ownership_proof": UploadKind(_l("Certificate of the right"), DocAudience.PARTIES,
                                  frozenset({PARTY})),
    "valuation_report": UploadKind(_l("Valuation report"), DocAudience.PARTIES, BOTH),
    "loan_contract": UploadKind(_l("Loan and pledge contracts"), DocAudience.PARTIES, BOTH),
    "registration_notice": UploadKind(_l("Pledge registration notice"), DocAudience.PARTIES,
                                      BOTH),
    "repayment_proof": UploadKind(_l("Repayment proof"), DocAudience.PARTIES, BOTH),
    "release_notice": UploadKind(_l("Pledge release notice"), DocAudience.PARTIES, BOTH),
    "claim_evidence": UploadKind(_l("Evidence for the compensation claim"),
                                 DocAudience.CENTRE, BOTH),
    "other": UploadKind(_l("Other document"), DocAudience.FILER, frozenset({PARTY, HANDLER})),
}


SPEC = matter_kinds.register(MatterKind(
    kind=KIND, subject="pledge", flow=pl.PLEDGE_FLOW, terminal=pl.TERMINAL,
    closed_normally=pl.CLOSED_NORMALLY, deadlines=pl.DEADLINES, handler_role="fund_manager",
    guard_facts=services.facts, upload_kinds=UPLOAD_KINDS, documents=documents,
    render_task=RENDER_TASK, extract_task=EXTRACT_TASK, file_subject="pledge_file",
    label=_l("IP pledge financing")))
