"""The monthly chain report (产业链运行监测月报) as Word and PDF downloads, following the viewer's scope."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from chainatlas.api.params import ChainId
from chainatlas.http.deps import EngineDep, ViewerDep
from chainatlas.services import reports

router = APIRouter(prefix="/chains", tags=["产业链月报"])
ReportRegion = Annotated[str, Query(pattern=r"^\d{6}$", description="行政区划代码（GB/T 2260，省/市/县），如 430100")]
Month = Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM，如 2026-10")]


def _download(content: bytes, media_type: str, report: reports.Report, extension: str) -> Response:
    """Chinese file name for browsers that read filename* (RFC 6266/5987), an ASCII one for the rest."""
    disposition = (f'attachment; filename="{report.ascii_stem}.{extension}"; '
                   f"filename*=UTF-8''{quote(report.file_stem + '.' + extension)}")
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


@router.get("/{chain_id}/report.docx", summary="产业链运行监测月报（Word）", response_class=Response,
            responses={200: {"content": {reports.DOCX: {}}}})
def report_docx(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: ReportRegion,
                month: Month) -> Response:
    report = reports.build_report(engine, chain_id, region, month, viewer=viewer)
    return _download(reports.write_docx(report), reports.DOCX, report, "docx")


@router.get("/{chain_id}/report.pdf", summary="产业链运行监测月报（PDF）", response_class=Response,
            responses={200: {"content": {reports.PDF: {}}}})
def report_pdf(chain_id: ChainId, engine: EngineDep, viewer: ViewerDep, region: ReportRegion, month: Month) -> Response:
    report = reports.build_report(engine, chain_id, region, month, viewer=viewer)
    return _download(reports.write_pdf(report), reports.PDF, report, "pdf")
