"""The administrator's page of an account's API tokens (``/admin/api-tokens/<user_id>``):
issue one (shown once, then only its first characters), revoke one. The rule is
``api.tokens``; the rules of a token are ``api.tokens`` the service's."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ipcenter.api import tokens
from ipcenter.api.forms import TokenForm
from ipcenter.api.models import ApiToken
from ipcenter.auth import policy
from ipcenter.auth.models import User
from ipcenter.core import clock
from ipcenter.core.db import db, unit_of_work
from ipcenter.core.errors import Conflict, InvalidInput

bp = Blueprint("api_tokens", __name__)


def _user(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    policy.require(current_user, "api.tokens", user)
    return user


def _render(user: User, form=None, secret: str | None = None, status: int = 200):
    form = form or TokenForm(formdata=None)
    usable = set(tokens.scopes_for(user))
    return render_template("api/tokens.html", user=user, form=form, secret=secret,
                           tokens=tokens.tokens_of(user), now=clock.now(), usable=usable,
                           scopes=tokens.SCOPES), status


# One rule for the page and its form: two rules on one path would answer a number too large
# for the database with 405 for the POST instead of 404 (tests/web/test_identifiers.py).
@bp.route("/<int:user_id>", methods=["GET", "POST"])
@login_required
def index(user_id: int):
    if request.method == "POST":
        return _create(user_id)
    return _render(_user(user_id))


def _create(user_id: int):
    user = _user(user_id)
    form = TokenForm()
    if not form.validate_on_submit():
        return _render(user, form, status=400)
    try:
        with unit_of_work():
            _token, secret = tokens.create_token(user, form.name.data, form.scopes.data,
                                                 form.days.data, actor=current_user,
                                                 now=clock.now())
    except (InvalidInput, Conflict) as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
        return _render(user, form, status=exc.status)
    # Shown on this answer only: the database keeps its hash.
    return _render(user, TokenForm(formdata=None), secret=secret, status=201)


@bp.post("/<int:user_id>/<int:token_id>/revoke")
@login_required
def revoke(user_id: int, token_id: int):
    user = _user(user_id)
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404)
    try:
        with unit_of_work():
            tokens.revoke_token(token, actor=current_user, now=clock.now())
    except Conflict as exc:
        flash(str(exc.message), "warning")
    else:
        flash(_("The token %(name)s is revoked.", name=token.name), "success")
    return redirect(url_for(".index", user_id=user.id))
