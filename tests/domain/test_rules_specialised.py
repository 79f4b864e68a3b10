"""专精特新中小企业 under both rule sets (docs/rules.md §4b): every condition at its edge."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rules_factories import STRONG, facts

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import (
    SPECIALISED_SME_2022,
    SPECIALISED_SME_2026,
    Award,
    EnterpriseFacts,
    Title,
    evaluate_specialised_sme,
)

D = Decimal


def run(rules: str = "2026", **changes):
    return evaluate_specialised_sme(facts(**changes), rules)


def part(result, indicator: str):
    return next(p for p in result.parts if p.indicator == indicator)


def test_strong_enterprise_qualifies_under_both_rule_sets() -> None:
    new, old = run("2026"), run("2022")
    assert (new.qualified, new.version, new.rule) == (
        True,
        "工信部企业〔2026〕2号",
        SPECIALISED_SME_2026.name,
    )
    assert (old.qualified, old.version, old.score) == (True, "工信部企业〔2022〕63号", 93)
    assert old.rule == SPECIALISED_SME_2022.name
    assert old.confidence == "⚠"  # the default provincial config is an example


def test_default_rule_set_is_2026() -> None:
    assert evaluate_specialised_sme(STRONG).version == "工信部企业〔2026〕2号"


def test_unknown_rule_set_is_refused() -> None:
    with pytest.raises(InvalidInput, match="规则版本只能是 2022 或 2026"):
        evaluate_specialised_sme(STRONG, "2024")


# ---- 2026 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "qualified", "reason"),
    [
        ({"titles": (Title("创新型中小企业", 2023),)}, True, None),
        ({"titles": (Title("专精特新中小企业", 2024),)}, False, "未持有科技和创新型（创新型）中小企业称号"),
        ({"years_in_niche": 3}, True, None),
        ({"years_in_niche": 2}, False, "从事细分市场年限 2年，低于 3年 要求 1年"),
        ({"main_revenue_wan": D(8000)}, True, None),
        (
            {"main_revenue_wan": D(7999)},
            False,
            "主营业务收入占营业收入比重 79.99%，低于 80% 要求 0.01 个百分点",
        ),
        ({"liabilities_wan": D(16000)}, True, None),
        ({"liabilities_wan": D(16001)}, False, "资产负债率 80.01%，高于 80% 上限 0.01 个百分点"),
        ({"rd_expense_wan": D(300)}, True, None),
        (
            {"rd_expense_wan": D("299.99")},
            False,
            "上年研发费用占营业收入比重 2.99%，低于 3% 要求 0.01 个百分点",
        ),
        ({"rd_expense_prev_wan": D(270)}, True, None),
        (
            {"rd_expense_prev_wan": D(260)},
            False,
            "前年研发费用占营业收入比重 2.88%，低于 3% 要求 0.12 个百分点",
        ),
        ({"market_leading": False}, False, "细分市场占有率未居前"),
        ({"development_score": D(50)}, True, None),
        ({"development_score": D("49.5")}, False, "专精特新发展评价得分 49.5分，低于 50分 要求 0.5分"),
    ],
)
def test_2026_condition_edges(changes: dict, qualified: bool, reason: str | None) -> None:
    result = run("2026", **changes)
    assert result.qualified is qualified
    assert result.reasons == ((reason,) if reason else ())


def test_2026_rd_amount_floor_of_100_wan() -> None:
    small = dict(revenue_wan=D(3000), main_revenue_wan=D(2900), revenue_prev_wan=D(3000))
    assert run("2026", **small, rd_expense_wan=D(100), rd_expense_prev_wan=D(100)).qualified is True
    failed = run("2026", **small, rd_expense_wan=D("99.5"), rd_expense_prev_wan=D(100))
    assert failed.reasons == ("上年研发费用 99.5万元，低于 100万元 要求 0.5万元",)


def test_2026_revenue_or_equity() -> None:
    small = dict(revenue_wan=D(1200), main_revenue_wan=D(1200), rd_expense_wan=D(100))
    failed = run("2026", **small, equity_financing_2y_wan=D(0))
    assert failed.qualified is False
    assert "上年营业收入 1200万元，低于 1500万元 要求 300万元" in failed.reasons[0]
    assert failed.reasons[0].startswith("营业收入或股权融资未满足（满足其一即可）：")
    assert run("2026", **small, equity_financing_2y_wan=D(2000)).qualified is True
    assert run("2026", revenue_wan=D(1500), main_revenue_wan=D(1500), rd_expense_wan=D(100)).qualified is True


@pytest.mark.parametrize(
    ("changes", "qualified"),
    [
        ({}, False),
        ({"ip_class1_other": 1}, True),
        ({"ip_class2": 5}, False),  # Ⅱ类 does not count
        ({"awards": (Award("省级", 3, 2010),)}, True),  # no time limit in the 2026 text
        ({"awards": (Award("省级", 4, 2025),)}, False),
        ({"rd_institution_level": "省级"}, True),
    ],
)
def test_2026_ip_or_its_waivers(changes: dict, qualified: bool) -> None:
    base = dict(
        ip_class1_high_value=0,
        ip_class1_self_developed=0,
        ip_class1_other=0,
        ip_class2=0,
        awards=(),
        rd_institution_level="市级",
    )
    assert run("2026", **{**base, **changes}).qualified is qualified


def test_2026_missing_data_gives_none_and_names_fields() -> None:
    result = run("2026", development_score=None, titles=None)
    assert result.qualified is None
    assert result.missing == ("titles", "development_score")


def test_2026_definite_failure_wins_over_missing_data() -> None:
    result = run("2026", development_score=None, years_in_niche=1)
    assert result.qualified is False and result.missing == ("development_score",)


def test_2026_debt_ratio_may_be_stated_instead_of_balance_sheet() -> None:
    assert run("2026", liabilities_wan=None, total_assets_wan=None, debt_ratio_pct=D(80)).qualified is True
    result = run("2026", liabilities_wan=None, debt_ratio_pct=None)
    assert result.missing == ("debt_ratio_pct", "liabilities_wan")


# ---- 2022 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "changes", "points"),
    [
        ("主营业务收入占营业收入比重", {"main_revenue_wan": D(8000)}, 5),
        ("主营业务收入占营业收入比重", {"main_revenue_wan": D(7999)}, 3),
        ("主营业务收入占营业收入比重", {"main_revenue_wan": D(7000)}, 3),
        ("主营业务收入占营业收入比重", {"main_revenue_wan": D(6000)}, 1),
        ("主营业务收入占营业收入比重", {"main_revenue_wan": D(5999)}, 0),
        ("细分市场年限", {"years_in_niche": 1}, 0),
        ("细分市场年限", {"years_in_niche": 2}, 1),
        ("细分市场年限", {"years_in_niche": 3}, 1),
        ("细分市场年限", {"years_in_niche": 9}, 4),
        ("细分市场年限", {"years_in_niche": 10}, 5),
        ("细分市场年限", {"years_in_niche": 40}, 5),
        ("主导产品所属领域", {"product_fields": ("锻长板",)}, 5),
        ("主导产品所属领域", {"product_fields": ("中华老字号",)}, 3),
        ("主导产品所属领域", {"product_fields": ("重点产业领域",)}, 0),
        ("主导产品所属领域", {"product_fields": ()}, 0),
        ("数字化水平", {"digital_level": 4}, 5),
        ("数字化水平", {"digital_level": 3}, 5),
        ("数字化水平", {"digital_level": 2}, 3),
        ("数字化水平", {"digital_level": 1}, 0),
        ("质量管理水平", {"quality_items": ()}, 0),
        ("质量管理水平", {"quality_items": ("自主品牌",)}, 3),
        ("质量管理水平", {"quality_items": ("自主品牌", "参与标准制修订", "质量管理体系认证")}, 5),
        ("净利润率", {"net_profit_wan": D(1000)}, 10),
        ("净利润率", {"net_profit_wan": D(999)}, 8),
        ("净利润率", {"net_profit_wan": D(200)}, 2),
        ("净利润率", {"net_profit_wan": D(199)}, 0),
        ("净利润率", {"net_profit_wan": D(-500)}, 0),
        ("资产负债率", {"liabilities_wan": D(10000)}, 5),
        ("资产负债率", {"liabilities_wan": D(10001)}, 3),
        ("资产负债率", {"liabilities_wan": D(14000)}, 1),
        ("资产负债率", {"liabilities_wan": D(14001)}, 0),
        ("知识产权", {"ip_class1_high_value": 0}, 8),
        ("知识产权", {"ip_class1_high_value": 0, "ip_class1_self_developed": 0}, 6),
        ("研发人员占比", {"rd_staff": 40}, 5),
        ("研发人员占比", {"rd_staff": 39}, 3),
        ("研发人员占比", {"rd_staff": 10}, 1),
        ("研发人员占比", {"rd_staff": 9}, 0),
        ("研发机构", {"rd_institution_level": "国家级"}, 10),
        ("研发机构", {"rd_institution_level": "市级"}, 4),
        ("研发机构", {"rd_institution_level": "市级以下"}, 2),
        ("研发机构", {"rd_institution_level": "无"}, 0),
    ],
)
def test_2022_score_band_edges(indicator: str, changes: dict, points: int) -> None:
    assert part(run("2022", **changes), indicator).points == points


@pytest.mark.parametrize(("prev2", "points"), [("7600", 10), ("8000", 8), ("9000", 2), ("10000", 0)])
def test_2022_average_main_growth(prev2: str, points: int) -> None:
    # growth last year 9500/8500 = 11.76%; the year before 8500/prev2.
    assert part(run("2022", main_revenue_prev2_wan=D(prev2)), "近2年主营业务收入平均增长率").points == points


@pytest.mark.parametrize(
    ("rd", "revenue", "points"),
    [
        ("500", "10000", 10),
        ("450", "10000", 8),  # amount band beats the 4.5% ratio band
        ("250", "2000", 10),  # 12.5% of revenue beats the 200–300万 amount band
        ("100", "3400", 2),
        ("99", "10000", 0),
    ],
)
def test_2022_rd_input_takes_the_better_of_amount_and_ratio(rd: str, revenue: str, points: int) -> None:
    result = run("2022", rd_expense_wan=D(rd), revenue_wan=D(revenue))
    assert part(result, "研发投入").points == points


def test_2022_gate_conditions() -> None:
    assert run("2022", years_in_niche=2).qualified is True
    assert run("2022", years_in_niche=1).reasons[0] == "从事细分市场年限 1年，低于 2年 要求 1年"
    small = dict(revenue_wan=D(999), main_revenue_wan=D(990), rd_expense_wan=D(100))
    assert run("2022", **small, equity_financing_2y_wan=D(2000)).qualified is True
    assert run("2022", **small, equity_financing_2y_wan=D(1999)).qualified is False


# Scores below 60: every score indicator low, gates still met.
LOW_SCORE = dict(
    main_revenue_wan=D(5000),
    main_revenue_prev_wan=D(6000),
    main_revenue_prev2_wan=D(7000),
    years_in_niche=2,
    product_fields=(),
    digital_level=1,
    quality_items=(),
    net_profit_wan=D(0),
    liabilities_wan=D(18000),
    ip_class1_high_value=0,
    ip_class1_self_developed=0,
    ip_class1_other=0,
    ip_class2=0,
    rd_expense_wan=D(300),
    rd_expense_prev_wan=D(300),
    rd_staff=0,
    rd_institution_level="无",
    awards=(),
    chuangke_top500=False,
    provincial_indicators={
        "主导产品细分市场占有率": D(0),
        "近2年研发费用平均增长率": D(-1),
        "本省重点产业链配套企业": D(0),
    },
)


@pytest.mark.parametrize(
    ("changes", "qualified"),
    [
        ({}, False),
        ({"awards": (Award("省级", 3, 2024),)}, True),
        ({"awards": (Award("省级", 4, 2024),)}, False),
        ({"awards": (Award("国家级", 5, 2023),)}, True),
        ({"awards": (Award("国家级", 6, 2023),)}, False),
        ({"awards": (Award("国家级", 1, 2022),)}, False),
        ({"rd_expense_wan": D(1000), "rd_expense_prev_wan": D(1000)}, True),
        ({"rd_expense_wan": D(1000), "rd_expense_prev_wan": D(999)}, False),
        ({"equity_financing_2y_wan": D(6000)}, True),
        ({"equity_financing_2y_wan": D(5999)}, False),
        ({"chuangke_top500": True}, True),
    ],
)
def test_2022_direct_routes_replace_a_low_score(changes: dict, qualified: bool) -> None:
    result = run("2022", **{**LOW_SCORE, **changes})
    assert result.score is not None and result.score < 60
    assert result.qualified is qualified
    if not qualified:
        assert result.reasons[0].startswith("评分或直接认定未满足（满足其一即可）：总分 ")


def test_2022_missing_provincial_value_can_still_pass() -> None:
    result = run("2022", provincial_indicators={})
    assert result.qualified is True and result.score is None
    assert result.missing == ()


def test_2022_all_unknown_is_undecided() -> None:
    result = evaluate_specialised_sme(EnterpriseFacts(), "2022")
    assert result.qualified is None
    assert (
        "years_in_niche" in result.missing
        and "provincial_indicators.主导产品细分市场占有率" in result.missing
    )
