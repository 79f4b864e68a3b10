"""One error shape for every API error: {"error": {"code", "message" (中文), "details": [...]}}.

ChainAtlasError subclasses map through their `http_status`; request validation
gives 422 with one detail per field; unknown routes 404; anything unexpected
500 without leaking internals. Pages (paths outside /api/) get an HTML page
from the renderer the web layer registers in `app.state.render_error_page`.
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chainatlas.domain.errors import (
    Busy,
    ChainAtlasError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TooLarge,
    TooManyAttempts,
    Unauthorised,
)
from chainatlas.store.locks import is_busy

log = logging.getLogger("chainatlas.api")

CODES = {NotFound: "not_found", InvalidInput: "invalid_input", Conflict: "conflict", Unauthorised: "unauthorized",
         Forbidden: "forbidden", TooManyAttempts: "too_many_attempts", Busy: "busy", TooLarge: "payload_too_large"}
HTTP_CODES = {400: ("bad_request", "请求有误"), 401: ("unauthorized", "需要登录"), 403: ("forbidden", "无权访问"),
              404: ("not_found", "请求的资源不存在"), 405: ("method_not_allowed", "不支持该请求方法"),
              413: ("payload_too_large", "上传内容过大"), 429: ("too_many_attempts", "请求过于频繁"),
              422: ("validation_error", "请求参数有误"), 503: ("busy", "服务繁忙，请稍后重试")}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PYDANTIC = {
    "missing": "缺少必填项", "int_parsing": "应为整数", "int_type": "应为整数", "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false", "string_too_long": "过长", "string_too_short": "过短",
    "string_pattern_mismatch": "格式不正确", "literal_error": "取值无效", "enum": "取值无效",
    "json_invalid": "不是有效的 JSON", "model_attributes_type": "应为对象", "dict_type": "应为对象",
}


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {ctx.get('le', ctx.get('lt'))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("literal_error", "enum") and ctx.get("expected"):
        return f"应为 {ctx['expected']} 之一"
    if kind == "string_too_long" and "max_length" in ctx:
        return f"不能超过 {ctx['max_length']} 个字符"
    if kind == "string_pattern_mismatch" and "pattern" in ctx:
        return f"格式不正确（应匹配 {ctx['pattern']}）"
    return _PYDANTIC.get(kind, "取值无效")  # pydantic's own messages are English


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and hasattr(request.app.state, "render_error_page")


def _respond(request: Request, status: int, body: dict[str, Any]) -> Response:
    if _wants_html(request):
        return request.app.state.render_error_page(request, status, body["error"])
    return JSONResponse(body, status_code=status)


async def _chainatlas_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ChainAtlasError)
    if isinstance(exc, Unauthorised) and _wants_html(request):  # a page: sign in, then come back
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    code = next((c for cls, c in CODES.items() if isinstance(exc, cls)), "bad_request")
    response = _respond(request, exc.http_status, error_body(code, str(exc)))
    if isinstance(exc, TooManyAttempts | Busy):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [{"field": _field(e["loc"]), "message": _message(e), "type": e.get("type")} for e in exc.errors()]
    summary = "；".join(f"{d['field']}：{d['message']}" for d in details[:5])
    return _respond(request, 422, error_body("validation_error", f"请求参数有误：{summary}", details))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, message = HTTP_CODES.get(exc.status_code, ("http_error", "请求失败"))
    # Starlette's and FastAPI's own details are English ("There was an error parsing the body"): ours are Chinese.
    detail = exc.detail if isinstance(exc.detail, str) and _CJK.search(exc.detail) else None
    response = _respond(request, exc.status_code, error_body(code, detail or message))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


def request_id() -> str:
    """A short reference that the user sees and the server log records beside the details."""
    return secrets.token_hex(6)


async def _database_error(request: Request, exc: Exception) -> Response:
    """A lock wait that ran out is 503 with Retry-After; any other database error is internal."""
    if is_busy(exc):
        busy = Busy()
        log.warning("database busy on %s %s: %s", request.method, request.url.path, str(exc).splitlines()[0])
        return await _chainatlas_error(request, busy)
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> Response:
    reference = request_id()
    log.error("internal error [%s] on %s %s", reference, request.method, request.url.path, exc_info=exc)
    response = _respond(request, 500, error_body(
        "internal_error", f"服务器内部错误，请稍后重试或联系管理员（请求编号 {reference}）"))
    response.headers["X-Request-ID"] = reference
    return response


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""
    app.add_exception_handler(ChainAtlasError, _chainatlas_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
