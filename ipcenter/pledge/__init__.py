"""IP pledge financing with a risk-compensation pool (知识产权质押融资风险补偿, DOMAIN.md §4):
a firm's loan against its patents and trademarks, checked by the fund manager, valued, covered
by the insurer, decided by the bank, and — when it goes wrong — shared by the pool
(``ledger``), the bank, the insurer and the valuer.

Built on the matters kernel (``ipcenter.matters``) and the rights register (``ipcenter.ip``);
it imports no other domain. ``init_app`` is all the application knows of this package
(``ipcenter.DOMAINS``)."""

from __future__ import annotations


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    import ipcenter.pledge.kinds
    import ipcenter.pledge.models
    import ipcenter.pledge.policy  # noqa: F401  (registers the pledge rules with the engine)
    import ipcenter.pledge.tasks  # noqa: F401  (the worker and the eager outbox know them)
    import ipcenter.pledge.watch  # noqa: F401  (the collateral watch hears the register)
    from ipcenter.core import worklist
    from ipcenter.notify import links as notice_links
    from ipcenter.pledge import views, watch
    from ipcenter.web import nav

    app.register_blueprint(views.bp, url_prefix="/pledge")
    notice_links.register("pledge", "pledge.detail", "application_id")  # its notices' link
    from ipcenter.pledge.cli import pledge_cli
    from ipcenter.pledge.tasks import SCAN_TASK

    app.cli.add_command(pledge_cli)
    # Instalments fall due by the day; the scan runs hourly like the deadlines' scan.
    app.extensions["celery"].conf.beat_schedule["pledge-overdue-scan"] = {
        "task": SCAN_TASK, "schedule": 3600.0}
    nav.register(app, nav.NavItem(_l("Financing"), "pledge.index", "pledge.pages", 25))
    # The collateral alerts on 我的工作 (the lending bank's reviewers, the fund manager).
    worklist.contribute(app, watch.PANEL_KEY, watch.dashboard_panel)
    from ipcenter.pledge.search import register as register_search

    register_search()  # applications and their files in the index, principals from the policy
