"""The layers of DESIGN.md: ``ipcenter.core`` knows no domain package and no search; search
knows no case or pledge package (domains register with it, not the other way round)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "ipcenter"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("ipcenter.")}


@pytest.mark.parametrize("layer, allowed", [
    ("core", {"ipcenter.core"}),
    # search's pages use the web layer's helpers (parameters, filters); never a domain.
    ("search", {"ipcenter.core", "ipcenter.search", "ipcenter.auth", "ipcenter.web"}),
])
def test_lower_layers_do_not_import_higher_ones(layer, allowed):
    wrong = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            if not any(name == a or name.startswith(a + ".") for a in allowed):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []
