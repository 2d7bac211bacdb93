"""Every message of the rules has its Chinese text in the catalogue users read."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ipcenter.core.errors import InvalidInput
from ipcenter.pledge.rules import reasons
from ipcenter.pledge.rules.reasons import Reason, Refused

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "ipcenter" / "pledge" / "rules"
CATALOGUE = ROOT / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"


def test_every_message_has_a_chinese_translation():
    found = [message for _file, _line, message, _comments, _context in extract_from_dir(
        str(RULES), method_map=[("**.py", "python")], keywords={"_l": None})]
    assert len(found) > 50
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    missing = [m for m in found if not (catalogue.get(m) and catalogue.get(m).string)]
    assert not missing, missing


def test_a_refusal_joins_its_reasons_in_the_users_language(zh):
    from flask_babel import lazy_gettext as _l

    refused = Refused([Reason("a", _l("The loss")), Reason("b", _l("The loan amount"))])
    assert isinstance(refused, InvalidInput) and refused.codes == ("a", "b")
    assert str(refused.message) == "损失金额；贷款金额"
    try:
        reasons.refuse_if(refused.reasons)
    except Refused as caught:
        assert caught.codes == ("a", "b")
    else:
        raise AssertionError("refuse_if did not refuse")
    reasons.refuse_if(())   # nothing to refuse
