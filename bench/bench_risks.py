"""Risk scan speed (issue 18: a scan of all ten chains of a city ≤ 5 s with 2,000,000 enterprises and 24 months of
monthly figures for 100,000 of them).

Takes bench_gaps' generated database of N enterprises (cached in bench/out, imported and placed by ChainAtlas
itself), copies it once into `risks-{N}k.db` and adds 24 monthly reports (output, revenue, headcount) for M
enterprises, drawn from those placed on a chain in the province, a few of them in distress (falling output, lost
headcount, reports stopping), then the chain × county × month roll-up. Times `monitoring.scan` of the city
(430100) over all chains: the first run writes the warnings, the later ones update them.

Baseline, same run: the gap computation of the same ten chains in the same city (`atlas.gaps`, what the chain
map and the link rules read); the ratio of the warm scan to the warm gaps is printed.

    python bench/bench_risks.py [--enterprises 2000000] [--reporting 100000]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime

from bench_gaps import build
from common import OUT, derived_database
from sqlalchemy import Engine, func, insert, select

from chainatlas.domain.access import Viewer
from chainatlas.domain.monitoring import add_months
from chainatlas.services import atlas, monitoring
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprises, placements
from chainatlas.store.monitor_models import enterprise_months, risk_warnings

CITY = "430100"
OPERATOR = Viewer.operator("bench")
TODAY = date.today()
BATCH = 20_000


def _reports(rng: random.Random, firm: int, months: list[date]) -> list[dict]:
    """24 monthly reports of one firm with seasonality and growth; one in twenty in distress."""
    base = rng.randint(50, 5_000) * 1_000_000  # fen per month: 50 to 5,000 万元
    staff = rng.randint(20, 2_000)
    trouble = rng.random()
    rows, ytd_output, ytd_revenue = [], 0, 0
    for n, month in enumerate(months):
        if month.month == 1:
            ytd_output = ytd_revenue = 0
        factor = (0.85 if month.month in (1, 2) else 1.1 if month.month == 12 else 1.0) * (1 + 0.005 * n)
        people = staff
        if trouble < 0.03 and n >= len(months) - 4:   # falling output
            factor *= 0.6
        if trouble < 0.01 and n >= len(months) - 2:   # reports stop
            break
        if 0.03 <= trouble < 0.05 and n >= 12:        # headcount cut
            people = staff // 2
        output = int(base * factor * rng.uniform(0.95, 1.05))
        revenue = int(output * rng.uniform(0.9, 1.0))
        ytd_output += output
        ytd_revenue += revenue
        rows.append({"enterprise_id": firm, "month": month, "months": 1, "output_fen": output,
                     "output_ytd_fen": ytd_output, "revenue_fen": revenue, "revenue_ytd_fen": ytd_revenue,
                     "employees": people, "updated_at": datetime.now()})
    return rows


def build_months(n: int, reporting: int) -> str:
    """bench_gaps' database of `n` enterprises, copied, with 24 monthly reports of `reporting` placed ones."""
    db = derived_database(OUT / f"risks-{n // 1000}k-{reporting // 1000}k.db", lambda: build(n),
                          lambda engine: _add_months(engine, reporting))
    return resolve_url(str(db))


def _add_months(engine: Engine, reporting: int) -> None:
    rng = random.Random(18)
    last = TODAY.replace(day=1)
    months = [add_months(last, -k) for k in range(23, -1, -1)]
    with engine.connect() as conn:
        placed = sorted(conn.execute(select(placements.c.enterprise_id).distinct()
                                     .join(enterprises, enterprises.c.id == placements.c.enterprise_id)
                                     .where(enterprises.c.region_code.like("43%"))).scalars())
    chosen = rng.sample(placed, min(reporting, len(placed)))
    started = time.perf_counter()
    batch: list[dict] = []
    with engine.begin() as conn:
        for firm in chosen:
            batch += _reports(rng, firm, months)
            if len(batch) >= BATCH:
                conn.execute(insert(enterprise_months), batch)
                batch = []
        if batch:
            conn.execute(insert(enterprise_months), batch)
    rows = monitoring.refresh(engine)
    print(f"added 24 months for {len(chosen)} enterprises and {rows} roll-up rows in "
          f"{time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--reporting", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine = engine_for(build_months(args.enterprises, args.reporting))
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
