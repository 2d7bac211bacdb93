"""Cases: patent-infringement administrative adjudication and trademark enforcement, on one
``Case`` model (joined-table inheritance) with parties, handlers, documents and deadlines.

``init_app`` is all the application knows of this package (``ipcenter.DOMAINS``): it registers
the models, the blueprint, the Celery tasks, the search builders, the policy rules and the
navigation entry."""

from __future__ import annotations


def init_app(app) -> None:
    import importlib

    from flask_babel import lazy_gettext as _l

    import ipcenter.cases.models  # noqa: F401  (Flask-Migrate sees the schema)
    import ipcenter.cases.policy  # noqa: F401  (registers the case rules with the engine)
    import ipcenter.cases.tasks  # noqa: F401  (the worker and the eager outbox know them)
    from ipcenter.cases import search
    from ipcenter.cases.kinds import KINDS
    from ipcenter.cases.views import bp
    from ipcenter.notify import links as notice_links
    from ipcenter.web import nav

    for spec in KINDS.values():
        if spec.views:
            importlib.import_module(spec.views)  # the kind's own pages join the blueprint
    import ipcenter.cases.counter_views  # noqa: F401  (窗口受理, each kind's counter page)
    app.register_blueprint(bp, url_prefix="/cases")
    notice_links.register("case", "cases.detail", "case_id")  # where its notices link
    search.register()
    nav.register(app, nav.NavItem(_l("Cases"), "cases.index", "case.list", order=20))
