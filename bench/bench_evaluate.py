"""Evaluation throughput: enterprises judged on every rule, with results stored, per second.

Baseline, same run: building the same enterprises' facts and judging every
rule in memory (the domain work alone: no result rows, no database writes).

    python bench/bench_evaluate.py [--enterprises 100000] [--db postgresql://…/empty_db]
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import date, datetime

from common import OUT

from chainatlas.services.demo.facts import write_demo_facts
from chainatlas.services.demo.registry import write_registry
from chainatlas.services.evaluation import evaluate_all, import_facts
from chainatlas.services.evaluation.registry_facts import build_facts, load_records
from chainatlas.services.evaluation.rules import RULES
from chainatlas.services.registry.importing import ImportOptions, import_enterprises
from chainatlas.services.setup import initialise
from chainatlas.store.db import engine_for, resolve_url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--db", help="an empty database URL (default: a SQLite file in bench/out)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    size = f"{args.enterprises // 1000}k"
    registry, facts = OUT / f"registry-3y-{size}.csv", OUT / f"facts-3y-{size}.json"
    if not registry.exists():
        write_registry(registry, args.enterprises, seed=11, region="430000", years=3)
        write_demo_facts(registry, facts, seed=11)
    url = args.db or str(OUT / f"evaluate-{size}.db")
    if not args.db:
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"evaluate-{size}.db{suffix}").unlink(missing_ok=True)
    initialise(url)
    engine = engine_for(resolve_url(url))
    started = time.perf_counter()
    import_enterprises(engine, registry, ImportOptions(skip_invalid=True))
    print(f"import registry: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    imported = import_facts(engine, facts)
    print(f"import facts: {time.perf_counter() - started:.1f} s, {imported['enterprises']} enterprises", flush=True)

    on, year = date.today(), date.today().year - 1
    started = time.perf_counter()
    judged = after = 0
    gc.disable()  # as evaluate_all does while it judges a batch
    with engine.connect() as conn:
        while records := load_records(conn, after, 4000, year):
            for record in records:
                facts_of, _ = build_facts(record, on, year)
                judged += sum(1 for spec in RULES if spec.judge(facts_of) is not None)
            after = records[-1].id
            gc.collect()
    gc.enable()
    base = time.perf_counter() - started
    started = time.perf_counter()
    summary = evaluate_all(engine, on=on)
    seconds = time.perf_counter() - started
    n = summary["enterprises"]
    print(f"baseline (load + facts + judge in memory): {base:.1f} s, {n / base:.0f} enterprises/s, "
          f"{judged} results", flush=True)
    print(f"chainatlas evaluate_all: {seconds:.1f} s, {n / seconds:.0f} enterprises/s, "
          f"{summary['results']} results stored; ratio {seconds / base:.2f}x  ({datetime.now():%Y-%m-%d %H:%M})")


if __name__ == "__main__":
    main()
