"""Statistics (DESIGN.md, ``reports/``): the figures a centre publishes in its annual report and
the director's operational figures, drawn from every domain's tables by SQL aggregates; a page
with charts, a PDF and a workbook. It reads the domains' models and reuses their own figures
(``prexam.statistics``, ``pledge.presenters.pool_figures``); no domain imports it.
It is not one of ``ipcenter.DOMAINS`` (a domain imports no other): ``create_app`` calls its
``init_app`` after the domains'."""

from __future__ import annotations


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    import ipcenter.reports.policy  # noqa: F401  (the rules ``reports.*``)
    from ipcenter.reports.views import bp
    from ipcenter.web import nav

    app.register_blueprint(bp, url_prefix="/reports")
    nav.register(app, nav.NavItem(_l("Statistics"), "reports.index", "reports.view", 75))
