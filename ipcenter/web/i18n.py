"""Locale selection: the user's choice (kept in the session and on the account), else
Simplified Chinese. The browser's Accept-Language is not followed: the centre's users work in
Chinese whatever their browser says."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["IPCENTER_LANGUAGES"]
    if not has_request_context():  # tasks and commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]
