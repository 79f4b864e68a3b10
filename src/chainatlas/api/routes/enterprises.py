"""The enterprise registry: search, profile, and decisions on chain placements."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from chainatlas.api.deps import EngineDep, ViewerDep
from chainatlas.api.params import MAX_ROW_ID, OPTIONAL_ID, Cursor, Limit, Offset, Park, Q, Region, Size, Tag
from chainatlas.api.schemas import (
    EnterprisePagePublic,
    EnterprisePublic,
    PlacementDecisionCreate,
    PlacementDecisionPublic,
)
from chainatlas.services import profiles, search

router = APIRouter(tags=["企业库"])
EnterpriseKey = Annotated[str, Path(pattern=r"^(\d{1,12}|[0-9A-Za-z]{18})$",
                                    description="企业编号或18位统一社会信用代码")]


@router.get("/enterprises", response_model=EnterprisePagePublic, summary="搜索与筛选企业（分页）")
async def list_enterprises(engine: EngineDep, viewer: ViewerDep, q: Q = None, region: Region = None,
                           park: Park = None,
                           chain: Annotated[str | None, Query(pattern=OPTIONAL_ID, description="产业链编号")] = None,
                           link: Annotated[str | None, Query(pattern=OPTIONAL_ID,
                                                             description="环节编号（需同时给出 chain）")] = None,
                           tag: Tag = None, size: Size = None, limit: Limit = 20, offset: Offset = 0,
                           cursor: Cursor = None) -> dict:
    # The busiest route: one hop to the thread pool (a plain `def` route takes two, the second to check
    # the response against its model), which under load costs more than a cached page itself.
    return await run_in_threadpool(partial(
        search.search_enterprises, engine, q, viewer=viewer, region=region or None, park=park or None, tag=tag,
        chain=chain or None, link=link or None, size=size, limit=limit, offset=offset, cursor=cursor or None))


@router.get("/enterprises/{key}", response_model=EnterprisePublic, summary="企业档案")
def get_enterprise(key: EnterpriseKey, engine: EngineDep, viewer: ViewerDep) -> dict:
    return profiles.enterprise_profile(engine, key, viewer=viewer)


@router.post("/placements/{placement_id}/decision", response_model=PlacementDecisionPublic,
             summary="确认或驳回一条挂链")
def decide(placement_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], body: PlacementDecisionCreate, engine: EngineDep,
           viewer: ViewerDep) -> dict:
    return profiles.decide_placement(engine, placement_id, body.decision, body.role, viewer=viewer)
