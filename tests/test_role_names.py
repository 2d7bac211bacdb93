"""Role names: the app's (``auth.roles.ROLE_LABELS`` in Chinese), the demo's printed sign-ins
and README.md name every role the same."""

from __future__ import annotations

from pathlib import Path

from flask_babel import force_locale

from ipcenter import demo
from ipcenter.auth.roles import ROLE_LABELS, Role


def test_the_app_the_demo_and_the_readme_name_roles_alike(app):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        for role in Role:
            shown = str(ROLE_LABELS[role])
            assert shown == demo.ROLE_LABELS_ZH[role], role
            if role in {u.role for u in demo.USERS}:
                assert f"| {shown} ({role.value}) |" in readme, role
