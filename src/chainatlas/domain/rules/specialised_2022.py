"""专精特新中小企业 under the 2022 暂行办法 (legacy holders and reviews), docs/rules.md §4b.

Gate conditions first; then a score ≥60 (四类十三指标) or one of the direct
routes. The 特色化 dimension (15 points) comes from a ProvincialConfig.
"""

from __future__ import annotations

from chainatlas.domain.rules import measures as m
from chainatlas.domain.rules.checks import Check, all_of, any_of, at_least, conclude, is_true
from chainatlas.domain.rules.facts import EnterpriseFacts
from chainatlas.domain.rules.gate import sme_gate
from chainatlas.domain.rules.provincial import EXAMPLE_PROVINCIAL_2022, ProvincialConfig
from chainatlas.domain.rules.results import RuleResult, weakest
from chainatlas.domain.rules.scoring import score_check, score_sheet
from chainatlas.domain.rules.tables import (
    Dimension,
    EitherIndicator,
    Indicator,
    RuleTable,
    categories,
    ladder,
    limit,
)

SPECIALISED_SME_2022: RuleTable[object] = RuleTable(
    name="优质中小企业梯度培育管理暂行办法·专精特新中小企业",
    version="工信部企业〔2022〕63号",
    basis="《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）",
    thresholds={
        "years_in_niche": limit(2, "年"),
        "rd_expense_wan": limit(100, "万元"),
        "rd_ratio_pct": limit(3, "%"),
        "revenue_wan": limit(1000, "万元"),
        "equity_instead_of_revenue_wan": limit(2000, "万元"),
        "award_years": limit(3, "年"),
        "provincial_award_rank": limit(3, "名"),
        "national_award_rank": limit(5, "名"),
        "rd_average_2y_wan": limit(1000, "万元"),
        "equity_direct_wan": limit(6000, "万元"),
    },
    # The 特色化 dimension is inserted before 创新能力 from the provincial config.
    dimensions=(
        Dimension("专业化", (
            Indicator("主营业务收入占营业收入比重", m.main_share, ladder("%", ((80, 5), (70, 3), (60, 1)))),
            Indicator("近2年主营业务收入平均增长率", m.main_growth_avg_2y,
                      ladder("%", ((10, 10), (8, 8), (6, 6), (4, 4), (0, 2)))),
            # 1 point per full 2 years, at most 5.
            Indicator("细分市场年限", m.on(m.given, "years_in_niche"),
                      ladder("年", ((10, 5), (8, 4), (6, 3), (4, 2), (2, 1)))),
            Indicator("主导产品所属领域", m.on(m.chosen, "product_fields"), categories(
                (("补短板", "锻长板", "填空白"), 5), (("工业六基", "中华老字号"), 3))),
        )),
        Dimension("精细化", (
            Indicator("数字化水平", m.on(m.given, "digital_level"),
                      ladder("级", ((3, 5, "三级及以上"), (2, 3, "二级")), rest_label="一级")),
            # 3 points per quality item, capped at 5.
            Indicator("质量管理水平", m.on(m.count_of, "quality_items"),
                      ladder("项", ((2, 5, "2项及以上"), (1, 3, "1项")), rest_label="无")),
            Indicator("净利润率", m.net_margin, ladder("%", ((10, 10), (8, 8), (6, 6), (4, 4), (2, 2)))),
            Indicator("资产负债率", m.debt_ratio, ladder("%", ((50, 5), (60, 3), (70, 1)), at_most=True)),
        )),
        Dimension("创新能力", (
            Indicator("知识产权", m.best_ip_class, categories(
                ("Ⅰ类高价值", 10), ("自主研发Ⅰ类", 8), ("其他Ⅰ类", 6), ("Ⅱ类", 2), rest_label=m.NO_IP)),
            EitherIndicator("研发投入", (
                Indicator("研发费用", m.on(m.given, "rd_expense_wan"),
                          ladder("万元", ((500, 10), (400, 8), (300, 6), (200, 4), (100, 2)))),
                Indicator("研发费用占比", m.rd_ratio,
                          ladder("%", ((10, 10), (8, 8), (6, 6), (4, 4), (3, 2)))),
            )),
            Indicator("研发人员占比", m.rd_staff_share, ladder("%", ((20, 5), (10, 3), (5, 1)))),
            Indicator("研发机构", m.on(m.given, "rd_institution_level"), categories(
                ("国家级", 10), ("省级", 8), ("市级", 4), ("市级以下", 2), rest_label="无")),
        )),
    ),
    pass_score=60,
    notes=(
        "分档边界值归入较高档，沿用 §4a 的约定（◐）",
        "研发投入、净利润率按上年数计算",
        "特色化 15分由各省设定，见 ProvincialConfig",
    ),
)


def _direct(facts: EnterpriseFacts, t: RuleTable[object]) -> Check:
    years = int(t["award_years"].value)
    ranks = {"省级": int(t["provincial_award_rank"].value), "国家级": int(t["national_award_rank"].value)}
    award = f"近{years}年省级科技奖励（前{ranks['省级']}）或国家级科技奖励（前{ranks['国家级']}）"
    return any_of("直接认定条件", [
        is_true(award, m.has_award(facts, ranks, years), f"{award}：未获得"),
        at_least("近2年研发费用年均额", m.rd_average_2y(facts), t["rd_average_2y_wan"]),
        at_least("近2年新增股权融资（合格机构）", m.given(facts, "equity_financing_2y_wan"),
                 t["equity_direct_wan"]),
        is_true("近三年入围创客中国全国500强", m.given(facts, "chuangke_top500"), "未入围创客中国全国500强"),
    ])


def evaluate_specialised_sme_2022(facts: EnterpriseFacts,
                                  provincial: ProvincialConfig = EXAMPLE_PROVINCIAL_2022,
                                  table: RuleTable[object] = SPECIALISED_SME_2022) -> RuleResult:
    """专精特新中小企业 under the 2022 rules: the 中小企业 gate and the other gate conditions, then score ≥60
    or a direct route."""
    t = table
    fixed = list(table.dimensions)
    dimensions = (*fixed[:-1], provincial.dimension(), fixed[-1])
    sheet = score_sheet(dimensions, facts)
    assert table.pass_score is not None
    scored = score_check(sheet, table.pass_score)
    route = any_of("评分或直接认定", [scored, _direct(facts, t)])
    checks = [
        at_least("从事细分市场年限", m.given(facts, "years_in_niche"), t["years_in_niche"]),
        at_least("上年研发费用", m.given(facts, "rd_expense_wan"), t["rd_expense_wan"]),
        at_least("上年研发费用占营业收入比重", m.rd_ratio(facts), t["rd_ratio_pct"]),
        any_of("营业收入或股权融资", [
            at_least("上年营业收入", m.given(facts, "revenue_wan"), t["revenue_wan"]),
            at_least("近2年新增股权融资（合格机构）", m.given(facts, "equity_financing_2y_wan"),
                     t["equity_instead_of_revenue_wan"]),
        ]),
        route,
    ]
    # Say the score carried the result only when it did: gates met and the score passing.
    leading = [f"评分 {sheet.low}分，达到评价标准"] if scored.passed and all_of(checks).passed else []
    result = conclude(table, checks, score=sheet.total, leading=leading,
                      confidence=weakest(provincial.confidence, *(i.confidence for i in provincial.indicators)))
    return sme_gate(facts).apply(result)
