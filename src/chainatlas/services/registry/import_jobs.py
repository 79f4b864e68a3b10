"""Imports run in the background for the web: upload → job with progress → row errors → report.

Jobs live in this process's memory (one server process); the import itself is
`importing.import_enterprises`, so the rules are those of the CLI.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from chainatlas.domain.access import Permission, Viewer
from chainatlas.domain.errors import ChainAtlasError, Forbidden, InvalidInput, NotFound, TooLarge
from chainatlas.exporters import Column, csv_bytes
from chainatlas.services.registry.importing import (
    ImportOptions,
    ImportResult,
    import_enterprises,
    preview_enterprises,
)
from chainatlas.store import housekeeping
from chainatlas.store.locks import is_busy

log = logging.getLogger("chainatlas.import_jobs")
DEFAULT_MAX_UPLOAD_MB = 100

SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".et")
PROBLEM_COLUMNS = (Column("sheet", "工作表", 16), Column("row", "行号", 8), Column("field", "列", 16),
                   Column("value", "值", 24), Column("reason", "原因", 60), Column("severity", "级别", 8))
SEVERITY_LABELS = {"error": "错误", "warning": "警告"}
MAX_JOBS = 50


@dataclass
class ImportJob:
    id: int
    file_name: str
    skip_invalid: bool
    status: str = "queued"  # queued | running | done | rejected | failed
    stage: str = "排队"
    done: int = 0
    total: int = 0
    started_at: datetime = field(default_factory=datetime.now)
    finished_at: datetime | None = None
    result: ImportResult | None = None
    message: str | None = None
    owner: int | None = None  # the user who started it

    def as_dict(self) -> dict[str, Any]:
        r = self.result
        return {"id": self.id, "file_name": self.file_name, "skip_invalid": self.skip_invalid,
                "status": self.status, "stage": self.stage, "done": self.done, "total": self.total,
                "started_at": self.started_at.isoformat(timespec="seconds"),
                "finished_at": self.finished_at.isoformat(timespec="seconds") if self.finished_at else None,
                "message": self.message, "rows": r.rows if r else None, "imported": r.imported if r else None,
                "updated": r.updated if r else None, "unchanged": r.unchanged if r else None,
                "merged": r.merged if r else None,
                "rejected": r.rejected if r else None, "written": r.written if r else False,
                "errors": len(r.errors) if r else 0, "warnings": len(r.warnings) if r else 0,
                "ignored_columns": r.ignored_columns if r else []}


_jobs: dict[int, ImportJob] = {}
_ids = itertools.count(1)
_lock = threading.Lock()


def start_import(engine: Engine, file_name: str, data: io.BufferedIOBase | Any, skip_invalid: bool = False,
                 wait: bool = False, *, viewer: Viewer) -> dict[str, Any]:
    """Save the upload to a temporary file and import it in a background thread; returns the job.

    Only roles that may write the registry import, and only rows inside their
    organisation's own area (other rows are errors naming the row).
    """
    path = _save_upload(file_name, data, viewer)
    with _lock:
        job = ImportJob(next(_ids), Path(file_name).name, skip_invalid, owner=viewer.user_id)
        _jobs[job.id] = job
        for old in sorted(_jobs)[:-MAX_JOBS]:
            _jobs.pop(old, None)
    worker = threading.Thread(target=_run, args=(engine, job, path, viewer), name=f"import-{job.id}", daemon=True)
    worker.start()
    if wait:
        worker.join()
    return job.as_dict()


def _run(engine: Engine, job: ImportJob, path: Path, viewer: Viewer) -> None:
    def progress(stage: str, done: int, total: int) -> None:
        job.stage, job.done, job.total = stage, done, total

    job.status, job.stage = "running", "读取"
    try:
        own = None if viewer.everything else next(a for a in viewer.areas if not a.shared)
        result = import_enterprises(engine, path, ImportOptions(
            skip_invalid=job.skip_invalid, progress=progress, area_region=own.region if own else None,
            area_park=own.park if own else None, actor=viewer, file_name=job.file_name))
        job.result = result
        job.status = "done" if result.written else "rejected"
        job.stage = "完成" if result.written else "未写入"
    except ChainAtlasError as exc:  # a user-facing failure (an unreadable file, …): its message is for the user
        job.status, job.stage, job.message = "failed", "失败", str(exc)
    except Exception as exc:  # details go to the log; the user sees what to do and a reference to quote
        job.status, job.stage = "failed", "失败"
        if is_busy(exc):
            job.message = "导入失败：数据库正忙（其他导入或挂链正在写入），未写入任何数据；请稍后重试"
        else:
            reference = secrets.token_hex(6)
            log.error("import job %s failed [%s]", job.id, reference, exc_info=exc)
            job.message = f"导入失败：服务器内部错误，未写入任何数据；请联系管理员（编号 {reference}）"
    finally:
        job.finished_at = datetime.now()
        shutil.rmtree(path.parent, ignore_errors=True)


def _save_upload(file_name: str, data: io.BufferedIOBase | Any, viewer: Viewer) -> Path:
    """Check that the viewer may import such a file and save the upload (within the size limit) in a folder
    of its own, owned by this process (housekeeping removes it if the process is killed)."""
    viewer.require(Permission.WRITE_REGISTRY)
    if not viewer.everything and all(a.shared for a in viewer.areas):
        raise Forbidden("本机构没有辖区，不能导入企业")
    suffix = Path(file_name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(f"不支持的文件类型“{suffix or file_name}”：请上传 Excel（.xlsx/.xls）、WPS（.et）或 CSV 文件")
    folder = housekeeping.upload_folder()
    path = folder / f"upload{suffix}"
    try:
        with open(path, "wb") as out:
            _copy_limited(data, out, max_upload_bytes())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


def save_upload(file_name: str, data: io.BufferedIOBase | Any, viewer: Viewer) -> Path:
    """An upload saved under the registry import's rules (role, own area, file type, size) for other imports of
    office workbooks (monthly indicators); the caller removes `path.parent` when done."""
    return _save_upload(file_name, data, viewer)


def max_upload_bytes() -> int:
    """The upload size limit (`CHAINATLAS_MAX_UPLOAD_MB`, default 100 MB)."""
    value = os.environ.get("CHAINATLAS_MAX_UPLOAD_MB") or str(DEFAULT_MAX_UPLOAD_MB)
    try:
        return int(float(value) * 1024 * 1024)
    except ValueError:
        raise ValueError(f"环境变量 CHAINATLAS_MAX_UPLOAD_MB 应为兆字节数，现为“{value}”") from None


def too_large_message(limit: int) -> str:
    return f"上传文件超过 {limit // (1024 * 1024)} MB 的上限；请拆分文件后分批导入，或请管理员调整 CHAINATLAS_MAX_UPLOAD_MB"


def _copy_limited(data: Any, out: Any, limit: int) -> None:
    copied = 0
    while chunk := data.read(1 << 20):
        copied += len(chunk)
        if copied > limit:
            raise TooLarge(too_large_message(limit))
        out.write(chunk)


PREVIEW_ROWS = 100  # errors and warnings listed in a preview; the counts are whole


def preview_upload(file_name: str, data: io.BufferedIOBase | Any, *, viewer: Viewer) -> dict[str, Any]:
    """How an uploaded file reads and what importing it would do, under the rules `start_import`
    applies (the viewer's area included); nothing is written and the upload is not kept."""
    path = _save_upload(file_name, data, viewer)
    try:
        own = None if viewer.everything else next(a for a in viewer.areas if not a.shared)
        result = preview_enterprises(path, ImportOptions(area_region=own.region if own else None,
                                                         area_park=own.park if own else None))
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    name = Path(file_name).name
    assert result.reading is not None
    return {"file": name, "rows": result.rows, "imported": result.imported, "rejected": result.rejected,
            "skipped": result.skipped, "error_count": len(result.errors), "warning_count": len(result.warnings),
            "errors": [e.as_dict() for e in result.errors[:PREVIEW_ROWS]],
            "warnings": [w.as_dict() for w in result.warnings[:PREVIEW_ROWS]],
            "ignored_columns": result.ignored_columns, "reading": {**result.reading, "file": name}}


def get_job(job_id: int, viewer: Viewer) -> ImportJob:
    """A job of the viewer's (an admin sees every job)."""
    job = _jobs.get(job_id)
    if job is None or not _sees(viewer, job):
        raise NotFound(f"导入任务 {job_id} 不存在（服务重启后任务记录会清空）")
    return job


def _sees(viewer: Viewer, job: ImportJob) -> bool:
    return viewer.everything or viewer.can(Permission.MANAGE_USERS) or job.owner == viewer.user_id


def job_status(job_id: int, viewer: Viewer) -> dict[str, Any]:
    return get_job(job_id, viewer).as_dict()


def list_jobs(limit: int = 20, offset: int = 0, *, viewer: Viewer) -> dict[str, Any]:
    jobs = sorted((j for j in _jobs.values() if _sees(viewer, j)), key=lambda j: -j.id)
    return {"items": [j.as_dict() for j in jobs[offset:offset + limit]], "total": len(jobs),
            "limit": limit, "offset": offset}


def _problems(job: ImportJob) -> list[dict[str, Any]]:
    if job.result is None:
        return []
    return [e.as_dict() for e in job.result.errors + job.result.warnings]


def job_errors(job_id: int, limit: int = 50, offset: int = 0, *, viewer: Viewer) -> dict[str, Any]:
    """One page of the row errors (then warnings) of a job: sheet, row, column, value and reason."""
    rows = _problems(get_job(job_id, viewer))
    return {"items": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset}


def error_report_csv(job_id: int, viewer: Viewer) -> bytes:
    """The whole error report of a job (see `problems_csv`)."""
    return problems_csv(_problems(get_job(job_id, viewer)))


def problems_csv(problems: list[dict[str, Any]]) -> bytes:
    """Row errors and warnings as CSV with Chinese headers and levels (UTF-8 with a BOM: Excel opens it)."""
    return csv_bytes(PROBLEM_COLUMNS, [{**p, "severity": SEVERITY_LABELS.get(p["severity"], p["severity"])}
                                       for p in problems])
