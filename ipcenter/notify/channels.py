"""The channels a notice is sent on besides the bell, each a small adapter behind one
interface (``Channel``): e-mail over SMTP (the standard library's ``smtplib``, off until the
office configures its mail server) and SMS (an adapter per provider, since each needs a
contract; the default only writes the message to the log).

An adapter says whether the office turned it on (``enabled``), which address of a user it
sends to (``address``) and sends one message (``send``), raising ``ChannelError`` when the
message did not go, so that the sender tries again. Tests and offices register their own
(``register``).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app
from flask_babel import lazy_gettext as _l

log = logging.getLogger(__name__)


class ChannelError(Exception):
    """The message was not sent (the server refused it, or could not be reached)."""


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    key: str  # the notice's delivery (``notice-12-email``): a provider may refuse a repeat


class Channel:
    """One way to reach a user besides the bell."""

    name = ""
    label: object = ""

    def enabled(self) -> bool:
        raise NotImplementedError

    def address(self, user) -> str:
        """The user's address on this channel, or "" (then nothing is sent)."""
        raise NotImplementedError

    def send(self, address: str, message: Message) -> None:
        """Send ``message``; raises ``ChannelError`` if it did not go."""
        raise NotImplementedError


class EmailChannel(Channel):
    """E-mail through the office's SMTP server (``IPCENTER_MAIL_*``), STARTTLS or SSL."""

    name = "email"
    label = _l("E-mail")

    def enabled(self) -> bool:
        config = current_app.config
        return bool(config.get("IPCENTER_MAIL_ENABLED") and config.get("IPCENTER_MAIL_HOST"))

    def address(self, user) -> str:
        return (user.email or "").strip()

    def send(self, address: str, message: Message) -> None:
        config = current_app.config
        mail = EmailMessage()
        mail["Subject"] = message.subject
        mail["From"] = formataddr((config.get("IPCENTER_OFFICE_NAME", ""),
                                   config["IPCENTER_MAIL_FROM"]))
        mail["To"] = address
        mail["Message-ID"] = make_msgid(idstring=message.key)
        mail.set_content(message.body)
        host, port = config["IPCENTER_MAIL_HOST"], int(config.get("IPCENTER_MAIL_PORT") or 25)
        timeout = float(config.get("IPCENTER_MAIL_TIMEOUT") or 10)
        security = config.get("IPCENTER_MAIL_SECURITY", "starttls")
        try:
            smtp_class = smtplib.SMTP_SSL if security == "ssl" else smtplib.SMTP
            with smtp_class(host, port, timeout=timeout) as smtp:
                if security == "starttls":
                    smtp.starttls()
                if config.get("IPCENTER_MAIL_USER"):
                    smtp.login(config["IPCENTER_MAIL_USER"], config["IPCENTER_MAIL_PASSWORD"])
                smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"{type(exc).__name__}: {exc}") from exc


class LogSMS(Channel):
    """SMS that only writes the message to the log: the default until the office signs with a
    provider and registers its adapter (a subclass whose ``send`` calls the provider)."""

    name = "sms"
    label = _l("SMS")

    def enabled(self) -> bool:
        return bool(current_app.config.get("IPCENTER_SMS_ENABLED", True))

    def address(self, user) -> str:
        return (user.phone or "").strip()

    def send(self, address: str, message: Message) -> None:
        log.info("SMS to %s (%s): %s", address, message.key, message.body)


_CHANNELS: dict[str, Channel] = {}


def register(channel: Channel) -> Channel:
    """Make ``channel`` the adapter of its name (an office's SMS provider replaces the log)."""
    _CHANNELS[channel.name] = channel
    return channel


def get(name: str) -> Channel | None:
    return _CHANNELS.get(name)


def all_channels() -> list[Channel]:
    return list(_CHANNELS.values())


register(EmailChannel())
register(LogSMS())
