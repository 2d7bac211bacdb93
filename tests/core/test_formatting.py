"""Dates and times as the centre writes them, and the page filters that use them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from ipcenter.core import formatting
from ipcenter.core.clock import CHINA
from ipcenter.web import filters


def test_chinese_dates():
    assert formatting.zh_date(date(2026, 3, 5)) == "2026年3月5日"
    assert formatting.zh_date(date(2026, 12, 31)) == "2026年12月31日"
    # An instant is the day in Beijing: 17:00 UTC on the 4th is the 5th there.
    assert formatting.zh_date(datetime(2026, 3, 4, 17, 0, tzinfo=UTC)) == "2026年3月5日"
    assert formatting.zh_date(datetime(2026, 3, 4, 23, 0)) == "2026年3月4日"  # naive: Beijing
    assert formatting.zh_date(None) == formatting.zh_date("") == ""


def test_english_dates():
    assert formatting.en_date(date(2026, 3, 5)) == "5 Mar 2026"
    assert formatting.en_date(date(2026, 9, 30)) == "30 Sep 2026"
    assert formatting.en_date(None) == ""


def test_chinese_datetimes_in_beijing_time():
    assert formatting.zh_datetime(datetime(2026, 4, 10, 6, 0, tzinfo=UTC)) == \
        "2026年4月10日（星期五）下午2时"
    assert formatting.zh_datetime(datetime(2026, 4, 10, 9, 30, tzinfo=CHINA)) == \
        "2026年4月10日（星期五）上午9时30分"
    assert formatting.zh_datetime(datetime(2026, 4, 12, 12, 5, tzinfo=CHINA)) == \
        "2026年4月12日（星期日）下午12时5分"
    assert formatting.zh_datetime(None) == ""
    assert formatting.clock_time(datetime(2026, 4, 10, 1, 5, tzinfo=UTC)) == "09:05"
    assert formatting.weekday_zh(date(2026, 3, 5)) == "四"


def test_page_filters_in_chinese_and_english(app):
    instant = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert filters.cn_date(date(2026, 3, 5)) == "2026年3月5日"
        assert filters.cn_datetime(instant) == "2026年3月5日 01:30"
    with app.test_request_context("/?lang=en", headers={"Accept-Language": "en"}):
        from flask_babel import force_locale

        with force_locale("en"):
            assert filters.cn_date(date(2026, 3, 5)) == "5 Mar 2026"
            assert filters.cn_datetime(instant) == "5 Mar 2026 01:30"
    assert filters.cn_date(None) == "" and filters.cn_datetime(None) == ""
    assert filters.yuan(Decimal("1234.5")) == "¥1,234.50"
    assert filters.yuan(Decimal(-3)) == "-¥3.00"
    assert filters.weekday_zh(date(2026, 3, 6)) == "五"
