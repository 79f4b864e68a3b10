"""专精特新中小企业 under the 2026 办法 (new applications), and the choice of rule set.

docs/rules.md §4b: under 2026 every condition must hold; there is no score of the
rule's own (the development score is an input computed elsewhere).
"""

from __future__ import annotations

from datetime import date

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import measures as m
from chainatlas.domain.rules.checks import any_of, at_least, at_most, conclude, is_true
from chainatlas.domain.rules.facts import EnterpriseFacts
from chainatlas.domain.rules.gate import sme_gate
from chainatlas.domain.rules.provincial import EXAMPLE_PROVINCIAL_2022, ProvincialConfig
from chainatlas.domain.rules.results import RuleResult
from chainatlas.domain.rules.specialised_2022 import evaluate_specialised_sme_2022
from chainatlas.domain.rules.tables import RuleTable, limit

RULE_SETS = ("2022", "2026")
CURRENT_RULE_SET = "2026"

SPECIALISED_SME_2026: RuleTable[object] = RuleTable(
    name="优质中小企业梯度培育管理办法·专精特新中小企业",
    version="工信部企业〔2026〕2号",
    basis="《优质中小企业梯度培育管理办法》（工信部企业〔2026〕2号）",
    effective_from=date(2026, 4, 1),
    thresholds={
        "years_in_niche": limit(3, "年"),
        "revenue_wan": limit(1500, "万元"),
        "equity_instead_of_revenue_wan": limit(2000, "万元"),
        "main_share_pct": limit(80, "%"),
        "debt_ratio_pct": limit(80, "%"),
        "rd_expense_wan": limit(100, "万元"),
        "rd_ratio_pct": limit(3, "%"),
        "ip_class1": limit(1, "项"),
        "award_rank": limit(3, "名"),
        "development_score": limit(50, "分"),
    },
    notes=(
        "创新型中小企业（2022 称号）按 2026 年更名后的科技和创新型中小企业对待",
        "细分市场占有率“居前”无数值标准，取事实 market_leading",
    ),
)


def evaluate_specialised_sme_2026(facts: EnterpriseFacts,
                                  table: RuleTable[object] = SPECIALISED_SME_2026) -> RuleResult:
    """专精特新中小企业 under the 2026 rules: every condition must hold, behind the 中小企业 gate."""
    t = table
    rank = int(t["award_rank"].value)
    rd_years = [("上年", "rd_expense_wan", m.rd_ratio), ("前年", "rd_expense_prev_wan", m.rd_ratio_prev)]
    checks = [
        is_true("持有科技和创新型中小企业称号",
                m.holds_title(facts, "科技和创新型中小企业", "创新型中小企业"),
                "未持有科技和创新型（创新型）中小企业称号"),
        at_least("从事细分市场年限", m.given(facts, "years_in_niche"), t["years_in_niche"]),
        any_of("营业收入或股权融资", [
            at_least("上年营业收入", m.given(facts, "revenue_wan"), t["revenue_wan"]),
            at_least("近2年新增股权融资（合格机构）", m.given(facts, "equity_financing_2y_wan"),
                     t["equity_instead_of_revenue_wan"]),
        ]),
        at_least("主营业务收入占营业收入比重", m.main_share(facts), t["main_share_pct"]),
        at_most("资产负债率", m.debt_ratio(facts), t["debt_ratio_pct"]),
        *(check for label, field, ratio in rd_years for check in (
            at_least(f"{label}研发费用", m.given(facts, field), t["rd_expense_wan"]),
            at_least(f"{label}研发费用占营业收入比重", ratio(facts), t["rd_ratio_pct"]),
        )),
        any_of("Ⅰ类知识产权或替代条件", [
            at_least("主导产品相关Ⅰ类知识产权", m.ip_class1_count(facts), t["ip_class1"]),
            is_true(f"省级以上科技奖励（排名前{rank}）",
                    m.has_award(facts, {"国家级": rank, "省级": rank}, None),
                    f"未获省级以上科技奖励（排名前{rank}）"),
            is_true("省级以上研发机构", m.within(facts, "rd_institution_level", ("国家级", "省级")),
                    "无省级以上研发机构"),
        ]),
        is_true("细分市场占有率居前", m.given(facts, "market_leading"), "细分市场占有率未居前"),
        at_least("专精特新发展评价得分", m.given(facts, "development_score"), t["development_score"]),
    ]
    return sme_gate(facts).apply(conclude(table, checks))


def check_rule_set(rules: str) -> str:
    """Accept "2022" or "2026" (the rule-set year), else raise InvalidInput."""
    if rules not in RULE_SETS:
        raise InvalidInput(f"规则版本只能是 {' 或 '.join(RULE_SETS)}，实际为 {rules!r}")
    return rules


def evaluate_specialised_sme(facts: EnterpriseFacts, rules: str = CURRENT_RULE_SET, *,
                             provincial: ProvincialConfig = EXAMPLE_PROVINCIAL_2022) -> RuleResult:
    """专精特新中小企业 under the chosen rule set; ``provincial`` only affects the 2022 score."""
    if check_rule_set(rules) == "2022":
        return evaluate_specialised_sme_2022(facts, provincial)
    return evaluate_specialised_sme_2026(facts)
