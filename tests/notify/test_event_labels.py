"""Every event a notice is raised with has its label on the administrator's list of given-up
deliveries (``presenters.EVENT_LABELS``): an event without one shows as "another notice".

The events are read from the code: the event argument of every call that raises a notice
(``notify(users, event, …)``, a domain's ``tell(matter, event, …)``, ``Pending(user, event, …)``
for a batch), as a string, a choice of strings, or a module's constant; a function that only
passes its own ``event`` parameter on is followed through its callers."""

from __future__ import annotations

import ast
from pathlib import Path

from ipcenter.notify.presenters import EVENT_LABELS, event_label

ROOT = Path(__file__).resolve().parents[2] / "ipcenter"
RAISERS = {"notify", "tell", "Pending"}  # each takes the event as its second argument
PASSED_ON = "event"                         # a raiser's own parameter, handed on


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's string constants: ``DUE = "…"`` and ``DUE, OVERDUE = "…", "…"``."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs = (zip(target.elts, node.value.elts, strict=False)
                     if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                     else [(target, node.value)])
            for name, value in pairs:
                if isinstance(name, ast.Name) and isinstance(value, ast.Constant) \
                        and isinstance(value.value, str):
                    found[name.id] = value.value
    return found


def _events(node: ast.expr, constants: dict[str, str], where: str) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _events(node.body, constants, where) | _events(node.orelse, constants, where)
    if isinstance(node, ast.Name) and node.id in constants:
        return {constants[node.id]}
    if isinstance(node, ast.Name) and node.id == PASSED_ON:
        return set()
    raise AssertionError(f"{where}: an event this test cannot read: {ast.unparse(node)}")


def _raised_events() -> set[str]:
    events = set()
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in RAISERS:
                continue
            given = {k.arg: k.value for k in node.keywords}
            argument = given.get("event", node.args[1] if len(node.args) > 1 else None)
            if argument is not None:
                where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
                events |= _events(argument, constants, where)
    return events


def test_every_notice_event_has_a_label():
    events = _raised_events()
    # The cases', the documents served, the loans' and the deadline scan's.
    assert {"case.accept", "service.sent", "pledge.alert", "deadline.overdue"} <= events
    assert not events - set(EVENT_LABELS), sorted(events - set(EVENT_LABELS))
    assert all(str(event_label(e)) != str(event_label("no.such_event")) for e in events)


def test_no_label_is_left_for_an_event_no_longer_raised():
    assert not set(EVENT_LABELS) - _raised_events()
