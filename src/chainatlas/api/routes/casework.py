"""Key problems with their closed loop (重点问题清单, 闭环办理), statistics, Excel in and out, and meetings."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.responses import Response

from chainatlas.api.params import MAX_ROW_ID, Park, Region
from chainatlas.api.schemas.casework import (
    DeadlineSet,
    DeadlinesPublic,
    MeetingCreate,
    MeetingDetailPublic,
    MeetingProblemsAdd,
    MeetingPublic,
    ProblemCreate,
    ProblemCreatedPublic,
    ProblemDetailPublic,
    ProblemImportPublic,
    ProblemPagePublic,
    ProblemStatsPublic,
    ProblemTransition,
    StateId,
    SweepPublic,
)
from chainatlas.domain.errors import TooLarge
from chainatlas.exporters import XLSX
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import casework

router = APIRouter(tags=["重点问题"])
ProblemId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="问题编号")]
MeetingId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="会议编号")]
MAX_UPLOAD = 20 * 1024 * 1024


def _filters(state: StateId | None, overdue: bool, supervised: bool, reopened: bool, category: str | None,
             unit: str | None, region: str | None, park: str | None, q: str | None) -> dict[str, Any]:
    return {"state": state, "overdue": overdue, "supervised": supervised, "reopened": reopened,
            "category": category or None, "unit": unit or None, "region": region or None, "park": park or None,
            "q": q or None}


State = Annotated[StateId | None, Query(description="状态（读取时：逾期的交办问题为 supervised）")]
Flag = Annotated[bool, Query()]
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/problems", response_model=ProblemPagePublic, summary="重点问题清单（筛选、分页）")
def list_problems(engine: EngineDep, viewer: ViewerDep, state: State = None, overdue: Flag = False,
                  supervised: Flag = False, reopened: Flag = False, category: Text = None, unit: Text = None,
                  region: Region = None, park: Park = None, q: Text = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict:
    return casework.list_problems(engine, viewer=viewer, limit=limit, offset=offset,
                                  **_filters(state, overdue, supervised, reopened, category, unit, region, park, q))


@router.get("/problems.xlsx", summary="重点问题清单导出 Excel（中文表头，与页面筛选一致）", response_class=Response,
            responses={200: {"content": {XLSX: {}}}})
def export_problems(engine: EngineDep, viewer: ViewerDep, state: State = None, overdue: Flag = False,
                    supervised: Flag = False, reopened: Flag = False, category: Text = None, unit: Text = None,
                    region: Region = None, park: Park = None, q: Text = None) -> Response:
    data = casework.problems_workbook(engine, viewer=viewer, **_filters(state, overdue, supervised, reopened,
                                                                        category, unit, region, park, q))
    return Response(data, media_type=XLSX, headers={"Content-Disposition": 'attachment; filename="problems.xlsx"'})


@router.get("/problems/stats", response_model=ProblemStatsPublic,
            summary="按责任单位、类别或时期统计：受理、办结、按时办结、平均天数、满意率")
def problem_stats(engine: EngineDep, viewer: ViewerDep,
                  by: Annotated[Literal["unit", "category", "month", "quarter", "year"], Query()] = "unit",
                  since: Annotated[date | None, Query()] = None, until: Annotated[date | None, Query()] = None,
                  region: Region = None, park: Park = None) -> dict:
    return casework.stats(engine, viewer=viewer, by=by, since=since, until=until, region=region or None,
                          park=park or None)


@router.get("/problems/deadlines", response_model=DeadlinesPublic, summary="各类问题的办理时限（工作日）")
def deadlines(engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.list_deadlines(engine, viewer=viewer)


@router.post("/problems/deadlines", response_model=DeadlinesPublic, summary="设置一类问题的办理时限（工作日）")
def set_deadline(body: DeadlineSet, engine: EngineDep, viewer: ViewerDep) -> dict:
    casework.set_deadline(engine, body.category, body.working_days, viewer=viewer)
    return casework.list_deadlines(engine, viewer=viewer)


@router.post("/problems/sweep", response_model=SweepPublic, summary="把超过办理时限的交办问题记为督办")
def sweep(engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.sweep(engine, viewer=viewer)


@router.post("/problems/import", response_model=ProblemImportPublic,
             summary="导入问题清单（Excel/CSV；企业按信用代码、再按名称匹配；默认全部正确才写入）")
def import_problems(engine: EngineDep, viewer: ViewerDep,
                    file: Annotated[UploadFile, File(description="问题清单 .xlsx/.xls/.csv")],
                    skip_invalid: Annotated[bool, Form(description="只导入正确的行，报告错误行")] = False,
                    meeting: Annotated[int | None, Form(ge=1, le=MAX_ROW_ID,
                                                        description="把写入的问题列入这个会议（如园区市长日）")] = None
                    ) -> dict:
    suffix = FilePath(file.filename or "upload.xlsx").suffix.lower() or ".xlsx"
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise TooLarge(f"文件超过 {MAX_UPLOAD // 1024 // 1024} MB")
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / f"upload{suffix}"
        path.write_bytes(data)
        return casework.import_problems(engine, path, skip_invalid=skip_invalid, viewer=viewer, meeting=meeting)


@router.post("/problems", response_model=ProblemCreatedPublic, status_code=201, summary="登记一个问题（征集）")
def add_problem(body: ProblemCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.add_problem(engine, title=body.title, enterprise=body.enterprise, category=body.category,
                                description=body.description, chain=body.chain or None, source=body.source,
                                received_on=body.received_on, viewer=viewer)


@router.get("/problems/{problem_id}", response_model=ProblemDetailPublic, summary="问题详情与办理记录")
def get_problem(problem_id: ProblemId, engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.get_problem(engine, problem_id, viewer=viewer)


@router.post("/problems/{problem_id}/transitions", response_model=ProblemDetailPublic,
             summary="办理：把问题转到闭环允许的下一状态（409：已被他人修改）")
def move(problem_id: ProblemId, body: ProblemTransition, engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.move(engine, problem_id, body.to, unit=body.unit, deadline=body.deadline, comment=body.comment,
                         resolution=body.resolution, satisfaction=body.satisfaction, version=body.version,
                         viewer=viewer)


@router.get("/meetings", response_model=list[MeetingPublic], summary="会议（如园区市长日）")
def meetings(engine: EngineDep, viewer: ViewerDep) -> list[dict]:
    return casework.list_meetings(engine, viewer=viewer)


@router.post("/meetings", response_model=MeetingDetailPublic, status_code=201, summary="创建会议并列入问题")
def create_meeting(body: MeetingCreate, engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.create_meeting(engine, body.title, body.held_on, body.problems, viewer=viewer)


@router.get("/meetings/{meeting_id}", response_model=MeetingDetailPublic, summary="会议及其问题")
def get_meeting(meeting_id: MeetingId, engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.get_meeting(engine, meeting_id, viewer=viewer)


@router.post("/meetings/{meeting_id}/problems", response_model=MeetingDetailPublic, summary="把问题列入会议")
def add_to_meeting(meeting_id: MeetingId, body: MeetingProblemsAdd, engine: EngineDep, viewer: ViewerDep) -> dict:
    return casework.add_to_meeting(engine, meeting_id, body.problems, viewer=viewer)


@router.get("/meetings/{meeting_id}/sheet.xlsx", summary="会议问题清单（打印用 Excel）", response_class=Response,
            responses={200: {"content": {XLSX: {}}}})
def meeting_sheet(meeting_id: MeetingId, engine: EngineDep, viewer: ViewerDep) -> Response:
    data = casework.meeting_sheet(engine, meeting_id, viewer=viewer)
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="meeting-{meeting_id}.xlsx"'})
