import pytest


@pytest.fixture
def other_client(app, client):
    """A second browser (another person, or the same person on another computer)."""
    return app.test_client()
