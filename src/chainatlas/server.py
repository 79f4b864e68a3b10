"""The composition root: builds the one ASGI app from the JSON API and the web pages over one database,
and runs it under uvicorn (`chainatlas serve`, `chainatlas demo`). Nothing imports this but the CLI and tests."""

from __future__ import annotations

import errno
import os
import socket
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from chainatlas import __version__
from chainatlas.api.app import API_PREFIX, API_THREADS, api_router
from chainatlas.domain.errors import ChainAtlasError
from chainatlas.http import errors
from chainatlas.http.middleware import BodyLimit, SecurityHeaders
from chainatlas.http.protocol import JsonErrorsProtocol
from chainatlas.services import atlas, registry
from chainatlas.store import housekeeping
from chainatlas.store.db import open_database
from chainatlas.web import pages as web_pages


def create_app(db_url: str | None = None, *, pages: bool = True, warm: bool = False) -> FastAPI:
    """The ASGI app over one database (SQLite path or URL; default as for the CLI).

    Fails with a clear ChainAtlasError when the database does not exist or needs
    `chainatlas init`. With `warm`, the chain maps and overview are computed in a
    background thread at start-up, so that the first visitor does not wait.
    """
    engine = open_database(db_url, server=True)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = API_THREADS
        if warm:  # once the server runs, not when an app is only built (tests, tools)
            # what killed processes left behind (may wait for another writer: not in the event loop)
            threading.Thread(target=housekeeping.clean_up, args=(engine,), name="clean-up", daemon=True).start()
            threading.Thread(target=atlas.warm, args=(engine,), name="warm-maps", daemon=True).start()
        yield

    app = FastAPI(lifespan=lifespan, title="ChainAtlas 产业链图谱 API", version=__version__,
                  description="产业链图谱、补链分析、企业库与数据导入的 JSON 接口。所有错误的形状为 "
                              '{"error": {"code", "message", "details"}}；金额单位为万元（字符串形式的十进制数）。',
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None)
    app.state.engine = engine
    limit = registry.max_upload_bytes()
    app.add_middleware(BodyLimit, limit=limit, message=registry.too_large_message(limit))
    app.add_middleware(SecurityHeaders)

    errors.install(app)
    app.include_router(api_router())
    if pages:
        web_pages.install(app)
    return app


DB_VARIABLE = "CHAINATLAS_SERVE_DB"


def _check_port(host: str, port: int) -> None:
    """One Chinese line when the address is taken or cannot be used, before uvicorn says it in English."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ChainAtlasError(f"端口 {port} 已被占用（可能已有一个 ChainAtlas 在运行）：换一个端口，"
                                      f"如 --port {port + 1}，或先停止占用它的程序") from None
            raise ChainAtlasError(f"无法在 {host}:{port} 上提供服务：{exc.strerror or exc}") from None


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

    _check_port(host, port)
    app = create_app(db, warm=workers <= 1)  # fails fast with a clear message, and builds the vendor assets if needed
    if announce:
        announce(f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/")
    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, http=JsonErrorsProtocol)
        return
    os.environ[DB_VARIABLE] = db or ""
    uvicorn.run("chainatlas.server:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False, http=JsonErrorsProtocol)
