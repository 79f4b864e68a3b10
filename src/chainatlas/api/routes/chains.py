"""Chains: list, definition, map, gaps (JSON and Excel) and the enterprises of a link."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from chainatlas import reference
from chainatlas.api.params import ChainId, Limit, LinkId, Offset, Park, Region, SortOrder
from chainatlas.api.schemas.atlas import (
    ChainMapPublic,
    ChainPagePublic,
    ChainPublic,
    GapReportPublic,
    LinkEnterprisePagePublic,
)
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import atlas

router = APIRouter(prefix="/chains", tags=["产业链"])
GapSort = Annotated[Literal[atlas.SORTABLE], Query(description="排序列")]  # type: ignore[valid-type]


@router.get("", response_model=ChainPagePublic, summary="产业链列表")
def list_chains(engine: EngineDep, viewer: ViewerDep, limit: Limit = 50, offset: Offset = 0) -> dict:
    rows = atlas.list_chains(engine)
    return {"items": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset}


@router.get("/{chain_id}", response_model=ChainPublic, summary="一条产业链的环节与供应关系")
def get_chain(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep) -> dict:
    return atlas.chain_as_dict(atlas.get_chain(engine, chain_id))


@router.get("/{chain_id}/map", response_model=ChainMapPublic, summary="产业链图谱：环节状态、企业数、营收、龙头、供应关系")
def chain_map(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: Region = None, park: Park = None) -> dict:
    return atlas.chain_map(engine, chain_id, region or None, park or None, viewer=viewer)


def _gap_report(engine: EngineDep, viewer: ViewerDep, chain_id: str, region: str | None, park: str | None, sort: str,
                order: str) -> dict:
    region, park = region or None, park or None
    report = atlas.gap_report_as_dict(atlas.gaps(engine, chain_id, region, park, viewer=viewer), region)
    report["links"] = atlas.sort_links(report["links"], sort, order == "desc")
    return {**report, "sort": sort, "order": order}


@router.get("/{chain_id}/gaps", response_model=GapReportPublic, summary="补链分析（与 chainatlas gaps 相同的数据）")
def gaps(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: Region = None, park: Park = None,
         sort: GapSort = "position", order: SortOrder = "asc") -> dict:
    return _gap_report(engine, viewer, chain_id, region, park, sort, order)


@router.get("/{chain_id}/gaps.xlsx", summary="补链分析导出 Excel", response_class=Response,
            responses={200: {"content": {atlas.XLSX: {}}}})
def gaps_excel(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: Region = None, park: Park = None,
               sort: GapSort = "position", order: SortOrder = "asc") -> Response:
    report = _gap_report(engine, viewer, chain_id, region, park, sort, order)
    rows = atlas.chain_enterprises(engine, chain_id, region or None, park or None, viewer=viewer)
    name = f"gaps-{chain_id}{'-' + region if region else ''}.xlsx"
    return Response(atlas.gaps_workbook(report, rows, atlas.demo_note(engine)), media_type=atlas.XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/{chain_id}/links/{link_id}/enterprises.xlsx", summary="导出一个环节的本地企业（Excel）",
            response_class=Response, responses={200: {"content": {atlas.XLSX: {}}}})
def link_enterprises_excel(chain_id: ChainId, link_id: LinkId, engine: EngineDep, viewer: ViewerDep,
                           region: Region = None, park: Park = None) -> Response:
    rows = atlas.chain_enterprises(engine, chain_id, region or None, park or None, viewer=viewer, link_id=link_id)
    chain = atlas.get_chain(engine, chain_id)
    scope = park or (reference.regions().name_of(region) if region else None)
    title = f"{chain.name} · {chain.link(link_id).name} 本地企业" + (f"（{scope}）" if scope else "")
    return Response(atlas.link_enterprises_workbook(title, rows, atlas.demo_note(engine)), media_type=atlas.XLSX,
                    headers={"Content-Disposition": f'attachment; filename="link-{chain_id}-{link_id}.xlsx"'})


@router.get("/{chain_id}/links/{link_id}/enterprises", response_model=LinkEnterprisePagePublic,
            summary="一个环节的本地企业（龙头在前）")
def link_enterprises(chain_id: ChainId, link_id: LinkId, engine: EngineDep, viewer: ViewerDep, region: Region = None,
                     park: Park = None, limit: Limit = 20, offset: Offset = 0) -> dict:
    return atlas.link_enterprises(engine, chain_id, link_id, region or None, park or None, limit, offset,
                                      viewer=viewer)
