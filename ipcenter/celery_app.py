"""Celery bound to the Flask app (Flask's ``examples/celery`` pattern).

Every task runs inside ``app.app_context()``. With no broker configured, tasks are eager: the
outbox runs them in-process right after the commit that queued them.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    # Import the modules that define tasks so the worker and the eager outbox know them.
    import ipcenter.cases.tasks  # noqa: F401
    import ipcenter.core.tasks  # noqa: F401
    import ipcenter.search.tasks  # noqa: F401

    return celery_app
