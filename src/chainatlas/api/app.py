"""The application: JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json) and the web pages."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chainatlas import __version__
from chainatlas.api import errors
from chainatlas.api.routes import admin, auth, chains, enterprises, evaluation, imports, meta, sharing
from chainatlas.api.schemas import ErrorPublic
from chainatlas.services import atlas, registry
from chainatlas.store import housekeeping
from chainatlas.store.db import open_database

API_PREFIX = "/api/v1"
# Plain `def` routes run in a thread pool. Under load, threads contend for the GIL with the event loop that
# parses every request: with 50 clients searching two million enterprises (bench/bench_web.py, 2 cores),
# 2 threads per process served 460-490 requests/s where 8 served 330-410 (the search route ran in the pool then;
# on SQLite it now runs in the event loop: routes/enterprises.py). Long work (imports, warming the maps) runs in
# threads of its own, so 2 are enough for the requests themselves.
API_THREADS = int(os.environ.get("CHAINATLAS_API_THREADS", "2"))
ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorPublic, "description": text}
    for status, text in ((401, "未登录或令牌无效"), (403, "角色或数据范围不允许"), (404, "不存在"),
                         (413, "上传内容超过大小上限"), (422, "参数有误（details 列出每个字段）"),
                         (500, "服务器内部错误（消息中有请求编号）"), (503, "数据库正忙，按 Retry-After 秒后重试"))
}


# Pages load scripts, styles and data from this server only; no inline script, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
                               "base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


_HEADER_BYTES = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response (plain ASGI: no per-request task or body copy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in _HEADER_BYTES if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses request bodies over the upload limit with 413, before the body is read (by its Content-Length) or
    as soon as a body without one passes the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await self._refuse(send)
            return
        received = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    over = True
                    return {"type": "http.disconnect"}  # the app stops reading; its answer is replaced below
            return message

        async def answer(message: Message) -> None:
            nonlocal started
            if over:
                if not started:
                    started = True
                    await self._refuse(send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, answer)
        if over and not started:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(errors.error_body("payload_too_large", registry.too_large_message(self.limit)),
                          ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close"), *_HEADER_BYTES]})
        await send({"type": "http.response.body", "body": body})


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    for module in (meta, auth, chains, enterprises, evaluation, imports, admin, sharing):
        router.include_router(module.router)
    return router


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
    app.add_middleware(BodyLimit, limit=registry.max_upload_bytes())
    app.add_middleware(SecurityHeaders)

    errors.install(app)
    app.include_router(api_router())
    if pages:
        from chainatlas.web import pages as web_pages

        web_pages.install(app)
    return app
