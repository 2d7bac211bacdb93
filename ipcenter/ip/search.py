"""How the IP vocabulary is found in the search index: the code types every domain fills.

A domain names the rights and parties of its documents as ``fields["codes"]``
(``[("patent", "ZL202020123456.7"), ("trademark", "12345678"), ("uscc", "91442000…")]``);
this module tells search how each type is keyed and which query prefixes look it up
(``专利号:…``). ``register()`` runs on import, and again harmlessly (a type registered again is
replaced).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ipcenter import search
from ipcenter.search import analysis

PATENT, TRADEMARK, USCC = "patent", "trademark", "uscc"


def register() -> None:
    # A patent number under its forms (with and without the check digit, with or without ZL).
    search.register_code_type(PATENT, analysis.patent_keys, prefixes=("专利号", "专利"),
                              label=_l("Patent number"))
    # A registration number and a credit code are kept whole (letters and digits, folded).
    search.register_code_type(TRADEMARK, analysis.whole_code_keys,
                              prefixes=("商标", "商标号", "注册号"),
                              label=_l("Registration number of the mark"))
    search.register_code_type(USCC, analysis.whole_code_keys,
                              prefixes=("信用代码", "统一社会信用代码"),
                              label=_l("Unified social credit code"))


register()
