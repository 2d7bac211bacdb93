"""What every kind of matter shares, below the domains (it imports core, auth, search and
notify, never a domain): the registry of kinds, ``fire``, issuing and attaching documents,
parties, handlers, clocks and the double-submit token. A domain registers its kinds
(``kinds.register``) and calls these with its matters.

What a domain's pages and tasks are made of lives here too, one copy for every domain: the
document table's columns (``models.DocumentColumns``), rendering and text extraction
(``rendering.Rendering``), actions and their shared forms (``actions``, ``forms``), the files
and timeline a page shows (``presenters``, ``templates/matters/``) and loading and sending a
matter's file (``views``).
"""

from ipcenter.matters.clocks import (
    clocks,
    close_clocks,
    open_clock,
    reassign_open_clocks,
    workdays_after,
)
from ipcenter.matters.handlers import conflict_of, presiding
from ipcenter.matters.kinds import register, spec_of
from ipcenter.matters.services import (
    BOTH,
    HANDLER,
    PARTY,
    PartyData,
    UploadKind,
    attach,
    by_handler,
    documents_by_kind,
    earlier_filing,
    filing_orgs,
    fire,
    has_hearing_record,
    index,
    is_official,
    issue,
    party,
    set_handlers,
    upload_kinds_for,
    uploader_side,
)

__all__ = ["BOTH", "HANDLER", "PARTY", "PartyData", "UploadKind", "attach", "by_handler",
           "clocks", "close_clocks", "conflict_of", "documents_by_kind", "earlier_filing",
           "filing_orgs", "fire", "has_hearing_record", "index", "is_official", "issue",
           "open_clock", "party", "presiding", "reassign_open_clocks", "register", "set_handlers",
           "spec_of", "upload_kinds_for", "uploader_side", "workdays_after"]
