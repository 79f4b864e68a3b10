"""Factories for rule tests: one strong enterprise that every rule accepts, varied per test.

Round figures make boundaries easy to hit: revenue 10000万元, so 300万元 of
R&D is exactly 3%; total assets 20000万元, so 16000万元 of debt is 80%.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from chainatlas.domain.rules import Award, EnterpriseFacts, Title

D = Decimal

STRONG = EnterpriseFacts(
    assessed_on=date(2026, 5, 15),
    industry_code="3985",
    employees=200,
    rd_staff=50,
    revenue_wan=D(10000),
    revenue_prev_wan=D(9000),
    revenue_prev2_wan=D(8000),
    main_revenue_wan=D(9500),
    main_revenue_prev_wan=D(8500),
    main_revenue_prev2_wan=D(7600),
    total_assets_wan=D(20000),
    liabilities_wan=D(8000),
    net_profit_wan=D(1200),
    rd_expense_wan=D(700),
    rd_expense_prev_wan=D(600),
    equity_financing_2y_wan=D(0),
    equity_financing_3y_wan=D(0),
    years_in_niche=8,
    market_share_pct=D(15),
    national_rank=2,
    market_leading=True,
    product_fields=("补短板", "工业六基"),
    strategic_emerging=True,
    ip_class1_high_value=1,
    ip_class1_self_developed=5,
    ip_class1_other=2,
    ip_class2=10,
    rd_institution_level="省级",
    awards=(Award("省级", 2, 2025),),
    qualifications=("高新技术企业",),
    chuangke_top500=False,
    digital_level=3,
    quality_items=("质量管理体系认证", "自主品牌"),
    titles=(Title("科技和创新型中小企业", 2026), Title("专精特新中小企业", 2024)),
    development_score=D(70),
    provincial_indicators={
        "主导产品细分市场占有率": D(15),
        "近2年研发费用平均增长率": D(12),
        "本省重点产业链配套企业": D(1),
    },
    smart_factory_level="先进级",
    maturity_score=D("3.1"),
)

# Turns off every direct-qualification route of the 创新型 rule, so the score decides.
NO_DIRECT_ROUTE: dict[str, Any] = dict(
    awards=(),
    qualifications=(),
    rd_institution_level="市级",
    equity_financing_3y_wan=D(0),
)


def facts(**changes: Any) -> EnterpriseFacts:
    """The strong enterprise with some facts changed (None removes a fact)."""
    return replace(STRONG, **changes)


def with_ratio(field: str, percent: str, of: Decimal = D(10000)) -> dict[str, Decimal]:
    """The amount that is ``percent`` of ``of`` (default: the strong revenue)."""
    return {field: of * D(percent) / 100}
