"""Official evaluations: one enterprise's results, and the 梯度培育 report (JSON and Excel)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from chainatlas.api.params import OPTIONAL_ID, Region
from chainatlas.api.routes.enterprises import EnterpriseKey
from chainatlas.api.schemas.evaluation import CultivationListPublic, CultivationReportPublic, EvaluationPublic
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import atlas, evaluation

router = APIRouter(tags=["评价"])
ChainFilter = Annotated[str | None, Query(pattern=OPTIONAL_ID, description="产业链编号；空为全部")]
ListLimit = Annotated[int, Query(ge=1, le=500, description="每类（已获称号、符合条件、培育对象）最多列出的企业数")]
TierCode = Annotated[Literal["innovative_sme", "specialised_sme", "little_giant"],
                     Path(description="梯度：innovative_sme 创新型、specialised_sme 专精特新、little_giant “小巨人”")]
ListKind = Annotated[Literal["holders", "eligible", "candidates"],
                     Path(description="名单：holders 已获称号、eligible 符合条件尚未获得、candidates 培育对象")]
Lists = Annotated[list[Literal["holders", "eligible", "candidates"]] | None,
                  Query(description="只填这些名单（可多选）；其余名单为空、仍给出总数。默认全部")]
PageNo = Annotated[int, Query(ge=1, le=100_000, description="页码，从 1 开始")]
PageSize = Annotated[int, Query(ge=1, le=200, description="每页条数")]


@router.get("/enterprises/{key}/evaluation", response_model=EvaluationPublic,
            summary="一家企业的评价结果（规则、版本、各指标得分与差距）")
def get_evaluation(key: EnterpriseKey, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return evaluation.get_evaluations(engine, key, viewer=viewer)


@router.post("/enterprises/{key}/evaluation", response_model=EvaluationPublic,
             summary="按现有数据重新评价一家企业并保存结果")
def evaluate(key: EnterpriseKey, engine: EngineDep, viewer: ViewerDep) -> dict[str, Any]:
    return evaluation.evaluate_enterprise(engine, key, viewer=viewer)


@router.get("/cultivation", response_model=CultivationReportPublic,
            summary="优质中小企业梯度培育报告：已获称号企业与差距最小的培育对象")
def cultivation_report(engine: EngineDep, viewer: ViewerDep, chain: ChainFilter = None, region: Region = None,
                       limit: ListLimit = 50, lists: Lists = None) -> dict[str, Any]:
    return evaluation.cultivation_report(engine, chain or None, region or None, limit, viewer=viewer,
                                         lists=lists or ("holders", "eligible", "candidates"))


@router.get("/cultivation/{tier}/{kind}", response_model=CultivationListPublic,
            summary="梯度培育报告的一份名单，分页（筛选同报告）")
def cultivation_list(tier: TierCode, kind: ListKind, engine: EngineDep, viewer: ViewerDep, chain: ChainFilter = None,
                     region: Region = None, page: PageNo = 1, size: PageSize = 20) -> dict[str, Any]:
    return evaluation.cultivation_list(engine, tier, kind, chain or None, region or None, page=page, size=size,
                                       viewer=viewer)


@router.get("/cultivation.xlsx", summary="梯度培育报告导出 Excel（筛选范围内的全部企业）", response_class=Response,
            responses={200: {"content": {atlas.XLSX: {}}}})
def cultivation_excel(engine: EngineDep, viewer: ViewerDep, chain: ChainFilter = None,
                      region: Region = None) -> Response:
    report = evaluation.cultivation_report(engine, chain or None, region or None, None, viewer=viewer)
    name = "cultivation" + "".join(f"-{p}" for p in (chain, region) if p) + ".xlsx"
    return Response(evaluation.cultivation_xlsx(report), media_type=atlas.XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
