"""The loan list's filters, read from a query string (``parse``): the one reading the list page
(``views.index``) and the export of the loan register share, so the file holds the rows the
page shows with the same address."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.pledge.models import PledgeApplication
from ipcenter.pledge.workflow import S

# The list's order: newest first.
ORDER = (PledgeApplication.created_at, PledgeApplication.id)


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to: one state (or every state). ``ignored``: (name, reason)
    of a value the list does not offer, set aside on the page, refused by an export."""

    state: str | None = None
    errors: tuple = ()
    ignored: tuple = ()

    def apply(self, select: sa.Select) -> sa.Select:
        """``select`` (of applications) narrowed to these filters."""
        return select.where(PledgeApplication.state == self.state) if self.state else select

    def args(self) -> dict:
        return {"state": self.state or ""}


def parse(args, user) -> Filters:
    """The loan list's filters from ``args`` (the request's query string, or an export's
    stored copy). Every user of the list is offered the same filters."""
    value = args.get("state")
    state = value.strip() if isinstance(value, str) else ""
    if state and state not in {s.value for s in S}:
        return Filters(ignored=(("state", _l("the list has no such state")),))
    return Filters(state=state or None)
