"""The search page: ``/search``. Anyone may search; what a user sees is decided inside the
search by their principals (anonymous visitors: published documents only). A signed-in reader
of the statistics alone (the provincial office) is refused (``search.use``)."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ipcenter import search
from ipcenter.auth import policy
from ipcenter.web import params

log = logging.getLogger(__name__)

bp = Blueprint("search", __name__)

SORT_LABELS = {"relevance": _l("Relevance"), "date": _l("Newest first"),
               "date_asc": _l("Oldest first")}
FACET_LABELS = {"kind": _l("Type"), "year": _l("Year"), "state": _l("State"),
                "case_type": _l("Case type")}
MAX_QUERY = 1000


def _kind_label(kind: str):
    registration = search.registered().get(kind)
    return registration.label if registration and registration.label else kind


@bp.get("/search")
def results():
    if current_user.is_authenticated:
        policy.require(current_user, "search.use")
    query = request.args.get("q", "")[:MAX_QUERY]
    filters = {name: request.args.get(name, "")[:100] for name in search.FACETS}
    filters = {name: value for name, value in filters.items() if value}
    sort = request.args.get("sort", "relevance")
    sort = sort if sort in SORT_LABELS else "relevance"
    page = params.page_arg()
    within = request.args.get("within", "")[:200] or None
    found, problem = None, None
    if query.strip() or filters or within:
        try:
            found = search.search(query, policy.principals(current_user), filters=filters,
                                  sort=sort, page=page, within=within)
        except search.SearchUnavailable as exc:
            log.error("search unavailable: %s", exc)
            problem = _("Search is not available at the moment; the index is being rebuilt. "
                        "Please try again later.")

    def link(**changes) -> str:
        args = {"q": query or None, "sort": sort if sort != "relevance" else None,
                "within": within, **filters}
        args.update(changes)
        return url_for("search.results", **{k: v for k, v in args.items() if v})

    return render_template("search/results.html", query=query, filters=filters, sort=sort,
                           within=within, found=found, problem=problem, link=link,
                           sort_labels=SORT_LABELS, facet_labels=FACET_LABELS,
                           kind_label=_kind_label, value_label=search.value_label)
