"""The enterprise registry: search, profile, and decisions on chain placements."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from chainatlas.api.params import MAX_ROW_ID, OPTIONAL_ID, Cursor, Limit, Offset, Park, Q, Region, Size, Tag
from chainatlas.api.schemas.atlas import PlacementDecisionCreate, PlacementDecisionPublic
from chainatlas.api.schemas.registry import EnterprisePagePublic, EnterprisePublic
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import access, atlas, registry
from chainatlas.store import search_index
from chainatlas.store.locks import is_busy

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
    search_page = partial(
        registry.search_enterprises, engine, q, viewer=viewer, region=region or None, park=park or None, tag=tag,
        chain=chain or None, link=link or None, size=size, limit=limit, offset=offset, cursor=cursor or None)
    if engine.dialect.name == "sqlite" and not access.reads_are_audited(viewer):
        # The busiest route. SQLite answers inside this process, on this CPU, with nothing to wait for: a thread
        # would only add a hand-over and GIL contention (measured: docs/benchmarks.md, "Search under load"). Every
        # query is bounded: at most 101 text matches are read, counts stop at 1001, offsets at 10,000 (deeper
        # paging uses the cursor). Indexing rows added behind the importer's back writes, and may wait for another
        # writer: that goes to a thread.
        # Only a catch-up that has rows to index goes to a thread: one that would find nothing must not queue
        # behind requests in the pool (they may be waiting for another writer).
        if registry.catch_up_due(engine) and search_index.behind(engine):
            try:
                await run_in_threadpool(search_index.catch_up, engine)
            except DBAPIError as exc:  # another writer holds the database: search what is indexed, catch up later
                if not is_busy(exc):
                    raise
        return search_page()
    # PostgreSQL answers in a process of its own: a thread lets the event loop serve others meanwhile. A viewer
    # who sees records through agreements has its reads audited: a write, which may wait for another writer.
    return await run_in_threadpool(search_page)


@router.get("/enterprises.xlsx", summary="导出筛选后的企业名录（Excel，与列表的筛选相同）", response_class=Response,
            responses={200: {"content": {atlas.XLSX: {}}}})
def export_enterprises(engine: EngineDep, viewer: ViewerDep, q: Q = None, region: Region = None, park: Park = None,
                       chain: Annotated[str | None, Query(pattern=OPTIONAL_ID, description="产业链编号")] = None,
                       link: Annotated[str | None, Query(pattern=OPTIONAL_ID, description="环节编号")] = None,
                       tag: Tag = None, size: Size = None) -> Response:
    filters = {"region": region or None, "park": park or None, "tag": tag, "chain": chain or None,
               "link": link or None, "size": size}
    rows, _, more = registry.filtered_enterprises(engine, q, viewer=viewer, **filters)
    title = f"企业名录（{registry.filters_text(engine, q, **filters)}）"
    return Response(registry.enterprises_workbook(rows, title, more, atlas.demo_note(engine)), media_type=atlas.XLSX,
                    headers={"Content-Disposition": 'attachment; filename="enterprises.xlsx"'})


@router.get("/enterprises/{key}", response_model=EnterprisePublic, summary="企业档案")
def get_enterprise(key: EnterpriseKey, engine: EngineDep, viewer: ViewerDep) -> dict:
    return registry.enterprise_profile(engine, key, viewer=viewer)


@router.post("/placements/{placement_id}/decision", response_model=PlacementDecisionPublic,
             summary="确认或驳回一条挂链")
def decide(placement_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], body: PlacementDecisionCreate, engine: EngineDep,
           viewer: ViewerDep) -> dict:
    return atlas.decide_placement(engine, placement_id, body.decision, body.role, viewer=viewer)
