"""The workflow engine: states, a transition table, guards that return refusal reasons.

A domain's ``workflow.py`` builds one ``Workflow`` from data; ``Workflow.apply`` is the only
function that computes a new state, and it imports neither Flask nor the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable, Iterable

from ipcenter.core.errors import InvalidTransition

Guard = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Transition:
    """``source --event--> target`` when every guard returns ``None``.

    ``roles`` are the roles that may fire the event (checked by the policy, listed here so the
    table is the one place a reader looks); ``label`` is the action's name shown to the user.
    """

    source: StrEnum
    event: StrEnum
    # ``None`` with ``returns=True``: back to the state the matter left for a side state
    # (suspension, mediation), which the caller passes as ``previous``.
    target: StrEnum | None
    guards: tuple[Guard, ...] = ()
    returns: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    label: str = ""


class Workflow:
    """A state machine given as data."""

    def __init__(self, name: str, states: type[StrEnum], events: type[StrEnum],
                 transitions: Iterable[Transition], *, state_labels: dict | None = None,
                 event_labels: dict | None = None):
        self.name = name
        self.states = states
        self.events = events
        self.state_labels = state_labels or {}
        self.event_labels = event_labels or {}
        self._table: dict[tuple[StrEnum, StrEnum], Transition] = {}
        for t in transitions:
            key = (t.source, t.event)
            if key in self._table:
                raise ValueError(f"{name}: two transitions for {key}")
            self._table[key] = t

    @property
    def side_states(self) -> frozenset:
        """States left by a transition that returns to where the matter came from."""
        return frozenset(t.source for t in self._table.values() if t.returns)

    @property
    def transitions(self) -> list[Transition]:
        return list(self._table.values())

    def find(self, state, event) -> Transition | None:
        return self._table.get((self.states(state), self.events(event)))

    def refusal(self, state, event, ctx: Any = None) -> str | None:
        """Why ``event`` may not happen in ``state`` now, or ``None`` if it may."""
        transition = self.find(state, event)
        if transition is None:
            return InvalidTransition.not_possible(
                self.event_labels.get(self.events(event), str(event)),
                self.state_labels.get(self.states(state), str(state)))
        for guard in transition.guards:
            reason = guard(ctx)
            if reason:
                return reason
        return None

    def apply(self, state, event, ctx: Any = None, *, previous=None) -> StrEnum:
        """Return the state after ``event``.

        Raises ``InvalidTransition`` with a reason the user can read when the table has no such
        transition or a guard refuses.
        """
        reason = self.refusal(state, event, ctx)
        if reason:
            raise InvalidTransition(reason)
        transition = self._table[(self.states(state), self.events(event))]
        if transition.returns:
            if previous is None:
                raise ValueError(f"{self.name}: {event} returns to the previous state; give it")
            return self.states(previous)
        return transition.target

    def available(self, state, ctx: Any = None) -> list[Transition]:
        """The transitions from ``state`` whose guards pass now."""
        state = self.states(state)
        return [t for (s, _), t in self._table.items()
                if s == state and all(g(ctx) is None for g in t.guards)]


@dataclass(frozen=True)
class DeadlineRule:
    """A statutory period of a kind of matter: its clock's kind, title, period (``15d``,
    ``5wd``, ``3m``), legal basis, and who must act ("panel", "presiding", "respondent",
    "requester", "intake")."""
    kind: str
    title: str
    period: str
    basis: str
    who: str
