"""``tests.integration.require`` against the ``slow`` marker: leaving slow tests out with
``-m 'not slow'`` deselects them, which the plugin does not count as a skip; a required test that
runs and skips still fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TESTS = '''
import pytest

@pytest.mark.browser
def test_quick():
    pass

@pytest.mark.browser
@pytest.mark.slow
def test_slow_and_skipping():
    pytest.skip("no browser here")
'''


def run(tmp_path, *args):
    (tmp_path / "test_sample.py").write_text(TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = --strict-markers\nmarkers =\n    browser: b\n    slow: s\n",
        encoding="utf-8")
    env = dict(os.environ, IPCENTER_TEST_REQUIRE="browser",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-p", "tests.integration.require", *args],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_not_slow_deselects_without_failing(tmp_path):
    result = run(tmp_path, "-m", "not slow")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 deselected" in result.stdout


def test_the_whole_pass_still_fails_a_required_test_that_skips(tmp_path):
    result = run(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "requires the browser tests to run" in result.stdout
