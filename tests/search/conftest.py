"""Search fixtures: a real index of each backend on ``tmp_path``."""

from __future__ import annotations

import pytest

import ipcenter.ip.search  # noqa: F401  (the code types: 专利号:, 商标:, 信用代码:)
from ipcenter.search import BACKENDS, SearchIndex


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def index(backend, tmp_path) -> SearchIndex:
    return SearchIndex(tmp_path / "index", backend)
