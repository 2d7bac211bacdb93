"""The navigation bar: each entry shows only to users the policy lets through. The foundation's
entries are listed here; a domain adds its own from its ``init_app`` (``register``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ipcenter.auth import policy


@dataclass(frozen=True)
class NavItem:
    label: object
    endpoint: str
    action: str
    order: int  # where it stands in the bar: the domains' matters sit between 10 and 30


# The foundation's entries; the domains' come from their ``init_app``.
NAV: list[NavItem] = [
    NavItem(_l("My work"), "web.dashboard", "dashboard.view", 10),
    NavItem(_l("Search"), "search.results", "search.use", 30),
    NavItem(_l("Organisations"), "admin.organisations", "admin.organisations", 40),
    NavItem(_l("Users"), "admin.users", "admin.users", 50),
    NavItem(_l("Director grants"), "admin.grants", "role_grant.list", 60),
    NavItem(_l("Rights register"), "admin.rights", "register.view", 65),
    NavItem(_l("Working-day calendar"), "admin.calendar", "calendar.view", 70),
    NavItem(_l("Audit log"), "admin.audit", "audit.view", 80),
]
_KEY = "ipcenter.nav"


def register(app: Flask, item: NavItem) -> None:
    """Add a domain's entry to ``app``'s bar."""
    app.extensions.setdefault(_KEY, []).append(item)


def entries() -> list[NavItem]:
    """The bar of the current app, in order."""
    return sorted([*NAV, *current_app.extensions.get(_KEY, [])], key=lambda item: item.order)


def items() -> list[dict]:
    if not getattr(current_user, "is_authenticated", False):
        return []
    out = []
    for item in entries():
        if policy.can(current_user, item.action):
            try:
                out.append({"label": item.label, "url": url_for(item.endpoint),
                            "endpoint": item.endpoint})
            except Exception:  # an endpoint not built yet is simply not shown
                continue
    return out
