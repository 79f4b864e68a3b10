"""Placement throughput: enterprises scored against every link per second.

Baseline, same run: reading the same enterprises' texts from the database and
running jieba (no user words) over them — segmentation alone.

    python bench/bench_place.py [--enterprises 1000000]
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import jieba
from common import OUT, registry
from sqlalchemy import select

from chainatlas.services import atlas
from chainatlas.services.registry import ImportOptions, import_enterprises
from chainatlas.services.setup import initialise
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprises


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    args = parser.parse_args()
    db = OUT / f"place-{args.enterprises // 1000}k.db"
    db.unlink(missing_ok=True)
    initialise(str(db))
    engine = engine_for(resolve_url(str(db)))
    import_enterprises(engine, Path(registry(args.enterprises)), ImportOptions(skip_invalid=True))
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    started = time.perf_counter()
    with engine.connect() as conn:
        for scope, products in conn.execute(select(enterprises.c.business_scope, enterprises.c.main_products)):
            tokenizer.lcut(f"{products or ''}；{scope or ''}", HMM=False)
    base = time.perf_counter() - started
    started = time.perf_counter()
    stats = atlas.place(engine)
    seconds = time.perf_counter() - started
    n = stats["enterprises"]
    print(f"baseline (read + plain jieba): {base:.1f} s, {n / base:.0f} rows/s")
    print(f"chainatlas place: {seconds:.1f} s, {n / seconds:.0f} rows/s, {stats['proposed']} placements; "
          f"ratio {seconds / base:.2f}x")


if __name__ == "__main__":
    main()
