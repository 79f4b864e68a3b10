"""Fault injection: a short lock wait, a live server, another writer holding the database."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from chainatlas.http.protocol import JsonErrorsProtocol
from chainatlas.server import create_app

LOCK_WAIT = 1.0  # seconds: CHAINATLAS_LOCK_TIMEOUT in these tests


@pytest.fixture(autouse=True)
def short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connections made in these tests wait LOCK_WAIT seconds for another writer (autouse: set before any engine)."""
    monkeypatch.setenv("CHAINATLAS_LOCK_TIMEOUT", str(LOCK_WAIT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(db: str) -> Iterator[str]:
    """The app served by uvicorn (as `chainatlas serve` does) in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, http=JsonErrorsProtocol))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def write_lock_held(db: str) -> Iterator[None]:
    """Another connection holds SQLite's write lock (BEGIN IMMEDIATE) until the block ends."""
    path = Path(db.removeprefix("sqlite:///"))
    holder = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()
