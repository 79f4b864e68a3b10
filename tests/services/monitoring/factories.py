"""Factories for monitoring tests: enterprises on a chain with monthly figures written straight to the store."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine
from tests.services.factories import add_enterprise

from chainatlas.store.models import placements
from chainatlas.store.monitor_models import enterprise_months

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
