"""What the pages show of a notice's delivery in words: the kind of event (never its code,
never the notice's text), the address masked (``a***@x.cn``, ``138****1234``) and why the
send failed, from the error the channel reported (which stays in the database, for the logs:
an SMTP server's reply may quote an address or the message)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter.core.text import mask_phone

# The events the domains raise (``notify(…, event, …)``), by the kind of news; a domain with a
# new event adds its label here (an unknown one shows as "another notice", never as a code).
EVENT_LABELS = {
    "case.accept": _l("Case accepted"),
    "case.refuse": _l("Case not accepted"),
    "case.answer": _l("Answer or statement received"),
    "case.hearing": _l("Hearing scheduled"),
    "case.decision": _l("Decision issued"),
    "service.sent": _l("Document served"),
    "pledge.approve": _l("Financing application approved"),
    "pledge.decline": _l("Financing application declined"),
    "pledge.alert": _l("Collateral alert"),
    "deadline.due": _l("Deadline approaching"),
    "deadline.overdue": _l("Deadline passed"),
}


def event_label(event: str):
    return EVENT_LABELS.get(event, _l("Another notice"))


# Why a send failed, from the channel's error (``ChannelError``'s text begins with the
# exception's name); the first pattern found decides.
_ERRORS = (
    ("is not configured", _l("The channel is not switched on at the centre.")),
    ("SMTPRecipientsRefused", _l("The mail server refused the recipient's address.")),
    ("SMTPSenderRefused", _l("The mail server refused the centre's sender address.")),
    ("SMTPAuthenticationError", _l("The centre could not sign in to the mail server.")),
    ("SMTPDataError", _l("The mail server refused the message.")),
    ("SMTPServerDisconnected", _l("The mail server closed the connection.")),
    ("timed out", _l("The server did not answer in time.")),
    ("Timeout", _l("The server did not answer in time.")),
    ("ConnectionRefused", _l("The server could not be reached.")),
    ("gaierror", _l("The server's name could not be resolved.")),
    ("OSError", _l("The server could not be reached.")),
    ("SMTP", _l("The mail server reported an error.")),
)


def error_label(error: str):
    for needle, label in _ERRORS:
        if needle in (error or ""):
            return label
    return _l("The send failed for a reason the channel did not name.")


def mask_email(address: str) -> str:
    """``alice@x.cn`` → ``a***@x.cn``."""
    local, at, domain = (address or "").partition("@")
    if not at:
        return mask_other(address)
    return f"{local[:1]}***@{domain}"


def mask_other(text: str) -> str:
    return f"{text[:1]}***" if text else ""


def mask(channel: str, address: str) -> str:
    """The address as the administrator's list shows it."""
    if channel == "email":
        return mask_email(address)
    if channel == "sms":
        return mask_phone(address)
    return mask_other(address)
