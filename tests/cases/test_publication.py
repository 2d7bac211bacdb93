"""Publishing decisions with personal data masked, and finding them without signing in."""

import pytest

from ipcenter import search
from ipcenter.cases import publication
from ipcenter.cases.patent.workflow import S
from ipcenter.core.errors import Conflict
from tests.cases.conftest import at, walk


@pytest.mark.parametrize("raw, masked", [
    ("张三", "张某"), ("欧阳娜娜", "欧阳某"), ("", ""),
])
def test_mask_name(raw, masked):
    assert publication.mask_name(raw) == masked


def test_mask_text_hides_people_and_numbers():
    text = "法定代表人张伟，联系电话13812345678、0760-22334455，身份证号44200019900101123X。"
    out = publication.mask_text(text, ["张伟"])
    assert "张伟" not in out and "张某" in out
    assert "13812345678" not in out and "138****5678" in out
    assert "22334455" not in out and "44200019900101123X" not in out


def test_publish_needs_a_served_decision_and_only_once(db, cast):
    case = walk(db, cast, S.DECIDED)
    with pytest.raises(Conflict):
        publication.publish(case, cast.director, at(31))
    from ipcenter.cases.patent import services

    services.serve_decision(case, cast.judges[0], at(32))
    publication.publish(case, cast.director, at(33))
    with pytest.raises(Conflict):
        publication.publish(case, cast.director, at(33))


def test_published_ruling_found_by_anyone_masked(db, cast, client):
    case = walk(db, cast, S.DECISION_SERVED)
    case.parties[0].legal_representative = "梁志华"
    case.facts += "请求人法定代表人梁志华到场。"
    publication.publish(case, cast.director, at(33))
    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        pass
    results = search.search("明耀照明", {"public"})
    assert results.total == 1 and results.hits[0].kind == "ruling"
    assert search.search("梁志华", {"public"}).total == 0
    page = client.get(f"/cases/rulings/{case.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "梁某" in html and "梁志华" not in html
    assert "MY-2026型吸顶灯" in html
    anonymous = client.get("/search?q=明耀照明").get_data(as_text=True)
    assert case.number in anonymous


def test_unpublished_ruling_is_404(db, cast, client):
    case = walk(db, cast, S.DECIDED)
    assert client.get(f"/cases/rulings/{case.id}").status_code == 404
