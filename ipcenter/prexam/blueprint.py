"""The service's one blueprint (``/prexam/``): the firm's and the examiner's pages
(``views``), the statistics (``stats_views``) and the admin's scope and targets
(``settings_views``) each add their routes to it."""

from flask import Blueprint

bp = Blueprint("prexam", __name__)


@bp.teardown_request
def _close_uploads(exc=None) -> None:
    """Close the uploaded files of a request that ends (a form refused before reading them
    leaves their temporary files open otherwise)."""
    from flask import request

    files = request.__dict__.get("files")  # only what was parsed: never parse it here
    for _, upload in (files.items(multi=True) if files is not None else ()):
        upload.close()
