"""The one way to say "in this region", "in this park", "placed on this chain (and link)" and "with this tag"
in SQL, for every query that narrows enterprises: search, maps and gaps, the data scope of a viewer,
cultivation lists — and the work lists to come.

Regions are GB/T 2260 codes at any level: a province or city covers the codes of its counties (`code_range`).
A placement counts while it is proposed, confirmed or manual (`ACTIVE_PLACEMENTS`); rejected ones do not.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select

from chainatlas.domain.chain import ACTIVE_PLACEMENTS
from chainatlas.domain.regions import code_range
from chainatlas.store.models import enterprise_tags, enterprises, placements

ACTIVE_SQL = ", ".join(f"'{status}'" for status in ACTIVE_PLACEMENTS)  # for hand-written SQL: status IN (…)


def in_region(region: str, e: Any = enterprises) -> list[ColumnElement[bool]]:
    """Enterprises (table or alias `e`) whose region code lies in a GB/T 2260 area."""
    low, high = code_range(region)
    return [e.c.region_code >= low, e.c.region_code < high]


def region_within(region: str, outer: str) -> bool:
    """Whether one GB/T 2260 code lies in another (a county in its city or province, or the code itself)."""
    low, high = code_range(outer)
    return low <= region < high


def on_chain(chain: str, link: str | None = None, p: Any = placements) -> list[ColumnElement[bool]]:
    """Placements (table or alias `p`) that put an enterprise on a chain (and link) and count."""
    return [p.c.chain_id == chain, *([p.c.link_id == link] if link else []), p.c.status.in_(ACTIVE_PLACEMENTS)]


def placed_on(chain: str, link: str | None = None, e: Any = enterprises) -> ColumnElement[bool]:
    """Enterprises placed on a chain (and link) by a placement that counts."""
    return e.c.id.in_(select(placements.c.enterprise_id).where(*on_chain(chain, link)))


def tagged(tag: str, e: Any = enterprises) -> ColumnElement[bool]:
    return e.c.id.in_(select(enterprise_tags.c.enterprise_id).where(enterprise_tags.c.tag == tag))


def enterprise_filters(*, region: str | None = None, park: str | None = None, chain: str | None = None,
                       link: str | None = None, tag: str | None = None, e: Any = enterprises
                       ) -> list[ColumnElement[bool]]:
    """The conditions for any mix of region, park, chain (and link) and tag; none for what is not given."""
    conditions = [*(in_region(region, e) if region else [])]
    if park:
        conditions.append(e.c.park == park)
    if chain:
        conditions.append(placed_on(chain, link, e))
    if tag:
        conditions.append(tagged(tag, e))
    return conditions
