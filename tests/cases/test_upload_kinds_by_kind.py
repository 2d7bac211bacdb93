"""Upload kinds by case kind and role: a trademark case is offered no patent certificate or
answer to a patent complaint; a patent case no foreign mark's authenticity certificate."""

from __future__ import annotations

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


def test_the_kinds_offer_their_own_set():
    patent, trademark = KINDS["patent"].upload_kinds, KINDS["trademark"].upload_kinds
    assert trademark is TRADEMARK_UPLOAD_KINDS
    # The patent case's own set, and its periods' documents.
    assert set(patent) == set(PATENT_UPLOAD_KINDS) | {"pause_document"}
    assert not {"authenticity", "undertaking"} & set(patent)
    assert "专利" not in "".join(str(k.title) for k in trademark.values())
