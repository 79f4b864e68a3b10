"""What-if (招商推演): a chain's gap report before and after adding enterprises to its links.

The same `gaps.analyse` judges both sides; the "after" side sees the local figures plus
the added enterprises. Nothing is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from chainatlas.domain.chain import Chain
from chainatlas.domain.errors import InvalidInput
from chainatlas.domain.gaps import GapPolicy, GapReport, LinkFigures, analyse


@dataclass(frozen=True)
class Addition:
    """One enterprise put on one link: from a pool (key P…), the deployment (E…) or hypothetical (no key)."""

    link_id: str
    name: str
    revenue_fen: int = 0
    key: str | None = None


@dataclass(frozen=True)
class Change:
    link_id: str
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class WhatIf:
    before: GapReport
    after: GapReport
    changed: tuple[Change, ...]
    single_source_removed: tuple[str, ...]  # links that had ≤ single_source local enterprises and no longer do
    revenue_before_fen: int
    revenue_after_fen: int
    additions: tuple[Addition, ...]


def with_additions(figures: dict[str, LinkFigures], additions: tuple[Addition, ...] | list[Addition]
                   ) -> dict[str, LinkFigures]:
    """The link figures as they would be with the additions (one enterprise each, its revenue added)."""
    out = dict(figures)
    for add in additions:
        f = out.get(add.link_id, LinkFigures())
        out[add.link_id] = LinkFigures(f.enterprises + 1, f.revenue_fen + max(add.revenue_fen, 0), f.leaders)
    return out


def what_if(chain: Chain, figures: dict[str, LinkFigures], additions: list[Addition],
            policy: GapPolicy | None = None) -> WhatIf:
    """Before and after: statuses, supporting rates, single-source links removed, the chain's revenue."""
    if not additions:
        raise InvalidInput("请至少加入一家企业（--add 企业:环节 或 --new 名称:环节:营收万元）")
    known = {link.id for link in chain.links}
    for add in additions:
        if add.link_id not in known:
            raise InvalidInput(f"{chain.name}没有环节“{add.link_id}”")
    policy = policy or GapPolicy()
    before = analyse(chain, figures, policy)
    after = analyse(chain, with_additions(figures, additions), policy)
    changed = tuple(Change(b.id, b.name, b.status, a.status)
                    for b, a in zip(before.links, after.links, strict=True) if b.status != a.status)
    single = tuple(b.id for b, a in zip(before.links, after.links, strict=True)
                   if 0 < b.enterprises <= policy.single_source < a.enterprises)
    return WhatIf(before, after, changed, single, sum(g.revenue_fen for g in before.links),
                  sum(g.revenue_fen for g in after.links), tuple(additions))
