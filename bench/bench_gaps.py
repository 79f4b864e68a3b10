"""Gap analysis speed per chain at province scale (issue 2: under 2 s per chain).

Builds (once, cached in bench/out) a database of N generated enterprises of one
province, imported and placed by ChainAtlas itself, then times `atlas.gaps` for
each built-in chain, whole province and one city.
Baseline, same run: a plain `SELECT count(*) FROM placements WHERE chain_id = ?`
over the same table — the least any per-chain figure can cost.

    python bench/bench_gaps.py [--enterprises 2000000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import OUT, registry
from sqlalchemy import func, select

from chainatlas.domain.access import Viewer
from chainatlas.services import atlas
from chainatlas.services.registry import ImportOptions, import_enterprises
from chainatlas.services.setup import initialise
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import placements


def build(n: int) -> str:
    db = OUT / f"gaps-{n // 1000}k.db"
    url = resolve_url(str(db))
    if not db.exists():
        source = registry(n)
        initialise(str(db))
        engine = engine_for(url)
        started = time.perf_counter()
        import_enterprises(engine, Path(source), ImportOptions(skip_invalid=True))
        print(f"imported {n} in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        stats = atlas.place(engine)
        seconds = time.perf_counter() - started
        print(f"placed {stats['enterprises']} in {seconds:.0f} s ({stats['enterprises'] / seconds:.0f} rows/s), "
              f"{stats['proposed']} placements", flush=True)
    return url


OPERATOR = Viewer.operator("bench")  # the local operator: sees every enterprise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    args = parser.parse_args()
    engine = engine_for(build(args.enterprises))
    worst = worst_cold = 0.0
    for chain in atlas.list_chains(engine):
        started = time.perf_counter()
        with engine.connect() as conn:
            conn.execute(select(func.count()).select_from(placements)
                         .where(placements.c.chain_id == chain["id"])).scalar_one()
        base = time.perf_counter() - started
        for region in (None, "430100"):
            times = []
            for _ in range(3):  # the first run reads pages from disk; the others from cache
                started = time.perf_counter()
                report = atlas.gaps(engine, chain["id"], region, viewer=OPERATOR)
                times.append(time.perf_counter() - started)
            warm = sorted(times[1:])[0]
            worst = max(worst, warm)
            worst_cold = max(worst_cold, times[0])
            placed = sum(g.enterprises for g in report.links)
            print(f"{chain['id']:<24} region={region or 'all':<7} cold {times[0]:5.2f} s  warm {warm:5.2f} s  "
                  f"({placed} placed; baseline count {base:.2f} s, warm ratio {warm / base:.1f}x)")
    print(f"slowest chain, warm: {worst:.2f} s (target < 2 s) {'OK' if worst < 2 else 'OVER'}; "
          f"slowest first run after start: {worst_cold:.2f} s")


if __name__ == "__main__":
    main()
