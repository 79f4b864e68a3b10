"""Ranking investment targets (招商目标推荐) for a link: the named parts of a score, their default weights,
Chinese labels and the reasons each part gives. Weights are data: a deployment may set its own.

Each part is a number in [0, 1]. The fit to the link comes first: every other part counts in proportion to it
(a giant that barely makes the link's products is no target for the link), so a part's contribution is
weight × part for the fit and weight × part × fit for the others; the score is their sum, within [0, 1].

The fit is the placement's confidence, times TRADE_FIT for a firm whose own texts say it only trades the
products (domain/firm_roles.py): a bureau recruits makers, and real lists are full of distributors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.firm_roles import TRADE, role_reason
from chainatlas.domain.tags import tag_label

PARTS = ("fit", "scale", "growth", "standing", "ties", "expansion")
PART_LABELS = {"fit": "产品匹配", "scale": "规模", "growth": "成长性", "standing": "资质荣誉", "ties": "本地关联",
               "expansion": "扩张迹象"}
DEFAULT_WEIGHTS = {"fit": 0.40, "scale": 0.15, "growth": 0.10, "standing": 0.15, "ties": 0.10, "expansion": 0.10}
DEFAULT_NAME = "默认权重（产品匹配0.40·规模0.15·成长0.10·资质0.15·关联0.10·扩张0.10）"
TRADE_FIT = 0.3  # a firm that only trades the link's products: its fit counts this share
# Signs of expansion a pool file records (columns 扩产计划/新建项目 …, 融资情况 …): kind → label and worth.
EXPANSION_KINDS = {"project": ("新项目/扩产", 0.7), "financing": ("融资", 0.3)}

# What a title is worth for standing (summed, at most 1): national titles and listings weigh most.
STANDING_POINTS = {"top500": 0.40, "single_champion": 0.40, "listed": 0.35, "little_giant": 0.35,
                   "specialised_sme": 0.15, "high_tech": 0.10, "innovative_sme": 0.05, "above_scale": 0.05}
REVENUE_FLOOR_FEN = 100 * 10**6  # 100 万元 → scale 0 …
REVENUE_CEILING_FEN = 10**13     # … 1000 亿元 → scale 1 (logarithmic between)
EMPLOYEES_FLOOR, EMPLOYEES_CEILING = 10, 100_000
REVENUE_SHARE = 0.7  # of scale; employees the rest
GROWTH_FLOOR, GROWTH_CEILING = -0.10, 0.30  # yearly growth mapped linearly onto [0, 1]
TIES_DOWNSTREAM = 0.4   # the link feeds a link that has local enterprises
TIES_OTHER_LINK = 0.3   # the firm also makes for another link next to a local one
TIES_BRANCH = 0.6       # the firm already has a branch in the region
TIES_PROJECT = 0.6      # … or a live project of another chain in the region's work lists
GROWTH_YEARS = 3


@dataclass(frozen=True)
class Weights:
    name: str = DEFAULT_NAME
    values: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self) -> None:  # a setting saved before a part existed gives that part no weight
        object.__setattr__(self, "values", {p: float(self.values.get(p, 0.0)) for p in PARTS})


def make_weights(values: Mapping[str, float | str], name: str) -> Weights:
    """Weights from a setting: every part named, none negative, summing to 1 (they are scaled to 1)."""
    unknown = sorted(set(values) - set(PARTS))
    if unknown:
        raise InvalidInput(f"未知的评分项：{'、'.join(unknown)}；可用：{'、'.join(f'{p}（{PART_LABELS[p]}）' for p in PARTS)}")
    parsed: dict[str, float] = {}
    for part in PARTS:
        raw = values.get(part, 0)
        try:
            parsed[part] = float(Decimal(str(raw)))
        except ArithmeticError:
            raise InvalidInput(f"评分项 {part} 的权重“{raw}”不是数字") from None
        if not math.isfinite(parsed[part]) or parsed[part] < 0:
            raise InvalidInput(f"评分项 {part} 的权重须为非负数")
    total = sum(parsed.values())
    if total <= 0:
        raise InvalidInput("权重之和须大于 0")
    if not name.strip():
        raise InvalidInput("请给权重配置起个名称")
    return Weights(name.strip(), {p: round(v / total, 4) for p, v in parsed.items()})


def _log_share(value: float, low: float, high: float) -> float:
    if value <= low:
        return 0.0
    return min(1.0, math.log(value / low) / math.log(high / low))


def scale_part(revenue_fen: int | None, employees: int | None) -> float:
    revenue = _log_share(revenue_fen or 0, REVENUE_FLOOR_FEN, REVENUE_CEILING_FEN)
    staff = _log_share(employees or 0, EMPLOYEES_FLOOR, EMPLOYEES_CEILING)
    return REVENUE_SHARE * revenue + (1 - REVENUE_SHARE) * staff


def growth_rate(revenues: Mapping[int, int]) -> float | None:
    """Yearly growth over the last GROWTH_YEARS years that have a positive revenue (needs two years)."""
    years = sorted(y for y, v in revenues.items() if v and v > 0)[-(GROWTH_YEARS + 1):]
    if len(years) < 2:
        return None
    first, last = years[0], years[-1]
    return (revenues[last] / revenues[first]) ** (1 / (last - first)) - 1


def growth_part(growth: float | None) -> float:
    if growth is None:
        return 0.0
    return min(1.0, max(0.0, (growth - GROWTH_FLOOR) / (GROWTH_CEILING - GROWTH_FLOOR)))


def standing_part(tags: Iterable[str]) -> float:
    return min(1.0, sum(STANDING_POINTS.get(t, 0.0) for t in sorted(set(tags))))  # one order: the same sum every run


@dataclass(frozen=True)
class Ties:
    downstream: tuple[tuple[str, int], ...] = ()  # (link name, local enterprises) the link feeds
    other_links: tuple[str, ...] = ()              # other links of the firm next to local ones
    branch: str | None = None                      # a branch already in the region
    project: str | None = None                     # a live project of another chain in the region


def ties_part(ties: Ties) -> float:
    return min(1.0, TIES_DOWNSTREAM * bool(ties.downstream) + TIES_OTHER_LINK * bool(ties.other_links)
               + TIES_BRANCH * bool(ties.branch) + TIES_PROJECT * bool(ties.project))


def expansion_part(signs: Iterable[Sequence[str]] | None) -> float:
    """Recorded signs of expansion, [[kind, text], …]: a new project or capacity 0.7, financing 0.3 (at most 1)."""
    kinds = {kind for kind, _ in signs or ()}
    return min(1.0, sum(EXPANSION_KINDS[k][1] for k in kinds if k in EXPANSION_KINDS))


def fit_part(confidence: float, role: str | None) -> float:
    return max(0.0, min(1.0, confidence)) * (TRADE_FIT if role == TRADE else 1.0)


@dataclass(frozen=True)
class Candidate:
    """What the ranking reads of a firm (pool or deployment)."""

    confidence: float
    revenue_fen: int | None = None
    employees: int | None = None
    growth: float | None = None
    standing: float = 0.0
    role: str | None = None  # domain/firm_roles.py: make | trade | None
    expansion: tuple[tuple[str, str], ...] = ()  # recorded signs: (kind, text)


def parts_of(c: Candidate, ties: Ties) -> dict[str, float]:
    return {"fit": fit_part(c.confidence, c.role), "scale": scale_part(c.revenue_fen, c.employees),
            "growth": growth_part(c.growth), "standing": c.standing, "ties": ties_part(ties),
            "expansion": expansion_part(c.expansion)}


def score(parts: Mapping[str, float], weights: Weights) -> tuple[float, dict[str, float]]:
    """The score and each part's contribution (weight × part, the parts beside the fit scaled by the fit)."""
    fit = parts["fit"]
    contributions = {p: round(weights.values.get(p, 0.0) * parts[p] * (1.0 if p == "fit" else fit), 4)
                     for p in PARTS}
    return round(sum(contributions.values()), 4), contributions


Scorer = Callable[[float, int | None, int | None, float | None, float, str | None, float], float]


def scorer(weights: Weights, ties: Ties, discount_trade: bool = True) -> Scorer:
    """`score(parts_of(Candidate(confidence, revenue, employees, growth, standing, role, signs), ties),
    weights)[0]` as one function of a firm's numbers (the expansion part given as its value): the same value
    (the same roundings, summed in the same order) without the intermediate objects — a link's first ranking
    stage scores thousands of firms. `discount_trade` off: the link's own work is trading, the role is not read."""
    fit_w, scale_w, growth_w, standing_w, ties_w, expansion_w = (weights.values.get(p, 0.0) for p in PARTS)
    ties_value = ties_part(ties)

    def value(confidence: float, revenue_fen: int | None, employees: int | None, growth: float | None,
              standing: float, role: str | None, expansion: float) -> float:
        fit = fit_part(confidence, role if discount_trade else None)
        return round(round(fit_w * fit * 1.0, 4) + round(scale_w * scale_part(revenue_fen, employees) * fit, 4)
                     + round(growth_w * growth_part(growth) * fit, 4) + round(standing_w * standing * fit, 4)
                     + round(ties_w * ties_value * fit, 4) + round(expansion_w * expansion * fit, 4), 4)

    return value


# ---- reasons in plain Chinese ----------------------------------------------------------------------------

def matched_product(notes: Iterable[str]) -> tuple[str, str] | None:
    """(the firm's product line, the link's term) from placement evidence such as 产品：湿法隔膜→隔膜."""
    for note in notes:
        label, _, rest = note.partition("：")
        if label in ("产品", "经营范围") and rest:
            product, _, term = rest.partition("→")
            return product, term or product
    return None


def yi_text(fen: int) -> str:
    """Money in 亿元 (≥ 1 亿) or 万元, rounded for a sentence."""
    if fen >= 10**10:
        value = Decimal(fen) / Decimal(10**10)
        return f"{value.quantize(Decimal('1') if value >= 10 else Decimal('0.1')).normalize():f} 亿元"
    return f"{(Decimal(fen) / Decimal(10**6)).quantize(Decimal('1')):f} 万元"


def reasons(link_name: str, notes: Iterable[str], c: Candidate, revenue_year: int | None,
            tags: Iterable[tuple[str, int | None]], ties: Ties) -> list[str]:
    out = []
    found = matched_product(notes)
    if found:
        product, term = found
        source = "主营产品" if not any(n.startswith("经营范围") for n in notes if product in n) else "经营范围"
        out.append(f"{source}‘{product}’与环节‘{link_name}’匹配" + (f"（{term}）" if term not in (product, link_name)
                                                                    else ""))
    else:
        out.append(f"与环节‘{link_name}’文本相近（置信度 {c.confidence:.2f}）")
    trade = role_reason(c.role)
    if trade:
        out.append(trade)
    scale = []
    if c.revenue_fen:
        scale.append(f"{revenue_year or ''}{'年' if revenue_year else ''}营收 {yi_text(c.revenue_fen)}")
    if c.growth is not None:
        scale.append(f"近三年年均{'增长' if c.growth >= 0 else '下降'} {abs(c.growth):.0%}")
    if c.employees:
        scale.append(f"从业人员 {c.employees} 人")
    if scale:
        out.append("，".join(scale))
    titles = [f"{tag_label(t)}（{y}年）" if y else tag_label(t) for t, y in tags if t in STANDING_POINTS]
    if titles:
        out.append("资质：" + "、".join(dict.fromkeys(titles)))
    if ties.downstream:
        out.append("下游本地已有" + "、".join(f"{n} {k} 家企业" for n, k in ties.downstream))
    if ties.other_links:
        out.append("还可配套本地的" + "、".join(ties.other_links))
    if ties.branch:
        out.append(f"在本地已有分支机构“{ties.branch}”")
    if ties.project:
        out.append(f"在本地已有项目“{ties.project}”")
    if c.expansion:
        out.append("扩张迹象：" + "；".join(text for _, text in c.expansion))
    return out
