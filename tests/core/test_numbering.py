import pytest

from ipcenter.core.numbering import allocate, format_number, issue_number


def test_sequence_per_prefix_and_year(db):
    assert [allocate("中市监知裁字", 2026) for _ in range(3)] == [1, 2, 3]
    assert allocate("中市监知裁字", 2027) == 1
    assert allocate("中市监商罚字", 2026) == 1


def test_format_follows_gbt_9704():
    assert format_number("中市监知裁字", 2026, 12) == "中市监知裁字〔2026〕12号"
    with pytest.raises(ValueError):
        format_number("中市监知裁字", 2026, 0)


def test_rolled_back_number_is_given_back(db):
    from ipcenter.core.db import unit_of_work

    with unit_of_work():
        assert issue_number("中市监知受字", 2026) == "中市监知受字〔2026〕1号"
    with pytest.raises(RuntimeError):
        with unit_of_work():
            assert allocate("中市监知受字", 2026) == 2
            raise RuntimeError("the acceptance failed after the number was taken")
    assert allocate("中市监知受字", 2026) == 2
