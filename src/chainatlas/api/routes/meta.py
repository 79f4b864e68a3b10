"""Service status and the choices the page filters offer."""

from __future__ import annotations

from fastapi import APIRouter

from chainatlas import __version__
from chainatlas.api import readiness
from chainatlas.api.schemas.atlas import FiltersPublic, OverviewPublic
from chainatlas.api.schemas.common import ErrorPublic, Ping, Ready
from chainatlas.domain.tags import TAGS
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import atlas
from chainatlas.store import sizes

router = APIRouter(tags=["总览"])
PING = {"status": "ok", "service": "chainatlas", "version": __version__}


@router.get("/ping", response_model=Ping, summary="存活检查：进程在应答（不访问数据库；负载均衡用）")
async def ping() -> dict[str, str]:
    return PING  # answered in the event loop: no thread, no database, so a busy database never stalls it


@router.get("/ready", response_model=Ready, summary="就绪检查：数据库在 2 秒内应答读取",
            responses={503: {"model": ErrorPublic, "description": "数据库未应答"}})
async def ready(engine: EngineDep) -> dict[str, str]:
    return await readiness.check(engine)


@router.get("/overview", response_model=OverviewPublic, summary="总览：每条产业链的配套率、企业数、营收、缺链弱链数")
def overview(engine: EngineDep, viewer: ViewerDep) -> dict:
    return atlas.overview(engine, viewer=viewer)


@router.get("/filters", response_model=FiltersPublic, summary="筛选项：地区、园区、标签、规模")
def filters(engine: EngineDep, viewer: ViewerDep) -> dict:
    options = atlas.filter_options(engine, viewer=viewer)
    return {**options, "tags": [{"code": c, "label": label} for c, (label, _) in TAGS.items()],
            "sizes": [{"code": c, "label": label} for c, label in sizes.SIZE_LABELS.items()],
            "size_rule": sizes.RULE_VERSION}
