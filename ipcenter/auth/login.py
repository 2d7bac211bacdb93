"""Flask-Login wiring: the user loader checks the account is active and the session current,
and a session unused for longer than the idle limit ends.

A session is a signed cookie holding ``<user id>:<session version>`` and the time it was last
used. Signing out, a password reset and deactivation raise the account's version
(``services.end_sessions``), so every cookie issued before — copied or not — names a version
that no longer is and is refused. No remember-me cookie is issued, and none is honoured.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import logout_user
from sqlalchemy import orm

from ipcenter.core import clock
from ipcenter.core.db import db

# The session key of the last use, in whole seconds since the epoch (``clock.now()``).
LAST_SEEN = "_seen"
# The last use is moved forward at most once a minute, so that not every response rewrites
# the cookie; the idle limit counts to that minute.
RENEW_AFTER_SECONDS = 60
# Kept across the fresh session a sign-in or sign-out starts: the language the visitor chose.
KEPT_ACROSS_SESSIONS = ("locale",)
# Files, not pages: they neither end nor renew a session.
_STATIC = {"static", "bootstrap.static"}


def configure(login_manager) -> None:
    from ipcenter.auth.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_key: str):
        try:
            user_id, version = (int(part) for part in user_key.split(":"))
        except ValueError:
            return None
        # Its organisation comes with it: every page's frame names it.
        user = db.session.get(User, user_id, options=[orm.joinedload(User.organisation)])
        if user is None or not user.active or user.session_version != version:
            return None
        return user


def fresh_session() -> None:
    """Empty the session but for what outlives a sign-in (no fixation of an old session)."""
    kept = {key: session[key] for key in KEPT_ACROSS_SESSIONS if key in session}
    session.clear()
    session.update(kept)


def mark_used() -> None:
    session[LAST_SEEN] = int(clock.now().timestamp())


def idle_limit_seconds() -> int:
    return int(current_app.config["IPCENTER_SESSION_IDLE_MINUTES"]) * 60


def end_idle_session():
    """Before every request: end a signed-in session idle past the limit, else renew it.

    An ended session is emptied and the visitor sent to the sign-in page (back to the page
    asked for, on a GET). A session without a last use (issued before the idle limit existed)
    counts as idle. A remember-me cookie is ignored and deleted."""
    if request.endpoint in _STATIC:
        return None
    response = _end_if_idle()
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        session["_remember"] = "clear"  # Flask-Login then ignores the cookie and deletes it
    return response


def _end_if_idle():
    if "_user_id" not in session:
        return None
    now = int(clock.now().timestamp())
    seen = session.get(LAST_SEEN)
    if isinstance(seen, int) and now - seen <= idle_limit_seconds():
        if now - seen >= RENEW_AFTER_SECONDS or now < seen:
            session[LAST_SEEN] = now
        return None
    logout_user()
    fresh_session()
    flash(_("You were signed out after %(minutes)s minutes without activity. Please sign in "
            "again.", minutes=current_app.config["IPCENTER_SESSION_IDLE_MINUTES"]), "warning")
    if request.endpoint == "auth.login":
        return None  # the sign-in page goes on, for a visitor now signed out
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))
