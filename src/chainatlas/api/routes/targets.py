"""Targets: external enterprise pools, investment targets of a link, the 招商图谱 and the what-if (招商推演)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from chainatlas.api.params import MAX_ROW_ID
from chainatlas.api.schemas.targets import ScenarioRequest, ScenarioSummaryPublic, WhatIfPublic, WhatIfRequest
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import targets

router = APIRouter(tags=["招商"])
ScenarioId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="推演方案编号")]


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
