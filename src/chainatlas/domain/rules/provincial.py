"""The 特色化 dimension of the 2022 专精特新 score: set by each province.

The 2022 暂行办法 leaves 15 points to 1–3 indicators chosen by each province.
A ``ProvincialConfig`` holds them; callers pass their province's config, and
the facts carry each indicator's value in ``provincial_indicators`` by name.
The default is an illustrative example, marked ⚠, not any province's rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.rules.facts import EnterpriseFacts
from chainatlas.domain.rules.measures import Measure, provincial_value
from chainatlas.domain.rules.results import UNCONFIRMED
from chainatlas.domain.rules.tables import Band, Dimension, Indicator, MeasureFn, Step, ladder

PROVINCIAL_POINTS = 15
MAX_PROVINCIAL_INDICATORS = 3


@dataclass(frozen=True)
class ProvincialConfig:
    """A province's 特色化 indicators (1–3, at most 15 points in all)."""

    province: str
    indicators: tuple[Indicator, ...]
    confidence: str = UNCONFIRMED

    def dimension(self) -> Dimension:
        """The indicators as the 特色化 dimension of the score."""
        return Dimension("特色化", self.indicators)


def _reader(name: str, unit: str) -> MeasureFn:
    def read(facts: EnterpriseFacts) -> Measure:
        return provincial_value(facts, name, unit)

    return read


def provincial_indicator(name: str, unit: str, bands: tuple[Band, ...]) -> Indicator:
    """An indicator whose value the facts give under ``provincial_indicators[name]``."""
    return Indicator(name, _reader(name, unit), bands, UNCONFIRMED)


def make_config(province: str, indicators: tuple[Indicator, ...],
                confidence: str = UNCONFIRMED) -> ProvincialConfig:
    """Build a config, refusing one that breaks the 1–3 indicators / 15 points frame."""
    if not 1 <= len(indicators) <= MAX_PROVINCIAL_INDICATORS:
        raise InvalidInput(f"特色化指标应为 1–{MAX_PROVINCIAL_INDICATORS} 项，实际为 {len(indicators)} 项")
    total = sum(indicator.max_points for indicator in indicators)
    if total > PROVINCIAL_POINTS:
        raise InvalidInput(f"特色化指标满分合计 {total}分，超过 {PROVINCIAL_POINTS}分")
    names = [indicator.name for indicator in indicators]
    if len(set(names)) != len(names):
        raise InvalidInput("特色化指标名称重复：" + "、".join(names))
    return ProvincialConfig(province, indicators, confidence)


# Example only (⚠): shows the shape of a province's indicators; replace with the
# province's published ones. Values come from facts.provincial_indicators.
EXAMPLE_PROVINCIAL_2022 = make_config("示例配置（非官方）", (
    provincial_indicator("主导产品细分市场占有率", "%", ladder("%", ((20, 5), (10, 3), (5, 1)))),
    provincial_indicator("近2年研发费用平均增长率", "%", ladder("%", ((20, 5), (10, 3), (0, 1)))),
    provincial_indicator("本省重点产业链配套企业", "", ladder("", ((1, 5, "是"),), rest_label="否")),
))


def _band_steps(where: str, raw: Any, errors: list[str]) -> tuple[list[Step], bool]:
    steps: list[Step] = []
    kinds = set()
    for i, band in enumerate(raw if isinstance(raw, list) else []):
        key = next((k for k in ("at_least", "at_most") if isinstance(band, dict) and k in band), None)
        points = band.get("points") if isinstance(band, dict) else None
        if key is None or not isinstance(points, int) or isinstance(points, bool):
            errors.append(f"{where}.bands[{i}] 应为 {{\"at_least\" 或 \"at_most\": 数值, \"points\": 整数}}")
            continue
        try:
            bound = Decimal(str(band[key]))
        except InvalidOperation:
            bound = Decimal("NaN")
        if isinstance(band[key], bool) or not bound.is_finite():
            errors.append(f"{where}.bands[{i}].{key} 的值 {band[key]!r} 不是数值")
            continue
        kinds.add(key)
        label = band.get("label")
        steps.append((str(bound), points, str(label)) if label is not None else (str(bound), points))
    if not steps:
        errors.append(f"{where}.bands 应为非空列表")
    if len(kinds) > 1:
        errors.append(f"{where}.bands 不能混用 at_least 与 at_most")
    bounds = [Decimal(s[0]) for s in steps]
    if bounds != sorted(bounds, reverse="at_least" in kinds) or len(set(bounds)) != len(bounds):
        errors.append(f"{where}.bands 应从最优档开始排列，界值不重复")
    return steps, "at_most" in kinds


def provincial_config_from_dict(data: Mapping[str, Any]) -> ProvincialConfig:
    """Read a config from JSON: {"province", "indicators": [{"name", "unit", "max_points", "bands"}]}.

    Each band is {"at_least": 20, "points": 5} (or "at_most" when lower is
    better), best first; values below the last band score 0.
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("indicators"), list):
        raise InvalidInput("特色化指标配置应为 {\"province\": ..., \"indicators\": [...]}")
    errors: list[str] = []
    indicators = []
    for i, item in enumerate(data["indicators"]):
        where = f"indicators[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            errors.append(f"{where} 应为含 name 的对象")
            continue
        before = len(errors)
        steps, at_most = _band_steps(where, item.get("bands"), errors)
        if len(errors) > before:
            continue
        bands = ladder(str(item.get("unit", "")), steps, at_most=at_most)
        top = max(band.points for band in bands)
        if item.get("max_points") != top:
            errors.append(f"{where}.max_points 应等于最高档分值 {top}，实际为 {item.get('max_points')!r}")
        indicators.append(provincial_indicator(item["name"], str(item.get("unit", "")), bands))
    if errors:
        raise InvalidInput("特色化指标配置有误：" + "；".join(errors))
    return make_config(str(data.get("province", "未命名")), tuple(indicators))
