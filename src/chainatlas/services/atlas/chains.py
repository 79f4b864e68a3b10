"""Chain atlas: load chain templates, read chains, and analyse their gaps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Float, and_, cast, delete, func, select

from chainatlas import reference
from chainatlas.domain.access import Viewer
from chainatlas.domain.chain import ACTIVE_PLACEMENTS, STAGE_LABELS, Chain, Link
from chainatlas.domain.errors import InvalidInput, NotFound
from chainatlas.domain.gaps import GapPolicy, GapReport, LinkFigures, analyse
from chainatlas.domain.money import wan_text
from chainatlas.services import access
from chainatlas.store import filters, rollup, search_index
from chainatlas.store.models import chains, enterprises, link_edges, links, placements

ACTIVE = ACTIVE_PLACEMENTS


def save_chain(engine: Engine, chain: Chain, source: str) -> None:
    """Insert or replace one chain with its links and edges (placements on kept links survive)."""
    with engine.begin() as conn:
        old_links = {r.id for r in conn.execute(select(links.c.id).where(links.c.chain_id == chain.id))}
        new_links = {link.id for link in chain.links}
        conn.execute(delete(link_edges).where(link_edges.c.chain_id == chain.id))
        if old_links - new_links:
            dropped = and_(placements.c.chain_id == chain.id, placements.c.link_id.in_(old_links - new_links))
            moved = [i for (i,) in conn.execute(select(placements.c.enterprise_id).where(dropped).distinct())]
            conn.execute(delete(placements).where(dropped))
            search_index.refresh_chains(conn, moved)
            rollup.mark(conn, moved)
            conn.execute(delete(links).where(and_(links.c.chain_id == chain.id,
                                                  links.c.id.in_(old_links - new_links))))
        values = {"name": chain.name, "name_en": chain.name_en, "version": chain.version,
                  "description": chain.description, "source": source, "loaded_at": datetime.now()}
        if conn.execute(select(chains.c.id).where(chains.c.id == chain.id)).first():
            conn.execute(chains.update().where(chains.c.id == chain.id).values(**values))
        else:
            conn.execute(chains.insert().values(id=chain.id, **values))
        for position, link in enumerate(chain.links):
            row = {"name": link.name, "stage": link.stage, "importance": link.importance, "position": position,
                   "keywords": list(link.keywords), "products": list(link.products),
                   "industry_codes": list(link.industry_codes), "description": link.description,
                   "terms": list(link.terms), "not_terms": list(link.not_terms)}
            if link.id in old_links:
                conn.execute(links.update().where(and_(links.c.chain_id == chain.id, links.c.id == link.id))
                             .values(**row))
            else:
                conn.execute(links.insert().values(chain_id=chain.id, id=link.id, **row))
        if chain.edges:
            conn.execute(link_edges.insert(), [{"chain_id": chain.id, "from_link": a, "to_link": b}
                                               for a, b in chain.edges])


def load_builtin_chains(engine: Engine) -> list[str]:
    """Load (or refresh) every chain template shipped with the package."""
    loaded = []
    for path in reference.builtin_chain_files():
        chain = reference.read_chain_file(path)
        save_chain(engine, chain, f"builtin:{path.name}")
        loaded.append(chain.id)
    return loaded


def load_chain_file(engine: Engine, path: Path) -> Chain:
    """Validate and load a user's own chain template."""
    chain = reference.read_chain_file(path)
    save_chain(engine, chain, str(path))
    return chain


def get_chain(engine: Engine, chain_id: str) -> Chain:
    with engine.connect() as conn:
        row = conn.execute(select(chains).where(chains.c.id == chain_id)).first()
        if row is None:
            known = "、".join(r.id for r in conn.execute(select(chains.c.id).order_by(chains.c.id)))
            raise NotFound(f"产业链 {chain_id} 不存在。已有：{known or '无（请先运行 chainatlas init）'}")
        link_rows = conn.execute(select(links).where(links.c.chain_id == chain_id).order_by(links.c.position))
        chain_links = tuple(Link(r.id, r.name, r.stage, r.importance, tuple(r.keywords), tuple(r.products),
                                 tuple(r.industry_codes), r.description or "", tuple(r.terms or ()),
                                 tuple(r.not_terms or ())) for r in link_rows)
        edges = tuple((r.from_link, r.to_link) for r in conn.execute(
            select(link_edges).where(link_edges.c.chain_id == chain_id)))
    return Chain(row.id, row.name, chain_links, edges, name_en=row.name_en or "", version=row.version,
                 description=row.description or "")


def list_chains(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        counts = dict(conn.execute(select(links.c.chain_id, func.count()).group_by(links.c.chain_id)).all())
        return [{"id": r.id, "name": r.name, "name_en": r.name_en, "version": r.version,
                 "links": counts.get(r.id, 0), "source": r.source}
                for r in conn.execute(select(chains).order_by(chains.c.id))]


def chain_as_dict(chain: Chain) -> dict[str, Any]:
    return {"id": chain.id, "name": chain.name, "name_en": chain.name_en, "version": chain.version,
            "description": chain.description,
            "links": [{"id": link.id, "name": link.name, "stage": link.stage, "stage_label": STAGE_LABELS[link.stage],
                       "importance": link.importance, "keywords": list(link.keywords),
                       "products": list(link.products), "industry_codes": list(link.industry_codes),
                       "description": link.description, "terms": list(link.terms),
                       "not_terms": list(link.not_terms)}
                      for link in chain.links],
            "edges": [{"from": a, "to": b} for a, b in chain.edges]}


def scope_conditions(region: str | None, park: str | None) -> list[Any]:
    """SQL conditions on enterprises for a GB/T 2260 area (province, city or county) and a park."""
    conditions = []
    if region:
        if region not in reference.regions().by_code:
            raise NotFound(f"行政区划代码 {region} 不存在（GB/T 2260）")
    return [*conditions, *filters.enterprise_filters(region=region, park=park)]


def link_figures(engine: Engine, chain_id: str, region: str | None = None, park: str | None = None,
                 within: Sequence[Any] = ()) -> dict[str, LinkFigures]:
    """Per link: local enterprise count, revenue (latest year) and leaders; `within` narrows the enterprises."""
    return chains_link_figures(engine, [chain_id], region, park, within).get(chain_id, {})


def chains_link_figures(engine: Engine, chain_ids: Sequence[str] | None, region: str | None = None,
                        park: str | None = None, within: Sequence[Any] = (), *,
                        with_leaders: bool = True) -> dict[str, dict[str, LinkFigures]]:
    """`link_figures` of several chains (every chain when None) in one pass over the area's placements: a city's
    ten chains cost one read of its enterprises, not ten reads of each chain's placements. Without leaders, one
    read less (the risk scan does not name them)."""
    scope = [*scope_conditions(region, park), *within]
    # In a city or county, start from the area's enterprises (its region index), not from the chain's placements
    # across the province: the chain column is compared as an expression, which no index serves.
    def counted(chain: Any) -> list[Any]:
        return [placements.c.status.in_(ACTIVE_PLACEMENTS), *([chain.in_(list(chain_ids))] if chain_ids is not None else [])]

    on = counted(placements.c.chain_id + "" if region and not region.endswith("0000") else placements.c.chain_id)
    joined = placements.join(enterprises, enterprises.c.id == placements.c.enterprise_id)
    revenue = func.coalesce(enterprises.c.revenue_fen, 0)
    square = cast(revenue, Float) * cast(revenue, Float)  # squares of fen overflow 64 bits: a float, for a ratio
    with engine.connect() as conn:
        rows = conn.execute(select(placements.c.chain_id, placements.c.link_id, func.count(), func.sum(revenue),
                                   func.max(revenue), func.sum(square)).select_from(joined).where(*on, *scope)
                            .group_by(placements.c.chain_id, placements.c.link_id)).all()
        leaders: dict[tuple[str, str], list[str]] = {}
        # the few leaders are found from the chain's placements index (it holds the role), then checked for the area
        for chain_id, link_id, name in [] if not with_leaders else conn.execute(
                select(placements.c.chain_id, placements.c.link_id, enterprises.c.name).select_from(joined)
                .where(*counted(placements.c.chain_id), *scope, placements.c.role == "leader")
                .order_by(placements.c.chain_id, placements.c.link_id, enterprises.c.revenue_fen.desc().nulls_last())):
            leaders.setdefault((chain_id, link_id), []).append(name)
    out: dict[str, dict[str, LinkFigures]] = {}
    for chain_id, link_id, count, total, largest, squares in rows:
        out.setdefault(chain_id, {})[link_id] = LinkFigures(
            count, int(total or 0), tuple(leaders.get((chain_id, link_id), ())), int(largest or 0), float(squares or 0))
    return out


def gaps(engine: Engine, chain_id: str, region: str | None = None, park: str | None = None,
         policy: GapPolicy | None = None, *, viewer: Viewer) -> GapReport:
    """The gap report of one chain, for a region (GB/T 2260 code) and/or park, over what the viewer may see."""
    chain = get_chain(engine, chain_id)
    return analyse(chain, link_figures(engine, chain_id, region, park, access.conditions(viewer, needs="placements")), policy)


def chains_gaps(engine: Engine, chain_ids: Sequence[str] | None, region: str | None = None, *, viewer: Viewer,
                with_leaders: bool = True) -> dict[str, tuple[GapReport, dict[str, LinkFigures]]]:
    """The gap reports of several chains (every chain when None) from one read of the area's placements, each with
    the link figures it was made from (the risk scan reads how concentrated a link's supply is from them)."""
    figures = chains_link_figures(engine, chain_ids, region, None, access.conditions(viewer, needs="placements"),
                                  with_leaders=with_leaders)
    wanted = list(chain_ids) if chain_ids is not None else [row["id"] for row in list_chains(engine)]
    return {c: (analyse(get_chain(engine, c), figures.get(c, {})), figures.get(c, {})) for c in wanted}


def gap_report_as_dict(report: GapReport, region: str | None = None) -> dict[str, Any]:
    return {
        "chain": report.chain_id, "chain_name": report.chain_name, "region": region,
        "region_name": reference.regions().name_of(region) if region else None,
        "supporting_rate": report.supporting_rate, "weighted_supporting_rate": report.weighted_supporting_rate,
        "covered_rate": report.covered_rate,
        "counts": {s: sum(1 for g in report.links if g.status == s) for s in ("covered", "weak", "missing")},
        "links": [{"id": g.id, "name": g.name, "stage": g.stage, "stage_label": STAGE_LABELS[g.stage],
                   "importance": g.importance, "enterprises": g.enterprises, "leaders": list(g.leaders),
                   "revenue_wan_yuan": wan_text(g.revenue_fen),
                   "status": g.status, "reasons": list(g.reasons)} for g in report.links],
        "extend": [{"link": e.link_id, "name": e.name, "status": e.status, "score": e.score, "reason": e.reason}
                   for e in report.extend],
        "policy": {"single_source": report.policy.single_source,
                   "count_share_of_median": report.policy.count_share_of_median,
                   "revenue_share_of_median": report.policy.revenue_share_of_median},
    }


def resolve_chain_id(engine: Engine, key: str) -> str:
    """A chain's id from what a user types: its id, its name, or a part of its name that names one chain
    (锂电池 → lithium-battery, 北斗 → beidou); otherwise a clear error listing the chains."""
    text = key.strip()
    chains = list_chains(engine)
    for row in chains:
        if text in (row["id"], row["name"]):
            return str(row["id"])
    found = [row for row in chains if text and (text in row["name"] or text.lower() in row["id"])]
    if len(found) == 1:
        return str(found[0]["id"])
    listed = "、".join(f"{row['name']}（{row['id']}）" for row in (found or chains))
    if found:
        raise InvalidInput(f"“{text}”对应多条产业链：{listed}；请写全名或编号")
    raise NotFound(f"产业链“{text}”不存在；现有：{listed}")


def resolve_link_id(engine: Engine, chain_id: str, key: str) -> str:
    """A link's id within a chain from its id, its name or a part of its name that names one link (隔膜)."""
    return link_id_in(get_chain(engine, chain_id), key)


def link_id_in(chain: Chain, key: str) -> str:
    """`resolve_link_id` for a chain already read (a what-if resolves each addition's link)."""
    text = key.strip()
    for link in chain.links:
        if text in (link.id, link.name):
            return link.id
    found = [link for link in chain.links if text and text in link.name]
    if len(found) == 1:
        return found[0].id
    listed = "、".join(f"{link.name}（{link.id}）" for link in (found or chain.links))
    if found:
        raise InvalidInput(f"“{text}”对应{chain.name}的多个环节：{listed}；请写全名或编号")
    raise NotFound(f"{chain.name}没有环节“{text}”；环节有：{listed}")
