"""Chain dashboard (运行监测) latency at the scale of issue 18: 2,000,000 enterprises, 24 months of monthly figures
for 100,000 of them.

Reads the monitoring benchmarks' shared database (bench/monitoring_data.py: bench_gaps' N enterprises with 24
months of figures for M of them and the chain × county × month roll-up), starts `chainatlas serve` on loopback
and times, for the latest month, through the API with the token of a province-level chain office:

- baseline, same run, same server: the warm chain map of the same chain and city (GET /chains/{c}/map);
- GET /chains/{c}/dashboard?region=&month= for every chain in the city and in a county (not cached: every
  request reads the roll-up, the entries and exits and the work lists);
- GET /dashboard?region= (the home page's ranking).

Target: a dashboard ≤ 500 ms. The ratio to the baseline p95 is printed.

    python bench/bench_dashboard.py [--enterprises 2000000] [--reporting 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse

from bench_web import bench_token
from common import chains, machine_line, pct, served, timed
from monitoring_data import monthly_database

from chainatlas.domain.monitoring import month_text
from chainatlas.services import monitoring
from chainatlas.store.db import engine_for, resolve_url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--reporting", type=int, default=100_000, help="enterprises with monthly figures")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over every chain and scope")
    args = parser.parse_args()
    db = monthly_database(args.enterprises, args.reporting)
    last = monitoring.latest_month(engine_for(resolve_url(str(db))))
    assert last is not None
    token = bench_token(db)
    print(machine_line(), flush=True)
    with served(db, token) as (_, fetch):
        month = month_text(last)
        ids = [c for c, _ in chains()]
        scopes = ("430100", "430102")
        maps = [f"/chains/{c}/map?region={r}" for c in ids for r in scopes]
        boards = [f"/chains/{c}/dashboard?region={r}&month={month}" for c in ids for r in scopes]
        for path in maps:  # the baseline is the warm chain map: every scope computed once before
            fetch(path)
        sample = fetch(boards[0])
        print(f"{sample['region_name']} {sample['chain_name']} {month}: output YTD {sample['output_ytd_wan_yuan']} 万元, "
              f"{sample['reporting']} reporting, entries {sample['moves']['entries']}, exits {sample['moves']['exits']}",
              flush=True)
        baseline = [timed(fetch, path) for _ in range(args.rounds) for path in maps]
        dashboards = [timed(fetch, path) for _ in range(args.rounds) for path in boards]
        rankings = [timed(fetch, f"/dashboard?region={r}&month={month}") for _ in range(args.rounds) for r in scopes]
        b95, d95, r95 = pct(baseline, 0.95), pct(dashboards, 0.95), pct(rankings, 0.95)
        print(f"baseline   chain map (warm)   {len(baseline):>5} req  p50 {pct(baseline, 0.5):7.1f} ms  p95 {b95:7.1f} ms",
              flush=True)
        print(f"dashboard  one chain          {len(dashboards):>5} req  p50 {pct(dashboards, 0.5):7.1f} ms  p95 {d95:7.1f} ms"
              f"  max {max(dashboards):7.1f} ms", flush=True)
        print(f"ranking    all chains         {len(rankings):>5} req  p50 {pct(rankings, 0.5):7.1f} ms  p95 {r95:7.1f} ms",
              flush=True)
        print(f"dashboard: p95 {d95:.1f} ms (target ≤ 500 ms: {'OK' if d95 <= 500 else 'OVER'}); "
              f"ratio to baseline p95 {b95:.1f} ms = {d95 / b95:.1f}x; ranking p95 ratio = {r95 / b95:.1f}x", flush=True)


if __name__ == "__main__":
    main()
