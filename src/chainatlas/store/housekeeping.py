"""What killed processes leave behind, cleaned up at the next start; the WAL kept small.

The server (at start-up) and the CLI's writing commands (import, place, init) call
`clean_up`: import batches still `running` for a process of this host that is gone become
`failed` with the reason; upload folders and scratch index folders of such processes are
deleted. `checkpoint` folds SQLite's write-ahead log back into the database after a large
write, so that the WAL does not stay hundreds of megabytes.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update

from chainatlas.store import processes
from chainatlas.store.locks import is_busy
from chainatlas.store.models import import_batches
from chainatlas.store.search_bulk import SCRATCH_PREFIX

log = logging.getLogger("chainatlas.housekeeping")
UPLOAD_PREFIX = "chainatlas-import-"
KILLED = "导入进程已终止（可能被强制结束或断电），本批次未完成，已写入的部分已回滚"
UNKNOWN_PROCESS = "导入进程未记录（旧版本），本批次未完成"


def upload_folder() -> Path:
    """A new folder for one upload, owned by this process."""
    return processes.tag_folder(Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX)))


def clean_up(engine: Engine) -> dict[str, int]:
    """Mark batches of gone processes failed and delete their folders; returns what was done.

    A database busy with another writer is left for the next start (logged), never an error.
    """
    done = {"failed_batches": 0, "upload_folders": 0, "scratch_folders": 0}
    try:
        done["failed_batches"] = _fail_orphan_batches(engine)
    except Exception as exc:
        if not is_busy(exc):
            raise
        log.warning("数据库正忙，未清理中断的导入批次：%s", str(exc).splitlines()[0])
    done["upload_folders"] = _remove_orphans(Path(tempfile.gettempdir()), UPLOAD_PREFIX)
    if engine.dialect.name == "sqlite" and engine.url.database:
        done["scratch_folders"] = _remove_orphans(Path(engine.url.database).resolve().parent, SCRATCH_PREFIX)
    return done


def _fail_orphan_batches(engine: Engine) -> int:
    with engine.connect() as conn:
        running = conn.execute(select(import_batches.c.id, import_batches.c.process)
                               .where(import_batches.c.status == "running")).all()
    orphans = [(r.id, KILLED if r.process else UNKNOWN_PROCESS) for r in running
               if r.process is None or processes.is_gone(r.process)]
    if not orphans:
        return 0
    with engine.begin() as conn:
        for batch_id, reason in orphans:
            conn.execute(update(import_batches).where(import_batches.c.id == batch_id,
                                                      import_batches.c.status == "running")
                         .values(status="failed", finished_at=datetime.now(), message=reason))
    log.warning("已将 %d 个中断的导入批次标记为失败", len(orphans))
    return len(orphans)


def _remove_orphans(parent: Path, prefix: str) -> int:
    removed = 0
    for folder in parent.glob(f"{prefix}*"):
        if folder.is_dir() and processes.is_orphan(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def checkpoint(engine: Engine) -> Any:
    """Fold SQLite's WAL into the database and truncate it (readers in progress may keep part of it)."""
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as conn:
            return tuple(conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one())
    except Exception as exc:
        if not is_busy(exc):
            raise
        log.warning("WAL 检查点未完成（数据库正忙）")
        return None
