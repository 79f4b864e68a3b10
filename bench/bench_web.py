"""Web API latency under load: enterprise search and chain map, 50 concurrent clients.

Builds (once, cached in bench/out) a SQLite database of N generated enterprises,
imported (search index included) and placed by ChainAtlas itself, starts
`chainatlas serve` on loopback, and drives it with a small asyncio HTTP/1.1
keep-alive client (no third-party load tool needed). Every run is bounded in
time and request count and talks to 127.0.0.1 only.

Baseline, same run, same server: GET /api/v1/ping (a static JSON document).
Targets: search p95 ≤ 100 ms, chain-map p95 ≤ 200 ms; ratios to the baseline p95
are printed too. The chain map is cached per (chain, region, park) after its
first computation; the cold (first) computation time of every chain is
reported separately.

The search mix is a query log drawn from a population of a few thousand
realistic queries: the words of the chain templates (link names, keywords,
products), brand words of company names, place names, the 30 hand-picked terms
and credit-code prefixes, each alone or within a city, a county or the province,
one in five with a tag, size or chain filter. Queries are drawn with Zipf
popularity (s = 1, as query logs are), so the same query comes back as it does
in real use while most distinct queries are rare; the share of repeated
requests is printed (an upper bound of the server's page-cache hits).
`--search-cache off` runs the server with its search page cache switched off;
`--mix terms` replays the earlier mix instead (the 30 terms alone and in two cities,
90 distinct queries), for comparison with figures measured before the query log.

    python bench/bench_web.py [--enterprises 2000000] [--clients 50] [--seconds 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import signal
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import (
    OUT,
    finish_database,
    free_port,
    load_average,
    machine_line,
    new_database,
    province_token,
    read_response,
    registry,
    start_server,
)

from chainatlas.services import atlas
from chainatlas.services.registry import ImportOptions, import_enterprises

SEARCH_TERMS = ["石墨", "隔膜", "电解液", "锂电池", "服务器", "北斗", "疫苗", "挖掘机", "传感器", "碳纤维",
                "特高压", "芯片", "正极材料", "检测", "新材料", "智能科技", "湖南", "长沙", "株洲", "锂",
                "稀土", "变压器", "液压", "导航", "光伏", "医疗器械", "软件", "电机", "电缆", "仪器"]
REGIONS = ["", "430100", "430200"]  # the whole province and two cities (chain-map scopes)
QUERY_LOG_LENGTH = 40_000  # requests drawn; clients cycle through their share
FILTERED_SHARE = 0.2


def query_log(seed: int = 5) -> tuple[list[str], int]:
    """Search paths drawn with Zipf popularity from realistic queries, and how many are distinct."""
    from chainatlas import reference
    from chainatlas.domain.tags import TAGS

    rng = random.Random(seed)
    words: set[str] = set()
    chains = [reference.read_chain_file(p) for p in reference.builtin_chain_files()]
    for chain in chains:
        for link in chain.links:
            words.update((link.name, *link.keywords, *link.products))
    brands = (reference.DATA / "brand_words.txt").read_text(encoding="utf-8").split()
    regions = reference.regions()
    cities = sorted(r.code for r in regions.by_code.values() if r.level == "city" and r.code.startswith("43"))
    counties = sorted(r.code for r in regions.by_code.values() if r.level == "county" and r.code.startswith("43"))
    places = [regions.by_code[c].name.removesuffix("市") for c in cities]
    codes = [f"914301{n:02d}" for n in range(20)]
    rest = sorted(words | set(rng.sample(brands, 300)) | set(places) | set(codes) - set(SEARCH_TERMS))
    rng.shuffle(rest)
    terms = SEARCH_TERMS + rest  # the hand-picked terms are the most asked for
    weights = [1 / rank for rank in range(1, len(terms) + 1)]
    filters = ([f"tag={t}" for t in TAGS] + [f"size={s}" for s in ("large", "medium", "small", "micro")]
               + [f"chain={c.id}" for c in chains])
    paths = []
    for term in rng.choices(terms, weights, k=QUERY_LOG_LENGTH):
        where = rng.random()
        region = "" if where < 0.4 else rng.choice(cities) if where < 0.85 else rng.choice(counties)
        path = f"/api/v1/enterprises?q={urllib.parse.quote(term)}" + (f"&region={region}" if region else "")
        if rng.random() < FILTERED_SHARE:
            path += "&" + rng.choice(filters)
        paths.append(path)
    return paths, len(set(paths))


def build(n: int) -> Path:
    db = OUT / f"web-{n // 1000}k.db"
    if not db.exists():
        source = registry(n, region="430000")
        engine, partial = new_database(db)
        started = time.perf_counter()
        stages: dict[str, float] = {}

        def progress(stage: str, done: int, total: int) -> None:
            stages.setdefault(stage, time.perf_counter())

        result = import_enterprises(engine, source, ImportOptions(skip_invalid=True, progress=progress))
        print(f"imported {result.imported} in {time.perf_counter() - started:.0f} s (search index included)",
              flush=True)
        started = time.perf_counter()
        stats = atlas.place(engine)
        print(f"placed {stats['enterprises']} in {time.perf_counter() - started:.0f} s, "
              f"{stats['proposed']} placements", flush=True)
        finish_database(engine, partial, db)
    return db


BENCH_USER = "bench-province"


def bench_token(db: Path) -> str:
    """An API token of a province-level chain office (the whole 2M registry is in its area): every request of the
    load carries it (the province's region as an index term)."""
    return province_token(db, BENCH_USER, "湖南省（基准）", "bench_web")


async def _client(port: int, paths: itertools.cycle, deadline: float, budget: list[int],
                  latencies: list[float], failures: list[str], token: str) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            path = next(paths)
            request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                       f"Authorization: Bearer {token}\r\n\r\n")
            started = time.perf_counter()
            writer.write(request.encode())
            await writer.drain()
            status = await read_response(reader)
            latencies.append(time.perf_counter() - started)
            if not status.startswith(b"HTTP/1.1 200"):
                failures.append(f"{status.decode().strip()} {path}")
    finally:
        writer.close()


async def _load(port: int, paths: list[str], clients: int, seconds: float, max_requests: int, token: str) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    budget = [max_requests]
    deadline = time.monotonic() + seconds
    random.shuffle(paths)
    started = time.perf_counter()
    await asyncio.gather(*(_client(port, itertools.cycle(paths[i::clients] or paths), deadline, budget,
                                   latencies, failures, token) for i in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": pct(0.50), "p95": pct(0.95),
            "p99": pct(0.99), "failures": len(failures), "first_failure": failures[0] if failures else None}


def run(port: int, name: str, paths: list[str], args: argparse.Namespace) -> dict:
    asyncio.run(_load(port, list(paths), args.clients, 2, 2000, args.token))  # warm-up, not counted
    figures = asyncio.run(_load(port, list(paths), args.clients, args.seconds, args.max_requests, args.token))
    print(f"{name:<10} {figures['requests']:>7} req  {figures['rps']:7.0f} req/s  p50 {figures['p50']:7.1f} ms  "
          f"p95 {figures['p95']:7.1f} ms  p99 {figures['p99']:7.1f} ms  failures {figures['failures']}"
          + (f" ({figures['first_failure']})" if figures["failures"] else ""), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each measured run")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes of the server")
    parser.add_argument("--max-requests", type=int, default=200_000, help="upper bound of requests per run")
    parser.add_argument("--search-cache", choices=("on", "off"), default="on",
                        help="the server's search page cache (off: every search is computed)")
    parser.add_argument("--mix", choices=("log", "terms"), default="log",
                        help="search mix: Zipf query log (default) or the 90 queries of earlier runs")
    args = parser.parse_args()
    db = build(args.enterprises)
    args.token = bench_token(db)
    port = free_port()
    print(machine_line(), flush=True)
    server = start_server(db, port, args.workers, args.search_cache == "on")
    try:
        base = f"http://127.0.0.1:{port}/api/v1"

        def fetch(url: str) -> bytes:
            request = urllib.request.Request(url, headers={"Authorization": f"Bearer {args.token}"})
            return urllib.request.urlopen(request, timeout=600).read()

        chains = [c["id"] for c in json.loads(fetch(base + "/chains?limit=50"))["items"]]
        cold = {}
        for chain in chains:  # the first computation of each map, before any cache
            started = time.perf_counter()
            fetch(f"{base}/chains/{chain}/map")
            cold[chain] = time.perf_counter() - started
        print(f"chain map, cold (first request per chain): max {max(cold.values()):.2f} s, "
              f"mean {sum(cold.values()) / len(cold):.2f} s", flush=True)
        # Every scope several times over new connections, so that each worker process has computed it
        # and the load measures serving, not first computation.
        for _ in range(6 * args.workers):
            for chain in chains:
                for region in REGIONS:
                    scope = f"?region={region}" if region else ""
                    fetch(f"{base}/chains/{chain}/map{scope}")
        if args.mix == "log":
            searches, distinct = query_log()
        else:
            searches = [f"/api/v1/enterprises?q={urllib.parse.quote(t)}" + (f"&region={r}" if r else "")
                        for t in SEARCH_TERMS for r in REGIONS]
            distinct = len(searches)
        maps = [f"/api/v1/chains/{c}/map" + (f"?region={r}" if r else "") for c in chains for r in REGIONS]
        print(f"{args.enterprises} enterprises, {args.clients} concurrent clients, {args.seconds:.0f} s per run, "
              f"server pid {server.pid} ({args.workers} uvicorn worker(s)), loopback only", flush=True)
        print(f"search mix {args.mix}: {len(searches)} requests drawn, {distinct} distinct queries"
              + (f", {FILTERED_SHARE:.0%} with a tag/size/chain filter" if args.mix == "log" else "")
              + f"; server search page cache {args.search_cache}", flush=True)
        baseline = run(port, "baseline", ["/api/v1/ping"], args)
        search = run(port, "search", searches, args)
        served = search["requests"] + min(2000, search["requests"])  # the warm-up run draws from the same log
        repeated = 1 - len(set(searches[:served])) / served
        print(f"search: about {repeated:.0%} of the requests repeat an earlier query of the run (upper bound of "
              "cache hits; each worker keeps its own cache)", flush=True)
        chain_map = run(port, "chain-map", maps, args)
        for name, figures, target in (("search", search, 100), ("chain-map", chain_map, 200)):
            ratio = figures["p95"] / baseline["p95"]
            verdict = "OK" if figures["p95"] <= target else "OVER"
            print(f"{name}: p95 {figures['p95']:.1f} ms (target ≤ {target} ms: {verdict}); "
                  f"ratio to baseline p95 {baseline['p95']:.1f} ms = {ratio:.1f}x", flush=True)
        print(f"load average after the runs: {load_average()}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
