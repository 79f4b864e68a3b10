"""Risk early warning (风险监测预警): the warning list and its Excel, the scan, acknowledgement and the rule set."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from chainatlas.api.params import MAX_ROW_ID, OPTIONAL_ID, Region
from chainatlas.api.schemas.risks import (
    AckRequest,
    LevelId,
    RuleSetPublic,
    RuleSetRequest,
    ScanPublic,
    ScanRequest,
    WarningListPublic,
    WarningPublic,
)
from chainatlas.exporters import XLSX
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import monitoring

router = APIRouter(tags=["风险预警"])
WarningId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="预警编号")]
Chain = Annotated[str | None, Query(pattern=OPTIONAL_ID, description="产业链编号；空为全部")]
Level = Annotated[LevelId | None, Query(description="级别：red 红、orange 橙、yellow 黄")]
Ended = Annotated[bool, Query(description="包括已解除的预警")]


@router.get("/risks", response_model=WarningListPublic, summary="风险预警清单（按查看者的数据范围；新预警在前）")
def list_warnings(engine: EngineDep, viewer: ViewerDep, chain: Chain = None, region: Region = None,
                  level: Level = None, include_ended: Ended = False) -> dict[str, Any]:
    items = monitoring.open_warnings(engine, viewer=viewer, region=region or None, chain_id=chain or None,
                                     include_ended=include_ended, level=level)
    counts = monitoring.count_open(engine, viewer=viewer, region=region or None, chain_id=chain or None)
    return {"items": items, "counts": counts}


@router.get("/risks.xlsx", summary="风险预警清单导出 Excel（中文表头，按级别着色）", response_class=Response,
            responses={200: {"content": {XLSX: {}}}})
def export_warnings(engine: EngineDep, viewer: ViewerDep, chain: Chain = None, region: Region = None,
                    level: Level = None, include_ended: Ended = False) -> Response:
    data = monitoring.warnings_workbook(engine, viewer=viewer, region=region or None, chain_id=chain or None,
                                        include_ended=include_ended, level=level)
    return Response(data, media_type=XLSX, headers={"Content-Disposition": 'attachment; filename="risks.xlsx"'})


@router.post("/risks/scan", response_model=ScanPublic, summary="按生效规则扫描一个地区的产业链与企业（需写入权限）")
def scan(body: ScanRequest, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return monitoring.scan(engine, body.region, body.chains or None, viewer=viewer)


@router.post("/risks/{warning_id}/ack", response_model=WarningPublic, summary="确认预警并写明处理意见（办理该产业链的角色）")
def acknowledge(warning_id: WarningId, body: AckRequest, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return monitoring.acknowledge(engine, warning_id, body.comment, viewer=viewer)


@router.get("/risks/rules", response_model=RuleSetPublic, summary="生效的风险预警规则及其历史版本")
def rules(engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return monitoring.rules_as_dict(engine, viewer=viewer)


@router.put("/risks/rules", response_model=RuleSetPublic, summary="校验并保存新版本的规则（系统管理员、链长办）")
def set_rules(body: RuleSetRequest, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return monitoring.set_rules(engine, {"rules": body.rules}, viewer=viewer, note=body.note)
