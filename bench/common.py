"""Shared benchmark helpers: generated data cached in bench/out, child-process timing, a server on loopback and
its API, the machine line every benchmark prints."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


def new_database(db: Path) -> tuple[Any, Path]:
    """(engine, path) of a new, initialised database that becomes `db` through `finish_database`; what a run cut off
    midway left under that name is removed first."""
    from chainatlas.services.setup import initialise
    from chainatlas.store.db import engine_for, resolve_url

    partial = db.with_suffix(".partial.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    initialise(str(partial))
    return engine_for(resolve_url(str(partial))), partial


def derived_database(db: Path, source: Callable[[], str | Path], fill: Callable[[Any], None]) -> Path:
    """`db`, made once: a copy of the SQLite database `source()` names (a path or a sqlite:/// URL) with what
    `fill(engine)` writes into it, made whole under its final name (`finish_database`)."""
    from chainatlas.store.db import engine_for, resolve_url

    if db.exists():
        return db
    partial = OUT / (db.name + ".partial")
    shutil.copyfile(str(source()).removeprefix("sqlite:///"), partial)
    engine = engine_for(resolve_url(str(partial)))
    fill(engine)
    finish_database(engine, partial, db)
    return db


def chains() -> list[tuple[str, list[str]]]:
    """The built-in chains: (chain id, its link ids)."""
    from chainatlas import reference

    return [(c.id, [link.id for link in c.links]) for c in (reference.read_chain_file(p)
                                                            for p in reference.builtin_chain_files())]


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


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_line(more: str = "") -> str:
    """The machine the figures were measured on, a shared one: its cores and load average."""
    return f"machine: {os.cpu_count()} cores, load average {load_average()} (shared: other processes run too){more}"


def timed(call: Callable[[str], Any], url: str) -> float:
    """Milliseconds `call(url)` takes."""
    started = time.perf_counter()
    call(url)
    return (time.perf_counter() - started) * 1000


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int, search_cache: bool = True) -> subprocess.Popen:
    """`chainatlas serve` over `db` on loopback, in a session of its own (stop it with `os.killpg`), once it answers."""
    command = [sys.executable, "-c", "from chainatlas.cli.main import main; main()", "serve", "--db", str(db),
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    environment = {**os.environ, "CHAINATLAS_SEARCH_CACHE": "1" if search_cache else "0"}
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                              env=environment)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/ping", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("server did not start: " + (server.stderr.read().decode() if server.stderr else ""))


@contextmanager
def served(db: Path, token: str) -> Iterator[tuple[subprocess.Popen, Callable[[str], Any]]]:
    """A server (one worker) over `db` on a free loopback port, stopped on leaving; yields it and fetch(path below
    /api/v1) → the JSON answer, asked with the API token."""
    port = free_port()
    server = start_server(db, port, 1)
    base = f"http://127.0.0.1:{port}/api/v1"

    def fetch(path: str) -> Any:
        request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read())

    try:
        yield server, fetch
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
