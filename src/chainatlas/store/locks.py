"""How long a connection waits for another writer, and how a wait that ran out is recognised.

SQLite has one writer at a time: every connection waits up to `lock_timeout()` seconds for the
write lock (`busy_timeout`), PostgreSQL connections wait as long for a row or table lock
(`lock_timeout`). A wait that runs out is `Busy` for the user (HTTP 503 with Retry-After), never an
internal error. The server also bounds each PostgreSQL statement (`statement_timeout`).
"""

from __future__ import annotations

import os

from chainatlas.domain.errors import Busy

DEFAULT_LOCK_TIMEOUT = 30.0  # seconds: a CLI import's slice or a placement batch commits well within it
DEFAULT_STATEMENT_TIMEOUT = 60.0  # seconds, PostgreSQL statements of the server
# PostgreSQL SQLSTATEs that mean "try again": lock_not_available, query_canceled (a timeout),
# serialization_failure, deadlock_detected.
RETRY_SQLSTATES = frozenset({"55P03", "57014", "40001", "40P01"})
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def _seconds(variable: str, default: float) -> float:
    value = os.environ.get(variable)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"环境变量 {variable} 应为秒数，现为“{value}”") from None
    return max(seconds, 0.0)


def lock_timeout() -> float:
    """Seconds a connection waits for another writer (`CHAINATLAS_LOCK_TIMEOUT`, default 30)."""
    return _seconds("CHAINATLAS_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)


def lock_timeout_ms() -> int:
    """`lock_timeout()` in milliseconds, as SQLite's busy_timeout and PostgreSQL's lock_timeout take it."""
    return int(lock_timeout() * 1000)


def statement_timeout() -> float:
    """Seconds a PostgreSQL statement of the server may run (`CHAINATLAS_STATEMENT_TIMEOUT`, default 60; 0: none)."""
    return _seconds("CHAINATLAS_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT)


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means another writer held a lock for longer than we wait."""
    if isinstance(exc, Busy):
        return True
    original = getattr(exc, "orig", None) or exc
    sqlstate = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if sqlstate in RETRY_SQLSTATES:
        return True
    text = str(original).lower()
    return any(marker in text for marker in _SQLITE_BUSY)
