"""创新型中小企业 (2022 评价表, docs/rules.md §4a): direct routes, band edges, pass marks, missing data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rules_factories import NO_DIRECT_ROUTE, facts

from chainatlas.domain.rules import INNOVATIVE_SME_2022, Award, EnterpriseFacts, evaluate_innovative_sme

D = Decimal

# Scores 5 points (其他 field): every scored indicator at its bottom band.
WEAK = dict(
    NO_DIRECT_ROUTE,
    ip_class1_high_value=0,
    ip_class1_self_developed=0,
    ip_class1_other=0,
    ip_class2=0,
    rd_expense_wan=D(50),
    main_revenue_wan=D(4000),
    main_revenue_prev_wan=D(5000),
    liabilities_wan=D(16000),
    strategic_emerging=False,
)


def points(result, indicator: str) -> int | None:
    return next(p.points for p in result.parts if p.indicator == indicator)


def test_strong_enterprise_scores_and_names_rule_and_version() -> None:
    result = evaluate_innovative_sme(facts(**NO_DIRECT_ROUTE))
    assert (result.qualified, result.score) == (True, 95)
    assert result.rule == INNOVATIVE_SME_2022.name and result.version == "工信部企业〔2022〕63号"
    assert result.confidence == "◐"  # band boundaries are ◐ in the rules digest (docs/rules.md)
    assert result.reasons == ("评分 95分，达到评价标准",)


def test_weak_enterprise_fails_with_every_shortfall() -> None:
    result = evaluate_innovative_sme(facts(**WEAK))
    assert (result.qualified, result.score) == (False, 5)
    assert result.reasons == (
        "总分 5分，低于 60分 要求 55分",
        "创新能力得分 0分，低于 20分 要求 20分",
        "成长性得分 0分，低于 15分 要求 15分",
        "专业化得分 5分，低于 15分 要求 10分",
        "且不符合任一直接认定条件",
    )


@pytest.mark.parametrize(
    ("change", "qualified"),
    [
        ({"awards": (Award("国家级", 9, 2023),)}, True),
        ({"awards": (Award("省级", 1, 2026),)}, True),
        ({"awards": (Award("省级", 1, 2022),)}, False),  # older than 3 years before 2026
        ({"awards": (Award("市级", 1, 2025),)}, False),
        ({"qualifications": ("高新技术企业",)}, True),
        ({"qualifications": ("国家技术创新示范企业",)}, True),
        ({"qualifications": ("知识产权优势企业",)}, True),
        ({"qualifications": ("知识产权示范企业",)}, True),
        ({"rd_institution_level": "国家级"}, True),
        ({"rd_institution_level": "省级"}, True),
        ({"rd_institution_level": "市级"}, False),
        ({"equity_financing_3y_wan": D(500)}, True),
        ({"equity_financing_3y_wan": D("499.99")}, False),
    ],
)
def test_each_direct_route_alone_qualifies(change: dict, qualified: bool) -> None:
    result = evaluate_innovative_sme(facts(**{**WEAK, **change}))
    assert result.qualified is qualified
    if qualified:
        assert result.reasons[0].startswith("符合直接认定条件：")


RD = "上年研发费用占营业收入比重"
GROWTH = "上年主营业务收入增长率"
DEBT = "上年末资产负债率"
SHARE = "主营业务收入占营业收入比重"


@pytest.mark.parametrize(
    ("indicator", "change", "expected"),
    [
        (RD, {"rd_expense_wan": D(500)}, 20),
        (RD, {"rd_expense_wan": D("499.99")}, 15),
        (RD, {"rd_expense_wan": D(300)}, 15),
        (RD, {"rd_expense_wan": D("299.99")}, 10),
        (RD, {"rd_expense_wan": D(200)}, 10),
        (RD, {"rd_expense_wan": D("199.99")}, 5),
        (RD, {"rd_expense_wan": D(100)}, 5),
        (RD, {"rd_expense_wan": D("99.99")}, 0),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D(11500)}, 20),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D("11499")}, 15),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D(11000)}, 15),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D(10999)}, 10),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D(10500)}, 10),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D(10499)}, 5),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D(10000)}, 5),
        (GROWTH, {"main_revenue_prev_wan": D(10000), "main_revenue_wan": D(9999)}, 0),
        (DEBT, {"liabilities_wan": D(11000)}, 10),
        (DEBT, {"liabilities_wan": D(11002)}, 5),
        (DEBT, {"liabilities_wan": D(15000)}, 5),
        (DEBT, {"liabilities_wan": D(15002)}, 0),
        (SHARE, {"main_revenue_wan": D(7000)}, 20),
        (SHARE, {"main_revenue_wan": D(6999)}, 15),
        (SHARE, {"main_revenue_wan": D(6000)}, 15),
        (SHARE, {"main_revenue_wan": D(5999)}, 10),
        (SHARE, {"main_revenue_wan": D(5500)}, 10),
        (SHARE, {"main_revenue_wan": D(5499)}, 5),
        (SHARE, {"main_revenue_wan": D(5000)}, 5),
        (SHARE, {"main_revenue_wan": D(4999)}, 0),
        ("主导产品所属领域", {"strategic_emerging": True}, 10),
        ("主导产品所属领域", {"strategic_emerging": False}, 5),
    ],
)
def test_band_edges_belong_to_the_higher_band(indicator: str, change: dict, expected: int) -> None:
    assert points(evaluate_innovative_sme(facts(**change)), indicator) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((1, 0, 0, 0), 20),
        ((0, 1, 0, 0), 15),
        ((0, 0, 1, 0), 10),
        ((0, 0, 0, 1), 5),
        ((0, 0, 0, 0), 0),
        ((1, None, None, None), 20),  # lower classes are not needed once a better one is held
    ],
)
def test_ip_classes(counts: tuple, expected: int) -> None:
    names = ("ip_class1_high_value", "ip_class1_self_developed", "ip_class1_other", "ip_class2")
    result = evaluate_innovative_sme(facts(**dict(zip(names, counts, strict=True))))
    assert points(result, "主导产品相关有效知识产权") == expected


def test_a_dimension_minimum_fails_even_with_a_passing_total() -> None:
    # 创新能力 10 + 5 = 15 < 20 while the total is 75.
    result = evaluate_innovative_sme(
        facts(
            **NO_DIRECT_ROUTE,
            ip_class1_high_value=0,
            ip_class1_self_developed=0,
            rd_expense_wan=D(150),
            main_revenue_prev_wan=D(8000),
        )
    )
    assert (result.qualified, result.score) == (False, 75)
    assert result.reasons[0] == "创新能力得分 15分，低于 20分 要求 5分"


# 创新能力 其他Ⅰ类 10 + R&D 5% 20; 成长性 growth 5% 10 + debt 60% 5; 专业化 其他 5 + share 57.75% 10.
AT_60 = dict(
    NO_DIRECT_ROUTE,
    ip_class1_high_value=0,
    ip_class1_self_developed=0,
    rd_expense_wan=D(500),
    main_revenue_wan=D(5775),
    main_revenue_prev_wan=D(5500),
    liabilities_wan=D(12000),
    strategic_emerging=False,
)


def test_total_exactly_60_passes_and_55_fails() -> None:
    at = evaluate_innovative_sme(facts(**AT_60))
    assert (at.qualified, at.score) == (True, 60)
    below = evaluate_innovative_sme(facts(**{**AT_60, "rd_expense_wan": D("499.99")}))
    assert (below.qualified, below.score) == (False, 55)
    assert below.reasons[0] == "总分 55分，低于 60分 要求 5分"


def test_missing_data_is_not_a_failure() -> None:
    result = evaluate_innovative_sme(EnterpriseFacts())
    assert result.qualified is None and result.score is None
    assert {
        "awards",
        "qualifications",
        "rd_institution_level",
        "equity_financing_3y_wan",
        "rd_expense_wan",
        "revenue_wan",
        "strategic_emerging",
    } <= set(result.missing)


def test_known_points_can_already_decide() -> None:
    # R&D unknown (up to 20 more points), yet 75 known points and 20 for 创新能力 already pass.
    result = evaluate_innovative_sme(facts(**NO_DIRECT_ROUTE, rd_expense_wan=None))
    assert result.qualified is True and result.score is None and result.missing == ()


def test_undecided_when_the_missing_points_matter() -> None:
    result = evaluate_innovative_sme(facts(**{**AT_60, "rd_expense_wan": None}))
    assert (result.qualified, result.score, result.missing) == (None, None, ("rd_expense_wan",))
    assert "已知指标得分 40分，缺失指标最多可再得 20分，尚不能判定" in result.reasons


def test_undecided_direct_route_lists_only_what_could_still_decide() -> None:
    result = evaluate_innovative_sme(facts(**{**WEAK, "rd_expense_wan": None, "awards": None}))
    assert result.qualified is None
    # R&D cannot lift the score to 60, so only the award could still decide.
    assert result.missing == ("awards",)


def test_definite_failure_with_unknown_points() -> None:
    # Even 20 points for R&D cannot lift 5 known points to 60.
    result = evaluate_innovative_sme(facts(**{**WEAK, "rd_expense_wan": None}))
    assert result.qualified is False
    assert result.reasons[0] == "总分（缺失指标按满分计） 25分，低于 60分 要求 35分"


def test_growth_from_zero_is_explained() -> None:
    result = evaluate_innovative_sme(facts(**{**WEAK, "main_revenue_prev_wan": D(0)}))
    assert any("前年主营业务收入为 0，无法计算增长率" in r for r in result.reasons)
