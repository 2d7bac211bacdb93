import pytest

from tests.cases.conftest import cast  # noqa: F401  (a fixture: the cast of a case)


@pytest.fixture
def other_client(app, client):
    """A second browser (another person, or the same person on another computer)."""
    return app.test_client()
