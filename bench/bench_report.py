"""Monthly chain report speed (issue 18: a chain report in Word and PDF ≤ 20 s with 2,000,000 enterprises and 24
months of figures for 100,000 of them).

Starts from bench_gaps' cached database (N generated enterprises of one province, imported and placed by
ChainAtlas), copies it once to bench/out/report-<N>k-<M>k.db and adds 24 months of figures for M enterprises
(placed ones first) with the roll-up refreshed. Then times, for the lithium-battery chain in 长沙市:
the report (build + Word + PDF, as `chainatlas report` does) against the gap computation (`atlas.gaps`) of the
same chain and city as the baseline, measured in the same run.

    python bench/bench_report.py [--enterprises 2000000] [--with-figures 100000]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime

from bench_gaps import build
from common import OUT, derived_database
from sqlalchemy import Engine, insert, select

from chainatlas.domain.access import Viewer
from chainatlas.domain.monitoring import add_months
from chainatlas.services import atlas, monitoring, reports
from chainatlas.store.db import engine_for, resolve_url
from chainatlas.store.models import enterprises, placements
from chainatlas.store.monitor_models import enterprise_months

OPERATOR = Viewer.operator("bench")
CHAIN, REGION = "lithium-battery", "430100"
LAST = date(2026, 10, 1)
MONTHS = [add_months(LAST, -k) for k in range(23, -1, -1)]


def with_figures(n: int, m: int) -> str:
    """bench_gaps' database of `n` enterprises, copied, with 24 months of figures for `m` of them (placed ones first)."""
    db = derived_database(OUT / f"report-{n // 1000}k-{m // 1000}k.db", lambda: build(n),
                          lambda engine: _add_figures(engine, m))
    return resolve_url(str(db))


def _add_figures(engine: Engine, m: int) -> None:
    started = time.perf_counter()
    with engine.connect() as conn:
        placed = [r[0] for r in conn.execute(select(placements.c.enterprise_id).distinct()
                                             .order_by(placements.c.enterprise_id).limit(m))]
        if len(placed) < m:
            placed += [r[0] for r in conn.execute(select(enterprises.c.id).where(enterprises.c.id.not_in(placed))
                                                  .limit(m - len(placed)))]
    rng = random.Random(18)
    now = datetime(2026, 11, 5)
    for chunk in range(0, len(placed), 5000):
        rows = []
        for eid in placed[chunk:chunk + 5000]:
            base, trend = rng.randint(50, 5000), rng.uniform(-0.2, 0.3)
            ytd = 0
            for k, month in enumerate(MONTHS):
                if month.month == 1:
                    ytd = 0
                value = int(base * (1 + trend * k / 24) * (0.8 + 0.05 * month.month)) * 1_000_000
                ytd += value
                rows.append({"enterprise_id": eid, "month": month, "months": 1, "output_fen": value,
                             "output_ytd_fen": ytd, "revenue_fen": value, "revenue_ytd_fen": ytd, "updated_at": now})
        with engine.begin() as conn:
            conn.execute(insert(enterprise_months), rows)
    written = monitoring.refresh(engine)
    print(f"figures: {len(placed)} enterprises × 24 months, roll-up {written} rows in "
          f"{time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=2_000_000)
    parser.add_argument("--with-figures", type=int, default=100_000)
    args = parser.parse_args()
    engine = engine_for(with_figures(args.enterprises, args.with_figures))
    reports.check_fonts()
    gaps_times, report_times = [], []
    for _ in range(3):  # the first run reads pages from disk; the best of the later ones is compared
        started = time.perf_counter()
        atlas.gaps(engine, CHAIN, REGION, viewer=OPERATOR)
        gaps_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        report = reports.build_report(engine, CHAIN, REGION, LAST, viewer=OPERATOR)
        built = time.perf_counter() - started
        docx = reports.write_docx(report)
        pdf = reports.write_pdf(report)
        report_times.append(time.perf_counter() - started)
        print(f"report {report_times[-1]:5.2f} s (build {built:.2f} s, docx {len(docx) // 1024} KB, "
              f"pdf {len(pdf) // 1024} KB); gaps {gaps_times[-1]:5.2f} s", flush=True)
    gaps, total = min(gaps_times[1:]), min(report_times[1:])
    print(f"{report.title}: output {report.figures['output_ytd_fen']} fen, {report.figures['reporting']} reporting")
    print(f"chain report (Word + PDF) {total:.2f} s vs gap computation {gaps:.2f} s: ratio {total / gaps:.1f}x; "
          f"first run {report_times[0]:.2f} s (target ≤ 20 s) {'OK' if max(report_times) <= 20 else 'OVER'}")


if __name__ == "__main__":
    main()
