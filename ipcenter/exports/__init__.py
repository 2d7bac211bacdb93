"""Exports (issue 16): the case, loan and pre-examination registers as Excel or CSV files,
filtered like their lists and holding only what the user may see there, built by a task with
its progress shown on ``/exports/`` and downloaded by their owner when ready.

Like ``ipcenter.reports`` it is the layer above the domains: it reads their lists' queries and
labels, and no domain imports it. ``create_app`` calls its ``init_app`` after the domains'."""

from __future__ import annotations


def init_app(app) -> None:
    from celery.schedules import crontab
    from flask_babel import lazy_gettext as _l

    import ipcenter.exports.models
    import ipcenter.exports.policy  # the rule ``exports.use``
    import ipcenter.exports.tasks  # noqa: F401  (the worker and the eager outbox know it)
    from ipcenter.exports.views import bp
    from ipcenter.web import nav

    app.register_blueprint(bp, url_prefix="/exports")
    from ipcenter.exports.cli import exports_cli
    from ipcenter.exports.services import PURGE_TASK

    app.cli.add_command(exports_cli)
    # Files are kept for a week (``services.KEPT``); the expired are purged each night.
    app.extensions["celery"].conf.beat_schedule["exports-purge"] = {
        "task": PURGE_TASK, "schedule": crontab(hour=3, minute=30)}
    nav.register(app, nav.NavItem(_l("My exports"), "exports.index", "exports.use", 35))
