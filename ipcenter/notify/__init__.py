"""Notices (通知): the bell with its count, the list, read and unread, and the same notice sent
by e-mail or SMS on the channels each user chose.

Below the domains, beside ``matters`` (it imports core and auth, never a domain nor
``matters``): a domain, ``matters`` or a core scan calls ``notify(...)`` inside its own
transaction, and the deliveries go out through the outbox after the commit. A notice may offer
an action (``register_action``), which the package that raised it registers: ``matters`` the
acknowledgement of an electronic service (确认收到).
"""

from __future__ import annotations

import os

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from ipcenter.notify import links, recipients
from ipcenter.notify.services import (
    NoticeAction,
    act,
    mark_all_read,
    mark_read,
    notify,
    register_action,
    unread_count,
)

__all__ = ["NoticeAction", "act", "init_app", "links", "mark_all_read", "mark_read", "notify",
           "recipients", "register_action", "unread_count"]

# The channels' settings, read from the environment (``IPCENTER_MAIL_HOST`` …): e-mail is off
# until the office names its SMTP server; SMS writes to the log until a provider's adapter is
# registered.
_DEFAULTS = {
    "IPCENTER_MAIL_ENABLED": ("MAIL_ENABLED", "0"),
    "IPCENTER_MAIL_HOST": ("MAIL_HOST", ""),
    "IPCENTER_MAIL_PORT": ("MAIL_PORT", "25"),
    "IPCENTER_MAIL_SECURITY": ("MAIL_SECURITY", "starttls"),  # starttls, ssl or none
    "IPCENTER_MAIL_USER": ("MAIL_USER", ""),
    "IPCENTER_MAIL_PASSWORD": ("MAIL_PASSWORD", ""),
    "IPCENTER_MAIL_FROM": ("MAIL_FROM", "noreply@localhost"),
    "IPCENTER_MAIL_TIMEOUT": ("MAIL_TIMEOUT", "10"),
    "IPCENTER_SMS_ENABLED": ("SMS_ENABLED", "1"),
    # A party served through the system acknowledges receipt from its notice (确认收到), and
    # that day is the receipt (``matters.serving.acknowledge``); off: received on arrival.
    "IPCENTER_SERVICE_ACKNOWLEDGE": ("SERVICE_ACKNOWLEDGE", "0"),
}
_FLAGS = {"IPCENTER_MAIL_ENABLED", "IPCENTER_SMS_ENABLED", "IPCENTER_SERVICE_ACKNOWLEDGE"}


def init_app(app: Flask) -> None:
    """Register the notices' tables, pages, task, the bell and the deadline scan's hook."""
    from flask_babel import lazy_gettext as _l

    import ipcenter.notify.models
    import ipcenter.notify.policy
    import ipcenter.notify.tasks  # noqa: F401
    from ipcenter.core import timelimits
    from ipcenter.notify import deadlines
    from ipcenter.notify.views import bp
    from ipcenter.web import nav

    for key, (env, default) in _DEFAULTS.items():
        if key not in app.config:
            value = os.environ.get(f"IPCENTER_{env}", default)
            app.config[key] = value == "1" if key in _FLAGS else value
    app.register_blueprint(bp)
    nav.register(app, nav.NavItem(_l("Given-up deliveries"), "notify.deliveries",
                                  "notify.deliveries", 78))
    timelimits.on_due(deadlines.notice_due)

    @app.context_processor
    def bell():
        from flask_login import current_user

        def count() -> int:
            if not getattr(current_user, "is_authenticated", False):
                return 0
            try:
                return unread_count(current_user)
            except SQLAlchemyError:  # an error page for a failing database still renders
                app.logger.warning("the bell's count failed", exc_info=True)
                return 0

        return {"unread_notices": count}
