"""创新型中小企业 (from 2026 科技和创新型中小企业): direct qualification, then the 2022 score.

docs/rules.md §4a. The 2026 办法 renamed the tier but keeps scoring it with this
2022 table until a new one is issued, so one table serves both names.
"""

from __future__ import annotations

from chainatlas.domain.rules import measures as m
from chainatlas.domain.rules.checks import Check, any_of, at_least, is_true
from chainatlas.domain.rules.facts import QUALIFICATIONS, EnterpriseFacts
from chainatlas.domain.rules.gate import sme_gate
from chainatlas.domain.rules.results import ONE_SOURCE, RuleResult
from chainatlas.domain.rules.scoring import score_check, score_sheet
from chainatlas.domain.rules.tables import Dimension, Indicator, RuleTable, categories, ladder, limit

INNOVATIVE_SME_2022: RuleTable[object] = RuleTable(
    name="优质中小企业梯度培育管理暂行办法·创新型中小企业评价",
    version="工信部企业〔2022〕63号",
    basis="《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）",
    thresholds={
        "equity_financing_3y_wan": limit(500, "万元"),
        "award_years": limit(3, "年"),
    },
    dimensions=(
        Dimension("创新能力", (
            Indicator("主导产品相关有效知识产权", m.best_ip_class, categories(
                ("Ⅰ类高价值", 20), ("自主研发Ⅰ类", 15), ("其他Ⅰ类", 10), ("Ⅱ类", 5), rest_label=m.NO_IP)),
            Indicator("上年研发费用占营业收入比重", m.rd_ratio,
                      ladder("%", ((5, 20), (3, 15), (2, 10), (1, 5))), ONE_SOURCE),
        ), min_points=20),
        Dimension("成长性", (
            Indicator("上年主营业务收入增长率", m.main_growth,
                      ladder("%", ((15, 20), (10, 15), (5, 10), (0, 5))), ONE_SOURCE),
            Indicator("上年末资产负债率", m.debt_ratio,
                      ladder("%", ((55, 10), (75, 5)), at_most=True), ONE_SOURCE),
        ), min_points=15),
        Dimension("专业化", (
            Indicator("主导产品所属领域", m.strategic_field, categories(("战略性新兴产业", 10), rest=5)),
            Indicator("主营业务收入占营业收入比重", m.main_share,
                      ladder("%", ((70, 20), (60, 15), (55, 10), (50, 5))), ONE_SOURCE),
        ), min_points=15),
    ),
    pass_score=60,
    notes=(
        "分档边界值归入较高档（RULES.md 标 ◐），数值分档指标因此标 ◐",
        "2026年起该梯度更名为科技和创新型中小企业，新评价表发布前仍用本表",
    ),
)


def direct_qualification(facts: EnterpriseFacts, table: RuleTable[object] = INNOVATIVE_SME_2022) -> Check:
    """Any one of the four direct-qualification routes of §4a."""
    years = int(table["award_years"].value)
    return any_of("直接认定条件", [
        is_true(f"近{years}年获国家级或省级科技奖励",
                m.has_award(facts, {"国家级": None, "省级": None}, years),
                f"近{years}年未获国家级或省级科技奖励"),
        is_true("有效的高新技术企业等资质", m.within(facts, "qualifications", QUALIFICATIONS),
                "无有效的高新技术企业/国家技术创新示范企业/知识产权优势或示范企业资质"),
        is_true("省级以上研发机构", m.within(facts, "rd_institution_level", ("国家级", "省级")),
                "无省级以上研发机构"),
        at_least("近3年新增股权融资（合格机构）", m.given(facts, "equity_financing_3y_wan"),
                 table["equity_financing_3y_wan"]),
    ])


def evaluate_innovative_sme(facts: EnterpriseFacts,
                            table: RuleTable[object] = INNOVATIVE_SME_2022) -> RuleResult:
    """Evaluate 创新型（科技和创新型）中小企业: direct qualification, else score ≥60 with dimension minima.

    Behind the 中小企业 gate (``sme_gate``): a 大型 enterprise is 不适用（非中小企业）.
    """
    direct = direct_qualification(facts, table)
    sheet = score_sheet(table.dimensions, facts)
    assert table.pass_score is not None
    scored = score_check(sheet, table.pass_score)
    parts = direct.parts + scored.parts
    missing: tuple[str, ...] = ()
    reasons: tuple[str, ...]
    qualified: bool | None
    if direct.passed:
        met = "、".join(p.indicator for p in direct.parts if p.passed)
        qualified, reasons = True, (f"符合直接认定条件：{met}",)
    elif scored.passed:
        qualified, reasons = True, (f"评分 {sheet.low}分，达到评价标准",)
    elif direct.passed is False and scored.passed is False:
        qualified, reasons = False, (*scored.reasons, "且不符合任一直接认定条件")
    else:
        # Undecided: either route could still succeed once the missing data arrive.
        qualified, reasons = None, direct.reasons + scored.reasons
        missing = tuple(dict.fromkeys(direct.missing + scored.missing))
    return sme_gate(facts).apply(table.result(RuleResult, qualified=qualified, score=sheet.total, parts=parts,
                                              reasons=reasons, missing=missing))
