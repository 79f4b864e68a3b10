"""Dashboards (运行监测看板): a chain's figures over the months and the chains ranked by growth, as JSON and as
Excel of every chart's data."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from chainatlas.api.params import ChainId, Region
from chainatlas.api.schemas.dashboard import ChainDashboardPublic, CityDashboardPublic
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.monitoring import month_from_text
from chainatlas.exporters import XLSX
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import monitoring

router = APIRouter(tags=["运行监测"])
Month = Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2})?$", description="月份 YYYY-MM；空为有数据的最近月份")]
EXCEL: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX: {}}}}


def _month(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return month_from_text(text)
    except ValueError as error:
        raise InvalidInput(str(error)) from None


def _excel(data: bytes, name: str) -> Response:
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _chain(engine: EngineDep, viewer: ViewerDep, chain_id: str, region: str | None, month: str | None) -> dict:
    area = region or monitoring.default_region(engine, viewer)
    return monitoring.chain_dashboard(engine, chain_id, area, _month(month), viewer=viewer)


def _city(engine: EngineDep, viewer: ViewerDep, region: str | None, month: str | None) -> dict:
    area = region or monitoring.default_region(engine, viewer)
    return monitoring.city_overview(engine, area, _month(month), viewer=viewer)


@router.get("/chains/{chain_id}/dashboard", response_model=ChainDashboardPublic,
            summary="产业链运行监测：逐月产值、营收、同比、规上企业数、占全市比重、企业进退、工作清单")
def chain_dashboard(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: Region = None,
                    month: Month = None) -> dict:
    return monitoring.public(_chain(engine, viewer, chain_id, region, month))


@router.get("/chains/{chain_id}/dashboard.xlsx", summary="产业链运行监测各图表数据导出 Excel", response_class=Response,
            responses=EXCEL)
def chain_dashboard_excel(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: Region = None,
                          month: Month = None) -> Response:
    result = _chain(engine, viewer, chain_id, region, month)
    return _excel(monitoring.chain_dashboard_workbook(result), f"dashboard-{chain_id}-{result['month']}.xlsx")


@router.get("/dashboard", response_model=CityDashboardPublic,
            summary="产业链增长排名：各产业链累计产值同比增速排名与一句话概述（暂无数据的产业链列在最后）")
def city_dashboard(engine: EngineDep, viewer: ViewerDep, region: Region = None, month: Month = None) -> dict:
    return monitoring.public(_city(engine, viewer, region, month))


@router.get("/dashboard.xlsx", summary="产业链增长排名导出 Excel", response_class=Response, responses=EXCEL)
def city_dashboard_excel(engine: EngineDep, viewer: ViewerDep, region: Region = None, month: Month = None) -> Response:
    result = _city(engine, viewer, region, month)
    return _excel(monitoring.city_overview_workbook(result), f"dashboard-{result['region']}-{result['month']}.xlsx")
