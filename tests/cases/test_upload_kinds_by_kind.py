"""Upload kinds by case kind and role: a trademark case is offered no patent certificate or
answer to a patent complaint; a patent case no foreign mark's authenticity certificate."""

from __future__ import annotations

import pytest

from ipcenter.cases.kinds import KINDS
from ipcenter.cases.uploads import PATENT_UPLOAD_KINDS, TRADEMARK_UPLOAD_KINDS, UPLOAD_KINDS


def test_each_kind_has_its_own_set():
    assert "专利" not in "".join(str(k.title) for k in TRADEMARK_UPLOAD_KINDS.values())
    assert "answer" not in TRADEMARK_UPLOAD_KINDS
    assert "invalidation_notice" not in TRADEMARK_UPLOAD_KINDS
    assert {"authenticity", "undertaking"} <= set(TRADEMARK_UPLOAD_KINDS)
    assert not {"authenticity", "undertaking"} & set(PATENT_UPLOAD_KINDS)
    assert TRADEMARK_UPLOAD_KINDS["hearing_record"].title == "听证笔录"
    assert PATENT_UPLOAD_KINDS["hearing_record"].title == "口头审理笔录"
    assert set(UPLOAD_KINDS) == set(PATENT_UPLOAD_KINDS) | set(TRADEMARK_UPLOAD_KINDS)


@pytest.mark.xfail(strict=True, reason="each kind's KindSpec (patent/kind.py, trademark/kind.py) "
                   "is still to name its own set: upload_kinds=PATENT_UPLOAD_KINDS / "
                   "TRADEMARK_UPLOAD_KINDS")
def test_the_kinds_offer_their_own_set():
    assert KINDS["patent"].upload_kinds is PATENT_UPLOAD_KINDS
    assert KINDS["trademark"].upload_kinds is TRADEMARK_UPLOAD_KINDS
