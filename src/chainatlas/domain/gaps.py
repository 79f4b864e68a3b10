"""Gap analysis (补链、强链、延链): which links are missing, weak or covered locally."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from chainatlas.domain.chain import Chain

STATUS_LABELS = {"covered": "已覆盖", "weak": "弱链", "missing": "缺链"}  # a link's status on the map


@dataclass(frozen=True)
class GapPolicy:
    """When a link counts as weak; shown with every report so users know the rule."""

    single_source: int = 1  # this many enterprises or fewer → single-source risk
    count_share_of_median: float = 0.25  # fewer than 25% of the median link's enterprises
    revenue_share_of_median: float = 0.10  # under 10% of the median link's revenue


@dataclass(frozen=True)
class LinkFigures:
    enterprises: int = 0
    revenue_fen: int = 0
    leaders: tuple[str, ...] = ()
    largest_fen: int = 0            # the largest enterprise's revenue: how concentrated the link's supply is
    revenue_squares: float = 0.0    # the sum of squared revenues (for an HHI, a ratio; never shown as money)


@dataclass(frozen=True)
class LinkGap:
    id: str
    name: str
    stage: str
    importance: int
    enterprises: int
    revenue_fen: int
    leaders: tuple[str, ...]
    status: str  # covered | weak | missing
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Extension:
    link_id: str
    name: str
    status: str
    score: float
    reason: str


@dataclass(frozen=True)
class GapReport:
    chain_id: str
    chain_name: str
    links: tuple[LinkGap, ...]
    supporting_rate: float
    weighted_supporting_rate: float
    covered_rate: float
    extend: tuple[Extension, ...]
    policy: GapPolicy = field(default_factory=GapPolicy)


def _status(f: LinkFigures, median_count: float, median_revenue: float, p: GapPolicy) -> tuple[str, tuple[str, ...]]:
    if f.enterprises == 0:
        return "missing", ("本地无企业（缺链）",)
    reasons = []
    if f.enterprises <= p.single_source:
        reasons.append(f"仅 {f.enterprises} 家本地企业（单一来源风险）")
    if median_count and f.enterprises < p.count_share_of_median * median_count:
        reasons.append(f"企业数 {f.enterprises} 低于全链中位数 {median_count:g} 的 {p.count_share_of_median:.0%}")
    if median_revenue and f.revenue_fen < p.revenue_share_of_median * median_revenue:
        reasons.append(f"营业收入低于全链中位数的 {p.revenue_share_of_median:.0%}")
    return ("weak", tuple(reasons)) if reasons else ("covered", ())


def analyse(chain: Chain, figures: dict[str, LinkFigures], policy: GapPolicy | None = None) -> GapReport:
    """Status of every link, the local supporting rate and the links worth extending."""
    policy = policy or GapPolicy()
    present = [figures[link.id] for link in chain.links if link.id in figures and figures[link.id].enterprises]
    median_count = median([f.enterprises for f in present]) if present else 0.0
    median_revenue = median([f.revenue_fen for f in present]) if present else 0.0
    gaps = []
    for link in chain.links:
        f = figures.get(link.id, LinkFigures())
        status, reasons = _status(f, median_count, median_revenue, policy)
        gaps.append(LinkGap(link.id, link.name, link.stage, link.importance, f.enterprises, f.revenue_fen,
                            f.leaders, status, reasons))
    total_weight = sum(link.importance for link in chain.links) or 1
    local = [g for g in gaps if g.status != "missing"]
    return GapReport(
        chain.id, chain.name, tuple(gaps),
        supporting_rate=round(len(local) / len(gaps), 4) if gaps else 0.0,
        weighted_supporting_rate=round(sum(g.importance for g in local) / total_weight, 4),
        covered_rate=round(sum(1 for g in gaps if g.status == "covered") / len(gaps), 4) if gaps else 0.0,
        extend=tuple(_extensions(chain, {g.id: g for g in gaps})), policy=policy)


def _extensions(chain: Chain, gaps: dict[str, LinkGap]) -> list[Extension]:
    """Missing or weak links next to a locally strong link: the chain can grow into them (延链)."""
    out = []
    for link in chain.links:
        gap = gaps[link.id]
        if gap.status == "covered":
            continue
        suppliers = [gaps[a] for a, b in chain.edges if b == link.id and gaps[a].status == "covered"]
        customers = [gaps[b] for a, b in chain.edges if a == link.id and gaps[b].status == "covered"]
        if not suppliers and not customers:
            continue
        parts = []
        if suppliers:
            parts.append("上游已有" + "、".join(f"{g.name}({g.enterprises}家)" for g in suppliers))
        if customers:
            parts.append("下游已有" + "、".join(f"{g.name}({g.enterprises}家)" for g in customers))
        weight = 2.0 if gap.status == "missing" else 1.0
        score = round(link.importance * weight * (len(suppliers) + len(customers)), 2)
        verb = "补链" if gap.status == "missing" else "强链"
        out.append(Extension(link.id, link.name, gap.status, score, f"{verb}：{'；'.join(parts)}，可就近配套"))
    return sorted(out, key=lambda e: -e.score)
