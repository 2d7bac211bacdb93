"""Every message of the pre-examination rules has its Chinese text in the catalogue."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "ipcenter" / "prexam" / "rules"
CATALOGUE = ROOT / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"


def test_every_message_has_a_chinese_translation():
    found = [message for _file, _line, message, _comments, _context in extract_from_dir(
        str(RULES), method_map=[("**.py", "python")], keywords={"_l": None})]
    assert len(found) > 60
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    missing = [m for m in found if not (catalogue.get(m) and catalogue.get(m).string)]
    assert not missing, missing
