"""专精特新"小巨人" under both rule sets (docs/rules.md §4c): every condition at its edge."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rules_factories import facts

from chainatlas.domain.rules import LITTLE_GIANT_2022, LITTLE_GIANT_2026, Award, Title, evaluate_little_giant

D = Decimal


def run(rules: str = "2026", review: bool = False, **changes):
    return evaluate_little_giant(facts(**changes), rules, review=review)


def test_strong_enterprise_qualifies_under_both_rule_sets() -> None:
    new, old = run("2026"), run("2022")
    assert (new.qualified, new.rule, new.version, new.confidence) == (
        True,
        LITTLE_GIANT_2026.name,
        "工信部企业〔2026〕2号",
        "✅",
    )
    assert (old.qualified, old.rule, old.version) == (True, LITTLE_GIANT_2022.name, "工信部企业〔2022〕63号")
    assert old.confidence == "◐"  # the rules digest (docs/rules.md) marks the 2022 小巨人 figures ◐


# ---- 2026 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "qualified", "reason"),
    [
        ({"titles": (Title("专精特新小巨人", 2023),)}, True, None),
        ({"titles": (Title("科技和创新型中小企业", 2026),)}, False, "未持有专精特新中小企业称号"),
        ({"years_in_niche": 3}, True, None),
        ({"years_in_niche": 2}, False, "从事细分市场年限 2年，低于 3年 要求 1年"),
        ({"revenue_wan": D(5000), "main_revenue_wan": D(4500), "revenue_prev2_wan": D(4000)}, True, None),
        (
            {"revenue_wan": D("4999.99"), "main_revenue_wan": D(4500), "revenue_prev2_wan": D(4000)},
            False,
            "上年营业收入 4999.99万元，低于 5000万元 要求 0.01万元",
        ),
        ({"main_revenue_wan": D(9000)}, True, None),
        (
            {"main_revenue_wan": D(8999)},
            False,
            "主营业务收入占营业收入比重 89.99%，低于 90% 要求 0.01 个百分点",
        ),
        ({"revenue_wan": D(11025), "main_revenue_wan": D(10000), "revenue_prev2_wan": D(10000)}, True, None),
        (
            {"revenue_wan": D(11025), "main_revenue_wan": D(10000), "revenue_prev2_wan": D(10001)},
            False,
            "近2年营业收入复合增长率 4.99%，低于 5% 要求 0.01 个百分点",
        ),
        ({"liabilities_wan": D(15000)}, True, None),
        ({"liabilities_wan": D(15001)}, False, "资产负债率 75.01%，高于 75% 上限 0.01 个百分点"),
        ({"rd_expense_wan": D(600), "rd_expense_prev_wan": D(600)}, True, None),
        (
            {"rd_expense_wan": D("599.99"), "rd_expense_prev_wan": D(600)},
            False,
            "近2年研发费用总额 1199.99万元，低于 1200万元 要求 0.01万元",
        ),
        (
            {"rd_expense_wan": D(299), "rd_expense_prev_wan": D(1000)},
            False,
            "上年研发费用占营业收入比重 2.99%，低于 3% 要求 0.01 个百分点",
        ),
        ({"product_fields": ("重点产业领域",)}, True, None),
        ({"product_fields": ("产业链关键环节",)}, True, None),
        (
            {"product_fields": ("补短板", "中华老字号")},
            False,
            "主导产品不属于工业六基、产业链关键环节或重点产业领域",
        ),
        ({"development_score": D(60)}, True, None),
        ({"development_score": D("59.9")}, False, "专精特新发展评价得分 59.9分，低于 60分 要求 0.1分"),
    ],
)
def test_2026_condition_edges(changes: dict, qualified: bool, reason: str | None) -> None:
    result = run("2026", **changes)
    assert result.qualified is qualified
    assert result.reasons == ((reason,) if reason else ())


def test_2026_review_drops_the_growth_condition() -> None:
    flat = dict(revenue_prev2_wan=D(10000))  # no growth at all
    assert run("2026", **flat).qualified is False
    reviewed = run("2026", review=True, **flat)
    assert reviewed.qualified is True
    assert reviewed.reasons == ("复核：不考核近2年营业收入复合增长率",)
    assert all(p.indicator != "近2年营业收入复合增长率" for p in reviewed.parts)


@pytest.mark.parametrize(
    ("counts", "awards", "qualified"),
    [
        ((0, 4), (), True),
        ((1, 3), (), True),
        ((0, 3), (), False),
        ((0, 3), (Award("国家级", 3, 2015),), True),
        ((0, 3), (Award("国家级", 4, 2025),), False),
        ((0, 3), (Award("省级", 1, 2025),), False),
    ],
)
def test_2026_self_developed_ip_or_national_award(counts: tuple, awards: tuple, qualified: bool) -> None:
    result = run("2026", ip_class1_high_value=counts[0], ip_class1_self_developed=counts[1], awards=awards)
    assert result.qualified is qualified


@pytest.mark.parametrize(
    ("share", "rank", "qualified"),
    [
        ("10", 9, True),
        ("9.99", 3, True),
        ("9.99", 4, False),
        ("50", None, True),
    ],
)
def test_2026_market_share_or_national_rank(share: str, rank: int | None, qualified: bool) -> None:
    result = run("2026", market_share_pct=D(share), national_rank=rank)
    assert result.qualified is qualified
    if not qualified:
        assert result.reasons[0] == (
            "市场占有率或全国排名未满足（满足其一即可）：细分市场占有率 9.99%，低于 10% 要求 "
            "0.01 个百分点；全国细分市场排名 第4名，未进入前3名（差 1名）"
        )


def test_2026_missing_data() -> None:
    result = run("2026", revenue_prev2_wan=None, development_score=None)
    assert result.qualified is None
    assert result.missing == ("revenue_prev2_wan", "development_score")
    assert run("2026", review=True, revenue_prev2_wan=None, development_score=D(60)).qualified is True


# ---- 2022 (◐) -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "qualified", "reason"),
    [
        ({"years_in_niche": 2}, False, "从事细分市场年限 2年，低于 3年 要求 1年"),
        (
            {
                "main_revenue_wan": D(7000),
                "main_revenue_prev_wan": D(6000),
                "main_revenue_prev2_wan": D(5000),
            },
            True,
            None,
        ),
        (
            {
                "main_revenue_wan": D(6999),
                "main_revenue_prev_wan": D(6000),
                "main_revenue_prev2_wan": D(5000),
            },
            False,
            "主营业务收入占营业收入比重 69.99%，低于 70% 要求 0.01 个百分点",
        ),
        # growth 5% then 5%: average exactly 5%.
        (
            {
                "main_revenue_wan": D(9261),
                "main_revenue_prev_wan": D(8820),
                "main_revenue_prev2_wan": D(8400),
            },
            True,
            None,
        ),
        (
            {
                "main_revenue_wan": D(9260),
                "main_revenue_prev_wan": D(8820),
                "main_revenue_prev2_wan": D(8400),
            },
            False,
            "近2年主营业务收入平均增长率 4.99%，低于 5% 要求 0.01 个百分点",
        ),
        ({"liabilities_wan": D(14000)}, True, None),
        ({"liabilities_wan": D(14001)}, False, "资产负债率 70.01%，高于 70% 上限 0.01 个百分点"),
        ({"market_share_pct": D(10)}, True, None),
        (
            {"market_share_pct": D("9.9"), "national_rank": 1},
            False,
            "细分市场占有率 9.9%，低于 10% 要求 0.1 个百分点",
        ),
        ({"rd_institution_level": "市级以下"}, True, None),
        ({"rd_institution_level": "无"}, False, "未建立研发机构"),
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 1, "ip_class1_other": 1}, True, None),
        (
            {"ip_class1_high_value": 0, "ip_class1_self_developed": 1, "ip_class1_other": 0},
            False,
            "Ⅰ类知识产权 1项，低于 2项 要求 1项",
        ),
    ],
)
def test_2022_condition_edges(changes: dict, qualified: bool, reason: str | None) -> None:
    result = run("2022", **changes)
    assert result.qualified is qualified
    assert result.reasons == ((reason,) if reason else ())


# Revenue bands decide the R&D requirement: ≥1亿 each year ≥3%; 5000万–1亿 ≥6%; below, equity + R&D + staff.
@pytest.mark.parametrize(
    ("revenue", "rd", "extra", "qualified"),
    [
        ("10000", "300", {}, True),
        ("10000", "299", {}, False),
        ("9999", "600", {}, True),
        ("9999", "599", {}, False),
        ("5000", "300", {}, True),
        ("5000", "299", {}, False),
        ("4999", "2000", {"equity_financing_2y_wan": D(8000), "rd_staff": 100}, True),
        ("4999", "2000", {"equity_financing_2y_wan": D(7999), "rd_staff": 100}, False),
        ("4999", "2000", {"equity_financing_2y_wan": D(8000), "rd_staff": 99}, False),
        (
            "4999",
            "1000",
            {"equity_financing_2y_wan": D(8000), "rd_staff": 100, "rd_expense_prev_wan": D(1999)},
            False,
        ),
    ],
)
def test_2022_rd_requirement_by_revenue_band(revenue: str, rd: str, extra: dict, qualified: bool) -> None:
    revenue_wan = D(revenue)
    main = revenue_wan * D("0.95")
    changes = dict(
        revenue_wan=revenue_wan,
        revenue_prev_wan=revenue_wan,
        main_revenue_wan=main,
        main_revenue_prev_wan=main * D("0.9"),
        main_revenue_prev2_wan=main * D("0.8"),
        rd_expense_wan=D(rd),
        rd_expense_prev_wan=D(rd) if revenue_wan >= 5000 else D(1000),
    )
    result = run("2022", **{**changes, **extra})
    assert result.qualified is qualified, result.reasons


def test_2022_band_is_undecided_without_revenue() -> None:
    result = run("2022", revenue_wan=None)
    assert result.qualified is None and "revenue_wan" in result.missing
