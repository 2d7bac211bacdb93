"""What the actions a matter's page offers are made of, for every kind: an action has its form,
who may take it (the workflow event's rule, a named policy rule, or a test of its own) and its
one service call. Each domain's table of actions is its own (``cases.patent.actions``,
``pledge.actions``); these are the pieces they share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from ipcenter.matters import forms
from ipcenter.matters.services import attach, upload_kinds_for


@dataclass(frozen=True)
class Action:
    # The form: a FlaskForm class, or ``(matter) -> class`` for one built per matter.
    form: Callable
    run: Callable                  # (matter, form, actor, now) -> None
    event: StrEnum | None = None
    # For an action that is not a transition: the policy rule asked with the matter …
    permission: str | None = None
    # … or a test of its own, ``(user, matter) -> bool``.
    allowed: Callable | None = None
    title: object = ""
    message: object = _l("Done.")
    # Fills what the form offers this user on this matter: ``(form, matter, user) -> None``.
    prepare: Callable | None = None

    def form_class(self, matter):
        return self.form if isinstance(self.form, type) else self.form(matter)

    def build(self, matter, user=None, **kwargs):
        """The action's form for ``matter`` (``kwargs`` as ``FlaskForm`` takes them, e.g.
        ``formdata=None``), its choices filled for ``user``."""
        form = self.form_class(matter)(**kwargs)
        if self.prepare is not None and user is not None:
            self.prepare(form, matter, user)
        return form


def fixed(form_class):
    """The same form for every matter."""
    return lambda matter: form_class


def confirm(service, event=None, **kwargs) -> Action:
    """An action that is one button: ``service(matter, actor, now)``."""
    return Action(forms.ConfirmForm, lambda m, f, u, n: service(m, u, n), event, **kwargs)


def with_reason(service, event=None, form=forms.ReasonForm, **kwargs) -> Action:
    """An action with its reasons: ``service(matter, actor, now, reason)``."""
    return Action(form, lambda m, f, u, n: service(m, u, n, f.reason.data or ""), event,
                  **kwargs)


def offer_upload_kinds(form, matter, user) -> None:
    """The kinds of file ``user`` may add to ``matter``, as the upload form's choices."""
    form.kind.choices = forms.options(
        (k, v.title) for k, v in upload_kinds_for(matter, user).items())


def _attach(matter, form, actor, now):
    attach(matter, form.kind.data, form.file.data.stream, form.file.data.filename, actor, now)


def upload(permission: str) -> Action:
    """Adding a file to the matter (``matters.attach``: its type by content, its size limited,
    its text extracted and indexed), for whom the domain's ``permission`` lets in."""
    return Action(forms.UploadForm, _attach, permission=permission,
                  title=_l("Add a document"), message=_l("The document has been added."),
                  prepare=offer_upload_kinds)
