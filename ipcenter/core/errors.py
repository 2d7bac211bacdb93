"""Domain errors. Services raise them; one error handler turns each into a page or a flash
message in the user's language, with the HTTP status named here."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user can act on. ``message`` is already in the user's language
    (a lazy translation string)."""

    status = 400

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class InvalidInput(DomainError):
    status = 400


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Gone(DomainError):
    """What was there once and is no longer kept (an expired or removed file)."""

    status = 410


class Conflict(DomainError):
    """Wrong state, an action taken twice, a duplicate."""

    status = 409


class InvalidTransition(Conflict):
    """A workflow event that may not happen now; ``message`` says why."""

    @staticmethod
    def not_possible(event_label, state_label):
        """The reason given when the table has no transition for the pair."""
        from flask_babel import lazy_gettext as _l

        return _l("“%(event)s” is not possible while the matter is “%(state)s”.",
                  event=event_label, state=state_label)


class TooLarge(DomainError):
    status = 413
