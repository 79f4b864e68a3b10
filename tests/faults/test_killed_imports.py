"""Imports killed before, during and after their write; two imports at once; what a killed process leaves
behind is cleaned at the next start (issue 14, findings 3 and 5)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from chainatlas.services import setup
from chainatlas.services.demo.registry import write_registry
from chainatlas.store import housekeeping, processes
from chainatlas.store.db import engine_for, resolve_url
from cli.helpers import run_json

CLI = [sys.executable, "-c", "from chainatlas.cli.main import main; main()"]
FIRST_LOAD_ROWS = 60_000  # over registry_writer.BULK_ROWS: a first load on a bulk connection of its own


def start_import(path: Path, db: Path, lock_wait: float = 30) -> subprocess.Popen[str]:
    env = {**os.environ, "CHAINATLAS_LOCK_TIMEOUT": str(lock_wait)}
    return subprocess.Popen([*CLI, "import", "enterprises", str(path), "--db", str(db), "--json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchall()


def consistent(db: Path) -> None:
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*) FROM import_batches WHERE status = 'running'") == [(0,)]
    assert not list(db.parent.glob(".chainatlas-fts-*")), "scratch index folders left beside the database"
    enterprises = rows(db, "SELECT count(*) FROM enterprises")[0][0]
    indexed = rows(db, "SELECT count(*) FROM enterprise_facets")[0][0]
    assert enterprises in (0, FIRST_LOAD_ROWS) and indexed == enterprises  # all or nothing, index included
    done = rows(db, "SELECT imported FROM import_batches WHERE status = 'done'")
    assert sum(d[0] for d in done) == enterprises
    audited = rows(db, "SELECT detail FROM audit_log WHERE action = 'import'")
    assert sorted(json.loads(a[0])["imported"] for a in audited if json.loads(a[0])["written"]) \
        == sorted(d[0] for d in done)  # every committed import is audited, and only those say written


@pytest.fixture(scope="module")
def big_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "名录.csv"
    write_registry(path, FIRST_LOAD_ROWS, seed=11)
    return path


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "city.db"
    setup.initialise(resolve_url(str(path)))
    engine_for(resolve_url(str(path))).dispose()
    return path


def wait_for(condition, timeout: float = 120) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("moment", ["before", "during", "after"])
def test_an_import_killed_at_any_moment_leaves_a_consistent_database(
        moment: str, big_registry: Path, sqlite_file: Path) -> None:
    process = start_import(big_registry, sqlite_file)
    if moment == "before":  # still reading and checking the file
        time.sleep(0.5)
    elif moment == "during":  # the batch is recorded as running and the load writes on its own connection
        assert wait_for(lambda: rows(sqlite_file, "SELECT count(*) FROM import_batches WHERE status = 'running'")
                        == [(1,)] and list(sqlite_file.parent.glob(".chainatlas-fts-*"))), process.communicate()
    else:
        assert wait_for(lambda: process.poll() is not None), "import did not finish"
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(30)
    # the next start (any writing command: init, import, place, serve) cleans up what the process left
    result = run_json("init", db=str(sqlite_file))
    if moment == "during":
        assert result["cleaned_up"]["failed_batches"] == 1 and result["cleaned_up"]["scratch_folders"] == 1
        message = rows(sqlite_file, "SELECT status, message FROM import_batches")
        assert message == [("failed", housekeeping.KILLED)]
    consistent(sqlite_file)


def test_two_imports_at_once_each_report_what_happened_and_both_are_audited(tmp_path: Path, sqlite_file: Path) -> None:
    first = tmp_path / "一.csv"
    second = tmp_path / "二.csv"
    write_registry(first, 8_000, seed=1, region="430100")
    write_registry(second, 8_000, seed=2, region="430200")
    seed_file = tmp_path / "种子.csv"
    write_registry(seed_file, 10, seed=3)
    assert start_import(seed_file, sqlite_file).wait(60) == 0  # not empty: both write through the engine
    a, b = start_import(first, sqlite_file), start_import(second, sqlite_file)
    outputs = [p.communicate(timeout=300) for p in (a, b)]
    assert [a.returncode, b.returncode] == [0, 0], outputs
    reports = [json.loads(out) for out, _ in outputs]
    batches = dict(rows(sqlite_file, "SELECT id, imported FROM import_batches WHERE status = 'done'"))
    for report in reports:
        assert report["written"] and batches[report["batch_id"]] == report["imported"] > 7_000
    audited = {r[0]: json.loads(r[1]) for r in rows(sqlite_file,
               "SELECT target, detail FROM audit_log WHERE action = 'import'")}
    for report in reports:
        assert audited[f"import_batch:{report['batch_id']}"]["imported"] == report["imported"]
    assert rows(sqlite_file, "PRAGMA integrity_check") == [("ok",)]


def test_start_up_removes_folders_of_gone_processes_and_keeps_live_ones(tmp_path: Path, sqlite_file: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = f"{processes.this_process().rpartition(':')[0]}:{gone.stdout.strip()}"
    killed_upload = housekeeping.upload_folder()
    (killed_upload / processes.OWNER_FILE).write_text(dead, encoding="utf-8")
    live_upload = housekeeping.upload_folder()  # this process's: in use
    scratch = sqlite_file.parent / ".chainatlas-fts-killed"
    scratch.mkdir()
    (scratch / processes.OWNER_FILE).write_text(dead, encoding="utf-8")
    with sqlite3.connect(sqlite_file) as conn:
        conn.execute("INSERT INTO import_batches (file_name, started_at, imported, updated, unchanged, rejected, "
                     "status, process) VALUES ('名录.xlsx', '2026-12-01 10:00:00', 0, 0, 0, 0, 'running', ?)", (dead,))
        conn.execute("INSERT INTO import_batches (file_name, started_at, imported, updated, unchanged, rejected, "
                     "status, process) VALUES ('进行中.xlsx', '2026-12-01 10:00:00', 0, 0, 0, 0, 'running', ?)",
                     (processes.this_process(),))
    done = housekeeping.clean_up(engine_for(resolve_url(str(sqlite_file))))
    assert done["failed_batches"] == 1 and done["scratch_folders"] == 1 and done["upload_folders"] >= 1
    assert not killed_upload.exists() and not scratch.exists() and live_upload.exists()
    assert rows(sqlite_file, "SELECT file_name, status FROM import_batches ORDER BY id") \
        == [("名录.xlsx", "failed"), ("进行中.xlsx", "running")]
    live_upload.joinpath(processes.OWNER_FILE).unlink()
    live_upload.rmdir()


def test_a_large_import_leaves_no_large_wal(big_registry: Path, sqlite_file: Path, tmp_path: Path) -> None:
    seed_file = tmp_path / "种子.csv"
    write_registry(seed_file, 10, seed=3, region="430200")
    run_json("import", "enterprises", seed_file, db=str(sqlite_file))  # not empty: written through the WAL
    run_json("import", "enterprises", big_registry, db=str(sqlite_file))
    wal = sqlite_file.with_name(sqlite_file.name + "-wal")
    assert not wal.exists() or wal.stat().st_size < 4 * 1024 * 1024
    with engine_for(resolve_url(str(sqlite_file))).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM enterprises")).scalar() == FIRST_LOAD_ROWS + 10
