"""Names as they are stored: no bidirectional controls nor other invisible characters."""

import pytest

from ipcenter.core.text import clean_name, mask_mobiles, mask_phone

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


@pytest.mark.parametrize("number, shown", [
    ("13812341234", "138****1234"),
    (" 19900001111 ", "199****1111"),
    ("+8613812341234", "+86****1234"),     # kept to its ends whatever its form
    ("123", "1***"),                        # too short to keep both ends
    ("", ""),
])
def test_mask_phone(number, shown):
    assert mask_phone(number) == shown


def test_mask_mobiles_masks_each_mainland_mobile_in_a_text_alone():
    text = "联系电话13812345678、19900001111，座机0760-22334455，卡号6222021234567890123。"
    assert mask_mobiles(text) == (
        "联系电话138****5678、199****1111，座机0760-22334455，卡号6222021234567890123。")
    assert mask_mobiles("12345678901 与 23812345678") == "12345678901 与 23812345678"


def test_the_notices_and_the_published_decisions_mask_a_mobile_alike():
    from ipcenter.cases import publication
    from ipcenter.notify import presenters

    assert presenters.mask("sms", "13812345678") == mask_phone("13812345678") == "138****5678"
    assert publication.mask_text("电话13812345678", []) == "电话138****5678"
