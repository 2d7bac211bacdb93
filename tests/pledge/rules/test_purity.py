"""The rules are pure: they import the standard library, ``flask_babel``'s lazy strings, the
money, error and period modules of core, and the pure modules of ip — no Flask app, no
database, no clock, nothing of the pledge services."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "ipcenter" / "pledge" / "rules"
ALLOWED = {"flask_babel", "ipcenter.core.money", "ipcenter.core.errors",
           "ipcenter.core.deadlines", "ipcenter.core.reasons", "ipcenter.ip.terms",
           "ipcenter.ip.uscc"}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                module = (ROOT / dotted.replace(".", "/")).with_suffix(".py")
                names.add(dotted if module.is_file() else node.module)
    return names


def test_the_rules_import_nothing_impure():
    files = sorted(RULES.glob("*.py"))
    assert len(files) >= 9
    for path in files:
        for name in imported(path):
            top = name.partition(".")[0]
            if top in sys.stdlib_module_names or name.startswith("ipcenter.pledge.rules"):
                continue
            assert name in ALLOWED, f"{path.name} imports {name}"
