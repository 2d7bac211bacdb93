"""The Celery entry point: ``celery -A ipcenter.worker worker -Q celery,index`` and
``celery -A ipcenter.worker beat``. The app is built here, when the worker imports this
module, never at import time of any other module."""

from ipcenter import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
