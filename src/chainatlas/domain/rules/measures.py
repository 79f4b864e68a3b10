"""Values the rules judge, derived from EnterpriseFacts, each naming what it lacks.

Ratios are Decimal percent (3.5 means 3.5%), computed exactly and then cut
to 0.01 percentage point in the direction that never flatters the enterprise:
down where more is better, up for the debt ratio. Every official limit has at
most two decimals, so the shown figure and the exact one fall on the same side
of it: a result never shows "3.00%" next to "低于 3%", nor passes 2.999% as 3%.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from chainatlas.domain.rules.facts import FACT_FIELDS, EnterpriseFacts

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

MeasureValue = Decimal | int | bool | str | frozenset[str] | None


@dataclass(frozen=True)
class Measure:
    """A derived value with its unit; when None, ``missing`` names the absent fields
    and ``note`` explains a value that cannot exist (e.g. a growth rate from zero)."""

    value: MeasureValue
    unit: str = ""
    missing: tuple[str, ...] = ()
    note: str | None = None


def _absent(facts: EnterpriseFacts, *names: str) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(facts, name) is None)


def given(facts: EnterpriseFacts, name: str) -> Measure:
    """A fact used as it is, with the unit its field declares."""
    value = getattr(facts, name)
    unit = FACT_FIELDS[name].metadata["unit"]
    return Measure(value, unit, () if value is not None else (name,))


def cut(percent: Decimal, lower_is_better: bool = False) -> Decimal:
    """An exact percent cut to 0.01 against the enterprise (see the module docstring)."""
    return percent.quantize(CENT, ROUND_CEILING if lower_is_better else ROUND_FLOOR)


def ratio(facts: EnterpriseFacts, numerator: str, denominator: str, lower_is_better: bool = False) -> Measure:
    """A percent of two facts; a zero denominator gives no value and a note."""
    missing = _absent(facts, numerator, denominator)
    if missing:
        return Measure(None, "%", missing)
    top, bottom = getattr(facts, numerator), getattr(facts, denominator)
    if not bottom:
        label = FACT_FIELDS[denominator].metadata["zh"]
        return Measure(None, "%", note=f"{label}为 0，无法计算比例")
    return Measure(cut(Decimal(top) * HUNDRED / Decimal(bottom), lower_is_better), "%")


def rd_ratio(facts: EnterpriseFacts) -> Measure:
    """上年研发费用占营业收入比重 (%)."""
    return ratio(facts, "rd_expense_wan", "revenue_wan")


def rd_ratio_prev(facts: EnterpriseFacts) -> Measure:
    """前年研发费用占营业收入比重 (%)."""
    return ratio(facts, "rd_expense_prev_wan", "revenue_prev_wan")


def main_share(facts: EnterpriseFacts) -> Measure:
    """主营业务收入占营业收入比重 (%)."""
    return ratio(facts, "main_revenue_wan", "revenue_wan")


def net_margin(facts: EnterpriseFacts) -> Measure:
    """净利润率 = 净利润 / 营业收入 (%)."""
    return ratio(facts, "net_profit_wan", "revenue_wan")


def rd_staff_share(facts: EnterpriseFacts) -> Measure:
    """研发人员占从业人员比重 (%)."""
    return ratio(facts, "rd_staff", "employees")


def debt_ratio(facts: EnterpriseFacts) -> Measure:
    """资产负债率 (%): stated, or computed from liabilities and total assets."""
    if facts.debt_ratio_pct is not None:
        return Measure(facts.debt_ratio_pct, "%")
    computed = ratio(facts, "liabilities_wan", "total_assets_wan", lower_is_better=True)
    if computed.missing:
        # Either the stated ratio or both balance-sheet figures would do.
        return Measure(None, "%", ("debt_ratio_pct", *computed.missing))
    return computed


def _growth(facts: EnterpriseFacts, this: str, before: str) -> Measure:
    """An exact (uncut) growth rate in percent; callers cut it once at the end."""
    missing = _absent(facts, this, before)
    if missing:
        return Measure(None, "%", missing)
    now, then = getattr(facts, this), getattr(facts, before)
    if not then:
        return Measure(None, "%", note=f"{FACT_FIELDS[before].metadata['zh']}为 0，无法计算增长率")
    return Measure((now - then) * HUNDRED / then, "%")


def main_growth(facts: EnterpriseFacts) -> Measure:
    """上年主营业务收入增长率 (%)."""
    growth = _growth(facts, "main_revenue_wan", "main_revenue_prev_wan")
    return growth if not isinstance(growth.value, Decimal) else Measure(cut(growth.value), "%")


def main_growth_avg_2y(facts: EnterpriseFacts) -> Measure:
    """近2年主营业务收入平均增长率 = (上年增长率 + 前年增长率) / 2 (%)."""
    last = _growth(facts, "main_revenue_wan", "main_revenue_prev_wan")
    before = _growth(facts, "main_revenue_prev_wan", "main_revenue_prev2_wan")
    if not isinstance(last.value, Decimal) or not isinstance(before.value, Decimal):
        missing = tuple(dict.fromkeys(last.missing + before.missing))
        return Measure(None, "%", missing, last.note or before.note)
    return Measure(cut((last.value + before.value) / 2), "%")


def revenue_cagr_2y(facts: EnterpriseFacts) -> Measure:
    """近2年营业收入复合增长率 = (上年 / 大前年)^(1/2) − 1 (%)."""
    missing = _absent(facts, "revenue_wan", "revenue_prev2_wan")
    if missing:
        return Measure(None, "%", missing)
    assert facts.revenue_wan is not None and facts.revenue_prev2_wan is not None
    if not facts.revenue_prev2_wan:
        return Measure(None, "%", note="大前年营业收入为 0，无法计算复合增长率")
    growth = (facts.revenue_wan / facts.revenue_prev2_wan).sqrt() - 1
    return Measure(cut(growth * HUNDRED), "%")


def _sum(facts: EnterpriseFacts, unit: str, *names: str) -> Measure:
    missing = _absent(facts, *names)
    if missing:
        return Measure(None, unit, missing)
    return Measure(sum(getattr(facts, name) for name in names), unit)


def rd_total_2y(facts: EnterpriseFacts) -> Measure:
    """近2年研发费用总额 (万元)."""
    return _sum(facts, "万元", "rd_expense_wan", "rd_expense_prev_wan")


def rd_average_2y(facts: EnterpriseFacts) -> Measure:
    """近2年研发费用年均额 (万元)."""
    total = rd_total_2y(facts)
    if not isinstance(total.value, Decimal):
        return total
    return Measure(total.value / 2, "万元")


# Best class first: the order of the 创新型/专精特新 IP bands. The buckets are
# disjoint; a high-value item is counted only under Ⅰ类高价值.
IP_CLASSES = (
    ("ip_class1_high_value", "Ⅰ类高价值"),
    ("ip_class1_self_developed", "自主研发Ⅰ类"),
    ("ip_class1_other", "其他Ⅰ类"),
    ("ip_class2", "Ⅱ类"),
)
NO_IP = "无"


def best_ip_class(facts: EnterpriseFacts) -> Measure:
    """The best IP class held (Ⅰ类高价值 … Ⅱ类, or 无).

    Counts are read best first, so lower classes may be absent once a better
    class is known to be held.
    """
    for name, label in IP_CLASSES:
        count = getattr(facts, name)
        if count is None:
            return Measure(None, "", (name,))
        if count > 0:
            return Measure(label)
    return Measure(NO_IP)


def ip_class1_count(facts: EnterpriseFacts) -> Measure:
    """Ⅰ类知识产权总数 (项), all three Ⅰ类 buckets."""
    return _sum(facts, "项", "ip_class1_high_value", "ip_class1_self_developed", "ip_class1_other")


def ip_self_developed_count(facts: EnterpriseFacts) -> Measure:
    """自主研发Ⅰ类知识产权 (项): self-developed plus high-value items.

    The rules digest (docs/rules.md) does not say whether Ⅰ类高价值 items are self-developed; they are
    counted here as such, since the 高价值 bucket outranks 自主研发 in every table.
    """
    return _sum(facts, "项", "ip_class1_high_value", "ip_class1_self_developed")


def strategic_field(facts: EnterpriseFacts) -> Measure:
    """主导产品领域 for the 创新型 score: 战略性新兴产业 or 其他."""
    if facts.strategic_emerging is None:
        return Measure(None, "", ("strategic_emerging",))
    return Measure("战略性新兴产业" if facts.strategic_emerging else "其他")


def chosen(facts: EnterpriseFacts, name: str) -> Measure:
    """A list-of-choices fact as a set, for category bands."""
    value = getattr(facts, name)
    return Measure(None, "", (name,)) if value is None else Measure(frozenset(value))


def count_of(facts: EnterpriseFacts, name: str) -> Measure:
    """How many distinct choices a list fact holds (项)."""
    value = getattr(facts, name)
    return Measure(None, "项", (name,)) if value is None else Measure(len(value), "项")


def _rank_fits(rank: int, worst: int | None) -> bool:
    return worst is None or rank <= worst


def has_award(facts: EnterpriseFacts, max_rank: Mapping[str, int | None],
              within_years: int | None) -> Measure:
    """Whether a listed award meets one of ``max_rank`` (level → worst rank allowed, None: any).

    ``within_years`` counts back from the 评价基准日's year (the year itself
    included); None accepts an award of any year.
    """
    if facts.awards is None:
        return Measure(None, "", ("awards",))
    fitting = [a for a in facts.awards if a.level in max_rank and _rank_fits(a.rank, max_rank[a.level])]
    if within_years is not None and fitting:
        if facts.assessed_on is None:
            return Measure(None, "", ("assessed_on",))
        year = facts.assessed_on.year
        fitting = [a for a in fitting if year - within_years <= a.year <= year]
    return Measure(bool(fitting))


def holds_title(facts: EnterpriseFacts, *titles: str) -> Measure:
    """Whether the enterprise holds any of ``titles``."""
    if facts.titles is None:
        return Measure(None, "", ("titles",))
    return Measure(any(t.title in titles for t in facts.titles))


def within(facts: EnterpriseFacts, name: str, allowed: tuple[str, ...]) -> Measure:
    """Whether a choice fact (or any item of a list fact) is one of ``allowed``."""
    value = getattr(facts, name)
    if value is None:
        return Measure(None, "", (name,))
    items = {value} if isinstance(value, str) else set(value)
    return Measure(bool(items & set(allowed)))


def provincial_value(facts: EnterpriseFacts, name: str, unit: str) -> Measure:
    """A provincial 特色化 indicator's value from ``facts.provincial_indicators``."""
    values = facts.provincial_indicators or {}
    if name not in values:
        return Measure(None, unit, (f"provincial_indicators.{name}",))
    return Measure(values[name], unit)


def on(read: Callable[[EnterpriseFacts, str], Measure], name: str) -> Callable[[EnterpriseFacts], Measure]:
    """Bind a per-field measure (given, chosen, count_of) to one field, for a table."""

    def measure(facts: EnterpriseFacts) -> Measure:
        return read(facts, name)

    measure.__name__ = f"{read.__name__}_{name}"
    return measure
