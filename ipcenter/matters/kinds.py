"""The registry of kinds of matter. A domain registers each of its kinds once (``register``);
the shared machinery looks a matter's kind up here (``spec_of``) and reads from it what differs
between kinds, so it never asks which kind a matter is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ipcenter.core.workflow import Workflow


class Kind(Protocol):
    """What the shared machinery reads from a kind (a domain's spec may hold more)."""

    kind: str                     # the matter's ``kind`` column
    subject: str                  # its name in audit rows, clocks and the search index
    flow: Workflow
    terminal: frozenset
    # Terminal states reached by the normal end of a matter: its open clocks are "met" there,
    # and "cancelled" in every other terminal state.
    closed_normally: frozenset
    deadlines: Mapping            # clock kind → DeadlineRule
    handler_role: str             # the centre's role that handles this kind
    upload_kinds: Mapping         # file kind → ``matters.services.UploadKind``
    render_task: str              # the task that renders an issued document
    extract_task: str             # the task that extracts an uploaded file's text
    guard_facts: Callable[..., Any]  # (matter, now, **extra) → the facts its guards read
    # (matter, party) → the organisation that acts for ``party`` (the agency that filed for the
    # right holder), served in its stead (民事诉讼法 Art. 88), or None.
    representative_org: Callable[..., Any]


@dataclass(frozen=True, kw_only=True)
class MatterKind:
    """A kind of matter as a domain declares it: what ``Kind`` names, its files' search subject,
    its catalogue of official documents and its label; checked when built."""

    kind: str
    subject: str
    flow: Workflow
    terminal: frozenset
    closed_normally: frozenset
    deadlines: Mapping
    handler_role: str
    guard_facts: Callable
    render_task: str
    extract_task: str
    upload_kinds: Mapping = field(default_factory=dict)
    file_subject: str = ""        # the search index's kind of the matter's files
    documents: object = None      # the domain's catalogue of official documents
    label: object = ""
    representative_org: Callable = lambda matter, party: None  # no party acts through another

    def __post_init__(self):
        unknown = {*self.terminal, *self.closed_normally} - {s.value for s in self.flow.states}
        if unknown:
            raise ValueError(f"{self.kind}: states not in its workflow: {sorted(unknown)}")
        if not self.closed_normally <= self.terminal:
            raise ValueError(f"{self.kind}: a normal end must be terminal")


_KINDS: dict[str, Kind] = {}


def register(spec: Kind) -> Kind:
    """Make ``spec`` the kind of every matter whose ``kind`` is ``spec.kind``."""
    if _KINDS.get(spec.kind, spec) != spec:
        raise ValueError(f"a kind {spec.kind!r} is already registered")
    _KINDS[spec.kind] = spec
    return spec


def spec_of(matter) -> Kind:
    """The registered kind of ``matter``."""
    try:
        return _KINDS[matter.kind]
    except KeyError:
        raise LookupError(f"no kind {matter.kind!r} is registered") from None


def registered() -> dict[str, Kind]:
    """Every registered kind, by name."""
    return dict(_KINDS)
