"""Where a notice about a matter links: the matter's own page, by its subject (``case``,
``pledge``, ``prexam``…, the ``subject_type`` of its clocks and notices). The domain that owns a
kind of subject names its page once (``register``, from its ``init_app``); a notice raised by a
scan, a task or the CLI builds the link without a request (``url_of``), as ``notify`` stores it
(a path: ``/cases/7``)."""

from __future__ import annotations

from flask import current_app
from werkzeug.routing import BuildError

_PAGES: dict[str, tuple[str, str]] = {}


def register(subject: str, endpoint: str, id_arg: str) -> None:
    """Link the notices on ``subject`` to ``endpoint``, whose ``id_arg`` is the subject's id."""
    _PAGES[subject] = (endpoint, id_arg)


def url_of(subject: str, subject_id: int, default: str = "") -> str:
    """The page of ``subject`` number ``subject_id``; ``default`` for a subject with no page
    registered, or whose pages this app does not mount."""
    page = _PAGES.get(subject)
    if page is None:
        return default
    endpoint, id_arg = page
    try:
        return current_app.url_map.bind("localhost").build(endpoint, {id_arg: subject_id})
    except BuildError:
        return default
