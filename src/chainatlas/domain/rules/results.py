"""What every rule evaluation returns: a self-explaining, JSON-ready result.

Results are frozen dataclasses whose fields are plain values (str, int,
Decimal, bool, None, tuples), so ``dataclasses.asdict`` gives a dict that the
CLI and API serialise as is (Decimal as a string).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Confidence marks, as the rules digest uses them (docs/rules.md).
SURE = "✅"  # two or more independent sources agree
ONE_SOURCE = "◐"  # one source only
UNCONFIRMED = "⚠"  # not confirmed; an example or a guess to be corrected
_MARK_ORDER = (SURE, ONE_SOURCE, UNCONFIRMED)



@dataclass(frozen=True)
class Confidence:
    """How sure a rule's figures are, as people read it: a word, a CSS code and what it means.

    The marks (✅ ◐ ⚠) are the stored, machine form; pages, the CLI and exports show ``label``
    (a coloured dot with the word, never an emoji glyph a font may lack) and explain it in a legend.
    """

    mark: str
    code: str
    label: str
    meaning: str


CONFIDENCES = (
    Confidence(SURE, "sure", "已核", "两个以上独立来源一致"),
    Confidence(ONE_SOURCE, "one_source", "推定", "仅有一个来源，尚待第二来源印证"),
    Confidence(UNCONFIRMED, "unconfirmed", "待核", "尚未确认（示例配置或估计值），以正式文件为准"),
)
CONFIDENCE_OF_MARK = {c.mark: c for c in CONFIDENCES}


def confidence_of(mark: str) -> Confidence:
    """The readable confidence of a stored mark; an unknown mark reads as the least certain."""
    return CONFIDENCE_OF_MARK.get(mark, CONFIDENCES[-1])


def weakest(*marks: str) -> str:
    """The least certain of several confidence marks (✅ when none given)."""
    return max(marks, key=_MARK_ORDER.index, default=SURE)


PartValue = Decimal | int | str | bool | None

# What a result says, as users read it: ``qualified`` True/False/None, or that the rule
# does not apply to the enterprise at all (``RuleResult.not_applicable`` gives why).
QUALIFIED, NOT_QUALIFIED, UNDECIDED = "符合", "不符合", "数据不足，无法判定"
NOT_APPLICABLE = "不适用"
VERDICTS: dict[bool | None, str] = {True: QUALIFIED, False: NOT_QUALIFIED, None: UNDECIDED}
# What a condition part's ``passed`` reads as.
PASSED_LABELS: dict[bool | None, str] = {True: "满足", False: "未满足", None: "无法判定"}


@dataclass(frozen=True)
class Part:
    """One indicator or condition of a rule, with the value it was judged on.

    ``band`` is the band the value fell in (scored indicators) or the
    requirement it was held against (conditions); ``points``/``max_points``
    are None for conditions, ``passed`` is None for scored indicators and for
    conditions that could not be decided.
    """

    indicator: str
    value: PartValue
    unit: str
    band: str | None
    points: int | None = None
    max_points: int | None = None
    passed: bool | None = None


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule: ``qualified`` is None when data are missing.

    ``not_applicable`` is set when the rule does not apply to the enterprise
    (e.g. a 中小企业 title for a 大型 enterprise): it is the verdict shown,
    "不适用（…）" naming why, and ``qualified`` is then False.
    """

    rule: str
    version: str
    confidence: str
    qualified: bool | None
    score: Decimal | int | None = None
    parts: tuple[Part, ...] = ()
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    not_applicable: str | None = None

    @property
    def verdict(self) -> str:
        """符合 / 不符合 / 数据不足，无法判定, or the 不适用（…） verdict."""
        return self.not_applicable or VERDICTS[self.qualified]


@dataclass(frozen=True)
class SizeResult(RuleResult):
    """SME size class; ``qualified`` says whether the enterprise is an SME (中小企业)."""

    size: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class ScaleResult(RuleResult):
    """规上/限上 status; ``status`` names the statistical category reached."""

    status: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class LevelResult(RuleResult):
    """A level (智能工厂 or GB/T 39116 maturity), with ``level`` None below the first."""

    level: str | None = None
