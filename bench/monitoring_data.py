"""The database the monitoring benchmarks share (bench_risks, bench_dashboard, bench_report; issue 18's scale:
2,000,000 enterprises and 24 months of monthly figures for 100,000 of them).

bench_gaps' generated database of N enterprises (imported and placed by ChainAtlas itself) is copied once into
`monitoring-{N}k-{M}k.db` and given 24 monthly reports (output, revenue, headcount), up to the current month, of
M enterprises drawn from those placed on a chain in the province — seasonal, growing, one in twenty in distress
(falling output, lost headcount, reports stopping) — then the chain × county × month roll-up.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime
from pathlib import Path

from bench_gaps import build
from common import OUT, derived_database
from sqlalchemy import Engine, insert, select

from chainatlas.domain.monitoring import add_months
from chainatlas.services import monitoring
from chainatlas.store.models import enterprises, placements
from chainatlas.store.monitor_models import enterprise_months

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


def monthly_database(n: int, reporting: int) -> Path:
    """The path of bench_gaps' database of `n` enterprises, copied once, with 24 months of figures (up to this
    month) for `reporting` of the province's enterprises placed on a chain, and the roll-up."""
    return derived_database(OUT / f"monitoring-{n // 1000}k-{reporting // 1000}k.db", lambda: build(n),
                            lambda engine: _add_months(engine, reporting))


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
