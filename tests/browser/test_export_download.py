"""An export in Chromium: the director asks for the case register from the case list, the
exports page shows it done (tasks run in-process here), and the workbook downloads and reads
back with the list's cases in it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import signed_in

pytestmark = pytest.mark.browser


def test_the_case_register_downloads_as_a_workbook(live_server, browser):
    from openpyxl import load_workbook

    context, page = signed_in(browser, live_server, "director", 30_000)
    try:
        page.goto(f"{live_server}/cases/")
        listed = {m.group(0) for m in re.finditer(r"中市监[知商][裁立]字〔\d{4}〕\d+号",
                                                   page.content())}
        page.get_by_test_id("export-form").first.locator("button[data-testid=export]").click()
        page.wait_for_url(re.compile(r".*/exports/?#export-\d+$"))
        # The export asked for (the page opens at its row): its download link, there when the
        # page is served if the file is built, else put there by the page's poll — waited for.
        export = re.search(r"#(export-\d+)$", page.url).group(1)
        link = page.get_by_test_id(export).locator("[data-role=file] a")
        expect(link).to_be_visible()
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.endswith(".xlsx")
        data = Path(download.value.path()).read_bytes()
        sheet = load_workbook(io.BytesIO(data), read_only=True).active
        cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
        assert listed and listed <= cells, listed - cells
    finally:
        context.close()
