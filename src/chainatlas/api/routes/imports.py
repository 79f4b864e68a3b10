"""Registry imports from the web: upload, progress, row errors and the error report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, UploadFile
from fastapi.responses import Response

from chainatlas.api.params import Limit, Offset
from chainatlas.api.schemas.registry import (
    ImportJobPagePublic,
    ImportJobPublic,
    ImportPreviewPublic,
    RowErrorPagePublic,
)
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import registry

router = APIRouter(prefix="/imports", tags=["数据导入"])
JobId = Annotated[int, Path(ge=1, description="导入任务编号")]


@router.post("", response_model=ImportJobPublic, status_code=202,
             summary="上传企业名录（Excel/CSV）并在后台导入；用 GET /imports/{id} 查看进度")
def start(engine: EngineDep, viewer: ViewerDep, file: Annotated[UploadFile, File(description="企业名录 .xlsx 或 .csv")],
          skip_invalid: Annotated[bool, Form(description="只导入正确的行，错误行隔离")] = False) -> dict:
    return registry.start_import(engine, file.filename or "", file.file, skip_invalid, viewer=viewer)


@router.post("/preview", response_model=ImportPreviewPublic,
             summary="预览导入：如何读取文件（表头、列对应、年度与单位、跳过的行）及校验结果，不写入")
def preview(viewer: ViewerDep, file: Annotated[UploadFile, File(description="企业名录 .xlsx/.xls/.et/.csv")]) -> dict:
    return registry.preview_upload(file.filename or "", file.file, viewer=viewer)


@router.get("", response_model=ImportJobPagePublic, summary="本次服务运行以来的导入任务")
def jobs(viewer: ViewerDep, limit: Limit = 20, offset: Offset = 0) -> dict:
    return registry.list_jobs(limit, offset, viewer=viewer)


@router.get("/{job_id}", response_model=ImportJobPublic, summary="导入进度与结果")
def status(job_id: JobId, viewer: ViewerDep) -> dict:
    return registry.job_status(job_id, viewer)


@router.get("/{job_id}/errors", response_model=RowErrorPagePublic, summary="逐行错误（工作表、行、列、值、原因）")
def errors(job_id: JobId, viewer: ViewerDep, limit: Limit = 50, offset: Offset = 0) -> dict:
    return registry.job_errors(job_id, limit, offset, viewer=viewer)


@router.get("/{job_id}/errors.csv", summary="下载错误报告（CSV，Excel 可直接打开）", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def error_report(job_id: JobId, viewer: ViewerDep) -> Response:
    return Response(registry.error_report_csv(job_id, viewer), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="import-{job_id}-errors.csv"'})
