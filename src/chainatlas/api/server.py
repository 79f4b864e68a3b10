"""Running the app under uvicorn (used by `chainatlas serve` and `chainatlas demo`)."""

from __future__ import annotations

from collections.abc import Callable

from chainatlas.api.app import create_app


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000,
          announce: Callable[[str], None] | None = None) -> None:
    """Open the database, then serve pages and API until interrupted (Ctrl+C)."""
    import uvicorn

    app = create_app(db)
    if announce:
        announce(f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
