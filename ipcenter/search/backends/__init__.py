"""The index on disk: ``<IPCENTER_INDEX_DIR>/<backend>/``.

Each rebuild fills a new *generation* directory beside the live one and then switches the
``CURRENT`` file to it in one rename, so searches keep working during a rebuild and a rebuild
that dies half-way leaves the old index in place. Every process reads ``CURRENT`` before using
the index, so a web worker picks up a rebuild made by the CLI.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ipcenter.search.backends.base import SCHEMA_VERSION, Backend, IndexUnavailable

log = logging.getLogger(__name__)

BACKENDS = ("whoosh", "tantivy")
META = "ipcenter-search.json"


def backend_class(name: str) -> type[Backend]:
    if name == "whoosh":
        from ipcenter.search.backends.whoosh_backend import WhooshBackend

        return WhooshBackend
    if name == "tantivy":
        from ipcenter.search.backends.tantivy_backend import TantivyBackend

        return TantivyBackend
    raise ValueError(f"unknown search backend {name!r} (choose one of {', '.join(BACKENDS)})")


# Open backends, per thread (a Whoosh searcher is not shared between threads), keyed by
# (home directory, generation, process id: a forked process opens its own).
_LOCAL = threading.local()


class IndexHome:
    """The generations of one backend's index under ``root/<backend>``."""

    def __init__(self, root: Path | str, backend: str):
        self.backend = backend
        self.cls = backend_class(backend)
        self.path = Path(root) / backend

    # -- generations ----------------------------------------------------------------------

    @contextmanager
    def _locked(self):
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def current_name(self) -> str | None:
        try:
            return (self.path / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None

    def meta(self, name: str) -> dict:
        try:
            return json.loads((self.path / name / META).read_text())
        except (OSError, ValueError):
            return {}

    def _create(self) -> tuple[str, Backend]:
        name = f"g{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"
        path = self.path / name
        backend = self.cls.create(path)
        (path / META).write_text(json.dumps({
            "schema": SCHEMA_VERSION, "backend": self.backend,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}))
        return name, backend

    def new_generation(self) -> tuple[str, Backend]:
        """An empty index beside the live one, not searched until ``activate``."""
        self.path.mkdir(parents=True, exist_ok=True)
        return self._create()

    def activate(self, name: str) -> None:
        """Make generation ``name`` the live index; keep the one before, delete older ones."""
        with self._locked():
            previous = self.current_name()
            tmp = self.path / f".CURRENT.{os.getpid()}"
            tmp.write_text(name)
            os.replace(tmp, self.path / "CURRENT")
            keep = {name, previous}
            for child in self.path.iterdir():
                if child.is_dir() and child.name.startswith("g") and child.name not in keep:
                    shutil.rmtree(child, ignore_errors=True)

    def discard(self, name: str) -> None:
        shutil.rmtree(self.path / name, ignore_errors=True)

    # -- the live index ---------------------------------------------------------------------

    def current(self) -> Backend:
        """The live index, created empty the first time."""
        name = self.current_name()
        if name is None:
            with self._locked():
                name = self.current_name()
                if name is None:
                    name, _backend = self._create()
                    (self.path / "CURRENT").write_text(name)
        schema = self.meta(name).get("schema")
        if schema != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"the {self.backend} index {name} has schema {schema}, this version needs "
                f"{SCHEMA_VERSION}: run `flask search rebuild`")
        opened = getattr(_LOCAL, "opened", None)
        if opened is None:
            opened = _LOCAL.opened = {}
        key = (str(self.path), name, os.getpid())
        backend = opened.get(key)
        if backend is None:
            for old in [k for k in opened if k[0] == key[0]]:
                try:
                    opened.pop(old).close()
                except Exception as exc:  # noqa: BLE001  a generation deleted under it
                    log.debug("closing %s: %s", old, exc)
            backend = opened[key] = self.cls(self.path / name)
        return backend

    def describe(self) -> dict:
        name = self.current_name()
        return {"backend": self.backend, "path": str(self.path), "generation": name,
                "meta": self.meta(name) if name else {}}
