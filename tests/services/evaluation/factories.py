"""Factories for evaluation tests: enterprises with yearly figures, tags and stored extra facts.

STRONG_YEARS and STRONG_FACTS make an SME (工业, 260 staff) that meets every
2026 专精特新 condition once it holds the 创新型 title, and every 2026
"小巨人" condition except holding the 专精特新 title.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from chainatlas.store.models import enterprise_facts, enterprise_tags, enterprise_years
from importers.files import uscc
from services.factories import add_enterprise

ON = date(2026, 5, 15)  # evaluation date: "上年" is 2025
FACTS_YEAR = 2025


def fen(wan: str | int) -> int:
    """万元 → integer fen, exactly."""
    return int(Decimal(str(wan)) * 1_000_000)


# year → figures in 万元 (money) or persons
STRONG_YEARS: dict[int, dict[str, Any]] = {
    2023: {"revenue": 14100, "main_revenue": 13400, "rd_expense": 700},
    2024: {"revenue": 16200, "main_revenue": 15500, "rd_expense": 930},
    2025: {"revenue": 18600, "main_revenue": 17900, "rd_expense": 1120, "total_assets": 21000,
           "liabilities": 8400, "net_profit": 1950, "employees": 260, "rd_staff": 58},
}

STRONG_FACTS: dict[str, Any] = {
    "years_in_niche": 9, "market_share_pct": "12.5", "national_rank": 4, "market_leading": True,
    "product_fields": ["补短板", "工业六基"], "strategic_emerging": True,
    "ip_class1_high_value": 2, "ip_class1_self_developed": 6, "ip_class1_other": 3, "ip_class2": 25,
    "rd_institution_level": "省级", "awards": [{"level": "省级", "rank": 2, "year": 2024}],
    "qualifications": [], "chuangke_top500": False, "digital_level": 3,
    "quality_items": ["质量管理体系认证", "自主品牌"], "development_score": 72,
    "equity_financing_2y_wan": 0, "equity_financing_3y_wan": 0,
    "provincial_indicators": {"主导产品细分市场占有率": "12.5", "近2年研发费用平均增长率": 15,
                              "本省重点产业链配套企业": 1},
    "titles": [{"title": "创新型中小企业", "year": 2023}],
}


def add_registered(engine: Engine, n: int, *, region: str = "430104", industry: str = "3985",
                   years: dict[int, dict[str, Any]] | None = None, tags: Sequence[tuple[str, int | None]] = (),
                   facts: dict[str, Any] | None = None, founded_on: date = date(2012, 3, 1),
                   name: str | None = None) -> int:
    """An enterprise with yearly figures (万元 converted to fen), tags and stored facts; returns its id."""
    years = STRONG_YEARS if years is None else years
    latest = max(years) if years else None
    eid = add_enterprise(engine, name or f"测试企业{n}有限公司", uscc=uscc(n, region), region_code=region,
                         industry_code=industry, founded_on=founded_on,
                         revenue_fen=fen(years[latest]["revenue"]) if latest else None, revenue_year=latest)
    with engine.begin() as conn:
        for year, figures in years.items():
            row = {(k if k in ("employees", "rd_staff") else f"{k}_fen"): (v if k in ("employees", "rd_staff")
                                                                            else fen(v))
                   for k, v in figures.items()}
            conn.execute(enterprise_years.insert().values(enterprise_id=eid, year=year, **row))
        for tag, year in tags:
            conn.execute(enterprise_tags.insert().values(enterprise_id=eid, tag=tag, year=year))
        if facts is not None:
            conn.execute(enterprise_facts.insert().values(enterprise_id=eid, facts=facts, source="test",
                                                          updated_at=datetime(2026, 1, 1)))
    return eid


def strong(**changes: Any) -> dict[str, Any]:
    """STRONG_FACTS with some fields changed."""
    return {**STRONG_FACTS, **changes}
