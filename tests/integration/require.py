"""A pytest plugin for CI: a pass meant to run some marked tests must not go green by skipping them.

``IPCENTER_TEST_REQUIRE=postgres,browser pytest -p tests.integration.require`` turns the skip
of any test carrying one of the named markers into a failure, and stops the run (exit code 4)
when no test with such a marker was selected at all. Without the variable it does nothing.
"""

from __future__ import annotations

import os

import pytest


def _required() -> set[str]:
    value = os.environ.get("IPCENTER_TEST_REQUIRE", "")
    return {name.strip() for name in value.split(",") if name.strip()}


def pytest_collection_finish(session):
    required = _required()
    present = {mark.name for item in session.items for mark in item.iter_markers()}
    missing = sorted(required - present)
    if missing:
        raise pytest.UsageError(
            f"IPCENTER_TEST_REQUIRE: no selected test is marked {', '.join(missing)}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    wanted = _required() & {mark.name for mark in item.iter_markers()}
    if wanted:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (f"skipped, but this run requires the {', '.join(sorted(wanted))} "
                           f"tests to run: {reason}")
