"""Rapid pre-examination of utility models and designs (专利快速预审, DOMAIN.md §3): a firm
registers for the service (备案), submits requests in the centre's scope, answers the
examiner's opinions round by round, files at CNIPA after passing and records the grant — which
enters the rights register, so that the right can later be asserted in a case or pledged.

Built on the matters kernel (``ipcenter.matters``) and the rights register (``ipcenter.ip``);
it imports no other domain. ``init_app`` is all the application knows of this package
(``ipcenter.DOMAINS``)."""

from __future__ import annotations


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    import ipcenter.prexam.kinds
    import ipcenter.prexam.models
    import ipcenter.prexam.policy
    import ipcenter.prexam.tasks  # noqa: F401  (the worker and the eager outbox know them)
    from ipcenter.notify import links as notice_links
    from ipcenter.prexam.search import register as register_search

    register_search()  # requests, registrations and their files; principals from the policy
    from importlib import import_module

    from ipcenter.prexam.blueprint import bp
    from ipcenter.web import nav

    for pages in ("views", "stats_views", "settings_views"):
        try:
            import_module(f"ipcenter.prexam.{pages}")
        except ModuleNotFoundError as exc:  # the pages are built apart from the services
            if exc.name != f"ipcenter.prexam.{pages}":
                raise
    app.register_blueprint(bp, url_prefix="/prexam")
    # Where the notices on a request and on a registration link (their clocks' notices).
    notice_links.register("prexam", "prexam.detail", "request_id")
    notice_links.register("prexam_filing", "prexam.filing", "filing_id")
    if "prexam.index" in {rule.endpoint for rule in app.url_map.iter_rules()}:
        nav.register(app, nav.NavItem(_l("Pre-examination"), "prexam.index", "prexam.pages",
                                      22))
        from ipcenter.prexam.views import register_worklist

        register_worklist(app)  # the examiner's queue on 我的工作
