"""Work lists (五单): development goals, projects (major projects and the investment pipeline) and research
results — lists with filters, items, their edits and stage moves, Excel export and import, the home panel."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.responses import Response

from chainatlas.api.params import MAX_ROW_ID, OPTIONAL_ID, Limit, Offset, Region
from chainatlas.api.schemas.lists import (
    FunnelPublic,
    GoalActualCreate,
    GoalCreate,
    GoalPagePublic,
    GoalPublic,
    GoalUpdate,
    ListId,
    ListImportPublic,
    ListsSummaryPublic,
    ProjectAdvance,
    ProjectCreate,
    ProjectMilestone,
    ProjectPagePublic,
    ProjectPublic,
    ProjectUpdate,
    ResultCreate,
    ResultPagePublic,
    ResultPublic,
    ResultUpdate,
    StageId,
)
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import atlas, lists

router = APIRouter(tags=["工作清单"])
GoalId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="发展目标编号")]
ProjectId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="项目编号")]
ResultId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="科研成果编号")]
Chain = Annotated[str | None, Query(pattern=OPTIONAL_ID, description="产业链编号；空为全部")]
Period = Annotated[str | None, Query(max_length=20, description="期间：2025、2025Q2、2025-06；空为全部")]
Text = Annotated[str | None, Query(max_length=100, description="按名称查找")]
Flag = Annotated[bool | None, Query(description="true 只列是，false 只列否；空为全部")]
Today = Annotated[date | None, Query(description="按此日期计算时间进度与延误（默认今天）")]
ListFilter = Annotated[ListId | None, Query(description="major 重大项目、investment 招商项目；空为全部")]
StageFilter = Annotated[StageId | None, Query(description="当前阶段")]


def _excel(data: bytes, name: str) -> Response:
    return Response(data, media_type=atlas.XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _body(model: Any) -> dict[str, Any]:
    data = model.model_dump(exclude_unset=True)
    data.pop("version", None)
    return data


# ---- goals ----------------------------------------------------------------------------------------------
@router.get("/goals", response_model=GoalPagePublic, summary="发展目标清单：完成进度、时间进度、是否滞后与同比")
def list_goals(engine: EngineDep, viewer: ViewerDep, chain: Chain = None, region: Region = None, period: Period = None,
               lagging: Flag = None, q: Text = None, today: Today = None, limit: Limit = 50, offset: Offset = 0) -> dict:
    return lists.list_goals(engine, viewer=viewer, chain=chain or None, region=region or None, period=period or None,
                            lagging=lagging, q=q, limit=limit, offset=offset, today=today)


@router.post("/goals", response_model=GoalPublic, status_code=201, summary="新建发展目标（需填产业链或地区）")
def create_goal(body: GoalCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.create_goal(engine, body.model_dump(), viewer=viewer)


@router.get("/goals.xlsx", summary="发展目标清单导出 Excel", response_class=Response,
            responses={200: {"content": {atlas.XLSX: {}}}})
def export_goals(engine: EngineDep, viewer: ViewerDep, chain: Chain = None, region: Region = None,
                 period: Period = None) -> Response:
    return _excel(lists.export_list(engine, "goals", viewer=viewer,
                                    where={"chain": chain, "region": region, "period": period}), "goals.xlsx")


@router.get("/goals/{goal_id}", response_model=GoalPublic, summary="一个发展目标及其各期实际值")
def get_goal(goal_id: GoalId, engine: EngineDep, viewer: ViewerDep, today: Today = None) -> dict:
    return lists.get_goal(engine, goal_id, viewer=viewer, today=today)


@router.patch("/goals/{goal_id}", response_model=GoalPublic, summary="修改发展目标（带 version 防止覆盖他人的修改）")
def update_goal(goal_id: GoalId, body: GoalUpdate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.update_goal(engine, goal_id, _body(body), viewer=viewer, version=body.version)


@router.post("/goals/{goal_id}/actuals", response_model=GoalPublic, summary="填报实际完成值（累计值）")
def enter_actual(goal_id: GoalId, body: GoalActualCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.enter_actual(engine, goal_id, body.period, body.value, viewer=viewer, version=body.version)


# ---- projects -------------------------------------------------------------------------------------------
@router.get("/projects", response_model=ProjectPagePublic, summary="重大项目与招商项目：阶段、延误，按清单、产业链、地区、阶段筛选")
def list_projects(engine: EngineDep, viewer: ViewerDep, list: ListFilter = None, chain: Chain = None,  # noqa: A002
                  link: Chain = None, region: Region = None, stage: StageFilter = None, delayed: Flag = None,
                  fortune500: Flag = None, q: Text = None, today: Today = None, limit: Limit = 50,
                  offset: Offset = 0) -> dict:
    return lists.list_projects(engine, viewer=viewer, list_=list, chain=chain or None, link=link or None,
                               region=region or None, stage=stage, delayed=delayed, fortune500=fortune500, q=q,
                               limit=limit, offset=offset, today=today)


@router.post("/projects", response_model=ProjectPublic, status_code=201, summary="新建项目")
def create_project(body: ProjectCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.create_project(engine, body.model_dump(), viewer=viewer)


@router.get("/projects.xlsx", summary="项目清单导出 Excel", response_class=Response,
            responses={200: {"content": {atlas.XLSX: {}}}})
def export_projects(engine: EngineDep, viewer: ViewerDep, list: ListFilter = None, chain: Chain = None,  # noqa: A002
                    region: Region = None, stage: StageFilter = None, delayed: Flag = None) -> Response:
    where = {"list_": list, "chain": chain, "region": region, "stage": stage, "delayed": delayed}
    return _excel(lists.export_list(engine, "projects", viewer=viewer, where=where), "projects.xlsx")


@router.get("/projects/funnel", response_model=FunnelPublic,
            summary="项目漏斗：各阶段项目数与投资额、转化率，及洽谈、签约10亿元以上、三类500强项目数")
def funnel(engine: EngineDep, viewer: ViewerDep, period: Period = None, list: ListFilter = None,  # noqa: A002
           chain: Chain = None, region: Region = None) -> dict:
    return lists.funnel(engine, viewer=viewer, period=period or None, list_=list, chain=chain or None,
                        region=region or None)


@router.get("/projects/{project_id}", response_model=ProjectPublic, summary="一个项目：各阶段日期、延误、历史与可执行的阶段变更")
def get_project(project_id: ProjectId, engine: EngineDep, viewer: ViewerDep, today: Today = None) -> dict:
    return lists.get_project(engine, project_id, viewer=viewer, today=today)


@router.patch("/projects/{project_id}", response_model=ProjectPublic, summary="修改项目信息与计划日期")
def update_project(project_id: ProjectId, body: ProjectUpdate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.update_project(engine, project_id, _body(body), viewer=viewer, version=body.version)


@router.post("/projects/{project_id}/advance", response_model=ProjectPublic,
             summary="推进项目阶段（只能向前，可跳过；终止需原因；带 version 防止两人同时推进）")
def advance(project_id: ProjectId, body: ProjectAdvance, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.advance(engine, project_id, body.to, viewer=viewer, on=body.on, reason=body.reason,
                         version=body.version)


@router.post("/projects/{project_id}/milestones", response_model=ProjectPublic, summary="记录项目里程碑")
def milestone(project_id: ProjectId, body: ProjectMilestone, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.add_milestone(engine, project_id, body.note, viewer=viewer, on=body.on, version=body.version)


# ---- research results -----------------------------------------------------------------------------------
@router.get("/results", response_model=ResultPagePublic, summary="可产业化科研成果清单")
def list_results(engine: EngineDep, viewer: ViewerDep, chain: Chain = None, region: Region = None,
                 status: Annotated[str | None, Query(max_length=20, description="转化状态")] = None,
                 min_trl: Annotated[int | None, Query(ge=1, le=9, description="最低成熟度 TRL")] = None,
                 q: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict:
    return lists.list_results(engine, viewer=viewer, chain=chain or None, region=region or None, status_=status or None,
                              min_trl=min_trl, q=q, limit=limit, offset=offset)


@router.post("/results", response_model=ResultPublic, status_code=201, summary="新建科研成果")
def create_result(body: ResultCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.create_result(engine, body.model_dump(), viewer=viewer)


@router.get("/results.xlsx", summary="科研成果清单导出 Excel", response_class=Response,
            responses={200: {"content": {atlas.XLSX: {}}}})
def export_results(engine: EngineDep, viewer: ViewerDep, chain: Chain = None, region: Region = None) -> Response:
    return _excel(lists.export_list(engine, "results", viewer=viewer, where={"chain": chain, "region": region}),
                  "results.xlsx")


@router.get("/results/{result_id}", response_model=ResultPublic, summary="一项科研成果")
def get_result(result_id: ResultId, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.get_result(engine, result_id, viewer=viewer)


@router.patch("/results/{result_id}", response_model=ResultPublic, summary="修改科研成果（含转化状态）")
def update_result(result_id: ResultId, body: ResultUpdate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return lists.update_result(engine, result_id, _body(body), viewer=viewer, version=body.version)


# ---- import and the home panel --------------------------------------------------------------------------
@router.post("/lists/import", response_model=ListImportPublic,
             summary="从 Excel/CSV 导入一张工作清单（默认全部正确才写入；skip_invalid 只导入正确的行）")
def import_list(engine: EngineDep, viewer: ViewerDep,
                kind: Annotated[str, Form(pattern=r"^[a-z]{1,20}$", description="goals、projects、problems、results")],
                file: Annotated[UploadFile, File(description="清单 .xlsx/.xls/.et/.csv")],
                skip_invalid: Annotated[bool, Form(description="只导入正确的行")] = False,
                dry_run: Annotated[bool, Form(description="只校验，不写入")] = False) -> dict:
    from chainatlas.domain.access import Permission

    viewer.require(Permission.WRITE_REGISTRY)
    lists.kind_of(kind)
    name = FilePath(file.filename or "upload.xlsx").name
    with tempfile.TemporaryDirectory(prefix="chainatlas-list-") as folder:
        path = FilePath(folder) / (name if FilePath(name).suffix else name + ".xlsx")
        with path.open("wb") as out:
            while chunk := file.file.read(1 << 20):
                out.write(chunk)
        return lists.import_list(engine, path, kind, viewer=viewer, skip_invalid=skip_invalid, dry_run=dry_run,
                                 file_name=name)


@router.get("/lists/summary", response_model=ListsSummaryPublic, summary="首页：范围内滞后的发展目标与延误的项目")
def summary(engine: EngineDep, viewer: ViewerDep, chain: Chain = None, today: Today = None) -> dict:
    return lists.summary(engine, viewer=viewer, chain=chain or None, today=today)
