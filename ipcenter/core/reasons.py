"""What a rule module returns or raises, for every domain: a named ``Reason`` (a stable code, a
message in the user's language, the basis it rests on) and ``Refused``, the ``InvalidInput``
that carries the reasons."""

from __future__ import annotations

from dataclasses import dataclass

from ipcenter.core.errors import InvalidInput


@dataclass(frozen=True)
class Reason:
    """One failed criterion or one warning. ``code`` is stable (services and tests compare it);
    ``message`` is a lazy translation naming the figures; ``basis`` the rule it comes from."""

    code: str
    message: object
    basis: str = ""

    def __str__(self) -> str:
        return str(self.message)


def lazy_join(items, separator: str):
    """``items`` (lazy strings or text) joined, translated when shown."""
    return _LazyJoin(tuple(items), separator)


class _LazyJoin:
    def __init__(self, items, separator):
        self.items, self.separator = items, separator

    def __str__(self) -> str:
        return self.separator.join(str(item) for item in self.items)


class Refused(InvalidInput):
    """A rule refused: ``reasons`` names each failed criterion (never empty)."""

    def __init__(self, reasons):
        reasons = tuple(reasons)
        if not reasons:
            raise ValueError("a refusal names at least one reason")
        self.reasons = reasons
        # Translated when shown, not when raised.
        super().__init__(lazy_join([r.message for r in reasons], "；"))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


def refuse_if(reasons) -> None:
    """Raise ``Refused`` when there is any reason."""
    reasons = tuple(reasons)
    if reasons:
        raise Refused(reasons)
