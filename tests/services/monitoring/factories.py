"""Factories for monitoring tests: enterprises on a chain with monthly figures written straight to the store."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from chainatlas.store.models import placements
from chainatlas.store.monitor_models import enterprise_months
from services.factories import add_enterprise

WAN = 1_000_000  # fen per 万元


def add_placed(engine: Engine, name: str, chain: str, *links: str, **values: Any) -> int:
    """An enterprise placed (confirmed) on links of a chain."""
    enterprise_id = add_enterprise(engine, name, **values)
    with engine.begin() as conn:
        for link in links:
            conn.execute(placements.insert().values(
                enterprise_id=enterprise_id, chain_id=chain, link_id=link, confidence=1.0, matched_words=[],
                status="confirmed", updated_at=datetime(2025, 1, 1)))
    return enterprise_id


def add_months(engine: Engine, enterprise_id: int, year: int, monthly_wan: list[int | None],
               **columns: Any) -> None:
    """A year of monthly output (万元 per month, None: no report) with its year-to-date sums."""
    ytd = 0
    with engine.begin() as conn:
        for number, value in enumerate(monthly_wan, start=1):
            if value is None:
                continue
            ytd += value
            conn.execute(enterprise_months.insert().values(
                enterprise_id=enterprise_id, month=date(year, number, 1), months=1,
                output_fen=value * WAN, output_ytd_fen=ytd * WAN,
                revenue_fen=value * WAN, revenue_ytd_fen=ytd * WAN,
                updated_at=datetime(2025, 1, 1), **columns))


def add_year_revenue(engine: Engine, enterprise_id: int, year: int, revenue_wan: int) -> None:
    """A yearly revenue (enterprise_years): what decides whether the enterprise is 规上 the year after."""
    from chainatlas.store.models import enterprise_years

    with engine.begin() as conn:
        conn.execute(enterprise_years.insert().values(enterprise_id=enterprise_id, year=year,
                                                      revenue_fen=revenue_wan * WAN))


def city_of_chains(engine: Engine) -> dict[str, int]:
    """Five chains of 长沙 with figures for 2024 and 1—6 of 2025 (the other five have none):
    锂电池 +20.74% with one entry of each kind and one exit; 工程机械 +5%; 生物医药 +20%; 碳基材料 and
    新能源汽车 +10% through one enterprise on both; and a reporting enterprise on no chain."""
    firms = {
        "big": add_placed(engine, "甲电池有限公司", "lithium-battery", "cell-manufacturing", "battery-pack",
                          region_code="430104", revenue_fen=50_000 * WAN),
        "small": add_placed(engine, "乙材料有限公司", "lithium-battery", "cathode", region_code="430181",
                            revenue_fen=1_000 * WAN),
        "newcomer": add_placed(engine, "丙新能源有限公司", "lithium-battery", "anode", region_code="430104",
                               revenue_fen=3_000 * WAN),
        "leaver": add_placed(engine, "丁电解液有限公司", "lithium-battery", "electrolyte", region_code="430111",
                             revenue_fen=2_500 * WAN),
        "climber": add_placed(engine, "戊隔膜有限公司", "lithium-battery", "separator", region_code="430104",
                              revenue_fen=2_500 * WAN),
        "machinery": add_placed(engine, "己重工有限公司", "construction-machinery", "engines", region_code="430104",
                                revenue_fen=90_000 * WAN),
        "pharma": add_placed(engine, "庚制药有限公司", "biomedicine", "intermediates", region_code="430111", revenue_fen=9_000 * WAN),
        "carbon": add_placed(engine, "辛碳材料有限公司", "carbon-materials", "natural-graphite", region_code="430104",
                             revenue_fen=5_000 * WAN),
        "outside": add_enterprise(engine, "壬食品有限公司", region_code="430104", revenue_fen=9_000 * WAN),
    }
    with engine.begin() as conn:  # the carbon firm also sits on the new-energy-vehicle chain
        conn.execute(placements.insert().values(
            enterprise_id=firms["carbon"], chain_id="new-energy-vehicle", link_id="battery-materials", confidence=1.0,
            matched_words=[], status="confirmed", updated_at=datetime(2025, 1, 1)))
    add_year_revenue(engine, firms["climber"], 2023, 1_500)  # below 2000 万元 in 2024, above in 2025
    add_year_revenue(engine, firms["climber"], 2024, 2_500)
    for key, before, now in (("big", 100, 120), ("small", 10, 8), ("climber", 5, 5), ("machinery", 200, 210),
                             ("pharma", 50, 60), ("carbon", 10, 11)):
        add_months(engine, firms[key], 2024, [before] * 12)
        add_months(engine, firms[key], 2025, [now] * 6)
    add_months(engine, firms["newcomer"], 2025, [30] * 6)
    add_months(engine, firms["leaver"], 2024, [20] * 12)
    add_months(engine, firms["outside"], 2025, [500] * 6)
    from chainatlas.services import monitoring

    monitoring.refresh(engine)
    return firms


def demo_figures(engine: Engine) -> None:
    """Monthly figures for 2024 and 1—6 of 2025, with a summer peak, of the demo's placed enterprises (the first
    sixty, unless the demo brings figures of its own) and of the last two (the security demo's outsiders)."""
    from sqlalchemy import select

    from chainatlas.domain.chain import ACTIVE_PLACEMENTS
    from chainatlas.services import monitoring

    with engine.connect() as conn:
        reported = set(conn.execute(select(enterprise_months.c.enterprise_id).distinct()).scalars())
        placed = list(conn.execute(select(placements.c.enterprise_id).where(
            placements.c.status.in_(ACTIVE_PLACEMENTS)).distinct().order_by(placements.c.enterprise_id)).scalars())
    season = [80, 70, 100, 100, 105, 110, 100, 100, 105, 110, 115, 130]
    chosen = placed[-2:] if reported else placed[:60] + placed[-2:]
    for n, eid in enumerate(chosen):
        if eid in reported:
            continue
        pace = 100 + (n * 7) % 23 - 8  # growth between -8% and +14%
        add_months(engine, eid, 2024, [s + n for s in season])
        add_months(engine, eid, 2025, [(s + n) * pace // 100 for s in season[:6]])
    monitoring.refresh(engine)


def add_years(engine: Engine, enterprise_id: int, first_year: int, *years: list[int | None], **columns: Any) -> None:
    """Several consecutive years of monthly output (万元 per month) from `first_year` on."""
    for offset, monthly in enumerate(years):
        add_months(engine, enterprise_id, first_year + offset, monthly, **columns)


def add_falling(engine: Engine, name: str, chain: str = "lithium-battery", link: str = "battery-pack",
                region_code: str = "430104", today: date | None = None) -> int:
    """An enterprise on a link whose monthly output (100 万元) fell by 30% in each of the last three months up to
    today's month, with the whole year before: what the decline rule of a scan run today finds."""
    from chainatlas.domain.monitoring import add_months as month_plus

    firm = add_placed(engine, name, chain, link, region_code=region_code)
    this_month = (today or date.today()).replace(day=1)
    falling = {month_plus(this_month, -n) for n in range(3)}
    for year in (this_month.year - 1, this_month.year):
        last = 12 if year < this_month.year else this_month.month
        add_months(engine, firm, year, [70 if date(year, m, 1) in falling else 100 for m in range(1, last + 1)])
    return firm
