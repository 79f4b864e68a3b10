"""Shared benchmark helpers: generated data cached in bench/out, child-process timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(os.environ.get("CHAINATLAS_BENCH_OUT") or Path(__file__).parent / "out")  # smoke tests use a temporary folder


def registry(rows: int, seed: int = 11, region: str = "430000") -> Path:
    """A generated registry CSV of `rows` rows, made once and reused."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"registry-{rows // 1000}k-{seed}.csv"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "chainatlas.cli.main", "generate", "--enterprises", str(rows),
                        "--out", str(path), "--region", region, "--seed", str(seed)], check=True)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def finish_database(engine, partial: Path, db: Path) -> None:  # type: ignore[no-untyped-def]  # an Engine
    """A generated SQLite database made whole under its final name: its WAL written into the file, the side
    files removed, then renamed (a run cut off midway leaves only the partial file, never a half database)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(db)


def province_token(db: Path, username: str, org_name: str, token_name: str) -> str:
    """An API token of a province-level chain office (the whole province lies in its area), made once per run:
    the figures include checking the token and the scope of a real account, not an unrestricted operator."""
    from chainatlas.domain.access import Viewer
    from chainatlas.services import access
    from chainatlas.store.db import engine_for, resolve_url

    engine = engine_for(resolve_url(str(db)))
    operator = Viewer.operator("cli")
    if not any(o["name"] == org_name for o in access.list_organisations(engine, operator)):
        access.create_organisation(engine, operator, org_name, "province", region="430000")
    if not any(u["username"] == username for u in access.list_users(engine, operator)):
        access.create_user(engine, operator, username, "bench-" + os.urandom(8).hex(), org_name, "chain_office")
    secret, _ = access.create_token(engine, operator, token_name, username=username, days=1)
    engine.dispose()
    return secret


def run_child(code: str) -> dict:
    """Run a snippet in a fresh interpreter; it prints one JSON line with its figures.

    A fresh process per measurement keeps peak memory (ru_maxrss) per task.
    """
    wrapper = (
        "import json, resource, time\n"
        "t0 = time.perf_counter()\n" + code + "\n"
        "elapsed = time.perf_counter() - t0\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': elapsed, 'peak_mb': peak, **globals().get('extra', {})}))\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


async def read_response(reader) -> bytes:  # type: ignore[no-untyped-def]  # an asyncio.StreamReader
    """Read one HTTP/1.1 response with a Content-Length body; returns its status line."""
    status = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status
