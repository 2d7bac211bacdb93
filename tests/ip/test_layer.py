"""ip/ sits below the domains and auth: it imports ipcenter.core and itself only (auth may
import ip, so ip importing auth would be a cycle)."""

from tests.core.test_layers import PACKAGE, imports, module_name, top_package


def test_ip_imports_only_core():
    found = set()
    for path in sorted((PACKAGE / "ip").rglob("*.py")):
        for name in imports(path.read_text(encoding="utf-8"), module_name(path),
                            path.name == "__init__.py"):
            if top_package(name) not in ("core", "ip"):
                found.add((path.name, name))
    assert not found


def test_an_import_of_auth_into_ip_would_be_seen():
    names = imports("def f():\n    from ipcenter.auth.models import Organisation\n",
                    "ipcenter.ip.register")
    assert {top_package(name) for name in names} == {"auth"}
