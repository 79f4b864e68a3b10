"""Demo monthly figures (示例数据): January 2024 to October 2026 for the demo city's 规上-sized enterprises
(revenue ≥ 2000 万元), on chains and off them, so that every month of the last two years has a year-ago base.

Seasonality as offices see it: the 春节 dip in January and February, the March recovery, peaks in June and
December. Each chain grows at its own pace (several double-digit, one shrinking); profit, tax, electricity
and headcount follow revenue in scale. A few enterprises are in distress: output down by a third from May
2026 (three of them), one stops reporting three months before the end, one falls below 2000 万元 a year, one
loses close to half its staff. The statistics bureau's 全市规上工业 total (area_months) is larger than the
chains' sum. Deterministic: the same seed gives the same figures.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select

from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.monitoring import ABOVE_SCALE_REVENUE_FEN, add_months, month
from chainatlas.services import monitoring
from chainatlas.store.bulk import insert_rows
from chainatlas.store.driver import driver_rows
from chainatlas.store.models import enterprises, import_batches, placements
from chainatlas.store.monitor_models import area_months, enterprise_months

FIRST, LAST = month(2024, 1), month(2026, 10)
BASE_YEAR = 2025  # the registry's revenue is this year's
SEASON = (0.78, 0.70, 1.02, 0.98, 1.00, 1.12, 0.96, 0.97, 1.05, 0.98, 1.04, 1.40)  # sums to 12
# Year-on-year growth per chain (in the order of the chain ids); off-chain enterprises grow 4.5%.
CHAIN_GROWTH = {"advanced-computing": 0.16, "audio-video": 0.07, "beidou": 0.13, "biomedicine": 0.09,
                "carbon-materials": 0.11, "construction-machinery": -0.06, "lithium-battery": 0.19,
                "new-energy-vehicle": 0.23, "testing-instruments": 0.05, "uhv-transmission": 0.12}
OFF_CHAIN_GROWTH = 0.045
DISTRESS_FROM = month(2026, 5)
CENT = 10_000  # fen in 0.01 万元
SOURCE = "示例数据：全市规上工业（合成，非统计部门数据）"
BATCH_NAME = "示例数据：规上企业月度指标（合成）"
CITY_SHARE_OUTSIDE = 0.38  # the city's total is this much larger than the enterprises in the demo registry


def _months() -> list[date]:
    out, m = [], FIRST
    while m <= LAST:
        out.append(m)
        m = add_months(m, 1)
    return out


def build(engine: Engine, city: str, seed: int = 2026) -> dict[str, Any]:
    """Write the demo's monthly figures and the city total, then the chain roll-up; what was written."""
    rng = random.Random(seed)
    e, p = enterprises.c, placements.c
    with engine.connect() as conn:
        firms = conn.execute(select(e.id, e.revenue_fen, e.employees, e.region_code).where(
            e.revenue_fen >= ABOVE_SCALE_REVENUE_FEN, e.region_code.like(f"{city[:4]}%"),
            e.merged_into_id.is_(None)).order_by(e.id)).all()
        chain_of: dict[int, str] = {}
        for eid, chain in conn.execute(select(p.enterprise_id, p.chain_id).where(
                p.status.in_(ACTIVE_PLACEMENTS)).order_by(p.enterprise_id, p.chain_id)):
            chain_of.setdefault(eid, chain)
    on_chain = [f.id for f in firms if f.id in chain_of]
    picked = rng.sample(on_chain, min(6, len(on_chain)))
    small = [f.id for f in firms if f.id in chain_of and f.revenue_fen < 3000 * 1_000_000 and f.id not in picked]
    falling_below = small[0] if small else None
    distress = {"output_down": picked[:3], "silent": picked[3:4], "staff_cut": picked[4:5],
                "below_scale": [falling_below] if falling_below else []}
    months = _months()
    now = datetime.now()
    rows: list[tuple[Any, ...]] = []
    city_sums: dict[date, list[int]] = {m: [0] * 6 for m in months}
    for firm in firms:
        growth = CHAIN_GROWTH.get(chain_of.get(firm.id, ""), OFF_CHAIN_GROWTH) + rng.gauss(0, 0.05)
        margin = rng.gauss(0.06, 0.04)
        tax_rate, output_ratio = rng.uniform(0.02, 0.05), rng.uniform(1.0, 1.08)
        kwh_per_wan = rng.uniform(300, 1200)
        staff = firm.employees or max(20, round(firm.revenue_fen / 1_000_000 / rng.uniform(60, 120)))
        yearly = firm.revenue_fen / 1_000_000  # 万元 in the base year
        ytd = [0, 0, 0, 0, 0]
        for m in months:
            if m.month == 1:
                ytd = [0, 0, 0, 0, 0]
            if firm.id in distress["silent"] and m > add_months(LAST, -3):
                continue
            years_from_base = (m.year - BASE_YEAR) + (m.month - 6.5) / 12
            revenue = yearly / 12 * SEASON[m.month - 1] * (1 + growth) ** years_from_base * rng.gauss(1, 0.04)
            headcount = staff * (1 + growth / 2) ** years_from_base
            if m >= DISTRESS_FROM and firm.id in distress["output_down"]:
                revenue *= 0.66
            if m.year == 2026 and firm.id in distress["below_scale"]:
                revenue *= 0.55
            if m >= month(2026, 7) and firm.id in distress["staff_cut"]:
                headcount *= 0.55
            revenue = max(revenue, 1.0)
            # to 0.01 万元 and 0.01 万千瓦时, as the forms write them
            figures = [round(revenue * output_ratio * 100) * CENT, round(revenue * 100) * CENT,
                       round(revenue * (margin + rng.gauss(0, 0.01)) * 100) * CENT,
                       round(revenue * tax_rate * 100) * CENT, round(revenue * kwh_per_wan / 100) * 100]
            ytd = [a + b for a, b in zip(ytd, figures, strict=True)]
            employees = round(headcount * rng.gauss(1, 0.01))
            rows.append((firm.id, m, 1, figures[0], ytd[0], figures[1], ytd[1], figures[2], ytd[2], figures[3], ytd[3],
                         figures[4], ytd[4], employees, now))
            sums = city_sums[m]
            for i in range(5):
                sums[i] += figures[i]
            sums[5] += employees
    columns = ["enterprise_id", "month", "months", "output_fen", "output_ytd_fen", "revenue_fen", "revenue_ytd_fen",
               "profit_fen", "profit_ytd_fen", "tax_fen", "tax_ytd_fen", "electricity_kwh", "electricity_ytd_kwh",
               "employees", "updated_at", "batch_id"]
    with engine.begin() as conn:
        key = conn.execute(import_batches.insert().values(
            file_name=BATCH_NAME, started_at=now, finished_at=now, imported=len(rows), status="done")
        ).inserted_primary_key
        assert key is not None
        batch = int(key[0])
        insert_rows(conn, enterprise_months, columns,
                    driver_rows(conn, enterprise_months, columns, ((*r, batch) for r in rows)))
        insert_rows(conn, area_months, _AREA_COLUMNS,
                    driver_rows(conn, area_months, _AREA_COLUMNS, _city_rows(city, city_sums, len(firms), batch, now)))
    refreshed = monitoring.refresh(engine, months)
    return {"enterprises": len(firms), "rows": len(rows), "months": len(months), "chain_rows": refreshed,
            "distress": {k: v for k, v in distress.items()}}


_AREA_COLUMNS = ["region_code", "chain_id", "month", "months", "output_fen", "output_ytd_fen", "revenue_fen",
                 "revenue_ytd_fen", "profit_fen", "profit_ytd_fen", "tax_fen", "tax_ytd_fen", "electricity_kwh",
                 "electricity_ytd_kwh", "employees", "above_scale_count", "source", "batch_id", "updated_at"]


def _city_rows(city: str, sums: dict[date, list[int]], firms: int, batch: int, now: datetime):  # type: ignore[no-untyped-def]
    """The bureau's 全市规上工业 total: the demo registry's enterprises plus those it does not hold."""
    scale = 1 + CITY_SHARE_OUTSIDE
    ytd = [0, 0, 0, 0, 0]
    for m in sorted(sums):
        if m.month == 1:
            ytd = [0, 0, 0, 0, 0]
        values = [round(v * scale / 10_000) * 10_000 for v in sums[m][:4]] + [round(sums[m][4] * scale / 100) * 100]
        ytd = [a + b for a, b in zip(ytd, values, strict=True)]
        yield (city, monitoring.ALL_INDUSTRY, m, 1, values[0], ytd[0], values[1], ytd[1], values[2], ytd[2],
               values[3], ytd[3], values[4], ytd[4], round(sums[m][5] * scale), round(firms * scale), SOURCE, batch, now)
