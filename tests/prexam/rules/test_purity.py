"""The pre-examination rules are pure: they import the standard library, ``flask_babel``'s lazy
strings, core's errors, reasons and periods, and the pure modules of ip — no Flask app, no
database, no clock, nothing of the prexam services."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "ipcenter" / "prexam" / "rules"
ALLOWED = {"flask_babel", "ipcenter.core.errors", "ipcenter.core.reasons",
           "ipcenter.core.deadlines", "ipcenter.ip.classes", "ipcenter.ip.numbers",
           "ipcenter.ip.uscc"}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:   # a relative import: name it as the absolute module it is
                names.add("." * node.level + (node.module or ""))
                continue
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                module = (ROOT / dotted.replace(".", "/")).with_suffix(".py")
                names.add(dotted if module.is_file() else node.module)
    return names


def test_the_rules_import_nothing_impure():
    files = sorted(RULES.glob("*.py"))
    assert {p.stem for p in files} >= {"scope", "documents", "eligibility", "checklist",
                                       "targets"}
    for path in files:
        for name in imported(path):
            top = name.partition(".")[0]
            if top in sys.stdlib_module_names or name.startswith("ipcenter.prexam.rules"):
                continue
            assert name in ALLOWED, f"{path.name} imports {name}"


def test_the_purity_test_catches_an_impure_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from ipcenter.core.db import db\nimport flask\nfrom . import models\n")
    assert {"ipcenter.core.db", "flask", "."} <= imported(bad)
