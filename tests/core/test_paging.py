"""A list's total counted up to a cap (``paging.count_capped``) and what the pager then knows
(``paging.Page``): past the cap no page count, the next page while rows keep coming."""

import sqlalchemy as sa

from ipcenter.core.models import Deadline
from ipcenter.core.paging import Page, count_capped
from tests.web.test_dashboard_queue import _deadline


def test_exact_total_pages_as_before():
    page = Page(list(range(20)), 45, 1, 20)
    assert not page.capped and page.pages == 3 and page.has_next and not page.has_prev
    last = Page(list(range(5)), 45, 3, 20, cap=1000, more=False)
    assert not last.capped and last.pages == 3 and not last.has_next and last.has_prev


def test_capped_total_knows_only_the_pages_it_counted_and_the_next():
    first = Page(list(range(20)), 1001, 1, 20, cap=1000, more=True)
    assert first.capped and first.pages == 51 and first.has_next
    far = Page(list(range(20)), 1001, 70, 20, cap=1000, more=True)
    assert far.pages == 71 and far.has_next  # page 71 exists: rows followed page 70
    end = Page(list(range(3)), 1001, 90, 20, cap=1000, more=False)
    assert end.pages == 90 and not end.has_next and end.has_prev
    assert not Page([], 1000, 1, 20, cap=1000).capped  # exactly the cap is still exact


def test_count_capped_is_exact_to_the_cap_and_counts_overlaps_once(db):
    for n in range(12):
        _deadline(n, f"期限{n}", assignee_role="adjudicator" if n < 8 else None)
    even = sa.select(Deadline.id).where(Deadline.subject_id % 2 == 0)
    low = sa.select(Deadline.id).where(Deadline.subject_id < 4)
    role = sa.select(Deadline.id).where(Deadline.assignee_role == "adjudicator")
    # even: 0 2 4 6 8 10; low: 0 1 2 3 — together 8 ids, 0 and 2 in both.
    assert count_capped([even, low], cap=100) == 8
    assert count_capped([even, low], cap=8) == 8
    assert count_capped([even, low], cap=7) == 8  # cap + 1: more than 7
    assert count_capped([even, low], cap=3) == 4
    assert count_capped([role], cap=5) == 6 and count_capped([role], cap=8) == 8
    assert count_capped([], cap=5) == 0
