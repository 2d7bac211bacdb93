from tests.conftest import login


def test_login_then_dashboard(client, make_user):
    make_user("firm", username="firm1")
    login(client, "firm1")
    page = client.get("/dashboard")
    assert page.status_code == 200
