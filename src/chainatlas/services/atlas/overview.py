"""The overview (总览): every chain's coverage, enterprises, revenue and gap counts; filter choices.

Both read every placement, so at province scale they are kept for a few minutes
(`store.cache`), and dropped with the maps whenever ChainAtlas writes placements or imports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, distinct, func, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.gaps import analyse
from chainatlas.domain.money import wan_text
from chainatlas.services import access
from chainatlas.services.atlas import chains as atlas
from chainatlas.services.atlas.chainmap import CACHE_SECONDS, chain_map
from chainatlas.store.cache import Cache
from chainatlas.store.models import enterprises, meta, placements

_overviews = Cache(64, seconds=CACHE_SECONDS)
_filters = Cache(256, seconds=CACHE_SECONDS)


def _wan(fen: int | None) -> str:
    return wan_text(fen or 0) or "0.00"


def overview(engine: Engine, *, viewer: Viewer) -> dict[str, Any]:
    """Per chain: supporting rate, distinct enterprises, revenue, and covered/weak/missing link counts."""
    return _overviews.get(engine, access.scope_key(viewer),
                          lambda: _build_overview(engine, access.conditions(viewer, needs="placements")))


def _build_overview(engine: Engine, within: list[Any]) -> dict[str, Any]:
    active = and_(placements.c.status.in_(atlas.ACTIVE), *within)
    joined = placements.join(enterprises, enterprises.c.id == placements.c.enterprise_id)
    figures = atlas.chains_link_figures(engine, None, within=within)
    with engine.connect() as conn:
        per_chain = dict(conn.execute(
            select(placements.c.chain_id, func.count(distinct(placements.c.enterprise_id))).select_from(joined)
            .where(active).group_by(placements.c.chain_id)).all())
        registry = conn.execute(select(func.count()).select_from(enterprises)
                                .where(enterprises.c.merged_into_id.is_(None), *within)).scalar_one()
    items = []
    for row in atlas.list_chains(engine):
        chain = atlas.get_chain(engine, row["id"])
        report = analyse(chain, figures.get(chain.id, {}))
        revenue = sum(g.revenue_fen for g in report.links)
        counts = {s: sum(1 for g in report.links if g.status == s) for s in ("covered", "weak", "missing")}
        items.append({"id": chain.id, "name": chain.name, "name_en": chain.name_en, "links": len(chain.links),
                      "enterprises": per_chain.get(chain.id, 0), "revenue_wan_yuan": _wan(revenue),
                      "supporting_rate": report.supporting_rate,
                      "weighted_supporting_rate": report.weighted_supporting_rate,
                      "covered": counts["covered"], "weak": counts["weak"], "missing": counts["missing"]})
    return {"chains": items, "registry_enterprises": registry,
            "totals": {"chains": len(items), "links": sum(i["links"] for i in items),
                       "weak": sum(i["weak"] for i in items), "missing": sum(i["missing"] for i in items)},
            "computed_at": datetime.now().isoformat(timespec="seconds")}


def filter_options(engine: Engine, *, viewer: Viewer) -> dict[str, Any]:
    """The regions (counties and their cities) and parks that occur in what the viewer sees, for filter lists."""
    return _filters.get(engine, access.scope_key(viewer), lambda: _build_filter_options(engine, viewer))


def _build_filter_options(engine: Engine, viewer: Viewer) -> dict[str, Any]:
    within = access.conditions(viewer)
    with engine.connect() as conn:
        codes = [c for (c,) in conn.execute(select(enterprises.c.region_code).distinct()
                                            .where(enterprises.c.region_code.is_not(None), *within)) if c]
        parks = sorted(p for (p,) in conn.execute(select(enterprises.c.park).distinct()
                                                  .where(enterprises.c.park.is_not(None), *within)) if p)
    index = reference.regions()
    cities = sorted({c[:4] + "00" for c in codes if c[:4] + "00" in index.by_code and not c.endswith("00")})
    regions = [{"code": c, "name": index.name_of(c), "level": "city"} for c in cities]
    regions += [{"code": c, "name": index.name_of(c), "level": "county"} for c in sorted(codes)
                if c in index.by_code and c not in cities]
    return {"regions": regions, "parks": parks}


def warm(engine: Engine) -> None:
    """Compute every chain's whole-area map and the overview once (run in the background when a server starts)."""
    operator = Viewer.operator("web")
    for row in atlas.list_chains(engine):
        chain_map(engine, row["id"], viewer=operator)
    overview(engine, viewer=operator)


def demo_note(engine: Engine) -> str | None:
    """The demo database's mark (示例数据 …), or None for real data."""
    with engine.connect() as conn:
        return conn.execute(select(meta.c.value).where(meta.c.key == "demo")).scalar()
