"""Helpers for the search tests."""

from __future__ import annotations

from datetime import date

from ipcenter.search import SearchDocument


def make_doc(id, title="", body="", *, kind="case", orgs=("org:1", "role:adjudicator"),
             published=False,
             day=None, scopes=(), **fields) -> SearchDocument:
    if day is not None:
        fields["date"] = day if isinstance(day, date) else date.fromisoformat(day)
    return SearchDocument(kind=kind, id=id, title=title, body=body, fields=fields,
                          principals=set(orgs), published=published, scopes=set(scopes))


def keys(results) -> set[str]:
    return {hit.key for hit in results.hits}


def all_keys(index, query, principals=("role:adjudicator",), **kwargs) -> set[str]:
    """Every result of ``query``, page by page; checks the pages add up to the total."""
    found, page = set(), 1
    while True:
        results = index.search(query, set(principals), page=page, per_page=100, **kwargs)
        found |= keys(results)
        if page >= results.pages:
            assert len(found) == results.total, (query, len(found), results.total)
            return found
        page += 1
