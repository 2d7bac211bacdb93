"""Celery bound to the Flask app (Flask's ``examples/celery`` pattern).

Every task runs inside ``app.app_context()``; one sent through the outbox (task id
``outbox-<id>``) marks its message done once it returned, so that the sweeper can tell work
finished from work lost. With no broker configured, tasks are eager: the outbox runs them
in-process right after the commit that queued them.
"""

from __future__ import annotations

import logging

from celery import Celery, Task
from flask import Flask

log = logging.getLogger(__name__)


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                result = self.run(*args, **kwargs)
                if not self.request.is_eager:
                    _mark_done(self.request.id)
                return result

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    # Import the modules that define tasks so the worker and the eager outbox know them (each
    # domain imports its own, from its init_app).
    import ipcenter.core.tasks  # noqa: F401
    import ipcenter.search.tasks  # noqa: F401

    return celery_app


def _mark_done(task_id: str | None) -> None:
    from ipcenter.core import outbox
    from ipcenter.core.db import db

    try:
        outbox.mark_done(task_id)
    except Exception:  # noqa: BLE001  the work is done; the sweeper's re-send will be a no-op
        log.exception("could not mark task %s done", task_id)
        db.session.rollback()
