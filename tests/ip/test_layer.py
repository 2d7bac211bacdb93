"""ip/ sits below the domains and auth: it imports ipcenter.core and itself only (auth may
import ip, so ip importing auth would be a cycle) — and ipcenter.search, to register its code
types, which is safe while search itself imports core only."""

from tests.core.test_layers import PACKAGE, imports, module_name, top_package


def test_ip_imports_only_core():
    found = set()
    for path in sorted((PACKAGE / "ip").rglob("*.py")):
        for name in imports(path.read_text(encoding="utf-8"), module_name(path),
                            path.name == "__init__.py"):
            if top_package(name) not in ("core", "ip", "search"):
                found.add((path.name, name))
    assert not found


def _file_of(name):
    path = PACKAGE.parent.joinpath(*name.split("."))
    return (path / "__init__.py") if (path / "__init__.py").is_file() else path.with_suffix(".py")


def test_what_ip_imports_of_search_imports_only_core():
    """No cycle through search: the search modules ip loads (not its views) stay above core only."""
    seen, todo = set(), ["ipcenter.ip.search"]
    while todo:
        name = todo.pop()
        if name in seen or not _file_of(name).is_file():
            continue
        seen.add(name)
        path = _file_of(name)
        todo.extend(imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py"))
        todo.extend(".".join(name.split(".")[:i]) for i in range(2, name.count(".") + 1))
    assert "ipcenter.search.codes" in seen
    assert {top_package(name) for name in seen} <= {"", "core", "ip", "search"}, sorted(seen)


def test_an_import_of_auth_into_ip_would_be_seen():
    names = imports("def f():\n    from ipcenter.auth.models import Organisation\n",
                    "ipcenter.ip.register")
    assert {top_package(name) for name in names} == {"auth"}
