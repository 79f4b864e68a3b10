"""How far a rule result is from qualifying: unmet conditions, missing facts, the summed shortfall."""

from __future__ import annotations

from decimal import Decimal

from rules_factories import facts

from chainatlas.domain.cultivation import TIERS, Shortfall, fact_label, holds, lacks, part_gap_pct, shortfall
from chainatlas.domain.rules import Part, evaluate_little_giant, evaluate_specialised_sme

D = Decimal


def test_a_qualified_result_lacks_nothing() -> None:
    assert shortfall(evaluate_specialised_sme(facts())) == Shortfall(0, 0, 0)


def test_each_failed_condition_counts_once_with_its_distance_from_the_limit() -> None:
    # development score 45 of 50 (10%), debt ratio 85% of at most 80% (7%: 6.25 rounded up)
    result = evaluate_specialised_sme(facts(development_score=D(45), liabilities_wan=D(17000)))
    assert result.qualified is False
    assert shortfall(result) == Shortfall(2, 0, 10 + 7)


def test_an_either_or_condition_counts_its_nearest_alternative() -> None:
    # Revenue 1200 of 1500 (20% short) or equity 0 of 2000 (100% short): the condition is 20% short.
    result = evaluate_specialised_sme(facts(revenue_wan=D(1200), main_revenue_wan=D(1150),
                                            rd_expense_wan=D(100), rd_expense_prev_wan=D(100),
                                            revenue_prev_wan=D(1200), net_profit_wan=D(100)))
    assert shortfall(result) == Shortfall(1, 0, 20)


def test_a_failed_yes_no_condition_counts_a_whole_condition() -> None:
    result = evaluate_little_giant(facts(titles=()))
    assert result.reasons == ("未持有专精特新中小企业称号",)
    assert shortfall(result) == Shortfall(1, 0, 100)


def test_an_undecided_result_counts_only_the_missing_facts() -> None:
    result = evaluate_specialised_sme(facts(market_leading=None, development_score=None))
    assert result.qualified is None
    assert shortfall(result) == Shortfall(0, 2, 0)
    assert lacks(result.reasons, result.missing)[-1] == "缺少数据：细分市场占有率居前、专精特新发展评价得分"


def test_part_gap_reads_at_least_at_most_and_rank_requirements() -> None:
    assert part_gap_pct(Part("x", D("2.4"), "%", "≥3%", passed=False)) == 20
    assert part_gap_pct(Part("x", D(90), "%", "≤80%", passed=False)) == 13  # 12.5 rounded up
    assert part_gap_pct(Part("x", 9, "名", "前3名", passed=False)) == 100  # capped
    assert part_gap_pct(Part("x", False, "", "是", passed=False)) == 100


def test_fact_labels_and_tiers() -> None:
    assert fact_label("years_in_niche") == "截至上年末从事细分市场年限"
    assert fact_label("provincial_indicators.本省重点产业链配套企业") == "省级特色化指标值：本省重点产业链配套企业"
    assert [t.code for t in TIERS] == ["innovative_sme", "specialised_sme", "little_giant"]
    assert holds(["科技和创新型中小企业"], TIERS[0]) and not holds(["专精特新中小企业"], TIERS[0])
