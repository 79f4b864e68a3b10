"""The server under concurrent writers: 50 clients searching and signing in while a 300,000-row import
and a placement run write to the same SQLite file (issue 14).

Builds (once, cached in bench/out) a database of N generated enterprises, imported and placed, as
bench_web.py does; each run works on a fresh copy of it. Two runs of the same load, same server
settings:
  idle  — no other writer (the baseline);
  busy  — `chainatlas import enterprises` of a 300,000-row registry and `chainatlas place` run as
          separate processes at the same time as the load, until both finish.
Clients search (Zipf query log of bench_web.py), a tenth of them sign in instead, each every 2 s (a session
write and an argon2 check: a sign-in costs tens of ms of CPU by design); one more client pings every 50 ms. Printed per run: requests, errors (anything but 2xx, 401/403/
404/422, and 503 — transport errors included; target 0%), 503s counted separately, and p50/p95/p99 of
ping, search and sign-in; then the busy run's p95 as a ratio to the idle run's.

    python bench/bench_busy.py [--enterprises 300000] [--import-rows 300000] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench_web import build, query_log
from common import OUT, free_port, load_average, read_response, registry, start_server

from chainatlas.domain.access import Viewer
from chainatlas.services import access
from chainatlas.services.setup import initialise
from chainatlas.store.db import engine_for, resolve_url

CLI = [sys.executable, "-c", "from chainatlas.cli.main import main; main()"]
USER, PASSWORD = "bench-busy", "bench-busy-password-1"
SIGN_IN_SHARE = 0.1  # of the clients
SIGN_IN_EVERY = 2.0  # seconds
OK = {200, 201, 204, 401, 403, 404, 422}


def prepare(source: Path, run: str) -> Path:
    db = OUT / f"busy-{run}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, db)
    initialise(str(db))  # a database built by an earlier schema is upgraded, as `chainatlas init` does
    engine = engine_for(resolve_url(str(db)))
    operator = Viewer.operator("cli")
    access.create_organisation(engine, operator, "湖南省（负载）", "province", region="430000")
    access.create_user(engine, operator, USER, PASSWORD, "湖南省（负载）", "chain_office")
    secret, _ = access.create_token(engine, operator, "bench_busy", username=USER, days=1)
    engine.dispose()
    (db.parent / f"{db.name}.token").write_text(secret)
    return db


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str,
                   token: str, body: bytes = b"") -> int:
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            + (f"Authorization: Bearer {token}\r\n" if token else "")
            + (f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if body else "") + "\r\n")
    writer.write(head.encode() + body)
    await writer.drain()
    status = await read_response(reader)
    return int(status.split()[1]) if status else 0


async def _client(port: int, paths: itertools.cycle, stop: asyncio.Event, token: str, figures: dict,
                  role: str = "search") -> None:
    login = json.dumps({"username": USER, "password": PASSWORD}).encode()
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as exc:
            figures["errors"].append(f"connect: {exc}")
            await asyncio.sleep(0.1)
            continue
        try:
            while not stop.is_set():
                if role == "ping":
                    kind, method, path, body, auth = "ping", "GET", "/api/v1/ping", b"", ""
                elif role == "sign-in":
                    kind, method, path, body, auth = "sign-in", "POST", "/api/v1/auth/login", login, ""
                else:
                    kind, method, path, body, auth = "search", "GET", next(paths), b"", token
                started = time.perf_counter()
                status = await asyncio.wait_for(_request(reader, writer, method, path, auth, body), 120)
                figures[kind].append(time.perf_counter() - started)
                if status == 503:
                    figures["busy"] += 1
                elif status not in OK:
                    figures["errors"].append(f"{status} {method} {path}")
                if role != "search":
                    await asyncio.sleep(0.05 if role == "ping" else SIGN_IN_EVERY)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            figures["errors"].append(f"{type(exc).__name__} {exc}")
        finally:
            writer.close()


async def _load(port: int, token: str, clients: int, until, paths: list[str]) -> dict:  # type: ignore[no-untyped-def]
    figures: dict = {"ping": [], "search": [], "sign-in": [], "busy": 0, "errors": []}
    stop = asyncio.Event()
    random.Random(4).shuffle(paths)
    signing_in = max(1, round(clients * SIGN_IN_SHARE))
    tasks = [asyncio.create_task(_client(port, itertools.cycle(paths[i::clients]), stop, token, figures,
                                         "sign-in" if i < signing_in else "search")) for i in range(clients)]
    tasks.append(asyncio.create_task(_client(port, itertools.cycle(paths), stop, token, figures, "ping")))
    started = time.perf_counter()
    while not until(time.perf_counter() - started):
        await asyncio.sleep(0.2)
    stop.set()
    await asyncio.gather(*tasks)
    figures["seconds"] = time.perf_counter() - started
    return figures


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else float("nan")


def report(name: str, f: dict) -> None:
    total = sum(len(f[k]) for k in ("ping", "search", "sign-in"))
    print(f"{name}: {total} requests in {f['seconds']:.0f} s; errors {len(f['errors'])} "
          f"({len(f['errors']) / max(total, 1):.2%}); 503 {f['busy']}"
          + (f"; first error: {f['errors'][0]}" if f["errors"] else ""), flush=True)
    for kind in ("ping", "search", "sign-in"):
        print(f"  {kind:<8} {len(f[kind]):>7}  p50 {pct(f[kind], .5):8.1f} ms  p95 {pct(f[kind], .95):8.1f} ms  "
              f"p99 {pct(f[kind], .99):8.1f} ms", flush=True)


def run(source: Path, name: str, args: argparse.Namespace, incoming: Path | None) -> dict:
    db = prepare(source, name)
    token = (db.parent / f"{db.name}.token").read_text()
    port = free_port()
    server = start_server(db, port, args.workers)
    writers: list[subprocess.Popen] = []
    try:
        paths, _ = query_log()
        if incoming is not None:
            for command in (["import", "enterprises", str(incoming), "--skip-invalid"], ["place"]):
                writers.append(subprocess.Popen([*CLI, *command, "--db", str(db), "--json"], stdout=subprocess.PIPE,
                                                stderr=subprocess.PIPE, text=True, start_new_session=True))

            def until(elapsed: float) -> bool:
                return all(w.poll() is not None for w in writers) or elapsed > args.max_seconds
        else:
            def until(elapsed: float) -> bool:
                return elapsed > args.idle_seconds
        figures = asyncio.run(_load(port, token, args.clients, until, paths))
        for writer, what in zip(writers, ("import", "place"), strict=False):
            out, err = writer.communicate(timeout=600)
            outcome = json.loads(out) if writer.returncode == 0 and out.strip() else err.strip().splitlines()[-1:]
            summary = {k: outcome[k] for k in ("imported", "updated", "rejected", "enterprises", "proposed")
                       if isinstance(outcome, dict) and k in outcome}
            print(f"  writer {what}: exit {writer.returncode} {summary or outcome}", flush=True)
        report(name, figures)
        return figures
    finally:
        for writer in writers:
            if writer.poll() is None:
                os.killpg(writer.pid, signal.SIGKILL)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=300_000, help="enterprises already in the database")
    parser.add_argument("--import-rows", type=int, default=300_000, help="rows of the import during the busy run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--max-seconds", type=float, default=600.0, help="upper bound of the busy run")
    args = parser.parse_args()
    source = build(args.enterprises)
    incoming = registry(args.import_rows, seed=23, region="430000")
    print(f"machine: {os.cpu_count()} cores, load average {load_average()}; "
          f"{args.enterprises} enterprises, {args.clients} clients + 1 pinging, {args.workers} worker(s)", flush=True)
    idle = run(source, "idle", args, None)
    busy = run(source, "busy", args, incoming)
    for kind in ("ping", "search", "sign-in"):
        print(f"{kind}: busy p95 {pct(busy[kind], .95):.1f} ms vs idle {pct(idle[kind], .95):.1f} ms = "
              f"{pct(busy[kind], .95) / pct(idle[kind], .95):.1f}x", flush=True)
    total = sum(len(busy[k]) for k in ("ping", "search", "sign-in"))
    print(f"busy run: error rate {len(busy['errors']) / max(total, 1):.2%} (target 0%), "
          f"503 answers {busy['busy']} ({busy['busy'] / max(total, 1):.2%})", flush=True)


if __name__ == "__main__":
    main()
