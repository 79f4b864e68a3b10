"""The configurable 特色化 indicators of the 2022 专精特新 score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rules_factories import facts

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import (
    EXAMPLE_PROVINCIAL_2022,
    evaluate_specialised_sme,
    provincial_config_from_dict,
)

D = Decimal

CONFIG = {
    "province": "某省",
    "indicators": [
        {
            "name": "单位产值能耗下降率",
            "unit": "%",
            "max_points": 10,
            "bands": [{"at_least": 10, "points": 10}, {"at_least": 5, "points": 6}],
        },
        {
            "name": "万元产值碳排放",
            "unit": "吨",
            "max_points": 5,
            "bands": [{"at_most": "0.5", "points": 5}, {"at_most": 1, "points": 2}],
        },
    ],
}


def test_example_config_is_marked_unconfirmed_and_fits_the_frame() -> None:
    assert EXAMPLE_PROVINCIAL_2022.confidence == "⚠"
    assert sum(i.max_points for i in EXAMPLE_PROVINCIAL_2022.indicators) == 15


def test_custom_config_scores_from_the_facts() -> None:
    config = provincial_config_from_dict(CONFIG)
    values = {"单位产值能耗下降率": D(5), "万元产值碳排放": D("0.5")}
    result = evaluate_specialised_sme(facts(provincial_indicators=values), "2022", provincial=config)
    parts = {p.indicator: (p.band, p.points) for p in result.parts}
    assert parts["单位产值能耗下降率"] == ("5–10%", 6)
    assert parts["万元产值碳排放"] == ("≤0.5吨", 5)
    assert config.province == "某省"


def test_missing_custom_value_is_named() -> None:
    config = provincial_config_from_dict(CONFIG)
    # 54 known points: the 15 provincial points could still carry it past 60.
    weak = dict(
        awards=(),
        rd_institution_level="无",
        ip_class1_high_value=0,
        ip_class1_self_developed=0,
        ip_class1_other=0,
        ip_class2=0,
        net_profit_wan=D(0),
    )
    result = evaluate_specialised_sme(facts(**weak, provincial_indicators={}), "2022", provincial=config)
    assert result.qualified is None
    assert result.missing == (
        "provincial_indicators.单位产值能耗下降率",
        "provincial_indicators.万元产值碳排放",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"indicators": []}, "特色化指标应为 1–3 项，实际为 0 项"),
        ({"indicators": CONFIG["indicators"] * 2}, "特色化指标应为 1–3 项"),
        ({"indicators": [dict(CONFIG["indicators"][0], max_points=8)]}, "max_points 应等于最高档分值 10"),
        (
            {
                "indicators": [
                    dict(
                        CONFIG["indicators"][0],
                        bands=[{"at_least": 5, "points": 6}, {"at_least": 10, "points": 10}],
                    )
                ]
            },
            "应从最优档开始排列",
        ),
        ({"indicators": [dict(CONFIG["indicators"][0], bands=[{"at_least": "x", "points": 6}])]}, "不是数值"),
        (
            {
                "indicators": [
                    dict(
                        CONFIG["indicators"][0],
                        bands=[{"at_least": 1, "at_most": 2, "points": 1}, {"at_most": 3, "points": 1}],
                    )
                ]
            },
            "不能混用",
        ),
        ({"indicators": [{"unit": "%"}]}, "应为含 name 的对象"),
        (
            {
                "indicators": [
                    dict(CONFIG["indicators"][0], name="甲", max_points=10),
                    dict(CONFIG["indicators"][0], name="乙", max_points=10),
                ]
            },
            "满分合计 20分，超过 15分",
        ),
        ({"indicators": "x"}, "特色化指标配置应为"),
    ],
)
def test_bad_configs_are_refused(change: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        provincial_config_from_dict({**CONFIG, **change})
