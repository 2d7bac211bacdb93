"""Numbers too large for the database, in the path or in ``?page=``: not found, never a 500.

Every URL rule with an ``<int:…>`` part gets, in each such part in turn, numbers past what
PostgreSQL's ``integer`` and SQLite's 64-bit integers hold, as an anonymous visitor and as
users of several roles, with each method the rule accepts (a POST with a valid CSRF token, so
that it would reach the view). Run on SQLite and, with ``IPCENTER_TEST_DATABASE_URL``, on
PostgreSQL.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from ipcenter.web.params import DB_INT_MAX
from tests.conftest import csrf_from, login

HUGE = [
    str(DB_INT_MAX + 1),          # past PostgreSQL's integer
    "9223372036854775808",        # 2**63: past SQLite's and PostgreSQL's bigint
    "99999999999999999999",
    "0000099999999999999999999",  # leading zeros do not make it small
    "9" * 5000,                   # past Python's limit for converting digits to an int
]
ROLES = ["anonymous", "firm", "adjudicator", "director", "admin"]
# The list pages that read ?page=.
PAGED = ["/cases/", "/admin/users", "/admin/organisations", "/admin/audit", "/search?q=灯"]


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)]
        if ints:
            yield rule, ints


def _path(rule, values: dict) -> str:
    # Built by hand: the values are strings of digits, some too long for int().
    path = rule.rule
    for name in rule._converters:
        raw = values.get(name, "1")
        path = path.replace(f"<int:{name}>", raw).replace(f"<{name}>", raw)
    return path


def _signed_in(client, make_user, role: str) -> str:
    """Sign in as ``role`` and return a CSRF token of the session."""
    if role != "anonymous":
        make_user(role, username=f"u_{role}")
        login(client, f"u_{role}")
    return csrf_from(client.get("/login").get_data(as_text=True) if role == "anonymous"
                     else client.get("/dashboard").get_data(as_text=True))


def test_every_int_rule_is_walked(app):
    endpoints = {rule.endpoint for rule, _ in _int_rules(app)}
    # The identifiers the issue names, so that a renamed rule does not quietly drop out.
    assert {"cases.detail", "cases.document", "cases.ruling", "admin.user_edit",
            "admin.organisation_edit"} <= endpoints


@pytest.mark.parametrize("role", ROLES)
def test_huge_identifiers_are_not_found(app, client, make_user, role):
    token = _signed_in(client, make_user, role)
    failures = []
    for rule, names in _int_rules(app):
        for name in names:
            for huge in HUGE:
                path = _path(rule, {name: huge})
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    if method == "GET":
                        response = client.get(path)
                    else:
                        response = client.open(path, method=method,
                                               data={"csrf_token": token})
                    if response.status_code != 404:
                        failures.append(f"{method} {path[:60]} → {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_the_largest_identifier_reaches_the_view(app, client, make_user, role):
    # DB_INT_MAX itself is a valid id that no row has: the view answers as for any unknown
    # id (not found, or the sign-in page for an anonymous visitor), never a 500.
    _signed_in(client, make_user, role)
    for rule, names in _int_rules(app):
        if "GET" not in rule.methods:
            continue
        path = _path(rule, {name: str(DB_INT_MAX) for name in names})
        status = client.get(path).status_code
        # The JSON API takes no session: without its token, 401 before any lookup.
        allowed = (401,) if path.startswith("/api/") else (302, 403, 404)
        assert status in allowed, f"GET {path} → {status}"


@pytest.mark.parametrize("role", ["anonymous", "firm", "director", "admin"])
@pytest.mark.parametrize("huge", HUGE[1:])
def test_huge_page_numbers_are_not_found(client, make_user, role, huge):
    _signed_in(client, make_user, role)
    for path in PAGED:
        glue = "&" if "?" in path else "?"
        response = client.get(f"{path}{glue}page={huge}")
        # A page this user may open: not found; one they may not: refused as before.
        assert response.status_code in (302, 403, 404), (path, response.status_code)
        if role == "admin" and path.startswith("/admin") or (
                role == "director" and path in ("/cases/", "/search?q=灯")):
            assert response.status_code == 404, path


@pytest.mark.parametrize("value, status", [("abc", 200), ("-3", 200), ("0", 200), ("", 200),
                                           ("2", 200), (str(DB_INT_MAX), 200),
                                           (str(DB_INT_MAX + 1), 404)])
def test_page_numbers_below_the_limit_work_as_before(client, make_user, value, status):
    make_user("admin", username="root1")
    login(client, "root1")
    assert client.get(f"/admin/audit?page={value}").status_code == status


def test_a_huge_organisation_filter_is_not_found(client, make_user):
    make_user("admin", username="root1")
    login(client, "root1")
    assert client.get("/admin/users?org=99999999999999999999").status_code == 404
    assert client.get("/admin/users?org=abc").status_code == 200
