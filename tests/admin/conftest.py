import pytest

from tests.auth.support import in_english
from tests.cases.conftest import cast, officers  # noqa: F401 (fixtures: case rows for the audit)
from tests.conftest import login


@pytest.fixture
def other_client(app, client):
    """A second browser (another person, or the same person on another computer)."""
    return app.test_client()


@pytest.fixture
def admin(client, make_user, make_org):
    """A signed-in administrator of the centre, reading the pages in English."""
    user = make_user("admin", org=make_org("centre", name="知识产权保护中心"), username="root")
    in_english(client)
    login(client, "root")
    return user
