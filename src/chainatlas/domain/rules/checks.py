"""Conditions of the all-must-hold rules, combined in three-valued logic.

A condition passes (True), fails (False) or cannot be decided for lack of data
(None). Combining follows Kleene logic: one definite failure fails an "all of"
even when other data are missing, because no missing value could change that;
otherwise a gap leaves the outcome None and the absent fields are listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chainatlas.domain.rules import text
from chainatlas.domain.rules.measures import Measure
from chainatlas.domain.rules.results import Part, RuleResult
from chainatlas.domain.rules.tables import RuleTable, Threshold


@dataclass(frozen=True)
class Check:
    """The outcome of one condition, with the parts and reasons that explain it."""

    passed: bool | None
    parts: tuple[Part, ...]
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def _unknown(name: str, measure: Measure, unit: str, requirement: str) -> Check:
    notes = (f"{name}：{measure.note}",) if measure.note else ()
    return Check(None, (Part(name, None, unit, requirement),), notes, measure.missing)


def compare(name: str, measure: Measure, threshold: Threshold, at_most: bool = False) -> Check:
    """Hold a measured value against a limit (≥, or ≤ when ``at_most``)."""
    unit = threshold.unit
    requirement = text.requirement(threshold.value, unit, at_most)
    value = measure.value
    if value is None:
        return _unknown(name, measure, unit, requirement)
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise TypeError(f"{name}: {value!r} is not a number")
    passed = value <= threshold.value if at_most else value >= threshold.value
    reasons = () if passed else (text.shortfall(name, value, threshold.value, unit, at_most),)
    return Check(passed, (Part(name, value, unit, requirement, passed=passed),), reasons)


def at_least(name: str, measure: Measure, threshold: Threshold) -> Check:
    """value ≥ limit."""
    return compare(name, measure, threshold)


def at_most(name: str, measure: Measure, threshold: Threshold) -> Check:
    """value ≤ limit."""
    return compare(name, measure, threshold, at_most=True)


def is_true(name: str, measure: Measure, failure: str) -> Check:
    """A yes/no condition; ``failure`` is the reason given when the answer is no."""
    if measure.value is None:
        return _unknown(name, measure, "", "是")
    passed = bool(measure.value)
    return Check(passed, (Part(name, passed, "", "是", passed=passed),), () if passed else (failure,))


def _kleene(outcomes: list[bool | None], any_: bool) -> bool | None:
    decisive = any_  # True decides an "any of", False decides an "all of"
    if decisive in outcomes:
        return decisive
    return None if None in outcomes else not decisive


def _gaps(checks: Iterable[Check]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m for c in checks if c.passed is None for m in c.missing))


def all_of(checks: Iterable[Check]) -> Check:
    """Every condition must hold."""
    checks = list(checks)
    passed = _kleene([c.passed for c in checks], any_=False)
    parts = tuple(p for c in checks for p in c.parts)
    reasons = tuple(r for c in checks for r in c.reasons)
    return Check(passed, parts, reasons, _gaps(checks))


def any_of(name: str, checks: Iterable[Check]) -> Check:
    """One of the alternatives suffices; a failure lists why each alternative missed."""
    checks = list(checks)
    passed = _kleene([c.passed for c in checks], any_=True)
    parts = tuple(p for c in checks for p in c.parts)
    if passed:
        return Check(True, parts)
    if passed is False:
        why = "；".join(r for c in checks for r in c.reasons)
        return Check(False, parts, (f"{name}未满足（满足其一即可）：{why}",))
    notes = tuple(r for c in checks if c.passed is None for r in c.reasons)
    return Check(None, parts, notes, _gaps(checks))


def conclude(table: RuleTable[Any], checks: Iterable[Check], *, score: Decimal | int | None = None,
             leading: Iterable[str] = (), confidence: str | None = None,
             result_type: type[RuleResult] = RuleResult, **extra: Any) -> Any:
    """Turn the conditions of a rule into a ``result_type`` result; ``leading`` reasons come first.

    ``extra`` fills a result subclass's own fields (e.g. LevelResult's ``level``).
    """
    outcome = all_of(checks)
    return table.result(result_type, confidence=confidence, qualified=outcome.passed, score=score,
                        parts=outcome.parts, reasons=(*leading, *outcome.reasons), missing=outcome.missing,
                        **extra)
