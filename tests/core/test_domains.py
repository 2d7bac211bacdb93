"""Each family of matters registers itself: ``create_app`` walks ``ipcenter.DOMAINS`` and calls
each package's ``init_app``, and no module outside a domain's package imports it, so a new kind
of matter is its package and one line. The exceptions are ``ipcenter.reports``, the layer above
the domains that reads their figures for the director's statistics, ``ipcenter.exports``,
which reads their lists for the registers' files, and ``ipcenter.api``, the JSON API that calls
their services; no domain imports any of them."""

from __future__ import annotations

from importlib import import_module

from ipcenter import DOMAINS, search
from ipcenter.auth import policy
from tests.conftest import login
from tests.core.test_layers import PACKAGE, imports, module_name, top_package

# The layers above the domains, which read them and which no domain imports: the statistics,
# the registers' exports and the JSON API.
ABOVE = ("reports", "exports", "api")


def test_nothing_outside_a_domain_imports_it():
    domains = {name.removeprefix("ipcenter.") for name in DOMAINS}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        importer = top_package(module)
        for name in imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            if top_package(name) in domains and importer not in (top_package(name), *ABOVE):
                found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not found


def test_no_domain_imports_the_layers_above():
    domains = {name.removeprefix("ipcenter.") for name in DOMAINS}
    found = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in sorted(PACKAGE.rglob("*.py"))
             if top_package(module_name(path)) in domains
             for name in imports(path.read_text(encoding="utf-8"), module_name(path),
                                 path.name == "__init__.py")
             if top_package(name) in ABOVE]
    assert not found


def test_every_domain_has_init_app():
    for name in DOMAINS:
        assert callable(import_module(name).init_app), name


def test_the_cases_register_through_init_app(app):
    from ipcenter.cases import rendering

    assert "cases.index" in {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"case", "file", "ruling"} <= set(search.registered())
    assert {"case.view", "case.act", "case.document", "case.list"} <= set(policy.RULES)
    assert {rendering.RENDER_TASK, rendering.EXTRACT_TASK} <= set(app.extensions["celery"].tasks)


def test_the_bar_shows_the_cases_between_my_work_and_search(client, make_user):
    login(client, make_user("firm").username)
    page = client.get("/dashboard").get_data(as_text=True)
    assert page.index('href="/dashboard"') < page.index('href="/cases/"') \
        < page.index('href="/search"')
