"""Flask-Login wiring: the user loader checks the account is active and the session current."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter.core.db import db


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
        user = db.session.get(User, user_id)
        if user is None or not user.active or user.session_version != version:
            return None
        return user
