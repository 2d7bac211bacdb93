"""Names as they are stored: no bidirectional controls nor other invisible characters."""

import pytest

from ipcenter.core.text import clean_name

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize("raw, clean", [
    ("\u202e华辉灯饰\u202c", "华辉灯饰"),
    (f"明{BIDI}耀", "明耀"),
    ("张\u200b三\ufeff", "张三"),          # zero-width space, BOM
    ("  李\t四 \n", "李 四"),               # whitespace controls as one space
    ("王\x00五\x07", "王五"),
    ("\u00c5ngstr\u00f6m", "Ångström"),     # kept, in NFC
    ("\ue000", "\ue000"),                   # private use kept (rare characters of names)
    (BIDI, ""),
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean
