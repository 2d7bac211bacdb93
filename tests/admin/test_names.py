"""Display names and organisation names are stored without bidirectional controls."""

import pytest

from ipcenter.admin import services
from ipcenter.auth.services import InvalidField
from ipcenter.ip.uscc import check_character
from tests.conftest import NOW, PASSWORD

USCC = "91442000MA9999999" + check_character("91442000MA9999999")


def test_display_and_organisation_names_lose_bidi_controls(db, make_org):
    org = services.create_organisation(name="中山市\u202e司公限有\u202c灯饰", kind="firm",
                                       uscc=USCC, address="", actor=None, now=NOW)
    assert org.name == "中山市司公限有灯饰"
    user = services.create_user(username="zhang", display_name="\u202e张三\u200f",
                                organisation=org, roles=["firm"], password=PASSWORD + "x",
                                actor=None, now=NOW)
    assert user.display_name == "张三"
    services.update_user(user, display_name="李\u2066四\u2069", roles=["firm"], actor=None,
                         now=NOW)
    assert user.display_name == "李四"


def test_a_name_of_invisible_characters_only_is_refused(db, make_org):
    org = make_org("firm")
    with pytest.raises(InvalidField) as info:
        services.create_user(username="ghost", display_name="\u202e\u200f", organisation=org,
                             roles=["firm"], password=PASSWORD + "x", actor=None, now=NOW)
    assert info.value.field == "display_name"
