"""What a kind of matter gives the contract suite (``test_contract``): a ``Contract``.

The suite reads the kind's workflow, clocks and policy from the registered kind itself; the
contract only says how to make a real matter of the kind and how to walk it through its
services, which the tables cannot say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# A step of a walk through the kind's services: (name, fn(matter, people)). ``name`` is the
# event the step fires, or the name of an action that fires none (a measure, an answer).
Step = tuple[str, Callable[[Any, Any], Any]]


@dataclass(frozen=True)
class Walk:
    """A matter made by ``start(people)`` (through the services) and the steps it takes."""

    start: Callable[[Any], Any]
    steps: Sequence[Step]


@dataclass(frozen=True)
class Contract:
    # A filed matter with its parties and its handlers assigned (through the services):
    # the suite then puts it in each state by setting ``state``. fn(people) -> matter.
    matter: Callable[[Any], Any]
    # Facts under which every guard of the kind's table passes: fn(matter, now) -> facts.
    passing_facts: Callable[[Any, Any], Any]
    # Walks that, between them, open and close every clock of the kind's deadline table.
    walks: Sequence[Walk]
    # For each clock kind of ``spec.deadlines``: the step that opens it and the step that
    # closes it (met), on one of the walks.
    clocks: dict[str, tuple[str, str]]
    # The official documents the kind issues: template names of the catalogue.
    templates: Sequence[str]
    # Further matters whose visibility differs (e.g. one the centre registered itself).
    more_matters: Sequence[Callable[[Any], Any]] = field(default_factory=tuple)
    # The policy's action that fires a transition, asked with ``(matter, event)``, and the
    # model a matter is read back as (None: ``ipcenter.cases.models.Case``): a family of
    # matters other than cases names its own.
    act: str = "case.act"
    model: Any = None
    # Whether the cases' visibility (``case.view``, ``case.document``, the list's filter)
    # applies. A family whose grants are not declared yet says False, and the visibility test
    # reports it skipped by name rather than passing it silently.
    case_visibility: bool = True
    # Who sees a matter, for a family with its own grants (None: the cases'): the rule of the
    # matter and of its files, their principals and the list's filter of ``select(model.id)``.
    view: str | None = None
    document_view: str | None = None
    principals: Callable[[Any], set] | None = None
    document_principals: Callable[[Any], set] | None = None
    visible: Callable[[Any, Any], Any] | None = None
    # The rule that lets a user add a file to the matter (None: the family takes no uploads
    # through the kernel yet; the visibility test then checks its official documents only).
    upload: str | None = "case.upload"
