"""The cases' cast of users and officers, for the tests of cases naming their rights."""

from tests.cases.conftest import cast, officers  # noqa: F401
