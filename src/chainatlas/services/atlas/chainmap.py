"""The chain map (产业链图谱) of one chain: links as nodes with status and figures, supply edges,
and the enterprises of one link.

The figures come from `chains.gaps`, which aggregates over every placement of the
chain; at province scale that costs a second or more, so maps are kept per
(database, chain, region, park, scope) for a few minutes (`store.cache`), and
dropped whenever ChainAtlas itself writes placements or imports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, case, func, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.chain import PLACEMENT_STATUS_LABELS, ROLE_LABELS, STAGE_LABELS, STAGES
from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.domain.gaps import STATUS_LABELS, GapReport
from chainatlas.domain.money import wan_text
from chainatlas.services import access
from chainatlas.services.atlas import chains as atlas
from chainatlas.store import filters
from chainatlas.store.cache import Cache
from chainatlas.store.models import enterprises, placements

CACHE_SECONDS = 300.0
_ROLE_ORDER = {"leader": 0, "key": 1, "supporting": 2}
_maps = Cache(512, seconds=CACHE_SECONDS)
_reports = Cache(512, seconds=CACHE_SECONDS)


def _wan(fen: int | None) -> str:
    return wan_text(fen or 0) or "0.00"


def chain_map(engine: Engine, chain_id: str, region: str | None = None, park: str | None = None, *,
              viewer: Viewer) -> dict[str, Any]:
    """Nodes (links with status, enterprise count, revenue, leaders, column and row) and supply edges."""
    key = (chain_id, region or "", park or "", access.scope_key(viewer))
    return _maps.get(engine, key, lambda: _build_map(engine, chain_id, region, park, viewer))


def kept_gaps(engine: Engine, chain_id: str, region: str | None = None, park: str | None = None, *,
              viewer: Viewer) -> GapReport:
    """`gaps` for the chain and scope, kept as the map is: the map, the 招商图谱 and a what-if on the map page read
    the same figures, so a what-if after the map costs no second aggregation."""
    key = (chain_id, region or "", park or "", access.scope_key(viewer))
    return _reports.get(engine, key, lambda: atlas.gaps(engine, chain_id, region, park, viewer=viewer))


def _build_map(engine: Engine, chain_id: str, region: str | None, park: str | None,
               viewer: Viewer) -> dict[str, Any]:
    chain = atlas.get_chain(engine, chain_id)
    report = kept_gaps(engine, chain_id, region, park, viewer=viewer)
    rows: dict[str, int] = {}
    nodes = []
    for gap in report.links:
        row = rows.get(gap.stage, 0)
        rows[gap.stage] = row + 1
        nodes.append({"id": gap.id, "name": gap.name, "stage": gap.stage, "stage_label": STAGE_LABELS[gap.stage],
                      "column": STAGES.index(gap.stage), "row": row, "importance": gap.importance,
                      "status": gap.status, "status_label": STATUS_LABELS[gap.status],
                      "enterprises": gap.enterprises, "revenue_wan_yuan": _wan(gap.revenue_fen),
                      "leaders": list(gap.leaders[:5]), "reasons": list(gap.reasons)})
    counts = {s: sum(1 for n in nodes if n["status"] == s) for s in STATUS_LABELS}
    return {"chain": chain.id, "chain_name": chain.name, "chain_name_en": chain.name_en,
            "region": region, "region_name": reference.regions().name_of(region) if region else None,
            "park": park, "nodes": nodes, "edges": [{"from": a, "to": b} for a, b in chain.edges],
            "counts": counts, "supporting_rate": report.supporting_rate,
            "weighted_supporting_rate": report.weighted_supporting_rate,
            "computed_at": datetime.now().isoformat(timespec="seconds")}


def link_enterprises(engine: Engine, chain_id: str, link_id: str, region: str | None = None,
                     park: str | None = None, limit: int = 20, offset: int = 0, *, viewer: Viewer
                     ) -> dict[str, Any]:
    """The local enterprises of one link: leaders first, then by revenue; one page and the total."""
    chain = atlas.get_chain(engine, chain_id)
    try:
        link = chain.link(link_id)
    except InvalidInput as exc:
        raise NotFound(str(exc)) from None
    items, total = _placed(engine, chain_id, link.id, region, park, limit, offset, viewer)
    return {"chain": chain_id, "link": link.id, "link_name": link.name, "stage": link.stage,
            "items": items, "total": total, "limit": limit, "offset": offset}


def chain_enterprises(engine: Engine, chain_id: str, region: str | None = None, park: str | None = None, *,
                      viewer: Viewer, link_id: str | None = None, limit: int = 100_000) -> list[dict[str, Any]]:
    """Every local enterprise on every link of a chain (or on one link), link by link in the chain's order,
    leaders first, then by revenue (for the exports)."""
    chain = atlas.get_chain(engine, chain_id)
    if link_id is not None:
        try:
            link_id = chain.link(link_id).id
        except InvalidInput as exc:
            raise NotFound(str(exc)) from None
    items, _ = _placed(engine, chain_id, link_id, region, park, limit, 0, viewer, count=False)
    order = {link.id: i for i, link in enumerate(chain.links)}
    links = {link.id: link for link in chain.links}
    items = [item for item in items if item["link"] in links]
    items.sort(key=lambda item: order[item["link"]])  # stable: leaders, then revenue, within each link
    for item in items:
        link = links[item["link"]]
        item.update(link_name=link.name, stage=link.stage, stage_label=STAGE_LABELS[link.stage],
                    status_label=PLACEMENT_STATUS_LABELS.get(item["status"], item["status"]))
    return items


def _placed(engine: Engine, chain_id: str, link_id: str | None, region: str | None, park: str | None,
            limit: int, offset: int, viewer: Viewer, count: bool = True) -> tuple[list[dict[str, Any]], int]:
    """Placed enterprises of a chain (or one link) in scope, leaders first then by revenue, and their total."""
    where = [*filters.on_chain(chain_id, link_id), *atlas.scope_conditions(region, park),
             *access.conditions(viewer, needs="placements")]
    joined = placements.join(enterprises, enterprises.c.id == placements.c.enterprise_id)
    role_rank = case(_ROLE_ORDER, value=placements.c.role, else_=len(_ROLE_ORDER))
    query = (select(enterprises.c.id, enterprises.c.name, enterprises.c.uscc, enterprises.c.region_code,
                    enterprises.c.park, enterprises.c.revenue_fen, placements.c.id.label("placement_id"),
                    placements.c.link_id, placements.c.role, placements.c.status, placements.c.confidence)
             .select_from(joined).where(*where)
             .order_by(role_rank, enterprises.c.revenue_fen.desc(), enterprises.c.id).limit(limit).offset(offset))
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(*where)).scalar_one() if count else 0
        rows = conn.execute(query).all()
    regions = reference.regions()
    items = [{"id": r.id, "name": r.name, "uscc": r.uscc, "region_code": r.region_code,
              "region": regions.name_of(r.region_code) if r.region_code else None, "park": r.park,
              "revenue_wan_yuan": _wan(r.revenue_fen) if r.revenue_fen is not None else None,
              "placement_id": r.placement_id, "link": r.link_id, "role": r.role,
              "role_label": ROLE_LABELS.get(r.role) if r.role else None, "status": r.status,
              "confidence": r.confidence} for r in rows]
    return access.redact_records(engine, viewer, items), total
