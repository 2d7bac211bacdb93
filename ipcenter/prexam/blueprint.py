"""The service's one blueprint (``/prexam/``): the firm's and the examiner's pages
(``views``), the statistics (``stats_views``) and the admin's scope and targets
(``settings_views``) each add their routes to it."""

from flask import Blueprint

bp = Blueprint("prexam", __name__)
