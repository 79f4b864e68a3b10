"""The 中小企业 gate of the 梯度培育 titles (docs/rules.md §2, §4): every title, both rule versions, size bounds.

A 大型 enterprise is 不适用（非中小企业）; an undecidable size makes the title 数据不足 at best;
中型/小型/微型 pass the gate and the title is judged as before.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from rules_factories import STRONG, facts

from chainatlas.domain.cultivation import Shortfall, lacks, shortfall
from chainatlas.domain.rules import (
    INNOVATIVE_SME_2022,
    LITTLE_GIANT_2022,
    LITTLE_GIANT_2026,
    NOT_SME,
    SPECIALISED_SME_2022,
    SPECIALISED_SME_2026,
    EnterpriseFacts,
    Part,
    RuleResult,
    evaluate_above_scale,
    evaluate_innovative_sme,
    evaluate_little_giant,
    evaluate_smart_factory,
    evaluate_specialised_sme,
    sme_gate,
)
from chainatlas.domain.rules.tables import RuleTable

D = Decimal
GATE_BAND = "中小企业（中型/小型/微型）"

# Every SME title under both rule versions (the 创新型 2022 table serves 2026 too, docs/rules.md §4).
TITLES: dict[str, tuple[Callable[[EnterpriseFacts], RuleResult], RuleTable]] = {
    "创新型": (evaluate_innovative_sme, INNOVATIVE_SME_2022),
    "专精特新 2022": (lambda f: evaluate_specialised_sme(f, "2022"), SPECIALISED_SME_2022),
    "专精特新 2026": (lambda f: evaluate_specialised_sme(f, "2026"), SPECIALISED_SME_2026),
    "小巨人 2022": (lambda f: evaluate_little_giant(f, "2022"), LITTLE_GIANT_2022),
    "小巨人 2026": (lambda f: evaluate_little_giant(f, "2026"), LITTLE_GIANT_2026),
    "小巨人 2026 复核": (lambda f: evaluate_little_giant(f, "2026", review=True), LITTLE_GIANT_2026),
}

# 大型 lower bounds of docs/rules.md §2 (copied by hand): industry → (a code of it, {indicator: bound}).
LARGE_BOUNDS = {
    "工业": ("3985", {"X": 1000, "Y": 40000}),
    "批发业": ("5171", {"X": 200, "Y": 40000}),
    "零售业": ("5211", {"X": 300, "Y": 20000}),
    "软件和信息技术服务业": ("6511", {"X": 300, "Y": 10000}),
    "建筑业": ("48", {"Y": 80000, "Z": 80000}),
    "租赁和商务服务业": ("72", {"X": 300, "Z": 120000}),
    "农林牧渔业": ("01", {"Y": 20000}),
    "其他未列明行业": ("73", {"X": 300}),
}
NAMES = {"X": ("从业人员", "人"), "Y": ("营业收入", "万元"), "Z": ("资产总额", "万元")}
MONEY = ("revenue_wan", "revenue_prev_wan", "revenue_prev2_wan", "main_revenue_wan", "main_revenue_prev_wan",
         "main_revenue_prev2_wan", "net_profit_wan", "rd_expense_wan", "rd_expense_prev_wan")


def sized(code: str, figures: dict[str, int | Decimal]) -> EnterpriseFacts:
    """The strong enterprise in another industry with the given size figures; its other money figures
    scale with revenue, so every ratio (and hence every title's own outcome) stays as it was."""
    changes: dict = {"industry_code": code}
    if "X" in figures:
        changes["employees"] = figures["X"]
    if "Y" in figures:
        factor = D(figures["Y"]) / STRONG.revenue_wan
        changes.update({name: getattr(STRONG, name) * factor for name in MONEY})
    if "Z" in figures:
        changes["total_assets_wan"] = D(figures["Z"])
        changes["liabilities_wan"] = D(figures["Z"]) * STRONG.liabilities_wan / STRONG.total_assets_wan
    return facts(**changes)


def below(figures: dict[str, int], letter: str) -> dict[str, int | Decimal]:
    """The figures with one indicator just under its bound: one person, or one 元 (0.0001万元)."""
    value = figures[letter] - 1 if letter == "X" else D(figures[letter]) - D("0.0001")
    return {**figures, letter: value}


def gate_part(result: RuleResult) -> Part:
    assert result.parts[0].indicator == "中小企业划型"
    return result.parts[0]


def test_the_strong_enterprise_is_small_and_qualifies_for_every_title_behind_the_gate() -> None:
    for title, (evaluate, table) in TITLES.items():
        result = evaluate(STRONG)
        assert (result.qualified, result.verdict, result.not_applicable) == (True, "符合", None), title
        assert gate_part(result) == Part("中小企业划型", "小型", "", GATE_BAND, passed=True), title
        assert (result.rule, result.version) == (table.name, table.version), title


@pytest.mark.parametrize("industry", LARGE_BOUNDS)
@pytest.mark.parametrize("title", TITLES)
def test_on_the_large_bounds_every_title_is_not_applicable(industry: str, title: str) -> None:
    code, bounds = LARGE_BOUNDS[industry]
    evaluate, table = TITLES[title]
    result = evaluate(sized(code, bounds))
    assert (result.qualified, result.not_applicable, result.verdict) == (False, NOT_SME, "不适用（非中小企业）")
    assert NOT_SME == "不适用（非中小企业）"
    assert (result.rule, result.version) == (table.name, table.version)
    assert (result.score, result.missing) == (None, ())
    assert gate_part(result) == Part("中小企业划型", "大型", "", GATE_BAND, passed=False)
    # The figures that decided it: as parts, and named in the one reason.
    assert [p.indicator for p in result.parts[1:]] == [NAMES[letter][0] for letter in bounds]
    [reason] = result.reasons
    assert reason.startswith("不属于中小企业：按中小企业划型标准规定（工信部联企业〔2011〕300号），" + industry)
    assert reason.endswith("划为大型企业")
    for letter, bound in bounds.items():
        name, unit = NAMES[letter]
        assert f"{name} {bound}{unit}（大型标准 ≥{bound}{unit}）" in reason


@pytest.mark.parametrize(("industry", "letter"),
                         [(industry, letter) for industry, (_, bounds) in LARGE_BOUNDS.items() for letter in bounds])
@pytest.mark.parametrize("title", TITLES)
def test_just_below_a_large_bound_the_gate_passes_and_the_title_is_judged_as_before(
        industry: str, letter: str, title: str) -> None:
    code, bounds = LARGE_BOUNDS[industry]
    result = TITLES[title][0](sized(code, below(bounds, letter)))
    assert (result.qualified, result.verdict, result.not_applicable) == (True, "符合", None)
    assert gate_part(result) == Part("中小企业划型", "中型", "", GATE_BAND, passed=True)


def test_the_large_firm_of_issue_15_is_not_an_innovative_sme() -> None:
    # 2,484 staff and 28.7亿元 revenue: 工业 大型 on both indicators.
    result = evaluate_innovative_sme(facts(employees=2484, revenue_wan=D(287000)))
    assert (result.qualified, result.verdict) == (False, "不适用（非中小企业）")
    assert "从业人员 2484人（大型标准 ≥1000人）、营业收入 287000万元（大型标准 ≥40000万元）" in result.reasons[0]
    assert [(p.indicator, p.value, p.band) for p in result.parts[1:]] == [
        ("从业人员", 2484, "大型（≥1000人）"), ("营业收入", D(287000), "大型（≥40000万元）")]


@pytest.mark.parametrize(
    ("changes", "missing", "why"),
    [
        ({"employees": None}, "employees", "工业划型需要从业人员"),
        ({"industry_code": None}, "industry_code", "缺少行业代码"),
        ({"industry_code": "48", "total_assets_wan": None, "liabilities_wan": None, "debt_ratio_pct": D(40)},
         "total_assets_wan", "建筑业划型需要资产总额"),
        ({"industry_code": "F"}, None, "请提供2位大类代码"),  # 批发 or 零售: too coarse to classify
    ],
)
@pytest.mark.parametrize("title", TITLES)
def test_an_undecidable_size_leaves_the_title_undecided_never_qualified(
        changes: dict, missing: str | None, why: str, title: str) -> None:
    result = TITLES[title][0](facts(**changes))
    assert (result.qualified, result.verdict, result.not_applicable) == (None, "数据不足，无法判定", None)
    assert gate_part(result) == Part("中小企业划型", None, "", GATE_BAND)
    assert any(r.startswith("无法判定是否属于中小企业：") and why in r for r in result.reasons)
    if missing:
        assert missing in result.missing


@pytest.mark.parametrize("title", TITLES)
def test_an_undecidable_size_does_not_hide_a_definite_failure(title: str) -> None:
    # No title held fails every tier's rule but 创新型, whose score fails instead.
    weak = dict(titles=(), awards=(), qualifications=(), rd_institution_level="市级", equity_financing_3y_wan=D(0),
                equity_financing_2y_wan=D(0), ip_class1_high_value=0, ip_class1_self_developed=0,
                ip_class1_other=0, ip_class2=0, rd_expense_wan=D(50), rd_expense_prev_wan=D(50),
                development_score=D(10))
    result = TITLES[title][0](facts(employees=None, **weak))
    assert (result.qualified, result.verdict) == (False, "不符合")
    assert "employees" in result.missing
    assert not any(r.startswith("无法判定是否属于中小企业") for r in result.reasons)


def test_the_gate_itself() -> None:
    assert sme_gate(STRONG).check.passed is True and sme_gate(STRONG).size.size == "小型"
    large = sme_gate(facts(employees=1000, revenue_wan=D(40000)))
    assert (large.check.passed, large.size.size, large.size.sector) == (False, "大型", "工业")
    unknown = sme_gate(facts(revenue_wan=None))
    assert (unknown.check.passed, unknown.check.missing) == (None, ("revenue_wan",))
    assert sme_gate(facts(industry_code="9")).check.passed is None  # not a code: undecided, not an error


def test_a_not_applicable_result_lacks_one_whole_condition_it_cannot_close() -> None:
    result = evaluate_specialised_sme(facts(employees=5000, revenue_wan=D(500000)))
    assert shortfall(result) == Shortfall(1, 0, 100)
    assert lacks(result.reasons, result.missing) == list(result.reasons)


def test_rules_that_are_not_for_smes_only_are_not_gated() -> None:
    # The rules digest (docs/rules.md §3, §5) sets no size condition: 规上/限上, 智能工厂 and 成熟度 apply to a 大型 enterprise.
    large = facts(employees=5000, revenue_wan=D(500000))
    factory = evaluate_smart_factory(large)
    assert factory.not_applicable is None and all(p.indicator != "中小企业划型" for p in factory.parts)
    scale = evaluate_above_scale("3985", revenue_wan=large.revenue_wan)
    assert (scale.qualified, scale.not_applicable) == (True, None)
