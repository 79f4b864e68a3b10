"""Monitoring: uploading monthly and quarterly indicators (preview, then import)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from chainatlas.api.schemas.monitoring_indicators import IndicatorImportPublic
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import monitoring

router = APIRouter(prefix="/monitoring/indicators", tags=["运行监测"])
Upload = Annotated[UploadFile, File(description="月度/季度指标 .xlsx/.xls/.et/.csv（如 规上工业企业月报）")]
Period = Annotated[str, Form(max_length=20, description="报告期 YYYY-MM 或 2025Q2：表中和标题中都没有时使用")]


@router.post("/preview", response_model=IndicatorImportPublic,
             summary="预览月度指标导入：如何读取文件（表头、本月/累计、报告期、跳过的行）及逐行校验结果，不写入")
def preview(engine: EngineDep, viewer: ViewerDep, file: Upload, period: Period = "") -> dict[str, Any]:
    return monitoring.upload_indicators(engine, file.filename or "", file.file, viewer=viewer, period=period,
                                        write=False)


@router.post("", response_model=IndicatorImportPublic,
             summary="导入月度/季度指标（全部正确才写入，或只导入正确的行）；写入后更新产业链月度汇总")
def upload(engine: EngineDep, viewer: ViewerDep, file: Upload, period: Period = "",
           skip_invalid: Annotated[bool, Form(description="只导入正确的行")] = False) -> dict[str, Any]:
    return monitoring.upload_indicators(engine, file.filename or "", file.file, viewer=viewer, period=period,
                                        skip_invalid=skip_invalid)
