"""专精特新"小巨人" under the 2026 办法 (all seven conditions) and the 2022 rules (◐).

docs/rules.md §4c. The 2022 figures come from one source only, so that whole table
is marked ◐ and every result of it reports ◐.
"""

from __future__ import annotations

from datetime import date

from chainatlas.domain.rules import measures as m
from chainatlas.domain.rules.checks import Check, all_of, any_of, at_least, at_most, conclude, is_true
from chainatlas.domain.rules.facts import EnterpriseFacts
from chainatlas.domain.rules.gate import sme_gate
from chainatlas.domain.rules.results import ONE_SOURCE, Part, RuleResult
from chainatlas.domain.rules.specialised import CURRENT_RULE_SET, check_rule_set
from chainatlas.domain.rules.tables import RuleTable, limit

KEY_PRODUCT_FIELDS = ("工业六基", "产业链关键环节", "重点产业领域")
ANY_RD_INSTITUTION = ("国家级", "省级", "市级", "市级以下")

LITTLE_GIANT_2026: RuleTable[object] = RuleTable(
    name="优质中小企业梯度培育管理办法·专精特新“小巨人”企业",
    version="工信部企业〔2026〕2号",
    basis="《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）",
    effective_from=date(2026, 4, 1),
    thresholds={
        "years_in_niche": limit(3, "年"),
        "revenue_wan": limit(5000, "万元"),
        "main_share_pct": limit(90, "%"),
        "revenue_cagr_pct": limit(5, "%"),
        "debt_ratio_pct": limit(75, "%"),
        "rd_total_2y_wan": limit(1200, "万元"),
        "rd_ratio_pct": limit(3, "%"),
        "ip_self_developed": limit(4, "项"),
        "award_rank": limit(3, "名"),
        "market_share_pct": limit(10, "%"),
        "national_rank": limit(3, "名"),
        "development_score": limit(60, "分"),
    },
    notes=(
        "复核（review=True）不考核近2年营业收入复合增长率",
        "主导产品领域取 工业六基 / 产业链关键环节 / 重点产业领域（传统、新兴、未来产业）",
        "Ⅰ类高价值知识产权计入自主研发Ⅰ类知识产权",
    ),
)

LITTLE_GIANT_2022: RuleTable[object] = RuleTable(
    name="优质中小企业梯度培育管理暂行办法·专精特新“小巨人”企业",
    version="工信部企业〔2022〕63号",
    basis="《优质中小企业梯度培育管理暂行办法》（工信部企业〔2022〕63号）",
    thresholds={
        "years_in_niche": limit(3, "年", ONE_SOURCE),
        "main_share_pct": limit(70, "%", ONE_SOURCE),
        "main_growth_avg_2y_pct": limit(5, "%", ONE_SOURCE),
        "debt_ratio_pct": limit(70, "%", ONE_SOURCE),
        "market_share_pct": limit(10, "%", ONE_SOURCE),
        "revenue_band_high_wan": limit(10000, "万元", ONE_SOURCE),
        "revenue_band_mid_wan": limit(5000, "万元", ONE_SOURCE),
        "rd_ratio_high_pct": limit(3, "%", ONE_SOURCE),
        "rd_ratio_mid_pct": limit(6, "%", ONE_SOURCE),
        "equity_small_wan": limit(8000, "万元", ONE_SOURCE),
        "rd_total_small_wan": limit(3000, "万元", ONE_SOURCE),
        "rd_staff_small_pct": limit(50, "%", ONE_SOURCE),
        "ip_class1": limit(2, "项", ONE_SOURCE),
    },
    notes=("研发投入按上年营业收入分档：≥1亿元、5000万–1亿元、<5000万元",),
    confidence=ONE_SOURCE,
)


def _rd_each_year(facts: EnterpriseFacts, t: RuleTable[object], key: str, band: str = "") -> list[Check]:
    suffix = f"（{band}）" if band else ""
    return [
        at_least(f"上年研发费用占营业收入比重{suffix}", m.rd_ratio(facts), t[key]),
        at_least(f"前年研发费用占营业收入比重{suffix}", m.rd_ratio_prev(facts), t[key]),
    ]


def evaluate_little_giant_2026(facts: EnterpriseFacts, *, review: bool = False,
                               table: RuleTable[object] = LITTLE_GIANT_2026) -> RuleResult:
    """"小巨人" under the 2026 rules, behind the 中小企业 gate; ``review`` (复核) drops the revenue-growth
    condition."""
    t = table
    rank = int(t["award_rank"].value)
    cagr = at_least("近2年营业收入复合增长率", m.revenue_cagr_2y(facts), t["revenue_cagr_pct"])
    growth = [] if review else [cagr]
    checks = [
        is_true("持有专精特新中小企业称号", m.holds_title(facts, "专精特新中小企业", "专精特新小巨人"),
                "未持有专精特新中小企业称号"),
        at_least("从事细分市场年限", m.given(facts, "years_in_niche"), t["years_in_niche"]),
        at_least("上年营业收入", m.given(facts, "revenue_wan"), t["revenue_wan"]),
        at_least("主营业务收入占营业收入比重", m.main_share(facts), t["main_share_pct"]),
        *growth,
        at_most("资产负债率", m.debt_ratio(facts), t["debt_ratio_pct"]),
        at_least("近2年研发费用总额", m.rd_total_2y(facts), t["rd_total_2y_wan"]),
        *_rd_each_year(facts, t, "rd_ratio_pct"),
        any_of("自主研发Ⅰ类知识产权或替代条件", [
            at_least("主导产品相关自主研发Ⅰ类知识产权", m.ip_self_developed_count(facts),
                     t["ip_self_developed"]),
            is_true(f"国家级科技奖励（排名前{rank}）", m.has_award(facts, {"国家级": rank}, None),
                    f"未获国家级科技奖励（排名前{rank}）"),
        ]),
        any_of("市场占有率或全国排名", [
            at_least("细分市场占有率", m.given(facts, "market_share_pct"), t["market_share_pct"]),
            at_most("全国细分市场排名", m.given(facts, "national_rank"), t["national_rank"]),
        ]),
        is_true("主导产品属于工业六基、产业链关键环节或重点产业领域",
                m.within(facts, "product_fields", KEY_PRODUCT_FIELDS),
                "主导产品不属于工业六基、产业链关键环节或重点产业领域"),
        at_least("专精特新发展评价得分", m.given(facts, "development_score"), t["development_score"]),
    ]
    leading = ["复核：不考核近2年营业收入复合增长率"] if review else []
    return sme_gate(facts).apply(conclude(table, checks, leading=leading))


def _rd_by_revenue_band(facts: EnterpriseFacts, t: RuleTable[object]) -> Check:
    """The 2022 R&D requirement, which depends on last year's revenue band."""
    revenue = facts.revenue_wan
    if revenue is None:
        part = Part("上年营业收入（决定研发投入要求档位）", None, "万元", None)
        return Check(None, (part,), (), ("revenue_wan",))
    if revenue >= t["revenue_band_high_wan"].value:
        return all_of(_rd_each_year(facts, t, "rd_ratio_high_pct", "营业收入1亿元以上"))
    if revenue >= t["revenue_band_mid_wan"].value:
        return all_of(_rd_each_year(facts, t, "rd_ratio_mid_pct", "营业收入5000万–1亿元"))
    band = "营业收入5000万元以下"
    return all_of([
        at_least(f"近2年新增股权融资（{band}）", m.given(facts, "equity_financing_2y_wan"),
                 t["equity_small_wan"]),
        at_least(f"近2年研发费用总额（{band}）", m.rd_total_2y(facts), t["rd_total_small_wan"]),
        at_least(f"研发人员占比（{band}）", m.rd_staff_share(facts), t["rd_staff_small_pct"]),
    ])


def evaluate_little_giant_2022(facts: EnterpriseFacts,
                               table: RuleTable[object] = LITTLE_GIANT_2022) -> RuleResult:
    """"小巨人" under the 2022 rules (figures ◐): the 中小企业 gate and every condition must hold."""
    t = table
    checks = [
        at_least("从事细分市场年限", m.given(facts, "years_in_niche"), t["years_in_niche"]),
        at_least("主营业务收入占营业收入比重", m.main_share(facts), t["main_share_pct"]),
        at_least("近2年主营业务收入平均增长率", m.main_growth_avg_2y(facts), t["main_growth_avg_2y_pct"]),
        at_most("资产负债率", m.debt_ratio(facts), t["debt_ratio_pct"]),
        at_least("细分市场占有率", m.given(facts, "market_share_pct"), t["market_share_pct"]),
        _rd_by_revenue_band(facts, t),
        is_true("建有研发机构", m.within(facts, "rd_institution_level", ANY_RD_INSTITUTION),
                "未建立研发机构"),
        at_least("Ⅰ类知识产权", m.ip_class1_count(facts), t["ip_class1"]),
    ]
    return sme_gate(facts).apply(conclude(table, checks))


def evaluate_little_giant(facts: EnterpriseFacts, rules: str = CURRENT_RULE_SET, *,
                          review: bool = False) -> RuleResult:
    """专精特新"小巨人" under the chosen rule set ("2022" or "2026")."""
    if check_rule_set(rules) == "2022":
        return evaluate_little_giant_2022(facts)
    return evaluate_little_giant_2026(facts, review=review)
