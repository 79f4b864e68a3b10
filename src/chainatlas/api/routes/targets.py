"""Targets: external enterprise pools, investment targets of a link, the 招商图谱 and the what-if (招商推演)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.responses import Response

from chainatlas.api.params import MAX_ROW_ID, OPTIONAL_ID, ChainId, LinkId, Region
from chainatlas.api.schemas.targets import (
    DecisionPublic,
    DecisionRequest,
    PoolDropPublic,
    PoolImportPublic,
    PoolPublic,
    SavedTargetPublic,
    ScenarioRequest,
    ScenarioSummaryPublic,
    TargetMapPublic,
    TargetsPublic,
    WeightsPublic,
    WeightsRequest,
    WhatIfPublic,
    WhatIfRequest,
)
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import atlas, targets

router = APIRouter(tags=["招商"])
ScenarioId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="推演方案编号")]
PoolName = Annotated[str | None, Query(max_length=100, description="只看这个招商企业库")]
TargetLimit = Annotated[int, Query(ge=1, le=200, description="列出的目标数")]
MapLimit = Annotated[int, Query(ge=1, le=50, description="每个环节列出的目标数")]


def _items(body: WhatIfRequest) -> list[dict[str, Any]]:
    return [item.model_dump() for item in body.additions]


@router.post("/whatif", response_model=WhatIfPublic, summary="招商推演：加入企业后的配套率、环节状态与缺链清单（不写入数据）")
def whatif(body: WhatIfRequest, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return targets.run_whatif(engine, body.chain, body.region or None, _items(body), viewer=viewer)


@router.get("/whatif/scenarios", response_model=list[ScenarioSummaryPublic], summary="本机构保存的推演方案")
def list_scenarios(engine: EngineDep, viewer: ViewerDep) -> list[dict[str, Any]]:
    return targets.list_scenarios(engine, viewer=viewer)


@router.post("/whatif/scenarios", response_model=WhatIfPublic, summary="保存推演方案（本机构可见；同名覆盖）")
def save_scenario(body: ScenarioRequest, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return targets.save_scenario(engine, body.name, body.chain, body.region or None, _items(body), viewer=viewer)


@router.get("/whatif/scenarios/{scenario_id}", response_model=WhatIfPublic, summary="打开一个推演方案（按今天的数据重算）")
def open_scenario(scenario_id: ScenarioId, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return targets.open_scenario(engine, scenario_id, viewer=viewer)


# ---- pools ----------------------------------------------------------------------------------------------

@router.get("/pools", response_model=list[PoolPublic], summary="招商企业库（外地企业，不计入本地统计）及其企业数")
def list_pools(engine: EngineDep, viewer: ViewerDep) -> list[dict[str, Any]]:
    return targets.list_pools(engine, viewer=viewer)


@router.post("/pools/import", response_model=PoolImportPublic,
             summary="把企业名录（Excel/CSV）导入到一个招商企业库（同名则按信用代码或名称更新）")
def import_pool(engine: EngineDep, viewer: ViewerDep, name: Annotated[str, Form(min_length=1, max_length=100,
                                                                               description="企业库名称")],
                file: Annotated[UploadFile, File(description="企业名录 .xlsx/.xls/.et/.csv")],
                skip_invalid: Annotated[bool, Form(description="只导入正确的行")] = False) -> dict[str, Any]:
    return targets.upload_pool(engine, name, file.filename or "", file.file, skip_invalid, viewer=viewer)


@router.delete("/pools/{name}", response_model=PoolDropPublic, summary="删除一个招商企业库")
def drop_pool(name: Annotated[str, Path(min_length=1, max_length=100)], engine: EngineDep,
              viewer: ViewerDep) -> dict[str, Any]:
    return targets.drop_pool(engine, name, viewer=viewer)


# ---- targets --------------------------------------------------------------------------------------------

@router.get("/chains/{chain_id}/links/{link_id}/targets", response_model=TargetsPublic,
            summary="一个环节的招商目标推荐（得分、各项贡献与理由）")
def link_targets(chain_id: ChainId, link_id: LinkId, engine: EngineDep, viewer: ViewerDep, region: Region = None,
                 pool: PoolName = None, limit: TargetLimit = 10) -> dict[str, Any]:
    return targets.recommend(engine, chain_id, link_id, region or None, pool=pool or None, limit=limit, viewer=viewer)


@router.get("/chains/{chain_id}/targets", response_model=TargetMapPublic,
            summary="招商图谱：每个缺链、弱链环节及其首选招商目标")
def target_map(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: Region = None,
               pool: PoolName = None, limit: MapLimit = 5) -> dict[str, Any]:
    return targets.target_map(engine, chain_id, region or None, viewer=viewer, limit=limit, pool=pool or None)


@router.get("/chains/{chain_id}/targets.xlsx", summary="招商图谱导出 Excel（每个环节一张表，理由一列）",
            response_class=Response, responses={200: {"content": {targets.XLSX: {}}}})
def target_map_excel(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: Region = None,
                     pool: PoolName = None, limit: MapLimit = 20) -> Response:
    data = targets.target_map(engine, chain_id, region or None, viewer=viewer, limit=limit, pool=pool or None)
    name = f"targets-{chain_id}-{data['region']}.xlsx"
    return Response(targets.target_map_workbook(data, atlas.demo_note(engine)), media_type=targets.XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/targets/decisions", response_model=DecisionPublic,
             summary="排除一个招商目标（须写原因，不再推荐），或加入招商项目清单（洽谈；工作清单只读时加入本机构的目标清单）")
def decide(body: DecisionRequest, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return targets.decide(engine, body.chain, body.link, body.region or None, body.target, body.decision,
                          body.reason, viewer=viewer, project_name=body.project_name)


@router.get("/targets/saved", response_model=list[SavedTargetPublic], summary="本机构的招商目标清单（或已排除的目标）")
def saved(engine: EngineDep, viewer: ViewerDep, chain: Annotated[str | None, Query(pattern=OPTIONAL_ID)] = None,
          decision: Annotated[Literal["accepted", "dismissed"], Query()] = "accepted") -> list[dict[str, Any]]:
    return targets.saved_targets(engine, viewer=viewer, chain_id=chain or None, decision=decision)


@router.get("/targets/weights", response_model=WeightsPublic, summary="本平台的招商评分权重")
def weights(engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return targets.weights_as_dict(targets.get_weights(engine))


@router.put("/targets/weights", response_model=WeightsPublic, summary="设置本平台的招商评分权重（管理员；weights 为空则恢复默认）")
def set_weights(body: WeightsRequest, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return targets.set_weights(engine, body.weights, body.name, viewer=viewer)
