"""What every kind's sample documents share (tests, benchmark, previews): the issuing office,
the verification code and the site printed on them."""

from __future__ import annotations

from datetime import date


def heading(title: str, number: str) -> dict:
    """The heading data of a sample official document titled ``title`` numbered ``number``."""
    return {
        "office": "中山市市场监督管理局",
        "number": number,
        "title": title,
        "issued_on": date(2026, 3, 5),
        "verify_code": "7KQ4M9XWTB3H",
        "site_url": "https://ipcenter.zs.gov.cn",
    }
