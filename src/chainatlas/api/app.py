"""The application: JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json) and the web pages."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI

from chainatlas import __version__
from chainatlas.api import errors
from chainatlas.api.routes import chains, enterprises, evaluation, imports, meta
from chainatlas.api.schemas import ErrorPublic
from chainatlas.services import chainmap
from chainatlas.store.db import open_database

API_PREFIX = "/api/v1"
# Plain `def` routes run in a thread pool. Under load, dozens of threads contend for the GIL with the event
# loop that parses every request; a few threads per process serve as many requests with less waiting.
API_THREADS = int(os.environ.get("CHAINATLAS_API_THREADS", "8"))
ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorPublic, "description": text}
    for status, text in ((404, "不存在"), (422, "参数有误（details 列出每个字段）"), (500, "服务器内部错误"))
}


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    for module in (meta, chains, enterprises, evaluation, imports):
        router.include_router(module.router)
    return router


def create_app(db_url: str | None = None, *, pages: bool = True, warm: bool = False) -> FastAPI:
    """The ASGI app over one database (SQLite path or URL; default as for the CLI).

    Fails with a clear ChainAtlasError when the database does not exist or needs
    `chainatlas init`. With `warm`, the chain maps and overview are computed in a
    background thread at start-up, so that the first visitor does not wait.
    """
    engine = open_database(db_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = API_THREADS
        if warm:  # once the server runs, not when an app is only built (tests, tools)
            threading.Thread(target=chainmap.warm, args=(engine,), name="warm-maps", daemon=True).start()
        yield

    app = FastAPI(lifespan=lifespan, title="ChainAtlas 产业链图谱 API", version=__version__,
                  description="产业链图谱、补链分析、企业库与数据导入的 JSON 接口。所有错误的形状为 "
                              '{"error": {"code", "message", "details"}}；金额单位为万元（字符串形式的十进制数）。',
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None)
    app.state.engine = engine
    errors.install(app)
    app.include_router(api_router())
    if pages:
        from chainatlas.web import pages as web_pages

        web_pages.install(app)
    return app
