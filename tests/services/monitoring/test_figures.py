"""The roll-up and the core figures of a chain in an area: sums, year-to-date growth, 规上 count, share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from chainatlas.domain.access import Area, Role, Viewer
from chainatlas.domain.errors import Forbidden
from chainatlas.services import monitoring
from services.monitoring.factories import WAN, add_months, add_placed

OPERATOR = Viewer.operator()


def _chain_with_two_firms(engine: Engine) -> tuple[int, int]:
    big = add_placed(engine, "甲电池有限公司", "lithium-battery", "cell-manufacturing", "battery-pack", region_code="430104",
                     revenue_fen=50_000 * WAN)
    small = add_placed(engine, "乙材料有限公司", "lithium-battery", "cathode", region_code="430181",
                       revenue_fen=1_000 * WAN)
    other = add_placed(engine, "丙食品有限公司", "lithium-battery", region_code="430104", revenue_fen=9_000 * WAN)
    add_months(engine, big, 2024, [100] * 12)
    add_months(engine, big, 2025, [120] * 6)
    add_months(engine, small, 2024, [10] * 12)
    add_months(engine, small, 2025, [8] * 6)
    add_months(engine, other, 2025, [500] * 6)  # reports, but is on no chain: counts in the city only
    monitoring.refresh(engine)
    return big, small


def test_chain_figures_sum_each_enterprise_once_and_compare_year_to_date(engine: Engine) -> None:
    _chain_with_two_firms(engine)
    figures = monitoring.chain_figures(engine, "lithium-battery", "430100", date(2025, 6, 1), viewer=OPERATOR)
    assert figures["output_ytd_fen"] == (6 * 120 + 6 * 8) * WAN  # the cell-and-pack maker once, not twice
    assert figures["output_yoy_pct"] == Decimal("16.36")  # 768 against 660
    assert figures["above_scale_count"] == 1  # the 1000 万元 firm is below 2000 万元
    assert figures["city_output_ytd_fen"] == (768 + 3000) * WAN
    assert figures["share_of_city_pct"] == Decimal("20.38")
    june = figures["series"][-1]
    assert june["month"] == "2025-06" and june["output_fen"] == 128 * WAN
    assert figures["series"][-7]["output_ytd_fen"] == 1320 * WAN  # 2024-12


def test_a_county_sees_its_own_enterprises(engine: Engine) -> None:
    _chain_with_two_firms(engine)
    figures = monitoring.chain_figures(engine, "lithium-battery", "430181", date(2025, 6, 1), viewer=OPERATOR)
    assert figures["output_ytd_fen"] == 48 * WAN
    assert figures["output_yoy_pct"] == Decimal("-20.00")


def test_area_sums_need_the_metrics_of_the_whole_area(engine: Engine) -> None:
    _chain_with_two_firms(engine)
    county = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430181"),))
    assert monitoring.chain_figures(engine, "lithium-battery", "430181", date(2025, 6, 1), viewer=county)
    with pytest.raises(Forbidden, match="无权查看"):
        monitoring.chain_figures(engine, "lithium-battery", "430100", date(2025, 6, 1), viewer=county)
    no_metrics = Viewer(role=Role.CHAIN_OFFICE, areas=(Area(region="430100", groups=frozenset({"basic"})),))
    with pytest.raises(Forbidden):
        monitoring.chain_figures(engine, "lithium-battery", "430100", date(2025, 6, 1), viewer=no_metrics)


def test_the_roll_up_follows_placements_made_after_it_was_built(engine: Engine) -> None:
    """A placement by hand, a rejection and a merge reach the chain's figures without a new import."""
    from sqlalchemy import select

    from chainatlas.services import atlas, registry
    from chainatlas.store.models import placements

    big, small = _chain_with_two_firms(engine)
    june = date(2025, 6, 1)

    def output() -> int:
        return monitoring.chain_figures(engine, "lithium-battery", "430100", june, viewer=OPERATOR)["output_ytd_fen"]

    assert output() == 768 * WAN
    newcomer = add_placed(engine, "丁隔膜有限公司", "new-energy-vehicle", region_code="430104")
    add_months(engine, newcomer, 2025, [40] * 6)
    monitoring.refresh(engine)
    assert output() == 768 * WAN  # reports, but not on the chain yet
    atlas.place_manually(engine, str(newcomer), "lithium-battery", "separator", viewer=OPERATOR)
    assert output() == (768 + 240) * WAN
    with engine.connect() as conn:
        pid = conn.execute(select(placements.c.id).where(placements.c.enterprise_id == small)).scalar_one()
    atlas.decide(engine, [pid], "rejected", viewer=OPERATOR)
    assert output() == (720 + 240) * WAN  # the cathode maker's 48 万元 left with its rejected placement
    twin = add_placed(engine, "甲电池有限公司（重复）", "biomedicine", region_code="430104")
    add_months(engine, twin, 2025, [None] * 6 + [130])  # only July, which the kept record has not reported
    registry.merge(engine, str(big), str(twin), "重复录入", viewer=OPERATOR)
    july = monitoring.chain_figures(engine, "lithium-battery", "430100", date(2025, 7, 1), viewer=OPERATOR)
    assert july["output_ytd_fen"] is not None and july["series"][-1]["output_fen"] == 130 * WAN
