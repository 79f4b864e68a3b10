"""Speed of investment targets, the 招商图谱 and the what-if, against the chain-map request in the same run.

Builds (once, cached in bench/out) a copy of bench_gaps' province of N generated local enterprises, imported and
placed by ChainAtlas (bench_gaps builds it once and it is never written here), and an external pool of P generated
firms in other provinces (the demo pool's generator), imported into the copy with `targets.import_pool`.
Then, for the lithium-battery chain and one city:

- baseline: the chain-map request (`atlas.chain_map`, its cache emptied first: what a map page costs);
- targets of one link (every missing or weak link, and the link with most pool firms), warm;
- the 招商图谱 of the whole chain (every missing or weak link with its top 5), warm;
- a what-if adding three firms (two pool firms and a hypothetical one).

Targets (issue 17, at 2,000,000 local and 500,000 pool): one link ≤ 300 ms, the chain ≤ 3 s, a what-if ≤ 500 ms.

    python bench/bench_targets_speed.py [--enterprises 2000000] [--pool 500000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from pathlib import Path

import bench_gaps
from common import OUT, finish_database
from sqlalchemy import func, select

from chainatlas.domain.access import Viewer
from chainatlas.services import atlas, demo, targets
from chainatlas.store import cache
from chainatlas.store.db import engine_for, init_database, resolve_url
from chainatlas.store.pool_models import pool_placements

OPERATOR = Viewer.operator("bench")
CHAIN, REGION = "lithium-battery", "430100"


def build(n: int, pool: int) -> str:
    """A copy of bench_gaps' database of `n` local enterprises (imported and placed by ChainAtlas; built there once
    and never written here) with a pool of `pool` generated firms imported into it."""
    db = OUT / f"targets-{n // 1000}k-{pool // 1000}k.db"
    if not db.exists():  # built under a partial name and renamed when whole: a run cut off leaves no half database
        partial = OUT / (db.name + ".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        local = bench_gaps.build(n).removeprefix("sqlite:///")  # prints its own times when it builds
        started = time.perf_counter()
        shutil.copyfile(local, partial)
        print(f"local: copied in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        revision = init_database(resolve_url(str(partial)))  # bench_gaps' database may be of an older schema
        print(f"local: upgraded to revision {revision} in {time.perf_counter() - started:.0f} s", flush=True)
        engine = engine_for(resolve_url(str(partial)))
        pool_file = OUT / f"pool-{pool // 1000}k.csv"
        if not pool_file.exists():
            demo.write_pool(pool_file.with_suffix(".partial"), pool)
            pool_file.with_suffix(".partial").rename(pool_file)
        started = time.perf_counter()
        result = targets.import_pool(engine, pool_file, "外省企业库", viewer=OPERATOR)
        seconds = time.perf_counter() - started
        print(f"pool: imported and placed {result['imported']} in {seconds:.0f} s "
              f"({result['imported'] / seconds:.0f} rows/s)", flush=True)
        finish_database(engine, partial, db)
    return resolve_url(str(db))


def timed(call, runs: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(first run, median of the rest) in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--pool", type=int, default=500_000)
    args = parser.parse_args()
    engine = engine_for(build(args.enterprises, args.pool))
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", flush=True)

    def chain_map() -> None:
        cache.forget(engine)
        atlas.chain_map(engine, CHAIN, REGION, viewer=OPERATOR)

    def forgotten(call):  # type: ignore[no-untyped-def]
        """`call` with nothing kept: the gap report it reads is computed within it."""
        def run() -> None:
            cache.forget(engine)
            call()
        return run

    _, base = timed(chain_map)
    print(f"baseline chain map ({CHAIN}, {REGION}), nothing kept: {base * 1000:.0f} ms", flush=True)
    report = atlas.gaps(engine, CHAIN, REGION, viewer=OPERATOR)
    with engine.connect() as conn:
        busiest = conn.execute(select(pool_placements.c.link_id, func.count()).where(pool_placements.c.chain_id == CHAIN)
                               .group_by(pool_placements.c.link_id).order_by(func.count().desc()).limit(1)).one()
    links = [g.id for g in report.links if g.status != "covered"] + [busiest[0]]
    worst, worst_link = 0.0, links[0]
    for link in dict.fromkeys(links):
        first, warm = timed(lambda link=link: targets.recommend(engine, CHAIN, link, REGION, viewer=OPERATOR))
        if warm > worst:
            worst, worst_link = warm, link
        found = targets.recommend(engine, CHAIN, link, REGION, viewer=OPERATOR)
        print(f"targets {link:<28} {found['candidates']:>7} candidates: first {first * 1000:6.0f} ms, "
              f"warm {warm * 1000:6.0f} ms (ratio to chain map {warm / base:.2f}x)", flush=True)
    _, cold_link = timed(forgotten(lambda: targets.recommend(engine, CHAIN, worst_link, REGION, viewer=OPERATOR)),
                         runs=3)
    print(f"targets {worst_link}, nothing kept (the gap report computed first): {cold_link * 1000:.0f} ms "
          f"(ratio {cold_link / base:.2f}x)", flush=True)
    first, whole = timed(lambda: targets.target_map(engine, CHAIN, REGION, viewer=OPERATOR), runs=3)
    _, cold_whole = timed(forgotten(lambda: targets.target_map(engine, CHAIN, REGION, viewer=OPERATOR)), runs=3)
    print(f"招商图谱 of the chain ({len(links) - 1} missing/weak links): first {first:.2f} s, warm {whole:.2f} s, "
          f"nothing kept {cold_whole:.2f} s (ratio to chain map: warm {whole / base:.2f}x, nothing kept "
          f"{cold_whole / base:.2f}x)", flush=True)
    picks = [i["enterprise"]["key"] for i in targets.recommend(engine, CHAIN, busiest[0], REGION, viewer=OPERATOR,
                                                               limit=2)["items"]]
    additions = [{"key": k, "link": busiest[0]} for k in picks] + [{"name": "假设企业", "link": links[0],
                                                                     "revenue_wan_yuan": "50000"}]
    _, whatif = timed(lambda: targets.run_whatif(engine, CHAIN, REGION, additions, viewer=OPERATOR))
    _, cold = timed(forgotten(lambda: targets.run_whatif(engine, CHAIN, REGION, additions, viewer=OPERATOR)))
    after_map = []  # the what-if panel's case: the map page has just been drawn, then a what-if is run on it
    for _ in range(5):
        chain_map()
        started = time.perf_counter()
        targets.run_whatif(engine, CHAIN, REGION, additions, viewer=OPERATOR)
        after_map.append(time.perf_counter() - started)
    after = statistics.median(after_map)
    _, base_end = timed(chain_map)
    print(f"what-if of {len(additions)} firms: right after the map request {after * 1000:.0f} ms, repeated "
          f"{whatif * 1000:.0f} ms, nothing kept (gap report computed) {cold * 1000:.0f} ms (ratio to chain map: "
          f"{after / base:.2f}x, {whatif / base:.2f}x, {cold / base:.2f}x)")
    print(f"baseline chain map again at the end: {base_end * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}")
    print(f"scale: {args.enterprises} local, {args.pool} pool. slowest link {worst * 1000:.0f} ms (target ≤ 300), "
          f"chain {whole:.2f} s (≤ 3), what-if after the map {after * 1000:.0f} ms, nothing kept {cold * 1000:.0f} ms "
          f"(≤ 500); baseline ratio printed per line")


if __name__ == "__main__":
    main()
