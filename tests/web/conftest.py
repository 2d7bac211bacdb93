from tests.cases.conftest import cast  # noqa: F401  (a fixture: the cast of a case)
