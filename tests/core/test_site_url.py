"""The verification address printed on documents comes from IPCENTER_SITE_URL; ``make run``
(``flask ipcenter check-site``) warns when it names this machine while the server listens on
another address."""

from __future__ import annotations

import pytest

from ipcenter.cli import check_site
from ipcenter.config import DEFAULT_SITE_URL, site_url_warning


@pytest.mark.parametrize("site, host", [
    (DEFAULT_SITE_URL, "127.0.0.1"),                  # make run as it is
    (DEFAULT_SITE_URL, "localhost"),
    (DEFAULT_SITE_URL, "::1"),
    ("https://ip.zs.example.cn", "0.0.0.0"),          # set for the network: fine
    ("http://10.20.1.5:8000", "10.20.1.5"),
])
def test_no_warning_when_the_address_reaches_the_server(site, host):
    assert site_url_warning(site, host) is None


@pytest.mark.parametrize("site, host", [
    (DEFAULT_SITE_URL, "0.0.0.0"),
    (DEFAULT_SITE_URL, "10.20.1.5"),
    ("http://localhost:5000", "192.168.1.20"),
])
def test_a_loopback_site_on_a_network_address_warns(site, host):
    warning = site_url_warning(site, host)
    assert warning and "IPCENTER_SITE_URL" in warning and host in warning


def test_make_run_warns_on_the_default_served_to_the_network(app, runner):
    app.config["IPCENTER_SITE_URL"] = DEFAULT_SITE_URL
    assert "IPCENTER_SITE_URL" in runner.invoke(check_site, ["--host", "0.0.0.0"]).output
    assert runner.invoke(check_site, ["--host", "127.0.0.1"]).output == ""
