"""Dependencies shared by the routers: the database engine and the signed-in viewer.

Programs send `Authorization: Bearer <token>`; the browser sends the session
cookie, and every unsafe request with a cookie must carry the session's CSRF
token in the `X-CSRF-Token` header (or a `csrf_token` form field). The token or
session is checked on every request (its account is looked up again after any
commit to the database), so revoking one takes effect at the next request.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from chainatlas.domain.access import Viewer
from chainatlas.domain.errors import Forbidden, Unauthorised
from chainatlas.services import access

SESSION_COOKIE = "chainatlas_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_engine(request: Request) -> Engine:
    # async: FastAPI runs a plain `def` dependency in the thread pool, one more hop per request
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(get_engine)]


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def current_viewer(request: Request) -> Viewer:
    """The viewer of this request, from its API token or its session cookie (with CSRF check)."""
    if hasattr(request.state, "viewer"):
        return request.state.viewer
    engine = request.app.state.engine
    address = client_address(request)
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorised("Authorization 头应为 “Bearer <接口令牌>”")
        viewer, due = access.token_sign_in(engine, secret.strip(), address)
        if due is not None:  # queued for the background writer: returns at once
            access.record_token_use(engine, due)
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            raise Unauthorised("请先登录")
        viewer, csrf = access.session_viewer(engine, cookie, address)
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER) or await _form_token(request)
            if not sent or not hmac.compare_digest(sent, csrf):
                raise Forbidden("缺少或错误的 CSRF 令牌：请刷新页面后重试")
        request.state.csrf_token = csrf
    request.state.viewer = viewer
    return viewer


async def _form_token(request: Request) -> str | None:
    if not request.headers.get("content-type", "").startswith(("multipart/form-data",
                                                               "application/x-www-form-urlencoded")):
        return None
    form = await request.form()
    value = form.get("csrf_token")
    return value if isinstance(value, str) else None


ViewerDep = Annotated[Viewer, Depends(current_viewer)]
