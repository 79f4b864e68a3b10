"""Risk scan speed (issue 18: a scan of all ten chains of a city ≤ 5 s with 2,000,000 enterprises and 24 months of
monthly figures for 100,000 of them).

Reads the monitoring benchmarks' shared database (bench/monitoring_data.py: bench_gaps' N enterprises with 24
months of figures for M of them, a few in distress). Times `monitoring.scan` of the city (430100) over all
chains: the first run writes the warnings, the later ones update them.

Baseline, same run: the gap computation of the same ten chains in the same city (`atlas.gaps`, what the chain
map and the link rules read); the ratio of the warm scan to the warm gaps is printed.

    python bench/bench_risks.py [--enterprises 2000000] [--reporting 100000]
"""

from __future__ import annotations

import argparse
import time

from monitoring_data import TODAY, monthly_database
from sqlalchemy import func, select

from chainatlas.domain.access import Viewer
from chainatlas.services import atlas, monitoring
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprises
from chainatlas.store.monitor_models import enterprise_months, risk_warnings

CITY = "430100"
OPERATOR = Viewer.operator("bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--reporting", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine = engine_for(resolve_url(str(monthly_database(args.enterprises, args.reporting))))
    chains = [c["id"] for c in atlas.list_chains(engine)]
    with engine.connect() as conn:
        in_city = conn.execute(select(func.count()).select_from(enterprise_months)
                               .join(enterprises, enterprises.c.id == enterprise_months.c.enterprise_id)
                               .where(enterprises.c.region_code.like("4301%"))).scalar_one()
    print(f"{len(chains)} chains; {in_city} monthly reports of enterprises in {CITY}", flush=True)
    gap_times, scan_times = [], []
    for run in range(args.runs):  # alternate, so that both see the same cache and load
        started = time.perf_counter()
        for chain in chains:
            atlas.gaps(engine, chain, CITY, viewer=OPERATOR)
        gap_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = monitoring.scan(engine, CITY, today=TODAY)
        scan_times.append(time.perf_counter() - started)
        print(f"run {run + 1}: gaps of {len(chains)} chains {gap_times[-1]:.2f} s; scan {scan_times[-1]:.2f} s "
              f"({result['found']} warnings, {result['created']} new, month {result['month']}; "
              f"by level {result['by_level']})", flush=True)
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(risk_warnings)).scalar_one()
    warm_gaps = min(gap_times[1:] or gap_times)
    warm_scan = min(scan_times[1:] or scan_times)
    print(f"scan of the city, warm: {warm_scan:.2f} s (first {scan_times[0]:.2f} s); baseline gaps {warm_gaps:.2f} s; "
          f"ratio {warm_scan / warm_gaps:.2f}x; {stored} warnings stored; target ≤ 5 s "
          f"{'OK' if warm_scan <= 5 else 'OVER'}")


if __name__ == "__main__":
    main()
