"""The JSON API under /api/v1: its routers and the error responses every route may give."""

from __future__ import annotations

import os

from fastapi import APIRouter

from chainatlas.api.routes import (
    admin,
    auth,
    casework,
    chains,
    dashboard,
    enterprises,
    evaluation,
    imports,
    lists,
    meta,
    monitoring_indicators,
    reports,
    risks,
    sharing,
    targets,
)
from chainatlas.api.schemas.common import ErrorPublic

API_PREFIX = "/api/v1"
# Plain `def` routes run in a thread pool of this size per process; more threads only contend for the GIL with the
# event loop that parses every request (measured: docs/benchmarks.md, "Search under load"). Long work (imports,
# warming the maps) runs in threads of its own.
API_THREADS = int(os.environ.get("CHAINATLAS_API_THREADS", "2"))
ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorPublic, "description": text}
    for status, text in ((401, "未登录或令牌无效"), (403, "角色或数据范围不允许"), (404, "不存在"),
                         (413, "上传内容超过大小上限"), (422, "参数有误（details 列出每个字段）"),
                         (500, "服务器内部错误（消息中有请求编号）"), (503, "数据库正忙，按 Retry-After 秒后重试"))
}


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    for module in (meta, auth, chains, enterprises, evaluation, imports, admin, sharing, lists, casework, targets,
                   reports, dashboard, risks, monitoring_indicators):
        router.include_router(module.router)
    return router
