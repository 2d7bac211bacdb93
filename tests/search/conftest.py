"""Search fixtures: a real index of each backend on ``tmp_path``."""

from __future__ import annotations

import pytest

from ipcenter.search import BACKENDS, SearchIndex


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def index(backend, tmp_path) -> SearchIndex:
    return SearchIndex(tmp_path / "index", backend)
