"""Bookkeeping writes that must not hold up the request that causes them.

A failed sign-in's attempt and audit entry, or an API token's "last used" time, are
written by one background thread per process, in order, in small batches. When another
writer holds the database for longer than the lock wait, the thread keeps the writes
and tries again; nothing is dropped while the process runs, and the rest is written at
exit (`flush`). Until written, `pending` shows them (sign-in throttling counts them).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from chainatlas.store.locks import is_busy

log = logging.getLogger("chainatlas.deferred")
BATCH = 200
RETRY_SECONDS = 0.5


@dataclass(frozen=True)
class Write:
    engine: Engine
    kind: str  # e.g. "login_attempt": what `pending` looks for
    values: dict[str, Any]
    apply: Callable[[Connection], Any]


_queue: list[Write] = []
_changed = threading.Condition()
_thread: threading.Thread | None = None
_writing: list[Write] = []


def defer(engine: Engine, kind: str, values: dict[str, Any], apply: Callable[[Connection], Any]) -> None:
    """Queue a write (`apply(conn)` in a transaction); returns at once."""
    global _thread
    with _changed:
        _queue.append(Write(engine, kind, values, apply))
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="chainatlas-deferred", daemon=True)
            _thread.start()
        _changed.notify_all()


def pending(engine: Engine, kind: str) -> list[dict[str, Any]]:
    """The values of the writes of a kind that are queued or being written, not yet committed."""
    with _changed:
        return [w.values for w in (*_writing, *_queue) if w.engine is engine and w.kind == kind]


def flush(timeout: float = 10.0) -> bool:
    """Wait until every queued write is committed (or the timeout passes); True when none is left."""
    deadline = time.monotonic() + timeout
    with _changed:
        while _queue or _writing:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _changed.wait(left)
    return True


def _run() -> None:
    while True:
        with _changed:
            while not _queue:
                _changed.wait()
            engine = _queue[0].engine
            batch = [w for w in _queue if w.engine is engine][:BATCH]
            for write in batch:
                _queue.remove(write)
            _writing[:] = batch
        try:
            with engine.begin() as conn:
                for write in batch:
                    write.apply(conn)
        except Exception as exc:  # noqa: BLE001 - a write that cannot be made is logged, not lost silently
            if is_busy(exc):
                with _changed:
                    _queue[:0] = batch  # first again, in order
                    _writing.clear()
                time.sleep(RETRY_SECONDS)
                continue
            log.exception("记账写入失败，已放弃 %d 条（%s）", len(batch), ", ".join(sorted({w.kind for w in batch})))
        with _changed:
            _writing.clear()
            _changed.notify_all()


atexit.register(flush, 5.0)
