"""The readiness check: a read of the database, in threads of its own, within a short timeout.

Requests waiting for the database hold the shared thread pool; the check must not queue
behind them, so it has its own two threads. A read never waits for a writer (SQLite WAL,
PostgreSQL MVCC), so a check that does not answer in time means the database is unwell.
"""

from __future__ import annotations

import logging

import anyio
import anyio.to_thread
from sqlalchemy import Engine, text

from chainatlas.domain.errors import Busy
from chainatlas.store.db import current_revision

log = logging.getLogger("chainatlas.api")
TIMEOUT_SECONDS = 2.0
_limiter: anyio.CapacityLimiter | None = None


def _read(engine: Engine) -> str:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return current_revision(engine) or ""


async def check(engine: Engine) -> dict[str, str]:
    global _limiter
    if _limiter is None:
        _limiter = anyio.CapacityLimiter(2)
    try:
        with anyio.fail_after(TIMEOUT_SECONDS):
            revision = await anyio.to_thread.run_sync(_read, engine, limiter=_limiter, abandon_on_cancel=True)
    except TimeoutError:
        raise Busy(f"数据库在 {TIMEOUT_SECONDS:g} 秒内没有应答读取", retry_after=5) from None
    except Exception as exc:  # down, unreachable, or its files gone: not ready, whatever the cause
        log.warning("readiness check failed: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        raise Busy("数据库不可用", retry_after=10) from None
    return {"status": "ready", "database": engine.dialect.name, "schema": revision}
