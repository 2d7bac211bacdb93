"""The pre-examination request list's filters, read from a query string (``parse``), and the
rows each view shows in its order (``select``): the one reading the list page
(``views.index``) and the export of the register share, so the file holds the rows the page
shows with the same address.

What a user sees depends on who they are: a firm (with its organisation) its own requests,
newest first; the centre (``prexam.queue``) a view — the examiners' queue or, for an examiner,
the requests in their charge, both in submission order, or all requests, newest first. The
queue is the default; a centre user who examines no request has neither queue nor charge of
their own and is shown all requests whatever the view asked. A view shown reads back as itself
(the page's links and its export button carry it)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ipcenter.auth import policy
from ipcenter.auth.roles import Role
from ipcenter.prexam.models import PrexamHandler, PrexamRequest
from ipcenter.prexam.policy import visible_requests
from ipcenter.prexam.workflow import EXAMINER_QUEUE

# The views a query string may ask for ("" and none: the queue).
VIEWS = frozenset({"", "queue", "mine", "all"})
NEWEST = (PrexamRequest.created_at, PrexamRequest.id)
# Submission order, by the columns themselves so that the indexes on them serve it
# (``ix_prexam_request_queue``, ``ix_prexam_request_submitted``): a request in a queue or in an
# examiner's charge was submitted, and the views say so (``_SUBMITTED_ONLY``), so the keys
# hold no null.
SUBMITTED = (PrexamRequest.submitted_at, PrexamRequest.id)
_SUBMITTED_ONLY = PrexamRequest.submitted_at.is_not(None)


@dataclass(frozen=True)
class Filters:
    """``view``: what the list shows — ``firm``, ``queue``, ``mine``, ``all``, or ``""``
    when the user's page shows no list of requests; ``asked``: the view the query string
    chose (kept in the page's links and its export). ``ignored``: (name, reason) of a value
    the list does not offer, set aside on the page, refused by an export."""

    view: str
    asked: str = ""
    errors: tuple = ()
    ignored: tuple = ()

    @property
    def shows_list(self) -> bool:
        return bool(self.view)

    @property
    def shows_firm(self) -> bool:
        """Whether the rows name the firm (not on a firm's own list)."""
        return self.view != "firm"

    def args(self) -> dict:
        return {"view": self.asked}


def is_firm(user) -> bool:
    return user.has_role(Role.FIRM) and bool(user.organisation_id)


def parse(args, user) -> Filters:
    """The list's view for ``user`` from ``args`` (the request's query string, or an export's
    stored copy)."""
    value = args.get("view")
    asked = value.strip() if isinstance(value, str) else ""
    ignored = ()
    if asked not in VIEWS:
        ignored, asked = (("view", _l("the list has no such view")),), ""
    if is_firm(user):
        return Filters("firm", asked, ignored=ignored)
    if not policy.can(user, "prexam.queue"):
        return Filters("", asked, ignored=ignored)
    if not user.has_role(Role.EXAMINER):
        return Filters("all", asked, ignored=ignored)  # no queue, no charge of their own
    return Filters(asked or "queue", asked, ignored=ignored)


def select(filters: Filters, user) -> tuple[sa.Select, tuple, bool]:
    """The requests ``filters`` show ``user`` (visible to them), with the list's order as keys
    (non-null columns ending in the id) and whether it is descending."""
    requests = visible_requests(sa.select(PrexamRequest), user)
    if filters.view == "mine":
        return (requests.where(PrexamRequest.id.in_(
            sa.select(PrexamHandler.request_id).where(
                PrexamHandler.user_id == user.id, PrexamHandler.removed_at.is_(None))),
            _SUBMITTED_ONLY), SUBMITTED, False)
    if filters.view == "queue":
        return (requests.where(PrexamRequest.state.in_([str(s) for s in EXAMINER_QUEUE]),
                               _SUBMITTED_ONLY), SUBMITTED, False)
    if filters.view in ("firm", "all"):
        return requests, NEWEST, True
    return requests.where(sa.false()), NEWEST, True


def ordered(filters: Filters, user) -> sa.Select:
    """``select`` in the list's order."""
    query, keys, descending = select(filters, user)
    return query.order_by(*(k.desc() if descending else k.asc() for k in keys))
