"""Registry import speed: ChainAtlas import vs a raw load, on the same file, same run.

Baseline: polars reads the CSV and one executemany inserts the raw rows (all
columns as text, no validation, no index) into a fresh SQLite file.
Measured: `import_enterprises` into a fresh, initialised database — validation,
normalisation, yearly metrics, tags, indexes and the search index included — with the
options the CLI uses (`sole_user`: the bulk connection of a large first load).
Target (issue 2): ratio ≤ 3, peak memory < 2 GB.

The import builds its search index in a second thread while it writes the rows, so
it needs both cores of a 2-core machine and the baseline one: run it on an idle
machine (docs/benchmarks.md: the figures with the load of each run).

    python bench/bench_import.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import tempfile

from common import registry, run_child

# Both children also report the CPU seconds of all their threads (`_CPU`): on a shared machine the wall
# times follow the load, what the work costs in CPU much less.
_CPU = "sum(resource.getrusage(resource.RUSAGE_SELF)[:2])"

BASELINE = """
c0 = {cpu}
import sqlite3, polars as pl
frame = pl.read_csv({path!r}, infer_schema=False)
con = sqlite3.connect({db!r})
cols = ', '.join(f'c{{i}} TEXT' for i in range(frame.width))
con.execute(f'CREATE TABLE raw ({{cols}})')
con.executemany(f"INSERT INTO raw VALUES ({{', '.join('?' * frame.width)}})", frame.iter_rows())
con.commit()
extra = {{'rows': frame.height, 'cpu': {cpu} - c0}}
"""

CHAINATLAS = """
from pathlib import Path
from chainatlas.services.setup import initialise
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.services.registry.importing import import_enterprises, ImportOptions
initialise({db!r})
t0, c0 = time.perf_counter(), {cpu}
result = import_enterprises(engine_for(resolve_url({db!r})), Path({path!r}), ImportOptions(skip_invalid=True, sole_user=True))
extra = {{'rows': result.rows, 'imported': result.imported, 'rejected': result.rejected, 'cpu': {cpu} - c0}}
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    path = str(registry(args.rows))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        base = run_child(BASELINE.format(path=path, db=f"{tmp}/baseline.db", cpu=_CPU))
        ours = run_child(CHAINATLAS.format(path=path, db=f"{tmp}/chainatlas.db", cpu=_CPU))
    print(f"rows: {base['rows']}")
    print(f"baseline (polars read_csv + sqlite3 executemany of raw rows): {base['seconds']:.1f} s, "
          f"CPU {base['cpu']:.1f} s, peak {base['peak_mb']:.0f} MB")
    print(f"chainatlas import (validate, normalise, metrics, tags, indexes): {ours['seconds']:.1f} s, "
          f"CPU {ours['cpu']:.1f} s, peak {ours['peak_mb']:.0f} MB, imported {ours['imported']}, "
          f"rejected {ours['rejected']}")
    print("machine load (1/5/15 min) before: {:.2f} {:.2f} {:.2f}, after: {:.2f} {:.2f} {:.2f} on {} cores".format(
        *load_before, *os.getloadavg(), os.cpu_count()))
    ratio = ours["seconds"] / base["seconds"]
    print(f"CPU ratio: {ours['cpu'] / base['cpu']:.2f}x (all threads' CPU seconds; not the target, a figure that "
          f"moves less with the load)")
    print(f"ratio: {ratio:.2f}x (target <= 3.0x) {'OK' if ratio <= 3 else 'OVER'}; "
          f"peak memory {'OK' if ours['peak_mb'] < 2048 else 'OVER'} (< 2048 MB)")


if __name__ == "__main__":
    main()
