"""setup.cfg says what the code imports: every third-party module imported anywhere (lazy imports
inside functions included) belongs to a distribution declared for that part of the tree, and every
declared distribution is imported somewhere — except the few named below, each with its reason.

- the application (``ipcenter/``, ``migrations/``): ``install_requires``;
- the tests (``tests/``): ``install_requires`` and the ``test`` extra;
- the benchmarks (``benchmarks/``): ``install_requires`` and the ``bench`` extra.

Imports are mapped to distributions with ``importlib.metadata.packages_distributions()``. A module
that is not installed here (the ``bench`` extra is not part of ``make``'s set-up) is matched by
name: ``pdfminer`` by ``pdfminer.six``.
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = {"ipcenter", "tests", "benchmarks"}

# Declared but never imported, on purpose. Keep each reason true.
NOT_IMPORTED = {
    # SQLAlchemy loads the driver named in the database URL (postgresql+psycopg://...).
    "psycopg": "install_requires",
    # A command (`ruff check`), not a library.
    "ruff": "test",
}

SCOPES = {  # part of the tree → the sections of setup.cfg its imports may come from
    "application": (("ipcenter", "migrations"), ("install_requires",)),
    "tests": (("tests",), ("install_requires", "test")),
    "benchmarks": (("benchmarks",), ("install_requires", "bench")),
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def declared() -> dict[str, list[str]]:
    """Section (``install_requires``, ``test``, ``bench``) → the normalised distribution names."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    sections = {"install_requires": config["options"]["install_requires"]}
    sections.update(config["options.extras_require"])
    result = {}
    for section, text in sections.items():
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        result[section] = [normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line).group())
                           for line in lines]
    return result


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Top-level third-party module name → the files (relative) that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@cache
def installed_distributions() -> dict[str, list[str]]:
    return packages_distributions()


def distributions(module: str, candidates: list[str]) -> set[str]:
    """The normalised distributions that provide ``module``."""
    installed = installed_distributions().get(module)
    if installed:
        return {normalise(name) for name in installed}
    return {name for name in candidates if re.split(r"[-.]", name)[0] == normalise(module)}


def scope_imports(scope: str) -> dict[str, set[str]]:
    folders, _ = SCOPES[scope]
    found: dict[str, set[str]] = {}
    for folder in folders:
        for module, files in imported_modules(ROOT / folder).items():
            found.setdefault(module, set()).update(files)
    return found


@pytest.mark.parametrize("scope", SCOPES)
def test_every_import_is_declared(scope):
    _, sections = SCOPES[scope]
    allowed = {name for section in sections for name in declared()[section]}
    everything = [name for names in declared().values() for name in names]
    undeclared = [f"{module} ({', '.join(sorted(files))})"
                  for module, files in sorted(scope_imports(scope).items())
                  if not distributions(module, everything) & allowed]
    assert not undeclared, (f"imported by the {scope} but not declared in "
                            f"{' or '.join(sections)}: {'; '.join(undeclared)}")


@pytest.mark.parametrize("section, scope", [
    ("install_requires", "application"), ("test", "tests"), ("bench", "benchmarks"),
])
def test_every_declared_distribution_is_imported(section, scope):
    names = declared()[section]
    used = set().union(*(distributions(module, names) for module in scope_imports(scope)))
    exempt = {name for name, where in NOT_IMPORTED.items() if where == section}
    unused = sorted(set(names) - used - exempt)
    assert not unused, f"declared in {section} but imported by none of the {scope}: {unused}"
    # The reasons above stay true: an exempt distribution is declared, and really not imported.
    stale = sorted(exempt - (set(names) - used))
    assert not stale, f"NOT_IMPORTED names {stale}, but they are imported or not declared"


def test_no_distribution_is_declared_twice():
    everything = [name for names in declared().values() for name in names]
    assert sorted({name for name in everything if everything.count(name) > 1}) == []


def test_the_checks_see_lazy_imports():
    """``fontTools`` is imported only inside a function of ``ipcenter.core.pdf.fonts``."""
    assert "ipcenter/core/pdf/fonts.py" in scope_imports("application")["fontTools"]
