"""Trademark enforcement (商标侵权行政执法): the workflow table, the services, the penalty and
referral rules, what the shared case machinery asks of the kind, and the catalogue of its
official documents. Imports the shared modules of ``ipcenter.cases`` and ``ipcenter.matters``,
never ``ipcenter.cases.patent``."""
