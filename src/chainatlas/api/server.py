"""Running the app under uvicorn (used by `chainatlas serve` and `chainatlas demo`)."""

from __future__ import annotations

import os
from collections.abc import Callable

from fastapi import FastAPI

from chainatlas.api.app import create_app
from chainatlas.api.protocol import JsonErrorsProtocol

DB_VARIABLE = "CHAINATLAS_SERVE_DB"


def app_from_environment() -> FastAPI:
    """The app factory uvicorn's worker processes call (the database comes from the environment)."""
    return create_app(os.environ.get(DB_VARIABLE) or None, warm=True)


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          announce: Callable[[str], None] | None = None) -> None:
    """Open the database, then serve pages and API until interrupted (Ctrl+C).

    With `workers` > 1, uvicorn runs that many processes (each with its own caches),
    which helps search throughput on a multi-core machine.
    """
    import uvicorn

    app = create_app(db, warm=workers <= 1)  # fails fast with a clear message, and builds the vendor assets if needed
    if announce:
        announce(f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/")
    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, http=JsonErrorsProtocol)
        return
    os.environ[DB_VARIABLE] = db or ""
    uvicorn.run("chainatlas.api.server:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False, http=JsonErrorsProtocol)
