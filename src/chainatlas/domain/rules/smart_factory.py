"""Smart-factory levels (智能工厂梯度培育, 2024) and GB/T 39116 maturity levels (docs/rules.md §5).

Neither has confirmed numeric criteria (⚠): the maturity score bands follow
GB/T 39117 as one unconfirmed source gives them, and smart-factory levels have
only their procedure (who recognises each, which level comes first) plus a
configurable minimum maturity level that is unset until a figure is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules import measures as m
from chainatlas.domain.rules.checks import Check, at_least, conclude, is_true
from chainatlas.domain.rules.facts import SMART_FACTORY_LEVELS, EnterpriseFacts
from chainatlas.domain.rules.results import UNCONFIRMED, LevelResult, Part
from chainatlas.domain.rules.scoring import band_for
from chainatlas.domain.rules.tables import Dimension, Indicator, RuleTable, ladder, limit

MATURITY_NAMES = {
    1: "一级（规划级）", 2: "二级（规范级）", 3: "三级（集成级）", 4: "四级（优化级）", 5: "五级（引领级）",
}

MATURITY_GB39117: RuleTable[object] = RuleTable(
    name="智能制造能力成熟度模型及评估方法",
    version="GB/T 39116-2020 / GB/T 39117-2020",
    basis="《智能制造能力成熟度模型》（GB/T 39116-2020）、《智能制造能力成熟度评估方法》（GB/T 39117-2020）",
    thresholds={"max_score": limit(5, "分")},
    dimensions=(Dimension("成熟度", (Indicator(
        "智能制造能力成熟度得分", m.on(m.given, "maturity_score"),
        ladder("分", (("4.8", 5, "五级（4.8–5分）"), ("3.8", 4, "四级（3.8分至不足4.8分）"),
                     ("2.8", 3, "三级（2.8分至不足3.8分）"), ("1.8", 2, "二级（1.8分至不足2.8分）"),
                     ("0.8", 1, "一级（0.8分至不足1.8分）")), rest_label="未达一级（不足0.8分）"),
        UNCONFIRMED),)),),
    notes=("等级名称依 GB/T 39116-2020（✅）；得分→等级区间依 GB/T 39117（⚠，待核实）",),
)


def _maturity_bands(table: RuleTable[object]) -> Indicator:
    indicator = table.dimensions[0].indicators[0]
    assert isinstance(indicator, Indicator)
    return indicator


def _score(raw: object, table: RuleTable[object]) -> Decimal:
    try:
        score = Decimal(str(raw).strip()) if not isinstance(raw, Decimal) else raw
    except InvalidOperation:
        raise InvalidInput(f"成熟度得分应为数值，实际为 {raw!r}") from None
    top = table["max_score"].value
    if not score.is_finite() or not 0 <= score <= top:
        raise InvalidInput(f"成熟度得分应在 0–{top} 之间，实际为 {raw}")
    return score


def maturity_level(score: Decimal | int | str, table: RuleTable[object] = MATURITY_GB39117,
                   assessed_on: date | None = None) -> LevelResult:
    """The GB/T 39116 level (一级 规划级 … 五级 引领级) for a GB/T 39117 assessment score (0–5),
    with the assessment date when it is known."""
    value = _score(score, table)
    indicator = _maturity_bands(table)
    band = band_for(indicator.bands, value)
    level = MATURITY_NAMES.get(band.points)
    part = Part(indicator.name, value, "分", band.label, band.points, indicator.max_points)
    reason = f"得分 {value} 对应{level}" if level else f"得分 {value} 低于一级（规划级）下限 0.8"
    dated = (f"评估日期 {assessed_on.isoformat()}",) if assessed_on else ()
    return table.result(LevelResult, qualified=level is not None, score=value, parts=(part,),
                        reasons=(reason, *dated), level=level)


def maturity_level_of(facts: EnterpriseFacts, table: RuleTable[object] = MATURITY_GB39117) -> m.Measure:
    """The maturity level number (0 below 一级) from ``facts.maturity_score``."""
    if facts.maturity_score is None:
        return m.Measure(None, "级", ("maturity_score",))
    return m.Measure(band_for(_maturity_bands(table).bands, facts.maturity_score).points, "级")


@dataclass(frozen=True)
class FactoryLevel:
    """One smart-factory level: who recognises it, what must come first, optional numeric floor."""

    name: str
    recognised_by: str
    prerequisite: str | None = None
    prerequisite_required: bool = False  # False: "normally" held first, reported but not enforced
    min_maturity_level: int | None = None  # ⚠ no confirmed figure: set it once one is found


SMART_FACTORY_2024: RuleTable[FactoryLevel] = RuleTable(
    name="智能工厂梯度培育",
    version="工业和信息化部等六部门（2024）",
    basis="工业和信息化部等六部门智能工厂梯度培育行动（2024年）",
    rows=(
        FactoryLevel("基础级", "企业自评"),
        FactoryLevel("先进级", "省级工业和信息化主管部门"),
        FactoryLevel("卓越级", "工业和信息化部等六部门", prerequisite="先进级"),
        FactoryLevel("领航级", "工业和信息化部等六部门", prerequisite="卓越级", prerequisite_required=True),
    ),
    notes=("量化认定标准未找到（⚠）：min_maturity_level 可配置，默认不设",),
    confidence=UNCONFIRMED,
)


def _rank(level: str) -> int:
    return SMART_FACTORY_LEVELS.index(level)


def evaluate_smart_factory(facts: EnterpriseFacts, target: str | None = None,
                           table: RuleTable[FactoryLevel] = SMART_FACTORY_2024) -> LevelResult:
    """Whether a factory may apply for ``target`` (default: the level above the one held).

    ``level`` is the level held. ``qualified`` is None while the target's
    numeric criteria are not configured: only the procedure is checked then.
    """
    rows = {row.name: row for row in table.rows}
    if target is not None and target not in rows:
        raise InvalidInput(f"智能工厂等级应为 {'/'.join(rows)}，实际为 {target!r}")
    held = facts.smart_factory_level
    if held is None:
        return conclude(table, [Check(None, (Part("已获智能工厂等级", None, "", None),), (),
                                      ("smart_factory_level",))], result_type=LevelResult, level=None)
    level = None if held == "无" else held
    # The level held is a record with its recognition date, shown with every result.
    record = [f"已获{held}（认定日期 {facts.smart_factory_on.isoformat()}）"] if level and facts.smart_factory_on else []
    if target is None:
        above = [row for row in table.rows if _rank(row.name) > _rank(held)]
        if not above:
            return conclude(table, [], leading=[*record, f"已是最高等级（{held}）"], result_type=LevelResult,
                            level=level)
        target = above[0].name
    row = rows[target]
    if _rank(held) >= _rank(target):
        return conclude(table, [], leading=[*record, f"已获{held}，不低于{target}"], result_type=LevelResult,
                        level=level)
    checks: list[Check] = []
    leading = [*record, f"申报{target}：由{row.recognised_by}认定"]
    if row.prerequisite:
        has_prerequisite = m.Measure(_rank(held) >= _rank(row.prerequisite))
        if row.prerequisite_required:
            checks.append(is_true(f"已获{row.prerequisite}", has_prerequisite,
                                  f"{target}须由{row.prerequisite}工厂申报，当前为{held}"))
        elif not has_prerequisite.value:
            leading.append(f"{target}通常应已是{row.prerequisite}，当前为{held}")
    if row.min_maturity_level is None:
        checks.append(Check(None, (Part(f"{target}量化认定标准", None, "", "尚无正式数值"),),
                            (f"{target}的量化认定标准尚无正式数值（待核），无法判定是否达到",)))
    else:
        checks.append(at_least("智能制造能力成熟度等级", maturity_level_of(facts),
                               limit(row.min_maturity_level, "级", UNCONFIRMED)))
    return conclude(table, checks, leading=leading, result_type=LevelResult, level=level)
