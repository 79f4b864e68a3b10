"""The building blocks of rule tables: figures, bands, indicators, dimensions.

Each rule set is ONE module-level ``RuleTable`` constant named with its
version, so a corrected figure is one edit and every result can name the rule
and version it came from. Figures carry the confidence mark of the rules digest (docs/rules.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from chainatlas.domain.rules import text
from chainatlas.domain.rules.results import SURE, RuleResult, weakest

if TYPE_CHECKING:
    from chainatlas.domain.rules.facts import EnterpriseFacts
    from chainatlas.domain.rules.measures import Measure


@dataclass(frozen=True)
class Threshold:
    """One official figure (a limit), its unit and how sure we are of it."""

    value: Decimal
    unit: str
    confidence: str = SURE


def limit(value: int | str, unit: str, confidence: str = SURE) -> Threshold:
    """Shorthand for a Threshold; strings keep decimal figures exact."""
    return Threshold(Decimal(value), unit, confidence)


@dataclass(frozen=True)
class Band:
    """One scoring band.

    A numeric band holds values ≥ ``bound`` (≤ when ``at_most``); a category
    band holds any of ``categories``; a band with neither is the catch-all
    lowest band. Bands of an indicator are listed best first, and a value on a
    boundary belongs to the better band (docs/rules.md §4a).
    """

    points: int
    label: str
    bound: Decimal | None = None
    at_most: bool = False
    categories: frozenset[str] = frozenset()

    def holds(self, value: Decimal | int | str | frozenset[str]) -> bool:
        """Whether ``value`` falls in this band (ignoring better bands)."""
        if self.categories:
            chosen = {value} if isinstance(value, str) else value
            return isinstance(chosen, set | frozenset) and bool(self.categories & chosen)
        if self.bound is None:
            return True
        if not isinstance(value, Decimal | int):
            return False
        return value <= self.bound if self.at_most else value >= self.bound


Step = tuple[int | str, int] | tuple[int | str, int, str]


def ladder(unit: str, steps: Iterable[Step], rest: int = 0, rest_label: str | None = None,
           at_most: bool = False) -> tuple[Band, ...]:
    """Numeric bands from (bound, points[, label]) steps, best first, plus the catch-all.

    Labels are written from the bounds ("≥5%", "3–5%", "<1%"; "≤55%",
    "55–75%", ">75%" when lower is better) unless a step names its own.
    """
    bands: list[Band] = []
    previous: Decimal | None = None
    for step in steps:
        bound, points = Decimal(step[0]), step[1]
        if len(step) == 3:
            label = step[2]
        elif previous is None:
            label = ("≤" if at_most else "≥") + text.amount(bound, unit)
        else:
            low, high = (previous, bound) if at_most else (bound, previous)
            label = f"{text.number(low)}–{text.amount(high, unit)}"
        bands.append(Band(points, label, bound=bound, at_most=at_most))
        previous = bound
    if previous is None:
        raise ValueError("a ladder needs at least one step")
    default_rest = (">" if at_most else "<") + text.amount(previous, unit)
    bands.append(Band(rest, rest_label or default_rest))
    return tuple(bands)


def categories(*choices: tuple[str | tuple[str, ...], int], rest: int = 0,
               rest_label: str = "其他") -> tuple[Band, ...]:
    """Category bands from (category or categories, points), best first, plus the catch-all."""
    bands = []
    for chosen, points in choices:
        names = (chosen,) if isinstance(chosen, str) else chosen
        bands.append(Band(points, "/".join(names), categories=frozenset(names)))
    return (*bands, Band(rest, rest_label))


MeasureFn = Callable[["EnterpriseFacts"], "Measure"]


@dataclass(frozen=True)
class Indicator:
    """A scored indicator: its Chinese name, how to measure it, and its bands."""

    name: str
    measure: MeasureFn
    bands: tuple[Band, ...]
    confidence: str = SURE

    @property
    def max_points(self) -> int:
        return max(band.points for band in self.bands)


@dataclass(frozen=True)
class EitherIndicator:
    """An indicator scored on whichever of several measures earns more points.

    e.g. 研发投入 (2022 专精特新): 研发费用 ≥500万元 or ≥10% of revenue, 10 points.
    """

    name: str
    options: tuple[Indicator, ...]
    confidence: str = SURE

    @property
    def max_points(self) -> int:
        return max(option.max_points for option in self.options)


AnyIndicator = Indicator | EitherIndicator


@dataclass(frozen=True)
class Dimension:
    """A group of indicators (e.g. 创新能力 40分) with an optional minimum to pass."""

    name: str
    indicators: tuple[AnyIndicator, ...]
    min_points: int | None = None

    @property
    def max_points(self) -> int:
        return sum(indicator.max_points for indicator in self.indicators)


Row = TypeVar("Row")
Result = TypeVar("Result", bound=RuleResult)


@dataclass(frozen=True)
class RuleTable(Generic[Row]):
    """One official rule set: its name, version and every figure it uses.

    ``rows`` holds tabular rules (the SME size table); ``thresholds`` the
    named limits of condition rules; ``dimensions`` the scored indicators.
    ``basis`` names the document the way an official cites it, 《title》（文号）, and
    leaves the number out where it is not certain (the working notes stay in docs/rules.md).
    """

    name: str
    version: str
    basis: str = ""
    rows: tuple[Row, ...] = ()
    thresholds: Mapping[str, Threshold] = field(default_factory=dict)
    dimensions: tuple[Dimension, ...] = ()
    pass_score: int | None = None
    effective_from: date | None = None
    notes: tuple[str, ...] = ()
    confidence: str = SURE

    def __getitem__(self, key: str) -> Threshold:
        return self.thresholds[key]

    @property
    def weakest_confidence(self) -> str:
        """The least certain mark among the table and all its figures."""
        marks = [self.confidence, *(t.confidence for t in self.thresholds.values())]
        marks += [i.confidence for d in self.dimensions for i in d.indicators]
        marks += [getattr(row, "confidence", SURE) for row in self.rows]
        return weakest(*marks)

    def result(self, result_type: type[Result], *, confidence: str | None = None, **fields: Any) -> Result:
        """A result of this rule: name, version and confidence filled in from the table."""
        mark = weakest(self.weakest_confidence, confidence or SURE)
        return result_type(rule=self.name, version=self.version, confidence=mark, **fields)
