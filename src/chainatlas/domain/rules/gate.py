"""The 中小企业 gate every 梯度培育 title passes first: only an SME under the 划型标准 may hold one.

docs/rules.md §4 (优质中小企业梯度培育): 创新型（科技和创新型）中小企业, 专精特新中小企业
and 专精特新"小巨人" are titles of 中小企业 — under both the 2022 暂行办法 and the
2026 办法 — and 中小企业 means 中型/小型/微型 under the size standard of docs/rules.md
§2 (工信部联企业〔2011〕300号; the rules digest confirms no later revision, so both rule
versions use it). Every title rule ends with ``sme_gate(facts).apply(result)``:

- 大型 → 不适用（非中小企业）: ``qualified`` False, ``not_applicable`` set, the
  size class and the figures that decided it as parts and reason;
- size undecidable (industry code or a figure its row needs missing) → the gate
  is undecided, so the title cannot be 符合 (at best 数据不足), and the facts
  that would decide it are listed in ``missing``;
- 中型/小型/微型 → the gate passes and the rule's own result stands.

Not gated: 智能工厂 and 智能制造能力成熟度 (docs/rules.md §5 sets no size condition),
规上/限上 (§3, a statistical status). 单项冠军 and 高新技术企业 are not rules here
(高新技术企业 is only a qualification the 创新型 rule reads as a fact).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules.checks import Check
from chainatlas.domain.rules.facts import EnterpriseFacts
from chainatlas.domain.rules.results import NOT_APPLICABLE, Part, RuleResult, SizeResult
from chainatlas.domain.rules.sme_size import (
    INDICATORS,
    LARGE,
    MEDIUM,
    MICRO,
    SMALL,
    SME_SIZE_2011,
    SizeRow,
    classify_sme_size,
)
from chainatlas.domain.rules.tables import RuleTable
from chainatlas.domain.rules.text import amount

NOT_SME = f"{NOT_APPLICABLE}（非中小企业）"
GATE = "中小企业划型"
SME_SIZES = f"中小企业（{MEDIUM}/{SMALL}/{MICRO}）"
_UNDECIDED = "无法判定是否属于中小企业"


@dataclass(frozen=True)
class SmeGate:
    """Whether the enterprise is an SME (``check.passed``), with the size result that says so."""

    size: SizeResult
    check: Check

    def apply(self, result: RuleResult) -> RuleResult:
        """A title rule's result behind the gate (three-valued, like ``checks.all_of``)."""
        passed = self.check.passed
        if passed is False:
            return replace(result, qualified=False, score=None, parts=(*self.check.parts, *self.size.parts),
                           reasons=self.check.reasons, missing=(), not_applicable=NOT_SME)
        parts = (*self.check.parts, *result.parts)
        if passed:
            return replace(result, parts=parts)
        # Undecided size: a definite failure of the rule still fails; otherwise the title waits on the size.
        missing = tuple(dict.fromkeys((*self.check.missing, *result.missing)))
        if result.qualified is False:
            return replace(result, parts=parts, missing=missing)
        return replace(result, qualified=None, parts=parts, reasons=(*result.reasons, *self.check.reasons),
                       missing=missing)


def _size(facts: EnterpriseFacts, table: RuleTable[SizeRow]) -> SizeResult:
    if facts.industry_code is None:
        return table.result(SizeResult, qualified=None, reasons=("缺少行业代码",), missing=("industry_code",))
    try:
        return classify_sme_size(facts.industry_code, employees=facts.employees, revenue_wan=facts.revenue_wan,
                                 total_assets_wan=facts.total_assets_wan, table=table)
    except InvalidInput as exc:
        return table.result(SizeResult, qualified=None, reasons=(str(exc),))


def _large_reason(size: SizeResult, table: RuleTable[SizeRow]) -> str:
    row = next(r for r in table.rows if r.sector == size.sector)
    figures = []
    for letter, bound in row.bounds[LARGE].items():
        _, name, unit = INDICATORS[letter]
        value = next(p.value for p in size.parts if p.indicator == name)
        assert value is not None and not isinstance(value, bool | str)
        figures.append(f"{name} {amount(value, unit)}（大型标准 ≥{amount(bound, unit)}）")
    return (f"不属于中小企业：按{table.name}（{table.version}），{size.sector}企业{'、'.join(figures)}，"
            f"划为{LARGE}企业")


def _gate(facts: EnterpriseFacts, table: RuleTable[SizeRow]) -> SmeGate:
    size = _size(facts, table)
    if size.qualified is None:
        reason = f"{_UNDECIDED}：{'；'.join(size.reasons)}"
        return SmeGate(size, Check(None, (Part(GATE, None, "", SME_SIZES),), (reason,), size.missing))
    passed = size.qualified
    part = Part(GATE, size.size, "", SME_SIZES, passed=passed)
    return SmeGate(size, Check(passed, (part,), () if passed else (_large_reason(size, table),)))


# The last gate built, with the facts object and table it was built for: evaluating a registry
# judges every title on the same facts in turn, so the size is classified once, not per title.
# Keyed by identity (facts hold a dict, so they do not hash); the tuple is replaced whole.
_last: tuple[EnterpriseFacts, RuleTable[SizeRow], SmeGate] | None = None


def sme_gate(facts: EnterpriseFacts, table: RuleTable[SizeRow] = SME_SIZE_2011) -> SmeGate:
    """Classify the enterprise's size and hold it against the SME titles' first condition."""
    global _last
    last = _last
    if last is not None and last[0] is facts and last[1] is table:
        return last[2]
    gate = _gate(facts, table)
    _last = (facts, table, gate)
    return gate
