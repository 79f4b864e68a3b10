"""Chain dashboard (运行监测) latency at the scale of issue 18: 2,000,000 enterprises, 24 months of monthly figures
for 100,000 of them.

Builds (once, cached in bench/out) a copy of bench_web's registry database with the monthly figures of a sample
of enterprises (placed ones first, as reporting firms are mostly on chains) and the chain × county × month
roll-up (monitoring.refresh), starts `chainatlas serve` on loopback and times, through the API with the token of
a province-level chain office:

- baseline, same run, same server: the warm chain map of the same chain and city (GET /chains/{c}/map);
- GET /chains/{c}/dashboard?region=&month= for every chain in the city and in a county (not cached: every
  request reads the roll-up, the entries and exits and the work lists);
- GET /dashboard?region= (the home page's ranking).

Target: a dashboard ≤ 500 ms. The ratio to the baseline p95 is printed.

    python bench/bench_dashboard.py [--enterprises 2000000] [--reporting 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime
from pathlib import Path

from bench_web import bench_token
from bench_web import build as build_registry
from common import OUT, chains, derived_database, machine_line, pct, served, timed
from sqlalchemy import Engine, select

from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.monitoring import add_months, month_text
from chainatlas.services import monitoring
from chainatlas.store.models import enterprises, placements
from chainatlas.store.monitor_models import enterprise_months

MONTHS = 24
LAST = date(2025, 12, 1)
BATCH = 10_000
SEASON = (0.8, 0.7, 1.0, 1.0, 1.05, 1.1, 1.0, 1.0, 1.05, 1.1, 1.15, 1.3)


def build(enterprises_n: int, reporting: int, seed: int = 18) -> Path:
    """bench_web's registry at `enterprises_n`, copied, with 24 months of figures for `reporting` enterprises."""
    return derived_database(OUT / f"dashboard-{reporting // 1000}k-{enterprises_n // 1000}k.db",
                            lambda: build_registry(enterprises_n), lambda engine: _add_months(engine, reporting, seed))


def _add_months(engine: Engine, reporting: int, seed: int) -> None:
    rng = random.Random(seed)
    with engine.connect() as conn:
        placed = list(conn.execute(select(placements.c.enterprise_id).where(
            placements.c.status.in_(ACTIVE_PLACEMENTS)).distinct()).scalars())
        chosen = set(rng.sample(placed, min(len(placed), reporting * 4 // 5)))
        others = conn.execute(select(enterprises.c.id).order_by(enterprises.c.id).limit(reporting * 20)).scalars().all()
        for key in others:  # the rest of the sample: enterprises on no chain, every so often
            if len(chosen) >= reporting:
                break
            if key not in chosen and rng.random() < 0.1:
                chosen.add(key)
    months = [add_months(LAST, -k) for k in range(MONTHS - 1, -1, -1)]
    stamp = datetime.now()
    started = time.perf_counter()
    rows: list[dict] = []
    with engine.begin() as conn:
        for key in sorted(chosen):
            base = rng.randint(50, 5_000) * 1_000_000  # 万元 a month, in fen
            growth = rng.uniform(-0.15, 0.25)
            ytd = 0
            for m in months:
                if m.month == 1:
                    ytd = 0
                value = int(base * SEASON[m.month - 1] * (1 + growth) ** (m.year - months[0].year))
                ytd += value
                rows.append({"enterprise_id": key, "month": m, "months": 1, "output_fen": value,
                             "output_ytd_fen": ytd, "revenue_fen": value, "revenue_ytd_fen": ytd,
                             "updated_at": stamp})
                if len(rows) >= BATCH:
                    conn.execute(enterprise_months.insert(), rows)
                    rows = []
        if rows:
            conn.execute(enterprise_months.insert(), rows)
    print(f"wrote {len(chosen) * MONTHS} monthly figures of {len(chosen)} enterprises in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    written = monitoring.refresh(engine)
    print(f"roll-up: {written} rows in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--reporting", type=int, default=100_000, help="enterprises with monthly figures")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over every chain and scope")
    args = parser.parse_args()
    db = build(args.enterprises, args.reporting)
    token = bench_token(db)
    print(machine_line(), flush=True)
    with served(db, token) as (_, fetch):
        month = month_text(LAST)
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
