"""The navigation bar: each entry shows only to users the policy lets through."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ipcenter.auth import policy


@dataclass(frozen=True)
class NavItem:
    label: object
    endpoint: str
    action: str


# Domains add their entries here, in the order they appear.
NAV: list[NavItem] = [
    NavItem(_l("My work"), "web.dashboard", "dashboard.view"),
    NavItem(_l("Cases"), "cases.index", "case.list"),
    NavItem(_l("Search"), "search.results", "dashboard.view"),
    NavItem(_l("Organisations"), "admin.organisations", "admin.organisations"),
    NavItem(_l("Users"), "admin.users", "admin.users"),
    NavItem(_l("Director grants"), "admin.grants", "role_grant.list"),
    NavItem(_l("Working-day calendar"), "admin.calendar", "calendar.view"),
    NavItem(_l("Audit log"), "admin.audit", "audit.view"),
]


def items() -> list[dict]:
    if not getattr(current_user, "is_authenticated", False):
        return []
    out = []
    for item in NAV:
        if policy.can(current_user, item.action):
            try:
                out.append({"label": item.label, "url": url_for(item.endpoint),
                            "endpoint": item.endpoint})
            except Exception:  # an endpoint not built yet is simply not shown
                continue
    return out
