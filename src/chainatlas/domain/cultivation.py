"""梯度培育 tiers and how far a rule result is from qualifying (docs/rules.md §4).

The three tiers of 优质中小企业梯度培育 climb 创新型 → 专精特新 → "小巨人".
Each tier names the registry tag that records the title, the rule that judges
new applications (2026 办法) and the rule that reviews holders (2022 暂行办法).

``shortfall`` turns a rule result into what a bureau ranks candidates by: how
many conditions are unmet, how many facts are lacking, and how far the unmet
numeric conditions are from their limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from chainatlas.domain.rules.facts import fact_label
from chainatlas.domain.rules.results import VERDICTS, Part, RuleResult


@dataclass(frozen=True)
class Tier:
    """One 梯度培育 tier: its title, the tag that records it and the rules that judge it."""

    code: str  # the tag code in chainatlas.domain.tags
    title: str  # as EnterpriseFacts.titles names it
    label: str  # as people write it
    rule: str  # rule code of new applications (stored with evaluations)
    review_rule: str  # rule code of reviews of holders
    held_as: tuple[str, ...]  # titles that count as holding this tier


TIERS = (
    Tier("innovative_sme", "创新型中小企业", "创新型中小企业", "innovative_sme", "innovative_sme",
         ("创新型中小企业", "科技和创新型中小企业")),
    Tier("specialised_sme", "专精特新中小企业", "专精特新中小企业", "specialised_sme_2026",
         "specialised_sme_2022", ("专精特新中小企业",)),
    Tier("little_giant", "专精特新小巨人", "专精特新“小巨人”", "little_giant_2026", "little_giant_2022",
         ("专精特新小巨人",)),
)
TIER_OF_TAG = {tier.code: tier for tier in TIERS}
# The three lists of each tier in the 梯度培育 report, as the page, the CLI and the Excel export name them.
LIST_LABELS = {"holders": "已获称号", "eligible": "符合条件、尚未获得", "candidates": "培育对象（差距最小）"}
# Registry tags that are qualifications the rules read (EnterpriseFacts.qualifications).
QUALIFICATION_OF_TAG = {"high_tech": "高新技术企业"}

_AT_LEAST_OR_MOST = re.compile(r"^[≥≤](-?\d+(?:\.\d+)?)")
_TOP = re.compile(r"^前(\d+)名$")
WHOLE = 100  # a failed yes/no condition, or one missed by its whole limit
EITHER_OR = "（满足其一即可）："


@dataclass(frozen=True)
class Shortfall:
    """How far a result is from qualifying; all zero for a qualified result.

    ``failed``: conditions definitely unmet (each gives one reason);
    ``missing``: facts lacking to decide; ``gap_pct``: the sum over unmet
    conditions of their distance from the limit in percent of it (capped at
    100 each; a failed yes/no condition counts 100; an either-or condition
    counts its nearest alternative).
    """

    failed: int
    missing: int
    gap_pct: int


def _limit(part: Part) -> Decimal | None:
    """The limit a failed condition part was held against, read from its requirement text."""
    band = part.band or ""
    match = _AT_LEAST_OR_MOST.match(band) or _TOP.match(band)
    return Decimal(match.group(1)) if match else None


def part_gap_pct(part: Part) -> int:
    """How far one failed condition is from its limit, in percent of the limit (at most 100)."""
    value, limit = part.value, _limit(part)
    if isinstance(value, bool) or not isinstance(value, Decimal | int) or not limit:
        return WHOLE
    gap = abs(Decimal(value) - limit) * WHOLE / abs(limit)
    return min(WHOLE, int(gap.to_integral_value(ROUND_CEILING)))


def _reason_gap(reason: str, failed: dict[str, Part]) -> int:
    # A failed figure's reason starts with its part's name and a space (text.shortfall); an
    # either-or failure joins its alternatives' reasons after the marker checks.any_of writes.
    _, marker, alternatives = reason.partition(EITHER_OR)
    if marker:
        return min(_reason_gap(r, failed) for r in alternatives.split("；"))
    part = failed.get(reason.partition(" ")[0]) or next(
        (p for name, p in failed.items() if reason.startswith(name + " ")), None)
    return WHOLE if part is None else part_gap_pct(part)


def shortfall(result: RuleResult) -> Shortfall:
    """What a result lacks: one failed condition per reason of a ``qualified: false`` result.

    A rule that does not apply (a 大型 enterprise and an SME title) lacks one condition it
    cannot close: the whole of it.
    """
    if result.qualified:
        return Shortfall(0, 0, 0)
    if result.not_applicable:
        return Shortfall(1, 0, WHOLE)
    if result.qualified is None:
        return Shortfall(0, len(result.missing), 0)
    failed = {p.indicator: p for p in result.parts if p.passed is False}
    gap = sum(_reason_gap(reason, failed) for reason in result.reasons)
    return Shortfall(len(result.reasons), len(result.missing), gap)


def lacks(reasons: Iterable[str], missing: Iterable[str]) -> list[str]:
    """The Chinese lines saying what a result lacks: its reasons, then the facts missing."""
    lines = list(reasons)
    absent = [fact_label(name) for name in missing]
    if absent:
        lines.append("缺少数据：" + "、".join(absent))
    return lines


def verdict(qualified: bool | None, body: Mapping[str, Any]) -> str:
    """A stored result's verdict: its 不适用（…） when the rule did not apply (``RuleResult.not_applicable``,
    kept in the stored body), else 符合 / 不符合 / 数据不足，无法判定."""
    return body.get("not_applicable") or VERDICTS[qualified]


def holds(titles: Iterable[str], tier: Tier) -> bool:
    """Whether any of ``titles`` counts as holding ``tier``."""
    return any(title in tier.held_as for title in titles)
