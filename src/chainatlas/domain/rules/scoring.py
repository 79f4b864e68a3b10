"""Scoring banded indicators: one helper places a value in its band for every table.

With data missing, a score is known only as a range: the known points (the
lower end) up to the known points plus the maximum of every missing indicator.
A pass mark is then decided when the whole range lies on one side of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from chainatlas.domain.rules import text
from chainatlas.domain.rules.checks import Check
from chainatlas.domain.rules.facts import EnterpriseFacts
from chainatlas.domain.rules.measures import Measure, MeasureValue
from chainatlas.domain.rules.results import Part, PartValue
from chainatlas.domain.rules.tables import AnyIndicator, Band, Dimension, Indicator


def band_for(bands: Sequence[Band], value: MeasureValue) -> Band:
    """The best band that holds ``value``; the catch-all last band holds everything."""
    if value is None:
        raise ValueError("a missing value has no band")
    for band in bands:
        if band.holds(value):
            return band
    raise ValueError(f"no band holds {value!r}: the last band must be a catch-all")


def shown(value: MeasureValue) -> PartValue:
    """A measured value as a result part carries it (sets become 、-joined text)."""
    if isinstance(value, frozenset):
        return "、".join(sorted(value)) or "无"
    return value


@dataclass(frozen=True)
class Scored:
    """One indicator's outcome: points, or the range it may still reach."""

    part: Part
    low: int
    high: int
    missing: tuple[str, ...] = ()
    note: str | None = None


def _score_one(indicator: Indicator, measure: Measure, name: str | None = None) -> Scored:
    label = name or indicator.name
    top = indicator.max_points
    if measure.value is None:
        part = Part(label, None, measure.unit, None, None, top)
        note = f"{label}：{measure.note}" if measure.note else None
        return Scored(part, 0, top, measure.missing, note)
    band = band_for(indicator.bands, measure.value)
    part = Part(label, shown(measure.value), measure.unit, band.label, band.points, top)
    return Scored(part, band.points, band.points)


def _amount(part: Part) -> str:
    if isinstance(part.value, Decimal | int) and not isinstance(part.value, bool):
        return text.amount(part.value, part.unit)
    return str(part.value)


def score_indicator(indicator: AnyIndicator, facts: EnterpriseFacts) -> Scored:
    """Score one indicator on the facts; an EitherIndicator takes its best option."""
    if isinstance(indicator, Indicator):
        return _score_one(indicator, indicator.measure(facts))
    options = [_score_one(option, option.measure(facts)) for option in indicator.options]
    best = max(options, key=lambda s: s.low)
    known = [s for s in options if s.part.points is not None]
    value = "；".join(f"{s.part.indicator} {_amount(s.part)}" for s in known) or None
    open_ = [s for s in options if s.part.points is None]
    high = max(s.high for s in options)
    if open_ and best.low < high:
        part = Part(indicator.name, value, "", None, None, indicator.max_points)
        missing = tuple(m for s in open_ for m in s.missing)
        notes = "；".join(s.note for s in open_ if s.note) or None
        return Scored(part, best.low, high, missing, notes)
    winner = best.part
    part = Part(indicator.name, value, "", f"{winner.indicator} {winner.band}", winner.points,
                indicator.max_points)
    return Scored(part, best.low, best.low)


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's points range and the minimum it must reach, if any."""

    name: str
    low: int
    high: int
    max_points: int
    min_points: int | None


@dataclass(frozen=True)
class ScoreSheet:
    """Every indicator scored, with per-dimension and total ranges."""

    parts: tuple[Part, ...]
    dimensions: tuple[DimensionScore, ...]
    missing: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def low(self) -> int:
        return sum(d.low for d in self.dimensions)

    @property
    def high(self) -> int:
        return sum(d.high for d in self.dimensions)

    @property
    def total(self) -> int | None:
        """The score, or None while missing indicators leave it open."""
        return self.low if self.low == self.high else None


def score_sheet(dimensions: Iterable[Dimension], facts: EnterpriseFacts) -> ScoreSheet:
    """Score every indicator of ``dimensions`` on ``facts``."""
    parts: list[Part] = []
    totals: list[DimensionScore] = []
    missing: list[str] = []
    notes: list[str] = []
    for dimension in dimensions:
        scored = [score_indicator(indicator, facts) for indicator in dimension.indicators]
        parts += [s.part for s in scored]
        missing += [m for s in scored for m in s.missing]
        notes += [s.note for s in scored if s.note]
        totals.append(DimensionScore(dimension.name, sum(s.low for s in scored), sum(s.high for s in scored),
                                     dimension.max_points, dimension.min_points))
    return ScoreSheet(tuple(parts), tuple(totals), tuple(dict.fromkeys(missing)), tuple(notes))


def _reach(name: str, low: int, high: int, minimum: int, top: int) -> tuple[bool | None, Part, str | None]:
    requirement = text.requirement(minimum, "分")
    if low >= minimum:
        return True, Part(name, low, "分", requirement, None, top, True), None
    if high < minimum:
        label = name if low == high else f"{name}（缺失指标按满分计）"
        reason = text.shortfall(label, high, minimum, "分")
        return False, Part(name, high, "分", requirement, None, top, False), reason
    return None, Part(name, None, "分", requirement, None, top, None), None


def score_check(sheet: ScoreSheet, pass_score: int) -> Check:
    """Whether the sheet reaches ``pass_score`` and every dimension minimum.

    The check's parts are every indicator's part followed by the total and
    dimension subtotals, so a result built from it explains the whole score.
    """
    outcomes: list[bool | None] = []
    parts: list[Part] = []
    reasons: list[str] = []
    targets = [(f"{d.name}得分", d.low, d.high, d.min_points, d.max_points)
               for d in sheet.dimensions if d.min_points is not None]
    top = sum(d.max_points for d in sheet.dimensions)
    for name, low, high, minimum, most in [("总分", sheet.low, sheet.high, pass_score, top), *targets]:
        assert minimum is not None
        passed, part, reason = _reach(name, low, high, minimum, most)
        outcomes.append(passed)
        parts.append(part)
        reasons += [reason] if reason else []
    passed_all = False if False in outcomes else (None if None in outcomes else True)
    notes = list(sheet.notes)
    if passed_all is None:
        notes.append(f"已知指标得分 {sheet.low}分，缺失指标最多可再得 {sheet.high - sheet.low}分，尚不能判定")
    missing = sheet.missing if passed_all is None else ()
    return Check(passed_all, sheet.parts + tuple(parts), tuple(reasons + notes), missing)
