"""Possible duplicates of a new request: earlier requests and granted rights whose title or
claims are near its own, found through search and flagged to the examiner."""

from __future__ import annotations


def find_for(request) -> list[dict]:
    """The possible duplicates of ``request`` (``[{type, id, label, score}]``), best first."""
    return []
