"""What the pledge loans tell (``ipcenter.notify``): the borrower that its loan was decided
(approved by the bank, or declined at any step), and the lending bank and the fund managers
that the collateral watch raised an alert on a loan. Each is one call in the transaction of the
change, keyed so that it notifies once; the actor is not told of what they did."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale

from ipcenter import notify
from ipcenter.auth.roles import Role
from ipcenter.core.money import with_unit


def _url(application) -> str:
    return notify.links.url_of("pledge", application.id)


def _without(users, actor) -> list:
    actor_id = getattr(actor, "id", None)
    return [u for u in users if u.id != actor_id]


def _named(text: str, application) -> str:
    """``text`` naming the application once: its label after it, unless it names it already
    (an application without a number is labelled by its title, which the text quotes)."""
    return text if application.label in text else f"{text}（{application.label}）"


def decided(application, approved: bool, now: datetime, actor=None) -> None:
    """The loan was approved (with its amount) or declined: the borrower is told."""
    if approved:
        amount = application.approved_amount
        text = (f"您的质押融资申请“{application.title}”已获银行批准"
                + (f"，批准金额{with_unit(amount)}" if amount is not None else ""))
    else:
        text = f"您的质押融资申请“{application.title}”未获通过，请查阅原因"
    notify.notify(_without(notify.recipients.of_organisations([application.borrower_org_id]),
                           actor),
                  "pledge.approve" if approved else "pledge.decline", ("pledge", application.id),
                  _named(text, application), _url(application),
                  f"pledge:{application.id}:decided", now=now)


def alerted(alert, label, now: datetime) -> None:
    """The collateral watch raised ``alert`` (its event ``label``): the lending bank and the
    fund managers are told."""
    application = alert.application
    # The text is stored, read later by others: in the office's language, not the language of
    # whoever's page recorded the event (a director reading the pages in English).
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        label = str(label)
    users = [*notify.recipients.of_organisations([application.bank_org_id]),
             *notify.recipients.of_role(Role.FUND_MANAGER)]
    notify.notify(users, "pledge.alert", ("pledge", application.id),
                  f"质押物预警：{application.label}的质押权利发生“{label}”", _url(application),
                  f"pledge_alert:{alert.id}", now=now)
