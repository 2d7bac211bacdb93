"""The real services the fault tests start, stop and kill: a Redis of their own (on a free
port, never the machine's 6379), Celery workers and beat on the production entry point
(``celery -A ipcenter.worker``), each a subprocess with its log in the test's folder."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ipcenter import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def tail(path: Path, lines: int = 80) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class RedisServer:
    """A redis-server owned by the test: no persistence, so a restart loses what it held,
    as a crashed broker without a journal does."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder),
             "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not _listening(self.port):
            if time.monotonic() > deadline or self.process.poll() is not None:
                log = tail(self.folder / "redis.log")
                raise RuntimeError(f"redis-server did not start:\n{log}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class Celery:
    """``celery -A ipcenter.worker worker|beat`` in a subprocess."""

    def __init__(self, folder: Path, name: str, env: dict, args: list[str]):
        self.folder, self.name, self.env, self.args = folder, name, env, args
        self.log = folder / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self, wait_ready: bool = True) -> Celery:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "ipcenter.worker", *self.args],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        if wait_ready:
            self.wait_for_log("ready.", timeout=60)
        return self

    def wait_for_log(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log.exists() and text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"{self.name}: no {text!r} in the log:\n{tail(self.log)}")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, nothing given back."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # warm shutdown
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def worker(folder: Path, name: str, env: dict, *, pool: str = "solo",
           concurrency: int = 1) -> Celery:
    return Celery(folder, name, env, [
        "worker", "-Q", "celery,index", "--pool", pool, "--concurrency", str(concurrency),
        "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"{name}@%h"])


def beat(folder: Path, env: dict) -> Celery:
    return Celery(folder, "beat", env, [
        "beat", "--loglevel", "INFO", "--schedule", str(folder / "beat-schedule")])
