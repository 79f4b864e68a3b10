"""Factories for report tests: a chain in Changsha with two years of monthly figures (the monitoring factories),
a leading enterprise, a goal and a stored warning."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, update

from chainatlas.services import monitoring
from chainatlas.store.models import placements
from chainatlas.store.monitor_models import risk_warnings
from services.monitoring.factories import WAN, add_months, add_placed

CHAIN = "lithium-battery"
MONTH = date(2025, 10, 1)


def chain_with_figures(engine: Engine, *, warning: bool = True) -> dict[str, int]:
    """Three firms on the lithium-battery chain (two in 岳麓区, one in 宁乡市) with 2024 and 2025 to October."""
    leader = add_placed(engine, "星城储能电池有限公司", CHAIN, "cell-manufacturing", "battery-pack", region_code="430104",
                        revenue_fen=80_000 * WAN)
    cathode = add_placed(engine, "麓山正极材料有限公司", CHAIN, "cathode", region_code="430104", revenue_fen=30_000 * WAN)
    small = add_placed(engine, "宁乡隔膜科技有限公司", CHAIN, "separator", region_code="430182", revenue_fen=1_500 * WAN)
    outside = add_placed(engine, "湘江食品有限公司", "beidou", region_code="430104", revenue_fen=9_000 * WAN)
    with engine.begin() as conn:
        conn.execute(update(placements).where(placements.c.enterprise_id == leader).values(role="leader"))
    add_months(engine, leader, 2024, [600 + 10 * m for m in range(12)])
    add_months(engine, leader, 2025, [700 + 12 * m for m in range(10)])
    add_months(engine, cathode, 2024, [200] * 12)
    add_months(engine, cathode, 2025, [230] * 10)
    add_months(engine, small, 2024, [20] * 12)
    add_months(engine, small, 2025, [15] * 10)
    add_months(engine, outside, 2025, [3000] * 10)
    monitoring.refresh(engine)
    if warning:
        with engine.begin() as conn:
            conn.execute(risk_warnings.insert().values(
                key="single-source:separator", rule="single_source", rule_version=1, level="orange",
                region_code="430100", chain_id=CHAIN, link_id="separator", enterprise_id=None, subject_kind="link",
                subject_id="separator", subject="隔膜", figures={"enterprises": 1},
                message="隔膜环节仅1家本地企业（单一来源）", first_seen=date(2025, 9, 1), last_seen=date(2025, 10, 31)))
    return {"leader": leader, "cathode": cathode, "small": small}
